import {
  type StartUploadRequest,
  type StartUploadResponse,
  type UploadChunkRequest,
  type UploadedFile,
} from '@parley/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { logger, OutboxRelay, type SessionPrincipal, ZimError, ZimErrorCode } from '@parley/platform';
import { createHash, type Hash, randomUUID } from 'node:crypto';
import { MEDIA_CONFIG, type MediaConfig, type MediaLimits } from '../config';
import type { Prisma } from '../generated/prisma';
import { MediaDatabase } from '../repositories/prisma.service';
import { ChunkStaging } from '../repositories/chunk-staging';
import { ObjectStorage } from '../repositories/object-storage';
import { contentMatchesType, MEDIA_TYPES, SIGNATURE_BYTES } from './file-signature';
import { StoredFiles, type UploadRow } from './stored-files';

const MiB = 1024 * 1024;
/** S3: every part but the last must be at least 5 MiB; smaller chunks wait in upload_chunk. */
const PART_MIN_BYTES = 5 * MiB;
export const MAX_CHUNK_BYTES = 8 * MiB;

type Part = { part: number; etag: string };

/**
 * Chunked, resumable uploads onto S3 multipart uploads. A chunk is committed when its call returns:
 * it is either in an uploaded S3 part or in upload_chunk (Postgres) until enough bytes gather for a
 * part, so a restarted process loses nothing it acknowledged and never holds a whole file in memory.
 * A chunk of 5 MiB or more with nothing waiting before it goes straight to S3 as a part.
 * Every step locks the upload row, so retries and concurrent calls apply once.
 */
@Injectable()
export class Uploads {
  /**
   * SHA-256 of each upload's committed bytes so far, fed as chunks commit, so completing does not
   * read the whole object back from S3. Only a shortcut: lost on restart, dropped when chunks of one
   * upload reach another replica or commit out of order; completing then hashes the object instead.
   */
  private readonly hashes = new Map<string, { hash: Hash; offset: number }>();
  private readonly limits: MediaLimits;
  private readonly ttlMs: number;

  constructor(
    private readonly db: MediaDatabase,
    private readonly staging: ChunkStaging,
    private readonly storage: ObjectStorage,
    private readonly files: StoredFiles,
    private readonly relay: OutboxRelay,
    @Inject(MEDIA_CONFIG) config: Pick<MediaConfig, 'limits' | 'uploadTtlMs'>,
  ) {
    this.limits = config.limits;
    this.ttlMs = config.uploadTtlMs;
  }

  async start(user: SessionPrincipal, request: StartUploadRequest): Promise<StartUploadResponse> {
    const kind = MEDIA_TYPES.get(request.messageType);
    if (!kind)
      throw ZimError.invalidParams('message_type must be Image (11), File (12), Audio (13) or Video (14)');
    const name = request.fileName;
    if (name.length === 0 || Buffer.byteLength(name) > 255 || /[/\\]/.test(name) || name.includes('\0'))
      throw ZimError.invalidParams('file_name must be 1-255 bytes without slashes');
    const cap = this.limits[kind.cap];
    if (!Number.isInteger(request.fileSize) || request.fileSize < 1 || request.fileSize > cap)
      throw ZimError.of(
        ZimErrorCode.FileSizeInvalid,
        `${kind.label} files must be 1 to ${cap} bytes; this one is declared as ${request.fileSize}`,
      );
    const sha256 = request.sha256.toLowerCase();
    if (sha256 && !/^[0-9a-f]{64}$/.test(sha256))
      throw ZimError.invalidParams('sha256 must be 64 hex digits');
    if (sha256) {
      const same = await this.db.storedFile.findUnique({
        where: { appId_sha256_fileSize: { appId: user.appId, sha256, fileSize: BigInt(request.fileSize) } },
      });
      // The same bytes are already stored: nothing to upload (a file stored under another type is not reused).
      if (same && same.messageType === request.messageType)
        return {
          uploadId: '',
          committedOffset: request.fileSize,
          file: await this.files.grant(user, same, name),
        };
    }
    const id = randomUUID();
    const objectKey = `${user.appId}/${id}`;
    const s3UploadId = await this.storage.startMultipart(objectKey);
    await this.db.upload.create({
      data: {
        id,
        appId: user.appId,
        userId: user.userId,
        fileName: name,
        messageType: request.messageType,
        fileSize: BigInt(request.fileSize),
        sha256,
        objectKey,
        s3UploadId,
        expiresAt: new Date(Date.now() + this.ttlMs),
      },
    });
    return { uploadId: id, committedOffset: 0, file: undefined };
  }

