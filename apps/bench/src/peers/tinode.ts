// Tinode (github.com/tinode/chat) as a peer to compare Parley with: built from the Go module proxy into
// the cache dir, run on Postgres with its gRPC API on loopback, and driven with the same 1:1
// send → receive workload as Parley's B1 (open loop, latency from the scheduled send time to the
// receiver's stream getting the message). docs/benchmarks.md ("The peer: Tinode") says what was found.
import {
  credentials,
  loadPackageDefinition,
  type ClientDuplexStream,
  type ServiceClientConstructor,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LatencyRecorder, type LatencySummary } from '../load/latency';
import { openLoop } from '../load/open-loop';
import type { CpuMeter, CpuSample } from '../types';

/**
 * The version built. proxy.golang.org as this machine reaches it refuses the module's version list
 * (`@v/list` and `@latest` answer 403 "This module version is not available") but serves v0.22.13,
 * so the version is pinned; PARLEY_TINODE_VERSION picks another one the proxy serves.
 */
export const TINODE_VERSION = process.env['PARLEY_TINODE_VERSION'] ?? 'v0.22.13';
const MODULE = 'github.com/tinode/chat';
/** Tinode's Postgres adapter is compiled in only with this build tag (server/db/postgres/adapter.go). */
const BUILD_TAG = 'postgres';
/** Parley's messaging service holds 10 Postgres connections; Tinode gets the same. */
const DEFAULT_PG_POOL = 10;
/** How long to wait after the last scheduled send for deliveries still on their way. */
const DRAIN_MS = 5_000;
const REQUEST_TIMEOUT_MS = 30_000;

export interface TinodeBins {
  server: string;
  initDb: string;
  version: string;
  /** pbx/model.proto of the same version, copied next to the binaries. */
  proto: string;
}

/** The cache root as the rest of Parley uses it. */
export function defaultCacheDir(): string {
  return process.env['PARLEY_CACHE_DIR'] ?? join(homedir(), '.cache', 'parley');
}

/** Where ensureTinode leaves everything for a version. */
export function tinodeDir(cacheDir: string, version = TINODE_VERSION): string {
  return join(cacheDir, 'tinode', version);
}

function binsIn(dir: string, version: string): TinodeBins {
  return {
    server: join(dir, 'bin', 'tinode'),
    initDb: join(dir, 'bin', 'tinode-db'),
    version,
    proto: join(dir, 'pbx', 'model.proto'),
  };
}

interface Run {
  stdout: string;
  stderr: string;
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const tail = `${stderr}\n${stdout}`.trim().split('\n').slice(-30).join('\n');
        reject(
          new Error(`\`${command} ${args.join(' ')}\` failed (${error.message.split('\n')[0]}):\n${tail}`),
        );
      } else resolve({ stdout, stderr });
    });
  });
}

/**
 * Builds Tinode's server and tinode-db (Postgres adapter) once into
 * `<cacheDir>/tinode/<version>/bin` and returns their paths; later calls reuse the build.
 */
