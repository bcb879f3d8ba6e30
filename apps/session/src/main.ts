import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runService } from '@parley/platform';
import { SESSION_CONFIG } from './config';
import { SessionModule, startSession } from './session.module';

void runService('session', async () => {
  const app = await NestFactory.createApplicationContext(SessionModule, {
    logger: false,
    abortOnError: false,
  });
  const running = await startSession((token) => app.get(token), app.get(SESSION_CONFIG));
  return {
    stop: async () => {
      await running.stop();
      await app.close();
    },
  };
});
