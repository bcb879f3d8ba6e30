import { status } from '@grpc/grpc-js';
import {
  ConversationType,
  MessageType,
  type SendMediaMessageRequest,
  type UploadedFile,
} from '@parley/contracts';
import { join } from 'node:path';
import { ZIMConversationType, ZIMMessageSentStatus, ZIMMessageType } from './enums';
import { grpcError } from './fake-client.testing';
import {
  CHUNK,
  KiB,
  TOTAL,
  chunkCalls,
  content,
  dir,
  expectProgressToEndOnceAtTotal,
  path,
  setup,
  sha256,
} from './media.testing';

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
