import type { ServiceError } from '@grpc/grpc-js';

/** ZIM error codes the SDK itself raises. Server codes arrive in the error's `code` as sent. */
export const ZIMErrorCode = {
  InvalidParams: 6000001,
  NotInitialized: 6000002,
  NetworkError: 6000101,
  NotLoggedIn: 6000121,
} as const;

/** The error every SDK promise rejects with: ZIM's numeric code plus the server's explanation. */
export class ZIMError extends Error {
  constructor(
    readonly code: number,
    message: string,
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
    );
  }
}
