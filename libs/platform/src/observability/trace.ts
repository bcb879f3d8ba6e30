import { AsyncLocalStorage } from 'node:async_hooks';

// The request/trace ID of whatever this process is doing right now: an RPC (the caller's
// x-request-id, or a new one) or a consumed Kafka batch (the parley-trace-id headers of its
// events). Log lines carry it, and events published while it is set carry it on, so one ID
// follows a message from SendMessage through every service's logs.
const current = new AsyncLocalStorage<string>();

/** Most distinct IDs a batch's trace keeps (a busy batch mixes many requests). */
const MAX_IDS = 10;

export function withTrace<T>(traceId: string, work: () => T): T {
  return current.run(traceId, work);
}

export function currentTraceId(): string | undefined {
  return current.getStore();
}

/**
 * The trace of a batch of events: their distinct IDs joined by commas, so an event derived from
 * several (a batched conversationChanged) names every request that caused it.
 */
export function traceOfBatch(ids: Array<string | undefined>): string | undefined {
  const distinct = [...new Set(ids.filter((id): id is string => !!id))];
  if (distinct.length === 0) return undefined;
  const kept = distinct.slice(0, MAX_IDS).join(',');
  return distinct.length > MAX_IDS ? `${kept},+${distinct.length - MAX_IDS}` : kept;
}
