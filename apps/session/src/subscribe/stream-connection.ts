import type { SubscribeResponse } from '@parley/contracts';
import type { Subscriber } from 'rxjs';
import { type ClientConnection, ConnectionEvent, ConnectionState } from './connection-registry';

/** ZIM raises tokenWillExpire 30 s before the token runs out. */
export const TOKEN_WARNING_SECONDS = 30;

/**
 * One client's Subscribe stream: the subscriber the gRPC transport writes from (with backpressure).
 * Warns 30 s before the session expires and ends the stream (TokenExpired) when it does, unless
 * RenewToken moved the expiry. Completing the subscriber ends the gRPC call.
 */
export class StreamConnection implements ClientConnection {
  private warnTimer: NodeJS.Timeout | undefined;
  private expireTimer: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(
    readonly sessionId: string,
    private readonly subscriber: Subscriber<SubscribeResponse>,
    expiresAt: number,
  ) {
    this.renewed(expiresAt);
  }

  send(event: SubscribeResponse): void {
    if (!this.ended) this.subscriber.next(event);
  }

  end(event: number, reason: string): void {
    if (this.ended) return;
    this.send({
      event: {
        $case: 'connectionStateChanged',
        value: { state: ConnectionState.Disconnected, event, extendedData: reason },
      },
    });
    this.close();
    this.subscriber.complete();
  }

  /** The stream is over (ended here, or the client went away): no more writes, no timers. */
  close(): void {
    this.ended = true;
    clearTimeout(this.warnTimer);
    clearTimeout(this.expireTimer);
  }

  renewed(expiresAt: number): void {
    clearTimeout(this.warnTimer);
    clearTimeout(this.expireTimer);
    const left = expiresAt - Date.now();
    const warnIn = left - TOKEN_WARNING_SECONDS * 1000;
    this.warnTimer = setTimeout(
      () =>
        this.send({
          event: {
            $case: 'tokenWillExpire',
            value: { second: Math.max(0, Math.round((expiresAt - Date.now()) / 1000)) },
          },
        }),
      Math.max(0, warnIn),
    );
    this.expireTimer = setTimeout(
      () => this.end(ConnectionEvent.TokenExpired, 'the login token expired'),
      Math.max(0, left),
    );
  }
}
