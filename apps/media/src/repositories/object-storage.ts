import { Client } from 'minio';
import type { S3Config } from '../config';

/** The bytes of uploaded media live in one S3 bucket (MinIO locally); this is the only code that talks S3. */
export class ObjectStorage {
  private readonly client: Client;

  constructor(private readonly config: S3Config) {
    const { endpoint } = config;
    this.client = new Client({
      endPoint: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      useSSL: endpoint.protocol === 'https:',
      accessKey: config.accessKey,
      secretKey: config.secretKey,
    });
  }

  get bucket(): string {
    return this.config.bucket;
  }

  /** Creates the media bucket if it does not exist; also proves the credentials work. */
  async ensureBucket(): Promise<void> {
    if (await this.client.bucketExists(this.config.bucket)) return;
    try {
      await this.client.makeBucket(this.config.bucket);
    } catch (err) {
      // Another replica created it between our check and our create.
      if ((err as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw err;
    }
  }
}
