import { Inject, Injectable } from '@nestjs/common';
import type { RenewTokenResponse } from '@parley/contracts';
import { OutboxRelay, type SessionPrincipal, SessionTokens, ZimError, ZimErrorCode } from '@parley/platform';
import { SESSION_CONFIG, type SessionConfig } from '../config';
import { sessionRenewed } from '../domain/session-events';
import { AppTokenVerifier } from '../login/app-token-verifier';
import { SessionRepository } from '../repositories/session.repository';
import { ConnectionRegistry } from '../subscribe/connection-registry';

/** ZIM renewToken: a fresh app token for the same app and user extends the session. */
@Injectable()
export class RenewTokenUseCase {
  private readonly maxSessionMs: number;

  constructor(
    private readonly appTokens: AppTokenVerifier,
    private readonly sessions: SessionRepository,
    private readonly sessionTokens: SessionTokens,
    private readonly connections: ConnectionRegistry,
    private readonly outbox: OutboxRelay,
    @Inject(SESSION_CONFIG) config: Pick<SessionConfig, 'maxSessionMs'>,
  ) {
    this.maxSessionMs = config.maxSessionMs;
  }

  async execute(
    principal: SessionPrincipal,
    appToken: string,
    requestId: string,
  ): Promise<RenewTokenResponse> {
    const token = await this.appTokens.verify(principal.appId, principal.userId, appToken);
    const expiresAt = Math.min(token.expiresAt, Date.now() + this.maxSessionMs);
    const renewed = () => [
      sessionRenewed(principal.appId, principal.userId, principal.sessionId, expiresAt, requestId),
    ];
    if (!(await this.sessions.extend(principal, expiresAt, renewed))) {
      throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, 'this session has ended: log in again');
    }
    // A stream on this replica is rescheduled at once; one on another replica when the event reaches it.
    this.connections.session(principal.sessionId)?.renewed(expiresAt);
    void this.outbox.flush();
    const { token: sessionToken } = await this.sessionTokens.issue(
      principal,
      Math.max(1, Math.floor((expiresAt - Date.now()) / 1000)),
    );
    return { sessionToken, expiresAt };
  }
}
