import { Inject, Injectable } from '@nestjs/common';
import {
  type CreateGroupRequest,
  type CreateGroupResponse,
  type ErrorUserInfo,
  type GroupInfo,
  GroupMemberRole,
  type InviteUsersIntoGroupResponse,
  type KickGroupMembersResponse,
} from '@parley/contracts';
import { OutboxRelay, type SessionPrincipal, ZimError, ZimErrorCode } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import { CONVERSATION_LIMITS, type ConversationLimits } from '../config';
import type {} from '../generated/prisma';
import { membershipEvent, validId } from '../membership-events';
import { withOutbox } from '../repositories/outbox';
import { ConversationDatabase } from '../repositories/prisma.service';
import { joinedEvent, leftEvent, toGroupInfo, toMemberInfo } from './group-events';
import { dismiss, lockGroup, type MemberRow, membersOf, requireMember } from './group-store';

const {
  GROUP_MEMBER_ROLE_OWNER: OWNER,
  GROUP_MEMBER_ROLE_ADMIN: ADMIN,
  GROUP_MEMBER_ROLE_MEMBER: MEMBER,
} = GroupMemberRole;

/**
 * Groups and their members with roles. Every change locks the group row, writes the membership and
 * queues the matching event (GroupMemberJoined, GroupMemberLeft, GroupDismissed) in one transaction.
 */
@Injectable()
export class GroupCommands {
  constructor(
    private readonly db: ConversationDatabase,
    private readonly relay: OutboxRelay,
    @Inject(CONVERSATION_LIMITS) private readonly limits: ConversationLimits,
  ) {}

  async create(
    user: SessionPrincipal,
    request: CreateGroupRequest,
    requestId: string,
  ): Promise<CreateGroupResponse> {
    const groupId = request.groupId || randomUUID().replace(/-/g, '');
    if (!validId(groupId)) throw ZimError.invalidParams('groupID must be 1-32 bytes without spaces');
    if (Buffer.byteLength(request.groupName) > 64) throw ZimError.invalidParams('groupName is over 64 bytes');
    const maxMemberCount = request.maxMemberCount || this.limits.groupMaxMembers;
    if (maxMemberCount < 1 || maxMemberCount > this.limits.groupMaxMembers)
      throw ZimError.invalidParams(`maxMemberCount must be between 1 and ${this.limits.groupMaxMembers}`);
    const invited = [...new Set(request.userIds)].filter((id) => id !== user.userId);
    if (invited.length > this.limits.groupMaxInitialMembers)
      throw ZimError.invalidParams(`createGroup takes at most ${this.limits.groupMaxInitialMembers} userIDs`);
    const errorUsers: ErrorUserInfo[] = invited
      .filter((id) => !validId(id))
      .map((userId) => ({ userId, reason: ZimErrorCode.InvalidParams }));
    const joining = invited.filter(validId);
    if (joining.length + 1 > maxMemberCount)
      throw ZimError.of(
        ZimErrorCode.GroupMemberLimitReached,
        `${joining.length + 1} members do not fit a group of at most ${maxMemberCount}`,
      );
    return withOutbox(this.db, this.relay, async (tx, events) => {
      const existing = await tx.group.findUnique({
        where: { appId_groupId: { appId: user.appId, groupId } },
      });
      if (existing?.dismissedAt)
        throw ZimError.of(
          ZimErrorCode.GroupDismissed,
          `group ${groupId} was dismissed; its ID cannot be reused`,
        );
      if (existing) throw ZimError.of(ZimErrorCode.GroupAlreadyExists, `group ${groupId} already exists`);
      const group = await tx.group.create({
        data: {
          appId: user.appId,
          groupId,
          groupName: request.groupName,
          ownerUserId: user.userId,
          maxMemberCount,
        },
      });
      await tx.groupMember.createMany({
        data: [
          { appId: user.appId, groupId, userId: user.userId, role: OWNER },
          ...joining.map((userId) => ({ appId: user.appId, groupId, userId, role: MEMBER })),
        ],
      });
      const members = await membersOf(tx, user.appId, groupId);
      const memberIds = members.map((m) => m.userId);
      events.push(
        membershipEvent(
          user.appId,
          groupId,
          {
            $case: 'groupMemberJoined',
            value: { groupId, userIds: memberIds, operatorUserId: user.userId, memberUserIds: memberIds },
          },
          requestId,
        ),
      );
      return { group: toGroupInfo(group, members.length), members: members.map(toMemberInfo), errorUsers };
    });
  }

