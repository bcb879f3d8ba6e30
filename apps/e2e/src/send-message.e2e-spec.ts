import { ConversationType, MessageContent, MessageType, type SendMessageRequest } from '@parley/contracts';
import { type ZIM, ZIMConversationType, ZIMError, ZIMMessageSentStatus, ZIMMessageType } from '@parley/sdk';
import { collectPeerMessages, eventually, loggedIn, rawLogin, rawSend, uniqueUser } from './harness';

describe('sendMessage contract', () => {
  const clients: ZIM[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

  async function pair(): Promise<{ a: ZIM; b: ZIM; aID: string; bID: string }> {
    const [aID, bID] = [uniqueUser('a'), uniqueUser('b')];
    const a = await loggedIn(aID);
    const b = await loggedIn(bID);
    clients.push(a, b);
    return { a, b, aID, bID };
  }

  it('accepts 10 sends in one second, rejects the 11th with 6000005 and stores nothing for it, and accepts again a second later', async () => {
    const { a, b, bID } = await pair();
    const received = collectPeerMessages(b);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 11 }, (_, i) =>
        a.sendMessage({ type: ZIMMessageType.Text, message: `m${i}` }, bID, ZIMConversationType.Peer),
      ),
    );
    const accepted = outcomes.filter((o) => o.status === 'fulfilled');
    const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(accepted).toHaveLength(10);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(ZIMError);
    expect(rejected[0]).toMatchObject({ code: 6000005 });

    await new Promise((r) => setTimeout(r, 1100));
    const { message } = await a.sendMessage(
      { type: ZIMMessageType.Text, message: 'later' },
      bID,
      ZIMConversationType.Peer,
    );
    // The rejected send took no seq: the 10 accepted ones are 1..10, this one is 11.
    expect(message.conversationSeq).toBe(11);
    await eventually('11 deliveries', () => received.length >= 11);
    expect(received.map((m) => m.conversationSeq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 11 }, (_, i) => i + 1),
    );
  });

  it('answers a retry with the same localMessageID with the original message, delivered once', async () => {
    const sender = uniqueUser('retrier');
    const bID = uniqueUser('b');
    const b = await loggedIn(bID);
    clients.push(b);
    const received = collectPeerMessages(b);
    const raw = await rawLogin(sender);
    const request = (localMessageId: string, text: string): SendMessageRequest => ({
      message: MessageContent.fromPartial({ type: MessageType.MESSAGE_TYPE_TEXT, text }),
      localMessageId,
      toConversationId: bID,
      conversationType: ConversationType.CONVERSATION_TYPE_PEER,
      config: undefined,
    });
    try {
      const first = await rawSend(raw, request('local-1', 'once'));
      const retry = await rawSend(raw, request('local-1', 'once'));
      expect(retry.message).toEqual(first.message);
      // A later message is the sentinel: once it arrived, a duplicate of the first would have too.
      await rawSend(raw, request('local-2', 'sentinel'));
      await eventually('the sentinel', () => received.some((m) => m.message === 'sentinel'));
      expect(received.filter((m) => m.messageID === first.message?.messageId)).toHaveLength(1);
      expect(received.map((m) => m.conversationSeq)).toEqual([1, 2]);
    } finally {
      raw.close();
    }
  });

  it('relays a Command message as bytes without giving it a place in the conversation', async () => {
    const { a, b, bID } = await pair();
    const received = collectPeerMessages(b);
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    const { message } = await a.sendMessage(
      { type: ZIMMessageType.Command, message: bytes },
      bID,
      ZIMConversationType.Peer,
    );
    expect(message.conversationSeq).toBe(0);
    expect(message.messageID).toMatch(/^\d+$/);
    const { message: text } = await a.sendMessage(
      { type: ZIMMessageType.Text, message: 'after' },
      bID,
      ZIMConversationType.Peer,
    );
    expect(text.conversationSeq).toBe(1);
    await eventually('both deliveries', () => received.length >= 2);
    const command = received.find((m) => m.type === ZIMMessageType.Command);
    expect(command?.message).toEqual(bytes);
  });

  it('delivers Custom messages with subType, searchedContent, mentions, extendedData and the push config', async () => {
    const { a, b, aID, bID } = await pair();
    const received = collectPeerMessages(b);
    await a.sendMessage(
      {
        type: ZIMMessageType.Custom,
        message: '{"card":1}',
        subType: 42,
        searchedContent: 'card',
        extendedData: 'x=1',
        mentionedUserIDs: [bID],
      },
      bID,
      ZIMConversationType.Peer,
      { pushConfig: { title: 'New card', content: 'from a' } },
    );
    await eventually('the custom message', () => received.length === 1);
    expect(received[0]).toMatchObject({
      type: ZIMMessageType.Custom,
      message: '{"card":1}',
      subType: 42,
      searchedContent: 'card',
      extendedData: 'x=1',
      mentionedUserIDs: [bID],
      senderUserID: aID,
    });
  });

  it('rejects bad input with 6000001 and a message that says what is wrong', async () => {
    const { a, bID } = await pair();
    const statuses: { status: number; reason: number }[] = [];
    a.on('messageSentStatusChanged', (_z, { infos }) =>
      statuses.push(...infos.map(({ status, reason }) => ({ status, reason }))),
    );
    const failures = await Promise.all(
      [
        a.sendMessage({ type: ZIMMessageType.Text, message: '' }, bID, ZIMConversationType.Peer),
        a.sendMessage({ type: ZIMMessageType.Text, message: 'x' }, 'x'.repeat(33), ZIMConversationType.Peer),
        a.sendMessage({ type: ZIMMessageType.Barrage, message: 'x' }, bID, ZIMConversationType.Peer),
        a.sendMessage({ type: ZIMMessageType.Text, message: 'x' }, bID, 9 as ZIMConversationType),
      ].map((p) =>
        p.then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
    for (const failure of failures) expect(failure).toMatchObject({ code: 6000001 });
    expect((failures[2] as ZIMError).message).toMatch(/rooms/);
    // Each failure is also reported as a status change to Failed, with the error code as reason.
    expect(statuses).toEqual(
      Array.from({ length: 4 }, () => ({ status: ZIMMessageSentStatus.Failed, reason: 6000001 })),
    );
  });
});
