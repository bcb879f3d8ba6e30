import { Module } from '@nestjs/common';
import { MediaServiceService, Topics } from '@parley/contracts';
import { OutboxModule, PlatformModule } from '@parley/platform';
import { loadMediaConfig, MEDIA_CONFIG, type MediaConfig } from './config';
import { MediaConsumers } from './consumers/media.consumers';
import { Downloads } from './downloads/downloads';
import { MediaController } from './grpc/media.controller';
import { ImageProcessor } from './processing/image-processor';
import { ChunkStaging } from './repositories/chunk-staging';
import { ObjectStorage } from './repositories/object-storage';
import { MediaDatabase } from './repositories/prisma.service';
import { UploadSweeper } from './uploads/upload-sweeper';
import { StoredFiles } from './uploads/stored-files';
import { Uploads } from './uploads/uploads';

/** The identity bootstrapService and the binding test read: name, contracts served, configuration. */
export const MEDIA_SERVICE = { name: 'media', contracts: [MediaServiceService], loadConfig: loadMediaConfig };

/** What media is: chunked uploads into MinIO (S3), stored files, and download URLs for those who may see them. */
@Module({
  imports: [
    PlatformModule.forService({
      ...MEDIA_SERVICE,
      configToken: MEDIA_CONFIG,
      topics: [Topics.messagingEvents, Topics.sessionEvents, Topics.mediaEvents],
    }),
    OutboxModule.forService(MediaDatabase),
  ],
  controllers: [MediaController, MediaConsumers],
  providers: [
    {
      provide: ObjectStorage,
      inject: [MEDIA_CONFIG],
      useFactory: (c: MediaConfig) => new ObjectStorage(c.s3),
    },
    {
      provide: ChunkStaging,
      inject: [MediaDatabase],
      useFactory: (db: MediaDatabase) => new ChunkStaging(db.pool),
    },
    StoredFiles,
    Uploads,
    UploadSweeper,
    Downloads,
    ImageProcessor,
  ],
})
export class MediaModule {}
