import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Topic } from '@parley/contracts';
import { topicSpecs } from '@parley/contracts';
import { RevocationsConsumer } from '../auth/revocations.consumer';
import { SessionGuard } from '../auth/session.guard';
import { SessionRevocations } from '../auth/session-revocations';
import { SessionTokens } from '../auth/session-token';
import { HealthModule } from '../grpc/health';
import { KafkaBus } from '../kafka/kafka-bus';
import { MetricsController } from '../observability/metrics.controller';
import { SERVICE_CONFIG, SERVICE_IDENTITY, type ServiceIdentity } from './service-identity';
import { FileTickets } from '../auth/file-ticket';

/** What every service's configuration provides to the platform. */
export interface PlatformConfig {
  kafka: { brokers: string[] };
  sessionSecret: string;
}

export interface PlatformOptions<C extends PlatformConfig> extends ServiceIdentity {
  /** Parses and validates the service's environment once (fails the boot with one line if bad). */
  loadConfig: () => C;
  /** The service's own token for its parsed configuration. */
  configToken: symbol;
  /** Topics this service writes or reads: created (with their dead-letter topics) at boot if missing. */
  topics: Topic[];
  /** `false` for session, which issues tokens and keeps no revocation set. */
  verifiesSessions?: boolean;
}

/**
 * What every Parley service has: its configuration, Kafka (KafkaBus, topics checked at boot),
 * session-token verification (SessionTokens, SessionGuard, the revocation set kept from session's
 * events), grpc.health.v1 and /metrics. A service module imports `PlatformModule.forService(...)`.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService<C extends PlatformConfig>(options: PlatformOptions<C>): DynamicModule {
    const verifies = options.verifiesSessions !== false;
    return {
      module: PlatformModule,
      imports: [HealthModule],
      controllers: verifies ? [MetricsController, RevocationsConsumer] : [MetricsController],
      providers: [
        { provide: SERVICE_IDENTITY, useValue: options },
        { provide: options.configToken, useFactory: options.loadConfig },
        { provide: SERVICE_CONFIG, useExisting: options.configToken },
        {
          provide: KafkaBus,
          inject: [options.configToken],
          useFactory: (c: C) =>
            new KafkaBus(`parley-${options.name}`, c.kafka.brokers, topicSpecs(options.topics)),
        },
        SessionRevocations,
        {
          provide: SessionTokens,
          inject: [options.configToken, SessionRevocations],
          useFactory: (c: C, r: SessionRevocations) =>
            new SessionTokens(c.sessionSecret, verifies ? r : undefined),
        },
        SessionGuard,
        {
          // Media signs file tickets at CompleteUpload; messaging verifies them in SendMediaMessage.
          provide: FileTickets,
          inject: [options.configToken],
          useFactory: (c: C) => new FileTickets(c.sessionSecret),
        },
      ],
      exports: [
        SERVICE_IDENTITY,
        SERVICE_CONFIG,
        options.configToken,
        KafkaBus,
        SessionRevocations,
        SessionTokens,
        SessionGuard,
        FileTickets,
      ],
    };
  }
}
