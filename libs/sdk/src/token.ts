import { SignJWT } from 'jose';

/**
 * Issues the login token your app server hands to a client: a JWT signed HS256 with the app's
 * secret, iss = appID, sub = userID, valid for ttlSeconds. Run it on your server, never in a client.
 */
export function generateToken(
  appID: number | string,
  secret: string,
  userID: string,
  ttlSeconds: number,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(String(appID))
    .setSubject(userID)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
