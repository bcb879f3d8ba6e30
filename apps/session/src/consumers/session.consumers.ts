import { EventPattern } from '@nestjs/microservices';
import {
  type ConversationEvent,
  type ConversationNotification,
  type MessagingEvent,
  type SessionEvent,
  Topics,
} from '@parley/contracts';
import { KafkaController, Payloads } from '@parley/platform';
import { ConversationNotices } from '../delivery/conversation-notices';
import { MembershipNotices } from '../delivery/membership-notices';
import { MessageDelivery } from '../delivery/message-delivery';
import { SessionEventsListener } from '../subscribe/session-events.listener';

/**
 * What session pushes to its connected clients. Each replica delivers to its own clients, so each
 * reads every event: one consumer group per replica (stable across its restarts), from the live end.
 */
@KafkaController()
export class SessionConsumers {
  constructor(
    private readonly delivery: MessageDelivery,
    private readonly notices: ConversationNotices,
    private readonly members: MembershipNotices,
    private readonly sessionEvents: SessionEventsListener,
  ) {}

  @EventPattern(Topics.messagingEvents, { group: 'delivery', scope: 'replica', fromBeginning: false })
  onMessagingEvents(@Payloads() events: MessagingEvent[]) {
    return this.delivery.handleBatch(events);
  }

  @EventPattern(Topics.conversationNotifications, {
    group: 'notices',
    scope: 'replica',
    fromBeginning: false,
  })
  onNotifications(@Payloads() events: ConversationNotification[]) {
    return this.notices.handleBatch(events);
  }

  @EventPattern(Topics.conversationEvents, { group: 'members', scope: 'replica', fromBeginning: false })
  onConversationEvents(@Payloads() events: ConversationEvent[]) {
    return this.members.handleBatch(events);
  }

  /** Kicks and renewals answered by any replica, applied to the streams held here. */
  // Named when it carried only SessionEnded; renewals joined it later (kept: it holds offsets).
  @EventPattern(Topics.sessionEvents, { group: 'ended', scope: 'replica', fromBeginning: false })
  onSessionEvents(@Payloads() events: SessionEvent[]) {
    this.sessionEvents.handleBatch(events);
  }
}
