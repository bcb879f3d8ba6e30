import { type ConversationChange, ConversationType, Message } from '@parley/contracts';
import type { OutgoingEvent, RawSql } from '@parley/platform';
import type { ListEvent } from './list-events';
import { groupNames, lockEntries, lockTotals, storeTotal, unreadTotals, writeEntry } from './list-store';
import {
  changeAction,
  isListed,
  NOT_COUNTED,
  notification,
  type RowRef,
  rowsOf,
  viewedId,
} from './list-rules';
import {
  persistedState,
  fromRecord,
  isVisible,
  type ListRow,
  rowKey,
  signature,
  toConversation,
} from './list-row';

/**
 * Applies list events inside one database transaction. Every step is idempotent and commutes with
 * the others where they can arrive in either order (read positions and deletions are seqs that only
 * move forward; settings carry versions), so redelivery changes nothing and a replay from offset 0
 * rebuilds the same lists. Rows are locked per user (their unread_total first, then entries, in key
 * order) so the consumer and the gRPC commands serialise per user without deadlocking.
 */
export class ListTransaction {
  private readonly rows = new Map<string, ListRow>();
  private readonly before = new Map<
    string,
    { visible: boolean; disabled: boolean; signature: string; state: string }
  >();
  private readonly totals = new Map<string, bigint>();

  /** Raw SQL only, so it runs in a Prisma transaction (commands) or a pg one (the projector). */
  constructor(private readonly tx: RawSql) {}

