import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * ZIM error codes Parley returns (ZIMErrorCode). Every failure reaches the client as a gRPC status
 * plus one of these in the `zim-error-code` trailing metadata. docs/errors.md lists them all.
 */
export enum ZimErrorCode {
  InvalidParams = 6000001,
  ServerFrequencyLimit = 6000005,
  TokenInvalid = 6000103,
  TokenExpired = 6000106,
  NotLoggedIn = 6000121,
  MessageServerError = 6000202,
  /** ZIM: muted or not allowed to send (e.g. not a member of the group). */
  MessageNotAllowed = 6000231,
  /** The file's content is not the declared type (checked by its first bytes). */
  FileTypeUnsupported = 6000213,
  /** The file is empty, over its type's cap, or longer than declared. */
  FileSizeInvalid = 6000214,
  /** ZIM: no permission (e.g. a download URL for a file you may not see). */
  MessageNoPermission = 6000285,
  RoomUserNotInRoom = 6000321,
  RoomDoesNotExist = 6000322,
  RoomAlreadyExists = 6000323,
  GroupUserNotInGroup = 6000521,
  GroupMemberAlreadyInGroup = 6000522,
  GroupDoesNotExist = 6000523,
  GroupAlreadyExists = 6000524,
  GroupMemberLimitReached = 6000525,
  /** ZIM: the group ID belonged to a group that was dismissed; it cannot be used again. */
  GroupDismissed = 6000527,
  GroupNoPermission = 6000541,
  ConversationDoesNotExist = 6000603,
  ConversationPinnedLimitReached = 6000604,
}

/** The gRPC status each non-generic code travels with. */
const GRPC_STATUS_OF: Partial<Record<ZimErrorCode, GrpcStatus>> = {
  [ZimErrorCode.FileTypeUnsupported]: GrpcStatus.INVALID_ARGUMENT,
  [ZimErrorCode.FileSizeInvalid]: GrpcStatus.INVALID_ARGUMENT,
  [ZimErrorCode.MessageNoPermission]: GrpcStatus.PERMISSION_DENIED,
  [ZimErrorCode.RoomUserNotInRoom]: GrpcStatus.FAILED_PRECONDITION,
  [ZimErrorCode.RoomDoesNotExist]: GrpcStatus.NOT_FOUND,
  [ZimErrorCode.RoomAlreadyExists]: GrpcStatus.ALREADY_EXISTS,
  [ZimErrorCode.GroupUserNotInGroup]: GrpcStatus.FAILED_PRECONDITION,
  [ZimErrorCode.GroupMemberAlreadyInGroup]: GrpcStatus.ALREADY_EXISTS,
  [ZimErrorCode.GroupDoesNotExist]: GrpcStatus.NOT_FOUND,
  [ZimErrorCode.GroupAlreadyExists]: GrpcStatus.ALREADY_EXISTS,
  [ZimErrorCode.GroupMemberLimitReached]: GrpcStatus.RESOURCE_EXHAUSTED,
  [ZimErrorCode.GroupDismissed]: GrpcStatus.FAILED_PRECONDITION,
  [ZimErrorCode.GroupNoPermission]: GrpcStatus.PERMISSION_DENIED,
  [ZimErrorCode.ConversationDoesNotExist]: GrpcStatus.NOT_FOUND,
  [ZimErrorCode.ConversationPinnedLimitReached]: GrpcStatus.RESOURCE_EXHAUSTED,
};

export const ZIM_ERROR_CODE_METADATA_KEY = 'zim-error-code';

/** A failure the client should see as is: a gRPC status, a ZIM code and a message that says what to fix. */
export class ZimError extends Error {
  constructor(
    readonly code: ZimErrorCode,
    readonly grpcStatus: GrpcStatus,
    message: string,
  ) {
    super(message);
    this.name = 'ZimError';
  }

  static invalidParams(message: string): ZimError {
    return new ZimError(ZimErrorCode.InvalidParams, GrpcStatus.INVALID_ARGUMENT, message);
  }

  static unauthenticated(
    code: ZimErrorCode.TokenInvalid | ZimErrorCode.TokenExpired | ZimErrorCode.NotLoggedIn,
    message: string,
  ): ZimError {
    return new ZimError(code, GrpcStatus.UNAUTHENTICATED, message);
  }

  /** A group, room or conversation error, with the gRPC status that code always travels with. */
  static of(code: keyof typeof GRPC_STATUS_OF & ZimErrorCode, message: string): ZimError {
    return new ZimError(code, GRPC_STATUS_OF[code] ?? GrpcStatus.FAILED_PRECONDITION, message);
  }

  static notAllowed(message: string): ZimError {
    return new ZimError(ZimErrorCode.MessageNotAllowed, GrpcStatus.PERMISSION_DENIED, message);
  }
}
