import { ConversationType, MessageContent, MessageType } from '@parley/contracts';
import type { OutgoingMessage } from '../domain/outgoing-message';

/** A validated peer Text message, as the send use case hands it to the repository (tests only). */
export function textTo(to: string, localMessageId: string, body = localMessageId): OutgoingMessage {
  return {
    localMessageId,
    toConversationId: to,
    conversationType: ConversationType.CONVERSATION_TYPE_PEER,
    content: MessageContent.fromPartial({ type: MessageType.MESSAGE_TYPE_TEXT, text: body }),
    config: undefined,
    stored: true,
  };
}

/** A validated Text message to a group (tests only). */
export function toGroup(groupId: string, localMessageId: string): OutgoingMessage {
  return {
    ...textTo(groupId, localMessageId),
    conversationType: ConversationType.CONVERSATION_TYPE_GROUP,
  };
}
