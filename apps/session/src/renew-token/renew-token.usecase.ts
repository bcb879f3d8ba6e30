import type { RenewTokenResponse } from '@parley/contracts';
import { type SessionPrincipal, type SessionTokens, ZimError, ZimErrorCode } from '@parley/platform';
import type { AppTokenVerifier } from '../login/app-token-verifier';
import type { SessionRepository } from '../repositories/session.repository';
import type { SessionEventsPublisher } from '../session-events/session-events';
import type { ConnectionRegistry } from '../subscribe/connection-registry';

/** ZIM renewToken: a fresh app token for the same app and user extends the session. */
export class RenewTokenUseCase {
  constructor(
    private readonly appTokens: AppTokenVerifier,
    private readonly sessions: SessionRepository,
    private readonly sessionTokens: SessionTokens,
    private readonly connections: ConnectionRegistry,
    private readonly sessionEvents: SessionEventsPublisher,
    private readonly maxSessionMs: number,
  ) {}

  async execute(
    principal: SessionPrincipal,
    appToken: string,
    requestId: string,
  ): Promise<RenewTokenResponse> {
    const token = await this.appTokens.verify(principal.appId, principal.userId, appToken);
    const expiresAt = Math.min(token.expiresAt, Date.now() + this.maxSessionMs);
    if (!(await this.sessions.extend(principal, expiresAt))) {
      throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, 'this session has ended: log in again');
    }
    // A stream on this replica is rescheduled at once; one on another replica when the event reaches it.
    this.connections.session(principal.sessionId)?.renewed(expiresAt);
    await this.sessionEvents.renewed(
      principal.appId,
      principal.userId,
      principal.sessionId,
      expiresAt,
      requestId,
    );
    const { token: sessionToken } = await this.sessionTokens.issue(
      principal,
      Math.max(1, Math.floor((expiresAt - Date.now()) / 1000)),
    );
    return { sessionToken, expiresAt };
  }
}
