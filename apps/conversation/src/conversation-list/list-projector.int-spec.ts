import {
  ConversationChangeAction,
  ConversationEvent,
  ConversationNotification,
  ConversationNotificationStatus,
  ConversationType,
  conversationKey,
  Message,
  MessageType,
  MessagingEvent,
} from '@parley/contracts';
import { pgTransaction } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import { ConversationDatabase } from '../repositories/prisma.service';
import { toListEvents } from './list-events';
import { ListProjector } from './list-projector';
import { ListTransaction, rowsOf } from './list-transaction';

// The projection against the real Postgres of infra/local: redelivery, reordering across topics and
// deletions must leave exact counts.
const db = new ConversationDatabase(process.env['CONVERSATION_DATABASE_URL'] ?? '');
const projector = new ListProjector(db);
const appId = `it-${randomUUID().slice(0, 8)}`;
/** The projection's input as the Kafka transport hands it over: decoded envelopes of either topic. */
type Incoming = MessagingEvent | ConversationEvent;

function sent(from: string, to: string, seq: number, type = MessageType.MESSAGE_TYPE_TEXT): Incoming {
  const message = Message.fromPartial({
    messageId: String(1000 + seq),
    senderUserId: from,
    conversationId: to,
    conversationType: ConversationType.CONVERSATION_TYPE_PEER,
    type,
    conversationSeq: type === MessageType.MESSAGE_TYPE_COMMAND ? 0 : seq,
    text: `m${seq}`,
  });
  const key = conversationKey(ConversationType.CONVERSATION_TYPE_PEER, from, to);
  return messagingEvent({
    $case: 'messageSent',
    value: { message, conversationKey: key, inboxSeqs: { [from]: seq, [to]: seq }, senderSessionId: '' },
  });
}

function messagingEvent(event: MessagingEvent['event']): MessagingEvent {
  return { eventId: randomUUID(), occurredAt: 0, appId, event };
}

function listAction(event: ConversationEvent['event']): ConversationEvent {
  return { eventId: randomUUID(), occurredAt: 0, appId, event };
}

const peer = (viewer: string, other: string) => ({
  userId: viewer,
  conversationKey: conversationKey(ConversationType.CONVERSATION_TYPE_PEER, viewer, other),
  conversationId: other,
  conversationType: ConversationType.CONVERSATION_TYPE_PEER,
});

async function entry(userId: string, other: string) {
  return db.userConversation.findUniqueOrThrow({
    where: {
      appId_userId_conversationKey: {
        appId,
        userId,
        conversationKey: conversationKey(ConversationType.CONVERSATION_TYPE_PEER, userId, other),
      },
    },
  });
}

afterAll(() => db.$disconnect());

