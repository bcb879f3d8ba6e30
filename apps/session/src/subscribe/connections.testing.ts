import type { SubscribeResponse } from '@parley/contracts';
import type { ConnectionRegistry } from './connection-registry';

/** Connects a fake client for `userId` and returns what its stream receives. */
export function connectFake(
  registry: ConnectionRegistry,
  appId: string,
  userId: string,
  sessionId = `${userId}-${Math.random()}`,
): SubscribeResponse[] {
  const received: SubscribeResponse[] = [];
  registry.add(appId, userId, {
    sessionId,
    send: (e) => received.push(e),
    end: () => undefined,
    renewed: () => undefined,
  });
  return received;
}
