import { Injectable } from '@nestjs/common';
import type { RenewTokenResponse } from '@parley/contracts';
import { OutboxRelay, type SessionPrincipal, ZimError, ZimErrorCode } from '@parley/platform';
import { sessionRenewed } from '../domain/session-events';
import { AppTokenVerifier } from '../login/app-token-verifier';
import { SessionLifetime } from '../login/session-lifetime';
import { SessionRepository } from '../repositories/session.repository';
import { ConnectionRegistry } from '../subscribe/connection-registry';

/** ZIM renewToken: a fresh app token for the same app and user extends the session. */
@Injectable()
export class RenewTokenUseCase {
  constructor(
    private readonly appTokens: AppTokenVerifier,
    private readonly sessions: SessionRepository,
    private readonly lifetime: SessionLifetime,
    private readonly connections: ConnectionRegistry,
    private readonly outbox: OutboxRelay,
  ) {}

  async execute(
    principal: SessionPrincipal,
    appToken: string,
    requestId: string,
  ): Promise<RenewTokenResponse> {
    const token = await this.appTokens.verify(principal.appId, principal.userId, appToken);
    const expiresAt = this.lifetime.expiryFor(token.expiresAt);
    const renewed = () => [
      sessionRenewed(principal.appId, principal.userId, principal.sessionId, expiresAt, requestId),
    ];
    if (!(await this.sessions.extend(principal, expiresAt, renewed))) {
      throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, 'this session has ended: log in again');
    }
    // A stream on this replica is rescheduled at once; one on another replica when the event reaches it.
    this.connections.session(principal.sessionId)?.renewed(expiresAt);
    void this.outbox.flush();
    const sessionToken = await this.lifetime.tokenFor(principal, expiresAt);
    return { sessionToken, expiresAt };
  }
}
