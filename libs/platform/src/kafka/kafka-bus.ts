import {
  type Consumer,
  type IHeaders,
  Kafka,
  type KafkaMessage,
  logLevel,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { TopicSpec } from '@parley/contracts';
import { logger } from '../logging/logger';

export interface OutgoingEvent {
  topic: string;
  key: string;
  value: Uint8Array;
  headers: Record<string, string>;
}

export interface IncomingEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

export interface ConsumeOptions {
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  /** Handles one batch of one partition; offsets are committed only after it resolves. */
  handleBatch: (events: IncomingEvent[]) => Promise<void>;
  /** Attempts per batch before its events go to the dead-letter topic `<topic>.dlq`. */
  maxAttempts?: number;
}

const KAFKAJS_TO_PINO = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
  [logLevel.NOTHING]: 'silent',
} as const;

function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}

function toIncoming(topic: string, partition: number, m: KafkaMessage): IncomingEvent {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key?.toString() ?? null,
    value: m.value ?? Buffer.alloc(0),
    headers: headersOf(m.headers),
  };
}

/**
 * The only code that talks to Kafka. Payloads stay binary (protobuf); producers are idempotent
 * with acks=all; consumers commit after their effect is durable and park poison batches in a DLQ.
 */
export class KafkaBus {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private readonly consumers: Consumer[] = [];

  constructor(clientId: string, brokers: string[]) {
    this.kafka = new Kafka({
      clientId,
      brokers,
      connectionTimeout: 3000,
      logLevel: logLevel.WARN,
      logCreator: () => (entry) => {
        const level = KAFKAJS_TO_PINO[entry.level as keyof typeof KAFKAJS_TO_PINO] ?? 'info';
        if (level !== 'silent') logger[level]({ kafka: entry.namespace, ...entry.log }, entry.log.message);
      },
    });
  }

  /** Creates missing topics (existing ones are left as they are). */
  async ensureTopics(specs: TopicSpec[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.topic));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((s) => ({
            topic: s.topic,
            numPartitions: s.numPartitions,
            replicationFactor: -1,
            configEntries: s.retentionMs ? [{ name: 'retention.ms', value: String(s.retentionMs) }] : [],
          })),
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  async connectProducer(): Promise<void> {
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Murmur2, as Java clients: the same key lands on the same partition whoever produces it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
  }

  /** Appends events, grouped per topic in one request each; resolves once every broker acknowledged (acks=all). */
  async publish(events: OutgoingEvent[]): Promise<void> {
    if (!this.producer) throw new Error('KafkaBus.publish before connectProducer');
    const byTopic = new Map<string, OutgoingEvent[]>();
    for (const e of events) {
      const list = byTopic.get(e.topic);
      if (list) list.push(e);
      else byTopic.set(e.topic, [e]);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => ({ key: e.key, value: Buffer.from(e.value), headers: e.headers })),
      })),
    });
  }

  /**
   * Starts a consumer. Resolves once it has joined its group when `waitForJoin` (the default), so
   * readiness can wait for it; a replacement for a crashed member may wait for the group to notice
   * the old one is gone (the session timeout), so projections that may lag start without waiting.
   */
  async consume(opts: ConsumeOptions & { waitForJoin?: boolean }): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: opts.groupId,
      allowAutoTopicCreation: false,
      // A crashed member is dropped from its group after 10 s (kafkajs defaults to 30 s).
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
    });
    this.consumers.push(consumer);
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics: opts.topics, fromBeginning: opts.fromBeginning });
    const maxAttempts = opts.maxAttempts ?? 5;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale()) return;
        if (batch.messages.length > 0) {
          const events = batch.messages.map((m) => toIncoming(batch.topic, batch.partition, m));
          await this.handleWithRetries(events, opts.handleBatch, maxAttempts, heartbeat);
        }
        // kafkajs fetches from the last *resolved* offset: without this the partition is fetched
        // again and again (seen as a consumer that silently stops delivering under load).
        resolveOffset(batch.lastOffset());
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      },
    });
    if (opts.waitForJoin !== false) await joined;
  }

  private async handleWithRetries(
    events: IncomingEvent[],
    handle: (events: IncomingEvent[]) => Promise<void>,
    maxAttempts: number,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await handle(events);
        return;
      } catch (err) {
        if (attempt >= maxAttempts) {
          logger.error(
            { err, topic: events[0]?.topic, offsets: events.map((e) => e.offset) },
            'batch failed repeatedly: sent to dead-letter topic',
          );
          await this.publish(
            events.map((e) => ({
              topic: `${e.topic}.dlq`,
              key: e.key ?? '',
              value: e.value,
              headers: e.headers,
            })),
          );
          return;
        }
        logger.warn({ err, attempt }, 'batch failed, retrying');
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        await heartbeat();
      }
    }
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.disconnect()));
    await this.producer?.disconnect();
  }
}
