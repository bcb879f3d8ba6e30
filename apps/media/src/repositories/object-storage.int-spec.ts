import { Client } from 'minio';
import { randomUUID } from 'node:crypto';
import { loadMediaConfig } from '../config';
import { ObjectStorage } from './object-storage';

// Runs against the real MinIO of infra/local (npm test provides MEDIA_S3_*).
const base = loadMediaConfig(process.env).s3;

describe('ObjectStorage on MinIO', () => {
  const bucket = `parley-it-${randomUUID().slice(0, 8)}`;
  const raw = new Client({
    endPoint: base.endpoint.hostname,
    port: Number(base.endpoint.port),
    useSSL: false,
    accessKey: base.accessKey,
    secretKey: base.secretKey,
  });
  afterAll(() => raw.removeBucket(bucket).catch(() => undefined));

  it('creates the media bucket once and accepts being asked again', async () => {
    const storage = new ObjectStorage({ ...base, bucket });
    expect(await raw.bucketExists(bucket)).toBe(false);
    await storage.ensureBucket();
    await Promise.all([storage.ensureBucket(), new ObjectStorage({ ...base, bucket }).ensureBucket()]);
    expect(await raw.bucketExists(bucket)).toBe(true);
  });

  it('fails with wrong credentials instead of running without storage', async () => {
    const storage = new ObjectStorage({ ...base, bucket, secretKey: 'not-the-password' });
    await expect(storage.ensureBucket()).rejects.toThrow();
  });
});
