import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { SubscribeResponse } from '@parley/contracts';

/** ZIMConnectionState / ZIMConnectionEvent numbers used on the stream. */
export const ConnectionState = { Disconnected: 0, Connected: 2 } as const;
export const ConnectionEvent = { Success: 0, KickedOut: 4, TokenExpired: 5 } as const;

/** Where events for one connected client go (a gRPC server stream in production). */
export interface ClientConnection {
  sessionId: string;
  send(event: SubscribeResponse): void;
  /** Ends the stream after telling the client why (connectionStateChanged). */
  end(event: number, reason: string): void;
  /** The session got a new expiry (RenewToken): reschedule tokenWillExpire. */
  renewed(expiresAt: number): void;
}

/** The clients connected to this session replica, by app and user (one user may have several devices). */
@Injectable()
export class ConnectionRegistry implements BeforeApplicationShutdown {
  private readonly byUser = new Map<string, Set<ClientConnection>>();
  private readonly bySession = new Map<string, ClientConnection>();

  private static key(appId: string, userId: string): string {
    return `${appId}\u0000${userId}`;
  }

  add(appId: string, userId: string, connection: ClientConnection): () => void {
    const key = ConnectionRegistry.key(appId, userId);
    const set = this.byUser.get(key) ?? new Set();
    set.add(connection);
    this.byUser.set(key, set);
    this.bySession
      .get(connection.sessionId)
      ?.end(ConnectionEvent.KickedOut, 'the same session subscribed again');
    this.bySession.set(connection.sessionId, connection);
    return () => {
      set.delete(connection);
      if (set.size === 0) this.byUser.delete(key);
      if (this.bySession.get(connection.sessionId) === connection)
        this.bySession.delete(connection.sessionId);
    };
  }

  connectionsOf(appId: string, userId: string): ReadonlySet<ClientConnection> {
    return this.byUser.get(ConnectionRegistry.key(appId, userId)) ?? new Set();
  }

  session(sessionId: string): ClientConnection | undefined {
    return this.bySession.get(sessionId);
  }

  get size(): number {
    return this.bySession.size;
  }

  endAll(event: number, reason: string): void {
    for (const connection of [...this.bySession.values()]) connection.end(event, reason);
  }

  /** A stop begins: clients get a reconnect hint and reconnect to another replica (before the gRPC server closes). */
  beforeApplicationShutdown(): void {
    this.endAll(ConnectionEvent.Success, 'server shutting down: reconnect');
  }
}
