import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runService } from '@parley/platform';
import { CONVERSATION_CONFIG } from './config';
import { ConversationModule, startConversation } from './conversation.module';

void runService('conversation', async () => {
  const app = await NestFactory.createApplicationContext(ConversationModule, {
    logger: false,
    abortOnError: false,
  });
  const running = await startConversation((token) => app.get(token), app.get(CONVERSATION_CONFIG));
  return {
    stop: async () => {
      await running.stop();
      await app.close();
    },
  };
});
