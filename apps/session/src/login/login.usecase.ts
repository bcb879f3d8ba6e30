import type { LoginRequest, LoginResponse } from '@parley/contracts';
import { type SessionTokens, ZimError } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import type { SessionRepository } from '../repositories/session.repository';
import type { AppTokenVerifier } from './app-token-verifier';

const USER_ID = /^[A-Za-z0-9_\-.@!#$%&()+:;<=>?[\]^{|}~]{1,32}$/;

/** ZIM login: exchange the app server's token for a session that lasts as long as that token. */
export class LoginUseCase {
  constructor(
    private readonly appTokens: AppTokenVerifier,
    private readonly sessions: SessionRepository,
    private readonly sessionTokens: SessionTokens,
  ) {}

  async execute(request: LoginRequest): Promise<LoginResponse> {
    if (!request.appId) throw ZimError.invalidParams('appID is required');
    if (!USER_ID.test(request.userId))
      throw ZimError.invalidParams(
        'userID must be 1-32 characters of letters, digits and ZIM-allowed symbols',
      );
    if (Buffer.byteLength(request.userName) > 256) throw ZimError.invalidParams('userName is over 256 bytes');
    const { expiresAt } = await this.appTokens.verify(request.appId, request.userId, request.token);
    const principal = { appId: request.appId, userId: request.userId, sessionId: randomUUID() };
    await this.sessions.create({ ...principal, userName: request.userName, expiresAt });
    const ttlSeconds = Math.max(1, Math.floor((expiresAt - Date.now()) / 1000));
    const { token } = await this.sessionTokens.issue(principal, ttlSeconds);
    return { sessionToken: token, sessionId: principal.sessionId, expiresAt };
  }
}
