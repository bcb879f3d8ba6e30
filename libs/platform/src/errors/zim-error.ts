import { status as GrpcStatus } from '@grpc/grpc-js';
import { type ZimErrorCodeNumber, ZimErrorCodes } from '@parley/contracts';

/** ZIM error codes Parley returns (defined once, in @parley/contracts, for the services and the SDK). */
export const ZimErrorCode = ZimErrorCodes;
export type ZimErrorCode = ZimErrorCodeNumber;

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
    code: (typeof ZimErrorCode)['TokenInvalid' | 'TokenExpired' | 'NotLoggedIn'],
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
