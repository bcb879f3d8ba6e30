import { Module } from '@nestjs/common';
import { Topics, topicSpecs } from '@parley/contracts';
import {
  bootStep,
  FileTickets,
  GrpcServerHost,
  KafkaBus,
  logger,
  OutboxRelay,
  sqlOutbox,
  SessionRevocations,
  SessionTokens,
} from '@parley/platform';
import { loadMediaConfig, MEDIA_CONFIG, type MediaConfig } from './config';
import { Downloads } from './downloads/downloads';
import { mediaGrpcBinding } from './grpc/media.grpc';
import { ObjectStorage } from './repositories/object-storage';
import { ChunkStaging } from './repositories/chunk-staging';
import { MediaDatabase } from './repositories/prisma.service';
import { ImageProcessor } from './processing/image-processor';
import { Uploads } from './uploads/uploads';

/** What media is: chunked uploads into MinIO (S3), stored files, and download URLs for those who may see them. */
@Module({
  providers: [
    { provide: MEDIA_CONFIG, useFactory: () => loadMediaConfig() },
    {
      provide: MediaDatabase,
      inject: [MEDIA_CONFIG],
      useFactory: (c: MediaConfig) => new MediaDatabase(c.databaseUrl),
    },
    {
      provide: ChunkStaging,
      inject: [MediaDatabase],
      useFactory: (db: MediaDatabase) => new ChunkStaging(db.pool),
    },
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
    { provide: SessionRevocations, useFactory: () => new SessionRevocations() },
    {
      provide: SessionTokens,
      inject: [MEDIA_CONFIG, SessionRevocations],
      useFactory: (c: MediaConfig, r: SessionRevocations) => new SessionTokens(c.sessionSecret, r),
    },
    {
      provide: OutboxRelay,
      inject: [MediaDatabase, KafkaBus],
      useFactory: (db: MediaDatabase, bus: KafkaBus) => new OutboxRelay(sqlOutbox(db.pool), bus),
    },
    {
      provide: Uploads,
      inject: [MediaDatabase, ChunkStaging, ObjectStorage, MEDIA_CONFIG, OutboxRelay],
      useFactory: (
        db: MediaDatabase,
        staging: ChunkStaging,
        s: ObjectStorage,
        c: MediaConfig,
        relay: OutboxRelay,
      ) => new Uploads(db, staging, s, new FileTickets(c.sessionSecret), c.limits, c.uploadTtlMs, relay),
    },
    {
      provide: ImageProcessor,
      inject: [MediaDatabase, ObjectStorage, OutboxRelay],
      useFactory: (db: MediaDatabase, s: ObjectStorage, relay: OutboxRelay) =>
        new ImageProcessor(db, s, relay),
    },
    {
      provide: Downloads,
      inject: [MediaDatabase, ObjectStorage, MEDIA_CONFIG],
      useFactory: (db: MediaDatabase, s: ObjectStorage, c: MediaConfig) =>
        new Downloads(db, s, c.urlTtlSeconds),
    },
    {
      provide: GrpcServerHost,
      inject: [SessionTokens, Uploads, Downloads],
      useFactory: (t: SessionTokens, u: Uploads, d: Downloads) =>
        new GrpcServerHost([mediaGrpcBinding(t, u, d)]),
    },
  ],
})
export class MediaModule {}

/** Boot order: database, bucket, Kafka (revocations, viewer projection, image processing), outbox, sweeper, then gRPC. */
export async function startMedia(
  get: <T>(token: abstract new (...args: never[]) => T) => T,
  config: MediaConfig,
) {
  const db = get(MediaDatabase);
  const storage = get(ObjectStorage);
  const bus = get(KafkaBus);
  const grpc = get(GrpcServerHost);
  const uploads = get(Uploads);
  await bootStep('cannot reach Postgres (MEDIA_DATABASE_URL)', () => db.$queryRaw`SELECT 1`);
  await bootStep(`cannot use bucket ${config.s3.bucket} at ${config.s3.endpoint.origin} (MEDIA_S3_*)`, () =>
    storage.ensureBucket(),
  );
  await bootStep(`cannot reach Kafka at ${config.kafka.brokers.join(',')} (KAFKA_BROKERS)`, async () => {
    await bus.ensureTopics(topicSpecs([Topics.messagingEvents, Topics.sessionEvents, Topics.mediaEvents]));
    await bus.connectProducer();
    await get(SessionRevocations).follow(bus, 'media');
    // Who may download what: a durable projection of MessageSent (from offset 0 the first time).
    await bus.consume({
      groupId: 'parley-media-viewers',
      topics: [Topics.messagingEvents],
      fromBeginning: true,
      handleBatch: get(Downloads).handleBatch,
      waitForJoin: false,
    });
    // Thumbnails and large images, made after upload from MediaUploaded.
    await bus.consume({
      groupId: 'parley-media-processing',
      topics: [Topics.mediaEvents],
      fromBeginning: true,
      handleBatch: get(ImageProcessor).handleBatch,
      waitForJoin: false,
    });
  });
  const outbox = get(OutboxRelay);
  outbox.start();
  const sweeper = setInterval(
    () => void uploads.sweep().catch((err: unknown) => logger.warn({ err }, 'upload sweep failed')),
    config.sweepIntervalMs,
  );
  await bootStep(`cannot listen on ${config.grpc.host}:${config.grpc.port}`, () =>
    grpc.listen(config.grpc.host, config.grpc.port),
  );
  grpc.health.setAll(true);
  return {
    stop: async () => {
      clearInterval(sweeper);
      // In-flight calls and batches finish first, so everything they queued is flushed to Kafka.
      await grpc.shutdown();
      await bus.stopConsuming();
      await outbox.stop();
      await bus.disconnect();
      await db.$disconnect();
    },
  };
}
