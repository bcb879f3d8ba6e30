import { status } from '@grpc/grpc-js';
import {
  ConversationType,
  type MediaServiceClient,
  Message,
  MessageSentStatus,
  MessageType,
  type MessagingServiceClient,
  type SendMediaMessageRequest,
  type StartUploadRequest,
  type UploadChunkRequest,
  type UploadedFile,
} from '@parley/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZIMConversationType, ZIMMessageSentStatus, ZIMMessageType } from './enums';
import { fakeClient, grpcError, loggedInAs, type RecordedCall } from './fake-client.testing';
import { Media } from './media';
import type { RetryPolicy } from './rpc';
import type { Sender } from './sending';
import type { ZIMEventHandler, ZIMMessage } from './types';

const KiB = 1024;
const CHUNK = 64 * KiB;
const TOTAL = 4 * CHUNK + 12_345; // five chunks, the last one short
const content = randomBytes(TOTAL);
const sha256 = createHash('sha256').update(content).digest('hex');

let dir: string;
let path: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-sdk-media-'));
  path = join(dir, 'photo.png');
  await writeFile(path, content);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** What the server would do with a chunk call: the fake fails the n-th call (0-based), before or after committing it. */
type ChunkFailure = { call: number; commitFirst: boolean; error: ReturnType<typeof grpcError> };

/**
 * A media server that keeps the committed bytes: a chunk must start at or before the committed
 * offset, and bytes already committed count as resent (as GetUploadStatus.resent_bytes does).
 */
function mediaServer(options: { dedup?: UploadedFile; failures?: ChunkFailure[] } = {}) {
  let stored = Buffer.alloc(0);
  let resent = 0;
  let chunkCalls = 0;
  const file = (): UploadedFile => ({
    fileUid: 'f1',
    fileName: 'photo.png',
    fileSize: stored.length,
    sha256: createHash('sha256').update(stored).digest('hex'),
    messageType: MessageType.MESSAGE_TYPE_IMAGE,
    fileTicket: 'ticket-1',
  });
  const fake = fakeClient<MediaServiceClient>({
    startUpload: (_: StartUploadRequest) =>
      options.dedup
        ? { uploadId: 'u1', committedOffset: 0, file: options.dedup }
        : { uploadId: 'u1', committedOffset: 0, file: undefined },
    uploadChunk: (request: UploadChunkRequest) => {
      const failure = options.failures?.find((f) => f.call === chunkCalls);
      chunkCalls++;
      if (failure && !failure.commitFirst) return failure.error;
      if (request.offset > stored.length) {
        return grpcError(status.INVALID_ARGUMENT, 'offset is not the committed offset', 6000001);
      }
      resent += Math.min(stored.length - request.offset, request.data.length);
      stored = Buffer.concat([stored, request.data.subarray(stored.length - request.offset)]);
      if (failure) return failure.error; // committed, but the answer is lost
      return { committedOffset: stored.length, fileSize: TOTAL };
    },
    getUploadStatus: () => ({
      committedOffset: stored.length,
      fileSize: TOTAL,
      completed: false,
      resentBytes: resent,
    }),
    completeUpload: () => ({ file: file() }),
    abortUpload: {},
    getDownloadUrl: { url: 'http://files.test/f1?sig=x', expiresAt: 1_700_000_600_000 },
  });
  return { ...fake, stored: () => stored, resent: () => resent };
}

/** Answers SendMediaMessage with the message as stored, media from the request plus a fileUid for uploads. */
function messagingServer(failFirst?: ReturnType<typeof grpcError>) {
  let failed = false;
  return fakeClient<MessagingServiceClient>({
    sendMediaMessage: (request: SendMediaMessageRequest) => {
      if (failFirst && !failed) {
        failed = true;
        return failFirst;
      }
      const media = request.message?.media;
      return {
        message: Message.fromPartial({
          messageId: '42',
          localMessageId: request.localMessageId,
          senderUserId: 'me',
          conversationId: request.toConversationId,
          conversationType: request.conversationType,
          type: request.message?.type,
          sentStatus: MessageSentStatus.MESSAGE_SENT_STATUS_SUCCESS,
          extendedData: request.message?.extendedData,
          media: {
            ...media,
            fileUid: request.fileTicket ? 'f1' : '',
            sha256: request.fileTicket ? sha256 : '',
          },
        }),
      };
    },
  });
}