  /** Creates missing entries (hidden until a message arrives) and locks every entry the events touch. */
  async lock(refs: RowRef[]): Promise<void> {
    const wanted = new Map<string, RowRef>();
    for (const ref of refs) {
      const key = rowKey(ref.appId, ref.userId, ref.conversationKey);
      if (!this.rows.has(key)) wanted.set(key, ref);
    }
    if (wanted.size === 0) return;
    const sorted = [...wanted.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
    await this.lockTotals(sorted);
    for (const record of await lockEntries(this.tx, sorted)) {
      const row = fromRecord(record);
      const key = rowKey(row.appId, row.userId, row.conversationKey);
      this.rows.set(key, row);
      this.before.set(key, {
        visible: isVisible(row),
        disabled: row.isDisabled,
        signature: signature(row),
        state: persistedState(row),
      });
    }
  }

  /** Locks each user's unread_total row first: the per-user lock every writer takes, in one order. */
  private async lockTotals(refs: RowRef[]): Promise<void> {
    const users = [
      ...new Map(
        refs
          .filter((r) => !this.totals.has(`${r.appId}\u0000${r.userId}`))
          .map((r) => [`${r.appId}\u0000${r.userId}`, r]),
      ).values(),
    ];
    if (users.length === 0) return;
    for (const r of await lockTotals(this.tx, users))
      this.totals.set(`${r.app_id}\u0000${r.user_id}`, BigInt(r.total));
  }

  /** The locked entry (lock() first). */
  row(ref: Pick<RowRef, 'appId' | 'userId' | 'conversationKey'>): ListRow {
    const row = this.rows.get(rowKey(ref.appId, ref.userId, ref.conversationKey));
    if (!row) throw new Error(`entry not locked: ${ref.userId} ${ref.conversationKey}`);
    return row;
  }

  async apply(event: ListEvent): Promise<void> {
    const { appId } = event;
    switch (event.$case) {
      case 'messageSent':
        return this.messageSent(
          appId,
          event.value.message,
          event.value.inboxSeqs,
          event.value.conversationKey,
        );
      case 'messagesDeleted': {
        const { userId, conversationKey, messageIds, allThroughSeq, lastVisibleMessage } = event.value;
        const row = this.row({ appId, userId, conversationKey });
        if (allThroughSeq > 0) {
          await this.readThrough(row, BigInt(allThroughSeq));
          if (row.lastSeq <= BigInt(allThroughSeq)) row.lastMessage = null;
        } else {
          await this.deleteMessages(row, messageIds, lastVisibleMessage);
        }
        return;
      }
      case 'conversationRead':
        return this.readThrough(this.row({ appId, ...event.value }), BigInt(event.value.readSeq));
      case 'conversationDeleted': {
        const row = this.row({ appId, ...event.value });
        const through = BigInt(event.value.throughSeq);
        if (through > row.deletedThroughSeq) row.deletedThroughSeq = through;
        return this.readThrough(row, through);
      }
      // Membership events of one group arrive in order (keyed by group), so the last one wins.
      case 'groupMemberJoined':
      case 'groupMemberLeft':
      case 'groupDismissed':
        for (const ref of rowsOf(event)) this.row(ref).isDisabled = event.$case !== 'groupMemberJoined';
        return;
      case 'conversationSettingsChanged': {
        const s = event.value;
        const row = this.row({ appId, ...s });
        if (BigInt(s.version) <= row.settingsVersion) return;
        row.settingsVersion = BigInt(s.version);
        row.notificationStatus = s.notificationStatus;
        row.isPinned = s.isPinned;
        row.draft = s.draft;
        return;
      }
    }
  }

  private async messageSent(
    appId: string,
    message: Message | undefined,
    inboxSeqs: Record<string, number>,
    conversationKey: string,
  ): Promise<void> {
    if (!message || !isListed(message)) return;
    const seq = BigInt(message.conversationSeq);
    const messageId = BigInt(message.messageId);
    const unreadFor: string[] = [];
    for (const userId of Object.keys(inboxSeqs)) {
      const row = this.row({ appId, userId, conversationKey });
      if (seq > row.lastSeq) {
        row.lastSeq = seq;
        row.orderKey = messageId;
        const view = {
          ...message,
          conversationId: viewedId(message, userId),
          inboxSeq: inboxSeqs[userId] ?? 0,
        };
        row.lastMessage = Message.encode(view).finish();
      }
      const counts =
        !NOT_COUNTED.has(message.type) &&
        userId !== message.senderUserId &&
        seq > row.readSeq &&
        seq > row.deletedThroughSeq;
      if (counts) unreadFor.push(userId);
    }
    if (unreadFor.length === 0) return;
    // One row per (user, message): a redelivered event inserts nothing, a deleted message never comes back.
    const inserted = await this.tx.$queryRaw<{ user_id: string }[]>`
      INSERT INTO unread_message (app_id, user_id, conversation_key, seq, message_id)
      SELECT ${appId}, u.user_id, ${conversationKey}, ${seq}, ${messageId}
      FROM unnest(${unreadFor}::text[]) AS u(user_id)
      WHERE NOT EXISTS (
        SELECT 1 FROM deleted_message d
        WHERE d.app_id = ${appId} AND d.user_id = u.user_id AND d.message_id = ${messageId})
      ON CONFLICT DO NOTHING
      RETURNING user_id`;
    for (const { user_id } of inserted)
      this.row({ appId, userId: user_id, conversationKey }).unreadCount += 1;
  }

  /** Moves the read position forward; unread messages at or before it stop counting. */
  private async readThrough(row: ListRow, seq: bigint): Promise<void> {
    if (seq <= row.readSeq) return;
    row.readSeq = seq;
    const removed = await this.tx.$executeRaw`
      DELETE FROM unread_message
      WHERE app_id = ${row.appId} AND user_id = ${row.userId}
        AND conversation_key = ${row.conversationKey} AND seq <= ${seq}`;
    row.unreadCount = Math.max(0, row.unreadCount - removed);
  }

  private async deleteMessages(
    row: ListRow,
    messageIds: string[],
    lastVisible: Message | undefined,
  ): Promise<void> {
    const ids = messageIds.filter((id) => /^\d{1,19}$/.test(id)).map((id) => BigInt(id));
    if (ids.length === 0) return;
    await this.tx.$executeRaw`
      INSERT INTO deleted_message (app_id, user_id, message_id)
      SELECT ${row.appId}, ${row.userId}, id FROM unnest(${ids}::bigint[]) AS t(id)
      ON CONFLICT DO NOTHING`;
    const removed = await this.tx.$executeRaw`
      DELETE FROM unread_message
      WHERE app_id = ${row.appId} AND user_id = ${row.userId}
        AND conversation_key = ${row.conversationKey} AND message_id = ANY(${ids}::bigint[])`;
    row.unreadCount = Math.max(0, row.unreadCount - removed);
    // The shown message was deleted: show the newest one the user has left (messaging found it when
    // deleting). The order key stays: the conversation keeps its place in the list.
    if (row.lastMessage && messageIds.includes(Message.decode(row.lastMessage).messageId))
      row.lastMessage = lastVisible ? Message.encode(lastVisible).finish() : null;
  }

  /**
   * Writes changed entries and the totals that moved, and returns the notifications they call for:
   * one conversationChanged batch per user and a total-unread event only when the number changed.
   */
  async finish(): Promise<OutgoingEvent[]> {
    const changedByUser = new Map<string, ListRow[]>();
    for (const [key, row] of this.rows) {
      const before = this.before.get(key);
      if (!before || before.state === persistedState(row)) continue;
      await this.write(row);
      if (before.signature === signature(row)) continue; // e.g. a read position with nothing unread
      const user = `${row.appId}\u0000${row.userId}`;
      changedByUser.set(user, [...(changedByUser.get(user) ?? []), row]);
    }
    const notifications: OutgoingEvent[] = [];
    const names = await this.groupNames([...changedByUser.values()].flat());
    for (const [user, rows] of changedByUser) {
      const changes: ConversationChange[] = [];
      for (const row of rows) {
        const before = this.before.get(rowKey(row.appId, row.userId, row.conversationKey));
        const action = changeAction(before, row);
        if (action === undefined) continue;
        const name = names.get(`${row.appId}\u0000${row.conversationKey}`) ?? '';
        changes.push({ action, conversation: toConversation(row, name) });
      }
      const [appId = '', userId = ''] = user.split('\u0000');
      if (changes.length > 0)
        notifications.push(
          notification(appId, userId, { $case: 'conversationsChanged', value: { changes } }),
        );
    }
    for (const [user, total] of await this.newTotals([...changedByUser.keys()])) {
      const [appId = '', userId = ''] = user.split('\u0000');
      notifications.push(
        notification(appId, userId, {
          $case: 'totalUnreadUpdated',
          value: { totalUnreadMessageCount: Number(total) },
        }),
      );
    }
    return notifications;
  }

  private write(row: ListRow): Promise<void> {
    return writeEntry(this.tx, row);
  }

  /** Recomputes each user's total (do-not-disturb left out); returns and stores those that changed. */
  private async newTotals(users: string[]): Promise<Map<string, bigint>> {
    const changed = new Map<string, bigint>();
    if (users.length === 0) return changed;
    const pairs = users.map((u) => u.split('\u0000') as [string, string]);
    for (const s of await unreadTotals(this.tx, pairs)) {
      const user = `${s.app_id}\u0000${s.user_id}`;
      const total = BigInt(s.total);
      if (this.totals.get(user) === total) continue;
      this.totals.set(user, total);
      changed.set(user, total);
      await storeTotal(this.tx, s.app_id, s.user_id, total);
    }
    return changed;
  }

  private groupNames(rows: ListRow[]): Promise<Map<string, string>> {
    return groupNames(
      this.tx,
      rows.filter((r) => r.conversationType === ConversationType.CONVERSATION_TYPE_GROUP),
    );
  }
}

export { rowsOf, type RowRef };
