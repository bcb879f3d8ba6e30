import { Injectable } from '@nestjs/common';
import { Message, Topics, type ConversationType } from '@parley/contracts';
import {
  eventEnvelope,
  insertOutboxRows,
  pgSql,
  pgTransaction,
  type RawSql,
  type SessionPrincipal,
  SqlText,
  ZimError,
} from '@parley/platform';
import { viewedBy } from '../domain/message-view';
import { MessagingDatabase } from './prisma.service';

/** One conversation as one user sees it: `key` is the canonical conversation key, `id` the user's name for it. */
export interface ConversationRef {
  key: string;
  id: string;
  type: ConversationType;
}

/**
 * A conversation's stored messages as one user sees them: history pages, and per-user deletion.
 * Every query takes the user, so nobody reads or deletes past their own view.
 */
@Injectable()
export class HistoryRepository {
  constructor(private readonly db: MessagingDatabase) {}

  /** Up to `count` messages beyond `cursorSeq` (0: from the newest when reverse, else the oldest), ascending. */
  async page(
    user: SessionPrincipal,
    conversation: ConversationRef,
    cursorSeq: number,
    count: number,
    reverse: boolean,
  ): Promise<Message[]> {
    // On the pg driver (pgSql): through Prisma each page cost ~1 ms more CPU than the query itself,
    // every payload crossing its adapter as an array of numbers (docs/benchmarks.md, B5).
    return visibleMessages(pgSql(this.db.pool), user, conversation, cursorSeq, count, reverse);
  }

  /** Deletes messages of the conversation for `user`; every ID must be one of its messages, or nothing changes. */
  async deleteMessages(
    user: SessionPrincipal,
    conversation: ConversationRef,
    messageIds: bigint[],
    requestId: string,
  ): Promise<void> {
    await pgTransaction(this.db.pool, async (sql) => {
      const found = await sql.$queryRaw<{ id: bigint }[]>`
        SELECT id FROM message
        WHERE app_id = ${user.appId} AND conversation_key = ${conversation.key} AND id = ANY(${messageIds}::bigint[])`;
      const known = new Set(found.map((f) => f.id));
      const missing = messageIds.filter((id) => !known.has(id));
      if (missing.length > 0)
        throw ZimError.invalidParams(`not messages of this conversation: ${missing.join(', ')}`);
      await sql.$executeRaw`
        INSERT INTO message_deletion (app_id, user_id, message_id)
        SELECT ${user.appId}, ${user.userId}, id FROM unnest(${messageIds}::bigint[]) AS t(id)
        ON CONFLICT DO NOTHING`;
      // Read in this transaction, so it already leaves out what was just deleted.
      const [lastVisibleMessage] = await visibleMessages(sql, user, conversation, 0, 1, true);
      await this.announce(
        sql,
        user,
        conversation,
        { messageIds: messageIds.map(String), allThroughSeq: 0, lastVisibleMessage },
        requestId,
      );
    });
  }

  /** Deletes every message the conversation has now for `user` (later messages stay visible). */
  async deleteAll(user: SessionPrincipal, conversation: ConversationRef, requestId: string): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const counter = await tx.conversationCounter.findUnique({
        where: { appId_conversationKey: { appId: user.appId, conversationKey: conversation.key } },
        select: { lastSeq: true },
      });
      const through = counter?.lastSeq ?? 0n;
      await tx.$executeRaw`
        INSERT INTO conversation_clear (app_id, user_id, conversation_key, through_seq)
        VALUES (${user.appId}, ${user.userId}, ${conversation.key}, ${through})
        ON CONFLICT (app_id, user_id, conversation_key) DO UPDATE SET through_seq = GREATEST(conversation_clear.through_seq, EXCLUDED.through_seq)`;
      await this.announce(
        tx,
        user,
        conversation,
        { messageIds: [], allThroughSeq: Number(through), lastVisibleMessage: undefined },
        requestId,
      );
    });
  }

  /** MessagesDeleted, through the outbox in the same transaction: projections and the user's other devices follow. */
  private async announce(
    sql: RawSql,
    user: SessionPrincipal,
    conversation: ConversationRef,
    what: { messageIds: string[]; allThroughSeq: number; lastVisibleMessage: Message | undefined },
    requestId: string,
  ): Promise<void> {
    await insertOutboxRows(sql, [
      eventEnvelope(
        Topics.messagingEvents,
        `${user.appId}/${conversation.key}`,
        {
          appId: user.appId,
          event: {
            $case: 'messagesDeleted',
            value: {
              userId: user.userId,
              conversationKey: conversation.key,
              conversationId: conversation.id,
              conversationType: conversation.type,
              ...what,
              deleterSessionId: user.sessionId,
            },
          },
        },
        requestId,
      ),
    ]);
  }
}

/**
 * Up to `count` messages `user` sees beyond `cursorSeq` (0: from the newest when reverse, else the
 * oldest), ascending, as they see them: not cleared by deleteAllMessage, not deleted by them.
 */
async function visibleMessages(
  sql: RawSql,
  user: SessionPrincipal,
  conversation: ConversationRef,
  cursorSeq: number,
  count: number,
  reverse: boolean,
): Promise<Message[]> {
  const rows = await sql.$queryRaw<{ payload: Buffer }[]>`
    SELECT m.payload FROM message m
    WHERE m.app_id = ${user.appId} AND m.conversation_key = ${conversation.key}
      AND m.seq > COALESCE((SELECT c.through_seq FROM conversation_clear c
                            WHERE c.app_id = m.app_id AND c.user_id = ${user.userId} AND c.conversation_key = m.conversation_key), 0)
      AND NOT EXISTS (SELECT 1 FROM message_deletion d WHERE d.app_id = m.app_id AND d.user_id = ${user.userId} AND d.message_id = m.id)
      AND CASE WHEN ${reverse}::boolean THEN (${cursorSeq}::bigint = 0 OR m.seq < ${cursorSeq}::bigint)
               ELSE m.seq > ${cursorSeq}::bigint END
    ORDER BY m.seq ${reverse ? SqlText.desc : SqlText.asc} LIMIT ${count}`;
  const messages = rows.map((r) => viewedBy(user.userId, Message.decode(r.payload)));
  return reverse ? messages.reverse() : messages;
}
