import type { RawSql } from '@parley/platform';
import type { RowRef } from './list-rules';
import { DO_NOT_DISTURB, type ListRow, type ListRowRecord } from './list-row';

// The conversation list's tables, in raw SQL so the statements run in a Prisma transaction (commands)
// or a pg one (the projector). Set-based: one statement per batch of entries or users.

type TotalRow = { app_id: string; user_id: string; total: bigint };

/** Creates missing entries (hidden until a message arrives) and locks them, in key order. */
export async function lockEntries(tx: RawSql, refs: RowRef[]): Promise<ListRowRecord[]> {
  const apps = refs.map((r) => r.appId);
  const users = refs.map((r) => r.userId);
  const keys = refs.map((r) => r.conversationKey);
  await tx.$executeRaw`
    INSERT INTO user_conversation (app_id, user_id, conversation_key, conversation_id, conversation_type)
    SELECT * FROM unnest(${apps}::text[], ${users}::text[], ${keys}::text[],
                         ${refs.map((r) => r.conversationId)}::text[], ${refs.map((r) => r.conversationType)}::int[])
    ON CONFLICT DO NOTHING`;
  return tx.$queryRaw<ListRowRecord[]>`
    SELECT * FROM user_conversation
    WHERE (app_id, user_id, conversation_key) IN (
      SELECT * FROM unnest(${apps}::text[], ${users}::text[], ${keys}::text[]))
    ORDER BY app_id, user_id, conversation_key
    FOR UPDATE`;
}

/** Creates missing unread_total rows and locks them, in user order: the per-user lock every writer takes. */
export async function lockTotals(
  tx: RawSql,
  users: { appId: string; userId: string }[],
): Promise<TotalRow[]> {
  const apps = users.map((u) => u.appId);
  const ids = users.map((u) => u.userId);
  await tx.$executeRaw`
    INSERT INTO unread_total (app_id, user_id)
    SELECT * FROM unnest(${apps}::text[], ${ids}::text[])
    ON CONFLICT DO NOTHING`;
  return tx.$queryRaw<TotalRow[]>`
    SELECT app_id, user_id, total FROM unread_total
    WHERE (app_id, user_id) IN (SELECT * FROM unnest(${apps}::text[], ${ids}::text[]))
    ORDER BY app_id, user_id
    FOR UPDATE`;
}

export async function writeEntry(tx: RawSql, row: ListRow): Promise<void> {
  const lastMessage = row.lastMessage ? Buffer.from(row.lastMessage) : null;
  await tx.$executeRaw`
    UPDATE user_conversation SET
      last_seq = ${row.lastSeq}, last_message = ${lastMessage}::bytea, order_key = ${row.orderKey},
      read_seq = ${row.readSeq}, unread_count = ${row.unreadCount},
      deleted_through_seq = ${row.deletedThroughSeq}, settings_version = ${row.settingsVersion},
      notification_status = ${row.notificationStatus}, is_pinned = ${row.isPinned}, draft = ${row.draft},
      is_disabled = ${row.isDisabled}
    WHERE app_id = ${row.appId} AND user_id = ${row.userId} AND conversation_key = ${row.conversationKey}`;
}

/** Each user's unread total over their entries, do-not-disturb ones left out. */
export async function unreadTotals(
  tx: RawSql,
  users: [appId: string, userId: string][],
): Promise<TotalRow[]> {
  return tx.$queryRaw<TotalRow[]>`
    SELECT u.app_id, u.user_id,
           COALESCE(SUM(c.unread_count) FILTER (WHERE c.notification_status <> ${DO_NOT_DISTURB}), 0)::bigint AS total
    FROM unnest(${users.map((p) => p[0])}::text[], ${users.map((p) => p[1])}::text[]) AS u(app_id, user_id)
    LEFT JOIN user_conversation c ON c.app_id = u.app_id AND c.user_id = u.user_id
    GROUP BY u.app_id, u.user_id`;
}

export async function storeTotal(tx: RawSql, appId: string, userId: string, total: bigint): Promise<void> {
  await tx.$executeRaw`UPDATE unread_total SET total = ${total} WHERE app_id = ${appId} AND user_id = ${userId}`;
}

/** Group names by "<app>\u0000g:<group>", for the entries of group conversations. */
export async function groupNames(tx: RawSql, groups: ListRow[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (groups.length === 0) return names;
  const found = await tx.$queryRaw<{ app_id: string; group_id: string; group_name: string }[]>`
    SELECT app_id, group_id, group_name FROM "group"
    WHERE (app_id, group_id) IN (
      SELECT * FROM unnest(${groups.map((g) => g.appId)}::text[], ${groups.map((g) => g.conversationId)}::text[]))`;
  for (const g of found) names.set(`${g.app_id}\u0000g:${g.group_id}`, g.group_name);
  return names;
}
