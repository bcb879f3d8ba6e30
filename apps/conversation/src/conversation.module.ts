import { Module } from '@nestjs/common';
import { Topics, topicSpecs } from '@parley/contracts';
import {
  bootStep,
  GrpcServerHost,
  KafkaBus,
  OutboxRelay,
  sqlOutbox,
  SessionRevocations,
  SessionTokens,
} from '@parley/platform';
import { CONVERSATION_CONFIG, type ConversationConfig, loadConversationConfig } from './config';
import { ListCommands } from './conversation-list/list-commands';
import { ListProjector } from './conversation-list/list-projector';
import { ListQueries } from './conversation-list/list-queries';
import { GroupCommands } from './groups/group-commands';
import { conversationGrpcBindings } from './grpc/conversation.grpc';
import { ConversationDatabase } from './repositories/prisma.service';
import { RoomCommands } from './rooms/room-commands';

/** The consumer group of the conversation-list projection (rebuild-projection resets it). */
export const LIST_PROJECTION_GROUP = 'parley-conversation-list';
/** What the conversation list is made of. */
export const LIST_PROJECTION_TOPICS = [Topics.messagingEvents, Topics.conversationEvents];

/**
 * What conversation is: each user's conversation list projected from messaging's events and the
 * user's own actions, plus groups and rooms, served over ConversationService, GroupService and RoomService.
 */
@Module({
  providers: [
    { provide: CONVERSATION_CONFIG, useFactory: () => loadConversationConfig() },
    {
      provide: ConversationDatabase,
      inject: [CONVERSATION_CONFIG],
      useFactory: (c: ConversationConfig) => new ConversationDatabase(c.databaseUrl),
    },
    {
      provide: KafkaBus,
      inject: [CONVERSATION_CONFIG],
      useFactory: (c: ConversationConfig) => new KafkaBus('parley-conversation', c.kafka.brokers),
    },
    { provide: SessionRevocations, useFactory: () => new SessionRevocations() },
    {
      provide: SessionTokens,
      inject: [CONVERSATION_CONFIG, SessionRevocations],
      useFactory: (c: ConversationConfig, r: SessionRevocations) => new SessionTokens(c.sessionSecret, r),
    },
    {
      provide: OutboxRelay,
      inject: [ConversationDatabase, KafkaBus],
      useFactory: (db: ConversationDatabase, bus: KafkaBus) => new OutboxRelay(sqlOutbox(db.pool), bus),
    },
    {
      provide: ListProjector,
      inject: [ConversationDatabase, OutboxRelay],
      useFactory: (db: ConversationDatabase, relay: OutboxRelay) => new ListProjector(db, relay),
    },
    {
      provide: ListCommands,
      inject: [ConversationDatabase, OutboxRelay, CONVERSATION_CONFIG],
      useFactory: (db: ConversationDatabase, relay: OutboxRelay, c: ConversationConfig) =>
        new ListCommands(db, relay, c.limits),
    },
    {
      provide: ListQueries,
      inject: [ConversationDatabase],
      useFactory: (db: ConversationDatabase) => new ListQueries(db),
    },
    {
      provide: GroupCommands,
      inject: [ConversationDatabase, OutboxRelay, CONVERSATION_CONFIG],
      useFactory: (db: ConversationDatabase, relay: OutboxRelay, c: ConversationConfig) =>
        new GroupCommands(db, relay, c.limits),
    },
    {
      provide: RoomCommands,
      inject: [ConversationDatabase, OutboxRelay],
      useFactory: (db: ConversationDatabase, relay: OutboxRelay) => new RoomCommands(db, relay),
    },
    {
      provide: GrpcServerHost,
      inject: [SessionTokens, ListCommands, ListQueries, GroupCommands, RoomCommands],
      useFactory: (
        t: SessionTokens,
        commands: ListCommands,
        queries: ListQueries,
        g: GroupCommands,
        r: RoomCommands,
      ) => new GrpcServerHost(conversationGrpcBindings(t, { commands, queries }, g, r)),
    },
  ],
})
export class ConversationModule {}

type Get = <T>(token: abstract new (...args: never[]) => T) => T;

/** Boot order: database, Kafka (topics, producer, revocations, projection), outbox relay, then gRPC. */
export async function startConversation(get: Get, config: ConversationConfig) {
  const db = get(ConversationDatabase);
  const bus = get(KafkaBus);
  const outbox = get(OutboxRelay);
  const grpc = get(GrpcServerHost);
  await bootStep('cannot reach Postgres (CONVERSATION_DATABASE_URL)', () => db.$queryRaw`SELECT 1`);
  await bootStep(`cannot reach Kafka at ${config.kafka.brokers.join(',')} (KAFKA_BROKERS)`, async () => {
    await bus.ensureTopics(
      topicSpecs([
        Topics.messagingEvents,
        Topics.sessionEvents,
        Topics.conversationEvents,
        Topics.conversationNotifications,
      ]),
    );
    await bus.connectProducer();
    await get(SessionRevocations).follow(bus, 'conversation');
    // A durable projection: one stable group, committed offsets, from offset 0 the first time.
    await bus.consume({
      groupId: LIST_PROJECTION_GROUP,
      topics: LIST_PROJECTION_TOPICS,
      fromBeginning: true,
      handleBatch: get(ListProjector).handleBatch,
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
