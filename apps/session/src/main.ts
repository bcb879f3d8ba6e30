import { bootstrapService } from '@parley/platform';
import { SESSION_SERVICE, SessionModule } from './session.module';

void bootstrapService(SessionModule, SESSION_SERVICE);
