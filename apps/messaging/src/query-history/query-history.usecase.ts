import { Injectable } from '@nestjs/common';
import {
  ConversationType,
  conversationKey,
  type QueryHistoryMessageRequest,
  type QueryHistoryMessageResponse,
} from '@parley/contracts';
import { type SessionPrincipal, ZimError } from '@parley/platform';
import { validateConversationRef } from '../domain/message-view';
import { MembershipRepository } from '../repositories/membership.repository';
import { HistoryRepository } from '../repositories/history.repository';

const DEFAULT_COUNT = 20;
const MAX_COUNT = 100;

/** ZIM queryHistoryMessage: a page of the conversation as the caller sees it (nothing they deleted). */
@Injectable()
export class QueryHistoryUseCase {
  constructor(
    private readonly history: HistoryRepository,
    private readonly membership: MembershipRepository,
  ) {}

  async execute(
    user: SessionPrincipal,
    request: QueryHistoryMessageRequest,
  ): Promise<QueryHistoryMessageResponse> {
    validateConversationRef(request.conversationId, request.conversationType);
    const count = request.count === 0 ? DEFAULT_COUNT : request.count;
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT)
      throw ZimError.invalidParams(`count must be 1-${MAX_COUNT}`);
    if (!Number.isSafeInteger(request.nextMessageSeq) || request.nextMessageSeq < 0) {
      throw ZimError.invalidParams(
        'nextMessage must be a message of this conversation (its conversationSeq)',
      );
    }
    if (
      request.conversationType !== ConversationType.CONVERSATION_TYPE_PEER &&
      !(await this.membership.isMember(
        user.appId,
        request.conversationType,
        request.conversationId,
        user.userId,
      ))
    ) {
      throw ZimError.notAllowed(`you are not a member of ${request.conversationId}`);
    }
    const conversation = {
      key: conversationKey(request.conversationType, user.userId, request.conversationId),
      id: request.conversationId,
      type: request.conversationType,
    };
    const messages = await this.history.page(
      user,
      conversation,
      request.nextMessageSeq,
      count,
      request.reverse,
    );
    return { conversationId: request.conversationId, conversationType: request.conversationType, messages };
  }
}
