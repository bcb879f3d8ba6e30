import { MessageType } from '@parley/contracts';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ZIMConversationType, ZIMMessageType } from './enums';
import type { ZIMMessage } from './types';
import { KiB, dir, expectStrictlyIncreasing, setup } from './media.testing';

describe('Media.sendMediaMessage with a developer-hosted file', () => {
  it('uploads nothing and sends the URL without a ticket', async () => {
    const t = setup();
    const result = await t.module.sendMediaMessage(
      { type: ZIMMessageType.Video, fileDownloadUrl: 'https://cdn.test/clips/a%20b.mp4', fileSize: 9000 },
      'room1',
      ZIMConversationType.Room,
      {},
      t.notification,
    );
    expect(t.media.calls).toEqual([]);
    expect(t.progress).toEqual([]);
    expect(t.messaging.calls[0]?.request).toMatchObject({
      fileTicket: '',
      message: {
        type: MessageType.MESSAGE_TYPE_VIDEO,
        media: { fileName: 'a b.mp4', fileSize: 9000, fileDownloadUrl: 'https://cdn.test/clips/a%20b.mp4' },
      },
    });
    expect(result.message).toMatchObject({
      fileUID: '',
      fileDownloadUrl: 'https://cdn.test/clips/a%20b.mp4',
      fileLocalPath: '',
    });
  });
});

describe('Media downloads', () => {
  let server: Server;
  let base: string;
  const served = randomBytes(200 * KiB);

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/expired') {
        res.writeHead(403).end('Request has expired');
        return;
      }
      res.writeHead(200, { 'content-length': served.length });
      // In pieces, so progress is reported more than once.
      for (let i = 0; i < served.length; i += 32 * KiB) res.write(served.subarray(i, i + 32 * KiB));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const hosted = (url: string) => ({ fileUID: '', fileDownloadUrl: url, fileSize: 0 }) as ZIMMessage;

  it('asks the server for an uploaded file URL, and returns a hosted one as is', async () => {
    const t = setup();
    await expect(t.module.queryMediaDownloadUrl({ fileUID: 'f1' } as ZIMMessage)).resolves.toEqual({
      url: 'http://files.test/f1?sig=x',
      expiresAt: 1_700_000_600_000,
    });
    expect(t.media.calls).toEqual([
      { method: 'getDownloadUrl', request: { fileUid: 'f1', fileType: 1 }, authorization: 'Bearer tok' },
    ]);
    await expect(t.module.queryMediaDownloadUrl(hosted('https://cdn.test/a.png'))).resolves.toEqual({
      url: 'https://cdn.test/a.png',
      expiresAt: 0,
    });
    await expect(t.module.queryMediaDownloadUrl({} as ZIMMessage)).rejects.toMatchObject({ code: 6000001 });
    expect(t.media.calls).toHaveLength(1);
  });

  it('streams the file to the given path, reporting progress', async () => {
    const t = setup();
    const target = join(dir, 'downloaded.bin');
    const progress: [number, number][] = [];
    const message = hosted(`${base}/file`);
    const result = await t.module.downloadMediaFile(message, target, (_, current, total) =>
      progress.push([current, total]),
    );
    expect((await readFile(target)).equals(served)).toBe(true);
    expect(result.message).toEqual({ ...message, fileLocalPath: target });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toEqual([served.length, served.length]);
    expectStrictlyIncreasing(progress.map(([current]) => current));
  });

  it('rejects a refused download with 6000218 and leaves no file behind', async () => {
    const t = setup();
    const target = join(dir, 'expired.bin');
    await expect(t.module.downloadMediaFile(hosted(`${base}/expired`), target)).rejects.toMatchObject({
      code: 6000218,
      message: expect.stringContaining('403'),
    });
    expect((await readdir(dir)).filter((f) => f.startsWith('expired'))).toEqual([]);
  });
});
