import { ConversationType, Message, MessageType, type MessagingEvent } from '@parley/contracts';
import { ConnectionRegistry } from '../subscribe/connection-registry';
import { connectFake } from '../subscribe/connections.testing';
import { MessageDelivery } from './message-delivery';

/** A MessageSent as the Kafka transport hands it over (decoded). */
function sent(eventId: string, from: string, to: string, seq: number, appId = '1001'): MessagingEvent {
  const message = Message.fromPartial({
    messageId: String(seq),
    localMessageId: `l${seq}`,
    senderUserId: from,
    conversationId: to,
    conversationType: ConversationType.CONVERSATION_TYPE_PEER,
    type: MessageType.MESSAGE_TYPE_TEXT,
    conversationSeq: seq,
    text: `m${seq}`,
  });
  return {
    eventId,
    occurredAt: 1,
    appId,
    event: {
      $case: 'messageSent',
      value: {
        message,
        conversationKey: 'k',
        inboxSeqs: { [from]: seq, [to]: seq },
        senderSessionId: `${from}-session`,
      },
    },
  };
}

const connect = connectFake;

describe('MessageDelivery', () => {
  it("gives the recipient the message under the sender's ID, in one batch per conversation", async () => {
    const registry = new ConnectionRegistry();
    const bob = connect(registry, '1001', 'bob');
    await new MessageDelivery(registry).handleBatch([
      sent('e1', 'alice', 'bob', 1),
      sent('e2', 'alice', 'bob', 2),
    ]);
    expect(bob).toHaveLength(1);
    const batch = bob[0]?.event;
    expect(batch?.$case).toBe('messagesReceived');
    if (batch?.$case !== 'messagesReceived') return;
    expect(batch.value.fromConversationId).toBe('alice');
    expect(batch.value.messages.map((m) => [m.text, m.conversationId])).toEqual([
      ['m1', 'alice'],
      ['m2', 'alice'],
    ]);
  });

  it("syncs the sender's other devices but not the device that sent it, each with its own inbox position", async () => {
    const registry = new ConnectionRegistry();
    const sendingPhone = connect(registry, '1001', 'alice', 'alice-session');
    const aliceLaptop = connect(registry, '1001', 'alice', 'laptop');
    const bob = connect(registry, '1001', 'bob');
    const event = sent('e1', 'alice', 'bob', 1);
    await new MessageDelivery(registry).handleBatch([event]);
    expect(sendingPhone).toHaveLength(0);
    const laptopBatch = aliceLaptop[0]?.event;
    expect(laptopBatch?.$case === 'messagesReceived' && laptopBatch.value.fromConversationId).toBe('bob');
    expect(laptopBatch?.$case === 'messagesReceived' && laptopBatch.value.messages[0]?.conversationId).toBe(
      'bob',
    );
    const bobBatch = bob[0]?.event;
    expect(bobBatch?.$case === 'messagesReceived' && bobBatch.value.messages[0]?.inboxSeq).toBe(1);
  });

  it("withholds only the sending device's own messages from a batch that mixes senders", async () => {
    const registry = new ConnectionRegistry();
    const alicePhone = connect(registry, '1001', 'alice', 'alice-session');
    await new MessageDelivery(registry).handleBatch([
      sent('e1', 'alice', 'bob', 1),
      sent('e2', 'bob', 'alice', 2),
    ]);
    const batch = alicePhone[0]?.event;
    expect(batch?.$case === 'messagesReceived' && batch.value.messages.map((m) => m.text)).toEqual(['m2']);
  });

  it('does not push a redelivered event twice', async () => {
    const registry = new ConnectionRegistry();
    const bob = connect(registry, '1001', 'bob');
    const delivery = new MessageDelivery(registry);
    await delivery.handleBatch([sent('e1', 'alice', 'bob', 1)]);
    await delivery.handleBatch([sent('e1', 'alice', 'bob', 1)]);
    expect(bob).toHaveLength(1);
  });

  it('keeps apps apart: the same user ID in another app receives nothing', async () => {
    const registry = new ConnectionRegistry();
    const otherAppBob = connect(registry, '2002', 'bob');
    await new MessageDelivery(registry).handleBatch([sent('e1', 'alice', 'bob', 1, '1001')]);
    expect(otherAppBob).toHaveLength(0);
  });

  it('reaches every device of the recipient', async () => {
    const registry = new ConnectionRegistry();
    const phone = connect(registry, '1001', 'bob');
    const laptop = connect(registry, '1001', 'bob');
    await new MessageDelivery(registry).handleBatch([sent('e1', 'alice', 'bob', 1)]);
    expect([phone.length, laptop.length]).toEqual([1, 1]);
  });
});
