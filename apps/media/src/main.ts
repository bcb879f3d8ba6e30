import { bootstrapService } from '@parley/platform';
import { MEDIA_SERVICE, MediaModule } from './media.module';

void bootstrapService(MediaModule, MEDIA_SERVICE);
