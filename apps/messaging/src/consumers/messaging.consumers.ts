import { EventPattern } from '@nestjs/microservices';
import { type ConversationEvent, type MediaEvent, Topics } from '@parley/contracts';
import { KafkaController, Payloads } from '@parley/platform';
import { MediaFileRepository } from '../repositories/media-file.repository';
import { MembershipRepository } from '../repositories/membership.repository';

/** The events messaging keeps projections of: who is in which group or room, and processed images. */
@KafkaController()
export class MessagingConsumers {
  constructor(
    private readonly membership: MembershipRepository,
    private readonly processedMedia: MediaFileRepository,
  ) {}

  /** Group and room membership, to check senders and fan messages out (durable: from the start once). */
  @EventPattern(Topics.conversationEvents, { group: 'membership', waitForJoin: false })
  onConversationEvents(@Payloads() events: ConversationEvent[]) {
    return this.membership.applyAll(events);
  }

  /** Thumbnails and large images of uploaded images, once media has made them. */
  @EventPattern(Topics.mediaEvents, { group: 'media', waitForJoin: false })
  onMediaEvents(@Payloads() events: MediaEvent[]) {
    return this.processedMedia.applyAll(events);
  }
}
