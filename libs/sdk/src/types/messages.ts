// Messages: what an app sends, receives, queries and deletes, media included.
import type {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationType,
  ZIMMessageDeleteType,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageType,
} from '../enums';

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
