import { z } from 'zod';

/**
 * Parses and validates the environment once at boot. On bad configuration the process exits
 * with one line naming every offending variable, instead of failing later or looping.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ');
  throw new BootError(`${service}: invalid configuration: ${problems}`);
}

/** A reason the service cannot start, printed as one line before the process exits with status 1. */
export class BootError extends Error {
  override name = 'BootError';
}

/** Env schemas every service shares. */
export const commonEnv = {
  grpcPort: z.coerce.number().int().min(1).max(65535),
  /** Comma-separated host:port list; loopback in development. */
  kafkaBrokers: z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    ),
  databaseUrl: z.string().url().startsWith('postgresql://', 'must be a postgresql:// URL'),
  /** HS256 key shared by every service to verify session tokens (at least 32 characters). */
  sessionSecret: z.string().min(32, 'must be at least 32 characters'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
};

/** What every service reads besides its own settings: its database, Kafka and the session key. */
export interface ServiceSettings {
  databaseUrl: string;
  kafka: { brokers: string[] };
  sessionSecret: string;
}

/**
 * A service's configuration: the shared settings (`<databaseVar>`, KAFKA_BROKERS,
 * PARLEY_SESSION_SECRET) plus what `schema` parses from the service's own variables. Every problem
 * of both parts is named in the one-line boot error.
 */
export function loadServiceConfig<S extends z.ZodType>(
  service: string,
  databaseVar: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): ServiceSettings & z.infer<S> {
  const shared = z
    .object({
      [databaseVar]: commonEnv.databaseUrl,
      KAFKA_BROKERS: commonEnv.kafkaBrokers,
      PARLEY_SESSION_SECRET: commonEnv.sessionSecret,
    })
    .transform(
      (e): ServiceSettings => ({
        databaseUrl: e[databaseVar] as string,
        kafka: { brokers: e['KAFKA_BROKERS'] as string[] },
        sessionSecret: e['PARLEY_SESSION_SECRET'] as string,
      }),
    );
  const parts = [shared.safeParse(env), schema.safeParse(env)] as const;
  const problems = parts.flatMap((p) => (p.success ? [] : p.error.issues));
  if (problems.length > 0)
    throw new BootError(
      `${service}: invalid configuration: ${problems.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ')}`,
    );
  return Object.assign({}, parts[0].data as ServiceSettings, parts[1].data as z.infer<S>);
}
