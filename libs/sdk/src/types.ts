import type {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationEvent,
  ZIMConversationNotificationStatus,
  ZIMConversationType,
  ZIMGroupMemberEvent,
  ZIMGroupMemberRole,
  ZIMGroupMemberState,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageDeleteType,
  ZIMMessageType,
  ZIMPlatformType,
} from './enums';

export interface ZIMAppConfig {
  appID: number | string;
  /** host:port of Parley's edge; defaults to PARLEY_ENDPOINT, then the local stack's 127.0.0.1:15050. */
  endpoint?: string;
  /** The device's platform (default Linux): a second login of the same user on the same platform kicks the first out. */
  platform?: ZIMPlatformType;
  /**
   * Parley extension: fetches a fresh login token for `userID` from your app server. When set, the SDK
   * answers tokenWillExpire itself (it still raises the event): it calls this, then renewToken with the
   * result; a failure of either is reported through the `error` event. Without it, call renewToken yourself.
   */
  tokenProvider?: (userID: string) => Promise<string>;
}

export interface ZIMLoginConfig {
  userName?: string;
  /** JWT from your app server (see generateToken). */
  token: string;
}

/** Fields every message input may carry. */
interface ZIMMessageInputBase {
  extendedData?: string;
  mentionedUserIDs?: string[];
  isMentionAll?: boolean;
}

/** What the app passes to sendMessage, one shape per ZIM message type. */
export type ZIMMessageInput =
  | (ZIMMessageInputBase & { type: ZIMMessageType.Text; message: string })
  | (ZIMMessageInputBase & { type: ZIMMessageType.Command; message: Uint8Array })
  | (ZIMMessageInputBase & { type: ZIMMessageType.Barrage; message: string })
  | (ZIMMessageInputBase & {
      type: ZIMMessageType.Custom;
      message: string;
      subType: number;
      searchedContent?: string;
    });

/** A message as stored by the server (ZIMMessage). `message` is bytes for Command messages, text otherwise. */
export interface ZIMMessage {
  type: ZIMMessageType;
  message: string | Uint8Array;
  messageID: string;
  localMessageID: string;
  senderUserID: string;
  conversationID: string;
  conversationType: ZIMConversationType;
  direction: ZIMMessageDirection;
  sentStatus: ZIMMessageSentStatus;
  timestamp: number;
  /** Position in the conversation (1, 2, 3…); 0 for Command and Barrage messages, which are not stored. */
  conversationSeq: number;
  orderKey: number;
  extendedData: string;
  mentionedUserIDs: string[];
  isMentionAll: boolean;
  /** Custom messages only. */
  subType: number;
  searchedContent: string;
  // Image, File, Audio and Video messages only (ZIMMediaMessage): the file.
  /** Set for a file uploaded to Parley ('' for a developer-hosted one); see queryMediaDownloadUrl. */
  fileUID?: string;
  fileName?: string;
  /** Bytes. */
  fileSize?: number;
  /** A developer-hosted file's URL; '' for an uploaded file (its URLs are short-lived: queryMediaDownloadUrl). */
  fileDownloadUrl?: string;
  /** Where the file is on this machine: the sender's path when it was uploaded from one, or downloadMediaFile's target; '' otherwise. */
  fileLocalPath?: string;
  /** Uploaded images, once processed (0 before): the original's size in pixels. */
  originalImageWidth?: number;
  originalImageHeight?: number;
  /**
   * Uploaded images: a thumbnail / large image can be fetched (queryMediaDownloadUrl with
   * ZIMMediaFileType.Thumbnail / LargeImage). Made just after upload, so a message received live may
   * show false; history and offline sync show the processed state.
   */
  thumbnailReady?: boolean;
  largeImageReady?: boolean;
}

/** A message that carries a file: Image, File, Audio or Video. */
export type ZIMMediaMessage = ZIMMessage &
  Required<Pick<ZIMMessage, 'fileUID' | 'fileName' | 'fileSize' | 'fileDownloadUrl' | 'fileLocalPath'>>;

/** The ZIM message types that carry a file. */
export type ZIMMediaMessageType =
  | ZIMMessageType.Image
  | ZIMMessageType.File
  | ZIMMessageType.Audio
  | ZIMMessageType.Video;

