import { type ConversationEvent, ConversationType } from '@parley/contracts';
import { Injectable } from '@nestjs/common';
import type { RawSql } from '@parley/platform';
import { MessagingDatabase } from '../repositories/prisma.service';

/**
 * messaging's projection of group and room membership, kept from the conversation service's events.
 * Applying an event twice changes nothing, so redelivery is harmless; the projection can be rebuilt
 * by replaying the topic from the start into empty tables.
 */
@Injectable()
export class MembershipRepository {
  constructor(private readonly db: MessagingDatabase) {}

  /** Applies a batch of conversation events in order (those that are not about membership are ignored). */
  async applyAll(events: ConversationEvent[]): Promise<void> {
    for (const event of events) await this.apply(event);
  }

  private async apply({ appId, event }: ConversationEvent): Promise<void> {
    switch (event?.$case) {
      case 'groupMemberJoined': {
        const { groupId, userIds } = event.value;
        await this.db.groupMember.createMany({
          data: userIds.map((userId) => ({ appId, groupId, userId })),
          skipDuplicates: true,
        });
        return;
      }
      case 'groupMemberLeft':
        await this.db.groupMember.deleteMany({
          where: { appId, groupId: event.value.groupId, userId: { in: event.value.userIds } },
        });
        return;
      case 'groupDismissed':
        await this.db.groupMember.deleteMany({ where: { appId, groupId: event.value.groupId } });
        return;
      case 'roomMemberJoined': {
        const { roomId, userIds } = event.value;
        await this.db.roomMember.createMany({
          data: userIds.map((userId) => ({ appId, roomId, userId })),
          skipDuplicates: true,
        });
        return;
      }
      case 'roomMemberLeft':
        await this.db.roomMember.deleteMany({
          where: { appId, roomId: event.value.roomId, userId: { in: event.value.userIds } },
        });
        return;
    }
  }

  async isMember(
    appId: string,
    type: ConversationType,
    conversationId: string,
    userId: string,
  ): Promise<boolean> {
    return (await MembershipRepository.membersIn(this.db, appId, type, conversationId)).includes(userId);
  }

  /**
   * A group's or room's members; read inside the send transaction so the fan-out matches the
   * membership check. Raw SQL, so it runs in the send's pg transaction as well as through Prisma.
   */
  static async membersIn(
    db: RawSql,
    appId: string,
    type: ConversationType,
    conversationId: string,
  ): Promise<string[]> {
    const rows =
      type === ConversationType.CONVERSATION_TYPE_ROOM
        ? await db.$queryRaw<{ user_id: string }[]>`
            SELECT user_id FROM room_member WHERE app_id = ${appId} AND room_id = ${conversationId}`
        : await db.$queryRaw<{ user_id: string }[]>`
            SELECT user_id FROM group_member WHERE app_id = ${appId} AND group_id = ${conversationId}`;
    return rows.map((r) => r.user_id);
  }
}
