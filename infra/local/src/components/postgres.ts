// PostgreSQL: a throwaway cluster in .state, run with Debian's server binaries through pg_ctl. initdb and
// pg_ctl refuse to run as root, so under root they run as the `postgres` OS user, which owns the data dir.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { assertPortsFree, Component, DownOutcome, UpOutcome } from '../component';
import { aptInstall } from '../prereq';
import {
  CmdlineMatcher,
  cmdline,
  isRoot,
  readPidFile,
  removeFiles,
  runOrThrow,
  stopPid,
  waitUntil,
} from '../process';
import { progress } from '../report';
import { settings } from '../settings';

const { host, ports } = settings;
const dataDir = join(settings.stateDir, 'postgres', 'data');
// pg_ctl's own pid file; postgres writes and removes it, we only read it.
const pidFile = join(dataDir, 'postmaster.pid');
const logFile = join(settings.logDir, 'postgres.log');
const serverOptions = `-p ${ports.postgres} -k /tmp -c listen_addresses=${host} -c fsync=on`;

// The postmaster's command line is `<bin>/postgres -D <dataDir> -p <port> ...`: matching the data dir keeps us
// away from other clusters on the machine, matching the port notices a changed PARLEY_PG_PORT.
const isOurs: CmdlineMatcher = (line) => line.includes(`/postgres -D ${dataDir} `);
const hasCurrentOptions: CmdlineMatcher = (line) => line.endsWith(`-D ${dataDir} ${serverOptions}`);

function runningPid(): number | undefined {
  const pid = readPidFile(pidFile);
  const line = pid === undefined ? undefined : cmdline(pid);
  return line !== undefined && isOurs(line) ? pid : undefined;
}

const PG_ROOT = '/usr/lib/postgresql';

function installedVersions(): string[] {
  if (!existsSync(PG_ROOT)) return [];
  return readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
}

/** Debian's server binaries for the wanted major version, else the newest installed; apt-installed if none. */
async function binDir(): Promise<string> {
  const wanted = settings.postgres.version;
  if (installedVersions().length === 0) await aptInstall('postgres', 'the PostgreSQL server', ['postgresql']);
  const versions = installedVersions();
  if (versions.includes(wanted)) return join(PG_ROOT, wanted, 'bin');
  if (versions.length === 0)
    throw new Error(`postgres: no server under ${PG_ROOT} after apt-get install postgresql`);
  progress('postgres', `PostgreSQL ${wanted} not found, using ${versions[0]} (PARLEY_PG_VERSION chooses)`);
  return join(PG_ROOT, versions[0], 'bin');
}

/** Runs a server tool as the cluster's owner: `postgres` when we are root, else ourselves. */
function asOwner(bin: string, tool: string, args: string[]): [string, string[]] {
  const path = join(bin, tool);
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

function chownToPostgres(path: string): void {
  if (!isRoot()) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  chownSync(path, uid, gid);
}

async function initdbOnce(bin: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    const clusterVersion = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
    if (!bin.includes(`/${clusterVersion}/`)) {
      throw new Error(
        `postgres: ${dataDir} holds a PostgreSQL ${clusterVersion} cluster but ${bin} is another version; delete ${dataDir} (it is a throwaway cluster)`,
      );
    }
    return;
  }
  // No PG_VERSION: never initialised, or an interrupted initdb, which leaves a dir initdb refuses to reuse.
  rmSync(dataDir, { recursive: true, force: true });
  // Parents get the default mode (the postgres user must traverse them); only the data dir itself is 0700.
  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { mode: 0o700 });
  chownToPostgres(dataDir);
  progress('postgres', `initdb ${dataDir}`);
  const [command, args] = asOwner(bin, 'initdb', [
    '-D',
    dataDir,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  try {
    await runOrThrow('postgres', command, args);
  } catch (err) {
    if (isRoot()) {
      throw new Error(
        `${(err as Error).message}; note the 'postgres' OS user must be able to reach ${dataDir} (or set PARLEY_STATE_DIR)`,
      );
    }
    throw err;
  }
}

async function ready(): Promise<boolean> {
  const client = new Client({
    connectionString: settings.postgresUrl('postgres'),
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pgCtl(bin: string, args: string[]): Promise<void> {
  const [command, full] = asOwner(bin, 'pg_ctl', ['-D', dataDir, ...args]);
  await runOrThrow('postgres', command, full);
}

async function up(): Promise<UpOutcome> {
  const pid = runningPid();
  const wait = () =>
    waitUntil(ready, {
      name: 'postgres',
      what: `SELECT 1 on ${host}:${ports.postgres}`,
      timeoutSec: settings.readyTimeoutSec,
      logFile,
      alive: () => runningPid() !== undefined,
    });
  if (pid !== undefined) {
    if (hasCurrentOptions(cmdline(pid) ?? '')) {
      await wait();
      return { action: 'reused' };
    }
    progress('postgres', `server options changed, restarting pid ${pid}`);
    await stop();
  }
  await assertPortsFree('postgres', [ports.postgres]);
  const bin = await binDir();
  await initdbOnce(bin);
  mkdirSync(settings.logDir, { recursive: true });
  // pg_ctl writes the server log as the postgres user: the file must exist and belong to it.
  if (!existsSync(logFile)) writeFileSync(logFile, '');
  chownToPostgres(logFile);
  await pgCtl(bin, [
    '-l',
    logFile,
    '-o',
    serverOptions,
    '-w',
    '-t',
    String(settings.readyTimeoutSec),
    'start',
  ]);
  await wait();
  return { action: 'started', note: pid !== undefined ? 'restarted: server options changed' : undefined };
}

async function stop(): Promise<DownOutcome> {
  const pid = runningPid();
  if (pid === undefined) {
    const stale = existsSync(pidFile);
    // A postmaster.pid whose process is gone (crash, reboot) is stale: pg_ctl would otherwise warn about it.
    removeFiles(pidFile);
    return { action: 'not running', note: stale ? 'removed stale pid file' : undefined };
  }
  progress('postgres', `stopping pid ${pid} (pg_ctl stop -m fast)`);
  try {
    await pgCtl(await binDir(), ['stop', '-m', 'fast', '-w', '-t', '20']);
    return { action: 'stopped' };
  } catch {
    return {
      action: (await stopPid(pid)) === 'killed' ? 'killed' : 'stopped',
      note: 'pg_ctl stop failed, signalled',
    };
  }
}

export const postgres: Component = {
  name: 'postgres',
  address: `${host}:${ports.postgres}`,
  status() {
    const pid = runningPid();
    return pid === undefined ? { running: false } : { running: true, pid };
  },
  up,
  down: stop,
};

const ENSURE_DATABASES_LOCK = 0x7061726c; // 'parl'

/** Creates each database that does not exist yet (names are plain SQL identifiers: [a-z_][a-z0-9_]*). */
export async function ensureDatabases(names: string[]): Promise<void> {
  for (const name of names) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
      throw new Error(`invalid database name: ${JSON.stringify(name)}`);
  }
  const client = new Client({
    connectionString: settings.postgresUrl('postgres'),
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `postgres at ${host}:${ports.postgres} is not reachable (run: npm run infra:up): ${(err as Error).message}`,
    );
  }
  try {
    // Two callers creating the same database at once collide in pg_database (23505), so creation is serialised
    // with a session-level advisory lock (CREATE DATABASE cannot run inside a transaction).
    await client.query('SELECT pg_advisory_lock($1)', [ENSURE_DATABASES_LOCK]);
    for (const name of names) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
    }
  } finally {
    await client.end();
  }
}
