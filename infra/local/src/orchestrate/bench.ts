// `npm run bench`: starts the stack (infrastructure plus the four services from their build output),
// runs the benchmark runner (apps/bench) against it as a separate process, and stops what it
// started. The runner gets every measured process's pid so it can report CPU per 1,000 messages.
import { resolve } from 'node:path';
import { downInfra, ensureDatabases, infraStatus, upInfra } from '../stack';
import { settings } from '../settings';
import { run } from './run-step';
import { SERVICE_DATABASES, serviceEnv } from './service-env';
import { buildMigrateAndStart, type RunningService, stopServices } from './services';

/** Scratch database of the raw Postgres baseline (B0). */
export const BENCH_DATABASE = 'parley_bench';

/** Runs apps/bench with `args`; `services` are the running service processes to measure. */
export async function runBenchRunner(
  args: string[],
  env: Record<string, string>,
  services: RunningService[],
): Promise<number> {
  const pids: Record<string, number> = {};
  for (const s of services) if (s.child.pid) pids[s.name] = s.child.pid;
  for (const c of await infraStatus()) if (c.running && c.pid) pids[c.name] = c.pid;
  return run(
    'npx',
    ['tsx', '--tsconfig', 'apps/bench/tsconfig.app.json', 'apps/bench/src/main.ts', ...args],
    {
      ...env,
      PARLEY_BENCH_PIDS: JSON.stringify(pids),
      PARLEY_CACHE_DIR: settings.cacheDir,
    },
    settings.rootDir,
  );
}

export async function runBench(args: string[]): Promise<number> {
  const infra = await upInfra();
  const services: RunningService[] = [];
  try {
    await ensureDatabases([...Object.values(SERVICE_DATABASES), BENCH_DATABASE]);
    const env = serviceEnv(settings);
    // PARLEY_BENCH_CPU_PROF=<dir>: each service writes a V8 CPU profile there when it stops.
    const profileDir = process.env['PARLEY_BENCH_CPU_PROF'];
    const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [];
    await buildMigrateAndStart(settings, env, services, { echo: false, nodeArgs });
    return await runBenchRunner(args, env, services);
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await stopServices(services);
    if (infra.started.length > 0) await downInfra({ only: infra.started });
  }
}
