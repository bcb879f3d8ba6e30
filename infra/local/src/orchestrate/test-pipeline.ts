// `npm test`: every check CI runs, in order, against the real local stack. Infrastructure this run
// started is stopped at the end; infrastructure that was already running is left as it was.
import { downInfra, ensureDatabases, upInfra, type UpResult } from '../stack';
import { join } from 'node:path';
import { settings } from '../settings';
import { BENCH_DATABASE, runBenchRunner } from './bench';
import { Pipeline } from './run-step';
import { SERVICE_DATABASES, serviceEnv } from './service-env';
import {
  ALL_SERVICES,
  assertPortFree,
  type RunningService,
  startService,
  stopServices,
  waitServing,
} from './services';

export async function runTests(): Promise<number> {
  const pipeline = new Pipeline();
  let infra: UpResult | undefined;
  let services: RunningService[] = [];
  let failure: unknown;
  try {
    await pipeline.nx('generated protobuf code is fresh', 'contracts:check-generated');
    await pipeline.nx('buf lint', 'contracts:lint-proto');
    await pipeline.nx('buf breaking (contracts change only compatibly)', 'contracts:breaking-proto');
    await pipeline.command('format check (prettier)', 'npx', ['prettier', '--check', '.']);
    await pipeline.command('lint (incl. module boundaries)', 'npx', [
      'nx',
      'run-many',
      '-t',
      'lint',
      '--output-style=static',
    ]);
    await pipeline.nx('typecheck infra/local', 'local-stack:typecheck');
    // The benchmarks run from source with tsx, which does not check types.
    await pipeline.command('typecheck apps/bench', 'npx', [
      'tsc',
      '-p',
      'apps/bench/tsconfig.app.json',
      '--noEmit',
    ]);
    // Offline: kustomize build of every overlay, kubernetes-validate --strict, CRs against their CRDs.
    // The self-test first, so a validator that accepts everything cannot pass for a green check.
    await pipeline.command('Kubernetes validator rejects every broken fixture', 'node', [
      'infra/k8s/validate.mjs',
      '--self-test',
    ]);
    await pipeline.command('Kubernetes manifests valid (base, overlays dev and prod)', 'node', [
      'infra/k8s/validate.mjs',
    ]);
    await pipeline.command('unit tests', 'npx', ['nx', 'run-many', '-t', 'test', '--output-style=static']);
    await pipeline.command('build services', 'npx', [
      'nx',
      'run-many',
      '-t',
      'build',
      '--output-style=static',
    ]);
    // What each container image ships (infra/docker/service.Dockerfile runs the same script).
    for (const name of ALL_SERVICES)
      await pipeline.command(
        `production folder of ${name} (build output + production dependencies)`,
        'node',
        ['infra/build/production-folder.mjs', name, join(settings.productionDir, name)],
      );
    await pipeline.step('start local infrastructure', async () => {
      infra = await upInfra();
      await ensureDatabases([...Object.values(SERVICE_DATABASES), BENCH_DATABASE]);
    });
    // The tests start their own service processes from the production folders too.
    const env = { ...serviceEnv(settings), PARLEY_SERVICES_DIR: settings.productionDir };
    await pipeline.command(
      'database migrations (prisma migrate deploy)',
      'npx',
      ['nx', 'run-many', '-t', 'migrate', '--output-style=static'],
      env,
    );
    await pipeline.command(
      'integration tests (real Postgres, Kafka, MinIO)',
      'npx',
      ['nx', 'run-many', '-t', 'integration', '--output-style=static'],
      env,
    );
    await pipeline.step('start services from their production folders', async () => {
      await Promise.all(ALL_SERVICES.map((name) => assertPortFree(name, settings.ports[name])));
      services = ALL_SERVICES.map((name) => startService(settings, name, env, false, settings.productionDir));
      await Promise.all(services.map((s) => waitServing(settings, s)));
    });
    await pipeline.nx('end-to-end tests (SDK → edge → services)', 'e2e:e2e', env);
    // Proves the benchmarks still run; their numbers are measurements, checked by nobody here.
    await pipeline.step('benchmarks, quick mode (npm run bench -- --quick)', async () => {
      const code = await runBenchRunner(['--quick'], env, services);
      if (code !== 0) throw new Error(`the quick benchmark run exited with status ${code}`);
    });
    // The fault tests start, SIGKILL, stop and reconfigure session, conversation and media themselves, on their usual ports.
    await pipeline.step('session, conversation and media stop cleanly on SIGTERM (exit 0)', async () => {
      const owned = (s: RunningService) => s.name !== 'messaging';
      const stopping = services.filter(owned);
      services = services.filter((s) => !owned(s));
      const bad = [...(await stopServices(stopping))].filter(([, code]) => code !== 0);
      if (bad.length > 0)
        throw new Error(
          `unclean exit: ${bad.map(([n, c]) => `${n}=${c}`).join(', ')} (logs in ${settings.logDir})`,
        );
    });
    await pipeline.nx(
      'fault tests (SIGKILL and restarts of session, conversation and media; projection rebuild; expiries)',
      'e2e:faults',
      env,
    );
    await pipeline.step('services stop cleanly on SIGTERM (exit 0)', async () => {
      const codes = await stopServices(services);
      services = [];
      const bad = [...codes].filter(([, code]) => code !== 0);
      if (bad.length > 0)
        throw new Error(
          `unclean exit: ${bad.map(([n, c]) => `${n}=${c}`).join(', ')} (logs in ${settings.logDir})`,
        );
    });
  } catch (err) {
    failure = err;
  } finally {
    if (services.length > 0) await stopServices(services);
    if (infra && infra.started.length > 0 && process.env['PARLEY_KEEP_INFRA'] !== '1') {
      await downInfra({ only: infra.started }).catch((err: unknown) =>
        process.stderr.write(`infra down: ${String(err)}\n`),
      );
    }
  }
  process.stdout.write(`\n${pipeline.summary()}\n`);
  if (failure) {
    process.stderr.write(`error: ${failure instanceof Error ? failure.message : String(failure)}\n`);
    return 1;
  }
  return 0;
}
