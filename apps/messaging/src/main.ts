import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runService } from '@parley/platform';
import { MESSAGING_CONFIG } from './config';
import { MessagingModule, startMessaging } from './messaging.module';

void runService('messaging', async () => {
  const app = await NestFactory.createApplicationContext(MessagingModule, {
    logger: false,
    abortOnError: false,
  });
  const running = await startMessaging((token) => app.get(token), app.get(MESSAGING_CONFIG));
  return {
    stop: async () => {
      await running.stop();
      await app.close();
    },
  };
});
