import type { SubscribeResponse } from '@parley/contracts';

/** Where events for one connected client go (a gRPC server stream in production). */
export interface ClientConnection {
  sessionId: string;
  send(event: SubscribeResponse): void;
  close(): void;
}

/** The clients connected to this session replica, by app and user (one user may have several devices). */
export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<ClientConnection>>();

  private static key(appId: string, userId: string): string {
    return `${appId}\u0000${userId}`;
  }

  add(appId: string, userId: string, connection: ClientConnection): () => void {
    const key = ConnectionRegistry.key(appId, userId);
    const set = this.byUser.get(key) ?? new Set();
    set.add(connection);
    this.byUser.set(key, set);
    return () => {
      set.delete(connection);
      if (set.size === 0) this.byUser.delete(key);
    };
  }

  connectionsOf(appId: string, userId: string): ReadonlySet<ClientConnection> {
    return this.byUser.get(ConnectionRegistry.key(appId, userId)) ?? new Set();
  }

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  closeAll(): void {
    for (const set of this.byUser.values()) for (const c of set) c.close();
    this.byUser.clear();
  }
}
