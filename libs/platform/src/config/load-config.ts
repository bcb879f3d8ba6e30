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
