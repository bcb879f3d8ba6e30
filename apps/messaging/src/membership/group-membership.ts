import { ConversationEvent } from '@parley/contracts';
import { decodeEach, type IncomingEvent } from '@parley/platform';
import type { Prisma } from '../generated/prisma';
import type { MessagingDatabase } from '../repositories/prisma.service';

/**
 * messaging's projection of group membership, kept from the conversation service's events. Applying
 * an event twice changes nothing, so redelivery is harmless; the projection can be rebuilt by
 * replaying the topic from the start into an empty table.
 */
export class GroupMembership {
  constructor(private readonly db: MessagingDatabase) {}

  readonly handleBatch = async (events: IncomingEvent[]): Promise<void> => {
    for (const event of decodeEach(events, ConversationEvent.decode)) await this.apply(event);
  };

  private async apply({ appId, event }: ConversationEvent): Promise<void> {
    switch (event?.$case) {
      case 'groupMemberJoined':
        await this.db.groupMember.createMany({
          data: event.value.userIds.map((userId) => ({ appId, groupId: event.value.groupId, userId })),
          skipDuplicates: true,
        });
        return;
      case 'groupMemberLeft':
        await this.db.groupMember.deleteMany({
          where: { appId, groupId: event.value.groupId, userId: { in: event.value.userIds } },
        });
        return;
      case 'groupDismissed':
        await this.db.groupMember.deleteMany({ where: { appId, groupId: event.value.groupId } });
        return;
    }
  }

  async isMember(appId: string, groupId: string, userId: string): Promise<boolean> {
    const row = await this.db.groupMember.findUnique({
      where: { appId_groupId_userId: { appId, groupId, userId } },
      select: { userId: true },
    });
    return row !== null;
  }

  /** The group's members, read inside the send transaction so the fan-out matches the membership check. */
  static async membersIn(tx: Prisma.TransactionClient, appId: string, groupId: string): Promise<string[]> {
    const rows = await tx.groupMember.findMany({ where: { appId, groupId }, select: { userId: true } });
    return rows.map((r) => r.userId);
  }
}
