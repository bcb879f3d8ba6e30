import type { OutgoingEvent, OutboxRelay } from '@parley/platform';
import type { Prisma } from '../generated/prisma';
import type { ConversationDatabase } from './prisma.service';

/** Outbox rows for events written in the caller's transaction. */
export function toOutboxRows(events: OutgoingEvent[]) {
  return events.map((e) => ({
    topic: e.topic,
    key: e.key,
    payload: Buffer.from(e.value),
    headers: e.headers,
  }));
}

/**
 * Runs `work` in one transaction and queues the events it pushes in the same transaction's outbox,
 * so a state change and its event are committed together; publishing starts right after commit.
 */
export async function withOutbox<T>(
  db: ConversationDatabase,
  relay: OutboxRelay,
  work: (tx: Prisma.TransactionClient, events: OutgoingEvent[]) => Promise<T>,
): Promise<T> {
  const events: OutgoingEvent[] = [];
  const result = await db.$transaction(
    async (tx) => {
      events.length = 0; // in case Prisma retries the callback
      const value = await work(tx, events);
      if (events.length > 0) await tx.outboxEvent.createMany({ data: toOutboxRows(events) });
      return value;
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
  if (events.length > 0) void relay.flush();
  return result;
}
