import { Injectable } from '@nestjs/common';
import { type MediaEvent, MessageType } from '@parley/contracts';
import { logger, OutboxRelay, outboxRow } from '@parley/platform';
import sharp from 'sharp';
import { mediaEvent } from '../media-events';
import { ObjectStorage } from '../repositories/object-storage';
import { MediaDatabase } from '../repositories/prisma.service';

/** Longer side of the derived images, in pixels (never enlarged). */
export const THUMBNAIL_PX = 240;
export const LARGE_IMAGE_PX = 1200;

/**
 * Makes an uploaded image's thumbnail and large image (sharp) from its MediaUploaded event, stores
 * them beside the original and announces MediaProcessed. Idempotent: a file already processed is
 * skipped. Other types are only marked processed (no video first frame: see docs/architecture.md).
 */
@Injectable()
export class ImageProcessor {
  constructor(
    private readonly db: MediaDatabase,
    private readonly storage: ObjectStorage,
    private readonly relay: OutboxRelay,
  ) {}

  readonly handleBatch = async (events: MediaEvent[]): Promise<void> => {
    for (const { appId, event } of events) {
      if (event?.$case === 'mediaUploaded') await this.process(appId, event.value.fileUid);
    }
  };

  private async process(appId: string, fileUid: string): Promise<void> {
    const file = await this.db.storedFile.findUnique({ where: { fileUid } });
    if (!file || file.appId !== appId || file.processedAt) return;
    let derived: { width: number; height: number; thumbnailKey: string; largeKey: string } | undefined;
    if (file.messageType === MessageType.MESSAGE_TYPE_IMAGE) {
      try {
        derived = await this.derive(file.objectKey);
      } catch (err) {
        // Passed the magic-byte check but sharp cannot read it: keep the original only, do not retry forever.
        logger.warn({ err, fileUid }, 'image could not be processed: no thumbnail');
      }
    }
    await this.db.$transaction([
      this.db.storedFile.update({
        where: { fileUid },
        data: {
          processedAt: new Date(),
          imageWidth: derived?.width ?? null,
          imageHeight: derived?.height ?? null,
          thumbnailKey: derived?.thumbnailKey ?? null,
          largeKey: derived?.largeKey ?? null,
        },
      }),
      this.db.outboxEvent.create({
        data: outboxRow(
          mediaEvent(appId, fileUid, {
            $case: 'mediaProcessed',
            value: {
              fileUid,
              imageWidth: derived?.width ?? 0,
              imageHeight: derived?.height ?? 0,
              thumbnailReady: derived !== undefined,
              largeImageReady: derived !== undefined,
            },
          }),
        ),
      }),
    ]);
    void this.relay.flush();
  }

  private async derive(objectKey: string) {
    const original = await this.storage.read(objectKey);
    const image = sharp(original, { failOn: 'error' }).rotate(); // honour EXIF orientation
    const { width = 0, height = 0 } = await image.metadata();
    const variant = (px: number) =>
      image
        .clone()
        .resize(px, px, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 80 })
        .toBuffer();
    const [thumbnail, large] = await Promise.all([variant(THUMBNAIL_PX), variant(LARGE_IMAGE_PX)]);
    const thumbnailKey = `${objectKey}.thumbnail.jpg`;
    const largeKey = `${objectKey}.large.jpg`;
    await this.storage.write(thumbnailKey, thumbnail, 'image/jpeg');
    await this.storage.write(largeKey, large, 'image/jpeg');
    return { width, height, thumbnailKey, largeKey };
  }
}
