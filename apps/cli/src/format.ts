// Output: human lines, JSON lines and the conversation table. Pure functions of their input.
import {
  ZIMConnectionEvent,
  ZIMConnectionState,
  type ZIMConversation,
  ZIMConversationEvent,
  ZIMConversationNotificationStatus,
  type ZIMConversationType,
  type ZIMEventHandler,
  type ZIMMessage,
  ZIMMessageDeleteType,
  ZIMMessageType,
} from '@parley/sdk';
import Table from 'cli-table3';
import { conversationTypeName, mediaTypeName } from './options';

// --- JSON ---

/** A value ready for JSON.stringify: bytes become base64 strings, bigints decimal strings. */
export function toJSONValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJSONValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJSONValue(v)]));
  }
  return value;
}

/** One line of JSON (no newline). */
export function jsonLine(value: unknown): string {
  return JSON.stringify(toJSONValue(value));
}

/** listen --json: `{ "event": name, "data": … }`. */
export function eventJSONLine(event: string, data: unknown): string {
  return jsonLine({ event, data });
}

// --- Messages ---

const KiB = 1024;
const MiB = 1024 * KiB;

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= KiB) return `${(bytes / KiB).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** `peer:alice`, `group:team`, `room:lobby`. */
export function conversationLabel(type: ZIMConversationType, id: string): string {
  return `${conversationTypeName(type)}:${id}`;
}

/** What a message says, on one line: its text, or a short description of a file or command. */
export function messagePreview(message: Pick<ZIMMessage, 'type' | 'message'> & Partial<ZIMMessage>): string {
  const text = typeof message.message === 'string' ? message.message : '';
  switch (message.type) {
    case ZIMMessageType.Text:
    case ZIMMessageType.Barrage:
      return oneLine(text);
    case ZIMMessageType.Command: {
      const size = message.message instanceof Uint8Array ? message.message.byteLength : text.length;
      return `[command, ${formatBytes(size)}]`;
    }
    case ZIMMessageType.Image:
    case ZIMMessageType.File:
    case ZIMMessageType.Audio:
    case ZIMMessageType.Video:
      return `[${mediaTypeName(message.type)} ${message.fileName || '(unnamed)'}, ${formatBytes(message.fileSize ?? 0)}]`;
    case ZIMMessageType.Custom:
      return `[custom ${message.subType ?? 0}] ${oneLine(text)}`;
    case ZIMMessageType.Revoke:
      return '[revoked]';
    default:
      return `[message type ${String(message.type)}]`;
  }
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\u21b5');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}

/** ms since the epoch → ISO 8601 (UTC); '' for 0. */
export function isoTime(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString() : '';
}

/** History and send: `#seq time sender: preview (id messageID)`. */
export function messageLine(message: ZIMMessage): string {
  return `#${message.conversationSeq} ${isoTime(message.timestamp)} ${message.senderUserID}: ${messagePreview(message)} (id ${message.messageID})`;
}

// --- Events (listen) ---

type Fields = Record<string, unknown>;

const asFields = (value: unknown): Fields =>
  value !== null && typeof value === 'object' ? (value as Fields) : {};

