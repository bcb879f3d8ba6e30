import { type MessagingServiceServer, MessagingServiceService } from '@parley/contracts';
import { type GrpcServiceBinding, type SessionTokens, unary } from '@parley/platform';
import type { SendMessageUseCase } from './send-message.usecase';

/** gRPC adapter for parley.messaging.v1.MessagingService: authenticate, call the use case, encode. */
export function messagingGrpcBinding(
  tokens: SessionTokens,
  sendMessage: SendMessageUseCase,
): GrpcServiceBinding {
  const implementation: MessagingServiceServer = {
    sendMessage: unary('SendMessage', async (request, call, requestId) => {
      const sender = await tokens.authenticate(call.metadata);
      return { message: await sendMessage.execute(sender, request, requestId) };
    }),
  };
  return {
    name: 'parley.messaging.v1.MessagingService',
    definition: MessagingServiceService,
    implementation,
  };
}
