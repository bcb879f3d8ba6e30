import type { Message, SubscribeResponse } from '@parley/contracts';
import { toZIMConversationChanges } from './conversations';
import {
  ZIMConversationType,
  type ZIMGroupMemberEvent,
  ZIMGroupMemberRole,
  type ZIMGroupMemberState,
  ZIMMessageDeleteType,
} from './enums';
import { toZIMMessage } from './message-mapping';
import type { ZIMEventHandler, ZIMGroupMemberInfo } from './types';

/** One zim.on(...) event to raise: its name and payload, typed together. */
export type Emission = {
  [K in keyof ZIMEventHandler]: { name: K; data: ZIMEventHandler[K] };
}[keyof ZIMEventHandler];

const RECEIVE_EVENT = {
  [ZIMConversationType.Peer]: 'receivePeerMessage',
  [ZIMConversationType.Room]: 'receiveRoomMessage',
  [ZIMConversationType.Group]: 'receiveGroupMessage',
} as const;

/**
 * Stream events other than received messages (those go through InboxSync first) → ZIM events.
 * The viewer is the logged-in user: a conversation's lastMessage direction depends on who looks at it.
 */
export function streamEventToZIM(event: SubscribeResponse, viewerUserID: string): Emission | undefined {
  switch (event.event?.$case) {
    case 'connectionStateChanged': {
      const { state, event: reason, extendedData } = event.event.value;
      return { name: 'connectionStateChanged', data: { state, event: reason, extendedData } };
    }
    case 'tokenWillExpire':
      return { name: 'tokenWillExpire', data: { second: event.event.value.second } };
    case 'messageDeleted': {
      const { conversationId, conversationType, messageIds, isDeleteConversationAllMessage } =
        event.event.value;
      const type = conversationType as number as ZIMConversationType;
      return {
        name: 'messageDeleted',
        data: {
          conversationID: conversationId,
          conversationType: type,
          messageDeleteType: isDeleteConversationAllMessage
            ? ZIMMessageDeleteType.ConversationAllMessagesDeleted
            : ZIMMessageDeleteType.MessageListDeleted,
          isDeleteConversationAllMessage,
          messageList: messageIds.map((messageID) => ({
            messageID,
            conversationID: conversationId,
            conversationType: type,
          })),
        },
      };
    }
    case 'conversationChanged': {
      const infoList = toZIMConversationChanges(event.event.value.changes, viewerUserID);
      return infoList.length > 0 ? { name: 'conversationChanged', data: { infoList } } : undefined;
    }
    case 'conversationTotalUnreadMessageCountUpdated':
      return {
        name: 'conversationTotalUnreadMessageCountUpdated',
        data: { totalUnreadMessageCount: event.event.value.totalUnreadMessageCount },
      };
    case 'roomMembersChanged': {
      const { roomId, userIds, joined } = event.event.value;
      return {
        name: joined ? 'roomMemberJoined' : 'roomMemberLeft',
        data: { roomID: roomId, memberList: userIds.map((userID) => ({ userID, userName: '' })) },
      };
    }
    case 'groupMemberStateChanged': {
      const { groupId, state, event: reason, userIds, operatorUserId } = event.event.value;
      return {
        name: 'groupMemberStateChanged',
        data: {
          groupID: groupId,
          // The server sends ZIM's numbers (see the proto).
          state: state as ZIMGroupMemberState,
          event: reason as ZIMGroupMemberEvent,
          userList: userIds.map(groupMember),
          operatedInfo: groupMember(operatorUserId),
        },
      };
    }
    default:
      return undefined;
  }
}

/** The event names users only: Parley keeps no profiles, and roles are not carried, so Member. */
const groupMember = (userID: string): ZIMGroupMemberInfo => ({
  userID,
  userName: '',
  memberNickname: '',
  memberRole: ZIMGroupMemberRole.Member,
  memberAvatarUrl: '',
});

/** Messages → receive…Message events, one per conversation, keeping their order. */
export function receiveEvents(
  messages: Message[],
  viewerUserID: string,
  isOfflineMessage: boolean,
): Emission[] {
  const byConversation = new Map<string, Message[]>();
  for (const m of messages) {
    const key = `${m.conversationType}\u0000${m.conversationId}`;
    byConversation.set(key, [...(byConversation.get(key) ?? []), m]);
  }
  const emissions: Emission[] = [];
  for (const list of byConversation.values()) {
    const first = list[0];
    const name = first && RECEIVE_EVENT[first.conversationType as number as keyof typeof RECEIVE_EVENT];
    if (!first || !name) continue;
    emissions.push({
      name,
      data: {
        messageList: list.map((m) => toZIMMessage(m, viewerUserID)),
        fromConversationID: first.conversationId,
        info: { isOfflineMessage },
      },
    });
  }
  return emissions;
}
