import {
  conversationKey,
  EventHeaders,
  Message,
  MessageSentStatus,
  MessagingEvent,
  Topics,
} from '@parley/contracts';
import type { SessionPrincipal } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../generated/prisma';
import type { OutgoingMessage } from '../send-message/outgoing-message';
import type { MessagingDatabase } from './prisma.service';

export interface StoredSend {
  message: Message;
  /** False when this was a retry of a message already stored (nothing new was written). */
  created: boolean;
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
    const existing = await this.findBySenderLocalId(sender, outgoing.localMessageId);
    if (existing) return { message: existing, created: false };
    try {
      const message = await this.db.$transaction((tx) => this.insert(tx, sender, outgoing, requestId));
      return { message, created: true };
    } catch (err) {
      // A concurrent retry with the same localMessageID won the race: answer with its message.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        const winner = await this.findBySenderLocalId(sender, outgoing.localMessageId);
        if (winner) return { message: winner, created: false };
      }
      throw err;
    }
  }

  private async findBySenderLocalId(
    sender: SessionPrincipal,
    localMessageId: string,
  ): Promise<Message | undefined> {
    const row = await this.db.message.findUnique({
      where: {
        appId_senderUserId_localMessageId: {
          appId: sender.appId,
          senderUserId: sender.userId,
          localMessageId,
        },
      },
      select: { payload: true },
    });
    return row ? Message.decode(row.payload) : undefined;
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
    const seq = Number(counter.last_seq);
    const sentAt = new Date();
    const { content } = outgoing;
    const message: Message = {
      messageId: ids.id.toString(),
      localMessageId: outgoing.localMessageId,
      senderUserId: sender.userId,
      conversationId: outgoing.toConversationId,
      conversationType: outgoing.conversationType,
      type: content.type,
      timestamp: sentAt.getTime(),
      conversationSeq: seq,
      orderKey: seq,
      sentStatus: MessageSentStatus.MESSAGE_SENT_STATUS_SUCCESS,
      text: content.text,
      data: content.data,
      subType: content.subType,
      searchedContent: content.searchedContent,
      extendedData: content.extendedData,
      mentionedUserIds: content.mentionedUserIds,
      isMentionAll: content.isMentionAll,
    };
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
        type: content.type,
        sentAt,
        payload: Buffer.from(Message.encode(message).finish()),
      },
    });
    const event = MessagingEvent.encode({
      eventId: randomUUID(),
      occurredAt: sentAt.getTime(),
      appId: sender.appId,
      event: { $case: 'messageSent', value: { message, conversationKey: key } },
    }).finish();
    await tx.outboxEvent.create({
      data: {
        topic: Topics.messagingEvents,
        key: `${sender.appId}/${key}`,
        payload: Buffer.from(event),
        headers: { [EventHeaders.eventType]: 'messageSent', [EventHeaders.traceId]: requestId },
      },
    });
    return message;
  }
}
