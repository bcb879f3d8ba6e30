import {
  type ZIM,
  ZIMConversationType,
  ZIMMediaFileType,
  type ZIMMessage,
  ZIMMessageSentStatus,
  ZIMMessageType,
} from '@parley/sdk';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { defined, eventually, loggedIn, membershipApplied, settled, uniqueUser } from './harness';

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES = [1, 5 * MiB - 1, 5 * MiB, 5 * MiB + 1, 37 * MiB];
const CHUNKS = [64 * KiB, MiB, 8 * MiB];

async function fileSha(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('media messages through the SDK', () => {
  jest.setTimeout(600_000);
  const clients: ZIM[] = [];
  let dir = '';
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'parley-media-'))));
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers files of every size, uploaded in chunks of every size, byte-identical to the recipient', async () => {
    const recipientID = uniqueUser('files-to');
    const [sender, recipient] = await Promise.all([
      loggedIn(uniqueUser('files-from')),
      loggedIn(recipientID),
    ]);
    clients.push(sender, recipient);
    const received = new Map<string, ZIMMessage>();
    recipient.on('receivePeerMessage', (_z, { messageList }) =>
      messageList.forEach((m) => received.set(m.fileName ?? '', m)),
    );

    for (const size of SIZES) {
      for (const chunk of CHUNKS) {
        const name = `f-${size}-${chunk}.bin`;
        const path = join(dir, name);
        await writeFile(path, randomBytes(size)); // fresh bytes each time, so no upload is skipped as a duplicate
        const progress: [number, number][] = [];
        const { message } = await sender.sendMediaMessage(
          { type: ZIMMessageType.File, fileLocalPath: path },
          recipientID,
          ZIMConversationType.Peer,
          { uploadChunkSize: chunk },
          { onMediaUploadingProgress: (_m, current, total) => progress.push([current, total]) },
        );
        const what = `${size} bytes in ${chunk}-byte chunks`;
        expect({ what, status: message.sentStatus, size: message.fileSize }).toEqual({
          what,
          status: ZIMMessageSentStatus.Success,
          size,
        });
        // Progress only grows and reaches the total exactly once, at the end.
        const currents = progress.map(([current]) => current);
        expect({ what, increasing: currents.every((c, i) => i === 0 || c > (currents[i - 1] ?? 0)) }).toEqual(
          {
            what,
            increasing: true,
          },
        );
        expect({ what, totals: currents.filter((c) => c === size).length, last: currents.at(-1) }).toEqual({
          what,
          totals: 1,
          last: size,
        });

        await eventually(`the recipient to receive ${name}`, () => received.has(name), 30_000);
        const copy = join(dir, `copy-${name}`);
        await recipient.downloadMediaFile(defined(received.get(name), name), copy);
        expect({ what, sha256: await fileSha(copy) }).toEqual({ what, sha256: await fileSha(path) });
        await rm(copy);
        await rm(path);
      }
    }
  });

  it('passes a developer-hosted file URL through as is, without an upload', async () => {
    const toID = uniqueUser('hosted-to');
    const [sender, recipient] = await Promise.all([loggedIn(uniqueUser('hosted-from')), loggedIn(toID)]);
    clients.push(sender, recipient);
    const got: ZIMMessage[] = [];
    recipient.on('receivePeerMessage', (_z, { messageList }) => got.push(...messageList));
    const url = 'https://cdn.example.com/files/manual.pdf?v=3';
    const { message } = await sender.sendMediaMessage(
      { type: ZIMMessageType.File, fileDownloadUrl: url, fileName: 'manual.pdf', fileSize: 12345 },
      toID,
      ZIMConversationType.Peer,
      {},
    );
    expect(message).toMatchObject({
      fileDownloadUrl: url,
      fileUID: '',
      fileName: 'manual.pdf',
      fileSize: 12345,
    });
    await eventually('the recipient to get the hosted file', () => got.length === 1, 15_000);
    expect(await recipient.queryMediaDownloadUrl(defined(got[0], 'the message'))).toEqual({
      url,
      expiresAt: 0,
    });
    await expect(
      sender.sendMediaMessage(
        { type: ZIMMessageType.File, fileDownloadUrl: 'ftp://example.com/x' },
        toID,
        ZIMConversationType.Peer,
        {},
      ),
    ).rejects.toMatchObject({ code: 6000001 });
  });

  it('sends an image to a group: every member downloads it, then its thumbnail and large image once processed', async () => {
    const groupID = uniqueUser('pics');
    const ids = [uniqueUser('p0'), uniqueUser('p1'), uniqueUser('p2')];
    const members = await Promise.all(ids.map((id) => loggedIn(id)));
    clients.push(...members);
    const [owner, ...others] = members as [ZIM, ZIM, ZIM];
    await owner.createGroup({ groupID, groupName: 'pictures' }, ids.slice(1));
    await membershipApplied(owner, groupID, ZIMConversationType.Group);
    const got = others.map(() => [] as ZIMMessage[]);
    others.forEach((m, i) =>
      m.on('receiveGroupMessage', (_z, { messageList }) => got[i]?.push(...messageList)),
    );

    const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#3a7bd5' } })
      .png()
      .toBuffer();
    const path = join(dir, 'photo.png');
    await writeFile(path, png);
    const { message } = await owner.sendMediaMessage(
      { type: ZIMMessageType.Image, fileLocalPath: path },
      groupID,
      ZIMConversationType.Group,
      {},
    );
    expect(message.type).toBe(ZIMMessageType.Image);
    for (const [i, member] of others.entries()) {
      await eventually(`member ${i} to receive the image`, () => (got[i]?.length ?? 0) === 1, 15_000);
      const image = defined(got[i]?.[0], 'the image');
      expect(image.fileName).toBe('photo.png');
      const copy = join(dir, `photo-${i}.png`);
      await member.downloadMediaFile(image, copy);
      expect(await fileSha(copy)).toBe(await fileSha(path));
    }

    // Made after upload (MediaUploaded → MediaProcessed): history shows them, and they download as JPEGs.
    const member = others[0];
    let processed: ZIMMessage | undefined;
    await settled(async () => {
      const { messageList } = await member.queryHistoryMessage(groupID, ZIMConversationType.Group, {
        count: 1,
      });
      processed = messageList[0];
      expect(processed).toMatchObject({
        thumbnailReady: true,
        largeImageReady: true,
        originalImageWidth: 1600,
      });
    });
    for (const [fileType, longest] of [
      [ZIMMediaFileType.Thumbnail, 240],
      [ZIMMediaFileType.LargeImage, 1200],
    ] as const) {
      const target = join(dir, `derived-${fileType}.jpg`);
      await member.downloadMediaFile(defined(processed, 'the processed image'), target, undefined, fileType);
      const meta = await sharp(target).metadata();
      expect({ fileType, format: meta.format, width: meta.width, height: meta.height }).toEqual({
        fileType,
        format: 'jpeg',
        width: longest,
        height: Math.round((longest * 900) / 1600),
      });
    }
  });
});
