// ZIMEventHandler: every event a ZIM instance emits, with its payload.
import type { ZIMMessageSentStatus } from '../enums';
import type {
  ZIMEventOfConnectionStateChangedResult,
  ZIMEventOfMessageDeletedResult,
  ZIMEventOfReceiveConversationMessageResult,
  ZIMMessage,
} from './messages';
import type { ZIMConversationChangeInfo } from './conversations';
import type {
  ZIMEventOfGroupMemberStateChangedResult,
  ZIMEventOfRoomMembersUpdatedResult,
} from './groups-rooms';

/** Event names and payloads of zim.on(...), as in ZIM's Web SDK. */
export interface ZIMEventHandler {
  /**
   * Connected after login; Reconnecting (LoginInterrupted) when the event stream drops without the server
   * saying why, then Connected again once it is back (missed messages follow, isOfflineMessage true);
   * Disconnected when the login ends: logout (Success), KickedOut, TokenExpired.
   */
  connectionStateChanged: ZIMEventOfConnectionStateChangedResult;
  /** A message you sent changed status: Success once stored, Failed with the error code as reason. */
  messageSentStatusChanged: {
    infos: { status: ZIMMessageSentStatus; message: ZIMMessage; reason: number }[];
  };
  /** You deleted messages on another device. */
  messageDeleted: ZIMEventOfMessageDeletedResult;
  /**
   * The login token runs out in `second` seconds: get a new one from your app server and call renewToken
   * (done for you when ZIM.create was given a tokenProvider).
   */
  tokenWillExpire: { second: number };
  receivePeerMessage: ZIMEventOfReceiveConversationMessageResult;
  receiveRoomMessage: ZIMEventOfReceiveConversationMessageResult;
  receiveGroupMessage: ZIMEventOfReceiveConversationMessageResult;
  /** Entries of your conversation list changed (new message, read, settings, deletion), in one batch. */
  conversationChanged: { infoList: ZIMConversationChangeInfo[] };
  /** Your total unread count changed; sent only when the number changes. */
  conversationTotalUnreadMessageCountUpdated: { totalUnreadMessageCount: number };
  /** Users entered a room you are in (those who entered are told too). Live only: not caught up after a reconnect. */
  roomMemberJoined: ZIMEventOfRoomMembersUpdatedResult;
  /** Users left a room you are in (those who left are told too). Live only, like roomMemberJoined. */
  roomMemberLeft: ZIMEventOfRoomMembersUpdatedResult;
  /** Users joined, left, were invited into or kicked out of a group you are in (or were, when it is you). Live only. */
  groupMemberStateChanged: ZIMEventOfGroupMemberStateChangedResult;
  /** Something the SDK did on its own failed (offline sync, a token renewal with tokenProvider). */
  error: { code: number; message: string };
}
