import { Module } from '@nestjs/common';
import { SessionServiceService, Topics } from '@parley/contracts';
import { OutboxModule, PlatformModule } from '@parley/platform';
import { loadSessionConfig, SESSION_CONFIG, type SessionConfig } from './config';
import { SessionConsumers } from './consumers/session.consumers';
import { ConversationNotices } from './delivery/conversation-notices';
import { MembershipNotices } from './delivery/membership-notices';
import { MessageDelivery } from './delivery/message-delivery';
import { SessionController } from './grpc/session.controller';
import { AppTokenVerifier } from './login/app-token-verifier';
import { LoginUseCase } from './login/login.usecase';
import { SessionLifetime } from './login/session-lifetime';
import { LogoutUseCase } from './logout/logout.usecase';
import { RenewTokenUseCase } from './renew-token/renew-token.usecase';
import { SessionDatabase } from './repositories/prisma.service';
import { SessionRepository } from './repositories/session.repository';
import { ConnectionRegistry } from './subscribe/connection-registry';
import { SessionEventsListener } from './subscribe/session-events.listener';
import { SubscribeUseCase } from './subscribe/subscribe.usecase';

/** The identity bootstrapService and the binding test read: name, contracts served, configuration. */
export const SESSION_SERVICE = {
  name: 'session',
  contracts: [SessionServiceService],
  loadConfig: loadSessionConfig,
};

/** What session is: logins in Postgres, each client's event stream, and delivery from Kafka to those streams. */
@Module({
  imports: [
    PlatformModule.forService({
      ...SESSION_SERVICE,
      configToken: SESSION_CONFIG,
      topics: [
        Topics.messagingEvents,
        Topics.sessionEvents,
        Topics.conversationEvents,
        Topics.conversationNotifications,
      ],
      // session issues the tokens; it checks a session's state in its own table, not a revocation set.
      verifiesSessions: false,
    }),
    OutboxModule.forService(SessionDatabase),
  ],
  controllers: [SessionController, SessionConsumers],
  providers: [
    {
      provide: AppTokenVerifier,
      inject: [SESSION_CONFIG],
      useFactory: (c: SessionConfig) => new AppTokenVerifier(c.appKeys),
    },
    SessionRepository,
    ConnectionRegistry,
    MessageDelivery,
    ConversationNotices,
    MembershipNotices,
    SessionEventsListener,
    SessionLifetime,
    LoginUseCase,
    LogoutUseCase,
    RenewTokenUseCase,
    SubscribeUseCase,
  ],
})
export class SessionModule {}