  async join(user: SessionPrincipal, groupId: string, requestId: string): Promise<GroupInfo> {
    return withOutbox(this.db, this.relay, async (tx, events) => {
      const group = await lockGroup(tx, user.appId, groupId);
      const members = await membersOf(tx, user.appId, groupId);
      if (members.some((m) => m.userId === user.userId))
        throw ZimError.of(
          ZimErrorCode.GroupMemberAlreadyInGroup,
          `${user.userId} is already in group ${groupId}`,
        );
      if (members.length >= group.maxMemberCount)
        throw ZimError.of(
          ZimErrorCode.GroupMemberLimitReached,
          `group ${groupId} is full (${group.maxMemberCount})`,
        );
      await tx.groupMember.create({
        data: { appId: user.appId, groupId, userId: user.userId, role: MEMBER },
      });
      events.push(
        joinedEvent(
          user.appId,
          groupId,
          [user.userId],
          user.userId,
          [...members.map((m) => m.userId), user.userId],
          requestId,
        ),
      );
      return toGroupInfo(group, members.length + 1);
    });
  }

  /** An owner who leaves hands the group on (oldest admin, else oldest member); the last one out dismisses it. */
  async leave(user: SessionPrincipal, groupId: string, requestId: string): Promise<void> {
    await withOutbox(this.db, this.relay, async (tx, events) => {
      const group = await lockGroup(tx, user.appId, groupId);
      const members = await membersOf(tx, user.appId, groupId);
      const me = requireMember(members, user.userId, groupId);
      const rest = members.filter((m) => m.userId !== user.userId);
      if (rest.length === 0) {
        await dismiss(tx, group, events, requestId);
        return;
      }
      await tx.groupMember.delete({ where: { id: me.id } });
      if (me.role === OWNER) {
        const heir = rest.find((m) => m.role === ADMIN) ?? rest[0];
        if (heir) {
          await tx.groupMember.update({ where: { id: heir.id }, data: { role: OWNER } });
          await tx.group.update({
            where: { appId_groupId: { appId: user.appId, groupId } },
            data: { ownerUserId: heir.userId },
          });
        }
      }
      events.push(leftEvent(user.appId, groupId, [user.userId], user.userId, rest, requestId));
    });
  }

  async dismiss(user: SessionPrincipal, groupId: string, requestId: string): Promise<void> {
    await withOutbox(this.db, this.relay, async (tx, events) => {
      const group = await lockGroup(tx, user.appId, groupId);
      const members = await membersOf(tx, user.appId, groupId);
      if (requireMember(members, user.userId, groupId).role !== OWNER)
        throw ZimError.of(ZimErrorCode.GroupNoPermission, 'only the group owner can dismiss the group');
      await dismiss(tx, group, events, requestId);
    });
  }

