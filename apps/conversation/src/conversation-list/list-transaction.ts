import {
  ConversationChangeAction,
  type ConversationChange,
  ConversationNotification,
  ConversationType,
  conversationKey as keyOf,
  EventHeaders,
  Message,
  MessageType,
  peerConversationIdFor,
  Topics,
} from '@parley/contracts';
import type { OutgoingEvent, RawSql } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import type { ListEvent } from './list-events';
import {
  DO_NOT_DISTURB,
  persistedState,
  fromRecord,
  isVisible,
  type ListRow,
  type ListRowRecord,
  rowKey,
  signature,
  toConversation,
} from './list-row';

/** A user's entry an event touches, with how that user names the conversation. */
export interface RowRef {
  appId: string;
  userId: string;
  conversationKey: string;
  conversationId: string;
  conversationType: number;
}

/** Messages that never reach a conversation list or an unread count. */
const NOT_COUNTED = new Set([MessageType.MESSAGE_TYPE_COMMAND, MessageType.MESSAGE_TYPE_BARRAGE]);

/** The entries a list event changes. */
export function rowsOf(event: ListEvent): RowRef[] {
  const { appId } = event;
  switch (event.$case) {
    case 'messageSent': {
      const { message, conversationKey, inboxSeqs } = event.value;
      if (!message || !isListed(message)) return [];
      return Object.keys(inboxSeqs).map((userId) => ({
        appId,
        userId,
        conversationKey,
        conversationId: viewedId(message, userId),
        conversationType: message.conversationType,
      }));
    }
    case 'groupMemberJoined':
    case 'groupMemberLeft':
      return groupEntries(appId, event.value.groupId, event.value.userIds);
    case 'groupDismissed':
      return groupEntries(appId, event.value.groupId, event.value.memberUserIds);
    default: {
      const { userId, conversationKey, conversationId, conversationType } = event.value;
      return [{ appId, userId, conversationKey, conversationId, conversationType }];
    }
  }
}

function groupEntries(appId: string, groupId: string, userIds: string[]): RowRef[] {
  const conversationType = ConversationType.CONVERSATION_TYPE_GROUP;
  const conversationKey = keyOf(conversationType, '', groupId);
  return userIds.map((userId) => ({
    appId,
    userId,
    conversationKey,
    conversationId: groupId,
    conversationType,
  }));
}

/** Stored (seq > 0) messages of Peer and Group conversations; rooms never make list entries. */
function isListed(message: Message): boolean {
  return message.conversationSeq > 0 && message.conversationType !== ConversationType.CONVERSATION_TYPE_ROOM;
}

