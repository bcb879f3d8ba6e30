import { generateToken, ZIM, ZIMConversationType, type ZIMMessage, ZIMMessageType } from '@parley/sdk';
import { defined, eventually, loggedIn, membershipApplied, stackUnderTest, uniqueUser } from './harness';

describe('group messages', () => {
  jest.setTimeout(120_000);
  const clients: ZIM[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

  it('numbers 1,000 messages from 4 concurrent senders 1..1000 and shows every member them in seq order', async () => {
    const groupID = uniqueUser('group');
    const ids = Array.from({ length: 6 }, (_, i) => uniqueUser(`m${i}`));
    const members = await Promise.all(ids.map((id) => loggedIn(id)));
    clients.push(...members);
    const seen = members.map(() => [] as ZIMMessage[]);
    members.forEach((m, i) =>
      m.on('receiveGroupMessage', (_z, { messageList }) => seen[i]?.push(...messageList)),
    );
    await defined(members[0], 'the first member').createGroup({ groupID, groupName: 'e2e' }, ids.slice(1));
    await membershipApplied(defined(members[0], 'the first member'), groupID, ZIMConversationType.Group);

    const senders = members.slice(0, 4);
    const acked: number[] = [];
    await Promise.all(
      senders.map(async (sender, s) => {
        for (let n = 0; n < 250; n++) {
          const started = Date.now();
          const { message } = await sender.sendMessage(
            { type: ZIMMessageType.Text, message: `${s}:${n}` },
            groupID,
            ZIMConversationType.Group,
          );
          acked.push(message.conversationSeq);
          await new Promise((r) => setTimeout(r, Math.max(0, 105 - (Date.now() - started)))); // ≤ 10 per second
        }
      }),
    );
    expect([...acked].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));

    for (const [i, list] of seen.entries()) {
      const own = i < 4 ? 250 : 0;
      await eventually(
        `member ${i} to receive ${1000 - own} messages`,
        () => list.length >= 1000 - own,
        30_000,
      );
      const seqs = list.map((m) => m.conversationSeq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(1000 - own);
      expect(
        list.every((m) => m.conversationID === groupID && m.conversationType === ZIMConversationType.Group),
      ).toBe(true);
    }
  });

  it('gives a member who was offline the 100 group messages sent meanwhile, flagged offline, once', async () => {
    const groupID = uniqueUser('group');
    const awayID = uniqueUser('away');
    const senderIDs = Array.from({ length: 10 }, (_, i) => uniqueUser(`g${i}`));
    const senders = await Promise.all(senderIDs.map((id) => loggedIn(id)));
    clients.push(...senders);
    await defined(senders[0], 'a sender').createGroup({ groupID }, [awayID, ...senderIDs.slice(1)]);
    await membershipApplied(defined(senders[0], 'a sender'), groupID, ZIMConversationType.Group);
    await Promise.all(
      senders.map(async (sender, s) => {
        for (let n = 0; n < 10; n++) {
          await sender.sendMessage(
            { type: ZIMMessageType.Text, message: `${s}:${n}` },
            groupID,
            ZIMConversationType.Group,
          );
        }
      }),
    );

    const stack = stackUnderTest();
    const away = ZIM.create({ appID: stack.appID, endpoint: stack.endpoint });
    clients.push(away);
    const batches: { list: ZIMMessage[]; offline: boolean }[] = [];
    away.on('receiveGroupMessage', (_z, { messageList, info }) =>
      batches.push({ list: messageList, offline: info.isOfflineMessage }),
    );
    await away.login(awayID, { token: await generateToken(stack.appID, stack.appSecret, awayID, 3600) });
    const seqs = batches.flatMap((b) => b.list.map((m) => m.conversationSeq));
    expect(batches.every((b) => b.offline)).toBe(true);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('refuses a send from a non-member with 6000231 and stores nothing', async () => {
    const groupID = uniqueUser('closed');
    const [memberID, outsiderID] = [uniqueUser('in'), uniqueUser('out')];
    const member = await loggedIn(memberID);
    const outsider = await loggedIn(outsiderID);
    clients.push(member, outsider);
    await member.createGroup({ groupID }, []);
    await membershipApplied(member, groupID, ZIMConversationType.Group);
    await expect(
      outsider.sendMessage(
        { type: ZIMMessageType.Text, message: 'let me in' },
        groupID,
        ZIMConversationType.Group,
      ),
    ).rejects.toMatchObject({ code: 6000231 });
    const { message } = await member.sendMessage(
      { type: ZIMMessageType.Text, message: 'first' },
      groupID,
      ZIMConversationType.Group,
    );
    expect(message.conversationSeq).toBe(1);
    await expect(
      outsider.queryHistoryMessage(groupID, ZIMConversationType.Group, { count: 10 }),
    ).rejects.toMatchObject({ code: 6000231 });
  });

  it('stops delivering to a kicked member and refuses their sends, and only the owner or an admin may kick', async () => {
    const groupID = uniqueUser('kick');
    const [ownerID, keptID, kickedID] = [uniqueUser('own'), uniqueUser('keep'), uniqueUser('kick')];
    const [owner, kept, kicked] = await Promise.all([ownerID, keptID, kickedID].map((id) => loggedIn(id)));
    clients.push(owner, kept, kicked);
    const textsOf = (zim: ZIM) => {
      const texts: string[] = [];
      zim.on('receiveGroupMessage', (_z, { messageList }) =>
        texts.push(...messageList.map((m) => String(m.message))),
      );
      return texts;
    };
    const [keptTexts, kickedTexts] = [textsOf(kept), textsOf(kicked)];
    await owner.createGroup({ groupID, groupName: 'kick test' }, [keptID, kickedID]);
    await membershipApplied(kicked, groupID, ZIMConversationType.Group);
    const send = (text: string) =>
      owner.sendMessage({ type: ZIMMessageType.Text, message: text }, groupID, ZIMConversationType.Group);
    await send('before');
    await eventually(
      'both members received the first message',
      () => keptTexts.length === 1 && kickedTexts.length === 1,
    );

    // A plain member may not kick (6000541); the owner may.
    await expect(kept.kickGroupMembers([kickedID], groupID)).rejects.toMatchObject({ code: 6000541 });
    const result = await owner.kickGroupMembers([kickedID, uniqueUser('nobody')], groupID);
    expect(result.kickedUserIDList).toEqual([kickedID]);
    expect(result.errorUserList.map((e) => e.reason)).toEqual([6000521]);
    const members = await owner.queryGroupMemberList(groupID, { count: 10 });
    expect(members.userList.map((m) => m.userID).sort()).toEqual([ownerID, keptID].sort());

    // Once messaging has applied the kick, the kicked member's sends are refused.
    let refused = false;
    for (const deadline = Date.now() + 15_000; !refused && Date.now() < deadline; ) {
      refused = await kicked
        .sendMessage(
          { type: ZIMMessageType.Text, message: 'still here?' },
          groupID,
          ZIMConversationType.Group,
        )
        .then(
          () => false,
          (e: unknown) => (e as { code?: number }).code === 6000231,
        );
      if (!refused) await new Promise((r) => setTimeout(r, 200));
    }
    expect(refused).toBe(true);
    await send('after');
    await eventually('the remaining member received the second message', () => keptTexts.includes('after'));
    await new Promise((r) => setTimeout(r, 500));
    expect(kickedTexts).toEqual(['before']);
  });
});
