// Fixtures of the media specs: a temporary local file, fake media and messaging servers, a fake sender.
import { status } from '@grpc/grpc-js';
import {
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
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeClient, grpcError, loggedInAs, type RecordedCall } from './fake-client.testing';
import { Media } from './media';
import { instantRetry } from './rpc.testing';
import type { Sender } from './sending';
import type { ZIMEventHandler, ZIMMessage } from './types';

export const KiB = 1024;
export const CHUNK = 64 * KiB;
export const TOTAL = 4 * CHUNK + 12_345; // five chunks, the last one short
export const content = randomBytes(TOTAL);
export const sha256 = createHash('sha256').update(content).digest('hex');

export let dir: string;
export let path: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-sdk-media-'));
  path = join(dir, 'photo.png');
  await writeFile(path, content);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** What the server would do with a chunk call: the fake fails the n-th call (0-based), before or after committing it. */
export type ChunkFailure = { call: number; commitFirst: boolean; error: ReturnType<typeof grpcError> };

/**
 * A media server that keeps the committed bytes: a chunk must start at or before the committed
 * offset, and bytes already committed count as resent (as GetUploadStatus.resent_bytes does).
 */
export function mediaServer(options: { dedup?: UploadedFile; failures?: ChunkFailure[] } = {}) {
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
export function messagingServer(failFirst?: ReturnType<typeof grpcError>) {
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

export function fakeSender() {
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

export function setup(
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

export const chunkCalls = (calls: RecordedCall[]) =>
  calls.filter((c) => c.method === 'uploadChunk').map((c) => c.request as UploadChunkRequest);

export function expectStrictlyIncreasing(values: number[]) {
  expect(values).toEqual([...new Set(values)].sort((a, b) => a - b));
}

export function expectProgressToEndOnceAtTotal(progress: [number, number][]) {
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.map(([, total]) => total)).toEqual(progress.map(() => TOTAL));
  expectStrictlyIncreasing(progress.map(([current]) => current));
  expect(progress.filter(([current]) => current === TOTAL)).toHaveLength(1);
  expect(progress[progress.length - 1]).toEqual([TOTAL, TOTAL]);
}
