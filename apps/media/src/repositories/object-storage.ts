import type { OnModuleInit } from '@nestjs/common';
import { bootStep } from '@parley/platform';
import { createHash } from 'node:crypto';
import { Client } from 'minio';
import type { S3Config } from '../config';

/** The bytes of uploaded media live in one S3 bucket (MinIO locally); this is the only code that talks S3. */
export class ObjectStorage implements OnModuleInit {
  private readonly client: Client;
  /** Signs download URLs for the address clients use (may differ from the internal one). */
  private readonly publicClient: Client;

  constructor(private readonly config: S3Config) {
    this.client = ObjectStorage.clientFor(config.endpoint, config);
    this.publicClient = ObjectStorage.clientFor(config.publicEndpoint, config);
  }

  private static clientFor(endpoint: URL, config: S3Config): Client {
    return new Client({
      endPoint: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      useSSL: endpoint.protocol === 'https:',
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      // Presigning must not look the region up over the network for the public address.
      region: 'us-east-1',
    });
  }

  get bucket(): string {
    return this.config.bucket;
  }

  /** Creates the media bucket if it does not exist; also proves the credentials work. */
  /** Boot: the bucket exists (created if missing) and the credentials work. */
  async onModuleInit(): Promise<void> {
    const { bucket, endpoint } = this.config;
    await bootStep(`cannot use bucket ${bucket} at ${endpoint.origin} (MEDIA_S3_*)`, () =>
      this.ensureBucket(),
    );
  }

  async ensureBucket(): Promise<void> {
    if (await this.client.bucketExists(this.config.bucket)) return;
    try {
      await this.client.makeBucket(this.config.bucket);
    } catch (err) {
      // Another replica created it between our check and our create.
      if ((err as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw err;
    }
  }

  startMultipart(objectKey: string): Promise<string> {
    return this.client.initiateNewMultipartUpload(this.config.bucket, objectKey, {});
  }

  async uploadPart(objectKey: string, uploadId: string, part: number, data: Buffer): Promise<string> {
    const { etag } = await this.client.uploadPart(
      {
        bucketName: this.config.bucket,
        objectName: objectKey,
        uploadID: uploadId,
        partNumber: part,
        headers: {},
      },
      data,
    );
    return etag;
  }

  async completeMultipart(objectKey: string, uploadId: string, parts: { part: number; etag: string }[]) {
    await this.client.completeMultipartUpload(this.config.bucket, objectKey, uploadId, parts);
  }

  /** Aborts a multipart upload; one that no longer exists is fine. */
  async abortMultipart(objectKey: string, uploadId: string): Promise<void> {
    try {
      await this.client.abortMultipartUpload(this.config.bucket, objectKey, uploadId);
    } catch (err) {
      if ((err as { code?: string }).code !== 'NoSuchUpload') throw err;
    }
  }

  /** Multipart uploads not completed or aborted, under a key prefix. */
  incompleteUploads(prefix: string): Promise<{ key: string; uploadId: string }[]> {
    return new Promise((resolve, reject) => {
      const found: { key: string; uploadId: string }[] = [];
      this.client
        .listIncompleteUploads(this.config.bucket, prefix, true)
        .on('data', (u) => found.push({ key: u.key, uploadId: u.uploadId }))
        .on('error', reject)
        .on('end', () => resolve(found));
    });
  }

  /** SHA-256 (hex) of a stored object, read as a stream. */
  async sha256(objectKey: string): Promise<string> {
    const hash = createHash('sha256');
    const stream = await this.client.getObject(this.config.bucket, objectKey);
    for await (const chunk of stream) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  /** A whole object in memory: only for files bounded by a size cap (images). */
  async read(objectKey: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.client.getObject(this.config.bucket, objectKey))
      chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async write(objectKey: string, data: Buffer, contentType: string): Promise<void> {
    await this.client.putObject(this.config.bucket, objectKey, data, data.length, {
      'Content-Type': contentType,
    });
  }

  async remove(objectKey: string): Promise<void> {
    await this.client.removeObject(this.config.bucket, objectKey);
  }

  /** A presigned GET URL for the public endpoint, valid for `seconds`, downloading under the file's name. */
  downloadUrl(objectKey: string, fileName: string, seconds: number): Promise<string> {
    return this.publicClient.presignedGetObject(this.config.bucket, objectKey, seconds, {
      'response-content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    });
  }
}
