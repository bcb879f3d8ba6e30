// Runs the four services as separate processes from their build output (dist/apps/<name>/main.js),
// as they are deployed, and waits until each answers grpc.health.v1 with SERVING.
import { credentials, Metadata } from '@grpc/grpc-js';
import { HealthCheckResponse_ServingStatus, HealthClient } from '@parley/contracts';
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ServiceName, Settings } from '../settings';
import { run } from './run-step';

export interface RunningService {
  name: ServiceName;
  child: ChildProcess;
  exited: Promise<number | null>;
}

function serving(port: number): Promise<boolean> {
  const client = new HealthClient(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise((resolve) => {
    client.check({ service: '' }, new Metadata(), { deadline: Date.now() + 1000 }, (err, res) => {
      client.close();
      resolve(!err && res.status === HealthCheckResponse_ServingStatus.SERVING);
    });
  });
}

/** Fails with a clear reason when something already listens on a service's port (e.g. a service left running). */
export function assertPortFree(name: ServiceName, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(
        new Error(
          `127.0.0.1:${port} is already in use, so ${name} cannot start: stop whatever listens there`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * Starts one service from `<servicesDir>/<name>` (the build output by default, or production
 * folders); its output goes to <state>/logs/<name>.log and, if `echo`, to this terminal.
 */
export function startService(
  settings: Settings,
  name: ServiceName,
  env: Record<string, string>,
  echo: boolean,
  servicesDir = join(settings.rootDir, 'dist/apps'),
  nodeArgs: string[] = [],
): RunningService {
  const folder = join(servicesDir, name);
  const main = join(folder, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx nx run-many -t build)`);
  mkdirSync(settings.logDir, { recursive: true });
  const log = createWriteStream(join(settings.logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, main], {
    cwd: folder,
    env: { ...process.env, ...env, PARLEY_SERVICE_NAME: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (echo)
        for (const line of chunk.toString().split('\n').filter(Boolean))
          process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { name, child, exited };
}

function lastLines(file: string, count: number): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return text
    .trimEnd()
    .split('\n')
    .slice(-count)
    .map((l) => `  ${l}`)
    .join('\n');
}

/** Waits until the service is SERVING; fails early with its own last words if it exits first. */
export async function waitServing(
  settings: Settings,
  service: RunningService,
  timeoutMs = 90_000,
): Promise<void> {
  const port = settings.ports[service.name];
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void service.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      const logFile = join(settings.logDir, `${service.name}.log`);
      throw new Error(
        `${service.name} exited with status ${exitCode} before it was ready; the end of ${logFile}:\n${lastLines(logFile, 15)}`,
      );
    }
    if (await serving(port)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service.name} was not SERVING on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with each service's exit code (null when killed). */
export async function stopServices(
  services: RunningService[],
  graceMs = 30_000,
): Promise<Map<ServiceName, number | null>> {
  const codes = new Map<ServiceName, number | null>();
  await Promise.all(
    services.map(async (s) => {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
      const timer = setTimeout(() => s.child.kill('SIGKILL'), graceMs);
      codes.set(s.name, await s.exited);
      clearTimeout(timer);
    }),
  );
  return codes;
}

export const ALL_SERVICES = ['session', 'messaging', 'media', 'conversation'] as const;

async function mustRun(what: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  process.stdout.write(`▶ ${what}\n`);
  const code = await run('npx', args, env);
  if (code !== 0) throw new Error(`${what} failed (exit ${code})`);
}

/**
 * `npm start` and `npm run bench`: builds the services, applies their migrations, starts all four
 * from dist/apps and waits until each serves. Started processes are pushed into `started` as they
 * start, so a caller can stop them even when a later one fails to come up.
 */
export async function buildMigrateAndStart(
  settings: Settings,
  env: Record<string, string>,
  started: RunningService[],
  options: { echo: boolean; nodeArgs?: string[] },
): Promise<void> {
  await mustRun('building services', ['nx', 'run-many', '-t', 'build', '--output-style=static']);
  await mustRun(
    'applying database migrations',
    ['nx', 'run-many', '-t', 'migrate', '--output-style=static'],
    env,
  );
  await Promise.all(ALL_SERVICES.map((name) => assertPortFree(name, settings.ports[name])));
  for (const name of ALL_SERVICES)
    started.push(startService(settings, name, env, options.echo, undefined, options.nodeArgs));
  await Promise.all(started.map((s) => waitServing(settings, s)));
}
