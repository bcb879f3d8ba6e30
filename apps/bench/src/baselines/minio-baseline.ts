// B0 MinIO baseline (also run by B4 next to its uploads): one PUT of an object of each size with the
// `minio` client the media service uses, to the same MinIO, into a scratch bucket.
import { randomBytes } from 'node:crypto';
import { Client } from 'minio';
import { type BenchContext, type CpuSample, cpuPer1000 } from '../types';
import { addCpu, MB, median } from './shared';

const SCRATCH_BUCKET = 'parley-bench';

export interface MinioPutResult {
  sizeBytes: number;
  repetitions: number;
  /** Seconds per PUT, in the order they ran. */
  seconds: number[];
  mbPerSecond: number[];
  medianMBps: number;
  /** Per 1,000 PUTs of this size. */
  cpuPer1000: CpuSample;
}

/** A MinIO client for the stack's MinIO, configured as the media service configures its own. */
export function minioClient(ctx: BenchContext): Client {
  const url = new URL(ctx.minio.endpoint);
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    useSSL: url.protocol === 'https:',
    accessKey: ctx.minio.accessKey,
    secretKey: ctx.minio.secretKey,
    region: 'us-east-1',
  });
}

async function ensureBucket(client: Client): Promise<void> {
  if (await client.bucketExists(SCRATCH_BUCKET)) return;
  await client.makeBucket(SCRATCH_BUCKET).catch((err: unknown) => {
    if ((err as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw err;
  });
}

/**
 * MB/s of single PUTs of fresh random bytes, `repetitions` per size, with the median. Each object is
 * removed right after its PUT, so repeated runs leave nothing behind.
 */
export async function minioPutBaseline(
  ctx: BenchContext,
  sizes: number[],
  repetitions = ctx.quick ? 2 : 5,
): Promise<MinioPutResult[]> {
  const client = minioClient(ctx);
  await ensureBucket(client);
  const results: MinioPutResult[] = [];
  for (const size of sizes) {
    ctx.progress(`minio baseline: ${repetitions} PUT(s) of ${size / MB} MB`);
    const seconds: number[] = [];
    const cpu: CpuSample = {};
    for (let rep = 0; rep < repetitions; rep++) {
      const data = randomBytes(size);
      const name = `baseline/${Date.now().toString(36)}-${size}-${rep}`;
      const before = ctx.cpu.sample();
      const t0 = performance.now();
      await client.putObject(SCRATCH_BUCKET, name, data, size);
      seconds.push((performance.now() - t0) / 1000);
      addCpu(cpu, before, ctx.cpu.sample());
      await client.removeObject(SCRATCH_BUCKET, name);
    }
    const mbPerSecond = seconds.map((s) => size / MB / s);
    results.push({
      sizeBytes: size,
      repetitions,
      seconds,
      mbPerSecond,
      medianMBps: median(mbPerSecond),
      cpuPer1000: cpuPer1000({}, cpu, repetitions),
    });
  }
  return results;
}
