import { type IncomingEvent, logger, type OutgoingEvent, type OutboxRelay } from '@parley/platform';
import type { ConversationDatabase } from '../repositories/prisma.service';
import { type ListEvent, toListEvents } from './list-events';
import { ListTransaction, rowsOf } from './list-transaction';
import { toOutboxRows } from '../repositories/outbox';

/** Events per database transaction: bounds lock time and the work redone after a crash. */
const CHUNK = 200;

/**
 * The conversation-list projection: consumes messaging's events and the users' own list actions,
 * keeps every user's entries and unread counts, and queues conversationChanged / total-unread
 * notifications in the outbox of the same transaction (so a crash can neither lose nor invent one).
 */
export class ListProjector {
  constructor(
    private readonly db: ConversationDatabase,
    /** Absent while rebuilding: a replay must not notify clients again. */
    private readonly relay?: OutboxRelay,
  ) {}

  readonly handleBatch = async (events: IncomingEvent[]): Promise<void> => {
    const listEvents = toListEvents(events);
    for (let i = 0; i < listEvents.length; i += CHUNK) await this.applyChunk(listEvents.slice(i, i + CHUNK));
  };

  private async applyChunk(events: ListEvent[]): Promise<void> {
    let notifications: OutgoingEvent[] = [];
    await this.db.$transaction(
      async (tx) => {
        const list = new ListTransaction(tx);
        await list.lock(events.flatMap(rowsOf));
        for (const event of events) await list.apply(event);
        notifications = await list.finish();
        if (this.relay && notifications.length > 0)
          await tx.outboxEvent.createMany({ data: toOutboxRows(notifications) });
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    if (this.relay && notifications.length > 0) {
      void this.relay.flush();
      logger.debug(
        { events: events.length, notifications: notifications.length },
        'conversation lists updated',
      );
    }
  }
}
