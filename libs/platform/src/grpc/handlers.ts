import {
  Metadata,
  status as GrpcStatus,
  type handleServerStreamingCall,
  type handleUnaryCall,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { ZIM_ERROR_CODE_METADATA_KEY, ZimError, ZimErrorCode } from '../errors/zim-error';
import { logger } from '../logging/logger';
import { grpcHandled, grpcHandlingSeconds, grpcStreamsOpen } from '../observability/metrics';
import { withTrace } from '../observability/trace';

/** gRPC status names by number, for metric labels (OK, INVALID_ARGUMENT, ...). */
const STATUS_NAMES = new Map<number, string>(
  Object.entries(GrpcStatus)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, code]) => [code, name]),
);

/** Counts an answered call; at debug level also logs it (an access log, with the call's traceId). */
function countHandled(method: string, code: number | undefined, seconds?: number): void {
  const name = STATUS_NAMES.get(code ?? GrpcStatus.UNKNOWN) ?? String(code);
  grpcHandled.inc({ method, code: name });
  logger.debug(
    { method, code: name, ms: seconds === undefined ? undefined : Math.round(seconds * 1000) },
    'rpc',
  );
}

/** Request ID from the caller's `x-request-id` metadata, else a new one; logged and carried into Kafka headers. */
export function requestIdOf(metadata: Metadata): string {
  const [value] = metadata.get('x-request-id');
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : randomUUID();
}

/** Turns any thrown value into the status a client sees; unexpected errors are logged and hidden. */
export function toServiceError(err: unknown, method: string, requestId: string): Partial<ServiceError> {
  const trailer = new Metadata();
  trailer.set('x-request-id', requestId);
  if (err instanceof ZimError) {
    trailer.set(ZIM_ERROR_CODE_METADATA_KEY, String(err.code));
    return { code: err.grpcStatus, details: err.message, metadata: trailer };
  }
  logger.error({ err, method, requestId }, 'unexpected error');
  trailer.set(ZIM_ERROR_CODE_METADATA_KEY, String(ZimErrorCode.MessageServerError));
  return { code: GrpcStatus.INTERNAL, details: `internal error (request ${requestId})`, metadata: trailer };
}

/**
 * Adapts an async function to a grpc-js unary handler with ZIM-style errors; the call runs under its
 * request ID (logs, published events) and is counted and timed in the RPC metrics.
 */
export function unary<Req, Res>(
  method: string,
  handle: (request: Req, call: ServerUnaryCall<Req, Res>, requestId: string) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const requestId = requestIdOf(call.metadata);
    const timer = grpcHandlingSeconds.startTimer({ method });
    withTrace(requestId, () => handle(call.request, call, requestId)).then(
      (response) =>
        withTrace(requestId, () => {
          countHandled(method, GrpcStatus.OK, timer());
          callback(null, response);
        }),
      (err: unknown) =>
        withTrace(requestId, () => {
          const seconds = timer();
          const error = toServiceError(err, method, requestId);
          countHandled(method, error.code, seconds);
          callback(error);
        }),
    );
  };
}

/** Adapts an async function to a server-streaming handler; the function owns the stream until it ends it. */
export function serverStream<Req, Res>(
  method: string,
  handle: (call: ServerWritableStream<Req, Res>, requestId: string) => Promise<void>,
): handleServerStreamingCall<Req, Res> {
  return (call) => {
    const requestId = requestIdOf(call.metadata);
    grpcStreamsOpen.inc({ method });
    let open = true;
    const closed = (code: number) => {
      if (!open) return;
      open = false;
      grpcStreamsOpen.dec({ method });
      countHandled(method, code);
    };
    call.once('finish', () => closed(GrpcStatus.OK));
    call.once('cancelled', () => closed(GrpcStatus.CANCELLED));
    withTrace(requestId, () => handle(call, requestId)).catch((err: unknown) => {
      const error = toServiceError(err, method, requestId);
      closed(error.code ?? GrpcStatus.UNKNOWN);
      call.emit('error', error);
    });
  };
}
