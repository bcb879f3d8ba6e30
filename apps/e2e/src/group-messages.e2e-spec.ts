import { type ZIM, ZIMConversationType, ZIMError, type ZIMMessage, ZIMMessageType } from '@parley/sdk';
import { announceGroupMembers, defined, eventually, loggedIn, uniqueUser } from './harness';

describe('group messages', () => {
  jest.setTimeout(120_000);
  const clients: ZIM[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

  /** Waits until messaging has applied the membership (a member's history query stops being refused). */
  async function groupReady(member: ZIM, groupID: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const refused = await member.queryHistoryMessage(groupID, ZIMConversationType.Group, { count: 1 }).then(
        () => false,
        (e: unknown) => e instanceof ZIMError && e.code === 6000231,
      );
      if (!refused) return;
      if (Date.now() > deadline) throw new Error('group membership never reached messaging');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('numbers 1,000 messages from 4 concurrent senders 1..1000 and shows every member them in seq order', async () => {
    const groupID = uniqueUser('group');
    const ids = Array.from({ length: 6 }, (_, i) => uniqueUser(`m${i}`));
    const members = await Promise.all(ids.map((id) => loggedIn(id)));
    clients.push(...members);
    const seen = members.map(() => [] as ZIMMessage[]);
    members.forEach((m, i) =>
      m.on('receiveGroupMessage', (_z, { messageList }) => seen[i]?.push(...messageList)),
    );
    await announceGroupMembers(groupID, ids);
    await groupReady(defined(members[0], 'the first member'), groupID);

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

  it('refuses a send from a non-member with 6000231 and stores nothing', async () => {
    const groupID = uniqueUser('closed');
    const [memberID, outsiderID] = [uniqueUser('in'), uniqueUser('out')];
    const member = await loggedIn(memberID);
    const outsider = await loggedIn(outsiderID);
    clients.push(member, outsider);
    await announceGroupMembers(groupID, [memberID]);
    await groupReady(member, groupID);
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
});
