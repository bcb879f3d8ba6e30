import {
  type ZIM,
  ZIMConversationType,
  type ZIMEventOfReceiveConversationMessageResult,
  ZIMMessageType,
} from '@parley/sdk';
import { defined, eventually, loggedIn, membershipApplied, uniqueUser } from './harness';

describe('room messages', () => {
  const clients: ZIM[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

  async function roomWith(count: number) {
    const roomID = uniqueUser('room');
    const ids = Array.from({ length: count }, (_, i) => uniqueUser(`r${i}`));
    const members = await Promise.all(ids.map((id) => loggedIn(id)));
    clients.push(...members);
    const received = members.map(() => [] as ZIMEventOfReceiveConversationMessageResult[]);
    members.forEach((m, i) => m.on('receiveRoomMessage', (_z, data) => received[i]?.push(data)));
    await Promise.all(members.map((m) => m.enterRoom({ roomID, roomName: 'e2e' })));
    await Promise.all(members.map((m) => membershipApplied(m, roomID, ZIMConversationType.Room)));
    const member = (i: number) => defined(members[i], `member ${i}`);
    const texts = (i: number) =>
      defined(received[i], `member ${i}'s inbox`).flatMap((b) => b.messageList.map((m) => m.message));
    return { roomID, ids, member, received, texts };
  }

  it('delivers room messages live to the members, with a seq, and barrage beyond the send limit', async () => {
    const { roomID, ids, member, received, texts } = await roomWith(3);
    const { message } = await member(0).sendMessage(
      { type: ZIMMessageType.Text, message: 'hello room' },
      roomID,
      ZIMConversationType.Room,
    );
    expect(message.conversationSeq).toBe(1);
    // Barrage is exempt from the 10-per-second limit and never stored.
    const barrages = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        member(0).sendMessage(
          { type: ZIMMessageType.Barrage, message: `b${i}` },
          roomID,
          ZIMConversationType.Room,
        ),
      ),
    );
    expect(barrages.every((b) => b.message.conversationSeq === 0)).toBe(true);

    for (const i of [1, 2]) {
      await eventually(`member ${i} to get 16 room messages`, () => texts(i).length === 16);
      // Stored messages leave through the outbox and relayed ones (Barrage) directly: no order between them.
      expect([...texts(i)].sort()).toEqual(
        ['hello room', ...Array.from({ length: 15 }, (_, n) => `b${n}`)].sort(),
      );
      const batches = defined(received[i], 'batches');
      expect(batches.every((b) => b.fromConversationID === roomID && !b.info.isOfflineMessage)).toBe(true);
      expect(batches.every((b) => b.messageList.every((m) => m.senderUserID === ids[0]))).toBe(true);
    }
    const history = await member(1).queryHistoryMessage(roomID, ZIMConversationType.Room, { count: 10 });
    expect(history.messageList.map((m) => m.message)).toEqual(['hello room']);
  });

  it('stops delivering to a member who left, and refuses their sends (6000231)', async () => {
    const { roomID, member, texts } = await roomWith(3);
    await member(1).leaveRoom(roomID);
    let refused = false;
    for (const deadline = Date.now() + 15_000; !refused && Date.now() < deadline; ) {
      refused = await member(1)
        .sendMessage({ type: ZIMMessageType.Text, message: 'still here?' }, roomID, ZIMConversationType.Room)
        .then(
          () => false,
          (e: unknown) => (e as { code?: number }).code === 6000231,
        );
      if (!refused) await new Promise((r) => setTimeout(r, 200));
    }
    expect(refused).toBe(true);

    await member(0).sendMessage(
      { type: ZIMMessageType.Text, message: 'after you left' },
      roomID,
      ZIMConversationType.Room,
    );
    // The member who stayed is the sentinel: once it has the message, the leaver would have it too.
    await eventually('the member who stayed to get it', () => texts(2).includes('after you left'));
    expect(texts(1)).not.toContain('after you left');
  });
});
