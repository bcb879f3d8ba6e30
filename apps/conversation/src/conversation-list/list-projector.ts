import type { ConversationEvent, MessagingEvent } from '@parley/contracts';
import type { OutboxRelay } from '@parley/platform';
import type { ConversationDatabase } from '../repositories/prisma.service';
import { type ListEvent, toListEvents } from './list-events';
import { ListTransaction, rowsOf } from './list-transaction';
import { withOutboxOnPg } from '../repositories/outbox';

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

  readonly handleBatch = async (events: Array<MessagingEvent | ConversationEvent>): Promise<void> => {
    const listEvents = toListEvents(events);
    for (let i = 0; i < listEvents.length; i += CHUNK) await this.applyChunk(listEvents.slice(i, i + CHUNK));
  };

  private async applyChunk(events: ListEvent[]): Promise<void> {
    await withOutboxOnPg(this.db, this.relay, async (sql, notifications) => {
      const list = new ListTransaction(sql);
      await list.lock(events.flatMap(rowsOf));
      for (const event of events) await list.apply(event);
      notifications.push(...(await list.finish()));
    });
  }
}
