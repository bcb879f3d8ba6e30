import type {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationType,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageType,
} from './enums';

export interface ZIMAppConfig {
  appID: number | string;
  /** host:port of Parley's edge; defaults to PARLEY_ENDPOINT, then the local stack's 127.0.0.1:50050. */
  endpoint?: string;
}

export interface ZIMLoginConfig {
  userName?: string;
  /** JWT from your app server (see generateToken). */
  token: string;
}

/** What the app passes to sendMessage. */
export interface ZIMTextMessageInput {
  type: ZIMMessageType.Text;
  message: string;
  extendedData?: string;
  mentionedUserIDs?: string[];
  isMentionAll?: boolean;
}

export type ZIMMessageInput = ZIMTextMessageInput;

/** A message as stored by the server (ZIMMessage). */
export interface ZIMMessage {
  type: ZIMMessageType;
  message: string;
  messageID: string;
  localMessageID: string;
  senderUserID: string;
  conversationID: string;
  conversationType: ZIMConversationType;
  direction: ZIMMessageDirection;
  sentStatus: ZIMMessageSentStatus;
  timestamp: number;
  conversationSeq: number;
  orderKey: number;
  extendedData: string;
  mentionedUserIDs: string[];
  isMentionAll: boolean;
}

export interface ZIMMessageSendConfig {
  priority?: ZIMMessagePriority;
  hasReceipt?: boolean;
  isNotifyMentionedUsers?: boolean;
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

/** Event names and payloads of zim.on(...), as in ZIM's Web SDK. */
export interface ZIMEventHandler {
  connectionStateChanged: ZIMEventOfConnectionStateChangedResult;
  receivePeerMessage: ZIMEventOfReceiveConversationMessageResult;
  receiveRoomMessage: ZIMEventOfReceiveConversationMessageResult;
  receiveGroupMessage: ZIMEventOfReceiveConversationMessageResult;
  error: { code: number; message: string };
}
