import { GrpcMethod, Payload } from '@nestjs/microservices';
import type {
  AckInboxRequest,
  DeleteAllMessageRequest,
  DeleteMessagesRequest,
  QueryHistoryMessageRequest,
  SendMediaMessageRequest,
  SendMessageRequest,
  SyncInboxRequest,
} from '@parley/contracts';
import { Caller, GrpcController, RequestId, type SessionPrincipal } from '@parley/platform';
import { DeleteMessagesUseCase } from '../delete-messages/delete-messages.usecase';
import { QueryHistoryUseCase } from '../query-history/query-history.usecase';
import { SendMessageUseCase } from '../send-message/send-message.usecase';
import { SyncInboxUseCase } from '../sync-inbox/sync-inbox.usecase';

/** parley.messaging.v1.MessagingService: each RPC calls one use case for the authenticated caller. */
@GrpcController()
export class MessagingController {
  constructor(
    private readonly sendMessage: SendMessageUseCase,
    private readonly syncInbox: SyncInboxUseCase,
    private readonly queryHistory: QueryHistoryUseCase,
    private readonly deleteMessages: DeleteMessagesUseCase,
  ) {}

  @GrpcMethod('MessagingService', 'SendMessage')
  async send(
    @Payload() request: SendMessageRequest,
    @Caller() sender: SessionPrincipal,
    @RequestId() id: string,
  ) {
    return { message: await this.sendMessage.execute(sender, request, id) };
  }

  @GrpcMethod('MessagingService', 'SendMediaMessage')
  async sendMedia(
    @Payload() request: SendMediaMessageRequest,
    @Caller() sender: SessionPrincipal,
    @RequestId() id: string,
  ) {
    return { message: await this.sendMessage.executeMedia(sender, request, id) };
  }

  @GrpcMethod('MessagingService', 'SyncInbox')
  sync(@Payload() request: SyncInboxRequest, @Caller() device: SessionPrincipal) {
    return this.syncInbox.sync(device, request);
  }

  @GrpcMethod('MessagingService', 'AckInbox')
  ack(@Payload() request: AckInboxRequest, @Caller() device: SessionPrincipal) {
    return this.syncInbox.acknowledge(device, request.inboxSeq);
  }

  @GrpcMethod('MessagingService', 'QueryHistoryMessage')
  history(@Payload() request: QueryHistoryMessageRequest, @Caller() user: SessionPrincipal) {
    return this.queryHistory.execute(user, request);
  }

  @GrpcMethod('MessagingService', 'DeleteMessages')
  delete(
    @Payload() request: DeleteMessagesRequest,
    @Caller() user: SessionPrincipal,
    @RequestId() id: string,
  ) {
    return this.deleteMessages.deleteMessages(user, request, id);
  }

  @GrpcMethod('MessagingService', 'DeleteAllMessage')
  deleteAll(
    @Payload() request: DeleteAllMessageRequest,
    @Caller() user: SessionPrincipal,
    @RequestId() id: string,
  ) {
    return this.deleteMessages.deleteAll(user, request, id);
  }
}
