import { credentials, type Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  ConversationType,
  type GetUploadStatusResponse,
  MediaContent,
  MediaFileType,
  MediaServiceClient,
  MessageContent,
  MessageType,
  type StartUploadResponse,
  type UploadedFile,
} from '@parley/contracts';
import { createHash } from 'node:crypto';
import { defined, stackUnderTest } from './harness';

type Raw = Awaited<ReturnType<typeof import('./harness').rawLogin>>;

const call = <T>(run: (done: (err: ServiceError | null, res: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => run((err, res) => (err ? reject(err) : resolve(res))));

/** MediaService over raw gRPC through the edge, as one logged-in user. */
export function mediaAs(metadata: Metadata) {
  const client = new MediaServiceClient(stackUnderTest().endpoint, credentials.createInsecure());
  return {
    start: (fileName: string, fileSize: number, messageType = MessageType.MESSAGE_TYPE_FILE, sha256 = '') =>
      call<StartUploadResponse>((done) =>
        client.startUpload({ fileName, fileSize, messageType, sha256 }, metadata, done),
      ),
    chunk: (uploadId: string, offset: number, data: Uint8Array) =>
      call<{ committedOffset: number }>((done) =>
        client.uploadChunk(
          { uploadId, offset, data: Buffer.from(data) },
          metadata,
          { deadline: Date.now() + 30_000 },
          done,
        ),
      ),
    status: (uploadId: string) =>
      call<GetUploadStatusResponse>((done) => client.getUploadStatus({ uploadId }, metadata, done)),
    complete: async (uploadId: string) =>
      defined(
        (await call<{ file?: UploadedFile }>((done) => client.completeUpload({ uploadId }, metadata, done)))
          .file,
        'the stored file',
      ),
    url: (fileUid: string) =>
      call<{ url: string; expiresAt: number }>((done) =>
        client.getDownloadUrl(
          { fileUid, fileType: MediaFileType.MEDIA_FILE_TYPE_UNSPECIFIED },
          metadata,
          done,
        ),
      ),
    close: () => client.close(),
  };
}

export type Media = ReturnType<typeof mediaAs>;

/** Uploads `data` from `from` in chunks of `chunkSize` until `stopAt` bytes are committed; returns the committed offset. */
export async function uploadRange(
  media: Media,
  uploadId: string,
  data: Uint8Array,
  chunkSize: number,
  from = 0,
  stopAt = data.length,
): Promise<number> {
  let committed = from;
  while (committed < stopAt) {
    ({ committedOffset: committed } = await media.chunk(
      uploadId,
      committed,
      data.subarray(committed, committed + chunkSize),
    ));
  }
  return committed;
}

/** The ZIM code of a failed call (from the zim-error-code trailer). */
export function zimCode(err: unknown): number {
  return Number((err as ServiceError).metadata?.get('zim-error-code')[0]);
}

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Sends an uploaded file to `to` as a File message over raw gRPC; returns the stored message. */
export async function sendFile(sender: Raw, to: string, file: UploadedFile) {
  const { message } = await new Promise<{ message?: import('@parley/contracts').Message }>(
    (resolve, reject) =>
      sender.messaging.sendMediaMessage(
        {
          message: MessageContent.fromPartial({
            type: file.messageType,
            media: MediaContent.fromPartial({ fileName: file.fileName }),
          }),
          localMessageId: `media-${file.fileUid}-${Date.now()}`,
          toConversationId: to,
          conversationType: ConversationType.CONVERSATION_TYPE_PEER,
          config: undefined,
          fileTicket: file.fileTicket,
        },
        sender.metadata,
        (err, res) => (err ? reject(err) : resolve(res)),
      ),
  );
  return defined(message, 'the stored media message');
}

/** Downloads a URL and returns its bytes' SHA-256 (or the HTTP status when refused). */
export async function fetchSha(url: string): Promise<{ status: number; sha256?: string }> {
  const res = await fetch(url);
  if (!res.ok) return { status: res.status };
  return { status: res.status, sha256: sha256(Buffer.from(await res.arrayBuffer())) };
}
