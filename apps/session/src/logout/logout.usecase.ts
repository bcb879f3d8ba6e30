import { SessionEnded_Reason } from '@parley/contracts';
import type { SessionPrincipal } from '@parley/platform';
import type { SessionRepository } from '../repositories/session.repository';
import type { SessionEndedPublisher } from '../session-events/session-ended';

/** ZIM logout: the session ends, its token is refused by every service, its stream closes. */
export class LogoutUseCase {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly ended: SessionEndedPublisher,
  ) {}

  async execute(principal: SessionPrincipal, requestId: string): Promise<void> {
    const expiresAt = await this.sessions.end(principal);
    if (expiresAt === undefined) return; // already ended: logging out twice is harmless
    await this.ended.publish(
      principal.appId,
      principal.userId,
      [{ sessionId: principal.sessionId, expiresAt }],
      SessionEnded_Reason.REASON_LOGOUT,
      requestId,
    );
  }
}
