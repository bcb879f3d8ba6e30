import type { ServiceError } from '@grpc/grpc-js';
import { ZimErrorCodes } from '@parley/contracts';

/** ZIM's error codes (one definition for the server and the SDK, in @parley/contracts). */
export const ZIMErrorCode = ZimErrorCodes;

/** The error every SDK promise rejects with: ZIM's numeric code plus the server's explanation. */
export class ZIMError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** The gRPC status of the failed call, when the error comes from one. */
    readonly grpcStatus?: number,
  ) {
    super(message);
    this.name = 'ZIMError';
  }

  static fromGrpc(err: ServiceError): ZIMError {
    const [raw] = err.metadata?.get('zim-error-code') ?? [];
    const code = Number(raw);
    return new ZIMError(
      Number.isFinite(code) && code > 0 ? code : ZIMErrorCode.NetworkError,
      err.details || err.message,
      err.code,
    );
  }
}
