import {
  ConversationEvent,
  type ConversationDeleted,
  type GroupDismissed,
  type GroupMemberJoined,
  type GroupMemberLeft,
  type ConversationRead,
  type ConversationSettingsChanged,
  type MessageSent,
  type MessagesDeleted,
  MessagingEvent,
  Topics,
} from '@parley/contracts';
import { decodeEach, type IncomingEvent } from '@parley/platform';

/** The facts a conversation list is made of: messaging's events, the user's own list actions, group membership. */
export type ListEvent = { appId: string } & (
  | { $case: 'messageSent'; value: MessageSent }
  | { $case: 'messagesDeleted'; value: MessagesDeleted }
  | { $case: 'conversationRead'; value: ConversationRead }
  | { $case: 'conversationSettingsChanged'; value: ConversationSettingsChanged }
  | { $case: 'conversationDeleted'; value: ConversationDeleted }
  // Membership: a group entry is disabled while its user is not a member.
  | { $case: 'groupMemberJoined'; value: GroupMemberJoined }
  | { $case: 'groupMemberLeft'; value: GroupMemberLeft }
  | { $case: 'groupDismissed'; value: GroupDismissed }
);

/** Decodes a Kafka batch (either topic) into list events, skipping what the list does not follow. */
export function toListEvents(events: IncomingEvent[]): ListEvent[] {
  const out: ListEvent[] = [];
  const fromMessaging = events.filter((e) => e.topic === Topics.messagingEvents);
  const fromConversation = events.filter((e) => e.topic === Topics.conversationEvents);
  for (const { appId, event } of decodeEach(fromMessaging, MessagingEvent.decode)) {
    if (event?.$case === 'messageSent' || event?.$case === 'messagesDeleted') out.push({ appId, ...event });
  }
  for (const { appId, event } of decodeEach(fromConversation, ConversationEvent.decode)) {
    switch (event?.$case) {
      case 'conversationRead':
      case 'conversationSettingsChanged':
      case 'conversationDeleted':
      case 'groupMemberJoined':
      case 'groupMemberLeft':
      case 'groupDismissed':
        out.push({ appId, ...event });
    }
  }
  return out;
}
