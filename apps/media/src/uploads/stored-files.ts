import { Injectable } from '@nestjs/common';
import type { MessageType, UploadedFile } from '@parley/contracts';
import { FileTickets, outboxRow, type SessionPrincipal } from '@parley/platform';
import type { Prisma } from '../generated/prisma';
import { mediaEvent } from '../media-events';
import { ObjectStorage } from '../repositories/object-storage';
import { MediaDatabase } from '../repositories/prisma.service';

export type UploadRow = Awaited<ReturnType<MediaDatabase['upload']['findFirstOrThrow']>>;
export type StoredFileRow = Awaited<ReturnType<MediaDatabase['storedFile']['findFirstOrThrow']>>;

/**
 * Completed files: one stored object per content (the same bytes uploaded twice are kept once), and
 * the grant that lets their uploader download and send them (a viewer row and a signed ticket).
 */
@Injectable()
export class StoredFiles {
  constructor(
    private readonly db: MediaDatabase,
    private readonly storage: ObjectStorage,
    private readonly tickets: FileTickets,
  ) {}

  /** One stored object per content: a second upload of the same bytes is dropped in favour of the first. */
  async storeOnce(tx: Prisma.TransactionClient, up: UploadRow, sha256: string): Promise<StoredFileRow> {
    const same = await tx.storedFile.findUnique({
      where: { appId_sha256_fileSize: { appId: up.appId, sha256, fileSize: up.fileSize } },
    });
    if (same) {
      await this.storage.remove(up.objectKey);
      return same;
    }
    // Announced with the commit: thumbnails and other derived files are made from this event.
    await tx.outboxEvent.create({
      data: outboxRow(
        mediaEvent(up.appId, up.id, {
          $case: 'mediaUploaded',
          value: { fileUid: up.id, messageType: up.messageType, fileSize: Number(up.fileSize), sha256 },
        }),
      ),
    });
    return tx.storedFile.create({
      data: {
        fileUid: up.id,
        appId: up.appId,
        ownerUserId: up.userId,
        objectKey: up.objectKey,
        fileName: up.fileName,
        messageType: up.messageType,
        fileSize: up.fileSize,
        sha256,
      },
    });
  }

  /** The uploader may download the file and send it: a viewer row and a signed ticket. */
  async grant(user: SessionPrincipal, file: StoredFileRow, fileName: string): Promise<UploadedFile> {
    await this.db.fileViewer.createMany({
      data: [{ appId: user.appId, fileUid: file.fileUid, userId: user.userId }],
      skipDuplicates: true,
    });
    const claims = {
      appId: user.appId,
      userId: user.userId,
      fileUid: file.fileUid,
      fileName,
      fileSize: Number(file.fileSize),
      sha256: file.sha256,
      messageType: file.messageType,
    };
    return {
      ...claims,
      messageType: file.messageType as MessageType,
      fileTicket: await this.tickets.issue(claims),
    };
  }
}
