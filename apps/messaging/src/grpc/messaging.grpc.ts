import { type MessagingServiceServer, MessagingServiceService } from '@parley/contracts';
import { type GrpcServiceBinding, type SessionTokens, unary } from '@parley/platform';
import type { SendMessageUseCase } from '../send-message/send-message.usecase';
import type { SyncInboxUseCase } from '../sync-inbox/sync-inbox.usecase';
import type { QueryHistoryUseCase } from '../query-history/query-history.usecase';
import type { DeleteMessagesUseCase } from '../delete-messages/delete-messages.usecase';

/** gRPC adapter for parley.messaging.v1.MessagingService: authenticate, call the use case, encode. */
export interface MessagingUseCases {
  sendMessage: SendMessageUseCase;
  syncInbox: SyncInboxUseCase;
  queryHistory: QueryHistoryUseCase;
  deleteMessages: DeleteMessagesUseCase;
}

export function messagingGrpcBinding(tokens: SessionTokens, useCases: MessagingUseCases): GrpcServiceBinding {
  const { sendMessage, syncInbox, queryHistory, deleteMessages } = useCases;
  const implementation: MessagingServiceServer = {
    sendMessage: unary('SendMessage', async (request, call, requestId) => {
      const sender = await tokens.authenticate(call.metadata);
      return { message: await sendMessage.execute(sender, request, requestId) };
    }),
    sendMediaMessage: unary('SendMediaMessage', async (request, call, requestId) => {
      const sender = await tokens.authenticate(call.metadata);
      return { message: await sendMessage.executeMedia(sender, request, requestId) };
    }),
    syncInbox: unary('SyncInbox', async (request, call) =>
      syncInbox.sync(await tokens.authenticate(call.metadata), request),
    ),
    ackInbox: unary('AckInbox', async (request, call) =>
      syncInbox.acknowledge(await tokens.authenticate(call.metadata), request.inboxSeq),
    ),
    queryHistoryMessage: unary('QueryHistoryMessage', async (request, call) =>
      queryHistory.execute(await tokens.authenticate(call.metadata), request),
    ),
    deleteMessages: unary('DeleteMessages', async (request, call, requestId) => {
      await deleteMessages.deleteMessages(await tokens.authenticate(call.metadata), request, requestId);
      return {};
    }),
    deleteAllMessage: unary('DeleteAllMessage', async (request, call, requestId) => {
      await deleteMessages.deleteAll(await tokens.authenticate(call.metadata), request, requestId);
      return {};
    }),
  };
  return {
    name: 'parley.messaging.v1.MessagingService',
    definition: MessagingServiceService,
    implementation,
  };
}
