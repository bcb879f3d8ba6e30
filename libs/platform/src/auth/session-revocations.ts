import { SessionEvent, Topics } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import type { IncomingEvent, KafkaBus } from '../kafka/kafka-bus';
import { decodeEach } from '../kafka/decode-each';

/**
 * Sessions that ended before their token expired (logout, kicked out), learnt from session's
 * SessionEnded events. Session tokens are checked without asking session, so every service keeps
 * this set; an entry is dropped once the token would have expired anyway.
 */
export class SessionRevocations {
  private readonly revoked = new Map<string, number>();

  isRevoked(sessionId: string): boolean {
    const until = this.revoked.get(sessionId);
    if (until === undefined) return false;
    if (until < Date.now()) {
      this.revoked.delete(sessionId);
      return false;
    }
    return true;
  }

  revoke(sessionId: string, expiresAt: number): void {
    if (expiresAt > Date.now()) this.revoked.set(sessionId, expiresAt);
  }

  readonly handleBatch = async (events: IncomingEvent[]): Promise<void> => {
    for (const event of decodeEach(events, SessionEvent.decode)) {
      if (event.event?.$case === 'sessionEnded')
        this.revoke(event.event.value.sessionId, event.event.value.expiresAt);
    }
  };

  /**
   * Follows the session topic from its beginning: the set lives in memory, so each process start
   * replays the topic (kept for the longest session lifetime) under a group of its own.
   */
  async follow(bus: KafkaBus, service: string): Promise<void> {
    await bus.consume({
      groupId: `parley-${service}-revocations-${randomUUID()}`,
      topics: [Topics.sessionEvents],
      fromBeginning: true,
      handleBatch: this.handleBatch,
    });
  }
}
