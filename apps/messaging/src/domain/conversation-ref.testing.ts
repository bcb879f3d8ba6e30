import { ConversationType } from '@parley/contracts';

/** Conversation references validateConversationRef refuses (6000001), for the specs of the use cases that take one. */
export const BAD_CONVERSATION_REFS: [what: string, conversationId: string, type: ConversationType][] = [
  ['no conversation ID', '', ConversationType.CONVERSATION_TYPE_PEER],
  ['a conversation ID over 32 bytes', 'é'.repeat(17), ConversationType.CONVERSATION_TYPE_GROUP],
  ['an unknown conversation type', 'bob', 7 as ConversationType],
];
