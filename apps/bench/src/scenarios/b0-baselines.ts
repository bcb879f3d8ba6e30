// B0: what the infrastructure does on its own, measured in the same run as the scenarios that
// compare against it: raw Kafka produce→consume, raw Postgres inserts, raw MinIO PUTs.
import { type KafkaBaselineResult, kafkaBaseline } from '../baselines/kafka-baseline';
import { type MinioPutResult, minioPutBaseline } from '../baselines/minio-baseline';
import { type PostgresBaselineResult, postgresInsertBaseline } from '../baselines/postgres-baseline';
import { busiestProcesses, latencyCells, median, MiB, sizeLabel } from '../baselines/shared';
import { type BenchContext, fmt, type Scenario, type ScenarioReport, type Series } from '../types';

/** Offered rates of the Kafka steps: B1's (b1-b3-peer.ts), so raw Kafka and Parley line up on the plot. */
export const B0_KAFKA_RATES = { quick: [100, 300], full: [250, 500, 1000, 1500, 2000, 3000, 4000] };
const KAFKA_STEP_MS = { quick: 2_000, full: 10_000 };
const POSTGRES_CLIENTS = { quick: [4], full: [1, 4, 16] };
const POSTGRES_STEP_MS = { quick: 2_000, full: 8_000 };
const MINIO_SIZES = { quick: [MiB], full: [MiB, 64 * MiB] };

/** Raw Kafka's produce→consume p50 and p99 against offered rate, in the panel of B1's send→receive curves. */
export function kafkaSeries(kafka: KafkaBaselineResult): Series[] {
  const curve = (name: string, pick: (s: KafkaBaselineResult['steps'][number]) => number): Series => ({
    name,
    xLabel: 'offered messages/s',
    yLabel: 'send→receive latency ms',
    points: kafka.steps.map((s) => ({ x: s.offeredPerSecond, y: Math.max(0.1, pick(s)) })),
  });
  return [curve('raw Kafka p99', (s) => s.latency.p99), curve('raw Kafka p50', (s) => s.latency.p50)];
}

function kafkaRows(kafka: KafkaBaselineResult): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = kafka.steps.map((s) => [
    'Kafka produce→consume',
    `${s.offeredPerSecond} records/s offered`,
    `${fmt(s.producedPerSecond)} produced/s, ${fmt(s.consumedPerSecond)} consumed/s` +
      (s.consumed < s.fired ? ` (${s.fired - s.consumed} not consumed)` : ''),
    ...latencyCells(s.latency),
  ]);
  if (kafka.max)
    rows.push([
      'Kafka produce→consume',
      'saturation (batches of 500 back to back)',
      `${fmt(kafka.max.producedPerSecond)} produced/s, ${fmt(kafka.max.consumedPerSecond)} consumed/s`,
      '–',
      '–',
      '–',
      '–',
    ]);
  return rows;
}

function postgresRows(pg: PostgresBaselineResult): Array<Array<string | number>> {
  return pg.steps.map((s) => [
    'Postgres single-row INSERT',
    `${s.clients} connection(s), closed loop`,
    `${fmt(s.rowsPerSecond)} rows/s` + (s.failed > 0 ? ` (${s.failed} failed)` : ''),
    ...latencyCells(s.latency),
  ]);
}

function minioRows(minio: MinioPutResult[]): Array<Array<string | number>> {
  return minio.map((m) => [
    'MinIO PUT',
    `${sizeLabel(m.sizeBytes)} × ${m.repetitions}`,
    `${fmt(m.medianMBps)} MB/s (median; ${m.mbPerSecond.map(fmt).join(', ')})`,
    fmt(median(m.seconds) * 1000),
    '–',
    '–',
    '–',
  ]);
}

