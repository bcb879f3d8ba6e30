import type {
  AbortUploadResponse,
  CompleteUploadResponse,
  ConversationType,
  GetDownloadUrlResponse,
  GetUploadStatusResponse,
  MediaFileType,
  MediaServiceClient,
  MessageType,
  MessagingServiceClient,
  SendMediaMessageResponse,
  StartUploadResponse,
  UploadChunkResponse,
  UploadedFile,
} from '@parley/contracts';
import { createHash, randomUUID } from 'node:crypto';
import { constants as fsConstants, createReadStream } from 'node:fs';
import { access, type FileHandle, open, rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type ZIMConversationType, ZIMMediaFileType } from './enums';
import { ZIMError, ZIMErrorCode } from './errors';
import { isMediaMessageType, toMediaMessageContent, toSendConfig } from './message-mapping';
import { type CallerOf, DEFAULT_RETRY_POLICY, required, type RetryPolicy, unary, withRetry } from './rpc';
import { type SenderOf, sendTracked } from './sending';
import type {
  ZIMMediaDownloadedResult,
  ZIMMediaDownloadingProgress,
  ZIMMediaDownloadUrlQueriedResult,
  ZIMMediaMessage,
  ZIMMediaMessageInput,
  ZIMMediaMessageSendConfig,
  ZIMMediaMessageSendNotification,
  ZIMMediaMessageSentResult,
  ZIMMediaMessageType,
  ZIMMessage,
} from './types';

export const MIN_UPLOAD_CHUNK_SIZE = 64 * 1024;
export const MAX_UPLOAD_CHUNK_SIZE = 8 * 1024 * 1024;
export const DEFAULT_UPLOAD_CHUNK_SIZE = 1024 * 1024;
/** Per UploadChunk and GetUploadStatus call: a stalled connection fails the call, which is then retried. */
const CALL_DEADLINE_MS = 30_000;
const ABORT_DEADLINE_MS = 5_000;

/** A local file checked before the message is attached. */
interface LocalFile {
  path: string;
  name: string;
  size: number;
}

/** Where a media message's file comes from. */
type MediaSource =
  | { kind: 'upload'; file: LocalFile }
  | { kind: 'hosted'; fileDownloadUrl: string; fileName: string; fileSize: number };

const invalid = (message: string) => new ZIMError(ZIMErrorCode.InvalidParams, message);
const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** Node's file system errors name the system call that failed. */
const isFileSystemError = (err: unknown) => err instanceof Error && 'syscall' in err;

/** config.uploadChunkSize, checked: 64 KiB to 8 MiB, default 1 MiB. */
export function uploadChunkSize(config: ZIMMediaMessageSendConfig): number {
  const size = config.uploadChunkSize ?? DEFAULT_UPLOAD_CHUNK_SIZE;
  if (!Number.isInteger(size) || size < MIN_UPLOAD_CHUNK_SIZE || size > MAX_UPLOAD_CHUNK_SIZE) {
    throw invalid(
      `uploadChunkSize must be a whole number of bytes from ${MIN_UPLOAD_CHUNK_SIZE} (64 KiB) to ${MAX_UPLOAD_CHUNK_SIZE} (8 MiB), got ${size}`,
    );
  }
  return size;
}

