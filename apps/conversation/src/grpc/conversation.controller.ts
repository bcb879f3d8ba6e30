import { GrpcMethod, Payload } from '@nestjs/microservices';
import type {
  ClearConversationUnreadMessageCountRequest,
  DeleteConversationRequest,
  QueryConversationListRequest,
  QueryConversationRequest,
  SetConversationDraftRequest,
  SetConversationNotificationStatusRequest,
  UpdateConversationPinnedStateRequest,
} from '@parley/contracts';
import { Caller, GrpcController, type SessionPrincipal } from '@parley/platform';
import { ListCommands } from '../conversation-list/list-commands';
import { ListQueries } from '../conversation-list/list-queries';

/** parley.conversation.v1.ConversationService: the caller's own conversation list. */
@GrpcController()
export class ConversationController {
  constructor(
    private readonly commands: ListCommands,
    private readonly queries: ListQueries,
  ) {}

  @GrpcMethod('ConversationService', 'QueryConversationList')
  async list(@Payload() r: QueryConversationListRequest, @Caller() user: SessionPrincipal) {
    return { conversations: await this.queries.list(user, r.count, r.nextConversation) };
  }

  @GrpcMethod('ConversationService', 'QueryConversation')
  async one(@Payload() r: QueryConversationRequest, @Caller() user: SessionPrincipal) {
    return { conversation: await this.queries.one(user, r) };
  }

  @GrpcMethod('ConversationService', 'QueryConversationTotalUnreadMessageCount')
  async totalUnread(@Caller() user: SessionPrincipal) {
    return { totalUnreadMessageCount: await this.queries.totalUnread(user) };
  }

  @GrpcMethod('ConversationService', 'ClearConversationUnreadMessageCount')
  clearUnread(@Payload() r: ClearConversationUnreadMessageCountRequest, @Caller() user: SessionPrincipal) {
    return this.commands.clearUnread(user, r);
  }

  @GrpcMethod('ConversationService', 'ClearConversationTotalUnreadMessageCount')
  clearTotalUnread(@Caller() user: SessionPrincipal) {
    return this.commands.clearTotalUnread(user);
  }

  @GrpcMethod('ConversationService', 'SetConversationNotificationStatus')
  setNotificationStatus(
    @Payload() r: SetConversationNotificationStatusRequest,
    @Caller() user: SessionPrincipal,
  ) {
    return this.commands.setNotificationStatus(user, r, r.status);
  }

  @GrpcMethod('ConversationService', 'UpdateConversationPinnedState')
  setPinned(@Payload() r: UpdateConversationPinnedStateRequest, @Caller() user: SessionPrincipal) {
    return this.commands.setPinned(user, r, r.isPinned);
  }

  @GrpcMethod('ConversationService', 'DeleteConversation')
  delete(@Payload() r: DeleteConversationRequest, @Caller() user: SessionPrincipal) {
    return this.commands.deleteConversation(user, r);
  }

  @GrpcMethod('ConversationService', 'SetConversationDraft')
  setDraft(@Payload() r: SetConversationDraftRequest, @Caller() user: SessionPrincipal) {
    return this.commands.setDraft(user, r, r.draft);
  }
}