  async invite(
    user: SessionPrincipal,
    groupId: string,
    userIds: string[],
    requestId: string,
  ): Promise<InviteUsersIntoGroupResponse> {
    const wanted = [...new Set(userIds)];
    if (wanted.length === 0 || wanted.length > this.limits.groupMaxInitialMembers)
      throw ZimError.invalidParams(`invite 1-${this.limits.groupMaxInitialMembers} users at a time`);
    return withOutbox(this.db, this.relay, async (tx, events) => {
      const group = await lockGroup(tx, user.appId, groupId);
      const members = await membersOf(tx, user.appId, groupId);
      requireMember(members, user.userId, groupId);
      const present = new Set(members.map((m) => m.userId));
      const errorUsers: ErrorUserInfo[] = [];
      const added: string[] = [];
      for (const userId of wanted) {
        if (!validId(userId)) errorUsers.push({ userId, reason: ZimErrorCode.InvalidParams });
        else if (present.has(userId))
          errorUsers.push({ userId, reason: ZimErrorCode.GroupMemberAlreadyInGroup });
        else if (members.length + added.length >= group.maxMemberCount)
          errorUsers.push({ userId, reason: ZimErrorCode.GroupMemberLimitReached });
        else added.push(userId);
      }
      if (added.length === 0) return { members: [], errorUsers };
      await tx.groupMember.createMany({
        data: added.map((userId) => ({ appId: user.appId, groupId, userId, role: MEMBER })),
      });
      const after = await membersOf(tx, user.appId, groupId);
      events.push(
        joinedEvent(
          user.appId,
          groupId,
          added,
          user.userId,
          after.map((m) => m.userId),
          requestId,
        ),
      );
      return { members: after.filter((m) => added.includes(m.userId)).map(toMemberInfo), errorUsers };
    });
  }

  /** The owner may kick anyone else; an admin may kick plain members. */
  async kick(
    user: SessionPrincipal,
    groupId: string,
    userIds: string[],
    requestId: string,
  ): Promise<KickGroupMembersResponse> {
    const wanted = [...new Set(userIds)];
    if (wanted.length === 0 || wanted.length > 100)
      throw ZimError.invalidParams('kick 1-100 users at a time');
    return withOutbox(this.db, this.relay, async (tx, events) => {
      await lockGroup(tx, user.appId, groupId);
      const members = await membersOf(tx, user.appId, groupId);
      const me = requireMember(members, user.userId, groupId);
      if (me.role === MEMBER)
        throw ZimError.of(ZimErrorCode.GroupNoPermission, 'only the owner or an admin can kick');
      const byId = new Map(members.map((m) => [m.userId, m]));
      const errorUsers: ErrorUserInfo[] = [];
      const kicked: MemberRow[] = [];
      for (const userId of wanted) {
        const target = byId.get(userId);
        if (!target) errorUsers.push({ userId, reason: ZimErrorCode.GroupUserNotInGroup });
        else if (
          userId === user.userId ||
          target.role === OWNER ||
          (me.role === ADMIN && target.role !== MEMBER)
        )
          errorUsers.push({ userId, reason: ZimErrorCode.GroupNoPermission });
        else kicked.push(target);
      }
      if (kicked.length === 0) return { kickedUserIds: [], errorUsers };
      await tx.groupMember.deleteMany({ where: { id: { in: kicked.map((k) => k.id) } } });
      const kickedIds = kicked.map((k) => k.userId);
      const rest = members.filter((m) => !kickedIds.includes(m.userId));
      events.push(leftEvent(user.appId, groupId, kickedIds, user.userId, rest, requestId));
      return { kickedUserIds: kickedIds, errorUsers };
    });
  }

  /** Owner only: promotes a member to admin or back. */
  async setRole(
    user: SessionPrincipal,
    groupId: string,
    forUserId: string,
    role: GroupMemberRole,
  ): Promise<void> {
    if (role !== ADMIN && role !== MEMBER)
      throw ZimError.invalidParams('role must be Admin (2) or Member (3)');
    await withOutbox(this.db, this.relay, async (tx) => {
      await lockGroup(tx, user.appId, groupId);
      const members = await membersOf(tx, user.appId, groupId);
      if (requireMember(members, user.userId, groupId).role !== OWNER)
        throw ZimError.of(ZimErrorCode.GroupNoPermission, 'only the group owner can change roles');
      const target = members.find((m) => m.userId === forUserId);
      if (!target)
        throw ZimError.of(ZimErrorCode.GroupUserNotInGroup, `${forUserId} is not in group ${groupId}`);
      if (target.role === OWNER)
        throw ZimError.of(ZimErrorCode.GroupNoPermission, "the owner's role cannot change");
      await tx.groupMember.update({ where: { id: target.id }, data: { role } });
    });
  }
}
