import { MessageType } from '@parley/contracts';
import { randomBytes } from 'node:crypto';
import { rawLogin, uniqueUser } from './harness';
import { fetchSha, type Media, mediaAs, sendFile, sha256, uploadRange, zimCode } from './media-harness';

const MiB = 1024 * 1024;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('media uploads (raw gRPC through the edge)', () => {
  jest.setTimeout(120_000);
  const closers: (() => void)[] = [];
  afterAll(() => closers.forEach((close) => close()));

  async function user(name: string) {
    const raw = await rawLogin(uniqueUser(name));
    const media = mediaAs(raw.metadata);
    closers.push(raw.close, media.close);
    return { raw, media, id: '' as string };
  }

  it('resumes after a dropped connection from the committed offset, re-sending nothing', async () => {
    const sender = await rawLogin(uniqueUser('drop'));
    closers.push(sender.close);
    const data = randomBytes(12 * MiB + 3);
    const first: Media = mediaAs(sender.metadata);
    const { uploadId } = await first.start('resume.bin', data.length);
    const cut = await uploadRange(first, uploadId, data, MiB, 0, Math.ceil(data.length * 0.6));
    first.close(); // the connection is gone

    const second = mediaAs(sender.metadata);
    closers.push(second.close);
    const { committedOffset } = await second.status(uploadId);
    expect(committedOffset).toBe(cut);
    await uploadRange(second, uploadId, data, MiB, committedOffset);
    const file = await second.complete(uploadId);
    expect(file.sha256).toBe(sha256(data));
    expect((await second.status(uploadId)).resentBytes).toBe(0);
    // Completing again answers with the same file (a retry after a lost answer).
    expect((await second.complete(uploadId)).fileUid).toBe(file.fileUid);
  });

  it('checks the declared sha256 over every committed byte, whether a chunk went straight to S3 or waited in Postgres', async () => {
    const { media } = await user('hash');
    const data = randomBytes(11 * MiB + 5);
    // 1 MiB chunks wait in Postgres until 5 MiB gather; then one chunk of 6 MiB + 5 goes straight to S3.
    const plan = [MiB, MiB, MiB, MiB, MiB, 6 * MiB + 5];
    const upload = async (declared: string) => {
      const { uploadId } = await media.start(
        'hashed.bin',
        data.length,
        MessageType.MESSAGE_TYPE_FILE,
        declared,
      );
      let offset = 0;
      for (const size of plan)
        offset = (await media.chunk(uploadId, offset, data.subarray(offset, offset + size))).committedOffset;
      expect(offset).toBe(data.length);
      return uploadId;
    };
    const wrong = sha256(
      Buffer.concat([data.subarray(0, data.length - 1), Buffer.from([(data.at(-1) ?? 0) ^ 1])]),
    );
    const refusedId = await upload(wrong);
    expect(await media.complete(refusedId).then(() => 0, zimCode)).toBe(6000001);
    // The refused upload is gone: nothing to resume or complete.
    expect(await media.status(refusedId).then(() => 0, zimCode)).toBe(6000001);
    const file = await media.complete(await upload(sha256(data)));
    expect(file.sha256).toBe(sha256(data));
    expect(await fetchSha((await media.url(file.fileUid)).url)).toEqual({
      status: 200,
      sha256: sha256(data),
    });
  });

  it('refuses content that is not the declared type, before storing any of it (6000213)', async () => {
    const { media } = await user('magic');
    const { uploadId } = await media.start('cat.png', 2 * MiB, MessageType.MESSAGE_TYPE_IMAGE);
    const notAnImage = Buffer.from('%PDF-1.7 this is a document, not a picture', 'latin1');
    expect(await media.chunk(uploadId, 0, notAnImage).then(() => 0, zimCode)).toBe(6000213);
    expect((await media.status(uploadId)).committedOffset).toBe(0);
    // The same upload takes a real PNG header.
    expect((await media.chunk(uploadId, 0, Buffer.concat([PNG, randomBytes(100)]))).committedOffset).toBe(
      112,
    );
  });

  it('refuses sizes over the cap at once, and stops an upload longer than declared at the declared size (6000214)', async () => {
    const { media } = await user('size');
    expect(
      await media.start('huge.png', 500 * 1000 * 1000, MessageType.MESSAGE_TYPE_IMAGE).then(() => 0, zimCode),
    ).toBe(6000214);
    const declared = 5 * 1000 * 1000;
    const { uploadId } = await media.start('liar.bin', declared);
    const data = randomBytes(8 * MiB); // more than declared
    let refused = 0;
    let committed = 0;
    while (committed < data.length && !refused) {
      const answer = await media
        .chunk(uploadId, committed, data.subarray(committed, committed + MiB))
        .then((r) => r.committedOffset, zimCode);
      if (answer >= 6000000) refused = answer;
      else committed = answer;
    }
    expect(refused).toBe(6000214);
    expect(committed).toBeLessThanOrEqual(declared);
    expect((await media.status(uploadId)).committedOffset).toBe(committed);
  });

  it('stores the same content once: a second upload with its sha256 completes at once with the same file', async () => {
    const first = await user('same1');
    const second = await user('same2');
    const data = randomBytes(64 * 1024);
    const { uploadId } = await first.media.start(
      'a.bin',
      data.length,
      MessageType.MESSAGE_TYPE_FILE,
      sha256(data),
    );
    await uploadRange(first.media, uploadId, data, MiB);
    const stored = await first.media.complete(uploadId);
    const again = await second.media.start('b.bin', data.length, MessageType.MESSAGE_TYPE_FILE, sha256(data));
    expect(again.uploadId).toBe('');
    expect(again.file?.fileUid).toBe(stored.fileUid);
    // The second uploader may use it: their own ticket, and a download URL.
    expect(again.file?.fileTicket).not.toBe(stored.fileTicket);
    expect(await fetchSha((await second.media.url(stored.fileUid)).url)).toEqual({
      status: 200,
      sha256: sha256(data),
    });
  });

  it('gives download URLs to the recipient of the message and PERMISSION_DENIED (6000285) to anyone else', async () => {
    const sender = await user('owner');
    const recipientID = uniqueUser('peer');
    const recipient = await rawLogin(recipientID);
    const outsider = await user('nosy');
    const recipientMedia = mediaAs(recipient.metadata);
    closers.push(recipient.close, recipientMedia.close);
    const data = randomBytes(3000);
    const { uploadId } = await sender.media.start('private.bin', data.length);
    await uploadRange(sender.media, uploadId, data, MiB);
    const file = await sender.media.complete(uploadId);

    expect(await outsider.media.url(file.fileUid).then(() => 0, zimCode)).toBe(6000285);
    const message = await sendFile(sender.raw, recipientID, file);
    expect(message.media).toMatchObject({ fileUid: file.fileUid, fileName: 'private.bin', fileSize: 3000 });
    expect(await fetchSha((await recipientMedia.url(file.fileUid)).url)).toEqual({
      status: 200,
      sha256: sha256(data),
    });
    expect(await outsider.media.url(file.fileUid).then(() => 0, zimCode)).toBe(6000285);
  });
});
