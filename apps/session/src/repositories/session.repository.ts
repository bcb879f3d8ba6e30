import { Injectable } from '@nestjs/common';
import { insertOutboxRows, type OutgoingEvent, type SessionPrincipal } from '@parley/platform';
import type { EndedSession } from '../domain/session-events';
import { SessionDatabase } from './prisma.service';

/**
 * Logins. Queries are scoped by app and user so one app's sessions are never visible to another.
 * A change that others must hear of (a session ended or renewed) commits its events to the outbox
 * in the same transaction: `announce` builds them from what the change did.
 */
@Injectable()
export class SessionRepository {
  constructor(private readonly db: SessionDatabase) {}

  /**
   * Records a login and ends the user's other active sessions on the same platform, in one
   * transaction so two simultaneous logins cannot both survive. Returns the sessions it ended.
   */
  async startReplacing(
    session: SessionPrincipal & { userName: string; platform: number; expiresAt: number },
    announce: (ended: EndedSession[]) => OutgoingEvent[],
  ): Promise<EndedSession[]> {
    return this.db.$transaction(async (tx) => {
      // Serialise logins of one user (the lock is released at commit).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${session.appId}/${session.userId}`}))`;
      const ended = await tx.$queryRaw<{ id: string; expires_at: Date }[]>`
        UPDATE session SET ended_at = now()
        WHERE app_id = ${session.appId} AND user_id = ${session.userId} AND platform = ${session.platform}
          AND ended_at IS NULL AND expires_at > now()
        RETURNING id, expires_at`;
      await tx.session.create({
        data: {
          id: session.sessionId,
          appId: session.appId,
          userId: session.userId,
          userName: session.userName,
          platform: session.platform,
          expiresAt: new Date(session.expiresAt),
        },
      });
      const endedSessions = ended.map((r) => ({ sessionId: r.id, expiresAt: r.expires_at.getTime() }));
      await insertOutboxRows(tx, announce(endedSessions));
      return endedSessions;
    });
  }

  /** The session's expiry when it is still active, else undefined. */
  async activeUntil(principal: SessionPrincipal): Promise<number | undefined> {
    const row = await this.db.session.findFirst({
      where: {
        id: principal.sessionId,
        appId: principal.appId,
        userId: principal.userId,
        endedAt: null,
        expiresAt: { gt: new Date() },
      },
      select: { expiresAt: true },
    });
    return row?.expiresAt.getTime();
  }

  /** Ends the session; returns its expiry if it was active (so the end can be announced), else undefined. */
  async end(
    principal: SessionPrincipal,
    announce: (expiresAt: number) => OutgoingEvent[],
  ): Promise<number | undefined> {
    return this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ expires_at: Date }[]>`
        UPDATE session SET ended_at = now()
        WHERE id = ${principal.sessionId}::uuid AND app_id = ${principal.appId} AND user_id = ${principal.userId} AND ended_at IS NULL
        RETURNING expires_at`;
      const expiresAt = rows[0]?.expires_at.getTime();
      if (expiresAt !== undefined) await insertOutboxRows(tx, announce(expiresAt));
      return expiresAt;
    });
  }

  /** Moves an active session's expiry (RenewToken). False when the session has ended. */
  async extend(
    principal: SessionPrincipal,
    expiresAt: number,
    announce: () => OutgoingEvent[],
  ): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.session.updateMany({
        where: { id: principal.sessionId, appId: principal.appId, userId: principal.userId, endedAt: null },
        data: { expiresAt: new Date(expiresAt) },
      });
      if (count === 1) await insertOutboxRows(tx, announce());
      return count === 1;
    });
  }
}
