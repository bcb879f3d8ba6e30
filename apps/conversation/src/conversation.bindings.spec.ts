import { Topics } from '@parley/contracts';
import { describeNestBindings } from '@parley/testing';
import { ConversationModule } from './conversation.module';

describeNestBindings('conversation', ConversationModule, 'parley.conversation.v1', [
  Topics.messagingEvents, // the list projection
  Topics.conversationEvents, // the list projection
  Topics.sessionEvents, // revocations
]);
