import { type ServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import type { SubscribeResponse } from '@parley/contracts';
import { ZIMConnectionEvent, ZIMConnectionState } from './enums';
import { ZIMError, ZIMErrorCode } from './errors';
import type { ZIMEventOfConnectionStateChangedResult } from './types';

type ConnectionChange = ZIMEventOfConnectionStateChangedResult;

/** The part of a grpc-js Subscribe call the SDK uses. */
export interface SubscribeStream {
  on(event: 'data', listener: (event: SubscribeResponse) => void): unknown;
  on(event: 'error', listener: (err: ServiceError) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  cancel(): void;
}

/** What the stream needs from the logged-in session. */
export interface EventStreamPort {
  /** Opens Subscribe with the session's current token (renewToken may have replaced it since login). */
  subscribe(): SubscribeStream;
  /** Every event other than connectionStateChanged, in order. */
  event(event: SubscribeResponse): void;
  /** A connectionStateChanged to raise while the login lasts (Connected, Reconnecting). */
  state(change: ConnectionChange): void;
  /** A re-opened stream is live: pull what was missed while away. */
  resumed(): void;
  /** The login is over (the server said why, or refused the token): forget it and raise `change`. */
  ended(change: ConnectionChange): void;
}

/** How to wait between attempts to re-open the stream. */
export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** In [0, 1): spreads the attempts of many clients after a server restart. */
  random(): number;
}

export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 8_000,
  random: Math.random,
};

/**
 * Stream failures the server did not explain: the network, the edge or the session process went away.
 * The session itself is still valid, so the stream is re-opened with the same token. (CANCELLED from a
 * stream the SDK did not cancel itself counts too: the SDK ignores streams it cancelled.)
 */
const RECONNECTABLE: ReadonlySet<number> = new Set([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.INTERNAL,
  GrpcStatus.UNKNOWN,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.CANCELLED,
]);

const CLOSED_BY_SERVER = 'the server closed the event stream';

/** The server's Disconnected when it shuts down (event Success, "…reconnect" in extendedData): come back. */
const isShutdownNotice = (change: ConnectionChange) =>
  change.event === ZIMConnectionEvent.Success && change.extendedData.includes('reconnect');

/**
 * One login's Subscribe stream, kept open as a real client would: a drop the server did not explain
 * raises Reconnecting once, then the stream is re-opened with backoff and jitter until it is live again
 * (Connected, then `resumed`), the token is refused, or `close` is called. Events of a stream that was
 * replaced or closed are ignored, so nothing reaches the app twice or after close.
 */
export class EventStream {
  private stream: SubscribeStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Failed attempts since the stream was last live: the next delay's exponent. */
  private failures = 0;
  /** Between a drop and the next live stream (Reconnecting was raised, Connected is owed). */
  private reconnecting = false;
  private closed = false;
  /** The login waiting for its first stream to be live; its failure fails the login instead of reconnecting. */
  private login: { resolve(): void; reject(err: ZIMError): void } | undefined;

  constructor(
    private readonly port: EventStreamPort,
    private readonly policy: ReconnectPolicy = DEFAULT_RECONNECT_POLICY,
  ) {}

  /** Opens the stream; resolves once the server says it is live, so no later event is missed. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.login = { resolve, reject };
      this.open();
    });
  }

  /** Stops for good: cancels the stream and any pending attempt; nothing is reported afterwards. */
  close(): void {
    this.closed = true;
    const login = this.login;
    this.login = undefined;
    login?.reject(new ZIMError(ZIMErrorCode.NetworkError, 'the login was cancelled (logout or destroy)'));
    clearTimeout(this.timer);
    this.timer = undefined;
    const stream = this.stream;
    this.stream = undefined;
    stream?.cancel();
  }

  private open(): void {
    if (this.closed) return;
    const stream = this.port.subscribe();
    this.stream = stream;
    let live = false;
    const mine = () => this.stream === stream;
    stream.on('data', (event: SubscribeResponse) => {
      if (!mine()) return;
      if (event.event?.$case !== 'connectionStateChanged') {
        this.port.event(event);
        return;
      }
      const change = event.event.value;
      if (change.state === ZIMConnectionState.Disconnected) {
        this.forget(stream);
        if (isShutdownNotice(change)) this.dropped(change.extendedData);
        else this.end(change);
      } else if (change.state === ZIMConnectionState.Connected && !live) {
        live = true;
        this.live(change);
      } else {
        this.port.state(change);
      }
    });
    stream.on('error', (err: ServiceError) => {
      if (!mine()) return;
      this.stream = undefined;
      if (this.failLogin(ZIMError.fromGrpc(err))) return;
      if (err.code === GrpcStatus.UNAUTHENTICATED) {
        // Logged out elsewhere, kicked out, or expired: this session will not come back.
        const expired = ZIMError.fromGrpc(err).code === 6000106;
        this.end({
          state: ZIMConnectionState.Disconnected,
          event: expired ? ZIMConnectionEvent.TokenExpired : ZIMConnectionEvent.KickedOut,
          extendedData: err.details,
        });
      } else if (RECONNECTABLE.has(err.code)) {
        this.dropped(err.details || err.message);
      } else {
        this.end({
          state: ZIMConnectionState.Disconnected,
          event: ZIMConnectionEvent.LoginInterrupted,
          extendedData: err.details,
        });
      }
    });
    stream.on('end', () => {
      if (!mine()) return;
      this.stream = undefined;
      this.dropped(CLOSED_BY_SERVER);
    });
  }

  private live(change: ConnectionChange): void {
    const resumed = this.reconnecting;
    this.reconnecting = false;
    this.failures = 0;
    const login = this.login;
    this.login = undefined;
    this.port.state(change); // the server's Connected
    login?.resolve();
    if (resumed && !this.closed) this.port.resumed();
  }

  /** Lost without the server saying why: keep the login and try again (a login still waiting fails instead). */
  private dropped(reason: string): void {
    if (this.failLogin(new ZIMError(ZIMErrorCode.NetworkError, reason))) return;
    if (!this.reconnecting) {
      this.reconnecting = true;
      this.port.state({
        state: ZIMConnectionState.Reconnecting,
        event: ZIMConnectionEvent.LoginInterrupted,
        extendedData: reason,
      });
    }
    if (this.closed) return; // the app logged out from its listener
    const base = Math.min(this.policy.initialDelayMs * 2 ** this.failures, this.policy.maxDelayMs);
    this.failures++;
    const delay = base / 2 + (base / 2) * this.policy.random();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.open();
    }, delay);
  }

  private end(change: ConnectionChange): void {
    if (this.failLogin(new ZIMError(ZIMErrorCode.NetworkError, change.extendedData || CLOSED_BY_SERVER)))
      return;
    this.close();
    this.port.ended(change);
  }

  /** Before the first stream was live, any failure is the login's: it rejects and nothing is retried. */
  private failLogin(err: ZIMError): boolean {
    const login = this.login;
    if (!login) return false;
    this.login = undefined;
    this.close();
    login.reject(err);
    return true;
  }

  private forget(stream: SubscribeStream): void {
    this.stream = undefined;
    stream.cancel(); // the server ends it too; cancelling makes sure nothing more is read from it
  }
}
