import {
  type ZIM,
  type ZIMConversationChangeInfo,
  ZIMConversationType,
  type ZIMEventOfMessageDeletedResult,
  ZIMMessageType,
  ZIMPlatformType,
} from '@parley/sdk';
import { defined, eventually, loggedIn, nextEvent, settled, uniqueUser } from './harness';

describe('history and deletion', () => {
  const clients: ZIM[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

  async function conversationOf(count: number) {
    const [aID, bID] = [uniqueUser('a'), uniqueUser('b')];
    const a = await loggedIn(aID);
    const b = await loggedIn(bID);
    clients.push(a, b);
    for (let i = 1; i <= count; i++) {
      const sender = i % 2 === 0 ? b : a;
      await sender.sendMessage(
        { type: ZIMMessageType.Text, message: `m${i}` },
        sender === a ? bID : aID,
        ZIMConversationType.Peer,
      );
      if (i % 9 === 0) await new Promise((r) => setTimeout(r, 1000)); // stay under 10 sends/s per sender
    }
    return { a, b, aID, bID };
  }

  it('pages newest first with reverse, and oldest first without, each page ascending', async () => {
    const { a, bID } = await conversationOf(12);
    const texts = (list: { message: unknown }[]) => list.map((m) => m.message);

    const newest = await a.queryHistoryMessage(bID, ZIMConversationType.Peer, { count: 5, reverse: true });
    expect(texts(newest.messageList)).toEqual(['m8', 'm9', 'm10', 'm11', 'm12']);
    const older = await a.queryHistoryMessage(bID, ZIMConversationType.Peer, {
      count: 5,
      reverse: true,
      nextMessage: newest.messageList[0],
    });
    expect(texts(older.messageList)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);
    const oldest = await a.queryHistoryMessage(bID, ZIMConversationType.Peer, {
      count: 5,
      reverse: true,
      nextMessage: older.messageList[0],
    });
    expect(texts(oldest.messageList)).toEqual(['m1', 'm2']);

    const forward = await a.queryHistoryMessage(bID, ZIMConversationType.Peer, { count: 5 });
    expect(texts(forward.messageList)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    const next = await a.queryHistoryMessage(bID, ZIMConversationType.Peer, {
      count: 5,
      nextMessage: forward.messageList.at(-1),
    });
    expect(texts(next.messageList)).toEqual(['m6', 'm7', 'm8', 'm9', 'm10']);
    expect(next.messageList.every((m) => m.conversationID === bID)).toBe(true);
  });

  it('deletes messages for the deleting user only, and tells their other devices', async () => {
    const { a, b, aID, bID } = await conversationOf(4);
    const laptop = await loggedIn(aID, { platform: ZIMPlatformType.MacOS });
    clients.push(laptop);
    const told = nextEvent<ZIMEventOfMessageDeletedResult>((l) =>
      laptop.on('messageDeleted', (_z, d) => l(d)),
    );

    const { messageList } = await a.queryHistoryMessage(bID, ZIMConversationType.Peer, { count: 10 });
    const first = defined(messageList[0], 'a first message');
    const second = defined(messageList[1], 'a second message');
    await a.deleteMessages([first, second], bID, ZIMConversationType.Peer, {
      isAlsoDeleteServerMessage: true,
    });

    const mine = await a.queryHistoryMessage(bID, ZIMConversationType.Peer, { count: 10 });
    expect(mine.messageList.map((m) => m.message)).toEqual(['m3', 'm4']);
    const theirs = await b.queryHistoryMessage(aID, ZIMConversationType.Peer, { count: 10 });
    expect(theirs.messageList.map((m) => m.message)).toEqual(['m1', 'm2', 'm3', 'm4']);
    await expect(told).resolves.toMatchObject({
      conversationID: bID,
      isDeleteConversationAllMessage: false,
      messageList: [{ messageID: first.messageID }, { messageID: second.messageID }],
    });
  });

  it('deleting the message a conversation shows makes it show the one before, on every device of the deleter only', async () => {
    const { a, b, aID, bID } = await conversationOf(3);
    const laptop = await loggedIn(aID, { platform: ZIMPlatformType.MacOS });
    clients.push(laptop);
    const shown = async (zim: ZIM, other: string) =>
      (await zim.queryConversation(other, ZIMConversationType.Peer)).conversation.lastMessage?.message ??
      null;
    await settled(async () => expect(await shown(a, bID)).toBe('m3'));
    const laptopTold: ZIMConversationChangeInfo[] = [];
    laptop.on('conversationChanged', (_z, { infoList }) => void laptopTold.push(...infoList));

    const { messageList } = await a.queryHistoryMessage(bID, ZIMConversationType.Peer, { count: 10 });
    const [first, , third] = messageList;
    await a.deleteMessages([defined(third, 'm3')], bID, ZIMConversationType.Peer, {
      isAlsoDeleteServerMessage: true,
    });
    await settled(async () => expect(await shown(a, bID)).toBe('m2'));
    await eventually('the laptop told of m2', () =>
      laptopTold.some(
        (i) => i.conversation.conversationID === bID && i.conversation.lastMessage?.message === 'm2',
      ),
    );
    expect(await shown(b, aID)).toBe('m3');

    // Deleting one that is not shown changes nothing; deleting everything left shows none.
    await a.deleteMessages([defined(first, 'm1')], bID, ZIMConversationType.Peer, {
      isAlsoDeleteServerMessage: true,
    });
    await a.deleteMessages([defined(messageList[1], 'm2')], bID, ZIMConversationType.Peer, {
      isAlsoDeleteServerMessage: true,
    });
    await settled(async () => expect(await shown(a, bID)).toBeNull());
  });

  it('deleteAllMessage hides what exists now and keeps later messages', async () => {
    const { a, b, aID, bID } = await conversationOf(3);
    const laptop = await loggedIn(aID, { platform: ZIMPlatformType.MacOS });
    clients.push(laptop);
    const told = nextEvent<ZIMEventOfMessageDeletedResult>((l) =>
      laptop.on('messageDeleted', (_z, d) => l(d)),
    );
    await settled(async () =>
      expect((await a.queryConversation(bID, ZIMConversationType.Peer)).conversation.unreadMessageCount).toBe(
        1,
      ),
    ); // m2 from b
    await a.deleteAllMessage(bID, ZIMConversationType.Peer, { isAlsoDeleteServerMessage: true });
    expect((await a.queryHistoryMessage(bID, ZIMConversationType.Peer, { count: 10 })).messageList).toEqual(
      [],
    );
    // The other device is told, and the conversation list shows nothing left and nothing unread.
    await expect(told).resolves.toMatchObject({ conversationID: bID, isDeleteConversationAllMessage: true });
    await settled(async () => {
      const { conversation } = await a.queryConversation(bID, ZIMConversationType.Peer);
      expect([conversation.unreadMessageCount, conversation.lastMessage]).toEqual([0, undefined]);
    });
    await b.sendMessage({ type: ZIMMessageType.Text, message: 'after' }, aID, ZIMConversationType.Peer);
    const after = await a.queryHistoryMessage(bID, ZIMConversationType.Peer, { count: 10 });
    expect(after.messageList.map((m) => m.message)).toEqual(['after']);
    expect(
      (await b.queryHistoryMessage(aID, ZIMConversationType.Peer, { count: 10 })).messageList,
    ).toHaveLength(4);
  });

  it('refuses to delete a message of another conversation and changes nothing', async () => {
    const { a, bID } = await conversationOf(2);
    const other = await conversationOf(1);
    const [foreign] = (await other.a.queryHistoryMessage(other.bID, ZIMConversationType.Peer, { count: 1 }))
      .messageList;
    await expect(
      a.deleteMessages([foreign], bID, ZIMConversationType.Peer, { isAlsoDeleteServerMessage: true }),
    ).rejects.toMatchObject({ code: 6000001 });
    expect(
      (await other.a.queryHistoryMessage(other.bID, ZIMConversationType.Peer, { count: 5 })).messageList,
    ).toHaveLength(1);
  });

  it('rejects a history count over 100 with 6000001', async () => {
    const { a, bID } = await conversationOf(1);
    await expect(a.queryHistoryMessage(bID, ZIMConversationType.Peer, { count: 101 })).rejects.toMatchObject({
      code: 6000001,
    });
  });
});
