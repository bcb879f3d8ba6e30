import { Injectable } from '@nestjs/common';
import {
  type Conversation,
  type ConversationAnchor,
  ConversationType,
  conversationKey,
} from '@parley/contracts';
import { type SessionPrincipal, ZimError, ZimErrorCode } from '@parley/platform';
import { ConversationDatabase } from '../repositories/prisma.service';
import { type ConversationTarget, refOf } from './list-commands';
import {
  DO_NOT_DISTURB,
  fromRecord,
  isVisible,
  type ListRow,
  type ListRowRecord,
  toConversation,
} from './list-row';

/** Reads of a user's conversation list. */
@Injectable()
export class ListQueries {
  constructor(private readonly db: ConversationDatabase) {}

  /** Pinned first, then newest first; `anchor` is the last entry of the previous page. */
  async list(user: SessionPrincipal, count: number, anchor?: ConversationAnchor): Promise<Conversation[]> {
    if (!Number.isInteger(count) || count < 1 || count > 100)
      throw ZimError.invalidParams('count must be between 1 and 100');
    const { appId, userId } = user;
    const records = anchor
      ? await this.db.$queryRaw<ListRowRecord[]>`
          SELECT * FROM user_conversation
          WHERE app_id = ${appId} AND user_id = ${userId} AND last_seq > 0 AND last_seq > deleted_through_seq
            AND (
              (${anchor.isPinned} AND NOT is_pinned)
              OR (is_pinned = ${anchor.isPinned} AND (
                order_key < ${BigInt(anchor.orderKey)}
                OR (order_key = ${BigInt(anchor.orderKey)} AND conversation_key > ${anchorKey(user, anchor)})))
            )
          ORDER BY is_pinned DESC, order_key DESC, conversation_key ASC
          LIMIT ${count}`
      : await this.db.$queryRaw<ListRowRecord[]>`
          SELECT * FROM user_conversation
          WHERE app_id = ${appId} AND user_id = ${userId} AND last_seq > 0 AND last_seq > deleted_through_seq
          ORDER BY is_pinned DESC, order_key DESC, conversation_key ASC
          LIMIT ${count}`;
    return this.toConversations(records.map(fromRecord));
  }

  async one(user: SessionPrincipal, target: ConversationTarget): Promise<Conversation> {
    const ref = refOf(user, target);
    const found = await this.db.userConversation.findUnique({
      where: {
        appId_userId_conversationKey: {
          appId: ref.appId,
          userId: ref.userId,
          conversationKey: ref.conversationKey,
        },
      },
    });
    const row: ListRow | null = found;
    if (!row || !isVisible(row))
      throw ZimError.of(
        ZimErrorCode.ConversationDoesNotExist,
        `conversation ${target.conversationId} is not in ${user.userId}'s conversation list`,
      );
    const [conversation] = await this.toConversations([row]);
    return conversation as Conversation;
  }

  /** The same number conversationTotalUnreadMessageCountUpdated announces: do-not-disturb left out. */
  async totalUnread(user: SessionPrincipal): Promise<number> {
    const sum = await this.db.userConversation.aggregate({
      where: { appId: user.appId, userId: user.userId, notificationStatus: { not: DO_NOT_DISTURB } },
      _sum: { unreadCount: true },
    });
    return sum._sum.unreadCount ?? 0;
  }

  private async toConversations(rows: ListRow[]): Promise<Conversation[]> {
    const groupIds = rows
      .filter((r) => r.conversationType === ConversationType.CONVERSATION_TYPE_GROUP)
      .map((r) => r.conversationId);
    const names = new Map<string, string>();
    if (groupIds.length > 0) {
      const groups = await this.db.group.findMany({
        where: { appId: rows[0]?.appId, groupId: { in: groupIds } },
        select: { groupId: true, groupName: true },
      });
      for (const g of groups) names.set(g.groupId, g.groupName);
    }
    return rows.map((r) =>
      toConversation(
        r,
        r.conversationType === ConversationType.CONVERSATION_TYPE_GROUP
          ? (names.get(r.conversationId) ?? '')
          : '',
      ),
    );
  }
}

function anchorKey(user: SessionPrincipal, anchor: ConversationAnchor): string {
  return conversationKey(anchor.type, user.userId, anchor.conversationId);
}
