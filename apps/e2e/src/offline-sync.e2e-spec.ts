import {
  generateToken,
  ZIM,
  ZIMConversationType,
  type ZIMEventOfReceiveConversationMessageResult,
  ZIMMessageType,
  ZIMPlatformType,
} from '@parley/sdk';
import { eventually, loggedIn, stackUnderTest, uniqueUser } from './harness';

/** Every receivePeerMessage batch a client gets, with its offline flag. */
function batchesOf(zim: ZIM): ZIMEventOfReceiveConversationMessageResult[] {
  const batches: ZIMEventOfReceiveConversationMessageResult[] = [];
  zim.on('receivePeerMessage', (_z, data) => batches.push(data));
  return batches;
}

async function loginCollecting(userID: string, platform: ZIMPlatformType) {
  // Listeners must exist before login: the catch-up is delivered while login runs.
  const stack = stackUnderTest();
  const zim = ZIM.create({ appID: stack.appID, endpoint: stack.endpoint, platform });
  const batches = batchesOf(zim);
  await zim.login(userID, { token: await generateToken(stack.appID, stack.appSecret, userID, 3600) });
  return { zim, batches };
}

describe('offline sync', () => {
  const clients: ZIM[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

  it('gives a user who was away the 100 messages sent meanwhile, flagged offline, in order, once', async () => {
    const bobID = uniqueUser('away');
    const first = await loginCollecting(bobID, ZIMPlatformType.Android);
    await first.zim.logout();
    first.zim.destroy();

    // 10 senders × 10 messages: each stays within the 10-per-second limit.
    const senders = await Promise.all(Array.from({ length: 10 }, (_, i) => loggedIn(uniqueUser(`s${i}`))));
    clients.push(...senders);
    await Promise.all(
      senders.map(async (sender, i) => {
        for (let n = 1; n <= 10; n++) {
          await sender.sendMessage(
            { type: ZIMMessageType.Text, message: `${i}:${n}` },
            bobID,
            ZIMConversationType.Peer,
          );
        }
      }),
    );

    const back = await loginCollecting(bobID, ZIMPlatformType.Android);
    clients.push(back.zim);
    const messages = back.batches.flatMap((b) => b.messageList);
    expect(back.batches.every((b) => b.info.isOfflineMessage)).toBe(true);
    expect(messages).toHaveLength(100);
    expect(new Set(messages.map((m) => m.messageID)).size).toBe(100);
    for (const batch of back.batches) {
      const seqs = batch.messageList.map((m) => m.conversationSeq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(batch.messageList.every((m) => m.conversationID === batch.fromConversationID)).toBe(true);
    }
  });

  it('does not deliver again what a device already received before it logged out', async () => {
    const [aliceID, bobID] = [uniqueUser('a'), uniqueUser('b')];
    const alice = await loggedIn(aliceID);
    clients.push(alice);
    const bob = await loginCollecting(bobID, ZIMPlatformType.Web);
    for (let n = 0; n < 5; n++)
      await alice.sendMessage(
        { type: ZIMMessageType.Text, message: `live ${n}` },
        bobID,
        ZIMConversationType.Peer,
      );
    await eventually('5 live messages', () => bob.batches.flatMap((b) => b.messageList).length === 5);
    await bob.zim.logout();
    bob.zim.destroy();

    await alice.sendMessage(
      { type: ZIMMessageType.Text, message: 'while away' },
      bobID,
      ZIMConversationType.Peer,
    );
    const again = await loginCollecting(bobID, ZIMPlatformType.Web);
    clients.push(again.zim);
    expect(again.batches.flatMap((b) => b.messageList.map((m) => m.message))).toEqual(['while away']);
  });

  it("syncs a user's own messages to their other device, which was offline", async () => {
    const [meID, friendID] = [uniqueUser('me'), uniqueUser('friend')];
    const laptop = await loginCollecting(meID, ZIMPlatformType.MacOS);
    await laptop.zim.logout();
    laptop.zim.destroy();
    const phone = await loggedIn(meID, { platform: ZIMPlatformType.IPhoneOS });
    clients.push(phone);
    await phone.sendMessage(
      { type: ZIMMessageType.Text, message: 'sent from my phone' },
      friendID,
      ZIMConversationType.Peer,
    );

    const laptopAgain = await loginCollecting(meID, ZIMPlatformType.MacOS);
    clients.push(laptopAgain.zim);
    const [batch] = laptopAgain.batches;
    expect(batch?.fromConversationID).toBe(friendID);
    expect(batch?.messageList[0]).toMatchObject({
      message: 'sent from my phone',
      senderUserID: meID,
      conversationID: friendID,
    });
  });
});
