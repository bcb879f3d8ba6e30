import { commonEnv, loadConfig } from '@parley/platform';
import { z } from 'zod';

/** `appID:secret` pairs separated by commas: the apps whose servers may issue login tokens. */
const appsList = z
  .string()
  .min(1)
  .transform((raw, ctx) => {
    const apps = new Map<string, string>();
    for (const entry of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const i = entry.indexOf(':');
      const [appId, secret] = [entry.slice(0, i), entry.slice(i + 1)];
      if (i <= 0 || secret.length < 16) {
        ctx.addIssue({
          code: 'custom',
          message: `"${appId || entry}" must look like appID:secret with a secret of 16+ characters`,
        });
        return z.NEVER;
      }
      apps.set(appId, secret);
    }
    return apps;
  });

const schema = z
  .object({
    PARLEY_SESSION_HOST: z.string().default('127.0.0.1'),
    PARLEY_SESSION_PORT: commonEnv.grpcPort,
    SESSION_DATABASE_URL: commonEnv.databaseUrl,
    KAFKA_BROKERS: commonEnv.kafkaBrokers,
    PARLEY_SESSION_SECRET: commonEnv.sessionSecret,
    PARLEY_APPS: appsList,
    /** Longest a session lasts without RenewToken, whatever the app token says (also bounds timers). */
    PARLEY_SESSION_MAX_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(24 * 3600),
    /** Names this replica's delivery consumer group; keep it stable across restarts of one replica. */
    PARLEY_INSTANCE_ID: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .default('0'),
  })
  .transform((e) => ({
    grpc: { host: e.PARLEY_SESSION_HOST, port: e.PARLEY_SESSION_PORT },
    databaseUrl: e.SESSION_DATABASE_URL,
    kafka: { brokers: e.KAFKA_BROKERS },
    sessionSecret: e.PARLEY_SESSION_SECRET,
    appSecrets: e.PARLEY_APPS,
    instanceId: e.PARLEY_INSTANCE_ID,
    maxSessionMs: e.PARLEY_SESSION_MAX_TTL_SECONDS * 1000,
  }));

export type SessionConfig = z.infer<typeof schema>;
export const SESSION_CONFIG = Symbol('SESSION_CONFIG');

export function loadSessionConfig(env: NodeJS.ProcessEnv = process.env): SessionConfig {
  return loadConfig('session', schema, env);
}
