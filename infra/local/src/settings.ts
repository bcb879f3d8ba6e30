// Every port, path and version of the local stack, in one place. Each port can be overridden through an
// environment variable; addresses are always loopback, so nothing here is reachable from other machines.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type ServiceName = 'session' | 'messaging' | 'media' | 'conversation';

/** One gRPC backend behind the edge proxy: every RPC under `/<grpcPackage>.` goes to 127.0.0.1:port. */
export interface ServiceRoute {
  name: ServiceName;
  port: number;
  grpcPackage: string;
}

// Every default sits below Linux's ephemeral range (32768-60999): a listener there can lose its port
// to the source port of some outgoing connection (Kafka, Postgres) opened a moment earlier, which
// once failed CI with EADDRINUSE on 50052.
const PORT_DEFAULTS = {
  edge: ['PARLEY_EDGE_PORT', 15050],
  postgres: ['PARLEY_PG_PORT', 5433],
  kafka: ['PARLEY_KAFKA_PORT', 19092],
  kafkaController: ['PARLEY_KAFKA_CONTROLLER_PORT', 19093],
  minio: ['PARLEY_MINIO_PORT', 19000],
  minioConsole: ['PARLEY_MINIO_CONSOLE_PORT', 19001],
  session: ['PARLEY_SESSION_PORT', 15051],
  messaging: ['PARLEY_MESSAGING_PORT', 15052],
  media: ['PARLEY_MEDIA_PORT', 15053],
  conversation: ['PARLEY_CONVERSATION_PORT', 15054],
  sessionMetrics: ['PARLEY_SESSION_METRICS_PORT', 15061],
  messagingMetrics: ['PARLEY_MESSAGING_METRICS_PORT', 15062],
  mediaMetrics: ['PARLEY_MEDIA_METRICS_PORT', 15063],
  conversationMetrics: ['PARLEY_CONVERSATION_METRICS_PORT', 15064],
} as const satisfies Record<string, readonly [string, number]>;

export type PortName = keyof typeof PORT_DEFAULTS;

// Last MinIO community build that the Go module proxy serves (the repository is archived).
const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';

function port(env: NodeJS.ProcessEnv, name: PortName): number {
  const [variable, fallback] = PORT_DEFAULTS[name];
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${variable}=${raw} is not a TCP port (1-65535)`);
  }
  return value;
}

/** The Kafka version comes from the pom, so switching versions is a one-line change there. */
function kafkaVersion(pomFile: string): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pomFile, 'utf8'));
  if (!match) throw new Error(`${pomFile} has no <kafka.version> property`);
  return match[1].trim();
}

/**
 * MinIO's root password must be stable across restarts (it protects the data dir's config), but must not be
 * committed: it is generated once and kept next to the data it protects. Lazy, so reading settings never writes.
 */
function minioPassword(env: NodeJS.ProcessEnv, stateDir: string): string {
  if (env.PARLEY_MINIO_ROOT_PASSWORD) return env.PARLEY_MINIO_ROOT_PASSWORD;
  const file = join(stateDir, 'minio', 'root-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(stateDir, 'minio'), { recursive: true });
  const secret = randomBytes(18).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export function resolveSettings(env: NodeJS.ProcessEnv = process.env) {
  const host = '127.0.0.1';
  const rootDir = resolve(__dirname, '../../..');
  const localDir = join(rootDir, 'infra', 'local');
  const stateDir = resolve(env.PARLEY_STATE_DIR || join(localDir, '.state'));
  const cacheDir = resolve(env.PARLEY_CACHE_DIR || join(homedir(), '.cache', 'parley'));
  const ports = Object.fromEntries(
    (Object.keys(PORT_DEFAULTS) as PortName[]).map((name) => [name, port(env, name)]),
  ) as Record<PortName, number>;

  const taken = new Map<number, PortName>();
  for (const [name, value] of Object.entries(ports) as Array<[PortName, number]>) {
    const other = taken.get(value);
    if (other) throw new Error(`port ${value} is configured for both ${other} and ${name}`);
    taken.set(value, name);
  }

  const pomFile = join(localDir, 'kafka', 'pom.xml');
  const services: ServiceRoute[] = (['session', 'messaging', 'media', 'conversation'] as const).map(
    (name) => ({
      name,
      port: ports[name],
      grpcPackage: `parley.${name}.v1`,
    }),
  );

  return {
    host,
    rootDir,
    localDir,
    stateDir,
    cacheDir,
    logDir: join(stateDir, 'logs'),
    /**
     * Where `npm test` assembles each service's production folder (build output plus production
     * dependencies only). Outside the checkout, so the workspace's node_modules cannot stand in for a
     * dependency the service's generated package.json forgot.
     */
    productionDir:
      env.PARLEY_PRODUCTION_DIR ||
      join(tmpdir(), 'parley-production', createHash('sha1').update(rootDir).digest('hex').slice(0, 10)),
    runDir: join(stateDir, 'run'),
    ports,
    services,
    /** Seconds to wait for a component to answer its readiness probe after starting it. */
    readyTimeoutSec: Number(env.PARLEY_READY_TIMEOUT_SEC) || 90,
    postgres: {
      version: env.PARLEY_PG_VERSION || '15',
      superuser: 'postgres',
    },
    kafka: { version: kafkaVersion(pomFile), pomFile },
    minio: {
      version: MINIO_VERSION,
      module: 'github.com/minio/minio',
    },
    /** The media service creates this bucket at start-up (infra/local does not talk S3). */
    mediaBucket: 'parley-media',

    postgresUrl(db: string): string {
      return `postgresql://postgres@${host}:${ports.postgres}/${encodeURIComponent(db)}`;
    },
    kafkaBrokers: [`${host}:${ports.kafka}`],
    minioEndpoint: `http://${host}:${ports.minio}`,
    minioRootUser: 'parley',
    get minioRootPassword(): string {
      return minioPassword(env, stateDir);
    },
    /** gRPC target for clients (grpc-js style host:port, plaintext HTTP/2). */
    edgeEndpoint: `${host}:${ports.edge}`,
  };
}

export type Settings = ReturnType<typeof resolveSettings>;

export const settings: Settings = resolveSettings();
