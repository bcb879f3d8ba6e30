import type { ServerWritableStream } from '@grpc/grpc-js';
import type { SubscribeRequest, SubscribeResponse } from '@parley/contracts';
import { type ClientConnection, ConnectionEvent, ConnectionState } from './connection-registry';

/** ZIM raises tokenWillExpire 30 s before the token runs out. */
export const TOKEN_WARNING_SECONDS = 30;

/**
 * One client's Subscribe stream: writes events, warns 30 s before the session expires and ends
 * the stream (TokenExpired) when it does, unless RenewToken moved the expiry.
 */
export class StreamConnection implements ClientConnection {
  private warnTimer: NodeJS.Timeout | undefined;
  private expireTimer: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(
    readonly sessionId: string,
    private readonly call: ServerWritableStream<SubscribeRequest, SubscribeResponse>,
    expiresAt: number,
  ) {
    this.renewed(expiresAt);
    call.on('cancelled', () => this.clearTimers());
    call.on('close', () => this.clearTimers());
  }

  send(event: SubscribeResponse): void {
    if (!this.ended) this.call.write(event);
  }

  end(event: number, reason: string): void {
    if (this.ended) return;
    this.send({
      event: {
        $case: 'connectionStateChanged',
        value: { state: ConnectionState.Disconnected, event, extendedData: reason },
      },
    });
    this.ended = true;
    this.clearTimers();
    this.call.end();
  }

  renewed(expiresAt: number): void {
    this.clearTimers();
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

  private clearTimers(): void {
    clearTimeout(this.warnTimer);
    clearTimeout(this.expireTimer);
  }
}
