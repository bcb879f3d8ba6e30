import { procCpuMeter } from './cpu';
import type { BenchContext } from './types';

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the benchmarks with \`npm run bench\``);
  return value;
}

/** The stack under test, from the environment `npm run bench` (or npm test's quick run) provides. */
export function contextFromEnv(quick: boolean): BenchContext {
  const pids = JSON.parse(process.env['PARLEY_BENCH_PIDS'] ?? '{}') as Record<string, number>;
  const messagingUrl = new URL(need('MESSAGING_DATABASE_URL'));
  return {
    quick,
    endpoint: need('PARLEY_ENDPOINT'),
    appID: need('PARLEY_DEV_APP_ID'),
    appSecret: need('PARLEY_DEV_APP_SECRET'),
    kafkaBrokers: need('KAFKA_BROKERS').split(','),
    postgresUrl(database: string) {
      const url = new URL(messagingUrl);
      url.pathname = `/${database}`;
      return url.toString();
    },
    minio: {
      endpoint: need('MEDIA_S3_ENDPOINT'),
      accessKey: need('MEDIA_S3_ACCESS_KEY'),
      secretKey: need('MEDIA_S3_SECRET_KEY'),
      bucket: process.env['MEDIA_S3_BUCKET'] ?? 'parley-media',
    },
    // The load generator is this process (and its children, e.g. a peer's client).
    cpu: procCpuMeter({ ...pids, 'load generator': process.pid }),
    progress: (line) => process.stderr.write(`  … ${line}\n`),
  };
}
