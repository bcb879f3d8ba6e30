import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';

const ids = new WeakMap<Metadata, string>();

/**
 * The call's request ID: the caller's `x-request-id` metadata, else a new one. Remembered per call,
 * so the interceptor (logs, published events), the exception filter (error trailer) and the access
 * metrics all name the same ID.
 */
export function requestIdOf(metadata: Metadata): string {
  let id = ids.get(metadata);
  if (id === undefined) {
    const [value] = metadata.get('x-request-id');
    id = typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : randomUUID();
    ids.set(metadata, id);
  }
  return id;
}

/** The RPC's request ID as a handler parameter (it names the events the call publishes). */
export const RequestId = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  requestIdOf(context.switchToRpc().getContext<Metadata>()),
);
