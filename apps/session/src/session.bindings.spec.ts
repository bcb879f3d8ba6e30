import { Topics } from '@parley/contracts';
import { describeNestBindings } from '@parley/testing';
import { SessionModule } from './session.module';

// Everything session pushes to its clients' streams, and the session events of other replicas.
describeNestBindings('session', SessionModule, 'parley.session.v1', [
  Topics.messagingEvents,
  Topics.conversationNotifications,
  Topics.conversationEvents,
  Topics.sessionEvents,
]);
