import type { GroupInfo, GroupMemberInfo, GroupMemberRole } from '@parley/contracts';
import type { OutgoingEvent } from '@parley/platform';
import { membershipEvent } from '../membership-events';
import type { GroupRow, MemberRow } from './group-store';

// What group changes announce (membership events) and how groups look to clients.
export function joinedEvent(
  appId: string,
  groupId: string,
  userIds: string[],
  operatorUserId: string,
  memberUserIds: string[],
  requestId: string,
): OutgoingEvent {
  return membershipEvent(
    appId,
    groupId,
    { $case: 'groupMemberJoined', value: { groupId, userIds, operatorUserId, memberUserIds } },
    requestId,
  );
}

export function leftEvent(
  appId: string,
  groupId: string,
  userIds: string[],
  operatorUserId: string,
  rest: MemberRow[],
  requestId: string,
): OutgoingEvent {
  return membershipEvent(
    appId,
    groupId,
    {
      $case: 'groupMemberLeft',
      value: { groupId, userIds, operatorUserId, memberUserIds: rest.map((m) => m.userId) },
    },
    requestId,
  );
}

export function toGroupInfo(group: GroupRow, memberCount: number): GroupInfo {
  return {
    groupId: group.groupId,
    groupName: group.groupName,
    ownerUserId: group.ownerUserId,
    memberCount,
    maxMemberCount: group.maxMemberCount,
    createdAt: group.createdAt.getTime(),
  };
}

export function toMemberInfo(m: MemberRow): GroupMemberInfo {
  return { userId: m.userId, memberRole: m.role as GroupMemberRole, joinedAt: m.joinedAt.getTime() };
}
