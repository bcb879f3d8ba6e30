import { bootStep, GrpcServerHost, KafkaBus, runService } from '@parley/platform';
import { loadConversationConfig } from './config';

/**
 * conversation: conversation lists, unread counts, groups and rooms (issue: conversation service).
 * Until that issue lands this process only proves the deployable: config, Kafka reachability,
 * gRPC health and a route on the edge.
 */
void runService('conversation', async () => {
  const config = loadConversationConfig();
  const bus = new KafkaBus('parley-conversation', config.kafka.brokers);
  await bootStep(`cannot reach Kafka at ${config.kafka.brokers.join(',')} (KAFKA_BROKERS)`, () =>
    bus.ensureTopics([]),
  );
  const grpc = new GrpcServerHost([]);
  await bootStep(`cannot listen on ${config.grpc.host}:${config.grpc.port}`, () =>
    grpc.listen(config.grpc.host, config.grpc.port),
  );
  grpc.health.setAll(true);
  return { stop: () => grpc.shutdown() };
});
