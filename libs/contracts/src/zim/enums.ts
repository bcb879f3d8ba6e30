// ZIM's enums with ZIM's numbers (ZEGOCLOUD In-app Chat), defined once for the SDK's public API and the
// services. Where proto/ has the same enum (MessageType, ConversationType, ...) the numbers are the same,
// so a wire value is a ZIM value as is: zim.spec.ts holds them together.

export enum ZIMConversationType {
  Unknown = -1,
  Peer = 0,
  Room = 1,
  Group = 2,
}

export enum ZIMMessageType {
  Unknown = 0,
  Text = 1,
  Command = 2,
  Image = 11,
  File = 12,
  Audio = 13,
  Video = 14,
  Barrage = 20,
  Revoke = 31,
  Custom = 200,
}

export enum ZIMMessageDirection {
  Send = 0,
  Receive = 1,
}

export enum ZIMMessageSentStatus {
  Sending = 0,
  Success = 1,
  Failed = 2,
}

export enum ZIMMessagePriority {
  Low = 1,
  Medium = 2,
  High = 3,
}

export enum ZIMConnectionState {
  Disconnected = 0,
  Connecting = 1,
  Connected = 2,
  Reconnecting = 3,
}

export enum ZIMConnectionEvent {
  Success = 0,
  ActiveLogin = 1,
  LoginTimeout = 2,
  LoginInterrupted = 3,
  KickedOut = 4,
  TokenExpired = 5,
  Unregistered = 6,
}

/** ZIMPlatformType: the kind of device a session runs on. */
export enum ZIMPlatformType {
  Other = 0,
  Win = 1,
  IPhoneOS = 2,
  Android = 3,
  MacOS = 4,
  Linux = 5,
  Web = 6,
  MiniProgram = 7,
  IPadOS = 9,
}

/** ZIMMessageDeleteType: what a messageDeleted event covers. */
export enum ZIMMessageDeleteType {
  MessageListDeleted = 0,
  ConversationAllMessagesDeleted = 1,
  AllConversationMessagesDeleted = 2,
}

/** ZIMConversationNotificationStatus: DoNotDisturb conversations stay out of the total unread count. */
export enum ZIMConversationNotificationStatus {
  Notify = 1,
  DoNotDisturb = 2,
}

/** ZIMConversationEvent: what happened to a conversation in a conversationChanged batch. */
export enum ZIMConversationEvent {
  Added = 0,
  Updated = 1,
  Disabled = 2,
  Deleted = 3,
}

/** ZIMGroupMemberRole. */
export enum ZIMGroupMemberRole {
  Owner = 1,
  Admin = 2,
  Member = 3,
}

/** ZIMMediaFileType: which file of a media message to fetch. */
export enum ZIMMediaFileType {
  OriginalFile = 1,
  LargeImage = 2,
  Thumbnail = 3,
  VideoFirstFrame = 4,
}

/** ZIMGroupMemberState: whether groupMemberStateChanged's users are in the group now. */
export enum ZIMGroupMemberState {
  Quit = 0,
  Enter = 1,
}

/** ZIMGroupMemberEvent: how groupMemberStateChanged's users came in or went out. */
export enum ZIMGroupMemberEvent {
  Joined = 1,
  Left = 2,
  KickedOut = 4,
  Invited = 5,
}
