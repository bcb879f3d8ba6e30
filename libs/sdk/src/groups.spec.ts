import { GroupMemberRole, type GroupServiceClient } from '@parley/contracts';
import { ZIMGroupMemberRole } from './enums';
import { fakeClient, loggedInAs } from './fake-client.testing';
import { Groups, toZIMGroupFullInfo, toZIMGroupMemberInfo } from './groups';

const group = {
  groupId: 'g1',
  groupName: 'Friends',
  ownerUserId: 'me',
  memberCount: 2,
  maxMemberCount: 500,
  createdAt: 1_700_000_000_000,
};

describe('group mapping', () => {
  it('maps the wire group to ZIMGroupFullInfo', () => {
    expect(toZIMGroupFullInfo(group)).toEqual({
      baseInfo: { groupID: 'g1', groupName: 'Friends', groupAvatarUrl: '' },
      ownerUserID: 'me',
      memberCount: 2,
      maxMemberCount: 500,
      createdTime: 1_700_000_000_000,
    });
  });

  it("maps member roles to ZIM's numbers", () => {
    const roles = [
      GroupMemberRole.GROUP_MEMBER_ROLE_OWNER,
      GroupMemberRole.GROUP_MEMBER_ROLE_ADMIN,
      GroupMemberRole.GROUP_MEMBER_ROLE_MEMBER,
    ].map((memberRole) => toZIMGroupMemberInfo({ userId: 'u', memberRole, joinedAt: 0 }).memberRole);
    expect(roles).toEqual([1, 2, 3]);
    expect(roles).toEqual([ZIMGroupMemberRole.Owner, ZIMGroupMemberRole.Admin, ZIMGroupMemberRole.Member]);
  });
});

describe('Groups', () => {
  it('creates with server defaults for what the app left out, and maps members and failures', async () => {
    const { client, calls } = fakeClient<GroupServiceClient>({
      createGroup: {
        group,
        members: [
          { userId: 'me', memberRole: GroupMemberRole.GROUP_MEMBER_ROLE_OWNER, joinedAt: 1 },
          { userId: 'bob', memberRole: GroupMemberRole.GROUP_MEMBER_ROLE_MEMBER, joinedAt: 1 },
        ],
        errorUsers: [{ userId: 'ghost', reason: 6000001 }],
      },
    });
    const result = await new Groups(client, loggedInAs('me')).createGroup({}, ['bob', 'ghost']);
    expect(calls).toEqual([
      {
        method: 'createGroup',
        request: { groupId: '', groupName: '', userIds: ['bob', 'ghost'], maxMemberCount: 0 },
        authorization: 'Bearer tok',
      },
    ]);
    expect(result.groupInfo.baseInfo.groupID).toBe('g1');
    expect(result.userList.map((u) => [u.userID, u.memberRole, u.userName])).toEqual([
      ['me', ZIMGroupMemberRole.Owner, ''],
      ['bob', ZIMGroupMemberRole.Member, ''],
    ]);
    expect(result.errorUserList).toEqual([{ userID: 'ghost', reason: 6000001 }]);
  });

  it('rejects with 6000203 when the server answers without the group', async () => {
    const { client } = fakeClient<GroupServiceClient>({ joinGroup: {} });
    await expect(new Groups(client, loggedInAs('me')).joinGroup('g1')).rejects.toMatchObject({
      code: 6000203,
    });
  });

  it('kicks and reports kicked and failed users', async () => {
    const { client, calls } = fakeClient<GroupServiceClient>({
      kickGroupMembers: { kickedUserIds: ['bob'], errorUsers: [{ userId: 'me', reason: 6000001 }] },
    });
    const result = await new Groups(client, loggedInAs('me')).kickGroupMembers(['bob', 'me'], 'g1');
    expect(calls[0]?.request).toEqual({ userIds: ['bob', 'me'], groupId: 'g1' });
    expect(result).toEqual({
      groupID: 'g1',
      kickedUserIDList: ['bob'],
      errorUserList: [{ userID: 'me', reason: 6000001 }],
    });
  });

  it('sends the role with its ZIM number and echoes it', async () => {
    const { client, calls } = fakeClient<GroupServiceClient>({ setGroupMemberRole: {} });
    const result = await new Groups(client, loggedInAs('me')).setGroupMemberRole(
      ZIMGroupMemberRole.Admin,
      'bob',
      'g1',
    );
    expect(calls[0]?.request).toEqual({
      role: GroupMemberRole.GROUP_MEMBER_ROLE_ADMIN,
      forUserId: 'bob',
      groupId: 'g1',
    });
    expect(result).toEqual({ groupID: 'g1', forUserID: 'bob', role: ZIMGroupMemberRole.Admin });
  });

  it('pages members by nextFlag, 0 for the first page', async () => {
    const { client, calls } = fakeClient<GroupServiceClient>({
      queryGroupMemberList: {
        members: [{ userId: 'bob', memberRole: GroupMemberRole.GROUP_MEMBER_ROLE_MEMBER, joinedAt: 1 }],
        nextFlag: 42,
      },
    });
    const groups = new Groups(client, loggedInAs('me'));
    const first = await groups.queryGroupMemberList('g1', { count: 1 });
    await groups.queryGroupMemberList('g1', { count: 1, nextFlag: first.nextFlag });
    expect(calls.map((c) => c.request)).toEqual([
      { groupId: 'g1', count: 1, nextFlag: 0 },
      { groupId: 'g1', count: 1, nextFlag: 42 },
    ]);
    expect(first).toMatchObject({ groupID: 'g1', nextFlag: 42, userList: [{ userID: 'bob' }] });
  });
});