function fakeSender() {
  const statuses: ZIMEventHandler['messageSentStatusChanged'][] = [];
  const sending: string[] = [];
  const sent: Message[] = [];
  const sender: Sender = {
    userID: 'me',
    inbox: { sending: (id) => sending.push(id), sent: (m) => sent.push(m) },
    statusChanged: (data) => statuses.push(data),
  };
  return { sender, statuses, sending, sent };
}

/** Backoff without waiting: records the delays and moves a fake clock by them. */
function instantRetry() {
  let clock = 0;
  const sleeps: number[] = [];
  const policy: RetryPolicy = {
    initialDelayMs: 100,
    maxDelayMs: 2_000,
    budgetMs: 60_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
  };
  return { policy, sleeps };
}

function setup(
  options: Parameters<typeof mediaServer>[0] & { sendFailsOnce?: ReturnType<typeof grpcError> } = {},
) {
  const media = mediaServer(options);
  const messaging = messagingServer(options.sendFailsOnce);
  const sender = fakeSender();
  const retry = instantRetry();
  const progress: [number, number][] = [];
  const attached: ZIMMessage[] = [];
  const notification = {
    onMessageAttached: (m: ZIMMessage) => attached.push(m),
    onMediaUploadingProgress: (_: ZIMMessage, current: number, total: number) =>
      progress.push([current, total]),
  };
  const module = new Media(
    media.client,
    messaging.client,
    loggedInAs('me'),
    () => sender.sender,
    retry.policy,
  );
  return { module, media, messaging, sender, retry, progress, attached, notification };
}

const chunkCalls = (calls: RecordedCall[]) =>
  calls.filter((c) => c.method === 'uploadChunk').map((c) => c.request as UploadChunkRequest);

function expectStrictlyIncreasing(values: number[]) {
  expect(values).toEqual([...new Set(values)].sort((a, b) => a - b));
}

function expectProgressToEndOnceAtTotal(progress: [number, number][]) {
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.map(([, total]) => total)).toEqual(progress.map(() => TOTAL));
  expectStrictlyIncreasing(progress.map(([current]) => current));
  expect(progress.filter(([current]) => current === TOTAL)).toHaveLength(1);
  expect(progress[progress.length - 1]).toEqual([TOTAL, TOTAL]);
}

