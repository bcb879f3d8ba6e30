import type { SessionPrincipal } from '@parley/platform';
import type { SessionDatabase } from './prisma.service';

/** Logins. Queries are scoped by app and user so one app's sessions are never visible to another. */
export class SessionRepository {
  constructor(private readonly db: SessionDatabase) {}

  async create(session: SessionPrincipal & { userName: string; expiresAt: number }): Promise<void> {
    await this.db.session.create({
      data: {
        id: session.sessionId,
        appId: session.appId,
        userId: session.userId,
        userName: session.userName,
        expiresAt: new Date(session.expiresAt),
      },
    });
  }

  async isActive(principal: SessionPrincipal): Promise<boolean> {
    const row = await this.db.session.findFirst({
      where: {
        id: principal.sessionId,
        appId: principal.appId,
        userId: principal.userId,
        endedAt: null,
        expiresAt: { gt: new Date() },
      },
      select: { id: true },
    });
    return row !== null;
  }
}
