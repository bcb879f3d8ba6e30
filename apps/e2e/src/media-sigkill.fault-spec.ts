import { randomBytes } from 'node:crypto';
import { defined, rawLogin, uniqueUser } from './harness';
import { fetchSha, mediaAs, sendFile, sha256, uploadRange } from './media-harness';
import { ServiceProcess } from './service-process';

const MiB = 1024 * 1024;

describe.each(['SIGKILL', 'SIGTERM'] as const)('media stopped with %s at 60 %% of an upload', (signal) => {
  jest.setTimeout(180_000);
  const media = new ServiceProcess('media');
  const closers: (() => void)[] = [];
  // This suite owns session too (npm test stops the stack's own before the fault tests).
  const session = new ServiceProcess('session');
  beforeAll(async () => {
    await session.start();
    await media.start();
  });
  afterAll(async () => {
    closers.forEach((close) => close());
    await media.stop();
    await session.stop();
  });

  it('resumes from the committed offset without re-sending a byte, and the recipient downloads the same file', async () => {
    const [senderID, recipientID] = [uniqueUser('up'), uniqueUser('down')];
    const [sender, recipient] = await Promise.all([rawLogin(senderID), rawLogin(recipientID)]);
    closers.push(sender.close, recipient.close);
    const data = randomBytes(37 * MiB);
    const before = mediaAs(sender.metadata);
    closers.push(before.close);
    const { uploadId } = await before.start('big.bin', data.length);
    const acknowledged = await uploadRange(before, uploadId, data, MiB, 0, Math.ceil(data.length * 0.6));

    if (signal === 'SIGKILL') await media.kill();
    else expect(await media.stop()).toBe(0);
    await media.start();

    // Everything acknowledged before the kill survived it; the client carries on from there.
    const after = mediaAs(sender.metadata);
    closers.push(after.close);
    const status = await after.status(uploadId);
    expect(status.committedOffset).toBe(acknowledged);
    await uploadRange(after, uploadId, data, MiB, status.committedOffset);
    const file = await after.complete(uploadId);
    expect(file.sha256).toBe(sha256(data));
    expect((await after.status(uploadId)).resentBytes).toBe(0);

    await sendFile(sender, recipientID, file);
    const { url } = await mediaAs(recipient.metadata).url(file.fileUid);
    expect(defined(await fetchSha(url), 'the download')).toEqual({ status: 200, sha256: sha256(data) });
  });
});
