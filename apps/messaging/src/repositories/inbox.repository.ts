import { Injectable } from '@nestjs/common';
import { Message } from '@parley/contracts';
import type { SessionPrincipal } from '@parley/platform';
import { viewedBy } from '../domain/message-view';
import { MessagingDatabase } from './prisma.service';

export interface InboxPage {
  messages: Message[];
  afterSeq: number;
  lastSeq: number;
  hasMore: boolean;
}

/** A user's inbox (every stored message they sent or received, in order) and each device's acknowledged position. */
@Injectable()
export class InboxRepository {
  constructor(private readonly db: MessagingDatabase) {}

  /** The device's acknowledged position; 0 for a device never seen. */
  async acknowledged(device: SessionPrincipal): Promise<number> {
    const row = await this.db.inboxCursor.findUnique({
      where: {
        appId_userId_platform: { appId: device.appId, userId: device.userId, platform: device.platform },
      },
      select: { ackedSeq: true },
    });
    return Number(row?.ackedSeq ?? 0);
  }

  /** Moves the device's acknowledged position forward (never back); returns the position after the call. */
  async acknowledge(device: SessionPrincipal, seq: number): Promise<number> {
    const [row] = await this.db.$queryRaw<{ acked_seq: bigint }[]>`
      INSERT INTO inbox_cursor (app_id, user_id, platform, acked_seq) VALUES (${device.appId}, ${device.userId}, ${device.platform}, ${seq})
      ON CONFLICT (app_id, user_id, platform) DO UPDATE SET acked_seq = GREATEST(inbox_cursor.acked_seq, EXCLUDED.acked_seq)
      RETURNING acked_seq`;
    return Number(row?.acked_seq ?? 0);
  }

  /** Up to `limit` inbox messages after `afterSeq`, in inbox order, as the user sees them, without those they deleted. */
  async page(user: SessionPrincipal, afterSeq: number, limit: number): Promise<InboxPage> {
    const rows = await this.db.$queryRaw<{ seq: bigint; payload: Buffer }[]>`
      SELECT i.seq, m.payload FROM inbox_entry i
      JOIN message m ON m.id = i.message_id AND m.app_id = i.app_id
      WHERE i.app_id = ${user.appId} AND i.user_id = ${user.userId} AND i.seq > ${afterSeq}
        AND NOT EXISTS (SELECT 1 FROM message_deletion d WHERE d.app_id = i.app_id AND d.user_id = i.user_id AND d.message_id = i.message_id)
        AND m.seq > COALESCE((SELECT c.through_seq FROM conversation_clear c
                              WHERE c.app_id = i.app_id AND c.user_id = i.user_id AND c.conversation_key = m.conversation_key), 0)
      ORDER BY i.seq LIMIT ${limit + 1}`;
    const page = rows.slice(0, limit);
    const messages = page.map((r) => viewedBy(user.userId, Message.decode(r.payload), Number(r.seq)));
    return {
      messages,
      afterSeq,
      lastSeq: messages.at(-1)?.inboxSeq ?? afterSeq,
      hasMore: rows.length > limit,
    };
  }
}
