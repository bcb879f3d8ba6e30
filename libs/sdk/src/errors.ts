import type { ServiceError } from '@grpc/grpc-js';

/** ZIM error codes the SDK itself raises or acts on. Server codes arrive in the error's `code` as sent. */
export const ZIMErrorCode = {
  InvalidParams: 6000001,
  NotInitialized: 6000002,
  NetworkError: 6000101,
  NotLoggedIn: 6000121,
  /** Unexpected server error: worth retrying. */
  MessageServerError: 6000202,
  /** The file's content does not match the message type (e.g. an Image that is not an image). */
  FileTypeUnsupported: 6000213,
  /** The file is empty or larger than its message type allows. */
  FileSizeInvalid: 6000214,
  /** A media download was refused (e.g. an expired download URL) or failed. */
  DownloadFailed: 6000218,
} as const;

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
