import type {
  GetDownloadUrlResponse,
  MediaFileType,
  MediaServiceClient,
  MessagingServiceClient,
  SendMediaMessageResponse,
  UploadedFile,
} from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { type ZIMConversationType, ZIMMediaFileType } from './enums';
import { ZIMError, ZIMErrorCode } from './errors';
import { describe, invalid, isFileSystemError, mediaSource, uploadChunkSize } from './local-file';
import { Uploader } from './media-upload';
import { toMediaMessageContent, toSendRequest } from './message-mapping';
import { type CallerOf, DEFAULT_RETRY_POLICY, type RetryPolicy, unary, withRetry } from './rpc';
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
  ZIMMessage,
} from './types';

export {
  DEFAULT_UPLOAD_CHUNK_SIZE,
  MAX_UPLOAD_CHUNK_SIZE,
  MIN_UPLOAD_CHUNK_SIZE,
  uploadChunkSize,
} from './local-file';

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
  ) {
    this.uploader = new Uploader(client, caller, retry);
  }

  private readonly uploader: Uploader;

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
                  ...toSendRequest(content, localMessageID, toConversationID, conversationType, config),
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

  /** Uploads a local file and returns it as stored, with its ticket (media-upload.ts). */
  upload(...args: Parameters<Uploader['upload']>): Promise<UploadedFile> {
    return this.uploader.upload(...args);
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
