import { Topics } from '@parley/contracts';
import { describeNestBindings } from '@parley/testing';
import { MessagingModule } from './messaging.module';

describeNestBindings('messaging', MessagingModule, 'parley.messaging.v1', [
  Topics.conversationEvents, // group and room membership
  Topics.mediaEvents, // processed images
  Topics.sessionEvents, // revocations
]);
