import { EventHeaders, SessionEnded_Reason, SessionEvent, Topics } from '@parley/contracts';
import { decodeEach, type IncomingEvent, type KafkaBus } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import type { EndedSession } from '../repositories/session.repository';
import { type ConnectionRegistry, ConnectionEvent } from '../subscribe/connection-registry';

/** Announces ended sessions so every service refuses their tokens and every session replica closes their streams. */
export class SessionEndedPublisher {
  constructor(private readonly bus: KafkaBus) {}

  async publish(
    appId: string,
    userId: string,
    ended: EndedSession[],
    reason: SessionEnded_Reason,
    requestId: string,
  ): Promise<void> {
    if (ended.length === 0) return;
    await this.bus.publish(
      ended.map((s) => ({
        topic: Topics.sessionEvents,
        key: `${appId}/${userId}`,
        value: SessionEvent.encode({
          eventId: randomUUID(),
          occurredAt: Date.now(),
          appId,
          event: {
            $case: 'sessionEnded',
            value: { userId, sessionId: s.sessionId, reason, expiresAt: s.expiresAt },
          },
        }).finish(),
        headers: { [EventHeaders.eventType]: 'sessionEnded', [EventHeaders.traceId]: requestId },
      })),
    );
  }
}

/** Closes this replica's streams of sessions ended anywhere (a login on another replica kicks a client here). */
export class SessionEndedListener {
  constructor(private readonly connections: ConnectionRegistry) {}

  readonly handleBatch = async (events: IncomingEvent[]): Promise<void> => {
    for (const event of decodeEach(events, SessionEvent.decode)) {
      if (event.event?.$case !== 'sessionEnded') continue;
      const { sessionId, reason } = event.event.value;
      const kicked = reason === SessionEnded_Reason.REASON_KICKED_OUT;
      this.connections
        .session(sessionId)
        ?.end(
          kicked ? ConnectionEvent.KickedOut : ConnectionEvent.Success,
          kicked ? 'logged in on another device of the same platform' : 'logged out',
        );
    }
  };
}
