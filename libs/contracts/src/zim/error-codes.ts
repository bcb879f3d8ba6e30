/**
 * ZIM error codes (ZIMErrorCode of ZIM's SDKs), defined once for the services (ZimError) and the SDK
 * (ZIMErrorCode). Every failure reaches a client as a gRPC status plus one of these in the
 * `zim-error-code` trailing metadata; docs/errors.md lists them all.
 */
export const ZimErrorCodes = {
  InvalidParams: 6000001,
  /** SDK: a method called before the instance is ready. */
  NotInitialized: 6000002,
  ServerFrequencyLimit: 6000005,
  /** SDK: the connection failed, or an error came without a code. */
  NetworkError: 6000101,
  TokenInvalid: 6000103,
  TokenExpired: 6000106,
  NotLoggedIn: 6000121,
  MessageServerError: 6000202,
  /** ZIM: muted or not allowed to send (e.g. not a member of the group). */
  MessageNotAllowed: 6000231,
  /** The file's content is not the declared type (checked by its first bytes). */
  FileTypeUnsupported: 6000213,
  /** The file is empty, over its type's cap, or longer than declared. */
  FileSizeInvalid: 6000214,
  /** SDK: a media download was refused (e.g. an expired download URL) or failed. */
  DownloadFailed: 6000218,
  /** ZIM: no permission (e.g. a download URL for a file you may not see). */
  MessageNoPermission: 6000285,
  RoomUserNotInRoom: 6000321,
  RoomDoesNotExist: 6000322,
  RoomAlreadyExists: 6000323,
  GroupUserNotInGroup: 6000521,
  GroupMemberAlreadyInGroup: 6000522,
  GroupDoesNotExist: 6000523,
  GroupAlreadyExists: 6000524,
  GroupMemberLimitReached: 6000525,
  /** ZIM: the group ID belonged to a group that was dismissed; it cannot be used again. */
  GroupDismissed: 6000527,
  GroupNoPermission: 6000541,
  ConversationDoesNotExist: 6000603,
  ConversationPinnedLimitReached: 6000604,
} as const;

export type ZimErrorCodeNumber = (typeof ZimErrorCodes)[keyof typeof ZimErrorCodes];
