import { loadServiceConfig } from '@parley/platform';
import { z } from 'zod';

/** How an app's server signs login tokens: a shared secret (HS256) or an Ed25519 key pair (EdDSA). */
export type AppKey = { alg: 'HS256'; secret: string } | { alg: 'EdDSA'; publicKey: string };

const ED25519_PREFIX = 'ed25519:';

/**
 * Comma-separated apps whose servers may issue login tokens: `appID:secret` (HS256, 16+ characters)
 * or `appID:ed25519:<public key>` (EdDSA; the raw 32-byte key, base64url, 43 characters).
 */
const appsList = z
  .string()
  .min(1)
  .transform((raw, ctx) => {
    const apps = new Map<string, AppKey>();
    for (const entry of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const i = entry.indexOf(':');
      const [appId, rest] = [entry.slice(0, i), entry.slice(i + 1)];
      const publicKey = rest.startsWith(ED25519_PREFIX) ? rest.slice(ED25519_PREFIX.length) : undefined;
      const valid =
        i > 0 && (publicKey === undefined ? rest.length >= 16 : /^[A-Za-z0-9_-]{43}$/.test(publicKey));
      if (!valid) {
        ctx.addIssue({
          code: 'custom',
          message: `"${appId || entry}" must look like appID:secret (16+ characters) or appID:ed25519:<43-character base64url public key>`,
        });
        return z.NEVER;
      }
      apps.set(appId, publicKey === undefined ? { alg: 'HS256', secret: rest } : { alg: 'EdDSA', publicKey });
    }
    return apps;
  });

const schema = z
  .object({
    PARLEY_APPS: appsList,
    /** Longest a session lasts without RenewToken, whatever the app token says (also bounds timers). */
    PARLEY_SESSION_MAX_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(24 * 3600),
  })
  .transform((e) => ({
    appKeys: e.PARLEY_APPS,
    maxSessionMs: e.PARLEY_SESSION_MAX_TTL_SECONDS * 1000,
  }));

export type SessionConfig = ReturnType<typeof loadSessionConfig>;
export const SESSION_CONFIG = Symbol('SESSION_CONFIG');

export function loadSessionConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('session', 'SESSION_DATABASE_URL', schema, env);
}
