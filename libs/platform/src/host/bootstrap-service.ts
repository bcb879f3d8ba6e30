import 'reflect-metadata';
import { type LoggerService, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { collectDefaultMetrics } from 'prom-client';
import { z } from 'zod';
import { BootError, commonEnv, loadConfig } from '../config/load-config';
import { bootStep, oneLine } from '../boot/boot-step';
import { HealthState } from '../grpc/health';
import { ParleyGrpcServer } from '../grpc/parley-grpc.server';
import { KafkaBatchServer } from '../kafka/kafka-batch.server';
import { KafkaBus } from '../kafka/kafka-bus';
import { logger } from '../logging/logger';
import { metricsRegistry } from '../observability/metrics';
import type { ServiceIdentity } from './service-identity';

/** Where a service listens: PARLEY_<SERVICE>_HOST / _PORT (gRPC) and _METRICS_PORT (unset = no /metrics). */
export function serviceAddress(name: string, env: NodeJS.ProcessEnv = process.env) {
  const prefix = `PARLEY_${name.toUpperCase()}`;
  const schema = z
    .object({
      [`${prefix}_HOST`]: z.string().min(1).default('127.0.0.1'),
      [`${prefix}_PORT`]: commonEnv.grpcPort,
      [`${prefix}_METRICS_PORT`]: z.coerce.number().int().min(1).max(65535).optional(),
      /** Names this replica's own consumer groups; keep it stable across restarts of one replica. */
      PARLEY_INSTANCE_ID: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,64}$/)
        .default('0'),
    })
    .transform((e) => ({
      host: e[`${prefix}_HOST`] as string,
      port: e[`${prefix}_PORT`] as number,
      metricsPort: e[`${prefix}_METRICS_PORT`] as number | undefined,
      instanceId: e.PARLEY_INSTANCE_ID as string,
    }));
  return loadConfig(name, schema, env);
}

/**
 * Parses where the service listens and its own settings up front, so that one boot line names every
 * bad variable of both instead of stopping at the first part.
 */
function configured<A>(name: string, address: () => A, config: () => unknown): A {
  const problems: string[] = [];
  let parsed: A | undefined;
  for (const [index, parse] of [address, config].entries()) {
    try {
      const value = parse();
      if (index === 0) parsed = value as A;
    } catch (err) {
      if (!(err instanceof BootError)) throw err;
      problems.push(err.message.replace(/^[^:]+: invalid configuration: /, ''));
    }
  }
  if (problems.length > 0 || parsed === undefined)
    throw new BootError(`${name}: invalid configuration: ${problems.join('; ')}`);
  return parsed;
}

/** Nest's own log lines (module wiring, errors it catches) through the service's pino logger. */
const nestLogger: LoggerService = {
  log: (message: unknown, context?: string) => logger.debug({ context }, String(message)),
  error: (message: unknown, ...rest: unknown[]) => logger.error({ detail: rest }, String(message)),
  warn: (message: unknown, context?: string) => logger.warn({ context }, String(message)),
  debug: (message: unknown, context?: string) => logger.debug({ context }, String(message)),
  verbose: (message: unknown, context?: string) => logger.trace({ context }, String(message)),
};

/** grpc-js limits: requests up to 16 MiB (media chunks), no server-initiated pings (see below). */
const GRPC_CHANNEL_OPTIONS = {
  // No server-initiated keepalive pings: every connection comes from the edge proxy, and a ping
  // whose ack is delayed behind a busy stream (10 s) would drop every stream on that connection.
  // Clients ping the edge themselves (the SDK every 30 s); TCP keepalive covers the proxy link.
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
};

/**
 * Starts a Parley service: its module as a NestJS hybrid application with two transports, gRPC
 * (ParleyGrpcServer: the `@GrpcMethod` handlers) and Kafka (KafkaBatchServer: the `@EventPattern`
 * handlers), plus /metrics over HTTP when a metrics port is set.
 *
 * Start: modules initialise deepest first (database, Kafka producer and topics), then the outbox
 * relays (onApplicationBootstrap), then both transports; grpc.health reports SERVING only after all.
 * Stop (SIGTERM/SIGINT): NOT_SERVING and streams ended (beforeApplicationShutdown), transports
 * closed (in-flight calls and batches finish), then onApplicationShutdown from the service module
 * down: outboxes flush before Kafka and Postgres disconnect. Exit 0 when clean, 1 after 25 s.
 * Bad configuration or unreachable infrastructure ends the process with status 1 and one line.
 */
export async function bootstrapService(module: Type, identity: ServiceIdentity): Promise<void> {
  const { name } = identity;
  try {
    metricsRegistry.setDefaultLabels({ service: name });
    const address = configured(
      name,
      () => serviceAddress(name),
      () => identity.loadConfig(),
    );
    const app = await NestFactory.create<NestExpressApplication>(module, {
      logger: nestLogger,
      abortOnError: false,
    });
    app.connectMicroservice(
      { strategy: new KafkaBatchServer(app.get(KafkaBus), name, address.instanceId) },
      { inheritAppConfig: true },
    );
    app.connectMicroservice(
      {
        strategy: new ParleyGrpcServer({
          url: `${address.host}:${address.port}`,
          contracts: identity.contracts,
          channelOptions: GRPC_CHANNEL_OPTIONS,
        }),
      },
      { inheritAppConfig: true },
    );
    await app.init();
    await bootStep(`cannot start consumers or listen on ${address.host}:${address.port}`, () =>
      app.startAllMicroservices(),
    );
    const { metricsPort } = address;
    if (metricsPort !== undefined) {
      collectDefaultMetrics({ register: metricsRegistry, prefix: 'parley_' });
      await bootStep(`cannot serve metrics on ${address.host}:${metricsPort}`, () =>
        app.listen(metricsPort, address.host),
      );
      logger.info({ address: `${address.host}:${metricsPort}` }, 'metrics on /metrics');
    }
    app.get(HealthState).setAll(true);
    stopOnSignals(name, () => app.close());
  } catch (err) {
    const reason = err instanceof BootError ? err.message : `${name}: failed to start: ${oneLine(err)}`;
    process.stderr.write(`${oneLine(reason)}\n`);
    process.exit(1);
  }
}

/**
 * SIGTERM/SIGINT run Nest's close once and exit 0. Not `app.enableShutdownHooks()`: Nest re-raises
 * the signal after closing, so a clean stop would end as "killed by SIGTERM" rather than status 0,
 * and a stop that hangs would never end; here a stop longer than 25 s exits 1.
 */
function stopOnSignals(name: string, close: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name}: shutting down`);
    setTimeout(() => {
      logger.error(`${name}: shutdown took longer than 25 s, exiting`);
      process.exit(1);
    }, 25_000).unref();
    try {
      await close();
      logger.info(`${name}: stopped`);
      process.exit(0);
    } catch (err) {
      logger.error({ err }, `${name}: shutdown failed`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
