import { SessionEnded_Reason, Topics } from '@parley/contracts';
import { eventEnvelope, type OutgoingEvent } from '@parley/platform';

export interface EndedSession {
  sessionId: string;
  expiresAt: number;
}

/**
 * SessionEnded for each ended session: every service refuses their tokens and the session replica
 * holding their streams closes them. Keyed by user: a user's ends and renewals stay in order.
 */
export function sessionsEnded(
  appId: string,
  userId: string,
  ended: EndedSession[],
  reason: SessionEnded_Reason,
  requestId: string,
): OutgoingEvent[] {
  return ended.map((s) =>
    eventEnvelope(
      Topics.sessionEvents,
      `${appId}/${userId}`,
      {
        appId,
        event: {
          $case: 'sessionEnded',
          value: { userId, sessionId: s.sessionId, reason, expiresAt: s.expiresAt },
        },
      },
      requestId,
    ),
  );
}

/** SessionRenewed: the replica holding the session's stream moves its expiry. */
export function sessionRenewed(
  appId: string,
  userId: string,
  sessionId: string,
  expiresAt: number,
  requestId: string,
): OutgoingEvent {
  return eventEnvelope(
    Topics.sessionEvents,
    `${appId}/${userId}`,
    { appId, event: { $case: 'sessionRenewed', value: { userId, sessionId, expiresAt } } },
    requestId,
  );
}
