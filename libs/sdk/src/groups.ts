import { AreaClient } from './area-client';
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
import { required } from './rpc';
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
export class Groups extends AreaClient<GroupServiceClient> {
  async createGroup(
    groupInfo: { groupID?: string; groupName?: string },
    userIDs: string[],
    config: ZIMGroupAdvancedConfig = {},
  ): Promise<ZIMGroupCreatedResult> {
    const response = await this.call<CreateGroupResponse>((auth, done) =>
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
    const response = await this.call<JoinGroupResponse>((auth, done) =>
      this.client.joinGroup({ groupId: groupID }, auth, done),
    );
    return { groupInfo: toZIMGroupFullInfo(required(response.group, 'the group')) };
  }

  async leaveGroup(groupID: string): Promise<ZIMGroupLeftResult> {
    await this.call<LeaveGroupResponse>((auth, done) =>
      this.client.leaveGroup({ groupId: groupID }, auth, done),
    );
    return { groupID };
  }

  async dismissGroup(groupID: string): Promise<ZIMGroupDismissedResult> {
    await this.call<DismissGroupResponse>((auth, done) =>
      this.client.dismissGroup({ groupId: groupID }, auth, done),
    );
    return { groupID };
  }

  async inviteUsersIntoGroup(userIDs: string[], groupID: string): Promise<ZIMGroupUsersInvitedResult> {
    const response = await this.call<InviteUsersIntoGroupResponse>((auth, done) =>
      this.client.inviteUsersIntoGroup({ userIds: userIDs, groupId: groupID }, auth, done),
    );
    return {
      groupID,
      userList: response.members.map(toZIMGroupMemberInfo),
      errorUserList: response.errorUsers.map(toZIMErrorUserInfo),
    };
  }

  async kickGroupMembers(userIDs: string[], groupID: string): Promise<ZIMGroupMemberKickedResult> {
    const response = await this.call<KickGroupMembersResponse>((auth, done) =>
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
    await this.call<SetGroupMemberRoleResponse>((auth, done) =>
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
    const response = await this.call<QueryGroupMemberListResponse>((auth, done) =>
      this.client.queryGroupMemberList(
        { groupId: groupID, count: config.count, nextFlag: config.nextFlag ?? 0 },
        auth,
        done,
      ),
    );
    return { groupID, userList: response.members.map(toZIMGroupMemberInfo), nextFlag: response.nextFlag };
  }

  async queryGroupInfo(groupID: string): Promise<ZIMGroupInfoQueriedResult> {
    const response = await this.call<QueryGroupInfoResponse>((auth, done) =>
      this.client.queryGroupInfo({ groupId: groupID }, auth, done),
    );
    return { groupInfo: toZIMGroupFullInfo(required(response.group, 'the group')) };
  }
}
