import { bootstrapService } from '@parley/platform';
import { CONVERSATION_SERVICE, ConversationModule } from './conversation.module';
import { runRebuild } from './rebuild';

// `node main.js rebuild-projection`: the documented rebuild of the conversation lists (docs/operations.md).
if (process.argv[2] === 'rebuild-projection') void runRebuild();
else void bootstrapService(ConversationModule, CONVERSATION_SERVICE);
