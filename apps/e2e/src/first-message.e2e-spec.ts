import {
  generateToken,
  ZIM,
  ZIMConversationType,
  ZIMError,
  type ZIMEventOfReceiveConversationMessageResult,
  ZIMMessageDirection,
  ZIMMessageSentStatus,
  ZIMMessageType,
} from '@parley/sdk';
import { loggedIn, nextEvent, stackUnderTest, uniqueUser } from './harness';

describe('first message, end to end through the edge', () => {
  const clients: ZIM[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

  it("delivers alice's peer text message to bob's event stream", async () => {
    const [aliceID, bobID] = [uniqueUser('alice'), uniqueUser('bob')];
    const alice = await loggedIn(aliceID);
    const bob = await loggedIn(bobID);
    clients.push(alice, bob);

    const received = nextEvent<ZIMEventOfReceiveConversationMessageResult>((l) =>
      bob.on('receivePeerMessage', (_zim, data) => l(data)),
    );
    const statuses: ZIMMessageSentStatus[] = [];
    alice.on('messageSentStatusChanged', (_z, { infos }) => statuses.push(...infos.map((i) => i.status)));
    let attachedLocalID = '';
    const { message: sent } = await alice.sendMessage(
      { type: ZIMMessageType.Text, message: 'hello bob' },
      bobID,
      ZIMConversationType.Peer,
      {},
      { onMessageAttached: (m) => (attachedLocalID = m.localMessageID) },
    );

    expect(sent).toMatchObject({
      message: 'hello bob',
      senderUserID: aliceID,
      conversationID: bobID,
      conversationSeq: 1,
      sentStatus: ZIMMessageSentStatus.Success,
      direction: ZIMMessageDirection.Send,
      localMessageID: attachedLocalID,
    });
    expect(sent.messageID).toMatch(/^\d+$/);
    expect(statuses).toEqual([ZIMMessageSentStatus.Success]);

    const { fromConversationID, messageList, info } = await received;
    expect(fromConversationID).toBe(aliceID);
    expect(info.isOfflineMessage).toBe(false);
    expect(messageList).toHaveLength(1);
    expect(messageList[0]).toMatchObject({
      messageID: sent.messageID,
      message: 'hello bob',
      senderUserID: aliceID,
      conversationID: aliceID,
      conversationType: ZIMConversationType.Peer,
      direction: ZIMMessageDirection.Receive,
      conversationSeq: 1,
    });
  });

  it('numbers messages of one conversation 1, 2, 3 in both directions', async () => {
    const [aID, bID] = [uniqueUser('a'), uniqueUser('b')];
    const a = await loggedIn(aID);
    const b = await loggedIn(bID);
    clients.push(a, b);
    const text = { type: ZIMMessageType.Text as const, message: 'x' };
    const seqs = [
      (await a.sendMessage(text, bID, ZIMConversationType.Peer)).message.conversationSeq,
      (await b.sendMessage(text, aID, ZIMConversationType.Peer)).message.conversationSeq,
      (await a.sendMessage(text, bID, ZIMConversationType.Peer)).message.conversationSeq,
    ];
    expect(seqs).toEqual([1, 2, 3]);
  });

  it('refuses a login token signed with the wrong secret (6000103)', async () => {
    const stack = stackUnderTest();
    const zim = ZIM.create({ appID: stack.appID, endpoint: stack.endpoint });
    clients.push(zim);
    const userID = uniqueUser('eve');
    const forged = await generateToken(stack.appID, 'not-the-app-secret-0123456789', userID, 60);
    await expect(zim.login(userID, { token: forged })).rejects.toMatchObject({ code: 6000103 });
  });

  it('refuses an expired login token (6000106)', async () => {
    const stack = stackUnderTest();
    const zim = ZIM.create({ appID: stack.appID, endpoint: stack.endpoint });
    clients.push(zim);
    const userID = uniqueUser('late');
    const expired = await generateToken(stack.appID, stack.appSecret, userID, -30);
    await expect(zim.login(userID, { token: expired })).rejects.toMatchObject({ code: 6000106 });
  });

  it('rejects text over the 2 KB limit with 6000001 and stores nothing', async () => {
    const [aID, bID] = [uniqueUser('a'), uniqueUser('b')];
    const a = await loggedIn(aID);
    clients.push(a);
    const error = await a
      .sendMessage({ type: ZIMMessageType.Text, message: 'x'.repeat(2049) }, bID, ZIMConversationType.Peer)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZIMError);
    expect(error).toMatchObject({ code: 6000001 });
    // Nothing was stored: the next accepted message is still the conversation's first.
    const { message } = await a.sendMessage(
      { type: ZIMMessageType.Text, message: 'ok' },
      bID,
      ZIMConversationType.Peer,
    );
    expect(message.conversationSeq).toBe(1);
  });
});
