import { Counter, Gauge, Histogram, Registry } from 'prom-client';

// Prometheus metrics of one service process, served as text on GET /metrics (MetricsController).
// Every series carries `service`. prom-client is the de-facto Node client, and its default
// metrics add CPU, memory, GC and event-loop delay for free.
export const metricsRegistry = new Registry();
metricsRegistry.setDefaultLabels({ service: process.env['PARLEY_SERVICE_NAME'] ?? 'unknown' });

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const grpcHandled = new Counter({
  name: 'parley_grpc_server_handled_total',
  help: 'RPCs completed, by method and gRPC status code name (OK, INVALID_ARGUMENT, ...)',
  labelNames: ['method', 'code'] as const,
  registers: [metricsRegistry],
});

export const grpcHandlingSeconds = new Histogram({
  name: 'parley_grpc_server_handling_seconds',
  help: 'Time from receiving a unary RPC to answering it',
  labelNames: ['method'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const grpcStreamsOpen = new Gauge({
  name: 'parley_grpc_server_streams_open',
  help: 'Server streams open now (for session: connected clients event streams)',
  labelNames: ['method'] as const,
  registers: [metricsRegistry],
});

export const kafkaConsumed = new Counter({
  name: 'parley_kafka_consumed_events_total',
  help: 'Events handled (and their offsets committed), by consumer group and topic',
  labelNames: ['group', 'topic'] as const,
  registers: [metricsRegistry],
});

export const kafkaConsumerLag = new Gauge({
  name: 'parley_kafka_consumer_lag',
  help: 'Events in the partition after the last one this consumer committed, as of its last batch',
  labelNames: ['group', 'topic', 'partition'] as const,
  registers: [metricsRegistry],
});

export const kafkaBatchSeconds = new Histogram({
  name: 'parley_kafka_batch_handling_seconds',
  help: 'Time to handle one fetched batch, retries included',
  labelNames: ['group'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const kafkaDeadLettered = new Counter({
  name: 'parley_kafka_dead_lettered_events_total',
  help: 'Events parked in <topic>.dlq after failing every attempt',
  labelNames: ['group', 'topic'] as const,
  registers: [metricsRegistry],
});

export const kafkaPublished = new Counter({
  name: 'parley_kafka_published_events_total',
  help: 'Events acknowledged by Kafka (acks=all), by topic',
  labelNames: ['topic'] as const,
  registers: [metricsRegistry],
});

const outboxSources: Array<() => Promise<number>> = [];

/** Rows committed to this service's outbox and not yet confirmed published (read from Postgres per scrape). */
new Gauge({
  name: 'parley_outbox_backlog',
  help: 'Outbox rows waiting to be published to Kafka',
  registers: [metricsRegistry],
  async collect() {
    if (outboxSources.length === 0) return;
    const counts = await Promise.all(outboxSources.map((count) => count().catch(() => NaN)));
    this.set(counts.reduce((a, b) => a + b, 0));
  },
});

/** Makes an outbox's backlog part of parley_outbox_backlog. */
export function reportOutboxBacklog(count: () => Promise<number>): void {
  outboxSources.push(count);
}