/** Checks the message input and, for a local file, that it exists, is readable and is not empty. */
async function mediaSource(message: ZIMMediaMessageInput): Promise<MediaSource> {
  if (!isMediaMessageType(message.type)) {
    throw invalid(
      `sendMediaMessage sends Image (11), File (12), Audio (13) or Video (14) messages, not type ${String(message.type)}`,
    );
  }
  const { fileLocalPath, fileDownloadUrl, fileSize } = message;
  if (fileSize !== undefined && !(Number.isSafeInteger(fileSize) && fileSize >= 0)) {
    throw invalid(`fileSize must be a whole number of bytes, got ${fileSize}`);
  }
  if (fileLocalPath && fileDownloadUrl) {
    throw invalid('set fileLocalPath (a file to upload) or fileDownloadUrl (a file you host), not both');
  }
  if (fileLocalPath) return { kind: 'upload', file: await localFile(fileLocalPath, message.fileName) };
  if (fileDownloadUrl) {
    let url: URL;
    try {
      url = new URL(fileDownloadUrl);
    } catch {
      throw invalid(`fileDownloadUrl is not a URL: ${fileDownloadUrl}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw invalid(`fileDownloadUrl must be an http or https URL, got ${fileDownloadUrl}`);
    }
    return {
      kind: 'hosted',
      fileDownloadUrl,
      fileName: message.fileName || lastPathSegment(url),
      fileSize: fileSize ?? 0,
    };
  }
  throw invalid('set fileLocalPath (a file to upload) or fileDownloadUrl (a file you host)');
}

function lastPathSegment(url: URL): string {
  const segment = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function localFile(path: string, fileName: string | undefined): Promise<LocalFile> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw invalid(`fileLocalPath ${path} is not a regular file`);
    await access(path, fsConstants.R_OK);
    size = info.size;
  } catch (err) {
    if (err instanceof ZIMError) throw err;
    throw invalid(`fileLocalPath ${path} cannot be read: ${describe(err)}`);
  }
  if (size === 0) throw new ZIMError(ZIMErrorCode.FileSizeInvalid, `fileLocalPath ${path} is empty`);
  return { path, name: fileName || basename(path), size };
}

/** Lower-case hex SHA-256 of the file, read as a stream. */
async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    throw invalid(`fileLocalPath ${path} cannot be read: ${describe(err)}`);
  }
  return hash.digest('hex');
}

/** Exactly `length` bytes of the file from `position`. */
async function readChunk(
  handle: FileHandle,
  path: string,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, filled, length - filled, position + filled));
    } catch (err) {
      throw invalid(`fileLocalPath ${path} cannot be read: ${describe(err)}`);
    }
    if (bytesRead === 0) throw invalid(`fileLocalPath ${path} became shorter while it was being uploaded`);
    filled += bytesRead;
  }
  return buffer;
}

const deadline = (ms: number) => ({ deadline: Date.now() + ms });

/**
 * Media messages (MediaService plus MessagingService.SendMediaMessage): resumable chunked uploads,
 * sending, download URLs and downloads. Owns the media client; the messaging client is ZIM's.
 */
export class Media {
  constructor(
    private readonly client: MediaServiceClient,
    private readonly messaging: MessagingServiceClient,
    private readonly caller: CallerOf,
    private readonly sender: SenderOf,
    private readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  close(): void {
    this.client.close();
  }

  /**
   * ZIM sendMediaMessage. Bad input is rejected with 6000001 before anything is attached or called.
   * A local file is uploaded after onMessageAttached, resuming from the server's committed offset
   * after transient failures; then the message is sent with the file's ticket.
   */
  async sendMediaMessage(
    message: ZIMMediaMessageInput,
    toConversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMediaMessageSendConfig = {},
    notification?: ZIMMediaMessageSendNotification,
  ): Promise<ZIMMediaMessageSentResult> {
    const chunkSize = uploadChunkSize(config);
    const sender = this.sender();
    const source = await mediaSource(message);
    const content = toMediaMessageContent(
      message.type,
      source.kind === 'upload' ? { fileName: source.file.name, fileSize: source.file.size } : source,
      message.extendedData,
    );
    const sent = await sendTracked(
      sender,
      content,
      toConversationID,
      conversationType,
      notification,
      async (localMessageID, attached) => {
        let fileTicket = '';
        if (source.kind === 'upload') {
          const uploaded = await this.upload(source.file, message.type, chunkSize, (current, total) =>
            notification?.onMediaUploadingProgress?.(attached, current, total),
          );
          fileTicket = uploaded.fileTicket;
        }
        // One localMessageID across retries: the server answers a repeat with the message it stored.
        const response = await withRetry(
          () =>
            unary<SendMediaMessageResponse>((done) =>
              this.messaging.sendMediaMessage(
                {
                  message: content,
                  localMessageId: localMessageID,
                  toConversationId: toConversationID,
                  conversationType: conversationType as number as ConversationType,
                  config: toSendConfig(config),
                  fileTicket,
                },
                this.caller().auth,
                done,
              ),
            ),
          this.retry,
        );
        return response.message;
      },
      { fileLocalPath: source.kind === 'upload' ? source.file.path : '' },
    );
    return { message: sent as ZIMMediaMessage };
  }

  /**
   * Uploads a local file and returns it as stored, with its ticket. `progress` gets the committed
   * byte count each time it grows (so (size, size) exactly once). Committed bytes are never sent again:
   * after a transient failure the upload resumes from the offset GetUploadStatus reports.
   */
  async upload(
    file: LocalFile,
    type: ZIMMediaMessageType,
    chunkSize: number,
    progress: (current: number, total: number) => void,
  ): Promise<UploadedFile> {
    const sha256 = await sha256Of(file.path);
    const start = await withRetry(
      () =>
        unary<StartUploadResponse>((done) =>
          this.client.startUpload(
            { fileName: file.name, fileSize: file.size, messageType: type as number as MessageType, sha256 },
            this.caller().auth,
            done,
          ),
        ),
      this.retry,
    );
    if (start.file) {
      // The same content is already stored: nothing to upload.
      progress(file.size, file.size);
      return start.file;
    }
    try {
      await this.uploadChunks(start.uploadId, start.committedOffset, file, chunkSize, progress);
      // A repeated CompleteUpload is answered with the same file, so it is safe to retry.
      const completed = await withRetry(
        () =>
          unary<CompleteUploadResponse>((done) =>
            this.client.completeUpload({ uploadId: start.uploadId }, this.caller().auth, done),
          ),
        this.retry,
      );
      return required(completed.file, 'the uploaded file');
    } catch (err) {
      await this.abortUpload(start.uploadId);
      throw err;
    }
  }

  private async uploadChunks(
    uploadId: string,
    startOffset: number,
    file: LocalFile,
    chunkSize: number,
    progress: (current: number, total: number) => void,
  ): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(file.path, 'r');
    } catch (err) {
      throw invalid(`fileLocalPath ${file.path} cannot be read: ${describe(err)}`);
    }
    try {
      let committed = startOffset;
      let reported = 0;
      while (committed < file.size) {
        const from = committed;
        committed = await withRetry(async (failures) => {
          // After a failure the chunk may or may not have been committed: the server says where to go on.
          const offset = failures === 0 ? from : await this.committedOffset(uploadId);
          if (offset >= file.size) return offset;
          const data = await readChunk(handle, file.path, offset, Math.min(chunkSize, file.size - offset));
          const answer = await unary<UploadChunkResponse>((done) =>
            this.client.uploadChunk(
              { uploadId, offset, data },
              this.caller().auth,
              deadline(CALL_DEADLINE_MS),
              done,
            ),
          );
          if (answer.committedOffset <= offset || answer.committedOffset > file.size) {
            throw new ZIMError(
              6000203,
              `server answered a chunk at offset ${offset} with committed offset ${answer.committedOffset}`,
            );
          }
          return answer.committedOffset;
        }, this.retry);
        if (committed > reported) {
          reported = committed;
          progress(committed, file.size);
        }
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  private async committedOffset(uploadId: string): Promise<number> {
    const status = await unary<GetUploadStatusResponse>((done) =>
      this.client.getUploadStatus({ uploadId }, this.caller().auth, deadline(CALL_DEADLINE_MS), done),
    );
    return status.committedOffset;
  }

  /** Best effort: the upload failed for good, so the server may drop what it holds of it. */
  private async abortUpload(uploadId: string): Promise<void> {
    await unary<AbortUploadResponse>((done) =>
      this.client.abortUpload({ uploadId }, this.caller().auth, deadline(ABORT_DEADLINE_MS), done),
    ).catch(() => undefined);
  }

  /**
   * Parley extension: a URL the message's file can be fetched from. An uploaded file's URL is
   * short-lived (expiresAt, ms since the epoch); a developer-hosted file's URL is returned as is.
   */
  async queryMediaDownloadUrl(
    message: ZIMMessage,
    fileType: ZIMMediaFileType = ZIMMediaFileType.OriginalFile,
  ): Promise<ZIMMediaDownloadUrlQueriedResult> {
    const { fileUID, fileDownloadUrl } = message;
    if (fileUID) {
      const { auth } = this.caller();
      const response = await unary<GetDownloadUrlResponse>((done) =>
        this.client.getDownloadUrl(
          { fileUid: fileUID, fileType: fileType as number as MediaFileType },
          auth,
          done,
        ),
      );
      if (!response.url) throw new ZIMError(6000203, 'server answered without a download URL');
      return { url: response.url, expiresAt: response.expiresAt };
    }
    if (fileType !== ZIMMediaFileType.OriginalFile)
      throw invalid('thumbnails and large images exist only for images uploaded to Parley');
    if (fileDownloadUrl) return { url: fileDownloadUrl, expiresAt: 0 };
    throw invalid('the message carries no file: it has neither fileUID nor fileDownloadUrl');
  }

  /**
   * ZIM downloadMediaFile: streams the message's file to `fileLocalPath` (through a temporary file
   * beside it, renamed when complete), reporting bytes written as they arrive.
   */
  async downloadMediaFile(
    message: ZIMMessage,
    fileLocalPath: string,
    progress?: ZIMMediaDownloadingProgress,
    fileType: ZIMMediaFileType = ZIMMediaFileType.OriginalFile,
  ): Promise<ZIMMediaDownloadedResult> {
    if (!fileLocalPath) throw invalid('fileLocalPath must say where to write the file');
    const { url } = await this.queryMediaDownloadUrl(message, fileType);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (err) {
      throw new ZIMError(ZIMErrorCode.NetworkError, `download failed: ${describe(err)}`);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new ZIMError(
        ZIMErrorCode.DownloadFailed,
        `download refused: HTTP ${response.status} ${response.statusText}` +
          (message.fileUID ? ' (download URLs of uploaded files expire within minutes: try again)' : ''),
      );
    }
    const total = Number(response.headers.get('content-length')) || message.fileSize || 0;
    const partial = `${fileLocalPath}.${randomUUID()}.part`;
    let out: FileHandle | undefined;
    try {
      out = await open(partial, 'wx');
      let downloaded = 0;
      for await (const chunk of response.body) {
        await out.write(chunk);
        downloaded += chunk.byteLength;
        progress?.(message, downloaded, total);
      }
      await out.close();
      out = undefined;
      await rename(partial, fileLocalPath);
    } catch (err) {
      await out?.close().catch(() => undefined);
      await rm(partial, { force: true }).catch(() => undefined);
      if (isFileSystemError(err)) throw invalid(`cannot write ${fileLocalPath}: ${describe(err)}`);
      throw new ZIMError(ZIMErrorCode.DownloadFailed, `download interrupted: ${describe(err)}`);
    }
    return { message: { ...message, fileLocalPath } };
  }
}
