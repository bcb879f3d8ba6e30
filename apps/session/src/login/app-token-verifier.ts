import { ZimError, ZimErrorCode } from '@parley/platform';
import { errors as joseErrors, jwtVerify } from 'jose';
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { AppKey } from '../config';

/**
 * Checks the login token an app's own server issued: a JWT signed with the app's secret (HS256)
 * or Ed25519 key (EdDSA), iss = appID, sub = userID, exp in the future. Only the algorithm
 * configured for the app is accepted. Returns the token's expiry (ms since the epoch).
 */
export class AppTokenVerifier {
  private readonly keys: Map<string, { alg: 'HS256' | 'EdDSA'; key: Uint8Array | KeyObject }>;

  constructor(apps: Map<string, AppKey>) {
    this.keys = new Map(
      [...apps].map(([app, k]) => [
        app,
        k.alg === 'HS256'
          ? { alg: 'HS256' as const, key: new TextEncoder().encode(k.secret) }
          : {
              alg: 'EdDSA' as const,
              key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: k.publicKey }, format: 'jwk' }),
            },
      ]),
    );
  }

  async verify(appId: string, userId: string, token: string): Promise<{ expiresAt: number }> {
    const app = this.keys.get(appId);
    if (!app) throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, `unknown appID ${appId}`);
    try {
      const { payload } = await jwtVerify(token, app.key, {
        algorithms: [app.alg],
        issuer: appId,
        subject: userId,
        requiredClaims: ['exp'],
      });
      return { expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        throw ZimError.unauthenticated(
          ZimErrorCode.TokenExpired,
          'token expired: ask your app server for a new one',
        );
      }
      const why =
        err instanceof joseErrors.JWTClaimValidationFailed
          ? `claim ${err.claim} does not match`
          : 'bad signature or format';
      throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, `token invalid: ${why}`);
    }
  }
}
