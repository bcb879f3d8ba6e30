// Process plumbing shared by the components: detached daemons with their output in a log file, pid files,
// "is it still ours?" checks through /proc, stopping by pid, and waiting for readiness.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { connect } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { detail, failure, progress, seconds, ticker } from './report';

export const isRoot = (): boolean => process.getuid?.() === 0;

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Absolute path of an executable found on PATH, or undefined. */
export function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Writes only when the content differs; returns whether it changed (callers reload or restart on change). */
export function writeIfChanged(file: string, content: string, mode?: number): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content, mode === undefined ? undefined : { mode });
  return true;
}

export function readPidFile(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0].trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * The command line of a live process, arguments joined by spaces; undefined when the pid is gone or a zombie.
 * Comparing it with what we launched guards against pids recycled by unrelated processes.
 */
export function cmdline(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

export type CmdlineMatcher = (commandLine: string) => boolean;

/** The pid in `pidFile` when that process is alive and still the program we expect. */
export function runningPid(pidFile: string, matches: CmdlineMatcher): number | undefined {
  const pid = readPidFile(pidFile);
  if (pid === undefined) return undefined;
  const line = cmdline(pid);
  return line !== undefined && matches(line) ? pid : undefined;
}

export interface DaemonSpec {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  pidFile: string;
}

/**
 * Starts a long-running program in its own session (so Ctrl-C on the CLI does not reach it), with stdout and
 * stderr appended to a fresh log file (the previous one is kept as .1), and records its pid.
 */
export function spawnDaemon(spec: DaemonSpec): number {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  mkdirSync(dirname(spec.pidFile), { recursive: true });
  if (existsSync(spec.logFile)) renameSync(spec.logFile, `${spec.logFile}.1`);
  const fd = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
    child.unref();
    writeFileSync(spec.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** SIGTERM, wait up to `graceMs` for the pid to disappear, then SIGKILL. */
export async function stopPid(pid: number, graceMs = 20_000): Promise<'stopped' | 'killed'> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'stopped';
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (cmdline(pid) === undefined) return 'stopped';
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'stopped';
  }
  while (cmdline(pid) !== undefined) await sleep(100);
  return 'killed';
}

export function removeFiles(...files: string[]): void {
  for (const file of files) rmSync(file, { force: true });
}

export function tailFile(file: string, lines = 20): string[] {
  if (!existsSync(file)) return [`(no log file at ${file})`];
  const all = readFileSync(file, 'utf8').trimEnd().split('\n');
  return all.slice(-lines);
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolveInUse) => {
    const socket = connect({ port, host });
    const finish = (inUse: boolean) => {
      socket.destroy();
      resolveInUse(inUse);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export interface WaitOptions {
  name: string;
  what: string;
  timeoutSec: number;
  logFile: string;
  /** Fails fast when the process died instead of waiting for the timeout. */
  alive?: () => boolean;
  intervalMs?: number;
}

/** Polls `probe` until it returns true; on timeout or early exit prints the log's tail and throws. */
export async function waitUntil(probe: () => Promise<boolean>, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutSec * 1000;
  const stopTicker = ticker(10_000, (ms) =>
    progress(
      opts.name,
      `waiting for ${opts.what} (${seconds(ms)} of ${opts.timeoutSec}s, log ${opts.logFile})`,
    ),
  );
  try {
    for (;;) {
      if (await probe().catch(() => false)) return;
      let reason: string | undefined;
      if (opts.alive && !opts.alive()) reason = 'the process exited during start-up';
      else if (Date.now() > deadline) reason = `not ready after ${opts.timeoutSec}s (${opts.what})`;
      if (reason) {
        failure(opts.name, `last lines of ${opts.logFile}:`);
        detail(tailFile(opts.logFile));
        throw new Error(`${opts.name}: ${reason}; see ${opts.logFile}`);
      }
      await sleep(opts.intervalMs ?? 250);
    }
  } finally {
    stopTicker();
  }
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Appends the command's output here instead of keeping it in memory. */
  logFile?: string;
  /** Sees every output line, e.g. to count downloads for progress lines. */
  onLine?: (line: string) => void;
}

export interface RunResult {
  code: number;
  output: string;
}

/** Runs a command to completion; output goes to `logFile` (if given) and is also returned (last 64 KiB). */
export function run(command: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const log = opts.logFile ? openSync(opts.logFile, 'a') : undefined;
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let partial = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      if (log !== undefined) writeSync(log, text);
      output = (output + text).slice(-65_536);
      if (opts.onLine) {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        lines.forEach(opts.onLine);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => {
      if (log !== undefined) closeSync(log);
      reject(new Error(`cannot run ${command}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      if (log !== undefined) {
        writeSync(log, `\nexit ${code ?? signal}\n`);
        closeSync(log);
      }
      resolveRun({ code: code ?? 1, output });
    });
  });
}

/** `run`, throwing a one-line error (plus the output's tail on stderr) when the command fails. */
export async function runOrThrow(
  name: string,
  command: string,
  args: string[],
  opts: RunOptions = {},
): Promise<string> {
  const result = await run(command, args, opts);
  if (result.code !== 0) {
    const shown = [command, ...args].join(' ');
    failure(name, `output of: ${shown}`);
    detail(result.output.trimEnd().split('\n').slice(-20));
    throw new Error(
      `${name}: ${shown} failed (exit ${result.code})${opts.logFile ? `; see ${opts.logFile}` : ''}`,
    );
  }
  return result.output;
}
