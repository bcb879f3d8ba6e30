import { type OutgoingEvent, ZimError, ZimErrorCode } from '@parley/platform';
import type { Prisma } from '../generated/prisma';
import { membershipEvent, validId } from '../membership-events';
import type { ConversationDatabase } from '../repositories/prisma.service';

// Groups and members in Postgres, read and changed inside the caller's transaction.
export type Tx = Prisma.TransactionClient;
export type GroupRow = Awaited<ReturnType<Tx['group']['findFirstOrThrow']>>;
export type MemberRow = Awaited<ReturnType<Tx['groupMember']['findFirstOrThrow']>>;

export async function requireLiveGroup(
  db: ConversationDatabase | Tx,
  appId: string,
  groupId: string,
): Promise<GroupRow> {
  if (!validId(groupId)) throw ZimError.invalidParams('groupID must be 1-32 bytes without spaces');
  const group = await db.group.findUnique({ where: { appId_groupId: { appId, groupId } } });
  if (!group || group.dismissedAt)
    throw ZimError.of(ZimErrorCode.GroupDoesNotExist, `group ${groupId} does not exist`);
  return group;
}

/** Locks the group row: membership changes of one group run one at a time (capacity, ownership). */
export async function lockGroup(tx: Tx, appId: string, groupId: string): Promise<GroupRow> {
  await tx.$executeRaw`SELECT 1 FROM "group" WHERE app_id = ${appId} AND group_id = ${groupId} FOR UPDATE`;
  return requireLiveGroup(tx, appId, groupId);
}

export function membersOf(tx: Tx, appId: string, groupId: string): Promise<MemberRow[]> {
  return tx.groupMember.findMany({ where: { appId, groupId }, orderBy: { id: 'asc' } });
}

export function requireMember(members: MemberRow[], userId: string, groupId: string): MemberRow {
  const me = members.find((m) => m.userId === userId);
  if (!me) throw ZimError.of(ZimErrorCode.GroupUserNotInGroup, `${userId} is not in group ${groupId}`);
  return me;
}

export async function dismiss(
  tx: Tx,
  group: GroupRow,
  events: OutgoingEvent[],
  requestId: string,
): Promise<void> {
  const members = await membersOf(tx, group.appId, group.groupId);
  await tx.groupMember.deleteMany({ where: { appId: group.appId, groupId: group.groupId } });
  await tx.group.update({
    where: { appId_groupId: { appId: group.appId, groupId: group.groupId } },
    data: { dismissedAt: new Date() },
  });
  events.push(
    membershipEvent(
      group.appId,
      group.groupId,
      {
        $case: 'groupDismissed',
        value: { groupId: group.groupId, memberUserIds: members.map((m) => m.userId) },
      },
      requestId,
    ),
  );
}
