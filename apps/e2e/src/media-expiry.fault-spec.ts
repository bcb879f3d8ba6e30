import { Client } from 'minio';
import { randomBytes } from 'node:crypto';
import { eventually, rawLogin, uniqueUser } from './harness';
import { fetchSha, mediaAs, sha256, uploadRange, zimCode } from './media-harness';
import { ServiceProcess } from './service-process';

const MiB = 1024 * 1024;

// A media instance with expiries short enough to watch: uploads abandoned after 2 s (swept every
// second), download URLs valid for 2 s.
describe('abandoned uploads and download URLs expire', () => {
  jest.setTimeout(120_000);
  const media = new ServiceProcess('media', {
    PARLEY_MEDIA_UPLOAD_TTL_SECONDS: '2',
    PARLEY_MEDIA_SWEEP_INTERVAL_SECONDS: '1',
    PARLEY_MEDIA_URL_TTL_SECONDS: '2',
  });
  const closers: (() => void)[] = [];
  // This suite owns session too (npm test stops the stack's own before the fault tests).
  const session = new ServiceProcess('session');
  beforeAll(async () => {
    await session.start();
    await media.start();
  });
  afterAll(async () => {
    closers.forEach((close) => close());
    await media.stop();
    await session.stop();
  });

  const endpoint = new URL(process.env['MEDIA_S3_ENDPOINT'] ?? '');
  const minio = new Client({
    endPoint: endpoint.hostname,
    port: Number(endpoint.port),
    useSSL: false,
    accessKey: process.env['MEDIA_S3_ACCESS_KEY'] ?? '',
    secretKey: process.env['MEDIA_S3_SECRET_KEY'] ?? '',
  });
  const incompleteUploads = (prefix: string) =>
    new Promise<string[]>((resolve, reject) => {
      const keys: string[] = [];
      minio
        .listIncompleteUploads(process.env['MEDIA_S3_BUCKET'] ?? 'parley-media', prefix, true)
        .on('data', (u) => keys.push(u.key))
        .on('error', reject)
        .on('end', () => resolve(keys));
    });

  it('aborts an abandoned upload in MinIO: no incomplete multipart upload is left', async () => {
    const user = await rawLogin(uniqueUser('gone'));
    closers.push(user.close);
    const client = mediaAs(user.metadata);
    closers.push(client.close);
    const data = randomBytes(7 * MiB);
    const { uploadId } = await client.start('abandoned.bin', 20 * MiB);
    await uploadRange(client, uploadId, data, MiB); // one 5 MiB part in S3, 2 MiB waiting
    const prefix = `${process.env['PARLEY_DEV_APP_ID']}/${uploadId}`;
    expect(await incompleteUploads(prefix)).toEqual([prefix]);

    const deadline = Date.now() + 20_000;
    while ((await incompleteUploads(prefix)).length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 500));
    expect(await incompleteUploads(prefix)).toEqual([]);
    expect(await client.status(uploadId).then(() => 0, zimCode)).toBe(6000001);
  });

  it('stops honouring a download URL once it expired', async () => {
    const user = await rawLogin(uniqueUser('url'));
    closers.push(user.close);
    const client = mediaAs(user.metadata);
    closers.push(client.close);
    const data = randomBytes(1000);
    const { uploadId } = await client.start('short.bin', data.length);
    await uploadRange(client, uploadId, data, MiB);
    const file = await client.complete(uploadId);
    const { url, expiresAt } = await client.url(file.fileUid);
    expect(await fetchSha(url)).toEqual({ status: 200, sha256: sha256(data) });
    await eventually('the URL to expire', () => Date.now() > expiresAt + 1500, 10_000);
    expect((await fetchSha(url)).status).toBe(403);
  });
});