describe('Media.sendMediaMessage with a local file', () => {
  it('uploads the file in chunks, reports progress, then sends the message with the ticket', async () => {
    const t = setup();
    const result = await t.module.sendMediaMessage(
      { type: ZIMMessageType.Image, fileLocalPath: path, extendedData: 'ext' },
      'bob',
      ZIMConversationType.Peer,
      { uploadChunkSize: CHUNK },
      t.notification,
    );

    expect(t.media.calls[0]).toEqual({
      method: 'startUpload',
      request: {
        fileName: 'photo.png',
        fileSize: TOTAL,
        messageType: MessageType.MESSAGE_TYPE_IMAGE,
        sha256,
      },
      authorization: 'Bearer tok',
    });
    const chunks = chunkCalls(t.media.calls);
    expect(chunks.map((c) => [c.uploadId, c.offset, c.data.length])).toEqual([
      ['u1', 0, CHUNK],
      ['u1', CHUNK, CHUNK],
      ['u1', 2 * CHUNK, CHUNK],
      ['u1', 3 * CHUNK, CHUNK],
      ['u1', 4 * CHUNK, 12_345],
    ]);
    for (const call of t.media.calls.filter((c) => c.method === 'uploadChunk')) {
      expect(call.options).toEqual({ deadline: expect.any(Number) });
    }
    expect(t.media.stored().equals(content)).toBe(true);
    expect(t.media.calls.map((c) => c.method).slice(-1)).toEqual(['completeUpload']);
    expect(t.progress).toEqual([
      [CHUNK, TOTAL],
      [2 * CHUNK, TOTAL],
      [3 * CHUNK, TOTAL],
      [4 * CHUNK, TOTAL],
      [TOTAL, TOTAL],
    ]);

    expect(t.messaging.calls).toHaveLength(1);
    const send = t.messaging.calls[0]?.request as SendMediaMessageRequest;
    expect(send).toMatchObject({
      fileTicket: 'ticket-1',
      toConversationId: 'bob',
      conversationType: ConversationType.CONVERSATION_TYPE_PEER,
      message: {
        type: MessageType.MESSAGE_TYPE_IMAGE,
        extendedData: 'ext',
        media: { fileName: 'photo.png', fileSize: TOTAL, fileDownloadUrl: '' },
      },
    });
    expect(t.attached).toHaveLength(1);
    expect(t.attached[0]).toMatchObject({
      sentStatus: ZIMMessageSentStatus.Sending,
      localMessageID: send.localMessageId,
      fileName: 'photo.png',
      fileSize: TOTAL,
      fileLocalPath: path,
      fileUID: '',
    });
    expect(result.message).toMatchObject({
      messageID: '42',
      type: ZIMMessageType.Image,
      sentStatus: ZIMMessageSentStatus.Success,
      fileUID: 'f1',
      fileName: 'photo.png',
      fileSize: TOTAL,
      fileDownloadUrl: '',
      fileLocalPath: path,
    });
    expect(t.sender.sending).toEqual([send.localMessageId]);
    expect(t.sender.sent.map((m) => m.messageId)).toEqual(['42']);
    expect(t.sender.statuses).toEqual([
      { infos: [{ status: ZIMMessageSentStatus.Success, message: result.message, reason: 0 }] },
    ]);
    expect(t.retry.sleeps).toEqual([]);
  });

  it.each([
    ['the answer to a committed chunk is lost (UNAVAILABLE)', true, status.UNAVAILABLE],
    ['the chunk never arrives (DEADLINE_EXCEEDED)', false, status.DEADLINE_EXCEEDED],
  ])('resumes from the committed offset after a transient failure: %s', async (_, commitFirst, code) => {
    const t = setup({ failures: [{ call: 2, commitFirst, error: grpcError(code, 'connection dropped') }] });
    await t.module.sendMediaMessage(
      { type: ZIMMessageType.Image, fileLocalPath: path },
      'bob',
      ZIMConversationType.Peer,
      { uploadChunkSize: CHUNK },
      t.notification,
    );

    const methods = t.media.calls.map((c) => c.method);
    const statusAt = methods.indexOf('getUploadStatus');
    expect(methods.filter((m) => m === 'getUploadStatus')).toHaveLength(1);
    expect(t.retry.sleeps).toEqual([100]);
    const committed = commitFirst ? 3 * CHUNK : 2 * CHUNK;
    const after = chunkCalls(t.media.calls.slice(statusAt + 1));
    expect(after[0]?.offset).toBe(committed);
    expect(after.reduce((sum, c) => sum + c.data.length, 0)).toBe(TOTAL - committed);
    expect(t.media.resent()).toBe(0);
    expect(t.media.stored().equals(content)).toBe(true);
    expectProgressToEndOnceAtTotal(t.progress);
    expect(t.sender.statuses.map((s) => s.infos[0]?.status)).toEqual([ZIMMessageSentStatus.Success]);
  });

  it('sends no chunk when the server already has the content, and reports progress once', async () => {
    const stored: UploadedFile = {
      fileUid: 'f0',
      fileName: 'photo.png',
      fileSize: TOTAL,
      sha256,
      messageType: MessageType.MESSAGE_TYPE_IMAGE,
      fileTicket: 'ticket-0',
    };
    const t = setup({ dedup: stored });
    await t.module.sendMediaMessage(
      { type: ZIMMessageType.Image, fileLocalPath: path },
      'bob',
      ZIMConversationType.Peer,
      {},
      t.notification,
    );
    expect(t.media.calls.map((c) => c.method)).toEqual(['startUpload']);
    expect(t.progress).toEqual([[TOTAL, TOTAL]]);
    expect(t.messaging.calls[0]?.request).toMatchObject({ fileTicket: 'ticket-0' });
  });

  it('rejects a file the server refuses (6000214), aborts the upload and reports Failed', async () => {
    const tooLarge = grpcError(status.INVALID_ARGUMENT, 'file too large for Image', 6000214);
    const t = setup({ failures: [{ call: 1, commitFirst: false, error: tooLarge }] });
    await expect(
      t.module.sendMediaMessage(
        { type: ZIMMessageType.Image, fileLocalPath: path },
        'bob',
        ZIMConversationType.Peer,
        { uploadChunkSize: CHUNK },
        t.notification,
      ),
    ).rejects.toMatchObject({ name: 'ZIMError', code: 6000214, message: 'file too large for Image' });

    expect(t.media.calls.map((c) => c.method)).toEqual([
      'startUpload',
      'uploadChunk',
      'uploadChunk',
      'abortUpload',
    ]);
    expect(t.media.calls[3]?.request).toEqual({ uploadId: 'u1' });
    expect(t.retry.sleeps).toEqual([]);
    expect(t.messaging.calls).toEqual([]);
    expect(t.sender.statuses).toEqual([
      {
        infos: [
          {
            status: ZIMMessageSentStatus.Failed,
            message: { ...t.attached[0], sentStatus: ZIMMessageSentStatus.Failed },
            reason: 6000214,
          },
        ],
      },
    ]);
  });

  it('gives up after about a minute of transient failures, backing off up to 2 s', async () => {
    const down = grpcError(status.UNAVAILABLE, 'parley edge: backend unavailable');
    const failures = Array.from({ length: 100 }, (_, call) => ({ call, commitFirst: false, error: down }));
    const t = setup({ failures });
    // The status call fails too while the service is down.
    Object.assign(t.media.client, {
      getUploadStatus: (_: unknown, __: unknown, ___: unknown, done: (err: unknown) => void) => done(down),
    });
    await expect(
      t.module.sendMediaMessage(
        { type: ZIMMessageType.Image, fileLocalPath: path },
        'bob',
        ZIMConversationType.Peer,
        {},
        t.notification,
      ),
    ).rejects.toMatchObject({ code: 6000101 });
    expect(t.retry.sleeps.slice(0, 6)).toEqual([100, 200, 400, 800, 1600, 2000]);
    expect(Math.max(...t.retry.sleeps)).toBe(2000);
    const waited = t.retry.sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeLessThanOrEqual(60_000);
    expect(waited).toBeGreaterThan(55_000);
    expect(t.media.calls.map((c) => c.method).slice(-1)).toEqual(['abortUpload']);
    expect(t.sender.statuses[0]?.infos[0]).toMatchObject({
      status: ZIMMessageSentStatus.Failed,
      reason: 6000101,
    });
  });

  it('keeps one localMessageID when the send itself is retried', async () => {
    const t = setup({ sendFailsOnce: grpcError(status.INTERNAL, 'boom (request abc)', 6000202) });
    const result = await t.module.sendMediaMessage(
      { type: ZIMMessageType.File, fileLocalPath: path },
      'g1',
      ZIMConversationType.Group,
      {},
      t.notification,
    );
    const ids = t.messaging.calls.map((c) => (c.request as SendMediaMessageRequest).localMessageId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
    expect(result.message.localMessageID).toBe(ids[0]);
    expect(t.retry.sleeps).toEqual([100]);
  });

  it.each([64 * KiB - 1, 8 * 1024 * KiB + 1, 100_000.5, 0])(
    'rejects uploadChunkSize %p with 6000001 before any call',
    async (uploadChunkSize) => {
      const t = setup();
      await expect(
        t.module.sendMediaMessage(
          { type: ZIMMessageType.Image, fileLocalPath: path },
          'bob',
          ZIMConversationType.Peer,
          { uploadChunkSize },
          t.notification,
        ),
      ).rejects.toMatchObject({ code: 6000001, message: expect.stringContaining('uploadChunkSize') });
      expect(t.media.calls).toEqual([]);
      expect(t.messaging.calls).toEqual([]);
      expect(t.attached).toEqual([]);
      expect(t.sender.statuses).toEqual([]);
    },
  );

  it.each([64 * KiB, 8 * 1024 * KiB])('accepts uploadChunkSize %p', async (uploadChunkSize) => {
    const t = setup();
    await t.module.sendMediaMessage(
      { type: ZIMMessageType.Image, fileLocalPath: path },
      'bob',
      ZIMConversationType.Peer,
      { uploadChunkSize },
    );
    expect(t.media.stored().equals(content)).toBe(true);
  });

  it('rejects a missing file with 6000001 naming it, before any call', async () => {
    const t = setup();
    const missing = join(dir, 'nope.png');
    await expect(
      t.module.sendMediaMessage(
        { type: ZIMMessageType.Image, fileLocalPath: missing },
        'bob',
        ZIMConversationType.Peer,
      ),
    ).rejects.toMatchObject({ code: 6000001, message: expect.stringContaining(missing) });
    expect(t.media.calls).toEqual([]);
    expect(t.sender.statuses).toEqual([]);
  });

  it.each([
    ['both a path and a URL', { fileLocalPath: '/tmp/x.png', fileDownloadUrl: 'https://cdn.test/x.png' }],
    ['neither a path nor a URL', {}],
    ['a URL that is not http(s)', { fileDownloadUrl: 'file:///etc/passwd' }],
  ])('rejects %s with 6000001', async (_, file) => {
    const t = setup();
    await expect(
      t.module.sendMediaMessage({ type: ZIMMessageType.Image, ...file }, 'bob', ZIMConversationType.Peer),
    ).rejects.toMatchObject({ code: 6000001 });
    expect(t.messaging.calls).toEqual([]);
  });
});

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
