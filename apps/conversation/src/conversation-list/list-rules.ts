import {
  ConversationChangeAction,
  type ConversationNotification,
  ConversationType,
  conversationKey as keyOf,
  type Message,
  MessageType,
  peerConversationIdFor,
  Topics,
} from '@parley/contracts';
import { eventEnvelope, type OutgoingEvent } from '@parley/platform';
import type { ListEvent } from './list-events';
import { isVisible, type ListRow } from './list-row';

// The conversation list's rules that need no database: which entries an event touches, which
// messages are listed, and how a change is announced.
/** A user's entry an event touches, with how that user names the conversation. */
export interface RowRef {
  appId: string;
  userId: string;
  conversationKey: string;
  conversationId: string;
  conversationType: number;
}

/** Messages that never reach a conversation list or an unread count. */
export const NOT_COUNTED = new Set([MessageType.MESSAGE_TYPE_COMMAND, MessageType.MESSAGE_TYPE_BARRAGE]);

/** The entries a list event changes. */
export function rowsOf(event: ListEvent): RowRef[] {
  const { appId } = event;
  switch (event.$case) {
    case 'messageSent': {
      const { message, conversationKey, inboxSeqs } = event.value;
      if (!message || !isListed(message)) return [];
      return Object.keys(inboxSeqs).map((userId) => ({
        appId,
        userId,
        conversationKey,
        conversationId: viewedId(message, userId),
        conversationType: message.conversationType,
      }));
    }
    case 'groupMemberJoined':
    case 'groupMemberLeft':
      return groupEntries(appId, event.value.groupId, event.value.userIds);
    case 'groupDismissed':
      return groupEntries(appId, event.value.groupId, event.value.memberUserIds);
    default: {
      const { userId, conversationKey, conversationId, conversationType } = event.value;
      return [{ appId, userId, conversationKey, conversationId, conversationType }];
    }
  }
}

function groupEntries(appId: string, groupId: string, userIds: string[]): RowRef[] {
  const conversationType = ConversationType.CONVERSATION_TYPE_GROUP;
  const conversationKey = keyOf(conversationType, '', groupId);
  return userIds.map((userId) => ({
    appId,
    userId,
    conversationKey,
    conversationId: groupId,
    conversationType,
  }));
}

/** Stored (seq > 0) messages of Peer and Group conversations; rooms never make list entries. */
export function isListed(message: Message): boolean {
  return message.conversationSeq > 0 && message.conversationType !== ConversationType.CONVERSATION_TYPE_ROOM;
}

export function viewedId(message: Message, viewer: string): string {
  return message.conversationType === ConversationType.CONVERSATION_TYPE_PEER
    ? peerConversationIdFor(viewer, message.senderUserId, message.conversationId)
    : message.conversationId;
}

/** How a row's change shows in conversationChanged (none when it stays hidden). */
export function changeAction(
  before: { visible: boolean; disabled: boolean } | undefined,
  row: ListRow,
): ConversationChangeAction | undefined {
  const wasVisible = before?.visible ?? false;
  const isNowVisible = isVisible(row);
  if (!wasVisible && isNowVisible) return ConversationChangeAction.CONVERSATION_CHANGE_ACTION_ADDED;
  if (wasVisible && isNowVisible && row.isDisabled && !before?.disabled)
    return ConversationChangeAction.CONVERSATION_CHANGE_ACTION_DISABLED;
  if (wasVisible && isNowVisible) return ConversationChangeAction.CONVERSATION_CHANGE_ACTION_UPDATED;
  if (wasVisible && !isNowVisible) return ConversationChangeAction.CONVERSATION_CHANGE_ACTION_DELETED;
  return undefined;
}

/** A notification for one user's devices (session pushes it), keyed by user so theirs stay in order. */
export function notification(
  appId: string,
  userId: string,
  event: ConversationNotification['event'],
): OutgoingEvent {
  return eventEnvelope(Topics.conversationNotifications, `${appId}/${userId}`, { appId, userId, event });
}
