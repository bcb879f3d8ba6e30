import { bootStep, GrpcServerHost, KafkaBus, runService } from '@parley/platform';
import { loadMediaConfig } from './config';

/**
 * media: chunked uploads to MinIO and download URLs (issue: media).
 * Until that issue lands this process only proves the deployable: config, Kafka reachability,
 * gRPC health and a route on the edge.
 */
void runService('media', async () => {
  const config = loadMediaConfig();
  const bus = new KafkaBus('parley-media', config.kafka.brokers);
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
