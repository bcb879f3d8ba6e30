import { commonEnv, loadConfig } from '@parley/platform';
import { z } from 'zod';

const schema = z
  .object({
    PARLEY_MESSAGING_HOST: z.string().default('127.0.0.1'),
    PARLEY_MESSAGING_PORT: commonEnv.grpcPort,
    MESSAGING_DATABASE_URL: commonEnv.databaseUrl,
    KAFKA_BROKERS: commonEnv.kafkaBrokers,
    PARLEY_SESSION_SECRET: commonEnv.sessionSecret,
    /** ZIM's default text limit is 2 KB, configurable up to 32 KB. */
    PARLEY_TEXT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(32 * 1024)
      .default(2 * 1024),
    PARLEY_EXTENDED_DATA_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(64 * 1024)
      .default(1024),
    PARLEY_KAFKA_PARTITIONS: z.coerce.number().int().min(1).default(4),
  })
  .transform((e) => ({
    grpc: { host: e.PARLEY_MESSAGING_HOST, port: e.PARLEY_MESSAGING_PORT },
    databaseUrl: e.MESSAGING_DATABASE_URL,
    kafka: { brokers: e.KAFKA_BROKERS, partitions: e.PARLEY_KAFKA_PARTITIONS },
    sessionSecret: e.PARLEY_SESSION_SECRET,
    limits: { textMaxBytes: e.PARLEY_TEXT_MAX_BYTES, extendedDataMaxBytes: e.PARLEY_EXTENDED_DATA_MAX_BYTES },
  }));

export type MessagingConfig = z.infer<typeof schema>;
export type MessageLimits = MessagingConfig['limits'];

export const MESSAGING_CONFIG = Symbol('MESSAGING_CONFIG');

export function loadMessagingConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  return loadConfig('messaging', schema, env);
}
