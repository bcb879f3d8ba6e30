import { Module } from '@nestjs/common';
import { MessagingServiceService, Topics } from '@parley/contracts';
import { OutboxModule, PlatformModule } from '@parley/platform';
import { loadMessagingConfig, MESSAGE_LIMITS, MESSAGING_CONFIG, type MessagingConfig } from './config';
import { MessagingConsumers } from './consumers/messaging.consumers';
import { DeleteMessagesUseCase } from './delete-messages/delete-messages.usecase';
import { MessagingController } from './grpc/messaging.controller';
import { MediaFileRepository } from './repositories/media-file.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { QueryHistoryUseCase } from './query-history/query-history.usecase';
import { HistoryRepository } from './repositories/history.repository';
import { InboxRepository } from './repositories/inbox.repository';
import { MessageRepository } from './repositories/message.repository';
import { MessagingDatabase } from './repositories/prisma.service';
import { SendMessageUseCase } from './send-message/send-message.usecase';
import { SendRateLimiter } from './send-message/send-rate-limiter';
import { SyncInboxUseCase } from './sync-inbox/sync-inbox.usecase';

/** The identity bootstrapService and the binding test read: name and the contracts served. */
export const MESSAGING_SERVICE = {
  name: 'messaging',
  contracts: [MessagingServiceService],
  loadConfig: loadMessagingConfig,
};

/** What messaging is: a message log in Postgres, an outbox to Kafka, and the MessagingService gRPC API. */
@Module({
  imports: [
    PlatformModule.forService({
      ...MESSAGING_SERVICE,
      configToken: MESSAGING_CONFIG,
      topics: [Topics.messagingEvents, Topics.sessionEvents, Topics.conversationEvents, Topics.mediaEvents],
    }),
    OutboxModule.forService(MessagingDatabase),
  ],
  controllers: [MessagingController, MessagingConsumers],
  providers: [
    { provide: MESSAGE_LIMITS, inject: [MESSAGING_CONFIG], useFactory: (c: MessagingConfig) => c.limits },
    {
      provide: SendRateLimiter,
      inject: [MessagingDatabase, MESSAGING_CONFIG],
      useFactory: (db: MessagingDatabase, c: MessagingConfig) =>
        new SendRateLimiter(db.pool, c.sendRatePerSecond),
    },
    MessageRepository,
    InboxRepository,
    HistoryRepository,
    MembershipRepository,
    MediaFileRepository,
    SendMessageUseCase,
    SyncInboxUseCase,
    QueryHistoryUseCase,
    DeleteMessagesUseCase,
  ],
})
export class MessagingModule {}
