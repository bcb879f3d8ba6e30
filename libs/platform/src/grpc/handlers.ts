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

/** Adapts an async function to a grpc-js unary handler with ZIM-style errors. */
export function unary<Req, Res>(
  method: string,
  handle: (request: Req, call: ServerUnaryCall<Req, Res>, requestId: string) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const requestId = requestIdOf(call.metadata);
    handle(call.request, call, requestId).then(
      (response) => callback(null, response),
      (err: unknown) => callback(toServiceError(err, method, requestId)),
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
    handle(call, requestId).catch((err: unknown) => {
      const error = toServiceError(err, method, requestId);
      call.emit('error', error);
    });
  };
}
