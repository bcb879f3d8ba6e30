// What every component of the local stack provides, and the start/reuse/stop logic shared by the daemons that
// infra/local launches itself (Kafka, MinIO, nginx). Postgres is launched by pg_ctl and has its own variant.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cmdline,
  CmdlineMatcher,
  DaemonSpec,
  portInUse,
  removeFiles,
  runningPid,
  sha256,
  spawnDaemon,
  stopPid,
  waitUntil,
} from './process';
import { progress } from './report';
import { settings } from './settings';

export type ComponentName = 'postgres' | 'kafka' | 'minio' | 'edge';

export interface UpOutcome {
  action: 'started' | 'reused';
  /** Extra words for the summary line, e.g. "config reloaded". */
  note?: string;
}

export interface DownOutcome {
  action: 'stopped' | 'killed' | 'not running';
  note?: string;
}

export interface Component {
  name: ComponentName;
  address: string;
  /** Cheap check (pid file + /proc), no network probe. */
  status(): { running: boolean; pid?: number };
  up(): Promise<UpOutcome>;
  down(): Promise<DownOutcome>;
}

export const pidFileOf = (name: ComponentName): string => join(settings.runDir, `${name}.pid`);
const configHashFileOf = (name: ComponentName): string => join(settings.runDir, `${name}.config-sha256`);

/** Fails with a one-line error when a port we are about to listen on is taken by something that is not ours. */
export async function assertPortsFree(name: ComponentName, ports: number[]): Promise<void> {
  for (const port of ports) {
    if (await portInUse(port)) {
      throw new Error(
        `${name}: 127.0.0.1:${port} is already in use by a process that infra/local did not start; ` +
          `stop it or choose another port (see infra/local/src/settings.ts)`,
      );
    }
  }
}

export interface DaemonPlan {
  name: ComponentName;
  logFile: string;
  matches: CmdlineMatcher;
  /** Ports the daemon listens on; checked free before starting. */
  ports: number[];
  /** Everything that shapes the running process (config files, args); a difference triggers restart/reload. */
  config: string;
  /** Slow one-time work (install, fetch, build, format), done only when the daemon must be started. */
  prepare(): Promise<void>;
  spawn(): Omit<DaemonSpec, 'pidFile' | 'logFile'>;
  ready(): Promise<boolean>;
  readyWhat: string;
  /** Apply a changed config to the running daemon in place; without it the daemon is restarted. */
  reload?(): Promise<void>;
}

export async function upDaemon(plan: DaemonPlan): Promise<UpOutcome> {
  const pidFile = pidFileOf(plan.name);
  const hashFile = configHashFileOf(plan.name);
  const hash = sha256(plan.config);
  const wait = (alive: () => boolean) =>
    waitUntil(plan.ready, {
      name: plan.name,
      what: plan.readyWhat,
      timeoutSec: settings.readyTimeoutSec,
      logFile: plan.logFile,
      alive,
    });

  const pid = runningPid(pidFile, plan.matches);
  if (pid !== undefined) {
    const alive = () => runningPid(pidFile, plan.matches) === pid;
    const previous = existsSync(hashFile) ? readFileSync(hashFile, 'utf8').trim() : '';
    if (previous === hash) {
      await wait(alive);
      return { action: 'reused' };
    }
    if (plan.reload) {
      progress(plan.name, 'configuration changed, reloading');
      await plan.reload();
      writeFileSync(hashFile, hash + '\n');
      await wait(alive);
      return { action: 'reused', note: 'config reloaded' };
    }
    progress(plan.name, `configuration changed, restarting pid ${pid}`);
    await stopPid(pid);
  }
  removeFiles(pidFile, hashFile);

  await assertPortsFree(plan.name, plan.ports);
  await plan.prepare();
  const started = spawnDaemon({ ...plan.spawn(), pidFile, logFile: plan.logFile });
  writeFileSync(hashFile, hash + '\n');
  // A process just started cannot be a recycled pid: alive means it still exists. Its command line is
  // not checked here: read while the program execs or re-execs itself (MinIO at start-up) it can be
  // briefly empty, which was taken for an exit and failed a fresh clone's first start.
  await wait(() => cmdline(started) !== undefined);
  return { action: 'started', note: pid !== undefined ? 'restarted: config changed' : undefined };
}

export async function downDaemon(name: ComponentName, matches: CmdlineMatcher): Promise<DownOutcome> {
  const pidFile = pidFileOf(name);
  const hadPidFile = existsSync(pidFile);
  const pid = runningPid(pidFile, matches);
  removeFiles(...(pid === undefined ? [pidFile, configHashFileOf(name)] : []));
  if (pid === undefined)
    return { action: 'not running', note: hadPidFile ? 'removed stale pid file' : undefined };
  progress(name, `stopping pid ${pid}`);
  const action = await stopPid(pid);
  removeFiles(pidFile, configHashFileOf(name));
  return { action, note: action === 'killed' ? 'did not stop within 20s, killed' : undefined };
}

export function daemonStatus(
  name: ComponentName,
  matches: CmdlineMatcher,
): { running: boolean; pid?: number } {
  const pid = runningPid(pidFileOf(name), matches);
  return pid === undefined ? { running: false } : { running: true, pid };
}
