import { BootError } from '@parley/platform';
import { loadMediaConfig } from './config';

const valid = {
  KAFKA_BROKERS: '127.0.0.1:1, 127.0.0.1:2',
  MEDIA_S3_ENDPOINT: 'http://127.0.0.1:19000',
  MEDIA_S3_ACCESS_KEY: 'parley',
  MEDIA_S3_SECRET_KEY: 'a-long-secret',
  MEDIA_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5433/parley_media',
  PARLEY_SESSION_SECRET: 'x'.repeat(32),
};

describe('media configuration', () => {
  it('names every missing variable in one line', () => {
    let error: unknown;
    try {
      loadMediaConfig({});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BootError);
    const message = (error as BootError).message;
    expect(message).not.toContain('\n');
    for (const name of [
      'KAFKA_BROKERS',
      'MEDIA_S3_ENDPOINT',
      'MEDIA_S3_ACCESS_KEY',
      'MEDIA_S3_SECRET_KEY',
      'MEDIA_DATABASE_URL',
      'PARLEY_SESSION_SECRET',
    ]) {
      expect(message).toContain(name);
    }
  });

  // The port is read by bootstrapService (libs/platform/src/host/service-address.spec.ts).
  it('rejects a bucket S3 would refuse', () => {
    expect(() => loadMediaConfig({ ...valid, MEDIA_S3_BUCKET: 'Bad_Bucket' })).toThrow(/MEDIA_S3_BUCKET/);
  });

  it('defaults the size caps to ZIM’s and keeps download URLs within 15 minutes', () => {
    expect(loadMediaConfig(valid).limits.imageMaxBytes).toBe(10_000_000);
    expect(loadMediaConfig({ ...valid, PARLEY_MEDIA_FILE_MAX_BYTES: '1000' }).limits.fileMaxBytes).toBe(1000);
    expect(() => loadMediaConfig({ ...valid, PARLEY_MEDIA_URL_TTL_SECONDS: '901' })).toThrow(
      /PARLEY_MEDIA_URL_TTL_SECONDS/,
    );
  });

  it('reads brokers, endpoint and the default bucket', () => {
    const config = loadMediaConfig(valid);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:1', '127.0.0.1:2']);
    expect(config.s3.endpoint.port).toBe('19000');
    expect(config.s3.bucket).toBe('parley-media');
  });
});
