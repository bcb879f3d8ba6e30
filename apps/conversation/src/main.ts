import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runService } from '@parley/platform';
import { CONVERSATION_CONFIG } from './config';
import { ConversationModule, startConversation } from './conversation.module';
import { runRebuild } from './rebuild';

// `node main.js rebuild-projection`: the documented rebuild of the conversation lists (docs/operations.md).
if (process.argv[2] === 'rebuild-projection') {
  void runRebuild();
} else {
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
}
