import { type ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { type Observable, throwError } from 'rxjs';
import { ZIM_ERROR_CODE_METADATA_KEY, ZimError, ZimErrorCode } from '../errors/zim-error';
import { logger } from '../logging/logger';
import { KafkaBatchContext } from '../kafka/kafka-batch.context';
import { countHandled, rpcMethodOf } from './rpc-telemetry.interceptor';
import { requestIdOf } from './request-id';

/** A plain gRPC status without a ZIM code (health's NOT_FOUND for an unknown service). */
export class GrpcStatusError extends Error {
  constructor(
    readonly code: GrpcStatus,
    message: string,
  ) {
    super(message);
  }
}

/** Turns any thrown value into the status a client sees; unexpected errors are logged and hidden. */
export function toServiceError(err: unknown, method: string, requestId: string): Partial<ServiceError> {
  const trailer = new Metadata();
  trailer.set('x-request-id', requestId);
  if (err instanceof ZimError) {
    trailer.set(ZIM_ERROR_CODE_METADATA_KEY, String(err.code));
    return { code: err.grpcStatus, details: err.message, metadata: trailer };
  }
  if (err instanceof GrpcStatusError) return { code: err.code, details: err.message, metadata: trailer };
  logger.error({ err, method, requestId }, 'unexpected error');
  trailer.set(ZIM_ERROR_CODE_METADATA_KEY, String(ZimErrorCode.MessageServerError));
  return { code: GrpcStatus.INTERNAL, details: `internal error (request ${requestId})`, metadata: trailer };
}

/**
 * The one place errors become answers. gRPC: a status plus the ZIM code in the `zim-error-code`
 * trailer (docs/errors.md). Kafka batches: the original error goes back to the transport, which
 * retries the batch and dead-letters it after the last attempt.
 */
@Catch()
export class ZimExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const rpc = host.switchToRpc();
    if (rpc.getContext() instanceof KafkaBatchContext) return throwError(() => exception);
    const metadata = rpc.getContext<Metadata>();
    const method = rpcMethodOf(host);
    const error = toServiceError(exception, method, requestIdOf(metadata));
    countHandled(method, error.code);
    return throwError(() => error);
  }
}
