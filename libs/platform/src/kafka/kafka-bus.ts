import { type Consumer, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { EventHeaders, type TopicSpec } from '@parley/contracts';
import { logger } from '../logging/logger';
import {
  kafkaBatchSeconds,
  kafkaConsumed,
  kafkaConsumerLag,
  kafkaDeadLettered,
  kafkaPublished,
} from '../observability/metrics';
import { currentTraceId, traceOfBatch, withTrace } from '../observability/trace';
import { bootStep } from '../boot/boot-step';
import { replayTopics } from './kafka-replay';
import { toIncoming } from './kafka-records';
import { ensureTopics } from './kafka-topics';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';

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

/**
 * The only code that talks to Kafka. Payloads stay binary (protobuf); producers are idempotent
 * with acks=all; consumers commit after their effect is durable and park poison batches in a DLQ.
 */
export class KafkaBus implements OnModuleInit, OnApplicationShutdown {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private readonly consumers: Consumer[] = [];

  /** `topics`: what a service writes or reads, checked (and created if missing) when the module starts. */
  constructor(
    clientId: string,
    private readonly brokers: string[],
    private readonly topics: TopicSpec[] = [],
  ) {
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

  /** Boot: topics ready, producer connected (consumers start later, with the Kafka transport). */
  async onModuleInit(): Promise<void> {
    await bootStep(`cannot reach Kafka at ${this.brokers.join(',')} (KAFKA_BROKERS)`, async () => {
      if (this.topics.length > 0) await this.ensureTopics(this.topics);
      await this.connectProducer();
    });
  }

  /** Last in a stop: consumers have left (transport closed) and outboxes have flushed before this. */
  async onApplicationShutdown(): Promise<void> {
    await this.disconnect();
  }

  /**
   * Creates missing topics and applies each spec's retention to topics that already exist (a topic
   * created before its retention was specified would otherwise keep Kafka's default).
   */
  ensureTopics(specs: TopicSpec[]): Promise<void> {
    return ensureTopics(this.kafka, specs);
  }

  /**
   * Reads `topics` from offset 0 up to their current ends under a throw-away consumer group, handing
   * each batch to `handleBatch`, and returns the end offsets reached (for setGroupOffsets). Used to
   * rebuild a projection while its service is stopped.
   */
  replay(
    topics: string[],
    handleBatch: (events: IncomingEvent[]) => Promise<void>,
    onProgress: (done: number, total: number) => void,
  ): Promise<Map<string, { partition: number; offset: string }[]>> {
    return replayTopics(this.kafka, topics, handleBatch, onProgress);
  }

  /** True when no consumer of the group is running (its offsets can then be changed). */
  async groupIsIdle(groupId: string): Promise<boolean> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      return groups.every((g) => g.members.length === 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** Points a (stopped) consumer group at the given offsets, e.g. where a replay ended. */
  async setGroupOffsets(
    groupId: string,
    ends: Map<string, { partition: number; offset: string }[]>,
  ): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const [topic, partitions] of ends) await admin.setOffsets({ groupId, topic, partitions });
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
    // Events published while serving a request (or handling a batch) carry its trace ID on.
    const traceId = currentTraceId();
    const headersOf = (e: OutgoingEvent) =>
      traceId === undefined || e.headers[EventHeaders.traceId] !== undefined
        ? e.headers
        : { ...e.headers, [EventHeaders.traceId]: traceId };
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => ({ key: e.key, value: Buffer.from(e.value), headers: headersOf(e) })),
      })),
    });
    for (const [topic, list] of byTopic) kafkaPublished.inc({ topic }, list.length);
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
    // kafkajs stops a consumer for good on a non-retriable error (e.g. "the coordinator is not aware
    // of this member" after a missed heartbeat): start it again, from the group's committed offsets.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || !this.consumers.includes(consumer)) return;
      logger.warn({ err: payload.error, groupId: opts.groupId }, 'consumer stopped by Kafka: restarting it');
      this.consumers.splice(this.consumers.indexOf(consumer), 1);
      void consumer
        .disconnect()
        .catch(() => undefined)
        .then(() => this.consume({ ...opts, waitForJoin: false }))
        .catch((err: unknown) => logger.error({ err, groupId: opts.groupId }, 'consumer restart failed'));
    });
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
          const timer = kafkaBatchSeconds.startTimer({ group: opts.groupId });
          const trace = traceOfBatch(events.map((e) => e.headers[EventHeaders.traceId]));
          const handle = () =>
            this.handleWithRetries(events, opts.handleBatch, maxAttempts, heartbeat, opts.groupId);
          await (trace === undefined ? handle() : withTrace(trace, handle));
          timer();
          kafkaConsumed.inc({ group: opts.groupId, topic: batch.topic }, events.length);
        }
        // kafkajs fetches from the last *resolved* offset: without this the partition is fetched
        // again and again (seen as a consumer that silently stops delivering under load).
        resolveOffset(batch.lastOffset());
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
        kafkaConsumerLag.set(
          { group: opts.groupId, topic: batch.topic, partition: String(batch.partition) },
          Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next))),
        );
      },
    });
    if (opts.waitForJoin !== false) await joined;
  }

  private async handleWithRetries(
    events: IncomingEvent[],
    handle: (events: IncomingEvent[]) => Promise<void>,
    maxAttempts: number,
    heartbeat: () => Promise<void>,
    groupId: string,
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
          kafkaDeadLettered.inc({ group: groupId, topic: events[0]?.topic ?? '' }, events.length);
          return;
        }
        logger.warn({ err, attempt }, 'batch failed, retrying');
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        await heartbeat();
      }
    }
  }

  /**
   * Leaves every consumer group: a batch being handled finishes and commits its offsets first. Call
   * before flushing the outbox on shutdown, so what those batches queued is published too.
   */
  async stopConsuming(): Promise<void> {
    await Promise.allSettled(this.consumers.splice(0).map((c) => c.disconnect()));
  }

  async disconnect(): Promise<void> {
    await this.stopConsuming();
    await this.producer?.disconnect();
  }
}
