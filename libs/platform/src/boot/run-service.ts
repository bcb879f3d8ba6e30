import { BootError, loadConfig } from '../config/load-config';
import { z } from 'zod';
import { logger } from '../logging/logger';
import { startMetricsServer } from '../observability/metrics';

/**
 * Where GET /metrics is served: PARLEY_<SERVICE>_METRICS_PORT (unset = not served) on the service's
 * bind address PARLEY_<SERVICE>_HOST, named per service like the gRPC port so one environment
 * (.env.local, a ConfigMap) can serve every service.
 */
function metricsAddress(name: string) {
  const prefix = `PARLEY_${name.toUpperCase()}`;
  const schema = z
    .object({
      [`${prefix}_METRICS_PORT`]: z.coerce.number().int().min(1).max(65535).optional(),
      [`${prefix}_HOST`]: z.string().min(1).default('127.0.0.1'),
    })
    .transform((e) => ({
      host: e[`${prefix}_HOST`] as string,
      port: e[`${prefix}_METRICS_PORT`] as number | undefined,
    }));
  return loadConfig(name, schema);
}

/**
 * Runs a service's boot function. Bad configuration or unreachable infrastructure ends the process
 * with exit status 1 and one line saying why (no stack trace loop); SIGTERM/SIGINT run `stop` once.
 */
export async function runService(
  name: string,
  boot: () => Promise<{ stop: () => Promise<void> }>,
): Promise<void> {
  let stopping = false;
  try {
    const { host: metricsHost, port: metricsPort } = metricsAddress(name);
    const metrics =
      metricsPort === undefined
        ? undefined
        : await bootStep(`cannot serve metrics on ${metricsHost}:${metricsPort}`, () =>
            startMetricsServer(metricsHost, metricsPort),
          );
    const service = await boot();
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, `${name}: shutting down`);
      const force = setTimeout(() => {
        logger.error(`${name}: shutdown took longer than 25 s, exiting`);
        process.exit(1);
      }, 25_000);
      force.unref();
      try {
        await service.stop();
        await metrics?.close();
        logger.info(`${name}: stopped`);
        process.exit(0);
      } catch (err) {
        logger.error({ err }, `${name}: shutdown failed`);
        process.exit(1);
      }
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  } catch (err) {
    const reason = err instanceof BootError ? err.message : `${name}: failed to start: ${oneLine(err)}`;
    process.stderr.write(`${oneLine(reason)}\n`);
    process.exit(1);
  }
}

/** Runs one boot step, turning any failure into a BootError with a one-line reason. */
export async function bootStep<T>(what: string, step: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([step(), timeout]);
  } catch (err) {
    throw new BootError(`${what}: ${oneLine(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Libraries (Prisma among them) put line breaks in their messages; a boot failure must stay one line. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' ');
}
