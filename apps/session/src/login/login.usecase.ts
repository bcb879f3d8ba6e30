import { Injectable } from '@nestjs/common';
import { type LoginRequest, type LoginResponse, SessionEnded_Reason } from '@parley/contracts';
import { OutboxRelay, ZimError } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import { sessionsEnded } from '../domain/session-events';
import { SessionRepository } from '../repositories/session.repository';
import { AppTokenVerifier } from './app-token-verifier';
import { SessionLifetime } from './session-lifetime';

const USER_ID = /^[A-Za-z0-9_\-.@!#$%&()+:;<=>?[\]^{|}~]{1,32}$/;

/**
 * ZIM login: exchange the app server's token for a session that lasts as long as that token
 * (at most `maxSessionMs`, then RenewToken). A login on a platform where the user already has a
 * session ends that session: its client is kicked out.
 */
@Injectable()
export class LoginUseCase {
  constructor(
    private readonly appTokens: AppTokenVerifier,
    private readonly sessions: SessionRepository,
    private readonly lifetime: SessionLifetime,
    private readonly outbox: OutboxRelay,
  ) {}

  async execute(request: LoginRequest, requestId: string): Promise<LoginResponse> {
    if (!request.appId) throw ZimError.invalidParams('appID is required');
    if (!USER_ID.test(request.userId)) {
      throw ZimError.invalidParams(
        'userID must be 1-32 characters of letters, digits and ZIM-allowed symbols',
      );
    }
    if (Buffer.byteLength(request.userName) > 256) throw ZimError.invalidParams('userName is over 256 bytes');
    if (!Number.isInteger(request.platform) || request.platform < 0 || request.platform > 64) {
      throw ZimError.invalidParams('platform must be a ZIMPlatformType number');
    }
    const token = await this.appTokens.verify(request.appId, request.userId, request.token);
    const expiresAt = this.lifetime.expiryFor(token.expiresAt);
    const principal = {
      appId: request.appId,
      userId: request.userId,
      sessionId: randomUUID(),
      platform: request.platform,
    };
    // The sessions this login replaces are kicked out: their ends are committed with the login.
    const replaced = await this.sessions.startReplacing(
      { ...principal, userName: request.userName, platform: request.platform, expiresAt },
      (ended) =>
        sessionsEnded(
          principal.appId,
          principal.userId,
          ended,
          SessionEnded_Reason.REASON_KICKED_OUT,
          requestId,
        ),
    );
    if (replaced.length > 0) void this.outbox.flush();
    const sessionToken = await this.lifetime.tokenFor(principal, expiresAt);
    return { sessionToken, sessionId: principal.sessionId, expiresAt };
  }
}
