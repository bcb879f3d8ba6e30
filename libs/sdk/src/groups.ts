import type {
  CreateGroupResponse,
  DismissGroupResponse,
  ErrorUserInfo,
  GroupInfo,
  GroupMemberInfo,
  GroupMemberRole,
  GroupServiceClient,
  InviteUsersIntoGroupResponse,
  JoinGroupResponse,
  KickGroupMembersResponse,
  LeaveGroupResponse,
  QueryGroupInfoResponse,
  QueryGroupMemberListResponse,
  SetGroupMemberRoleResponse,
} from '@parley/contracts';
import type { ZIMGroupMemberRole } from './enums';
import { type CallerOf, required, unary } from './rpc';
import type {
  ZIMErrorUserInfo,
  ZIMGroupAdvancedConfig,
  ZIMGroupCreatedResult,
  ZIMGroupDismissedResult,
  ZIMGroupFullInfo,
  ZIMGroupInfoQueriedResult,
  ZIMGroupJoinedResult,
  ZIMGroupLeftResult,
  ZIMGroupMemberInfo,
  ZIMGroupMemberKickedResult,
  ZIMGroupMemberListQueriedResult,
  ZIMGroupMemberListQueryConfig,
  ZIMGroupMemberRoleUpdatedResult,
  ZIMGroupUsersInvitedResult,
} from './types';

/** Wire group → ZIMGroupFullInfo (Parley keeps no group avatar). */
export function toZIMGroupFullInfo(g: GroupInfo): ZIMGroupFullInfo {
  return {
    baseInfo: { groupID: g.groupId, groupName: g.groupName, groupAvatarUrl: '' },
    ownerUserID: g.ownerUserId,
    memberCount: g.memberCount,
    maxMemberCount: g.maxMemberCount,
    createdTime: g.createdAt,
  };
}

/** Wire member → ZIMGroupMemberInfo; names and avatars stay '' because Parley keeps no user profiles. */
export function toZIMGroupMemberInfo(m: GroupMemberInfo): ZIMGroupMemberInfo {
  return {
    userID: m.userId,
    userName: '',
    memberNickname: '',
    memberRole: m.memberRole as number as ZIMGroupMemberRole,
    memberAvatarUrl: '',
  };
}

export function toZIMErrorUserInfo(e: ErrorUserInfo): ZIMErrorUserInfo {
  return { userID: e.userId, reason: e.reason };
}

/** The group calls of ZIM (GroupService): each authenticates as the current caller. */
export class Groups {
  constructor(
    private readonly client: GroupServiceClient,
    private readonly caller: CallerOf,
  ) {}

  close(): void {
    this.client.close();
  }

  async createGroup(
    groupInfo: { groupID?: string; groupName?: string },
    userIDs: string[],
    config: ZIMGroupAdvancedConfig = {},
  ): Promise<ZIMGroupCreatedResult> {
    const { auth } = this.caller();
    const response = await unary<CreateGroupResponse>((done) =>
      this.client.createGroup(
        {
          groupId: groupInfo.groupID ?? '', // '': the server picks an ID
          groupName: groupInfo.groupName ?? '',
          userIds: userIDs,
          maxMemberCount: config.maxMemberCount ?? 0, // 0: the server's default
        },
        auth,
        done,
      ),
    );
    return {
      groupInfo: toZIMGroupFullInfo(required(response.group, 'the group')),
      userList: response.members.map(toZIMGroupMemberInfo),
      errorUserList: response.errorUsers.map(toZIMErrorUserInfo),
    };
  }

  async joinGroup(groupID: string): Promise<ZIMGroupJoinedResult> {
    const { auth } = this.caller();
    const response = await unary<JoinGroupResponse>((done) =>
      this.client.joinGroup({ groupId: groupID }, auth, done),
    );
    return { groupInfo: toZIMGroupFullInfo(required(response.group, 'the group')) };
  }

  async leaveGroup(groupID: string): Promise<ZIMGroupLeftResult> {
    const { auth } = this.caller();
    await unary<LeaveGroupResponse>((done) => this.client.leaveGroup({ groupId: groupID }, auth, done));
    return { groupID };
  }

  async dismissGroup(groupID: string): Promise<ZIMGroupDismissedResult> {
    const { auth } = this.caller();
    await unary<DismissGroupResponse>((done) => this.client.dismissGroup({ groupId: groupID }, auth, done));
    return { groupID };
  }

  async inviteUsersIntoGroup(userIDs: string[], groupID: string): Promise<ZIMGroupUsersInvitedResult> {
    const { auth } = this.caller();
    const response = await unary<InviteUsersIntoGroupResponse>((done) =>
      this.client.inviteUsersIntoGroup({ userIds: userIDs, groupId: groupID }, auth, done),
    );
    return {
      groupID,
      userList: response.members.map(toZIMGroupMemberInfo),
      errorUserList: response.errorUsers.map(toZIMErrorUserInfo),
    };
  }

  async kickGroupMembers(userIDs: string[], groupID: string): Promise<ZIMGroupMemberKickedResult> {
    const { auth } = this.caller();
    const response = await unary<KickGroupMembersResponse>((done) =>
      this.client.kickGroupMembers({ userIds: userIDs, groupId: groupID }, auth, done),
    );
    return {
      groupID,
      kickedUserIDList: response.kickedUserIds,
      errorUserList: response.errorUsers.map(toZIMErrorUserInfo),
    };
  }

  async setGroupMemberRole(
    role: ZIMGroupMemberRole,
    forUserID: string,
    groupID: string,
  ): Promise<ZIMGroupMemberRoleUpdatedResult> {
    const { auth } = this.caller();
    await unary<SetGroupMemberRoleResponse>((done) =>
      this.client.setGroupMemberRole(
        { role: role as number as GroupMemberRole, forUserId: forUserID, groupId: groupID },
        auth,
        done,
      ),
    );
    return { groupID, forUserID, role };
  }

  async queryGroupMemberList(
    groupID: string,
    config: ZIMGroupMemberListQueryConfig,
  ): Promise<ZIMGroupMemberListQueriedResult> {
    const { auth } = this.caller();
    const response = await unary<QueryGroupMemberListResponse>((done) =>
      this.client.queryGroupMemberList(
        { groupId: groupID, count: config.count, nextFlag: config.nextFlag ?? 0 },
        auth,
        done,
      ),
    );
    return { groupID, userList: response.members.map(toZIMGroupMemberInfo), nextFlag: response.nextFlag };
  }

  async queryGroupInfo(groupID: string): Promise<ZIMGroupInfoQueriedResult> {
    const { auth } = this.caller();
    const response = await unary<QueryGroupInfoResponse>((done) =>
      this.client.queryGroupInfo({ groupId: groupID }, auth, done),
    );
    return { groupInfo: toZIMGroupFullInfo(required(response.group, 'the group')) };
  }
}