/** What the app passes to sendMediaMessage: exactly one of fileLocalPath (uploaded) and fileDownloadUrl (yours). */
export interface ZIMMediaMessageInput {
  type: ZIMMediaMessageType;
  /** A file on this machine: uploaded to Parley in resumable chunks before the message is sent. */
  fileLocalPath?: string;
  /** An http(s) URL of a file you host: nothing is uploaded, receivers get the URL as is. */
  fileDownloadUrl?: string;
  /** Default: the local file's base name, or the URL's last path segment. */
  fileName?: string;
  /** Bytes; for a local file it is taken from the file itself. */
  fileSize?: number;
  extendedData?: string;
}

/** ZIMPushConfig: kept with the message for the app's own push integration. */
export interface ZIMPushConfig {
  title?: string;
  content?: string;
  payload?: string;
  resourcesID?: string;
  enableBadge?: boolean;
  badgeIncrement?: number;
}

export interface ZIMMessageSendConfig {
  priority?: ZIMMessagePriority;
  hasReceipt?: boolean;
  isNotifyMentionedUsers?: boolean;
  pushConfig?: ZIMPushConfig;
}

export interface ZIMMessageSendNotification {
  /** Fires before the server answers, with localMessageID set, so a UI can show "sending". */
  onMessageAttached?: (message: ZIMMessage) => void;
}

export interface ZIMMessageSentResult {
  message: ZIMMessage;
}

export interface ZIMMediaMessageSendConfig extends ZIMMessageSendConfig {
  /** Parley extension: bytes per upload call, 64 KiB to 8 MiB (default 1 MiB). */
  uploadChunkSize?: number;
}

/** Bytes of the file so far (durably stored by the server) out of its size. */
export type ZIMMediaUploadingProgress = (
  message: ZIMMessage,
  currentFileSize: number,
  totalFileSize: number,
) => void;

export interface ZIMMediaMessageSendNotification extends ZIMMessageSendNotification {
  /** Strictly increasing; (total, total) exactly once, before the message itself is sent. */
  onMediaUploadingProgress?: ZIMMediaUploadingProgress;
}

export interface ZIMMediaMessageSentResult {
  message: ZIMMediaMessage;
}

/** Parley extension (queryMediaDownloadUrl): where a media message's file can be fetched. */
export interface ZIMMediaDownloadUrlQueriedResult {
  url: string;
  /** ms since the epoch; 0 for a developer-hosted URL, which Parley does not expire. */
  expiresAt: number;
}

/** Bytes written so far out of the file's size (0 when neither the server nor the message tells it). */
export type ZIMMediaDownloadingProgress = (
  message: ZIMMessage,
  currentFileSize: number,
  totalFileSize: number,
) => void;

export interface ZIMMediaDownloadedResult {
  /** The message with fileLocalPath set to where the file now is. */
  message: ZIMMessage;
}

export interface ZIMEventOfConnectionStateChangedResult {
  state: ZIMConnectionState;
  event: ZIMConnectionEvent;
  extendedData: string;
}

export interface ZIMMessageReceivedInfo {
  isOfflineMessage: boolean;
}

export interface ZIMEventOfReceiveConversationMessageResult {
  messageList: ZIMMessage[];
  fromConversationID: string;
  info: ZIMMessageReceivedInfo;
}

export interface ZIMMessageQueryConfig {
  /** The edge message of the previous page (the oldest when reverse, the newest otherwise); omit on the first call. */
  nextMessage?: ZIMMessage;
  /** 1-100. */
  count: number;
  /** true: newest first, paging towards older messages. */
  reverse?: boolean;
}

export interface ZIMMessageQueriedResult {
  conversationID: string;
  conversationType: ZIMConversationType;
  /** Ascending by conversationSeq. */
  messageList: ZIMMessage[];
}

export interface ZIMMessageDeleteConfig {
  /** Parley keeps no client copy: false deletes nothing; true deletes for you on the server and tells your other devices. */
  isAlsoDeleteServerMessage: boolean;
}

export interface ZIMMessageDeletedResult {
  conversationID: string;
  conversationType: ZIMConversationType;
}

export interface ZIMEventOfMessageDeletedResult {
  conversationID: string;
  conversationType: ZIMConversationType;
  messageDeleteType: ZIMMessageDeleteType;
  isDeleteConversationAllMessage: boolean;
  /** The deleted messages, by messageID only (empty when the whole conversation was deleted). */
  messageList: Pick<ZIMMessage, 'messageID' | 'conversationID' | 'conversationType'>[];
}

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

