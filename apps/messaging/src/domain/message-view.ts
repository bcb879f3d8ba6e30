import { ConversationType, type Message, peerConversationIdFor } from '@parley/contracts';
import { ZimError } from '@parley/platform';

/** The stored message as `viewer` sees it: a Peer recipient sees the sender's ID as the conversation. */
export function viewedBy(viewer: string, message: Message, inboxSeq = 0): Message {
  const conversationId =
    message.conversationType === ConversationType.CONVERSATION_TYPE_PEER
      ? peerConversationIdFor(viewer, message.senderUserId, message.conversationId)
      : message.conversationId;
  return { ...message, conversationId, inboxSeq };
}

/** Checks a conversation reference from a client (its ID as the caller sees it, and its type). */
export function validateConversationRef(conversationId: string, type: ConversationType): void {
  if (!conversationId || Buffer.byteLength(conversationId) > 32) {
    throw ZimError.invalidParams('conversationID is required (at most 32 bytes)');
  }
  if (
    ![
      ConversationType.CONVERSATION_TYPE_PEER,
      ConversationType.CONVERSATION_TYPE_ROOM,
      ConversationType.CONVERSATION_TYPE_GROUP,
    ].includes(type)
  ) {
    throw ZimError.invalidParams(`conversation type ${type} is unknown: use Peer (0), Room (1) or Group (2)`);
  }
}
