import {
  insertOutboxRows,
  type OutgoingEvent,
  type OutboxRelay,
  outboxRow,
  pgTransaction,
  type RawSql,
} from '@parley/platform';
import type { Prisma } from '../generated/prisma';
import type { ConversationDatabase } from './prisma.service';

/**
 * Runs `work` in one transaction and queues the events it pushes in the same transaction's outbox,
 * so a state change and its event are committed together; publishing starts right after commit.
 * Without a relay (a projection rebuild) the events are dropped: nothing is to be told again.
 */
export async function withOutbox<T>(
  db: ConversationDatabase,
  relay: OutboxRelay | undefined,
  work: (tx: Prisma.TransactionClient, events: OutgoingEvent[]) => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  const events: OutgoingEvent[] = [];
  const result = await db.$transaction(
    async (tx) => {
      events.length = 0; // in case Prisma retries the callback
      const value = await work(tx, events);
      if (relay && events.length > 0) await tx.outboxEvent.createMany({ data: events.map(outboxRow) });
      return value;
    },
    { timeout: timeoutMs, maxWait: 10_000 },
  );
  if (relay && events.length > 0) void relay.flush();
  return result;
}

/**
 * withOutbox for the list projector, on the pg driver: the projector runs a transaction per batch
 * of events, and through Prisma each of its ten or so statements cost ~0.5 ms of CPU before any SQL
 * ran (docs/benchmarks.md, "Profile"). `work` gets raw SQL only.
 */
export async function withOutboxOnPg<T>(
  db: ConversationDatabase,
  relay: OutboxRelay | undefined,
  work: (sql: RawSql, events: OutgoingEvent[]) => Promise<T>,
): Promise<T> {
  const events: OutgoingEvent[] = [];
  const result = await pgTransaction(db.pool, async (sql) => {
    const value = await work(sql, events);
    if (relay) await insertOutboxRows(sql, events);
    return value;
  });
  if (relay && events.length > 0) void relay.flush();
  return result;
}
