import type {
  AbortUploadResponse,
  CompleteUploadResponse,
  GetUploadStatusResponse,
  MediaServiceClient,
  MessageType,
  StartUploadResponse,
  UploadChunkResponse,
  UploadedFile,
} from '@parley/contracts';
import { type FileHandle, open } from 'node:fs/promises';
import { ZIMError } from './errors';
import {
  ABORT_DEADLINE_MS,
  CALL_DEADLINE_MS,
  deadline,
  describe,
  invalid,
  type LocalFile,
  readChunk,
  sha256Of,
} from './local-file';
import { type CallerOf, required, type RetryPolicy, unary, withRetry } from './rpc';
import type { ZIMMediaMessageType } from './types';

/** Resumable chunked uploads to MediaService: start (or find the same content stored), chunks, complete. */
export class Uploader {
  constructor(
    private readonly client: MediaServiceClient,
    private readonly caller: CallerOf,
    private readonly retry: RetryPolicy,
  ) {}

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
}
