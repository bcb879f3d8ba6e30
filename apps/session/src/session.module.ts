import { Module } from '@nestjs/common';
import { Topics, topicSpecs } from '@parley/contracts';
import { bootStep, GrpcServerHost, KafkaBus, SessionTokens } from '@parley/platform';
import { loadSessionConfig, SESSION_CONFIG, type SessionConfig } from './config';
import { ConversationNotices } from './delivery/conversation-notices';
import { MembershipNotices } from './delivery/membership-notices';
import { MessageDelivery } from './delivery/message-delivery';
import { AppTokenVerifier } from './login/app-token-verifier';
import { LoginUseCase } from './login/login.usecase';
import { LogoutUseCase } from './logout/logout.usecase';
import { RenewTokenUseCase } from './renew-token/renew-token.usecase';
import { SessionEventsListener, SessionEventsPublisher } from './session-events/session-events';
import { SessionDatabase } from './repositories/prisma.service';
import { SessionRepository } from './repositories/session.repository';
import { sessionGrpcBinding } from './session.grpc';
import { ConnectionEvent, ConnectionRegistry } from './subscribe/connection-registry';

/** What session is: logins in Postgres, each client's event stream, and delivery from Kafka to those streams. */
@Module({
  providers: [
    { provide: SESSION_CONFIG, useFactory: () => loadSessionConfig() },
    {
      provide: SessionDatabase,
      inject: [SESSION_CONFIG],
      useFactory: (c: SessionConfig) => new SessionDatabase(c.databaseUrl),
    },
    {
      provide: KafkaBus,
      inject: [SESSION_CONFIG],
      useFactory: (c: SessionConfig) => new KafkaBus(`parley-session-${c.instanceId}`, c.kafka.brokers),
    },
    {
      provide: SessionTokens,
      inject: [SESSION_CONFIG],
      useFactory: (c: SessionConfig) => new SessionTokens(c.sessionSecret),
    },
    {
      provide: AppTokenVerifier,
      inject: [SESSION_CONFIG],
      useFactory: (c: SessionConfig) => new AppTokenVerifier(c.appKeys),
    },
    {
      provide: SessionRepository,
      inject: [SessionDatabase],
      useFactory: (db: SessionDatabase) => new SessionRepository(db),
    },
    { provide: ConnectionRegistry, useFactory: () => new ConnectionRegistry() },
    {
      provide: MessageDelivery,
      inject: [ConnectionRegistry],
      useFactory: (r: ConnectionRegistry) => new MessageDelivery(r),
    },
    {
      provide: ConversationNotices,
      inject: [ConnectionRegistry],
      useFactory: (r: ConnectionRegistry) => new ConversationNotices(r),
    },
    {
      provide: MembershipNotices,
      inject: [ConnectionRegistry],
      useFactory: (r: ConnectionRegistry) => new MembershipNotices(r),
    },
    {
      provide: SessionEventsPublisher,
      inject: [KafkaBus],
      useFactory: (bus: KafkaBus) => new SessionEventsPublisher(bus),
    },
    {
      provide: SessionEventsListener,
      inject: [ConnectionRegistry],
      useFactory: (r: ConnectionRegistry) => new SessionEventsListener(r),
    },
    {
      provide: LoginUseCase,
      inject: [AppTokenVerifier, SessionRepository, SessionTokens, SessionEventsPublisher, SESSION_CONFIG],
      useFactory: (
        v: AppTokenVerifier,
        r: SessionRepository,
        t: SessionTokens,
        p: SessionEventsPublisher,
        c: SessionConfig,
      ) => new LoginUseCase(v, r, t, p, c.maxSessionMs),
    },
    {
      provide: LogoutUseCase,
      inject: [SessionRepository, SessionEventsPublisher],
      useFactory: (r: SessionRepository, p: SessionEventsPublisher) => new LogoutUseCase(r, p),
    },
    {
      provide: RenewTokenUseCase,
      inject: [
        AppTokenVerifier,
        SessionRepository,
        SessionTokens,
        ConnectionRegistry,
        SessionEventsPublisher,
        SESSION_CONFIG,
      ],
      useFactory: (
        v: AppTokenVerifier,
        r: SessionRepository,
        t: SessionTokens,
        c: ConnectionRegistry,
        p: SessionEventsPublisher,
        cfg: SessionConfig,
      ) => new RenewTokenUseCase(v, r, t, c, p, cfg.maxSessionMs),
    },
    {
      provide: GrpcServerHost,
      inject: [
        SessionTokens,
        LoginUseCase,
        LogoutUseCase,
        RenewTokenUseCase,
        SessionRepository,
        ConnectionRegistry,
      ],
      useFactory: (
        t: SessionTokens,
        login: LoginUseCase,
        logout: LogoutUseCase,
        renewToken: RenewTokenUseCase,
        s: SessionRepository,
        c: ConnectionRegistry,
      ) => new GrpcServerHost([sessionGrpcBinding(t, { login, logout, renewToken }, s, c)]),
    },
  ],
})
export class SessionModule {}

/** Boot order: database, Kafka consumer joined, then gRPC; readiness only when all are up. */
export async function startSession(
  get: <T>(token: abstract new (...args: never[]) => T) => T,
  config: SessionConfig,
) {
  const db = get(SessionDatabase);
  const bus = get(KafkaBus);
  const grpc = get(GrpcServerHost);
  const connections = get(ConnectionRegistry);
  const delivery = get(MessageDelivery);
  await bootStep('cannot reach Postgres (SESSION_DATABASE_URL)', () => db.$queryRaw`SELECT 1`);
  await bootStep(
    `cannot reach Kafka at ${config.kafka.brokers.join(',')} (KAFKA_BROKERS)`,
    async () => {
      await bus.ensureTopics(
        topicSpecs([
          Topics.messagingEvents,
          Topics.sessionEvents,
          Topics.conversationEvents,
          Topics.conversationNotifications,
        ]),
      );
      await bus.connectProducer();
      // Each replica delivers to its own clients, so each needs every event: one group per replica.
      await bus.consume({
        groupId: `parley-session-delivery-${config.instanceId}`,
        topics: [Topics.messagingEvents],
        fromBeginning: false,
        handleBatch: delivery.handleBatch,
      });
      await bus.consume({
        groupId: `parley-session-notices-${config.instanceId}`,
        topics: [Topics.conversationNotifications],
        fromBeginning: false,
        handleBatch: get(ConversationNotices).handleBatch,
      });
      await bus.consume({
        groupId: `parley-session-members-${config.instanceId}`,
        topics: [Topics.conversationEvents],
        fromBeginning: false,
        handleBatch: get(MembershipNotices).handleBatch,
      });
      await bus.consume({
        // Named when it carried only SessionEnded; renewals joined it later (kept: it holds offsets).
        groupId: `parley-session-ended-${config.instanceId}`,
        topics: [Topics.sessionEvents],
        fromBeginning: false,
        handleBatch: get(SessionEventsListener).handleBatch,
      });
    },
    60_000,
  );
  await bootStep(`cannot listen on ${config.grpc.host}:${config.grpc.port}`, () =>
    grpc.listen(config.grpc.host, config.grpc.port),
  );
  grpc.health.setAll(true);
  return {
    stop: async () => {
      // Clients get a reconnect hint on their stream, then reconnect to another replica.
      await grpc.shutdown(() =>
        connections.endAll(ConnectionEvent.Success, 'server shutting down: reconnect'),
      );
      await bus.disconnect();
      await db.$disconnect();
    },
  };
}
