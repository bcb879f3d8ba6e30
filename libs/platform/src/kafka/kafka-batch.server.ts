import { randomUUID } from 'node:crypto';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { decodePayload } from '@parley/contracts';
import type { IncomingEvent, KafkaBus } from './kafka-bus';
import { logger } from '../logging/logger';
import { KafkaBatchContext } from './kafka-batch.context';

/** A consumed event: its decoded protobuf payload plus where it came from. */
export interface ConsumedEvent<T> extends Omit<IncomingEvent, 'value'> {
  payload: T;
}

/**
 * What an `@EventPattern(topic, extras)` handler asks of the Kafka batch transport: its consumer
 * group (a projection is one group; all of a group's topics are consumed together), where a new
 * group starts, and whose group it is:
 * - `service` (default): one group shared by every replica (`parley-<service>-<group>`);
 * - `replica`: one per replica, stable across its restarts (`…-<PARLEY_INSTANCE_ID>`), for a
 *   replica that must see every event (session delivers to its own clients);
 * - `process`: a new group each start, for in-memory state rebuilt from the topic (revocations).
 */
export interface ConsumerExtras {
  group: string;
  fromBeginning?: boolean;
  scope?: 'service' | 'replica' | 'process';
  /** Readiness waits for the group join (false for projections that may lag behind a crashed member). */
  waitForJoin?: boolean;
}

/**
 * Kafka for `@EventPattern` handlers, by batch. NestJS's stock Kafka transport hands handlers one
 * message at a time and commits on its own schedule; Parley's projections need a partition's whole
 * fetch in one transaction, offsets committed only after it, bounded retries and a dead-letter topic.
 * This strategy keeps those guarantees (they live in KafkaBus.consume) and lets handlers be ordinary
 * Nest event handlers, with guards, interceptors and filters. A handler receives `ConsumedEvent<T>[]`:
 * one partition's records of its topic, in offset order, payloads decoded with the topic's contract
 * (an undecodable record is logged and skipped: it can never succeed).
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  constructor(
    private readonly bus: KafkaBus,
    private readonly serviceName: string,
    private readonly instanceId: string,
  ) {
    super();
  }

  private groupIdOf({ group, scope }: ConsumerExtras): string {
    const base = `parley-${this.serviceName}-${group}`;
    if (scope === 'replica') return `${base}-${this.instanceId}`;
    if (scope === 'process') return `${base}-${randomUUID()}`;
    return base;
  }

  /** The topics and groups this process consumes, for readiness and the binding tests. */
  subscriptions(): Array<{ topic: string; extras: ConsumerExtras }> {
    return [...this.messageHandlers]
      .filter(([, handler]) => handler.isEventHandler)
      .map(([topic, handler]) => ({ topic, extras: handler.extras as ConsumerExtras }));
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      const groups = new Map<string, { extras: ConsumerExtras; topics: string[] }>();
      for (const { topic, extras } of this.subscriptions()) {
        if (!extras?.group) throw new Error(`@EventPattern('${topic}') names no consumer group`);
        const entry = groups.get(extras.group) ?? { extras, topics: [] };
        entry.topics.push(topic);
        groups.set(extras.group, entry);
      }
      for (const { extras, topics } of groups.values()) {
        const groupId = this.groupIdOf(extras);
        await this.bus.consume({
          groupId,
          topics,
          fromBeginning: extras.fromBeginning ?? true,
          waitForJoin: extras.waitForJoin,
          handleBatch: (events) => this.dispatch(groupId, events),
        });
      }
      callback();
    } catch (err) {
      callback(err);
    }
  }

  /** Decodes one partition's batch and runs its topic's handler; a rejection makes KafkaBus retry. */
  private async dispatch(groupId: string, events: IncomingEvent[]): Promise<void> {
    const topic = events[0]?.topic;
    const handler: MessageHandler | undefined = topic ? this.messageHandlers.get(topic) : undefined;
    if (!topic || !handler) return;
    const decoded: ConsumedEvent<unknown>[] = [];
    for (const { value, ...meta } of events) {
      try {
        decoded.push({ ...meta, payload: decodePayload(topic, value) });
      } catch (err) {
        logger.error(
          { err, topic, partition: meta.partition, offset: meta.offset },
          'undecodable event skipped',
        );
      }
    }
    const [first] = decoded;
    if (!first) return;
    const result = await handler(decoded, new KafkaBatchContext([groupId, topic, first.partition]));
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  async close(): Promise<void> {
    await this.bus.stopConsuming();
  }

  on(): never {
    throw new Error('KafkaBatchServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}
