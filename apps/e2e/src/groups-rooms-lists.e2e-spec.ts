import {
  type ZIM,
  type ZIMConversationChangeInfo,
  ZIMConversationEvent,
  ZIMConversationType,
  ZIMGroupMemberEvent,
  ZIMGroupMemberRole,
  ZIMGroupMemberState,
  ZIMMessageType,
} from '@parley/sdk';
import { eventually, loggedIn, membershipApplied, settled, uniqueUser } from './harness';

// The group, room and conversation-list calls the other specs do not make, and the membership events.
describe('groups, rooms and conversation lists through the SDK', () => {
  jest.setTimeout(60_000);
  const clients: ZIM[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

  it('invites, promotes, kicks and hands over a group, telling members what happened', async () => {
    const ids = ['own', 'adm', 'mem', 'new'].map(uniqueUser);
    const [ownerID, adminID, memberID, newcomerID] = ids as [string, string, string, string];
    const [owner, admin, member, newcomer] = (await Promise.all(ids.map((id) => loggedIn(id)))) as [
      ZIM,
      ZIM,
      ZIM,
      ZIM,
    ];
    clients.push(owner, admin, member, newcomer);
    const seen: [ZIMGroupMemberEvent, ZIMGroupMemberState, string[], string][] = [];
    member.on('groupMemberStateChanged', (_z, e) =>
      seen.push([e.event, e.state, e.userList.map((u) => u.userID), e.operatedInfo.userID]),
    );
    const groupID = uniqueUser('grp');
    await owner.createGroup({ groupID, groupName: 'crew' }, [adminID, memberID]);

    const invited = await owner.inviteUsersIntoGroup([newcomerID, memberID], groupID);
    expect(invited.userList.map((u) => u.userID)).toEqual([newcomerID]);
    expect(invited.errorUserList).toEqual([{ userID: memberID, reason: 6000522 }]); // already in
    await owner.setGroupMemberRole(ZIMGroupMemberRole.Admin, adminID, groupID);
    // An admin may kick a plain member, not the owner.
    await expect(admin.kickGroupMembers([ownerID], groupID)).resolves.toMatchObject({
      kickedUserIDList: [],
      errorUserList: [{ userID: ownerID, reason: 6000541 }],
    });
    await admin.kickGroupMembers([newcomerID], groupID);
    // The owner leaves: the admin becomes the owner.
    await owner.leaveGroup(groupID);
    const { userList } = await admin.queryGroupMemberList(groupID, { count: 10 });
    expect(userList.map((u) => [u.userID, u.memberRole])).toEqual([
      [adminID, ZIMGroupMemberRole.Owner],
      [memberID, ZIMGroupMemberRole.Member],
    ]);

    await eventually('the member to hear of every change', () => seen.length >= 4, 15_000);
    expect(seen).toEqual([
      [ZIMGroupMemberEvent.Invited, ZIMGroupMemberState.Enter, [ownerID, adminID, memberID], ownerID],
      [ZIMGroupMemberEvent.Invited, ZIMGroupMemberState.Enter, [newcomerID], ownerID],
      [ZIMGroupMemberEvent.KickedOut, ZIMGroupMemberState.Quit, [newcomerID], adminID],
      [ZIMGroupMemberEvent.Left, ZIMGroupMemberState.Quit, [ownerID], ownerID],
    ]);
  });

  it('joins, describes and dismisses a group; a dismissed group and its ID stay gone', async () => {
    const [ownerID, joinerID] = [uniqueUser('boss'), uniqueUser('walk-in')];
    const [owner, joiner] = await Promise.all([loggedIn(ownerID), loggedIn(joinerID)]);
    clients.push(owner, joiner);
    const groupID = uniqueUser('club');
    await owner.createGroup({ groupID, groupName: 'club' }, [], { maxMemberCount: 2 });
    const { groupInfo } = await joiner.joinGroup(groupID);
    expect(groupInfo).toMatchObject({
      baseInfo: { groupID, groupName: 'club' },
      memberCount: 2,
      maxMemberCount: 2,
    });
    await expect(joiner.joinGroup(groupID)).rejects.toMatchObject({ code: 6000522 }); // already in
    await expect(
      loggedIn(uniqueUser('late')).then((late) => {
        clients.push(late);
        return late.joinGroup(groupID);
      }),
    ).rejects.toMatchObject({ code: 6000525 }); // full
    expect((await owner.queryGroupInfo(groupID)).groupInfo.memberCount).toBe(2);
    await expect(joiner.dismissGroup(groupID)).rejects.toMatchObject({ code: 6000541 }); // owner only
    await owner.dismissGroup(groupID);
    await expect(owner.queryGroupInfo(groupID)).rejects.toMatchObject({ code: 6000523 });
    await expect(owner.createGroup({ groupID, groupName: 'again' }, [])).rejects.toMatchObject({
      code: 6000527,
    });
  });

  it('marks a group conversation Disabled for whoever stops being a member, keeping it listed with its history', async () => {
    const ids = ['own', 'stay', 'kick'].map(uniqueUser);
    const [, stayerID, kickedID] = ids as [string, string, string];
    const [owner, stayer, kicked] = (await Promise.all(ids.map((id) => loggedIn(id)))) as [ZIM, ZIM, ZIM];
    clients.push(owner, stayer, kicked);
    const groupID = uniqueUser('gone');
    await owner.createGroup({ groupID, groupName: 'short-lived' }, [stayerID, kickedID]);
    await membershipApplied(owner, groupID, ZIMConversationType.Group);
    await owner.sendMessage(
      { type: ZIMMessageType.Text, message: 'hello all' },
      groupID,
      ZIMConversationType.Group,
    );
    const entryOf = async (zim: ZIM) =>
      (await zim.queryConversationList({ count: 100 })).conversationList.find(
        (c) => c.conversationID === groupID,
      );
    await settled(async () => expect((await entryOf(kicked))?.lastMessage?.message).toBe('hello all'));
    expect((await entryOf(kicked))?.isDisabled).toBe(false);
    const stayerTold: ZIMConversationChangeInfo[] = [];
    stayer.on('conversationChanged', (_z, { infoList }) => void stayerTold.push(...infoList));

    await owner.kickGroupMembers([kickedID], groupID);
    await settled(async () => expect((await entryOf(kicked))?.isDisabled).toBe(true));
    expect(await entryOf(kicked)).toMatchObject({ conversationName: 'short-lived', unreadMessageCount: 1 });
    expect((await entryOf(stayer))?.isDisabled).toBe(false);

    await owner.dismissGroup(groupID);
    await eventually('the stayer told the group is disabled', () =>
      stayerTold.some(
        (i) =>
          i.action === ZIMConversationEvent.Disabled &&
          i.conversation.conversationID === groupID &&
          i.conversation.isDisabled,
      ),
    );
    await settled(async () => expect((await entryOf(owner))?.isDisabled).toBe(true));
    expect((await entryOf(stayer))?.lastMessage?.message).toBe('hello all');
  });

  it('creates a room once (6000323 the second time) and tells members who entered and left', async () => {
    const [hostID, guestID] = [uniqueUser('host'), uniqueUser('guest')];
    const [host, guest] = await Promise.all([loggedIn(hostID), loggedIn(guestID)]);
    clients.push(host, guest);
    const events: string[] = [];
    host.on('roomMemberJoined', (_z, { memberList }) =>
      events.push(`+${memberList.map((m) => m.userID).join()}`),
    );
    host.on('roomMemberLeft', (_z, { memberList }) =>
      events.push(`-${memberList.map((m) => m.userID).join()}`),
    );
    const roomID = uniqueUser('room');
    const { roomInfo } = await host.createRoom({ roomID, roomName: 'stage' });
    expect(roomInfo.baseInfo).toEqual({ roomID, roomName: 'stage' });
    await expect(guest.createRoom({ roomID, roomName: 'again' })).rejects.toMatchObject({ code: 6000323 });
    await guest.enterRoom({ roomID, roomName: 'ignored: the room exists' });
    const { memberList } = await guest.queryRoomMemberList(roomID, { count: 10 });
    expect(memberList.map((m) => m.userID)).toEqual([hostID, guestID]);
    await guest.leaveRoom(roomID);
    await expect(guest.queryRoomMemberList(roomID, { count: 10 })).rejects.toMatchObject({ code: 6000321 });
    await eventually('the host to hear the guest come and go', () => events.length >= 3, 15_000);
    expect(events).toEqual([`+${hostID}`, `+${guestID}`, `-${guestID}`]);
    // off() stops an event: the host no longer hears the guest come back.
    host.off('roomMemberJoined');
    await guest.enterRoom({ roomID });
    await new Promise((r) => setTimeout(r, 1500));
    expect(events).toHaveLength(3);
  });

  it('keeps a draft and clears every unread count at once', async () => {
    const meID = uniqueUser('me');
    const [me, a, b] = await Promise.all([
      loggedIn(meID),
      loggedIn(uniqueUser('a')),
      loggedIn(uniqueUser('b')),
    ]);
    clients.push(me, a, b);
    const groupID = uniqueUser('g');
    await a.createGroup({ groupID }, [meID]);
    await membershipApplied(a, groupID, ZIMConversationType.Group);
    await a.sendMessage(
      { type: ZIMMessageType.Text, message: 'in the group' },
      groupID,
      ZIMConversationType.Group,
    );
    await b.sendMessage({ type: ZIMMessageType.Text, message: 'just you' }, meID, ZIMConversationType.Peer);
    await settled(async () =>
      expect((await me.queryConversationTotalUnreadMessageCount()).totalUnreadMessageCount).toBe(2),
    );

    await me.setConversationDraft('half a thought', groupID, ZIMConversationType.Group);
    expect((await me.queryConversation(groupID, ZIMConversationType.Group)).conversation.draft).toBe(
      'half a thought',
    );
    await me.clearConversationTotalUnreadMessageCount();
    const { conversationList } = await me.queryConversationList({ count: 10 });
    expect(conversationList.map((c) => c.unreadMessageCount)).toEqual([0, 0]);
    expect((await me.queryConversationTotalUnreadMessageCount()).totalUnreadMessageCount).toBe(0);
  });
});
