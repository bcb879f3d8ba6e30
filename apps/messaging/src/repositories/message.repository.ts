import { Injectable } from '@nestjs/common';
import { lockFile, processedState } from './media-file.repository';
import { ConversationType, conversationKey, Message } from '@parley/contracts';
import {
  isPgUniqueViolation,
  outboxRow,
  pgTransaction,
  type RawSql,
  type SessionPrincipal,
} from '@parley/platform';
import { MembershipRepository } from './membership.repository';
import type { OutgoingMessage } from '../domain/outgoing-message';
import type { Audience } from '../domain/participants';
import { messageSentEvent, toMessage } from '../domain/stored-message';
import { MessagingDatabase } from './prisma.service';

export interface StoredSend {
  message: Message;
  /** False when this was a retry of a message already stored (nothing new was written). */
  created: boolean;
}

/** The members of a group or room (none for a peer conversation), read inside the send transaction. */
async function membersOf(tx: RawSql, sender: SessionPrincipal, outgoing: OutgoingMessage): Promise<string[]> {
  if (outgoing.conversationType === ConversationType.CONVERSATION_TYPE_PEER) return [];
  return MembershipRepository.membersIn(
    tx,
    sender.appId,
    outgoing.conversationType,
    outgoing.toConversationId,
  );
}

/**
 * The message log. Every query is scoped by the app and the sender so no call can reach
 * another app's or user's rows.
 */
@Injectable()
export class MessageRepository {
  constructor(private readonly db: MessagingDatabase) {}

  /**
   * Stores the message once per (app, sender, localMessageID): one transaction takes the next
   * conversation seq, inserts the message and its MessageSent outbox event. A retry returns the original.
   * `audience` (the caller's rule) decides who receives it from the members read in the transaction.
   */
  async storeOnce(
    sender: SessionPrincipal,
    outgoing: OutgoingMessage,
    requestId: string,
    audience: Audience,
  ): Promise<StoredSend> {
    // No look-up first: a retry is rare, so the unique (sender, localMessageID) index finds it and
    // the hot path saves a round trip; the failed transaction rolls its seq and inbox positions back.
    try {
      const message = await pgTransaction(this.db.pool, (sql) =>
        this.insert(sql, sender, outgoing, requestId, audience),
      );
      return { message, created: true };
    } catch (err) {
      // A retry, or a concurrent send with the same localMessageID: answer with the stored message.
      if (isPgUniqueViolation(err, 'message_idempotency_key')) {
        const winner = await this.findBySenderLocalId(sender, outgoing.localMessageId);
        if (winner) return { message: winner, created: false };
      }
      throw err;
    }
  }

  /** The stored message with the sender's inbox position, as the original reply carried it. */
  private async findBySenderLocalId(
    sender: SessionPrincipal,
    localMessageId: string,
  ): Promise<Message | undefined> {
    const [row] = await this.db.$queryRaw<{ payload: Buffer; inbox_seq: bigint | null }[]>`
      SELECT m.payload, i.seq AS inbox_seq FROM message m
      LEFT JOIN inbox_entry i ON i.app_id = m.app_id AND i.user_id = m.sender_user_id AND i.message_id = m.id
      WHERE m.app_id = ${sender.appId} AND m.sender_user_id = ${sender.userId} AND m.local_message_id = ${localMessageId}`;
    return row ? { ...Message.decode(row.payload), inboxSeq: Number(row.inbox_seq ?? 0) } : undefined;
  }

  /**
   * For a message relayed without being stored (Command, Barrage): a fresh server messageID and who
   * receives it, with the same membership rule as stored messages.
   */
  async prepareRelay(
    sender: SessionPrincipal,
    outgoing: OutgoingMessage,
    audience: Audience,
  ): Promise<{ messageId: bigint; participants: string[] }> {
    return this.db.$transaction(async (tx) => {
      const participants = audience(sender, outgoing, await membersOf(tx, sender, outgoing));
      const [row] = await tx.$queryRaw<
        { id: bigint }[]
      >`SELECT nextval(pg_get_serial_sequence('message', 'id')) AS id`;
      if (!row) throw new Error('message ID sequence returned no row');
      return { messageId: row.id, participants };
    });
  }

