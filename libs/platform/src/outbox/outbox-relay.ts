import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { KafkaBus, OutgoingEvent } from '../kafka/kafka-bus';
import { EventHeaders } from '@parley/contracts';
import { logger } from '../logging/logger';
import { reportOutboxBacklog } from '../observability/metrics';
import { currentTraceId } from '../observability/trace';
import type { Pool } from 'pg';
import { pgSql, type RawSql } from '../database/raw-sql';

const BATCH = 500;
/**
 * Bytes per publish. Kafka refuses a record batch over the broker's message.max.bytes (1 MiB by
 * default) and kafkajs sends each partition's records as one batch: a relay that tried to publish
 * 500 group messages at once (inbox positions of 500 members each, ~15 KB) was refused, retried the
 * same rows forever and held every later event back.
 */
export const MAX_PUBLISH_BYTES = 512 * 1024;

/** Consecutive runs of `rows`, each at most `maxBytes` of keys, values and headers (a larger row alone). */
export function slicesBySize(rows: OutboxRow[], maxBytes = MAX_PUBLISH_BYTES): OutboxRow[][] {
  const slices: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size =
      row.payload.length +
      Buffer.byteLength(row.key) +
      Object.entries(row.headers).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    if (current.length > 0 && bytes + size > maxBytes) {
      slices.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) slices.push(current);
  return slices;
}

/** An event committed in a service's own transaction and not yet confirmed published. */
export interface OutboxRow {
  id: bigint;
  topic: string;
  key: string;
  payload: Uint8Array;
  headers: Record<string, string>;
}

/** Where a service keeps its outbox (a table written in the same transaction as its state). */
export interface OutboxStore {
  /** The oldest pending rows, oldest first. */
  pending(limit: number): Promise<OutboxRow[]>;
  remove(ids: bigint[]): Promise<void>;
  count(): Promise<number>;
  /**
   * Runs `work` while no other relay on this outbox (another replica of the service) runs one: two
   * relays draining at once would publish the same rows twice and interleave a conversation's events.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * The outbox_event row that queues `event` in the caller's transaction (every service's table has
 * these columns). The row keeps the current trace ID: the relay publishes it later, outside the RPC.
 */
export function outboxRow(event: OutgoingEvent) {
  const traceId = event.headers[EventHeaders.traceId] ?? currentTraceId();
  const headers =
    traceId === undefined ? event.headers : { ...event.headers, [EventHeaders.traceId]: traceId };
  return { topic: event.topic, key: event.key, payload: Buffer.from(event.value), headers };
}

/** The advisory-lock key of the outbox relay (each service has a database of its own). */
const OUTBOX_LOCK_KEY = 0x7061726c6579; // "parley"

/**
 * An OutboxStore over a service's outbox_event table (the same columns in every service), in raw
 * SQL: the relay runs after every commit, so it takes the pg driver rather than Prisma. Relays of
 * several replicas take turns through a session-level advisory lock, which Postgres releases by
 * itself when the holder's connection ends (a replica killed mid-drain does not block the others).
 */
export function sqlOutbox(pool: Pool): OutboxStore {
  const db = pgSql(pool);
  return {
    pending: async (limit) =>
      db.$queryRaw<OutboxRow[]>`
        SELECT id, topic, key, payload, headers FROM outbox_event ORDER BY id LIMIT ${limit}`,
    remove: async (ids) => {
      await db.$executeRaw`DELETE FROM outbox_event WHERE id = ANY(${ids}::bigint[])`;
    },
    count: async () => {
      const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox_event`;
      return Number(row?.n ?? 0);
    },
    exclusively: async (work) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('SELECT pg_advisory_lock($1)', [OUTBOX_LOCK_KEY]);
        try {
          return await work();
        } finally {
          // A connection that cannot unlock is dropped by the pool, which releases the lock too.
          await client
            .query('SELECT pg_advisory_unlock($1)', [OUTBOX_LOCK_KEY])
            .catch((err: Error) => (broken = err));
        }
      } finally {
        client.release(broken);
      }
    },
  };
}

/** Queues `events` in the outbox_event table, in the caller's transaction (raw SQL, e.g. pgTransaction's). */
export async function insertOutboxRows(db: RawSql, events: OutgoingEvent[]): Promise<void> {
  for (const row of events.map(outboxRow))
    await db.$executeRaw`
      INSERT INTO outbox_event (topic, key, payload, headers)
      VALUES (${row.topic}, ${row.key}, ${row.payload}, ${JSON.stringify(row.headers)}::jsonb)`;
}

/**
 * Moves committed outbox rows to Kafka and deletes them once Kafka acknowledged. `flush()` runs
 * right after each commit for low latency; a timer retries anything left behind (a failed publish,
 * or a process killed between commit and publish). Rows can be published twice, never lost:
 * consumers dedupe by event ID.
 */
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private rerun = false;
  private busy = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly bus: KafkaBus,
    private readonly pollMs = 1000,
  ) {
    reportOutboxBacklog(() => this.backlog());
  }

  /** Starts with the service: publishes what a previous run left, then after every commit. */
  onApplicationBootstrap(): void {
    this.start();
  }

  /** A graceful stop ends with an empty outbox (this service's calls and batches have finished). */
  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.timer = setInterval(() => this.flush(), this.pollMs);
    void this.flush();
  }

  /** Publishes every pending row; calls made while a flush runs coalesce into one more pass. */
  flush(): Promise<void> {
    if (this.busy) {
      this.rerun = true;
      return this.running;
    }
    this.busy = true;
    this.running = this.store
      .exclusively(() => this.drain())
      .catch((err: unknown) => logger.warn({ err }, 'outbox publish failed; will retry'))
      .finally(() => {
        this.busy = false;
        if (this.rerun) {
          this.rerun = false;
          void this.flush();
        }
      });
    return this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.store.pending(BATCH);
      if (rows.length === 0) return;
      // In order, each slice deleted once Kafka has it: a failure leaves only later rows pending.
      for (const slice of slicesBySize(rows)) {
        await this.bus.publish(
          slice.map((r) => ({ topic: r.topic, key: r.key, value: r.payload, headers: r.headers })),
        );
        await this.store.remove(slice.map((r) => r.id));
      }
      if (rows.length < BATCH) return;
    }
  }

  /** Stops the timer and publishes what is left, so a graceful stop leaves an empty outbox. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.running;
  }

  backlog(): Promise<number> {
    return this.store.count();
  }
}