  async chunk(
    user: SessionPrincipal,
    request: UploadChunkRequest,
  ): Promise<{ committedOffset: number; fileSize: number }> {
    const size = request.data.length;
    if (size < 1 || size > MAX_CHUNK_BYTES)
      throw ZimError.invalidParams(`a chunk carries 1 to ${MAX_CHUNK_BYTES} bytes`);
    const result = await this.locked(user, request.uploadId, async (tx, up) => {
      const committed = Number(up.committedOffset);
      const fileSize = Number(up.fileSize);
      const end = request.offset + size;
      if (up.fileUid || end <= committed) {
        // Already committed (a retry after a lost answer): nothing to do, but counted.
        await tx.upload.update({ where: { id: up.id }, data: { resentBytes: { increment: BigInt(size) } } });
        return { committedOffset: committed, fileSize, applied: false };
      }
      if (request.offset !== committed)
        throw ZimError.invalidParams(
          `chunk offset ${request.offset} does not match the committed offset ${committed}: resume from GetUploadStatus`,
        );
      if (end > fileSize)
        throw ZimError.of(
          ZimErrorCode.FileSizeInvalid,
          `the upload is longer than its declared ${fileSize} bytes: nothing past byte ${fileSize} is stored`,
        );
      if (request.offset === 0) this.checkSignature(up, request.data);
      let parts = up.parts as Part[];
      let partsOffset = Number(up.partsOffset);
      const nothingWaiting = partsOffset === committed;
      if (nothingWaiting && (size >= PART_MIN_BYTES || end === fileSize)) {
        // A whole part on its own: straight to S3, no stop in Postgres.
        const part = parts.length + 1;
        const data = Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
        parts = [
          ...parts,
          { part, etag: await this.storage.uploadPart(up.objectKey, up.s3UploadId, part, data) },
        ];
        partsOffset = end;
      } else {
        await this.staging.put(up.id, request.offset, request.data);
        if (end - partsOffset >= PART_MIN_BYTES) {
          parts = [...parts, await this.flushPart(tx, up, parts.length + 1, end)];
          partsOffset = end;
        }
      }
      await tx.upload.update({
        where: { id: up.id },
        data: { committedOffset: BigInt(end), partsOffset: BigInt(partsOffset), parts },
      });
      return { committedOffset: end, fileSize, applied: true };
    });
    if (result.applied) this.hashCommitted(request.uploadId, request.offset, request.data);
    return { committedOffset: result.committedOffset, fileSize: result.fileSize };
  }

  /** Feeds a just-committed chunk to the upload's running hash, or drops the hash if it missed bytes. */
  private hashCommitted(uploadId: string, offset: number, data: Uint8Array): void {
    let running = this.hashes.get(uploadId);
    if (!running && offset === 0)
      this.hashes.set(uploadId, (running = { hash: createHash('sha256'), offset }));
    if (!running) return;
    if (running.offset !== offset) {
      this.hashes.delete(uploadId);
      return;
    }
    running.hash.update(data);
    running.offset += data.length;
  }

  async status(user: SessionPrincipal, uploadId: string) {
    const up = await this.find(user, uploadId);
    return {
      committedOffset: Number(up.committedOffset),
      fileSize: Number(up.fileSize),
      completed: up.fileUid !== null,
      resentBytes: Number(up.resentBytes),
    };
  }

