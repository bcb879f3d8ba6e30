import { bootstrapService } from '@parley/platform';
import { MESSAGING_SERVICE, MessagingModule } from './messaging.module';

void bootstrapService(MessagingModule, MESSAGING_SERVICE);
