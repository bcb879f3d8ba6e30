import {
  type ConversationEvent,
  type ConversationDeleted,
  type GroupDismissed,
  type GroupMemberJoined,
  type GroupMemberLeft,
  type ConversationRead,
  type ConversationSettingsChanged,
  type MessageSent,
  type MessagesDeleted,
  type MessagingEvent,
} from '@parley/contracts';

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

/** The list events among envelopes of either topic (their event cases do not overlap), in order. */
export function toListEvents(envelopes: Array<MessagingEvent | ConversationEvent>): ListEvent[] {
  const out: ListEvent[] = [];
  for (const { appId, event } of envelopes) {
    switch (event?.$case) {
      case 'messageSent':
      case 'messagesDeleted':
      case 'conversationRead':
      case 'conversationSettingsChanged':
      case 'conversationDeleted':
      case 'groupMemberJoined':
      case 'groupMemberLeft':
      case 'groupDismissed':
        out.push({ appId, ...event } as ListEvent);
    }
  }
  return out;
}
