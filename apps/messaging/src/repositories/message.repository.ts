import { lockFile, processedState } from '../media/processed-media';
import { ConversationType, conversationKey, Message } from '@parley/contracts';
import { outboxRow, type SessionPrincipal, ZimError } from '@parley/platform';
import { ConversationMembership } from '../membership/conversation-membership';
import { Prisma } from '../generated/prisma';
import type { OutgoingMessage } from '../send-message/outgoing-message';
import { messageSentEvent, toMessage } from '../send-message/stored-message';
import type { MessagingDatabase } from './prisma.service';

export interface StoredSend {
  message: Message;
  /** False when this was a retry of a message already stored (nothing new was written). */
  created: boolean;
}

/** Who a message is for: the peer pair, or the group's or room's members (the sender must be one). */
export async function participantsOf(
  tx: Prisma.TransactionClient,
  sender: SessionPrincipal,
  outgoing: OutgoingMessage,
): Promise<string[]> {
  if (outgoing.conversationType === ConversationType.CONVERSATION_TYPE_PEER)
    return [sender.userId, outgoing.toConversationId];
  const members = await ConversationMembership.membersIn(
    tx,
    sender.appId,
    outgoing.conversationType,
    outgoing.toConversationId,
  );
  if (!members.includes(sender.userId)) {
    const what =
      outgoing.conversationType === ConversationType.CONVERSATION_TYPE_ROOM ? 'in room' : 'a member of group';
    throw ZimError.notAllowed(`you are not ${what} ${outgoing.toConversationId}`);
  }
  return members;
}

/**
 * The message log. Every query is scoped by the app and the sender so no call can reach
 * another app's or user's rows.
 */
export class MessageRepository {
  constructor(private readonly db: MessagingDatabase) {}

  /**
   * Stores the message once per (app, sender, localMessageID): one transaction takes the next
   * conversation seq, inserts the message and its MessageSent outbox event. A retry returns the original.
   */
  async storeOnce(
    sender: SessionPrincipal,
    outgoing: OutgoingMessage,
    requestId: string,
  ): Promise<StoredSend> {
    // No look-up first: a retry is rare, so the unique (sender, localMessageID) index finds it and
    // the hot path saves a round trip; the failed transaction rolls its seq and inbox positions back.
    try {
      const message = await this.db.$transaction((tx) => this.insert(tx, sender, outgoing, requestId));
      return { message, created: true };
    } catch (err) {
      // A retry, or a concurrent send with the same localMessageID: answer with the stored message.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
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
  ): Promise<{ messageId: bigint; participants: string[] }> {
    return this.db.$transaction(async (tx) => {
      const participants = await participantsOf(tx, sender, outgoing);
      const [row] = await tx.$queryRaw<
        { id: bigint }[]
      >`SELECT nextval(pg_get_serial_sequence('message', 'id')) AS id`;
      if (!row) throw new Error('message ID sequence returned no row');
      return { messageId: row.id, participants };
    });
  }

  private async insert(
    tx: Prisma.TransactionClient,
    sender: SessionPrincipal,
    outgoing: OutgoingMessage,
    requestId: string,
  ): Promise<Message> {
    const key = conversationKey(outgoing.conversationType, sender.userId, outgoing.toConversationId);
    // Row lock on the counter serialises senders of one conversation, so seqs are gapless.
    const [counter] = await tx.$queryRaw<{ last_seq: bigint }[]>`
      INSERT INTO conversation_counter (app_id, conversation_key, last_seq) VALUES (${sender.appId}, ${key}, 1)
      ON CONFLICT (app_id, conversation_key) DO UPDATE SET last_seq = conversation_counter.last_seq + 1
      RETURNING last_seq`;
    const [ids] = await tx.$queryRaw<
      { id: bigint }[]
    >`SELECT nextval(pg_get_serial_sequence('message', 'id')) AS id`;
    if (!counter || !ids) throw new Error('sequence allocation returned no row');
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
      { messageId: ids.id, seq: Number(counter.last_seq), sentAt },
    );
    await tx.message.create({
      data: {
        id: ids.id,
        appId: sender.appId,
        conversationKey: key,
        seq: counter.last_seq,
        senderUserId: sender.userId,
        localMessageId: outgoing.localMessageId,
        conversationType: outgoing.conversationType,
        toConversationId: outgoing.toConversationId,
        type: outgoing.content.type,
        sentAt,
        fileUid,
        payload: Buffer.from(Message.encode(message).finish()),
      },
    });
    const participants = await participantsOf(tx, sender, outgoing);
    // Rooms are live: their messages are stored (history) but not kept in anyone's inbox for later.
    const inboxSeqs =
      outgoing.conversationType === ConversationType.CONVERSATION_TYPE_ROOM
        ? Object.fromEntries(participants.map((userId) => [userId, 0]))
        : await this.appendToInboxes(tx, sender.appId, participants, ids.id);
    const event = messageSentEvent(sender.appId, message, requestId, {
      inboxSeqs,
      senderSessionId: sender.sessionId,
    });
    await tx.outboxEvent.create({ data: outboxRow(event) });
    return { ...message, inboxSeq: inboxSeqs[sender.userId] ?? 0 };
  }

  /**
   * Gives the message the next position in each participant's inbox. Counters are locked in user
   * order, after the conversation's, so concurrent sends cannot deadlock.
   */
  private async appendToInboxes(
    tx: Prisma.TransactionClient,
    appId: string,
    participants: string[],
    messageId: bigint,
  ): Promise<Record<string, number>> {
    const seqs: Record<string, number> = {};
    for (const userId of [...new Set(participants)].sort()) {
      const [row] = await tx.$queryRaw<{ last_seq: bigint }[]>`
        INSERT INTO inbox_counter (app_id, user_id, last_seq) VALUES (${appId}, ${userId}, 1)
        ON CONFLICT (app_id, user_id) DO UPDATE SET last_seq = inbox_counter.last_seq + 1
        RETURNING last_seq`;
      if (!row) throw new Error('inbox counter returned no row');
      await tx.inboxEntry.create({ data: { appId, userId, seq: row.last_seq, messageId } });
      seqs[userId] = Number(row.last_seq);
    }
    return seqs;
  }
}
