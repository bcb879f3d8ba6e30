import { ConversationType } from './generated/parley/common/v1/types';

/**
 * The canonical key of a conversation, the same for every participant. A Peer conversation
 * is seen by each side under the other's user ID, so its key joins both IDs in a fixed order.
 */
export function conversationKey(
  type: ConversationType,
  senderUserId: string,
  toConversationId: string,
): string {
  switch (type) {
    case ConversationType.CONVERSATION_TYPE_PEER: {
      // Length-prefixed so IDs that contain ':' cannot make two pairs collide.
      const [a, b] = [senderUserId, toConversationId].sort();
      return `p:${a.length}:${a}:${b}`;
    }
    case ConversationType.CONVERSATION_TYPE_GROUP:
      return `g:${toConversationId}`;
    case ConversationType.CONVERSATION_TYPE_ROOM:
      return `r:${toConversationId}`;
  }
}

/** The conversation ID a given viewer uses for a Peer conversation: the other participant. */
export function peerConversationIdFor(viewerUserId: string, senderUserId: string, toUserId: string): string {
  return viewerUserId === senderUserId ? toUserId : senderUserId;
}
