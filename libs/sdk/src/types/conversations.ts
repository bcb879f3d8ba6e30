// The conversation list.
import type { ZIMConversationEvent, ZIMConversationNotificationStatus, ZIMConversationType } from '../enums';
import type { ZIMMessage } from './messages';

/** ZIMMessageMentionedInfo: someone mentioned you in a conversation (ZIMMessageMentionedType numbers in `type`). */
export interface ZIMMessageMentionedInfo {
  fromUserID: string;
  userID: string;
  type: number;
}

/** ZIMConversation: one entry of your conversation list, as you see it. */
export interface ZIMConversation {
  /** Peer: the other user's ID; Group: the group ID. */
  conversationID: string;
  /** Group: the group's name; Peer: '' (Parley keeps no user profiles). */
  conversationName: string;
  /** Always '': Parley keeps no aliases or avatars. */
  conversationAlias: string;
  conversationAvatarUrl: string;
  type: ZIMConversationType;
  /** Messages from others after your read position, minus those you deleted. */
  unreadMessageCount: number;
  /** The newest message you have not deleted; absent when there is none. */
  lastMessage?: ZIMMessage;
  /** Sort key, newest first (after pinned conversations). */
  orderKey: number;
  notificationStatus: ZIMConversationNotificationStatus;
  isPinned: boolean;
  draft: string;
  /**
   * Group: you are no longer a member (you left, were kicked, or the group was dismissed); the
   * conversation stays in the list with its history (ZIMGroupConversation.isDisabled). Peer: false.
   */
  isDisabled: boolean;
  /** Always empty: Parley has no conversation marks or per-conversation mention tracking yet. */
  marks: number[];
  mentionedInfoList: ZIMMessageMentionedInfo[];
}

export interface ZIMConversationQueryConfig {
  /** The last conversation of the previous page; omit on the first call. */
  nextConversation?: ZIMConversation;
  /** 1-100. */
  count: number;
}

export interface ZIMConversationListQueriedResult {
  /** Pinned conversations first, then newest first. */
  conversationList: ZIMConversation[];
}

export interface ZIMConversationQueriedResult {
  conversation: ZIMConversation;
}

export interface ZIMConversationTotalUnreadMessageCountQueriedResult {
  /** Sum over conversations that are not DoNotDisturb. */
  totalUnreadMessageCount: number;
}

/** The conversation a call acted on; ZIM gives each call's result its own name, all of this shape. */
export interface ZIMConversationOperatedResult {
  conversationID: string;
  conversationType: ZIMConversationType;
}
export type ZIMConversationUnreadMessageCountClearedResult = ZIMConversationOperatedResult;
export type ZIMConversationNotificationStatusSetResult = ZIMConversationOperatedResult;
export type ZIMConversationPinnedStateUpdatedResult = ZIMConversationOperatedResult;
export type ZIMConversationDeletedResult = ZIMConversationOperatedResult;
export type ZIMConversationDraftSetResult = ZIMConversationOperatedResult;

export interface ZIMConversationDeleteConfig {
  /** Default true. Parley keeps no client copy, so false deletes nothing (as with isAlsoDeleteServerMessage). */
  isAlsoDeleteServerConversation: boolean;
}

/** One entry of a conversationChanged batch. */
export interface ZIMConversationChangeInfo {
  action: ZIMConversationEvent;
  conversation: ZIMConversation;
}
