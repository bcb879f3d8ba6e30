import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runService } from '@parley/platform';
import { MEDIA_CONFIG } from './config';
import { MediaModule, startMedia } from './media.module';

void runService('media', async () => {
  const app = await NestFactory.createApplicationContext(MediaModule, {
    logger: false,
    abortOnError: false,
  });
  const running = await startMedia((token) => app.get(token), app.get(MEDIA_CONFIG));
  return {
    stop: async () => {
      await running.stop();
      await app.close();
    },
  };
});
