import {
  ConversationEvent,
  type ConversationDeleted,
  type ConversationRead,
  type ConversationSettingsChanged,
  type MessageSent,
  type MessagesDeleted,
  MessagingEvent,
  Topics,
} from '@parley/contracts';
import { decodeEach, type IncomingEvent } from '@parley/platform';

/** The facts a conversation list is made of: messaging's events and the user's own list actions. */
export type ListEvent = { appId: string } & (
  | { $case: 'messageSent'; value: MessageSent }
  | { $case: 'messagesDeleted'; value: MessagesDeleted }
  | { $case: 'conversationRead'; value: ConversationRead }
  | { $case: 'conversationSettingsChanged'; value: ConversationSettingsChanged }
  | { $case: 'conversationDeleted'; value: ConversationDeleted }
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
        out.push({ appId, ...event });
    }
  }
  return out;
}
