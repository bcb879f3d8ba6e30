import { EventHeaders, SessionEnded_Reason, SessionEvent, Topics } from '@parley/contracts';
import { decodeEach, type IncomingEvent, type KafkaBus, type OutgoingEvent } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import type { EndedSession } from '../repositories/session.repository';
import { type ConnectionRegistry, ConnectionEvent } from '../subscribe/connection-registry';

type SessionEventBody = NonNullable<SessionEvent['event']>;

function sessionEvent(
  appId: string,
  userId: string,
  body: SessionEventBody,
  requestId: string,
): OutgoingEvent {
  return {
    topic: Topics.sessionEvents,
    // One partition per user: a user's ends and renewals are read in the order they happened.
    key: `${appId}/${userId}`,
    value: SessionEvent.encode({
      eventId: randomUUID(),
      occurredAt: Date.now(),
      appId,
      event: body,
    }).finish(),
    headers: { [EventHeaders.eventType]: body.$case, [EventHeaders.traceId]: requestId },
  };
}

/**
 * Announces what happened to sessions: ended ones, so every service refuses their tokens and every
 * session replica closes their streams; renewed ones, so the replica holding the stream moves its expiry.
 */
export class SessionEventsPublisher {
  constructor(private readonly bus: KafkaBus) {}

  async ended(
    appId: string,
    userId: string,
    ended: EndedSession[],
    reason: SessionEnded_Reason,
    requestId: string,
  ): Promise<void> {
    if (ended.length === 0) return;
    await this.bus.publish(
      ended.map((s) =>
        sessionEvent(
          appId,
          userId,
          {
            $case: 'sessionEnded',
            value: { userId, sessionId: s.sessionId, reason, expiresAt: s.expiresAt },
          },
          requestId,
        ),
      ),
    );
  }

  async renewed(
    appId: string,
    userId: string,
    sessionId: string,
    expiresAt: number,
    requestId: string,
  ): Promise<void> {
    await this.bus.publish([
      sessionEvent(
        appId,
        userId,
        { $case: 'sessionRenewed', value: { userId, sessionId, expiresAt } },
        requestId,
      ),
    ]);
  }
}

/**
 * Applies session events to this replica's streams, wherever they happened: a login on another
 * replica kicks a client here, a RenewToken answered by another replica moves a stream's expiry here.
 */
export class SessionEventsListener {
  constructor(private readonly connections: ConnectionRegistry) {}

  readonly handleBatch = async (events: IncomingEvent[]): Promise<void> => {
    for (const event of decodeEach(events, SessionEvent.decode)) {
      if (event.event?.$case === 'sessionRenewed') {
        const { sessionId, expiresAt } = event.event.value;
        this.connections.session(sessionId)?.renewed(expiresAt);
        continue;
      }
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
