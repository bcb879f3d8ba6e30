import {
  type ArgumentsHost,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { status as GrpcStatus, type Metadata } from '@grpc/grpc-js';
import { Observable } from 'rxjs';
import { logger } from '../logging/logger';
import { grpcHandled, grpcHandlingSeconds, grpcStreamsOpen } from '../observability/metrics';
import { withTrace } from '../observability/trace';
import { requestIdOf } from './request-id';

/** gRPC status names by number, for metric labels (OK, INVALID_ARGUMENT, ...). */
const STATUS_NAMES = new Map<number, string>(
  Object.entries(GrpcStatus)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, code]) => [code, name]),
);

/** Counts an answered call; at debug level also logs it (an access log, with the call's traceId). */
export function countHandled(method: string, code: number | undefined, seconds?: number): void {
  const name = STATUS_NAMES.get(code ?? GrpcStatus.UNKNOWN) ?? String(code);
  grpcHandled.inc({ method, code: name });
  logger.debug(
    { method, code: name, ms: seconds === undefined ? undefined : Math.round(seconds * 1000) },
    'rpc',
  );
}

/** The RPC's method name (`SendMessage`): the transport names each handler after its RPC. */
export function rpcMethodOf(host: ArgumentsHost): string {
  const call = host.getArgByIndex<{ getPath?: () => string } | undefined>(2);
  const path = call?.getPath?.();
  return path ? path.slice(path.lastIndexOf('/') + 1) : 'unknown';
}

const isStream = (call: unknown) => typeof (call as { write?: unknown } | undefined)?.write === 'function';

/**
 * Runs every RPC under its request ID (log lines, published events' trace header), and counts and
 * times it in the RPC metrics; server streams are counted while open. Errors are counted by the
 * exception filter, which also sees the guard's refusals.
 */
@Injectable()
export class RpcTelemetryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const metadata = context.switchToRpc().getContext<Metadata>();
    const call = context.getArgByIndex<unknown>(2);
    const method = rpcMethodOf(context);
    const requestId = requestIdOf(metadata);
    const streaming = isStream(call);
    return new Observable((subscriber) => {
      const timer = streaming ? undefined : grpcHandlingSeconds.startTimer({ method });
      if (streaming) grpcStreamsOpen.inc({ method });
      let finished = false;
      const subscription = withTrace(requestId, () =>
        next.handle().subscribe({
          // A handler that returns nothing answers with the RPC's empty response message.
          next: (value) => withTrace(requestId, () => subscriber.next(value ?? {})),
          error: (err: unknown) => {
            finished = true;
            timer?.();
            subscriber.error(err);
          },
          complete: () => {
            finished = true;
            countHandled(method, GrpcStatus.OK, timer?.());
            subscriber.complete();
          },
        }),
      );
      return () => {
        subscription.unsubscribe();
        if (streaming) {
          grpcStreamsOpen.dec({ method });
          // Torn down before it ended: the client went away.
          if (!finished) countHandled(method, GrpcStatus.CANCELLED);
        }
      };
    });
  }
}
