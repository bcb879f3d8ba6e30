import {
  type Conversation,
  ConversationNotificationStatus,
  type ConversationType,
  Message,
} from '@parley/contracts';

/** One user's entry for one conversation (a user_conversation row), seqs as bigint. */
export interface ListRow {
  appId: string;
  userId: string;
  conversationKey: string;
  conversationId: string;
  conversationType: number;
  lastSeq: bigint;
  lastMessage: Uint8Array | null;
  orderKey: bigint;
  readSeq: bigint;
  unreadCount: number;
  deletedThroughSeq: bigint;
  settingsVersion: bigint;
  notificationStatus: number;
  isPinned: boolean;
  draft: string;
  isDisabled: boolean;
}

/** The row as Postgres returns it from a raw query (snake_case). */
export interface ListRowRecord {
  app_id: string;
  user_id: string;
  conversation_key: string;
  conversation_id: string;
  conversation_type: number;
  last_seq: bigint;
  last_message: Uint8Array | null;
  order_key: bigint;
  read_seq: bigint;
  unread_count: number;
  deleted_through_seq: bigint;
  settings_version: bigint;
  notification_status: number;
  is_pinned: boolean;
  draft: string;
  is_disabled: boolean;
}

export function fromRecord(r: ListRowRecord): ListRow {
  return {
    appId: r.app_id,
    userId: r.user_id,
    conversationKey: r.conversation_key,
    conversationId: r.conversation_id,
    conversationType: Number(r.conversation_type),
    lastSeq: BigInt(r.last_seq),
    lastMessage: r.last_message,
    orderKey: BigInt(r.order_key),
    readSeq: BigInt(r.read_seq),
    unreadCount: Number(r.unread_count),
    deletedThroughSeq: BigInt(r.deleted_through_seq),
    settingsVersion: BigInt(r.settings_version),
    notificationStatus: Number(r.notification_status),
    isPinned: r.is_pinned,
    draft: r.draft,
    isDisabled: r.is_disabled,
  };
}

export const DO_NOT_DISTURB = ConversationNotificationStatus.CONVERSATION_NOTIFICATION_STATUS_DO_NOT_DISTURB;

/** Listed once it has a message newer than the user's last deleteConversation. */
export function isVisible(row: Pick<ListRow, 'lastSeq' | 'deletedThroughSeq'>): boolean {
  return row.lastSeq > 0n && row.lastSeq > row.deletedThroughSeq;
}

export function rowKey(appId: string, userId: string, conversationKey: string): string {
  return `${appId}\u0000${userId}\u0000${conversationKey}`;
}

/** The last message as stored (its bytes, so a deletion that shows an older one counts as a change). */
function shownMessage(row: ListRow): string {
  const m = row.lastMessage;
  return m === null ? '' : Buffer.from(m.buffer, m.byteOffset, m.byteLength).toString('base64');
}

/** What the user can see of a row: two equal signatures mean no conversationChanged is due. */
export function signature(row: ListRow): string {
  return [
    isVisible(row),
    row.lastSeq,
    row.orderKey,
    shownMessage(row),
    row.unreadCount,
    row.notificationStatus,
    row.isPinned,
    row.draft,
    row.isDisabled,
  ].join('|');
}

/** Everything stored: two equal states mean the row needs no write. */
export function persistedState(row: ListRow): string {
  return [signature(row), row.readSeq, row.deletedThroughSeq, row.settingsVersion].join('|');
}

/** The client-facing conversation. `name` is the group's name (Parley keeps no user profiles for Peer). */
export function toConversation(row: ListRow, name: string): Conversation {
  return {
    conversationId: row.conversationId,
    type: row.conversationType as ConversationType,
    conversationName: name,
    unreadMessageCount: row.unreadCount,
    lastMessage: row.lastMessage ? Message.decode(row.lastMessage) : undefined,
    orderKey: Number(row.orderKey),
    notificationStatus: row.notificationStatus as ConversationNotificationStatus,
    isPinned: row.isPinned,
    draft: row.draft,
    isDisabled: row.isDisabled,
  };
}
