import { commonEnv, loadConfig } from '@parley/platform';
import { z } from 'zod';

const schema = z
  .object({
    PARLEY_MEDIA_HOST: z.string().default('127.0.0.1'),
    PARLEY_MEDIA_PORT: commonEnv.grpcPort,
    KAFKA_BROKERS: commonEnv.kafkaBrokers,
    /** S3 endpoint of the object store (MinIO locally), e.g. http://127.0.0.1:19000. */
    MEDIA_S3_ENDPOINT: z.string().url(),
    MEDIA_S3_ACCESS_KEY: z.string().min(3),
    MEDIA_S3_SECRET_KEY: z.string().min(8),
    MEDIA_S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
      .default('parley-media'),
  })
  .transform((e) => ({
    grpc: { host: e.PARLEY_MEDIA_HOST, port: e.PARLEY_MEDIA_PORT },
    kafka: { brokers: e.KAFKA_BROKERS },
    s3: {
      endpoint: new URL(e.MEDIA_S3_ENDPOINT),
      accessKey: e.MEDIA_S3_ACCESS_KEY,
      secretKey: e.MEDIA_S3_SECRET_KEY,
      bucket: e.MEDIA_S3_BUCKET,
    },
  }));

export type MediaConfig = z.infer<typeof schema>;
export type S3Config = MediaConfig['s3'];
export const MEDIA_CONFIG = Symbol('MEDIA_CONFIG');

export function loadMediaConfig(env: NodeJS.ProcessEnv = process.env): MediaConfig {
  return loadConfig('media', schema, env);
}
