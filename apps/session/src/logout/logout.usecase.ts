import { SessionEnded_Reason } from '@parley/contracts';
import type { SessionPrincipal } from '@parley/platform';
import type { SessionRepository } from '../repositories/session.repository';
import type { SessionEventsPublisher } from '../session-events/session-events';

/** ZIM logout: the session ends, its token is refused by every service, its stream closes. */
export class LogoutUseCase {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly sessionEvents: SessionEventsPublisher,
  ) {}

  async execute(principal: SessionPrincipal, requestId: string): Promise<void> {
    const expiresAt = await this.sessions.end(principal);
    if (expiresAt === undefined) return; // already ended: logging out twice is harmless
    await this.sessionEvents.ended(
      principal.appId,
      principal.userId,
      [{ sessionId: principal.sessionId, expiresAt }],
      SessionEnded_Reason.REASON_LOGOUT,
      requestId,
    );
  }
}
