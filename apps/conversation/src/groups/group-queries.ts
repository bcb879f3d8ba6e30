import { Injectable } from '@nestjs/common';
import type { GroupInfo, QueryGroupMemberListResponse } from '@parley/contracts';
import { type SessionPrincipal, ZimError, ZimErrorCode } from '@parley/platform';
import { ConversationDatabase } from '../repositories/prisma.service';
import { toGroupInfo, toMemberInfo } from './group-events';
import { requireLiveGroup } from './group-store';

/** Reading groups: a member's view of the member list, and a group's info. */
@Injectable()
export class GroupQueries {
  constructor(private readonly db: ConversationDatabase) {}

  async memberList(
    user: SessionPrincipal,
    groupId: string,
    count: number,
    nextFlag: number,
  ): Promise<QueryGroupMemberListResponse> {
    if (!Number.isInteger(count) || count < 1 || count > 100)
      throw ZimError.invalidParams('count must be between 1 and 100');
    await requireLiveGroup(this.db, user.appId, groupId);
    const me = await this.db.groupMember.findUnique({
      where: { appId_groupId_userId: { appId: user.appId, groupId, userId: user.userId } },
    });
    if (!me) throw ZimError.of(ZimErrorCode.GroupUserNotInGroup, `${user.userId} is not in group ${groupId}`);
    const page = await this.db.groupMember.findMany({
      where: { appId: user.appId, groupId, id: { gt: BigInt(nextFlag) } },
      orderBy: { id: 'asc' },
      take: count + 1,
    });
    const members = page.slice(0, count);
    const last = members[members.length - 1];
    return {
      members: members.map(toMemberInfo),
      nextFlag: page.length > count && last ? Number(last.id) : 0,
    };
  }

  async info(user: SessionPrincipal, groupId: string): Promise<GroupInfo> {
    const group = await requireLiveGroup(this.db, user.appId, groupId);
    const count = await this.db.groupMember.count({ where: { appId: user.appId, groupId } });
    return toGroupInfo(group, count);
  }
}
