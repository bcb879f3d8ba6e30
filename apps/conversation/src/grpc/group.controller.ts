import { GrpcMethod, Payload } from '@nestjs/microservices';
import type {
  CreateGroupRequest,
  DismissGroupRequest,
  InviteUsersIntoGroupRequest,
  JoinGroupRequest,
  KickGroupMembersRequest,
  LeaveGroupRequest,
  QueryGroupInfoRequest,
  QueryGroupMemberListRequest,
  SetGroupMemberRoleRequest,
} from '@parley/contracts';
import { Caller, GrpcController, RequestId, type SessionPrincipal } from '@parley/platform';
import { GroupCommands } from '../groups/group-commands';
import { GroupQueries } from '../groups/group-queries';

/** parley.conversation.v1.GroupService: groups, their members and roles. */
@GrpcController()
export class GroupController {
  constructor(
    private readonly groups: GroupCommands,
    private readonly queries: GroupQueries,
  ) {}

  @GrpcMethod('GroupService', 'CreateGroup')
  create(@Payload() r: CreateGroupRequest, @Caller() user: SessionPrincipal, @RequestId() id: string) {
    return this.groups.create(user, r, id);
  }

  @GrpcMethod('GroupService', 'JoinGroup')
  async join(@Payload() r: JoinGroupRequest, @Caller() user: SessionPrincipal, @RequestId() id: string) {
    return { group: await this.groups.join(user, r.groupId, id) };
  }

  @GrpcMethod('GroupService', 'LeaveGroup')
  leave(@Payload() r: LeaveGroupRequest, @Caller() user: SessionPrincipal, @RequestId() id: string) {
    return this.groups.leave(user, r.groupId, id);
  }

  @GrpcMethod('GroupService', 'DismissGroup')
  dismiss(@Payload() r: DismissGroupRequest, @Caller() user: SessionPrincipal, @RequestId() id: string) {
    return this.groups.dismiss(user, r.groupId, id);
  }

  @GrpcMethod('GroupService', 'InviteUsersIntoGroup')
  invite(
    @Payload() r: InviteUsersIntoGroupRequest,
    @Caller() user: SessionPrincipal,
    @RequestId() id: string,
  ) {
    return this.groups.invite(user, r.groupId, r.userIds, id);
  }

  @GrpcMethod('GroupService', 'KickGroupMembers')
  kick(@Payload() r: KickGroupMembersRequest, @Caller() user: SessionPrincipal, @RequestId() id: string) {
    return this.groups.kick(user, r.groupId, r.userIds, id);
  }

  @GrpcMethod('GroupService', 'SetGroupMemberRole')
  setRole(@Payload() r: SetGroupMemberRoleRequest, @Caller() user: SessionPrincipal) {
    return this.groups.setRole(user, r.groupId, r.forUserId, r.role);
  }

  @GrpcMethod('GroupService', 'QueryGroupMemberList')
  members(@Payload() r: QueryGroupMemberListRequest, @Caller() user: SessionPrincipal) {
    return this.queries.memberList(user, r.groupId, r.count, r.nextFlag);
  }

  @GrpcMethod('GroupService', 'QueryGroupInfo')
  async info(@Payload() r: QueryGroupInfoRequest, @Caller() user: SessionPrincipal) {
    return { group: await this.queries.info(user, r.groupId) };
  }
}
