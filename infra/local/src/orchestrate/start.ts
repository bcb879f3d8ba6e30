// `npm start`: install what is missing, start the infrastructure and the four services, print the
// endpoint and dev credentials, and on Ctrl-C stop the services and whatever infrastructure this run started.
import { downInfra, ensureDatabases, upInfra } from '../stack';
import { settings } from '../settings';
import { SERVICE_DATABASES, serviceEnv, writeEnvLocal } from './service-env';
import { buildMigrateAndStart, type RunningService, stopServices } from './services';

export async function startEverything(): Promise<number> {
  const began = Date.now();
  const infra = await upInfra();
  const services: RunningService[] = [];
  const shutdown = async (): Promise<number> => {
    process.stdout.write('\nstopping services…\n');
    const codes = await stopServices(services);
    for (const [name, code] of codes) process.stdout.write(`  ${name.padEnd(13)} exited ${code}\n`);
    if (infra.started.length > 0) await downInfra({ only: infra.started });
    return [...codes.values()].every((c) => c === 0) ? 0 : 1;
  };
  try {
    await ensureDatabases(Object.values(SERVICE_DATABASES));
    const env = serviceEnv(settings);
    const envFile = writeEnvLocal(settings, env);
    await buildMigrateAndStart(settings, env, services, { echo: true });
    process.stdout.write(
      [
        '',
        `Parley is up in ${((Date.now() - began) / 1000).toFixed(1)} s.`,
        `  endpoint   ${env['PARLEY_ENDPOINT']}   (gRPC; the SDK's default)`,
        `  appID      ${env['PARLEY_DEV_APP_ID']}`,
        `  app secret ${env['PARLEY_DEV_APP_SECRET']}   (sign login tokens with generateToken from @parley/sdk)`,
        `  saved in   ${envFile}`,
        '  Ctrl-C stops everything this command started.',
        '',
      ].join('\n'),
    );
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    await shutdown();
    return 1;
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = () => {
      // A second Ctrl-C, or the terminal closing (SIGHUP) mid-shutdown, must not cut the cleanup short.
      if (stopping) return;
      stopping = true;
      void shutdown().then(resolve);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
    // A service that dies on its own takes the rest down, rather than leaving a half-working stack.
    for (const service of services) {
      void service.exited.then((code) => {
        if (stopping) return;
        process.stderr.write(
          `\n${service.name} exited unexpectedly (status ${code}); see ${settings.logDir}/${service.name}.log\n`,
        );
        onSignal();
      });
    }
    // With the terminal gone, writes fail; the cleanup matters more than its messages.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  });
}
