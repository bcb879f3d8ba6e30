import { commonEnv, loadConfig } from '@parley/platform';
import { z } from 'zod';

const schema = z
  .object({
    PARLEY_MEDIA_HOST: z.string().default('127.0.0.1'),
    PARLEY_MEDIA_PORT: commonEnv.grpcPort,
    KAFKA_BROKERS: commonEnv.kafkaBrokers,
  })
  .transform((e) => ({
    grpc: { host: e.PARLEY_MEDIA_HOST, port: e.PARLEY_MEDIA_PORT },
    kafka: { brokers: e.KAFKA_BROKERS },
  }));

export type MediaConfig = z.infer<typeof schema>;

export function loadMediaConfig(env: NodeJS.ProcessEnv = process.env): MediaConfig {
  return loadConfig('media', schema, env);
}