/** The first of `names` the payload has, as a string (events the SDK may spell ZIM's or the wire's way). */
function pick(data: Fields, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = data[name];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

/** User IDs from a list of users ({ userID }) or of IDs. */
function userIDs(data: Fields, ...names: string[]): string[] {
  for (const name of names) {
    const value = data[name];
    if (Array.isArray(value))
      return value.map((u) => (typeof u === 'string' ? u : (pick(asFields(u), 'userID', 'userId') ?? '?')));
  }
  return [];
}

const enumName = (names: Record<number, string>, value: number | undefined) =>
  value === undefined ? '?' : (names[value] ?? String(value));

/** ZIMGroupMemberEvent and ZIMGroupMemberState, by ZIM's numbers (not exported by every SDK version). */
const GROUP_MEMBER_EVENTS: Record<number, string> = { 1: 'Joined', 2: 'Left', 4: 'KickedOut', 5: 'Invited' };
const GROUP_MEMBER_STATES: Record<number, string> = { 0: 'Quit', 1: 'Enter' };

function receivedLine(event: string, data: ZIMEventHandler['receivePeerMessage']): string {
  const first = data.messageList[0];
  const where = first ? conversationLabel(first.conversationType, data.fromConversationID) : '';
  const offline = data.info.isOfflineMessage ? ' (offline)' : '';
  const messages = data.messageList
    .map((m) => `#${m.conversationSeq} ${m.senderUserID}: ${messagePreview(m)}`)
    .join(' | ');
  return `${event} ${where}${offline} ${messages}`;
}

function conversationChangeText(info: ZIMEventHandler['conversationChanged']['infoList'][number]): string {
  const c = info.conversation;
  const last = c.lastMessage ? ` last ${c.lastMessage.senderUserID}: ${messagePreview(c.lastMessage)}` : '';
  return `${enumName(ZIMConversationEvent, info.action)} ${conversationLabel(c.type, c.conversationID)} unread ${c.unreadMessageCount}${last}`;
}

/** The part of a listen line after the time and before nothing: `<event> <details>`. */
export function eventText(event: string, payload: unknown): string {
  const data = asFields(payload);
  switch (event) {
    case 'receivePeerMessage':
    case 'receiveGroupMessage':
    case 'receiveRoomMessage':
      return receivedLine(event, payload as ZIMEventHandler['receivePeerMessage']);
    case 'connectionStateChanged': {
      const d = payload as ZIMEventHandler['connectionStateChanged'];
      const extra = d.extendedData ? `: ${d.extendedData}` : '';
      return `${event} ${enumName(ZIMConnectionState, d.state)} (${enumName(ZIMConnectionEvent, d.event)})${extra}`;
    }
    case 'conversationChanged': {
      const d = payload as ZIMEventHandler['conversationChanged'];
      return `${event} ${d.infoList.map(conversationChangeText).join('; ')}`;
    }
    case 'conversationTotalUnreadMessageCountUpdated': {
      const d = payload as ZIMEventHandler['conversationTotalUnreadMessageCountUpdated'];
      return `${event} total unread ${d.totalUnreadMessageCount}`;
    }
    case 'messageDeleted': {
      const d = payload as ZIMEventHandler['messageDeleted'];
      const what =
        d.messageDeleteType === ZIMMessageDeleteType.MessageListDeleted
          ? `${d.messageList.length} message(s): ${d.messageList.map((m) => m.messageID).join(', ')}`
          : 'all messages';
      return `${event} ${conversationLabel(d.conversationType, d.conversationID)} ${what}`;
    }
    case 'messageSentStatusChanged': {
      const d = payload as ZIMEventHandler['messageSentStatusChanged'];
      return `${event} ${d.infos.map((i) => `${i.message.messageID || i.message.localMessageID} status ${i.status}${i.reason ? ` reason ${i.reason}` : ''}`).join('; ')}`;
    }
    case 'tokenWillExpire':
      return `${event} in ${pick(data, 'second') ?? '?'} s`;
    case 'error':
      return `${event} ${pick(data, 'code') ?? '?'}: ${pick(data, 'message') ?? ''}`;
    case 'groupMemberStateChanged': {
      const state = Number(pick(data, 'state'));
      const change = Number(pick(data, 'event'));
      const by =
        pick(asFields(data['operatedInfo']), 'userID') ?? pick(data, 'operatorUserID', 'operatorUserId');
      const users = userIDs(data, 'userList', 'userIDs', 'userIds');
      return `${event} group:${pick(data, 'groupID', 'groupId') ?? '?'} ${enumName(GROUP_MEMBER_EVENTS, change)} (${enumName(GROUP_MEMBER_STATES, state)}) users ${users.join(', ')}${by ? ` by ${by}` : ''}`;
    }
    case 'roomMemberJoined':
    case 'roomMemberLeft': {
      const users = userIDs(data, 'memberList', 'userList', 'userIDs', 'userIds');
      return `${event} room:${pick(data, 'roomID', 'roomId') ?? '?'} users ${users.join(', ')}`;
    }
    default:
      return `${event} ${jsonLine(payload)}`;
  }
}

/** listen's human output: `<ISO time> <event> <details>`. */
export function eventLine(event: string, payload: unknown, at: Date = new Date()): string {
  return `${at.toISOString()} ${eventText(event, payload)}`;
}

// --- Conversation list ---

export const CONVERSATION_HEAD = ['Type', 'ID', 'Name', 'Unread', 'Pinned', 'DND', 'Last message'];

/** One table row per conversation, in the list's order. */
export function conversationRows(list: ZIMConversation[]): string[][] {
  return list.map((c) => [
    conversationTypeName(c.type),
    c.conversationID,
    c.isDisabled ? `${c.conversationName} (not a member)` : c.conversationName,
    String(c.unreadMessageCount),
    c.isPinned ? 'yes' : '',
    c.notificationStatus === ZIMConversationNotificationStatus.DoNotDisturb ? 'yes' : '',
    c.lastMessage
      ? truncate(`${c.lastMessage.senderUserID}: ${messagePreview(c.lastMessage)}`, 48)
      : c.draft
        ? truncate(`draft: ${oneLine(c.draft)}`, 48)
        : '',
  ]);
}

/** The conversation list as a table, then the total unread count. */
export function conversationTable(list: ZIMConversation[], totalUnread: number): string {
  const table = new Table({ head: CONVERSATION_HEAD, style: { head: [], border: [] } });
  table.push(...conversationRows(list));
  const empty = list.length === 0 ? 'No conversations yet.\n' : '';
  return `${empty}${table.toString()}\nTotal unread: ${totalUnread}`;
}
