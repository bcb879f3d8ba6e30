import { Metadata, type ServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import { ZIMError, ZIMErrorCode } from './errors';

/** Who is calling: the logged-in user and the metadata that authenticates a call as them. */
export interface Caller {
  userID: string;
  auth: Metadata;
}

/** Returns the current Caller, or throws ZIMError 6000121 when nobody is logged in. */
export type CallerOf = () => Caller;

/** Runs one unary call, turning its error into a ZIMError with the server's code. */
export function unary<T>(call: (done: (err: ServiceError | null, res: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    call((err, res) => (err ? reject(ZIMError.fromGrpc(err)) : resolve(res))),
  );
}

/** The metadata every call after login carries: the session token as a bearer credential. */
export function authMetadata(sessionToken: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${sessionToken}`);
  return metadata;
}

/** A response field proto3 cannot mark required: its absence is a server fault, not an empty result. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ZIMError(6000203, `server answered without ${what}`);
  return value;
}

/** gRPC statuses that, without a ZIM code from the server, mean the call may succeed when repeated. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.CANCELLED,
  GrpcStatus.INTERNAL,
  GrpcStatus.RESOURCE_EXHAUSTED,
]);

/**
 * A failure worth retrying: the server could not be reached or answered (the edge's UNAVAILABLE, a
 * deadline, a dropped connection), or an unexpected server error (6000202). Never a ZIM code that
 * says what to fix (6000001, 6000213, 6000214, a rate limit…): repeating the call would fail the same way.
 */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof ZIMError)) return false;
  if (err.code === ZIMErrorCode.MessageServerError) return true;
  return (
    err.code === ZIMErrorCode.NetworkError &&
    (err.grpcStatus === undefined || TRANSIENT_STATUSES.has(err.grpcStatus))
  );
}

/** How long to keep retrying transient failures, and how to wait. */
export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A run of failures gives up once this much time has passed since its first one. */
  budgetMs: number;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 2_000,
  budgetMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

/**
 * Runs `op` until it succeeds, waiting with exponential backoff after each transient failure
 * (`attempt` counts the failures so far). Any other failure, or one after the budget ran out, is thrown.
 */
export async function withRetry<T>(op: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const started = policy.now();
  let delay = policy.initialDelayMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await op(attempt);
    } catch (err) {
      if (!isTransient(err) || policy.now() - started + delay > policy.budgetMs) throw err;
      await policy.sleep(delay);
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