export async function ensureTinode(cacheDir: string, progress: (line: string) => void): Promise<TinodeBins> {
  const version = TINODE_VERSION;
  const dir = tinodeDir(cacheDir, version);
  const bins = binsIn(dir, version);
  if ([bins.server, bins.initDb, bins.proto, join(dir, 'build.json')].every((p) => existsSync(p)))
    return bins;

  // `go install github.com/tinode/chat/server@<version>` cannot be used here: it looks the module up in
  // the proxy's version list (for deprecation notices), which the proxy refuses. Building inside the
  // downloaded module with its own go.mod/go.sum needs only the versions it pins.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-buildvcs=false -mod=readonly',
  };
  let goVersion: string;
  try {
    goVersion = (await run('go', ['version'], { env })).stdout.trim();
  } catch (err) {
    throw new Error(`tinode: the Go toolchain is needed to build Tinode: ${(err as Error).message}`);
  }
  const started = performance.now();
  progress(`tinode: downloading ${MODULE}@${version} from the Go module proxy (${goVersion})`);
  let moduleDir: string;
  try {
    const { stdout } = await run('go', ['mod', 'download', '-json', `${MODULE}@${version}`], { env });
    const info = JSON.parse(stdout) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(info.Error ?? 'no Dir in `go mod download -json` output');
    moduleDir = info.Dir;
  } catch (err) {
    throw new Error(
      `tinode: cannot download ${MODULE}@${version} from the Go module proxy: ${(err as Error).message}`,
    );
  }

  mkdirSync(dir, { recursive: true });
  const partial = join(dir, `bin.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    progress(
      `tinode: building the server and tinode-db with -tags ${BUILD_TAG} (a few minutes on a cold Go cache)`,
    );
    const ldflags = `-X main.buildstamp=${version}`;
    await run(
      'go',
      ['build', '-tags', BUILD_TAG, '-ldflags', ldflags, '-o', join(partial, 'tinode'), './server'],
      {
        cwd: moduleDir,
        env,
      },
    );
    await run('go', ['build', '-tags', BUILD_TAG, '-o', join(partial, 'tinode-db'), './tinode-db'], {
      cwd: moduleDir,
      env,
    });
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`tinode: building ${MODULE}@${version} failed: ${(err as Error).message}`);
  }
  rmSync(join(dir, 'bin'), { recursive: true, force: true });
  renameSync(partial, join(dir, 'bin'));
  mkdirSync(join(dir, 'pbx'), { recursive: true });
  copyFileSync(join(moduleDir, 'pbx', 'model.proto'), bins.proto);
  const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
  writeFileSync(
    join(dir, 'build.json'),
    JSON.stringify(
      { module: MODULE, version, tags: [BUILD_TAG], goVersion, buildSeconds, builtAt: new Date() },
      null,
      2,
    ),
  );
  progress(`tinode: built ${version} in ${buildSeconds} s → ${join(dir, 'bin')}`);
  return bins;
}

// ---------------------------------------------------------------------------------------------------
// The wire protocol (pbx/model.proto), as @grpc/proto-loader decodes it with the options below: field
// names as in the .proto, bytes as Buffers, the `Message` oneof named by a virtual field.

interface ClientMsg {
  hi?: { id: string; user_agent: string; ver: string; lang?: string };
  acc?: {
    id: string;
    user_id: string;
    scheme: string;
    secret: Buffer;
    login: boolean;
    desc?: { public?: Buffer };
  };
  login?: { id: string; scheme: string; secret: Buffer };
  sub?: { id: string; topic: string };
  pub?: { id: string; topic: string; no_echo: boolean; content: Buffer };
}

interface ServerCtrl {
  id?: string;
  topic?: string;
  code: number;
  text?: string;
  params?: Record<string, Buffer>;
}

interface ServerMsg {
  Message?: 'ctrl' | 'data' | 'pres' | 'meta' | 'info';
  ctrl?: ServerCtrl;
  data?: { topic: string; from_user_id?: string; seq_id?: number; content?: Buffer };
}

type NodeStream = ClientDuplexStream<ClientMsg, ServerMsg>;
interface NodeClient {
  MessageLoop(): NodeStream;
  close(): void;
}

const protoCache = new Map<string, ServiceClientConstructor>();

function nodeService(protoPath: string): ServiceClientConstructor {
  const cached = protoCache.get(protoPath);
  if (cached) return cached;
  if (!existsSync(protoPath))
    throw new Error(`tinode: ${protoPath} not found (ensureTinode copies it there)`);
  const definition = loadSync(protoPath, {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const pbx = loadPackageDefinition(definition)['pbx'] as unknown as { Node: ServiceClientConstructor };
  protoCache.set(protoPath, pbx.Node);
  return pbx.Node;
}

/** A Tinode client: one MessageLoop stream, as each Tinode app holds one connection. */
class TinodeSession {
  private readonly client: NodeClient;
  private readonly stream: NodeStream;
  private nextId = 1;
  private readonly waiting = new Map<
    string,
    { resolve: (c: ServerCtrl) => void; reject: (e: Error) => void }
  >();
  closedReason: string | undefined;
  onData: ((data: NonNullable<ServerMsg['data']>) => void) | undefined;
  /** {ctrl} answers whose id starts with 'p' (the publishes). */
  onPubCtrl: ((ctrl: ServerCtrl) => void) | undefined;
  onClose: ((reason: string) => void) | undefined;

  constructor(address: string, protoPath: string) {
    const Node = nodeService(protoPath);
    // Its own connection per session (no shared subchannel), as separate apps would have.
    this.client = new Node(address, credentials.createInsecure(), {
      'grpc.use_local_subchannel_pool': 1,
    }) as unknown as NodeClient;
    this.stream = this.client.MessageLoop();
    this.stream.on('data', (msg: ServerMsg) => this.receive(msg));
    this.stream.on('error', (err: Error) => this.closed(`stream error: ${err.message}`));
    this.stream.on('end', () => this.closed('stream ended by the server'));
  }

  private receive(msg: ServerMsg): void {
    if (msg.data) {
      this.onData?.(msg.data);
    } else if (msg.ctrl) {
      const id = msg.ctrl.id ?? '';
      if (id.startsWith('p')) {
        this.onPubCtrl?.(msg.ctrl);
        return;
      }
      const waiter = this.waiting.get(id);
      if (waiter) {
        this.waiting.delete(id);
        if (msg.ctrl.code >= 300) waiter.reject(new Error(`${msg.ctrl.code} ${msg.ctrl.text ?? ''}`.trim()));
        else waiter.resolve(msg.ctrl);
      }
    }
  }

  private closed(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const waiter of this.waiting.values()) waiter.reject(new Error(`tinode: ${reason}`));
    this.waiting.clear();
    this.onClose?.(reason);
  }

  /** Sends a request built around a fresh id and resolves with its {ctrl} answer (rejects on ≥ 300). */
  request(build: (id: string) => ClientMsg): Promise<ServerCtrl> {
    if (this.closedReason !== undefined) return Promise.reject(new Error(`tinode: ${this.closedReason}`));
    const id = `r${this.nextId++}`;
    return new Promise<ServerCtrl>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`tinode: no answer to request ${id} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.waiting.set(id, {
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.stream.write(build(id));
    });
  }

  send(msg: ClientMsg): boolean {
    if (this.closedReason !== undefined) return false;
    this.stream.write(msg);
    return true;
  }

  hi(): Promise<ServerCtrl> {
    return this.request((id) => ({ hi: { id, user_agent: 'parley-bench/1.0', ver: '0.22', lang: 'en' } }));
  }

  /** Creates a basic-auth account and logs this session in as it; resolves with the user id. */
  async createAccount(login: string, password: string): Promise<string> {
    const ctrl = await this.request((id) => ({
      acc: {
        id,
        user_id: 'new',
        scheme: 'basic',
        secret: Buffer.from(`${login}:${password}`),
        login: true,
        desc: { public: Buffer.from(JSON.stringify({ fn: login })) },
      },
    }));
    const user = ctrl.params?.['user'];
    if (!user) throw new Error(`tinode: {acc} answer without a user id (code ${ctrl.code})`);
    return JSON.parse(user.toString()) as string;
  }

  subscribe(topic: string): Promise<ServerCtrl> {
    return this.request((id) => ({ sub: { id, topic } }));
  }

  close(): void {
    this.closedReason ??= 'closed by the load generator';
    try {
      this.stream.end();
    } catch {
      // already gone
    }
    this.stream.cancel();
    this.client.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Running the server.

export interface StartTinodeOptions {
  bins: TinodeBins;
  /** postgresql://user[:password]@127.0.0.1:PORT/<database>; the database is dropped and recreated. */
  postgresUrl: string;
  grpcPort: number;
  /** Its HTTP/websocket listener, bound to 127.0.0.1 too; a free port when not given. */
  httpPort?: number;
  /** Postgres connections Tinode may hold (default 10, as Parley's messaging service). */
  pgPoolMax?: number;
  /** Holds tinode.conf and the logs. */
  workDir: string;
  progress: (line: string) => void;
}

export interface RunningTinode {
  grpcAddress: string;
  pid: number;
  /** Where the server's log goes (every gRPC request is logged at info level; Tinode has no level switch). */
  logFile: string;
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Tinode's pgx pool is created before it applies max_open_conns & co. (server/db/postgres/adapter.go,
 * Open), so those settings do nothing and the pool stays at max(4, CPUs); `pool_max_conns` in the
 * DSN is what sizes it.
 */
function tinodeDsn(postgresUrl: string, poolMax: number): { dsn: string; database: string } {
  const url = new URL(postgresUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error(`tinode: ${postgresUrl} names no database`);
  const auth = url.password ? `${url.username}:${url.password}` : url.username;
  const dsn = `postgres://${auth}@${url.hostname}:${url.port || '5432'}/${encodeURIComponent(database)}?sslmode=disable&pool_max_conns=${poolMax}`;
  return { dsn, database };
}

function tinodeConfig(opts: { dsn: string; httpPort: number; grpcPort: number }): object {
  // The keys below are random per start: no client needs them (gRPC takes no API key) and nothing outlives a run.
  const key = (bytes: number) => randomBytes(bytes).toString('base64');
  return {
    listen: `127.0.0.1:${opts.httpPort}`,
    grpc_listen: `127.0.0.1:${opts.grpcPort}`,
    api_key_salt: key(32),
    expvar: '-',
    server_status: '-',
    max_message_size: 262144,
    auth_config: {
      basic: { add_to_tags: true, min_login_length: 4, min_password_length: 6 },
      token: { expire_in: 1209600, serial_num: 1, key: key(32) },
    },
    store_config: {
      uid_key: key(16),
      use_adapter: 'postgres',
      adapters: { postgres: { dsn: opts.dsn, sql_timeout: 10 } },
    },
    // No validators (email/tel), no media, no plugins, no cluster; push must be present, even empty.
    push: [],
  };
}

/** Resolves once a fresh MessageLoop stream answers {hi} with a {ctrl}. */
async function grpcAnswers(address: string, protoPath: string): Promise<boolean> {
  const session = new TinodeSession(address, protoPath);
  try {
    const ctrl = await Promise.race([
      session.hi(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
    ]);
    return ctrl.code < 300;
  } catch {
    return false;
  } finally {
    session.close();
  }
}

/** Resets Tinode's database with tinode-db, starts the server on loopback and waits for gRPC. */
export async function startTinode(opts: StartTinodeOptions): Promise<RunningTinode> {
  const { bins, workDir, progress } = opts;
  mkdirSync(workDir, { recursive: true });
  if (!(await portFree(opts.grpcPort)))
    throw new Error(`tinode: 127.0.0.1:${opts.grpcPort} (the gRPC port asked for) is already in use`);
  const httpPort = opts.httpPort ?? (await freePort());
  if (!(await portFree(httpPort)))
    throw new Error(`tinode: 127.0.0.1:${httpPort} (HTTP port) is already in use`);

  const { dsn, database } = tinodeDsn(opts.postgresUrl, opts.pgPoolMax ?? DEFAULT_PG_POOL);
  const configFile = join(workDir, 'tinode.conf');
  writeFileSync(
    configFile,
    JSON.stringify(tinodeConfig({ dsn, httpPort, grpcPort: opts.grpcPort }), null, 2),
  );

  progress(`tinode: resetting database ${database} with tinode-db`);
  const initLog = join(workDir, 'tinode-db.log');
  try {
    const { stdout, stderr } = await run(bins.initDb, ['-config', configFile, '-reset'], { cwd: workDir });
    writeFileSync(initLog, stdout + stderr);
  } catch (err) {
    writeFileSync(initLog, (err as Error).message);
    throw new Error(`tinode: tinode-db could not initialise ${database}: ${(err as Error).message}`);
  }

  const logFile = join(workDir, 'tinode.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(bins.server, ['-config', configFile, '-static_data', '-'], {
    cwd: workDir,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    child.once('error', (err) => {
      exited = err.message;
      resolve();
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
    if ((await Promise.race([exitPromise, timeout])) === 'timeout') {
      child.kill('SIGKILL');
      await exitPromise;
    }
  };

  const pid = child.pid;
  const grpcAddress = `127.0.0.1:${opts.grpcPort}`;
  const deadline = performance.now() + 30_000;
  progress(`tinode: starting (pid ${pid ?? '?'}), gRPC on ${grpcAddress}, HTTP on 127.0.0.1:${httpPort}`);
  for (;;) {
    if (exited !== undefined || pid === undefined) {
      await stop();
      throw new Error(
        `tinode: the server exited (${exited ?? 'no pid'}) before answering; log ${logFile}:\n${logTail(logFile)}`,
      );
    }
    if (await grpcAnswers(grpcAddress, bins.proto)) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(
        `tinode: no answer to {hi} on ${grpcAddress} within 30 s; log ${logFile}:\n${logTail(logFile)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  progress(`tinode: ready`);
  return { grpcAddress, pid, logFile, stop };
}

// ---------------------------------------------------------------------------------------------------
// The workload.

export interface TinodePeerLoadOptions {
  grpcAddress: string;
  /** Sender/receiver pairs; each user holds its own stream. */
  pairs: number;
  ratePerSecond: number;
  durationMs: number;
  /** pbx/model.proto; defaults to the copy ensureTinode left in the default cache dir. */
  proto?: string;
  /** When given, sampled right before the first send and after the drain (setup excluded). */
  cpu?: CpuMeter;
  progress: (line: string) => void;
}

export interface TinodePeerLoadResult {
  /** Messages fired (rate × duration). */
  offered: number;
  /** Messages that reached their receiver's stream within the drain time. */
  delivered: number;
  /** Publishes refused ({ctrl} ≥ 300) or lost with a broken stream. */
  errors: number;
  /** What the errors were, with counts. */
  errorKinds: Record<string, number>;
  /** Scheduled send → the receiver's stream gets the {data}. */
  latency: LatencySummary;
  /** Publishes acknowledged ({ctrl} 202, sent once Tinode has stored the message). */
  acknowledged: number;
  /** Scheduled send → the sender's {ctrl} 202. */
  ackLatency: LatencySummary;
  /** Deliveries per second from the first scheduled send to the last delivery. */
  achievedPerSecond: number;
  /** Most the load generator fell behind its own schedule. */
  generatorLagMs: number;
  /** The send phase, as run. */
  durationMs: number;
  /** Streams the server closed during the step (senders and receivers). */
  streamsLost: number;
  cpuBefore?: CpuSample;
  cpuAfter?: CpuSample;
}

interface LoadPair {
  sender: TinodeSession;
  receiver: TinodeSession;
  senderUid: string;
  receiverUid: string;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/**
 * 1:1 traffic against Tinode: `pairs` sender/receiver accounts (basic auth, one MessageLoop stream
 * each), both sides subscribed to their p2p topic; each step fires {pub}s round-robin across the
 * senders in an open loop and matches them on the receivers' streams by the number they carry.
 * Set up once, run at several rates (as Parley's B1 does), then closed.
 */
export class TinodePeerTraffic {
  /** Message numbers keep growing across steps, so a straggler of one step never counts in the next. */
  private nextMessage = 0;
  private pending = new Map<number, number>(); // message number → scheduled time
  private step: StepCounters | undefined;

  private constructor(
    private readonly pairs: LoadPair[],
    private readonly sessions: TinodeSession[],
    progress: (line: string) => void,
    /** Account creation, logins and subscriptions. */
    readonly setupMs: number,
  ) {
    for (const pair of pairs) {
      pair.receiver.onData = (data) => this.delivered(data.content);
      pair.sender.onPubCtrl = (ctrl) => this.acked(ctrl);
      const lost = (reason: string) => {
        if (this.step) this.step.streamsLost++;
        progress(`tinode load: a stream closed: ${reason}`);
      };
      pair.sender.onClose = lost;
      pair.receiver.onClose = lost;
    }
  }

  static async open(opts: {
    grpcAddress: string;
    pairs: number;
    proto?: string;
    progress: (line: string) => void;
  }): Promise<TinodePeerTraffic> {
    const proto = opts.proto ?? binsIn(tinodeDir(defaultCacheDir()), TINODE_VERSION).proto;
    const runId = randomBytes(4).toString('hex');
    const password = `pw${randomBytes(6).toString('hex')}`;
    const sessions: TinodeSession[] = [];
    const open = () => {
      const s = new TinodeSession(opts.grpcAddress, proto);
      sessions.push(s);
      return s;
    };
    try {
      const started = performance.now();
      const pairs: LoadPair[] = [];
      const indexes = Array.from({ length: opts.pairs }, (_, i) => i);
      // Tinode bcrypt-hashes passwords: a few accounts at a time keeps 2 cores from timing requests out.
      await inBatches(indexes, 8, async (i) => {
        const sender = open();
        const receiver = open();
        await Promise.all([sender.hi(), receiver.hi()]);
        const [senderUid, receiverUid] = await Promise.all([
          sender.createAccount(`bs${runId}x${i}`, password),
          receiver.createAccount(`br${runId}x${i}`, password),
        ]);
        pairs[i] = { sender, receiver, senderUid, receiverUid };
      });
      // A p2p topic is named by the other party's user id on each side. The sender's {sub} creates
      // the topic, then the receiver attaches its own side.
      await inBatches(indexes, 8, async (i) => {
        await pairs[i].sender.subscribe(pairs[i].receiverUid);
      });
      await inBatches(indexes, 8, async (i) => {
        await pairs[i].receiver.subscribe(pairs[i].senderUid);
      });
      const setupMs = performance.now() - started;
      opts.progress(
        `tinode load: ${opts.pairs} pairs (${sessions.length} streams) ready in ${Math.round(setupMs)} ms`,
      );
      return new TinodePeerTraffic(pairs, sessions, opts.progress, setupMs);
    } catch (err) {
      for (const s of sessions) s.close();
      throw err;
    }
  }

  private delivered(content: Buffer | undefined): void {
    if (!content || !this.step) return;
    const n = Number(JSON.parse(content.toString()) as unknown);
    const scheduledAt = this.pending.get(n);
    if (scheduledAt === undefined) return; // not this step's, a duplicate, or given up on
    this.pending.delete(n);
    const now = performance.now();
    this.step.latency.recordMs(now - scheduledAt);
    this.step.delivered++;
    this.step.lastDeliveryAt = now;
  }

  private acked(ctrl: ServerCtrl): void {
    const step = this.step;
    if (!step) return;
    const n = Number((ctrl.id ?? '').slice(1));
    const scheduledAt = step.scheduled.get(n);
    if (scheduledAt === undefined) return;
    step.scheduled.delete(n);
    if (ctrl.code >= 300) this.fail(`${ctrl.code} ${ctrl.text ?? ''}`.trim(), n);
    else {
      step.acknowledged++;
      step.ackLatency.recordMs(performance.now() - scheduledAt);
    }
  }

  private fail(kind: string, n: number): void {
    if (!this.step) return;
    this.step.errors++;
    this.step.errorKinds[kind] = (this.step.errorKinds[kind] ?? 0) + 1;
    this.pending.delete(n);
  }

  /** One step: `ratePerSecond` for `durationMs`, then up to 5 s for stragglers. */
  async run(ratePerSecond: number, durationMs: number, cpu?: CpuMeter): Promise<TinodePeerLoadResult> {
    const step: StepCounters = {
      scheduled: new Map(),
      latency: new LatencyRecorder(),
      ackLatency: new LatencyRecorder(),
      errorKinds: {},
      errors: 0,
      delivered: 0,
      acknowledged: 0,
      lastDeliveryAt: 0,
      streamsLost: 0,
    };
    this.pending.clear();
    this.step = step;
    const base = this.nextMessage;
    const cpuBefore = cpu?.sample();
    const started = performance.now();
    const loop = await openLoop({
      ratePerSecond,
      durationMs,
      fire: (i, scheduledAt) => {
        const n = base + i;
        const pair = this.pairs[i % this.pairs.length];
        this.pending.set(n, scheduledAt);
        step.scheduled.set(n, scheduledAt);
        const sent = pair.sender.send({
          pub: {
            id: `p${n}`,
            topic: pair.receiverUid,
            // The sender's own echo of every message would be work Parley's B1 does not ask for.
            no_echo: true,
            content: Buffer.from(JSON.stringify(n)),
          },
        });
        if (!sent) this.fail(`sender stream closed: ${pair.sender.closedReason ?? ''}`, n);
      },
    });
    this.nextMessage = base + loop.fired;
    const sendPhaseMs = performance.now() - started;
    const drainUntil = performance.now() + DRAIN_MS;
    while (this.pending.size > 0 && performance.now() < drainUntil)
      await new Promise((r) => setTimeout(r, 20));
    const cpuAfter = cpu?.sample();
    this.step = undefined;
    this.pending.clear();
    return {
      offered: loop.fired,
      delivered: step.delivered,
      errors: step.errors,
      errorKinds: step.errorKinds,
      latency: step.latency.summary(),
      acknowledged: step.acknowledged,
      ackLatency: step.ackLatency.summary(),
      achievedPerSecond:
        step.delivered > 0 ? (step.delivered * 1000) / Math.max(1, step.lastDeliveryAt - started) : 0,
      generatorLagMs: loop.maxLagMs,
      durationMs: sendPhaseMs,
      streamsLost: step.streamsLost,
      ...(cpuBefore && cpuAfter ? { cpuBefore, cpuAfter } : {}),
    };
  }

  close(): void {
    for (const s of this.sessions) s.close();
  }
}

interface StepCounters {
  /** Sent and not yet acknowledged: message number → scheduled time. */
  scheduled: Map<number, number>;
  latency: LatencyRecorder;
  ackLatency: LatencyRecorder;
  errorKinds: Record<string, number>;
  errors: number;
  delivered: number;
  acknowledged: number;
  lastDeliveryAt: number;
  streamsLost: number;
}

/** One-shot: sets `pairs` pairs up, runs one step, closes the streams. */
export async function runTinodePeerLoad(opts: TinodePeerLoadOptions): Promise<TinodePeerLoadResult> {
  const traffic = await TinodePeerTraffic.open(opts);
  try {
    return await traffic.run(opts.ratePerSecond, opts.durationMs, opts.cpu);
  } finally {
    traffic.close();
  }
}
