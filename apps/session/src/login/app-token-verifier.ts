import { ZimError, ZimErrorCode } from '@parley/platform';
import { errors as joseErrors, jwtVerify } from 'jose';

/**
 * Checks the login token an app's own server issued: a JWT signed HS256 with the app's secret,
 * iss = appID, sub = userID, exp in the future. Returns the token's expiry (ms since the epoch).
 */
export class AppTokenVerifier {
  private readonly keys: Map<string, Uint8Array>;

  constructor(appSecrets: Map<string, string>) {
    this.keys = new Map([...appSecrets].map(([app, secret]) => [app, new TextEncoder().encode(secret)]));
  }

  async verify(appId: string, userId: string, token: string): Promise<{ expiresAt: number }> {
    const key = this.keys.get(appId);
    if (!key) throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, `unknown appID ${appId}`);
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
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
