import { type MediaContent, MediaEvent, Message } from '@parley/contracts';
import { decodeEach, type IncomingEvent } from '@parley/platform';
import type { Prisma } from '../generated/prisma';
import type { MessagingDatabase } from '../repositories/prisma.service';

type Db = MessagingDatabase | Prisma.TransactionClient;
type Processed = Pick<MediaContent, 'imageWidth' | 'imageHeight' | 'thumbnailReady' | 'largeImageReady'>;

/** Serialises a file's MediaProcessed with sends of that file, so no message misses the update. */
export async function lockFile(tx: Prisma.TransactionClient, appId: string, fileUid: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`media/${appId}/${fileUid}`}))`;
}

/** What media has announced about a file (undefined until MediaProcessed arrives). */
export async function processedState(db: Db, appId: string, fileUid: string): Promise<Processed | undefined> {
  const row = await db.mediaFile.findUnique({
    where: { appId_fileUid: { appId, fileUid } },
    select: { imageWidth: true, imageHeight: true, thumbnailReady: true, largeImageReady: true },
  });
  return row ?? undefined;
}

/**
 * messaging's projection of MediaProcessed: records the file's derived images and updates every
 * stored message that carries the file, so history and offline sync show them. Idempotent.
 */
export class ProcessedMedia {
  constructor(private readonly db: MessagingDatabase) {}

  readonly handleBatch = async (events: IncomingEvent[]): Promise<void> => {
    for (const { appId, event } of decodeEach(events, MediaEvent.decode)) {
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
  };
}