function viewedId(message: Message, viewer: string): string {
  return message.conversationType === ConversationType.CONVERSATION_TYPE_PEER
    ? peerConversationIdFor(viewer, message.senderUserId, message.conversationId)
    : message.conversationId;
}

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
    const apps = sorted.map((r) => r.appId);
    const users = sorted.map((r) => r.userId);
    const keys = sorted.map((r) => r.conversationKey);
    await this.tx.$executeRaw`
      INSERT INTO user_conversation (app_id, user_id, conversation_key, conversation_id, conversation_type)
      SELECT * FROM unnest(${apps}::text[], ${users}::text[], ${keys}::text[],
                           ${sorted.map((r) => r.conversationId)}::text[], ${sorted.map((r) => r.conversationType)}::int[])
      ON CONFLICT DO NOTHING`;
    const records = await this.tx.$queryRaw<ListRowRecord[]>`
      SELECT * FROM user_conversation
      WHERE (app_id, user_id, conversation_key) IN (
        SELECT * FROM unnest(${apps}::text[], ${users}::text[], ${keys}::text[]))
      ORDER BY app_id, user_id, conversation_key
      FOR UPDATE`;
    for (const record of records) {
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
    const apps = users.map((u) => u.appId);
    const ids = users.map((u) => u.userId);
    await this.tx.$executeRaw`
      INSERT INTO unread_total (app_id, user_id)
      SELECT * FROM unnest(${apps}::text[], ${ids}::text[])
      ON CONFLICT DO NOTHING`;
    const rows = await this.tx.$queryRaw<{ app_id: string; user_id: string; total: bigint }[]>`
      SELECT app_id, user_id, total FROM unread_total
      WHERE (app_id, user_id) IN (SELECT * FROM unnest(${apps}::text[], ${ids}::text[]))
      ORDER BY app_id, user_id
      FOR UPDATE`;
    for (const r of rows) this.totals.set(`${r.app_id}\u0000${r.user_id}`, BigInt(r.total));
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

  private async write(row: ListRow): Promise<void> {
    const lastMessage = row.lastMessage ? Buffer.from(row.lastMessage) : null;
    await this.tx.$executeRaw`
      UPDATE user_conversation SET
        last_seq = ${row.lastSeq}, last_message = ${lastMessage}::bytea, order_key = ${row.orderKey},
        read_seq = ${row.readSeq}, unread_count = ${row.unreadCount},
        deleted_through_seq = ${row.deletedThroughSeq}, settings_version = ${row.settingsVersion},
        notification_status = ${row.notificationStatus}, is_pinned = ${row.isPinned}, draft = ${row.draft},
        is_disabled = ${row.isDisabled}
      WHERE app_id = ${row.appId} AND user_id = ${row.userId} AND conversation_key = ${row.conversationKey}`;
  }

  /** Recomputes each user's total (do-not-disturb left out); returns and stores those that changed. */
  private async newTotals(users: string[]): Promise<Map<string, bigint>> {
    const changed = new Map<string, bigint>();
    if (users.length === 0) return changed;
    const pairs = users.map((u) => u.split('\u0000') as [string, string]);
    const sums = await this.tx.$queryRaw<{ app_id: string; user_id: string; total: bigint }[]>`
      SELECT u.app_id, u.user_id,
             COALESCE(SUM(c.unread_count) FILTER (WHERE c.notification_status <> ${DO_NOT_DISTURB}), 0)::bigint AS total
      FROM unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) AS u(app_id, user_id)
      LEFT JOIN user_conversation c ON c.app_id = u.app_id AND c.user_id = u.user_id
      GROUP BY u.app_id, u.user_id`;
    for (const s of sums) {
      const user = `${s.app_id}\u0000${s.user_id}`;
      const total = BigInt(s.total);
      if (this.totals.get(user) === total) continue;
      this.totals.set(user, total);
      changed.set(user, total);
      await this.tx.$executeRaw`
        UPDATE unread_total SET total = ${total} WHERE app_id = ${s.app_id} AND user_id = ${s.user_id}`;
    }
    return changed;
  }

  private async groupNames(rows: ListRow[]): Promise<Map<string, string>> {
    const groups = rows.filter((r) => r.conversationType === ConversationType.CONVERSATION_TYPE_GROUP);
    const names = new Map<string, string>();
    if (groups.length === 0) return names;
    const found = await this.tx.$queryRaw<{ app_id: string; group_id: string; group_name: string }[]>`
      SELECT app_id, group_id, group_name FROM "group"
      WHERE (app_id, group_id) IN (
        SELECT * FROM unnest(${groups.map((g) => g.appId)}::text[], ${groups.map((g) => g.conversationId)}::text[]))`;
    for (const g of found) names.set(`${g.app_id}\u0000g:${g.group_id}`, g.group_name);
    return names;
  }
}

function changeAction(
  before: { visible: boolean; disabled: boolean } | undefined,
  row: ListRow,
): ConversationChangeAction | undefined {
  const wasVisible = before?.visible ?? false;
  const isNowVisible = isVisible(row);
  if (!wasVisible && isNowVisible) return ConversationChangeAction.CONVERSATION_CHANGE_ACTION_ADDED;
  if (wasVisible && isNowVisible && row.isDisabled && !before?.disabled)
    return ConversationChangeAction.CONVERSATION_CHANGE_ACTION_DISABLED;
  if (wasVisible && isNowVisible) return ConversationChangeAction.CONVERSATION_CHANGE_ACTION_UPDATED;
  if (wasVisible && !isNowVisible) return ConversationChangeAction.CONVERSATION_CHANGE_ACTION_DELETED;
  return undefined;
}

function notification(
  appId: string,
  userId: string,
  event: ConversationNotification['event'],
): OutgoingEvent {
  return {
    topic: Topics.conversationNotifications,
    key: `${appId}/${userId}`,
    value: ConversationNotification.encode({
      eventId: randomUUID(),
      occurredAt: Date.now(),
      appId,
      userId,
      event,
    }).finish(),
    headers: { [EventHeaders.eventType]: event?.$case ?? '' },
  };
}
