import { Injectable } from '@nestjs/common';
import { SessionEnded_Reason } from '@parley/contracts';
import { OutboxRelay, type SessionPrincipal } from '@parley/platform';
import { sessionsEnded } from '../domain/session-events';
import { SessionRepository } from '../repositories/session.repository';
import { ConnectionEvent, ConnectionRegistry } from '../subscribe/connection-registry';

/** ZIM logout: the session ends, its token is refused by every service, its stream closes. */
@Injectable()
export class LogoutUseCase {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly outbox: OutboxRelay,
    private readonly connections: ConnectionRegistry,
  ) {}

  async execute(principal: SessionPrincipal, requestId: string): Promise<void> {
    // The end and its SessionEnded are committed together: a crash after the commit cannot lose the revocation.
    const expiresAt = await this.sessions.end(principal, (until) =>
      sessionsEnded(
        principal.appId,
        principal.userId,
        [{ sessionId: principal.sessionId, expiresAt: until }],
        SessionEnded_Reason.REASON_LOGOUT,
        requestId,
      ),
    );
    if (expiresAt !== undefined) void this.outbox.flush(); // else already ended: logging out twice is harmless
    this.connections.session(principal.sessionId)?.end(ConnectionEvent.Success, 'logged out');
  }
}