export interface ZIMGroupInfo {
  groupID: string;
  groupName: string;
  /** Always '': Parley keeps no group avatars. */
  groupAvatarUrl: string;
}

export interface ZIMGroupFullInfo {
  baseInfo: ZIMGroupInfo;
  ownerUserID: string;
  memberCount: number;
  maxMemberCount: number;
  /** ms since the epoch. */
  createdTime: number;
}

/** A group member; names and avatars are always '' (Parley keeps no user profiles). */
export interface ZIMGroupMemberInfo {
  userID: string;
  userName: string;
  memberNickname: string;
  memberRole: ZIMGroupMemberRole;
  memberAvatarUrl: string;
}

/** A user a group operation could not apply to, and why (a ZIM error code). */
export interface ZIMErrorUserInfo {
  userID: string;
  reason: number;
}

export interface ZIMGroupAdvancedConfig {
  /** Omit for the server's default (500). */
  maxMemberCount?: number;
}

export interface ZIMGroupCreatedResult {
  groupInfo: ZIMGroupFullInfo;
  userList: ZIMGroupMemberInfo[];
  errorUserList: ZIMErrorUserInfo[];
}

export interface ZIMGroupJoinedResult {
  groupInfo: ZIMGroupFullInfo;
}

export type ZIMGroupInfoQueriedResult = ZIMGroupJoinedResult;

export interface ZIMGroupLeftResult {
  groupID: string;
}

export type ZIMGroupDismissedResult = ZIMGroupLeftResult;

export interface ZIMGroupUsersInvitedResult {
  groupID: string;
  userList: ZIMGroupMemberInfo[];
  errorUserList: ZIMErrorUserInfo[];
}

export interface ZIMGroupMemberKickedResult {
  groupID: string;
  kickedUserIDList: string[];
  errorUserList: ZIMErrorUserInfo[];
}

export interface ZIMGroupMemberRoleUpdatedResult {
  groupID: string;
  forUserID: string;
  role: ZIMGroupMemberRole;
}

export interface ZIMGroupMemberListQueryConfig {
  /** 1-100. */
  count: number;
  /** 0 or omitted for the first page, then the previous result's nextFlag. */
  nextFlag?: number;
}

export interface ZIMGroupMemberListQueriedResult {
  groupID: string;
  /** In join order. */
  userList: ZIMGroupMemberInfo[];
  /** 0 when there are no more members. */
  nextFlag: number;
}

/** What createRoom and enterRoom take; roomName is used only when the call creates the room. */
export interface ZIMRoomInfo {
  roomID: string;
  roomName?: string;
}

export interface ZIMRoomFullInfo {
  baseInfo: Required<ZIMRoomInfo>;
}

export interface ZIMRoomCreatedResult {
  roomInfo: ZIMRoomFullInfo;
}

export type ZIMRoomEnteredResult = ZIMRoomCreatedResult;

export interface ZIMRoomLeftResult {
  roomID: string;
}

/** A room member; userName is always '' (Parley keeps no user profiles). */
export interface ZIMUserInfo {
  userID: string;
  userName: string;
}

export interface ZIMRoomMemberQueryConfig {
  /** 1-100. */
  count: number;
  /** '' or omitted for the first page, then the previous result's nextFlag. */
  nextFlag?: string;
}

export interface ZIMRoomMemberQueriedResult {
  roomID: string;
  /** In entry order. */
  memberList: ZIMUserInfo[];
  /** '' when there are no more members. */
  nextFlag: string;
}

/** roomMemberJoined / roomMemberLeft: who entered or left a room you are in. */
export interface ZIMEventOfRoomMembersUpdatedResult {
  roomID: string;
  memberList: ZIMUserInfo[];
}

/** Who made a group change; names and avatars are always '', memberRole always Member (3). */
export interface ZIMGroupOperatedInfo {
  userID: string;
  userName: string;
  memberNickname: string;
  memberRole: ZIMGroupMemberRole;
  memberAvatarUrl: string;
}

export interface ZIMEventOfGroupMemberStateChangedResult {
  groupID: string;
  state: ZIMGroupMemberState;
  event: ZIMGroupMemberEvent;
  /** The users who came in or went out; memberRole is always Member (3), names and avatars ''. */
  userList: ZIMGroupMemberInfo[];
  operatedInfo: ZIMGroupOperatedInfo;
}

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
