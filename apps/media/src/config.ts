import { loadServiceConfig } from '@parley/platform';
import { z } from 'zod';

const MiB = 1024 * 1024;
const bytes = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(10 * 1024 * MiB)
    .default(fallback);
const seconds = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

const schema = z
  .object({
    /** S3 endpoint of the object store (MinIO locally), e.g. http://127.0.0.1:19000. */
    MEDIA_S3_ENDPOINT: z.string().url(),
    /** Where clients reach the object store, for download URLs (default: MEDIA_S3_ENDPOINT). */
    MEDIA_S3_PUBLIC_ENDPOINT: z.string().url().optional(),
    MEDIA_S3_ACCESS_KEY: z.string().min(3),
    MEDIA_S3_SECRET_KEY: z.string().min(8),
    MEDIA_S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
      .default('parley-media'),
    /** ZIM: images up to 10 MB. */
    PARLEY_MEDIA_IMAGE_MAX_BYTES: bytes(10 * 1000 * 1000),
    PARLEY_MEDIA_FILE_MAX_BYTES: bytes(100 * MiB),
    PARLEY_MEDIA_AUDIO_MAX_BYTES: bytes(6 * MiB),
    PARLEY_MEDIA_VIDEO_MAX_BYTES: bytes(100 * MiB),
    /** An upload not completed within this is aborted and its parts removed. */
    PARLEY_MEDIA_UPLOAD_TTL_SECONDS: seconds(24 * 3600, 7 * 24 * 3600),
    PARLEY_MEDIA_SWEEP_INTERVAL_SECONDS: seconds(60, 3600),
    /** Lifetime of a download URL: at most 15 minutes. */
    PARLEY_MEDIA_URL_TTL_SECONDS: seconds(600, 900),
  })
  .transform((e) => ({
    s3: {
      endpoint: new URL(e.MEDIA_S3_ENDPOINT),
      publicEndpoint: new URL(e.MEDIA_S3_PUBLIC_ENDPOINT ?? e.MEDIA_S3_ENDPOINT),
      accessKey: e.MEDIA_S3_ACCESS_KEY,
      secretKey: e.MEDIA_S3_SECRET_KEY,
      bucket: e.MEDIA_S3_BUCKET,
    },
    limits: {
      imageMaxBytes: e.PARLEY_MEDIA_IMAGE_MAX_BYTES,
      fileMaxBytes: e.PARLEY_MEDIA_FILE_MAX_BYTES,
      audioMaxBytes: e.PARLEY_MEDIA_AUDIO_MAX_BYTES,
      videoMaxBytes: e.PARLEY_MEDIA_VIDEO_MAX_BYTES,
    },
    uploadTtlMs: e.PARLEY_MEDIA_UPLOAD_TTL_SECONDS * 1000,
    sweepIntervalMs: e.PARLEY_MEDIA_SWEEP_INTERVAL_SECONDS * 1000,
    urlTtlSeconds: e.PARLEY_MEDIA_URL_TTL_SECONDS,
  }));

export type MediaConfig = ReturnType<typeof loadMediaConfig>;
export type S3Config = z.infer<typeof schema>['s3'];
export type MediaLimits = MediaConfig['limits'];
export const MEDIA_CONFIG = Symbol('MEDIA_CONFIG');

export function loadMediaConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('media', 'MEDIA_DATABASE_URL', schema, env);
}
