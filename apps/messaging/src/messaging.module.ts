import { Module } from '@nestjs/common';
import { Topics, topicSpecs } from '@parley/contracts';
import {
  bootStep,
  FileTickets,
  GrpcServerHost,
  KafkaBus,
  OutboxRelay,
  sqlOutbox,
  SessionRevocations,
  SessionTokens,
} from '@parley/platform';
import { loadMessagingConfig, MESSAGING_CONFIG, type MessagingConfig } from './config';

import { MessageRepository } from './repositories/message.repository';
import { MessagingDatabase } from './repositories/prisma.service';
import { messagingGrpcBinding } from './grpc/messaging.grpc';
import { InboxRepository } from './repositories/inbox.repository';
import { HistoryRepository } from './repositories/history.repository';
import { ConversationMembership } from './membership/conversation-membership';
import { ProcessedMedia } from './media/processed-media';
import { QueryHistoryUseCase } from './query-history/query-history.usecase';
import { DeleteMessagesUseCase } from './delete-messages/delete-messages.usecase';
import { SyncInboxUseCase } from './sync-inbox/sync-inbox.usecase';
import { SendMessageUseCase } from './send-message/send-message.usecase';
import { SendRateLimiter } from './send-message/send-rate-limiter';

/** What messaging is: a message log in Postgres, an outbox to Kafka, and the MessagingService gRPC API. */
@Module({
  providers: [
    { provide: MESSAGING_CONFIG, useFactory: () => loadMessagingConfig() },
    {
      provide: MessagingDatabase,
      inject: [MESSAGING_CONFIG],
      useFactory: (c: MessagingConfig) => new MessagingDatabase(c.databaseUrl),
    },
    {
      provide: KafkaBus,
      inject: [MESSAGING_CONFIG],
      useFactory: (c: MessagingConfig) => new KafkaBus('parley-messaging', c.kafka.brokers),
    },
    { provide: SessionRevocations, useFactory: () => new SessionRevocations() },
    {
      provide: SessionTokens,
      inject: [MESSAGING_CONFIG, SessionRevocations],
      useFactory: (c: MessagingConfig, r: SessionRevocations) => new SessionTokens(c.sessionSecret, r),
    },
    {
      provide: MessageRepository,
      inject: [MessagingDatabase],
      useFactory: (db: MessagingDatabase) => new MessageRepository(db),
    },
    {
      provide: OutboxRelay,
      inject: [MessagingDatabase, KafkaBus],
      useFactory: (db: MessagingDatabase, bus: KafkaBus) => new OutboxRelay(sqlOutbox(db.pool), bus),
    },
    {
      provide: SendRateLimiter,
      inject: [MessagingDatabase, MESSAGING_CONFIG],
      useFactory: (db: MessagingDatabase, c: MessagingConfig) =>
        new SendRateLimiter(db.pool, c.sendRatePerSecond),
    },
    {
      provide: SendMessageUseCase,
      inject: [MessageRepository, OutboxRelay, KafkaBus, SendRateLimiter, MESSAGING_CONFIG],
      useFactory: (
        r: MessageRepository,
        o: OutboxRelay,
        b: KafkaBus,
        l: SendRateLimiter,
        c: MessagingConfig,
      ) => new SendMessageUseCase(r, o, b, l, c.limits, new FileTickets(c.sessionSecret)),
    },
    {
      provide: InboxRepository,
      inject: [MessagingDatabase],
      useFactory: (db: MessagingDatabase) => new InboxRepository(db),
    },
    {
      provide: SyncInboxUseCase,
      inject: [InboxRepository],
      useFactory: (r: InboxRepository) => new SyncInboxUseCase(r),
    },
    {
      provide: HistoryRepository,
      inject: [MessagingDatabase],
      useFactory: (db: MessagingDatabase) => new HistoryRepository(db),
    },
    {
      provide: ConversationMembership,
      inject: [MessagingDatabase],
      useFactory: (db: MessagingDatabase) => new ConversationMembership(db),
    },
    {
      provide: ProcessedMedia,
      inject: [MessagingDatabase],
      useFactory: (db: MessagingDatabase) => new ProcessedMedia(db),
    },
    {
      provide: QueryHistoryUseCase,
      inject: [HistoryRepository, ConversationMembership],
      useFactory: (r: HistoryRepository, m: ConversationMembership) => new QueryHistoryUseCase(r, m),
    },
    {
      provide: DeleteMessagesUseCase,
      inject: [HistoryRepository, OutboxRelay],
      useFactory: (r: HistoryRepository, o: OutboxRelay) => new DeleteMessagesUseCase(r, o),
    },
    {
      provide: GrpcServerHost,
      inject: [
        SessionTokens,
        SendMessageUseCase,
        SyncInboxUseCase,
        QueryHistoryUseCase,
        DeleteMessagesUseCase,
      ],
      useFactory: (
        tokens: SessionTokens,
        sendMessage: SendMessageUseCase,
        syncInbox: SyncInboxUseCase,
        queryHistory: QueryHistoryUseCase,
        deleteMessages: DeleteMessagesUseCase,
      ) =>
        new GrpcServerHost([
          messagingGrpcBinding(tokens, { sendMessage, syncInbox, queryHistory, deleteMessages }),
        ]),
    },
  ],
})
export class MessagingModule {}

/** Boot order: database, Kafka, outbox relay, then gRPC; readiness only when all are up. */
export async function startMessaging(
  get: <T>(token: abstract new (...args: never[]) => T) => T,
  config: MessagingConfig,
) {
  const db = get(MessagingDatabase);
  const bus = get(KafkaBus);
  const outbox = get(OutboxRelay);
  const grpc = get(GrpcServerHost);
  await bootStep(`cannot reach Postgres (MESSAGING_DATABASE_URL)`, () => db.$queryRaw`SELECT 1`);
  await bootStep(`cannot reach Kafka at ${config.kafka.brokers.join(',')} (KAFKA_BROKERS)`, async () => {
    await bus.ensureTopics(
      topicSpecs([
        Topics.messagingEvents,
        Topics.sessionEvents,
        Topics.conversationEvents,
        Topics.mediaEvents,
      ]),
    );
    await bus.connectProducer();
    await get(SessionRevocations).follow(bus, 'messaging');
    // Group membership is a durable projection: one stable group, committed offsets, from the start the first time.
    await bus.consume({
      groupId: 'parley-messaging-membership',
      topics: [Topics.conversationEvents],
      fromBeginning: true,
      handleBatch: get(ConversationMembership).handleBatch,
      waitForJoin: false,
    });
    // Thumbnails and large images of uploaded images, once media has made them.
    await bus.consume({
      groupId: 'parley-messaging-media',
      topics: [Topics.mediaEvents],
      fromBeginning: true,
      handleBatch: get(ProcessedMedia).handleBatch,
      waitForJoin: false,
    });
  });
  outbox.start();
  await bootStep(`cannot listen on ${config.grpc.host}:${config.grpc.port}`, () =>
    grpc.listen(config.grpc.host, config.grpc.port),
  );
  grpc.health.setAll(true);
  return {
    stop: async () => {
      // In-flight calls and batches finish first, so everything they queued is flushed to Kafka.
      await grpc.shutdown();
      await bus.stopConsuming();
      await outbox.stop();
      await bus.disconnect();
      await db.$disconnect();
    },
  };
}
