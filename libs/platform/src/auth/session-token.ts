import type { Metadata } from '@grpc/grpc-js';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { ZimError, ZimErrorCode } from '../errors/zim-error';

/** Who is calling: established by session's Login, carried by every later call. */
export interface SessionPrincipal {
  appId: string;
  userId: string;
  sessionId: string;
  /** ZIMPlatformType of the device (one session per user and platform). */
  platform: number;
}

const ISSUER = 'parley-session';
const AUDIENCE = 'parley';

/**
 * Session tokens are short JWTs (HS256) that session issues at Login and every service verifies
 * by itself with the shared key, so no service needs to ask session on each call.
 */
export class SessionTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly revocations?: { isRevoked(sessionId: string): boolean },
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(
    principal: SessionPrincipal,
    ttlSeconds: number,
  ): Promise<{ token: string; expiresAt: number }> {
    const expiresAt = Math.floor(Date.now() / 1000) + ttlSeconds;
    const token = await new SignJWT({
      app: principal.appId,
      sid: principal.sessionId,
      plt: principal.platform,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(principal.userId)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: expiresAt * 1000 };
  }

  async verify(token: string): Promise<SessionPrincipal> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const { app, sid, plt } = payload as { app?: unknown; sid?: unknown; plt?: unknown };
      if (
        typeof payload.sub !== 'string' ||
        typeof app !== 'string' ||
        typeof sid !== 'string' ||
        typeof plt !== 'number'
      ) {
        throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, 'session token lacks user, app or session');
      }
      if (this.revocations?.isRevoked(sid)) {
        throw ZimError.unauthenticated(
          ZimErrorCode.TokenInvalid,
          'this session has ended (logged out or kicked out): log in again',
        );
      }
      return { appId: app, userId: payload.sub, sessionId: sid, platform: plt };
    } catch (err) {
      if (err instanceof ZimError) throw err;
      if (err instanceof joseErrors.JWTExpired) {
        throw ZimError.unauthenticated(ZimErrorCode.TokenExpired, 'session expired: log in again');
      }
      throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, 'session token is not valid: log in again');
    }
  }

  /** Reads `authorization: Bearer <token>` from call metadata and verifies it. */
  async authenticate(metadata: Metadata): Promise<SessionPrincipal> {
    const [header] = metadata.get('authorization');
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
      throw ZimError.unauthenticated(
        ZimErrorCode.NotLoggedIn,
        'not logged in: call Login first and send its session token',
      );
    }
    return this.verify(header.slice('Bearer '.length));
  }
}
