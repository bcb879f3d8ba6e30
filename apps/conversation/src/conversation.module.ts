import { Module } from '@nestjs/common';
import { bootStep, GrpcServerHost, KafkaBus } from '@parley/platform';
import { CONVERSATION_CONFIG, type ConversationConfig, loadConversationConfig } from './config';

/**
 * What conversation is: per-user conversation lists and unread counts projected from messaging's
 * events, plus groups and rooms. Those arrive with the conversation issue; today the service
 * proves its Kafka connection and serves health.
 */
@Module({
  providers: [
    { provide: CONVERSATION_CONFIG, useFactory: () => loadConversationConfig() },
    {
      provide: KafkaBus,
      inject: [CONVERSATION_CONFIG],
      useFactory: (c: ConversationConfig) => new KafkaBus('parley-conversation', c.kafka.brokers),
    },
    { provide: GrpcServerHost, useFactory: () => new GrpcServerHost([]) },
  ],
})
export class ConversationModule {}

export async function startConversation(
  get: <T>(token: abstract new (...args: never[]) => T) => T,
  config: ConversationConfig,
) {
  const bus = get(KafkaBus);
  const grpc = get(GrpcServerHost);
  await bootStep(`cannot reach Kafka at ${config.kafka.brokers.join(',')} (KAFKA_BROKERS)`, () =>
    bus.ensureTopics([]),
  );
  await bootStep(`cannot listen on ${config.grpc.host}:${config.grpc.port}`, () =>
    grpc.listen(config.grpc.host, config.grpc.port),
  );
  grpc.health.setAll(true);
  return { stop: () => grpc.shutdown() };
}
