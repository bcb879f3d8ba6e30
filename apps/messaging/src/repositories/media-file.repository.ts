import { type MediaContent, type MediaEvent, Message } from '@parley/contracts';
import { Injectable } from '@nestjs/common';
import type { RawSql } from '@parley/platform';
import { MessagingDatabase } from '../repositories/prisma.service';

type Processed = Pick<MediaContent, 'imageWidth' | 'imageHeight' | 'thumbnailReady' | 'largeImageReady'>;

/** Serialises a file's MediaProcessed with sends of that file, so no message misses the update. */
export async function lockFile(tx: RawSql, appId: string, fileUid: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`media/${appId}/${fileUid}`}))`;
}

/** What media has announced about a file (undefined until MediaProcessed arrives). */
export async function processedState(
  db: RawSql,
  appId: string,
  fileUid: string,
): Promise<Processed | undefined> {
  const [row] = await db.$queryRaw<Processed[]>`
    SELECT image_width AS "imageWidth", image_height AS "imageHeight",
           thumbnail_ready AS "thumbnailReady", large_image_ready AS "largeImageReady"
    FROM media_file WHERE app_id = ${appId} AND file_uid = ${fileUid}`;
  return row;
}

/**
 * messaging's projection of MediaProcessed: records the file's derived images and updates every
 * stored message that carries the file, so history and offline sync show them. Idempotent.
 */
@Injectable()
export class MediaFileRepository {
  constructor(private readonly db: MessagingDatabase) {}

  /** Applies a batch of media events in order (only MediaProcessed matters here). */
  async applyAll(events: MediaEvent[]): Promise<void> {
    for (const { appId, event } of events) {
      if (event?.$case !== 'mediaProcessed') continue;
      const { fileUid, ...state } = event.value;
      await this.db.$transaction(async (tx) => {
        await lockFile(tx, appId, fileUid);
        await tx.mediaFile.upsert({
          where: { appId_fileUid: { appId, fileUid } },
          create: { appId, fileUid, ...state },
          update: state,
        });
        const messages = await tx.message.findMany({
          where: { appId, fileUid },
          select: { id: true, payload: true },
        });
        for (const m of messages) {
          const message = Message.decode(m.payload);
          if (!message.media) continue;
          message.media = { ...message.media, ...state };
          await tx.message.update({
            where: { id: m.id },
            data: { payload: Buffer.from(Message.encode(message).finish()) },
          });
        }
      });
    }
  }
}
