import { ConversationType } from '@parley/contracts';
import { type SessionPrincipal, ZimError } from '@parley/platform';
import type { OutgoingMessage } from './outgoing-message';

/**
 * Who a message is for, given the conversation's members as the send transaction reads them: the
 * peer pair, or the group's or room's members, of whom the sender must be one (ZIM answers a
 * non-member's send with 6000231).
 */
export type Audience = (sender: SessionPrincipal, outgoing: OutgoingMessage, members: string[]) => string[];

export const participantsOf: Audience = (sender, outgoing, members) => {
  if (outgoing.conversationType === ConversationType.CONVERSATION_TYPE_PEER)
    return [sender.userId, outgoing.toConversationId];
  if (!members.includes(sender.userId)) {
    const what =
      outgoing.conversationType === ConversationType.CONVERSATION_TYPE_ROOM ? 'in room' : 'a member of group';
    throw ZimError.notAllowed(`you are not ${what} ${outgoing.toConversationId}`);
  }
  return members;
};
