import { EventPattern } from '@nestjs/microservices';
import { type MediaEvent, type MessagingEvent, Topics } from '@parley/contracts';
import { KafkaController, Payloads } from '@parley/platform';
import { Downloads } from '../downloads/downloads';
import { ImageProcessor } from '../processing/image-processor';

/** What media follows: who may download which file, and uploaded images to derive thumbnails from. */
@KafkaController()
export class MediaConsumers {
  constructor(
    private readonly downloads: Downloads,
    private readonly images: ImageProcessor,
  ) {}

  /** Who may download what: a durable projection of MessageSent (from offset 0 the first time). */
  @EventPattern(Topics.messagingEvents, { group: 'viewers', waitForJoin: false })
  onMessagingEvents(@Payloads() events: MessagingEvent[]) {
    return this.downloads.handleBatch(events);
  }

  /** Thumbnails and large images, made after upload from MediaUploaded. */
  @EventPattern(Topics.mediaEvents, { group: 'processing', waitForJoin: false })
  onMediaEvents(@Payloads() events: MediaEvent[]) {
    return this.images.handleBatch(events);
  }
}
