// B0 Kafka baseline: what kafkajs alone does with records of MessageSent's size, on the same broker,
// with Parley's producer settings (idempotent, acks=all, one request in flight) and its consumer's
// commit-per-batch, to a scratch topic partitioned like parley.messaging.events.v1.
import { EventHeaders, Topics, topicSpecs } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import { type Consumer, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { LatencyRecorder, type LatencySummary } from '../load/latency';
import { openLoop } from '../load/open-loop';
import { type BenchContext, type CpuSample, cpuPer1000 } from '../types';
import { sleep } from './shared';
import { type EventRecord, typicalMessageSent } from './typical-message';

const SCRATCH_TOPIC = 'parley-bench.kafka-baseline';
/** The outbox relay publishes up to this many rows per request (libs/platform/src/outbox/outbox-relay.ts). */
const RELAY_BATCH = 500;
/** Records of one step still unconsumed after this long without progress count as lost. */
const STALL_MS = 5_000;

export interface KafkaStepResult {
  offeredPerSecond: number;
  durationMs: number;
  fired: number;
  produced: number;
  consumed: number;
  failed: number;
  /** Acknowledged records over the time from the step's start to the last acknowledgement. */
  producedPerSecond: number;
  /** Consumed records over the time from the step's start to the last one consumed. */
  consumedPerSecond: number;
  /** Produce→consume, from each record's scheduled send time. */
  latency: LatencySummary;
  /** Scheduled send time → the broker's acknowledgement (acks=all), the produce half of `latency`. */
  ackLatency: LatencySummary;
  generatorMaxLagMs: number;
  cpuPer1000: CpuSample;
}

export interface KafkaBaselineResult {
  topic: string;
  partitions: number;
  /** Value bytes of one record: an encoded MessageSent envelope. */
  valueBytes: number;
  /** Key + value + header bytes of one record. */
  recordBytes: number;
  steps: KafkaStepResult[];
  /** The consumer's offset commit after each partition batch, over the whole run. */
  commitLatency: LatencySummary;
  /** Back-to-back batches of RELAY_BATCH with one request in flight, as fast as the broker acknowledges. */
  max?: {
    durationMs: number;
    produced: number;
    consumed: number;
    producedPerSecond: number;
    consumedPerSecond: number;
  };
}

/** One step's bookkeeping: when each record was scheduled, and what came back. */
interface Step {
  /** Records base … base + limit - 1 belong to this step. */
  base: number;
  limit: number;
  scheduledAt: number[];
  latency: LatencyRecorder;
  ackLatency: LatencyRecorder;
  startedAt: number;
  produced: number;
  failed: number;
  consumed: number;
  lastAckAt: number;
  lastConsumedAt: number;
}

function newStep(base: number, limit: number): Step {
  return {
    base,
    limit,
    scheduledAt: [],
    latency: new LatencyRecorder(),
    ackLatency: new LatencyRecorder(),
    startedAt: performance.now(),
    produced: 0,
    failed: 0,
    consumed: 0,
    lastAckAt: 0,
    lastConsumedAt: 0,
  };
}

/**
 * Produce→consume through kafkajs at each offered rate (open loop, `durationMs` per rate), plus a
 * saturation run when `maxThroughputMs` is given. Records carry their number in the trace-id header
 * (same length as Parley's UUID trace IDs) so the consumer can find their scheduled time.
 */
export async function kafkaBaseline(
  ctx: BenchContext,
  rates: number[],
  durationMs: number,
  options: { maxThroughputMs?: number } = {},
): Promise<KafkaBaselineResult> {
  const template = typicalMessageSent(ctx.appID);
  const partitions = topicSpecs([Topics.messagingEvents])[0]?.numPartitions ?? 4;
  const runId = randomUUID().slice(0, 8);
  const kafka = new Kafka({ clientId: 'parley-bench', brokers: ctx.kafkaBrokers, logLevel: logLevel.ERROR });
  await ensureScratchTopic(kafka, partitions);

  // Record n of this run: a key among 64 conversations (spread over the partitions), n in the trace header.
  const recordOf = (n: number): EventRecord & { partitionKey: string } => ({
    ...template,
    partitionKey: `${template.key.slice(0, -4)}${String(n % 64).padStart(4, '0')}`,
    headers: { ...template.headers, [EventHeaders.traceId]: `${runId}-${n}`.padEnd(36, '.') },
  });
  const numberOf = (trace: string): number | undefined =>
    trace.startsWith(`${runId}-`) ? Number.parseInt(trace.slice(runId.length + 1), 10) : undefined;

  let current: Step | undefined;
  const onConsumed = (n: number) => {
    const step = current;
    if (!step || n < step.base || n >= step.base + step.limit) return;
    const now = performance.now();
    step.latency.recordMs(now - (step.scheduledAt[n - step.base] ?? now));
    step.consumed++;
    step.lastConsumedAt = now;
  };

  const groupId = `parley-bench-kafka-${runId}`;
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const sender = new CoalescingSender(producer);
  const commitLatency = new LatencyRecorder();
  try {
    await producer.connect();
    await startConsumer(
      consumer,
      (trace) => {
        const n = numberOf(trace);
        if (n !== undefined) onConsumed(n);
      },
      commitLatency,
    );

    // Warm-up: a new group starts at the log end once it first fetches; until a probe comes back,
    // records could land before that position and be missed.
    let next = 0;
    const probe = newStep(0, Number.POSITIVE_INFINITY);
    current = probe;
    const warmUntil = Date.now() + 30_000;
    while (probe.consumed === 0 && Date.now() < warmUntil) {
      probe.scheduledAt[next] = performance.now();
      sender.push(next, toMessage(recordOf(next)), probe);
      next++;
      await sleep(200);
    }
    if (probe.consumed === 0) throw new Error('Kafka baseline: the consumer never received a probe record');
    await sleep(500);

    const steps: KafkaStepResult[] = [];
    for (const rate of rates) {
      ctx.progress(`kafka baseline: ${rate} records/s for ${durationMs / 1000} s`);
      const count = Math.floor((rate * durationMs) / 1000);
      const step = newStep(next, count);
      next += count;
      current = step;
      const cpuBefore = ctx.cpu.sample();
      const loop = await openLoop({
        ratePerSecond: rate,
        durationMs,
        fire: (i, at) => {
          step.scheduledAt[i] = at;
          sender.push(step.base + i, toMessage(recordOf(step.base + i)), step);
        },
      });
      await drained(step, count);
      const cpuAfter = ctx.cpu.sample();
      steps.push({
        offeredPerSecond: rate,
        durationMs,
        fired: loop.fired,
        produced: step.produced,
        consumed: step.consumed,
        failed: step.failed,
        producedPerSecond: perSecond(step.produced, step.lastAckAt - step.startedAt),
        consumedPerSecond: perSecond(step.consumed, step.lastConsumedAt - step.startedAt),
        latency: step.latency.summary(),
        ackLatency: step.ackLatency.summary(),
        generatorMaxLagMs: loop.maxLagMs,
        cpuPer1000: cpuPer1000(cpuBefore, cpuAfter, step.consumed),
      });
    }

    let max: KafkaBaselineResult['max'];
    if (options.maxThroughputMs) {
      ctx.progress(`kafka baseline: saturation for ${options.maxThroughputMs / 1000} s`);
      const step = newStep(next, Number.POSITIVE_INFINITY);
      current = step;
      // Batches go out back to back; each record is "scheduled" when its batch is built.
      while (performance.now() - step.startedAt < options.maxThroughputMs) {
        const batch: Queued[] = [];
        const at = performance.now();
        for (let i = 0; i < RELAY_BATCH; i++, next++) {
          step.scheduledAt[next - step.base] = at;
          batch.push({ n: next, message: toMessage(recordOf(next)), step });
        }
        await sender.send(batch);
      }
      await drained(step, step.produced);
      max = {
        durationMs: options.maxThroughputMs,
        produced: step.produced,
        consumed: step.consumed,
        producedPerSecond: perSecond(step.produced, step.lastAckAt - step.startedAt),
        consumedPerSecond: perSecond(step.consumed, step.lastConsumedAt - step.startedAt),
      };
    }
    current = undefined;
    const recordBytes =
      Buffer.byteLength(template.key) +
      template.value.length +
      Object.entries(template.headers).reduce(
        (sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v),
        0,
      );
    return {
      topic: SCRATCH_TOPIC,
      partitions,
      valueBytes: template.value.length,
      recordBytes,
      steps,
      commitLatency: commitLatency.summary(),
      max,
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    // The scratch group is of no further use; a failure here must not hide the run's own error.
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([groupId]))
      .catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

const perSecond = (count: number, ms: number) => (ms > 0 ? (count * 1000) / ms : 0);

const toMessage = (r: EventRecord & { partitionKey: string }) => ({
  key: r.partitionKey,
  value: r.value,
  headers: r.headers,
});

/** Waits until `expected` records of the step were consumed, or nothing arrived for STALL_MS. */
async function drained(step: Step, expected: number): Promise<void> {
  let seen = -1;
  let since = Date.now();
  while (step.consumed < expected) {
    if (step.consumed !== seen) [seen, since] = [step.consumed, Date.now()];
    else if (Date.now() - since > STALL_MS) return;
    await sleep(20);
  }
}

async function ensureScratchTopic(kafka: Kafka, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(SCRATCH_TOPIC)) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: SCRATCH_TOPIC,
          numPartitions: partitions,
          replicationFactor: -1,
          // Scratch data: an hour is plenty, and keeps repeated runs from filling the disk.
          configEntries: [{ name: 'retention.ms', value: String(3600 * 1000) }],
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

/** Consumes like KafkaBus.consume: manual offsets, committed after each batch. */
async function startConsumer(
  consumer: Consumer,
  onRecord: (trace: string) => void,
  commitLatency: LatencyRecorder,
): Promise<void> {
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [SCRATCH_TOPIC], fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, isRunning, isStale }) => {
      if (!isRunning() || isStale()) return;
      for (const m of batch.messages) {
        const trace = m.headers?.[EventHeaders.traceId];
        if (trace !== undefined) onRecord(trace.toString());
      }
      resolveOffset(batch.lastOffset());
      const offset = (BigInt(batch.lastOffset()) + 1n).toString();
      const t0 = performance.now();
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset }]);
      commitLatency.recordMs(performance.now() - t0);
    },
  });
  await joined;
}

interface Queued {
  n: number;
  message: ReturnType<typeof toMessage>;
  step: Step;
}

/**
 * Sends what was queued while the previous request was in flight as the next request (up to
 * RELAY_BATCH records), like the outbox relay's coalescing flushes; one request in flight.
 */
class CoalescingSender {
  private readonly queue: Queued[] = [];
  private busy = false;

  constructor(private readonly producer: Producer) {}

  push(n: number, message: ReturnType<typeof toMessage>, step: Step): void {
    this.queue.push({ n, message, step });
    if (!this.busy) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    while (this.queue.length > 0) await this.send(this.queue.splice(0, RELAY_BATCH));
    this.busy = false;
  }

  async send(batch: Queued[]): Promise<void> {
    try {
      await this.producer.send({ topic: SCRATCH_TOPIC, acks: -1, messages: batch.map((b) => b.message) });
      const now = performance.now();
      for (const b of batch) {
        b.step.produced++;
        b.step.lastAckAt = now;
        b.step.ackLatency.recordMs(now - (b.step.scheduledAt[b.n - b.step.base] ?? now));
      }
    } catch {
      for (const b of batch) b.step.failed++;
    }
  }
}
