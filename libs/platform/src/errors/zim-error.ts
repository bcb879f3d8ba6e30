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
}

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

  static notAllowed(message: string): ZimError {
    return new ZimError(ZimErrorCode.MessageNotAllowed, GrpcStatus.PERMISSION_DENIED, message);
  }
}
