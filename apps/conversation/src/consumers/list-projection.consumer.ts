import { EventPattern } from '@nestjs/microservices';
import { type ConversationEvent, type MessagingEvent, Topics } from '@parley/contracts';
import { KafkaController, Payloads } from '@parley/platform';
import { ListProjector } from '../conversation-list/list-projector';

/** The consumer group of the conversation-list projection (rebuild-projection resets it): `parley-conversation-list`. */
export const LIST_PROJECTION_GROUP = 'parley-conversation-list';
/** What the conversation list is made of. */
export const LIST_PROJECTION_TOPICS = [Topics.messagingEvents, Topics.conversationEvents];

/**
 * The conversation-list projection: a durable consumer group over messaging's events and the list's
 * own topic, from offset 0 the first time; each partition's batch is applied in one transaction.
 */
@KafkaController()
export class ListProjectionConsumer {
  constructor(private readonly projector: ListProjector) {}

  @EventPattern(Topics.messagingEvents, { group: 'list', waitForJoin: false })
  onMessagingEvents(@Payloads() events: MessagingEvent[]) {
    return this.projector.handleBatch(events);
  }

  @EventPattern(Topics.conversationEvents, { group: 'list', waitForJoin: false })
  onConversationEvents(@Payloads() events: ConversationEvent[]) {
    return this.projector.handleBatch(events);
  }
}
