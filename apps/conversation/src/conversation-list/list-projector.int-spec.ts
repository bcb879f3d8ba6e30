import {
  ConversationEvent,
  ConversationNotificationStatus,
  ConversationType,
  conversationKey,
  Message,
  MessageType,
  MessagingEvent,
  Topics,
} from '@parley/contracts';
import type { IncomingEvent } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import { ConversationDatabase } from '../repositories/prisma.service';
import { ListProjector } from './list-projector';

// The projection against the real Postgres of infra/local: redelivery, reordering across topics and
// deletions must leave exact counts.
const db = new ConversationDatabase(process.env['CONVERSATION_DATABASE_URL'] ?? '');
const projector = new ListProjector(db);
const appId = `it-${randomUUID().slice(0, 8)}`;
let offset = 0;

function incoming(topic: string, value: Uint8Array): IncomingEvent {
  return { topic, partition: 0, offset: String(offset++), key: null, value: Buffer.from(value), headers: {} };
}

function sent(from: string, to: string, seq: number, type = MessageType.MESSAGE_TYPE_TEXT): IncomingEvent {
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
  return incoming(
    Topics.messagingEvents,
    MessagingEvent.encode({
      eventId: randomUUID(),
      occurredAt: 0,
      appId,
      event: {
        $case: 'messageSent',
        value: { message, conversationKey: key, inboxSeqs: { [from]: seq, [to]: seq }, senderSessionId: '' },
      },
    }).finish(),
  );
}

function listAction(event: ConversationEvent['event']): IncomingEvent {
  return incoming(
    Topics.conversationEvents,
    ConversationEvent.encode({ eventId: randomUUID(), occurredAt: 0, appId, event }).finish(),
  );
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
    const deleted = incoming(
      Topics.messagingEvents,
      MessagingEvent.encode({
        eventId: randomUUID(),
        occurredAt: 0,
        appId,
        event: {
          $case: 'messagesDeleted',
          value: {
            ...peer('hal', 'gus'),
            messageIds: ['1001', '1001'],
            allThroughSeq: 0,
            deleterSessionId: '',
            lastVisibleMessage: undefined,
          },
        },
      }).finish(),
    );
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
      incoming(
        Topics.messagingEvents,
        MessagingEvent.encode({
          eventId: randomUUID(),
          occurredAt: 0,
          appId,
          event: {
            $case: 'messagesDeleted',
            value: {
              ...peer('jon', 'ivy'),
              messageIds: [String(1000 + seq)],
              allThroughSeq: 0,
              deleterSessionId: '',
              lastVisibleMessage,
            },
          },
        }).finish(),
      );
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
    const ivyDeletes = incoming(
      Topics.messagingEvents,
      MessagingEvent.encode({
        eventId: randomUUID(),
        occurredAt: 0,
        appId,
        event: {
          $case: 'messagesDeleted',
          value: {
            ...peer('ivy', 'jon'),
            messageIds: ['1004'],
            allThroughSeq: 0,
            deleterSessionId: '',
            lastVisibleMessage: { ...left(3), conversationId: 'jon' },
          },
        },
      }).finish(),
    );
    await projector.handleBatch([ivyDeletes]);
    const ivys = (await entry('ivy', 'jon')).lastMessage;
    expect(ivys ? Message.decode(ivys).text : null).toBe('m3');
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