  /** Assembles the parts, checks the content hash, and stores the file once per content. */
  async complete(user: SessionPrincipal, uploadId: string): Promise<UploadedFile> {
    const stored = await this.locked(user, uploadId, async (tx, up) => {
      if (up.fileUid) return tx.storedFile.findUniqueOrThrow({ where: { fileUid: up.fileUid } });
      if (up.committedOffset !== up.fileSize)
        throw ZimError.invalidParams(
          `${up.committedOffset} of ${up.fileSize} bytes are committed: upload the rest first`,
        );
      let parts = up.parts as Part[];
      if (up.partsOffset < up.committedOffset)
        parts = [...parts, await this.flushPart(tx, up, parts.length + 1, Number(up.committedOffset))];
      await this.storage.completeMultipart(up.objectKey, up.s3UploadId, parts);
      const running = this.hashes.get(up.id);
      this.hashes.delete(up.id);
      const sha256 =
        running && running.offset === Number(up.fileSize)
          ? running.hash.digest('hex')
          : await this.storage.sha256(up.objectKey);
      if (up.sha256 && up.sha256 !== sha256) {
        // Forgotten for good: the deletion must commit, so the refusal is thrown after the transaction.
        await this.storage.remove(up.objectKey);
        await tx.upload.delete({ where: { id: up.id } });
        return 'sha256 mismatch' as const;
      }
      const file = await this.files.storeOnce(tx, up, sha256);
      await tx.upload.update({
        where: { id: up.id },
        data: { fileUid: file.fileUid, parts, partsOffset: up.fileSize },
      });
      return file;
    });
    if (stored === 'sha256 mismatch')
      throw ZimError.invalidParams('the uploaded bytes do not match the declared sha256: upload again');
    void this.relay.flush();
    return this.files.grant(user, stored, stored.fileName);
  }

  async abort(user: SessionPrincipal, uploadId: string): Promise<void> {
    this.hashes.delete(uploadId);
    await this.locked(user, uploadId, async (tx, up) => {
      if (up.fileUid) return; // completed: the file stays
      await this.storage.abortMultipart(up.objectKey, up.s3UploadId);
      await tx.uploadChunk.deleteMany({ where: { uploadId: up.id } });
      await tx.upload.delete({ where: { id: up.id } });
    });
  }

  /** Aborts uploads past their expiry (their S3 multipart uploads with them) and forgets completed ones. */
  async sweep(): Promise<number> {
    const expired = await this.db.upload.findMany({ where: { expiresAt: { lt: new Date() } }, take: 100 });
    for (const up of expired) {
      this.hashes.delete(up.id);
      if (!up.fileUid) await this.storage.abortMultipart(up.objectKey, up.s3UploadId);
      await this.db.$transaction([
        this.db.uploadChunk.deleteMany({ where: { uploadId: up.id } }),
        this.db.upload.deleteMany({ where: { id: up.id } }),
      ]);
    }
    if (expired.length > 0) logger.info({ uploads: expired.length }, 'expired uploads removed');
    return expired.length;
  }

  private checkSignature(up: UploadRow, data: Uint8Array): void {
    const needed = Math.min(SIGNATURE_BYTES, Number(up.fileSize));
    if (data.length < needed)
      throw ZimError.invalidParams(`the first chunk must carry at least ${needed} bytes`);
    if (!contentMatchesType(up.messageType, data.subarray(0, SIGNATURE_BYTES)))
      throw ZimError.of(
        ZimErrorCode.FileTypeUnsupported,
        `the file's content is not a supported ${MEDIA_TYPES.get(up.messageType)?.label ?? ''} format`,
      );
  }

  /** Sends the waiting chunks (from the last part's end up to `end`) to S3 as one part and forgets them. */
  private async flushPart(
    tx: Prisma.TransactionClient,
    up: UploadRow,
    part: number,
    end: number,
  ): Promise<Part> {
    const data = await this.staging.read(up.id, Number(up.partsOffset), end);
    const etag = await this.storage.uploadPart(up.objectKey, up.s3UploadId, part, data);
    await tx.uploadChunk.deleteMany({ where: { uploadId: up.id } });
    return { part, etag };
  }

  private async find(
    user: SessionPrincipal,
    uploadId: string,
    db: MediaDatabase | Prisma.TransactionClient = this.db,
  ): Promise<UploadRow> {
    const up = /^[0-9a-f-]{36}$/.test(uploadId)
      ? await db.upload.findUnique({ where: { id: uploadId } })
      : null;
    if (!up || up.appId !== user.appId || up.userId !== user.userId)
      throw ZimError.invalidParams(
        `upload ${uploadId} does not exist (expired, aborted, or not yours): start again`,
      );
    return up;
  }

  private async locked<T>(
    user: SessionPrincipal,
    uploadId: string,
    work: (tx: Prisma.TransactionClient, up: UploadRow) => Promise<T>,
  ): Promise<T> {
    return this.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM upload WHERE id = ${uploadId} FOR UPDATE`;
        return work(tx, await this.find(user, uploadId, tx));
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
}
