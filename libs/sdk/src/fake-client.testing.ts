// Test support (excluded from the library build): a stand-in for a ts-proto generated client.
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import type { Message, SessionServiceClient, SubscribeResponse } from '@parley/contracts';
import { EventEmitter } from 'node:events';
import { ZIMConnectionEvent, ZIMConnectionState } from './enums';
import { authMetadata, type CallerOf } from './rpc';

export interface RecordedCall {
  method: string;
  request: unknown;
  authorization: unknown;
  /** The call options (deadline), when the call passed any. */
  options?: unknown;
}

type Answer = object | ServiceError;
/** A canned answer, or one computed from each request (a fake server with state). */
type Responder = Answer | ((request: never) => Answer);

/** A client whose listed methods record each call and answer with the canned response (or fail with the error). */
export function fakeClient<C>(answers: Record<string, Responder>): { client: C; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const methods = Object.entries(answers).map(([method, responder]) => [
    method,
    (request: unknown, ...rest: unknown[]) => {
      // (request, callback), (request, metadata, callback) or (request, metadata, options, callback)
      const done = rest[rest.length - 1] as (err: ServiceError | null, res?: object) => void;
      const auth = rest[0] instanceof Metadata ? rest[0] : undefined;
      const options = rest.length > 2 ? rest[1] : undefined;
      calls.push({
        method,
        request,
        authorization: auth?.get('authorization')[0],
        ...(options === undefined ? {} : { options }),
      });
      const answer: Answer = typeof responder === 'function' ? responder(request as never) : responder;
      if (answer instanceof Error) done(answer as ServiceError);
      else done(null, answer);
    },
  ]);
  return { client: Object.fromEntries(methods) as C, calls };
}

/** A failed call as grpc-js reports it; with `zimCode` it carries the server's ZIM error code. */
export function grpcError(code: status, details: string, zimCode?: number): ServiceError {
  const metadata = new Metadata();
  if (zimCode !== undefined) metadata.set('zim-error-code', String(zimCode));
  return Object.assign(new Error(details), { code, details, metadata }) as ServiceError;
}

/** Logged in as `userID` with session token 'tok'. */
export const loggedInAs =
  (userID: string): CallerOf =>
  () => ({ userID, auth: authMetadata('tok') });

/**
 * A Subscribe call the test drives, shaped like grpc-js's: 'data', 'error' and 'end' events; cancel()
 * fails it with CANCELLED (synchronously here, which is harsher than grpc-js's next tick).
 */
export class FakeStream extends EventEmitter {
  cancelled = false;

  constructor(readonly authorization: unknown) {
    super();
  }

  push(event: SubscribeResponse): void {
    this.emit('data', event);
  }

  /** The server's connectionStateChanged. */
  state(state: number, event: number, extendedData = ''): void {
    this.push({ event: { $case: 'connectionStateChanged', value: { state, event, extendedData } } });
  }

  /** The server's last event on a stream: Disconnected, for `event`'s reason. */
  disconnected(event: ZIMConnectionEvent, extendedData: string): void {
    this.state(ZIMConnectionState.Disconnected, event, extendedData);
  }

  /** The server's first event on a live stream: Connected, Success. */
  connected(): void {
    this.state(2, 0);
  }

  messages(messages: Message[], isOfflineMessage = false): void {
    this.push({
      event: {
        $case: 'messagesReceived',
        value: { conversationType: 0, fromConversationId: '', messages, isOfflineMessage },
      },
    });
  }

  fail(code: status, details: string, zimCode?: number): void {
    this.emit('error', grpcError(code, details, zimCode));
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.fail(status.CANCELLED, 'Cancelled on client');
  }
}

/** A re-subscribe the server refuses: its ZIM code, and the connection event the SDK reports for it. */
export const REFUSED_SESSIONS = [
  ['an expired session (6000106)', 6000106, ZIMConnectionEvent.TokenExpired],
  ['a session ended elsewhere (6000103)', 6000103, ZIMConnectionEvent.KickedOut],
] as const;

/** What a Subscribe call does when opened: answer Connected (a live stream), or fail with an error. */
export type SubscribeOutcome = 'connect' | ServiceError;

/**
 * A session service: Login answers session token 'tok', RenewToken 'renewed-<token>'; each Subscribe
 * opens a FakeStream that, a tick later, follows the next queued outcome (default 'connect').
 */
export function fakeSessionService() {
  const streams: FakeStream[] = [];
  const outcomes: SubscribeOutcome[] = [];
  const unaries = fakeClient<SessionServiceClient>({
    login: { sessionToken: 'tok', sessionId: 's1', expiresAt: 0 },
    logout: {},
    renewToken: (request: { token: string }) => ({ sessionToken: `renewed-${request.token}`, expiresAt: 0 }),
  });
  const subscribe = (_request: unknown, auth: Metadata) => {
    const stream = new FakeStream(auth.get('authorization')[0]);
    streams.push(stream);
    const outcome = outcomes.shift() ?? 'connect';
    // Promise ticks, not queueMicrotask or timers: jest's fake timers leave promises alone.
    void Promise.resolve().then(() =>
      outcome === 'connect' ? stream.connected() : stream.emit('error', outcome),
    );
    return stream;
  };
  const client = { ...unaries.client, subscribe, close: () => undefined } as unknown as SessionServiceClient;
  return { client, calls: unaries.calls, streams, outcomes };
}
