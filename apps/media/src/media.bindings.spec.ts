import { Topics } from '@parley/contracts';
import { describeNestBindings } from '@parley/testing';
import { MediaModule } from './media.module';

describeNestBindings('media', MediaModule, 'parley.media.v1', [
  Topics.messagingEvents, // who may download which file
  Topics.mediaEvents, // image processing
  Topics.sessionEvents, // revocations
]);
