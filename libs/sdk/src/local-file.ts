import { createHash } from 'node:crypto';
import { constants as fsConstants, createReadStream } from 'node:fs';
import { access, type FileHandle, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ZIMError, ZIMErrorCode } from './errors';
import { isMediaMessageType } from './message-mapping';
import type { ZIMMediaMessageInput, ZIMMediaMessageSendConfig } from './types';

// A media message's file on the local disk: checked before the message is attached, hashed, read in chunks.
export const MIN_UPLOAD_CHUNK_SIZE = 64 * 1024;
export const MAX_UPLOAD_CHUNK_SIZE = 8 * 1024 * 1024;
export const DEFAULT_UPLOAD_CHUNK_SIZE = 1024 * 1024;
/** Per UploadChunk and GetUploadStatus call: a stalled connection fails the call, which is then retried. */
export const CALL_DEADLINE_MS = 30_000;
export const ABORT_DEADLINE_MS = 5_000;

/** A local file checked before the message is attached. */
export interface LocalFile {
  path: string;
  name: string;
  size: number;
}

/** Where a media message's file comes from. */
export type MediaSource =
  | { kind: 'upload'; file: LocalFile }
  | { kind: 'hosted'; fileDownloadUrl: string; fileName: string; fileSize: number };

export const invalid = (message: string) => new ZIMError(ZIMErrorCode.InvalidParams, message);
export const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** Node's file system errors name the system call that failed. */
export const isFileSystemError = (err: unknown) => err instanceof Error && 'syscall' in err;

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
export async function mediaSource(message: ZIMMediaMessageInput): Promise<MediaSource> {
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
export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    throw invalid(`fileLocalPath ${path} cannot be read: ${describe(err)}`);
  }
  return hash.digest('hex');
}

/** Exactly `length` bytes of the file from `position`. */
export async function readChunk(
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

export const deadline = (ms: number) => ({ deadline: Date.now() + ms });