  /**
   * The send transaction, on the pg driver (pgTransaction): three statements for a peer message,
   * where eight Prisma calls used to cost ~7 ms of CPU per send (docs/benchmarks.md, "Profile").
   * Locks are taken in a fixed order, the conversation's counter first, then the participants'
   * inbox counters in user order, so concurrent sends cannot deadlock.
   */
  private async insert(
    tx: RawSql,
    sender: SessionPrincipal,
    outgoing: OutgoingMessage,
    requestId: string,
    audience: Audience,
  ): Promise<Message> {
    const key = conversationKey(outgoing.conversationType, sender.userId, outgoing.toConversationId);
    // Row lock on the counter serialises senders of one conversation, so seqs are gapless.
    const [counter] = await tx.$queryRaw<{ seq: bigint; id: bigint }[]>`
      INSERT INTO conversation_counter (app_id, conversation_key, last_seq) VALUES (${sender.appId}, ${key}, 1)
      ON CONFLICT (app_id, conversation_key) DO UPDATE SET last_seq = conversation_counter.last_seq + 1
      RETURNING last_seq AS seq, nextval(pg_get_serial_sequence('message', 'id')) AS id`;
    if (!counter) throw new Error('sequence allocation returned no row');
    const sentAt = new Date();
    const fileUid = outgoing.content.media?.fileUid || null;
    let content = outgoing.content;
    if (fileUid && content.media) {
      // An image processed before this send shows its thumbnail at once; one processed later updates this row.
      await lockFile(tx, sender.appId, fileUid);
      const processed = await processedState(tx, sender.appId, fileUid);
      if (processed) content = { ...content, media: { ...content.media, ...processed } };
    }
    const message = toMessage(
      sender,
      { ...outgoing, content },
      { messageId: counter.id, seq: Number(counter.seq), sentAt },
    );
    const participants = audience(sender, outgoing, await membersOf(tx, sender, outgoing));
    // Rooms are live: their messages are stored (history) but not kept in anyone's inbox for later.
    const inboxSeqs =
      outgoing.conversationType === ConversationType.CONVERSATION_TYPE_ROOM
        ? Object.fromEntries(participants.map((userId) => [userId, 0]))
        : await this.nextInboxSeqs(tx, sender.appId, participants);
    const inboxUsers =
      outgoing.conversationType === ConversationType.CONVERSATION_TYPE_ROOM ? [] : Object.keys(inboxSeqs);
    const event = outboxRow(
      messageSentEvent(sender.appId, message, requestId, { inboxSeqs, senderSessionId: sender.sessionId }),
    );
    await tx.$executeRaw`
      WITH stored AS (
        INSERT INTO message (id, app_id, conversation_key, seq, sender_user_id, local_message_id,
                             conversation_type, to_conversation_id, type, sent_at, file_uid, payload)
        VALUES (${counter.id}, ${sender.appId}, ${key}, ${counter.seq}, ${sender.userId},
                ${outgoing.localMessageId}, ${outgoing.conversationType}, ${outgoing.toConversationId},
                ${outgoing.content.type}, ${sentAt}, ${fileUid}, ${Buffer.from(Message.encode(message).finish())})
      ), inboxes AS (
        INSERT INTO inbox_entry (app_id, user_id, seq, message_id)
        SELECT ${sender.appId}, u, s, ${counter.id}
        FROM unnest(${inboxUsers}::text[], ${inboxUsers.map((u) => inboxSeqs[u] ?? 0)}::bigint[]) AS t(u, s)
      )
      INSERT INTO outbox_event (topic, key, payload, headers)
      VALUES (${event.topic}, ${event.key}, ${event.payload}, ${JSON.stringify(event.headers)}::jsonb)`;
    return { ...message, inboxSeq: inboxSeqs[sender.userId] ?? 0 };
  }

  /** The next position in each participant's inbox, counters locked in user order in one statement. */
  private async nextInboxSeqs(
    tx: RawSql,
    appId: string,
    participants: string[],
  ): Promise<Record<string, number>> {
    const users = [...new Set(participants)].sort();
    const rows = await tx.$queryRaw<{ user_id: string; last_seq: bigint }[]>`
      INSERT INTO inbox_counter (app_id, user_id, last_seq)
      SELECT ${appId}, u, 1 FROM unnest(${users}::text[]) WITH ORDINALITY AS t(u, n) ORDER BY n
      ON CONFLICT (app_id, user_id) DO UPDATE SET last_seq = inbox_counter.last_seq + 1
      RETURNING user_id, last_seq`;
    if (rows.length !== users.length) throw new Error('inbox counters returned too few rows');
    return Object.fromEntries(rows.map((r) => [r.user_id, Number(r.last_seq)]));
  }
}
