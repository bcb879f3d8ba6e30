import { Injectable } from '@nestjs/common';
import {
  type ConversationType,
  conversationKey,
  type DeleteAllMessageRequest,
  type DeleteMessagesRequest,
} from '@parley/contracts';
import { OutboxRelay, type SessionPrincipal, ZimError } from '@parley/platform';
import { validateConversationRef } from '../domain/message-view';
import { HistoryRepository } from '../repositories/history.repository';

const MAX_IDS = 50;

/**
 * ZIM deleteMessages / deleteAllMessage: per-user deletion. The other side keeps its copy; the
 * caller's other devices hear of it (messageDeleted) and projections follow MessagesDeleted.
 */
@Injectable()
export class DeleteMessagesUseCase {
  constructor(
    private readonly history: HistoryRepository,
    private readonly outbox: OutboxRelay,
  ) {}

  async deleteMessages(
    user: SessionPrincipal,
    request: DeleteMessagesRequest,
    requestId: string,
  ): Promise<void> {
    const conversation = this.conversation(user, request.conversationId, request.conversationType);
    if (request.messageIds.length === 0 || request.messageIds.length > MAX_IDS) {
      throw ZimError.invalidParams(`messageIDs: 1-${MAX_IDS} per call`);
    }
    const ids = request.messageIds.map((id) => {
      if (!/^\d{1,19}$/.test(id))
        throw ZimError.invalidParams(`messageID ${JSON.stringify(id)} is not a message ID`);
      return BigInt(id);
    });
    // Without a server-side deletion there is nothing to keep: Parley holds no client copy.
    if (!request.isAlsoDeleteServerMessage) return;
    await this.history.deleteMessages(user, conversation, [...new Set(ids)], requestId);
    void this.outbox.flush();
  }

  async deleteAll(
    user: SessionPrincipal,
    request: DeleteAllMessageRequest,
    requestId: string,
  ): Promise<void> {
    const conversation = this.conversation(user, request.conversationId, request.conversationType);
    if (!request.isAlsoDeleteServerMessage) return;
    await this.history.deleteAll(user, conversation, requestId);
    void this.outbox.flush();
  }

  private conversation(user: SessionPrincipal, id: string, type: ConversationType) {
    validateConversationRef(id, type);
    return { key: conversationKey(type, user.userId, id), id, type };
  }
}
