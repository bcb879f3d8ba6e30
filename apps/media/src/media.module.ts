import { Module } from '@nestjs/common';
import { bootStep, GrpcServerHost, KafkaBus } from '@parley/platform';
import { loadMediaConfig, MEDIA_CONFIG, type MediaConfig } from './config';
import { ObjectStorage } from './repositories/object-storage';

/**
 * What media is: uploads in MinIO (S3) announced on Kafka. The upload API is the media issue;
 * today the service proves its dependencies (bucket, Kafka) and serves health.
 */
@Module({
  providers: [
    { provide: MEDIA_CONFIG, useFactory: () => loadMediaConfig() },
    {
      provide: KafkaBus,
      inject: [MEDIA_CONFIG],
      useFactory: (c: MediaConfig) => new KafkaBus('parley-media', c.kafka.brokers),
    },
    {
      provide: ObjectStorage,
      inject: [MEDIA_CONFIG],
      useFactory: (c: MediaConfig) => new ObjectStorage(c.s3),
    },
    { provide: GrpcServerHost, useFactory: () => new GrpcServerHost([]) },
  ],
})
export class MediaModule {}

export async function startMedia(
  get: <T>(token: abstract new (...args: never[]) => T) => T,
  config: MediaConfig,
) {
  const storage = get(ObjectStorage);
  const bus = get(KafkaBus);
  const grpc = get(GrpcServerHost);
  await bootStep(`cannot use bucket ${config.s3.bucket} at ${config.s3.endpoint.origin} (MEDIA_S3_*)`, () =>
    storage.ensureBucket(),
  );
  await bootStep(`cannot reach Kafka at ${config.kafka.brokers.join(',')} (KAFKA_BROKERS)`, () =>
    bus.ensureTopics([]),
  );
  await bootStep(`cannot listen on ${config.grpc.host}:${config.grpc.port}`, () =>
    grpc.listen(config.grpc.host, config.grpc.port),
  );
  grpc.health.setAll(true);
  return { stop: () => grpc.shutdown() };
}
