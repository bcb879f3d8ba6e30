import { type MessagingServiceServer, MessagingServiceService } from '@parley/contracts';
import { type GrpcServiceBinding, type SessionTokens, unary } from '@parley/platform';
import type { SendMessageUseCase } from '../send-message/send-message.usecase';
import type { SyncInboxUseCase } from '../sync-inbox/sync-inbox.usecase';

/** gRPC adapter for parley.messaging.v1.MessagingService: authenticate, call the use case, encode. */
export function messagingGrpcBinding(
  tokens: SessionTokens,
  sendMessage: SendMessageUseCase,
  syncInbox: SyncInboxUseCase,
): GrpcServiceBinding {
  const implementation: MessagingServiceServer = {
    sendMessage: unary('SendMessage', async (request, call, requestId) => {
      const sender = await tokens.authenticate(call.metadata);
      return { message: await sendMessage.execute(sender, request, requestId) };
    }),
    syncInbox: unary('SyncInbox', async (request, call) =>
      syncInbox.sync(await tokens.authenticate(call.metadata), request),
    ),
    ackInbox: unary('AckInbox', async (request, call) =>
      syncInbox.acknowledge(await tokens.authenticate(call.metadata), request.inboxSeq),
    ),
  };
  return {
    name: 'parley.messaging.v1.MessagingService',
    definition: MessagingServiceService,
    implementation,
  };
}