describe('conversation-list projection (real Postgres)', () => {
  it('counts a redelivered message once and never counts the sender’s own or a Command', async () => {
    const first = sent('ann', 'bob', 1);
    await projector.handleBatch([first, sent('ann', 'bob', 2), first]);
    await projector.handleBatch([first, sent('bob', 'ann', 0, MessageType.MESSAGE_TYPE_COMMAND)]);
    expect((await entry('bob', 'ann')).unreadCount).toBe(2);
    expect((await entry('ann', 'bob')).unreadCount).toBe(0);
    expect(Message.decode((await entry('bob', 'ann')).lastMessage ?? new Uint8Array()).text).toBe('m2');
  });

  it('gives the same counts whichever of a read and a send arrives first', async () => {
    const read = (viewer: string, other: string, readSeq: number) =>
      listAction({ $case: 'conversationRead', value: { ...peer(viewer, other), readSeq } });
    await projector.handleBatch([
      sent('cat', 'dan', 1),
      sent('cat', 'dan', 2),
      read('dan', 'cat', 2),
      sent('cat', 'dan', 3),
    ]);
    await projector.handleBatch([
      read('eve', 'fay', 2),
      sent('fay', 'eve', 1),
      sent('fay', 'eve', 2),
      sent('fay', 'eve', 3),
    ]);
    expect((await entry('dan', 'cat')).unreadCount).toBe(1);
    expect((await entry('eve', 'fay')).unreadCount).toBe(1);
    // A read position never moves back.
    await projector.handleBatch([read('dan', 'cat', 1)]);
    expect((await entry('dan', 'cat')).readSeq).toBe(2n);
  });

  it('uncounts a deleted message once, even when its MessageSent is redelivered afterwards', async () => {
    const message = sent('gus', 'hal', 1);
    const deleted = messagingEvent({
      $case: 'messagesDeleted',
      value: {
        ...peer('hal', 'gus'),
        messageIds: ['1001', '1001'],
        allThroughSeq: 0,
        deleterSessionId: '',
        lastVisibleMessage: undefined,
      },
    });
    await projector.handleBatch([message, sent('gus', 'hal', 2), deleted, deleted]);
    await projector.handleBatch([message]);
    expect((await entry('hal', 'gus')).unreadCount).toBe(1);
  });

  it('shows the newest message the user has left when the shown one is deleted, and none when none is left', async () => {
    const shown = async () => {
      const { lastMessage } = await entry('jon', 'ivy');
      return lastMessage ? Message.decode(lastMessage).text : null;
    };
    // What messaging attaches: the newest message jon still sees after the deletion, as jon sees it.
    const left = (seq: number) =>
      Message.fromPartial({
        messageId: String(1000 + seq),
        senderUserId: 'ivy',
        conversationId: 'ivy',
        conversationType: ConversationType.CONVERSATION_TYPE_PEER,
        type: MessageType.MESSAGE_TYPE_TEXT,
        conversationSeq: seq,
        text: `m${seq}`,
      });
    const deletion = (seq: number, lastVisibleMessage: Message | undefined) =>
      messagingEvent({
        $case: 'messagesDeleted',
        value: {
          ...peer('jon', 'ivy'),
          messageIds: [String(1000 + seq)],
          allThroughSeq: 0,
          deleterSessionId: '',
          lastVisibleMessage,
        },
      });
    await projector.handleBatch([sent('ivy', 'jon', 1), sent('ivy', 'jon', 2), sent('ivy', 'jon', 3)]);
    expect(await shown()).toBe('m3');
    await projector.handleBatch([deletion(2, left(3))]); // not the shown one: nothing moves
    expect(await shown()).toBe('m3');
    const deleteThird = deletion(3, left(1));
    await projector.handleBatch([deleteThird, deleteThird]);
    expect(await shown()).toBe('m1');
    expect((await entry('ivy', 'jon')).lastMessage).not.toBeNull(); // ivy deleted nothing
    await projector.handleBatch([deletion(1, undefined)]);
    expect(await shown()).toBeNull();
    await projector.handleBatch([sent('ivy', 'jon', 4)]);
    expect(await shown()).toBe('m4');
    expect((await entry('jon', 'ivy')).unreadCount).toBe(1);
    // The sender deletes her own shown message: no unread count moves, the shown message still must.
    const ivyDeletes = messagingEvent({
      $case: 'messagesDeleted',
      value: {
        ...peer('ivy', 'jon'),
        messageIds: ['1004'],
        allThroughSeq: 0,
        deleterSessionId: '',
        lastVisibleMessage: { ...left(3), conversationId: 'jon' },
      },
    });
    await projector.handleBatch([ivyDeletes]);
    const ivys = (await entry('ivy', 'jon')).lastMessage;
    expect(ivys ? Message.decode(ivys).text : null).toBe('m3');
  });

  it('disables a group entry while its user is not a member: left, kicked or dismissed, and enables it on rejoining', async () => {
    const groupId = `grp-${randomUUID().slice(0, 6)}`;
    const key = conversationKey(ConversationType.CONVERSATION_TYPE_GROUP, '', groupId);
    const members = ['kim', 'lee', 'max'];
    const message = Message.fromPartial({
      messageId: '5001',
      senderUserId: 'kim',
      conversationId: groupId,
      conversationType: ConversationType.CONVERSATION_TYPE_GROUP,
      type: MessageType.MESSAGE_TYPE_TEXT,
      conversationSeq: 1,
      text: 'hello group',
    });
    const groupMessage = messagingEvent({
      $case: 'messageSent',
      value: {
        message,
        conversationKey: key,
        inboxSeqs: Object.fromEntries(members.map((m) => [m, 1])),
        senderSessionId: '',
      },
    });
    const membership = (event: ConversationEvent['event']) => listAction(event);
    const disabled = async () => {
      const rows = await db.userConversation.findMany({
        where: { appId, conversationKey: key },
        orderBy: { userId: 'asc' },
      });
      return Object.fromEntries(rows.map((r) => [r.userId, r.isDisabled]));
    };
    const left = membership({
      $case: 'groupMemberLeft',
      value: { groupId, userIds: ['lee'], operatorUserId: 'kim', memberUserIds: ['kim', 'max'] },
    });
    await projector.handleBatch([groupMessage, left, left]);
    expect(await disabled()).toEqual({ kim: false, lee: true, max: false });
    // The entry stays listed with its history and unread count.
    expect(
      (await db.userConversation.findMany({ where: { appId, userId: 'lee', conversationKey: key } }))[0],
    ).toMatchObject({
      unreadCount: 1,
      lastSeq: 1n,
    });

    await projector.handleBatch([
      membership({
        $case: 'groupMemberJoined',
        value: { groupId, userIds: ['lee'], operatorUserId: 'kim', memberUserIds: members },
      }),
    ]);
    expect(await disabled()).toEqual({ kim: false, lee: false, max: false });

    // The projector's transaction, run here to see the notifications it would queue.
    const dismissed = membership({ $case: 'groupDismissed', value: { groupId, memberUserIds: members } });
    const notifications = await pgTransaction(db.pool, async (sql) => {
      const list = new ListTransaction(sql);
      const events = toListEvents([dismissed, dismissed]);
      await list.lock(events.flatMap(rowsOf));
      for (const event of events) await list.apply(event);
      return list.finish();
    });
    expect(await disabled()).toEqual({ kim: true, lee: true, max: true });
    const changes = notifications
      .map((n) => ConversationNotification.decode(n.value))
      .flatMap((n) => (n.event?.$case === 'conversationsChanged' ? n.event.value.changes : []));
    expect(
      changes.map((c) => [c.action, c.conversation?.conversationId, c.conversation?.isDisabled]),
    ).toEqual(
      members.map(() => [ConversationChangeAction.CONVERSATION_CHANGE_ACTION_DISABLED, groupId, true]),
    );
  });

  it('keeps the newest settings whatever order their versions arrive in', async () => {
    const settings = (version: number, isPinned: boolean) =>
      listAction({
        $case: 'conversationSettingsChanged',
        value: {
          ...peer('ivy', 'jon'),
          version,
          isPinned,
          draft: `v${version}`,
          notificationStatus: ConversationNotificationStatus.CONVERSATION_NOTIFICATION_STATUS_DO_NOT_DISTURB,
        },
      });
    await projector.handleBatch([sent('jon', 'ivy', 1), settings(2, true), settings(1, false)]);
    const e = await entry('ivy', 'jon');
    expect([e.isPinned, e.draft, e.settingsVersion]).toEqual([true, 'v2', 2n]);
    // Do-not-disturb leaves the conversation out of the stored total.
    const total = await db.unreadTotal.findUniqueOrThrow({
      where: { appId_userId: { appId, userId: 'ivy' } },
    });
    expect(total.total).toBe(0n);
  });
});