function notes(kafka: KafkaBaselineResult, pg: PostgresBaselineResult): string[] {
  const out = [
    `Kafka: kafkajs (Parley's client) with Parley's producer settings (idempotent, acks=all, one request in flight; ` +
      `records queued while a request is in flight go out together, up to 500, as the outbox relay does) and its ` +
      `consumer's commit after every batch. Scratch topic ${kafka.topic} with ${kafka.partitions} partitions ` +
      `(as parley.messaging.events.v1 in libs/contracts/src/topics.ts). Records are ${kafka.recordBytes} bytes ` +
      `(key + headers + a ${kafka.valueBytes}-byte encoded MessageSent value). Open loop; latency from each ` +
      `record's scheduled send time to its consumption, producer and consumer in the load generator process.`,
    `Postgres: single-row INSERT transactions (autocommit; fsync ${pg.settings.fsync}, synchronous_commit ` +
      `${pg.settings.synchronousCommit}) into ${pg.table} in ${pg.database}, a copy of ` +
      `messaging's message table (same columns, ${pg.indexes.length} indexes: ${pg.indexes.map((i) => /INDEX (\S+) ON/.exec(i)?.[1] ?? i).join(', ')}), ` +
      `${pg.payloadBytes}-byte payloads; closed loop per connection.`,
    `MinIO: single PUT of fresh random bytes with the minio client (SigV4 with payload SHA-256 over plain HTTP, as ` +
      `media's client), into a scratch bucket; MB = 10^6 bytes.`,
  ];
  const worst = kafka.steps.find((s) => s.consumed < s.fired || s.failed > 0);
  if (worst)
    out.push(
      `Kafka fell behind at ${worst.offeredPerSecond} records/s: ${worst.fired - worst.consumed} of ${worst.fired} ` +
        `records were not consumed within 5 s of the last progress (${worst.failed} failed to produce).`,
    );
  const top = kafka.steps.at(-1);
  if (top) {
    out.push(
      `At ${top.offeredPerSecond} records/s the producer's acknowledgement (acks=all) takes p50 ${fmt(top.ackLatency.p50)} ms / ` +
        `p99 ${fmt(top.ackLatency.p99)} ms of the p50 ${fmt(top.latency.p50)} ms / p99 ${fmt(top.latency.p99)} ms ` +
        `produce→consume; CPU s per 1,000 records: ${busiestProcesses(top.cpuPer1000)}.`,
    );
    if (top.ackLatency.p50 < top.latency.p50 / 2)
      out.push(
        `Most of the produce→consume time is the consumer's: like KafkaBus it handles a fetch's partition ` +
          `batches one after another and commits offsets after each (commit p50 ${fmt(kafka.commitLatency.p50)} ms, ` +
          `p99 ${fmt(kafka.commitLatency.p99)} ms, up to ${kafka.partitions} partitions per fetch).`,
      );
  }
  if (kafka.max)
    out.push(
      `Kafka saturation: ${fmt(kafka.max.producedPerSecond)} records/s produced, ${fmt(kafka.max.consumedPerSecond)}/s ` +
        `consumed (one producer and one consumer in one Node process).`,
    );
  const pgErrors = pg.steps.flatMap((s) => s.errors);
  if (pgErrors.length > 0) out.push(`Postgres insert errors: ${pgErrors.join('; ')}`);
  out.push(`CPU seconds per 1,000 operations per process are in the JSON data (cpuPer1000 of each step).`);
  return out;
}

export interface B0Data {
  kafka: KafkaBaselineResult;
  postgres: PostgresBaselineResult;
  minio: MinioPutResult[];
}

export const b0Baselines: Scenario = {
  id: 'B0',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const mode = ctx.quick ? 'quick' : 'full';
    const kafka = await kafkaBaseline(ctx, B0_KAFKA_RATES[mode], KAFKA_STEP_MS[mode], {
      maxThroughputMs: KAFKA_STEP_MS[mode],
    });
    const postgres = await postgresInsertBaseline(ctx, POSTGRES_CLIENTS[mode], POSTGRES_STEP_MS[mode]);
    const minio = await minioPutBaseline(ctx, MINIO_SIZES[mode]);
    const data: B0Data = { kafka, postgres, minio };
    return {
      id: 'B0',
      title: 'Baselines: raw Kafka, Postgres and MinIO with Parley-sized records',
      table: {
        columns: ['baseline', 'load', 'throughput', 'p50 ms', 'p95 ms', 'p99 ms', 'p99.9 ms'],
        rows: [...kafkaRows(kafka), ...postgresRows(postgres), ...minioRows(minio)],
      },
      notes: notes(kafka, postgres),
      series: kafkaSeries(kafka),
      data,
    };
  },
};
