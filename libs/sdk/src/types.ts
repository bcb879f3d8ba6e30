import type {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationType,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageDeleteType,
  ZIMMessageType,
  ZIMPlatformType,
} from './enums';

export interface ZIMAppConfig {
  appID: number | string;
  /** host:port of Parley's edge; defaults to PARLEY_ENDPOINT, then the local stack's 127.0.0.1:50050. */
  endpoint?: string;
  /** The device's platform (default Linux): a second login of the same user on the same platform kicks the first out. */
  platform?: ZIMPlatformType;
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

/** Event names and payloads of zim.on(...), as in ZIM's Web SDK. */
export interface ZIMEventHandler {
  connectionStateChanged: ZIMEventOfConnectionStateChangedResult;
  /** A message you sent changed status: Success once stored, Failed with the error code as reason. */
  messageSentStatusChanged: {
    infos: { status: ZIMMessageSentStatus; message: ZIMMessage; reason: number }[];
  };
  /** You deleted messages on another device. */
  messageDeleted: ZIMEventOfMessageDeletedResult;
  /** The login token runs out in `second` seconds: get a new one from your app server and call renewToken. */
  tokenWillExpire: { second: number };
  receivePeerMessage: ZIMEventOfReceiveConversationMessageResult;
  receiveRoomMessage: ZIMEventOfReceiveConversationMessageResult;
  receiveGroupMessage: ZIMEventOfReceiveConversationMessageResult;
  error: { code: number; message: string };
}
