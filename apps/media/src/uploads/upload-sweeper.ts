import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { logger } from '@parley/platform';
import { MEDIA_CONFIG, type MediaConfig } from '../config';
import { Uploads } from './uploads';

/** Aborts uploads left unfinished past their lifetime, on a timer for as long as the service runs. */
@Injectable()
export class UploadSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly uploads: Uploads,
    @Inject(MEDIA_CONFIG) private readonly config: Pick<MediaConfig, 'sweepIntervalMs'>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.uploads.sweep().catch((err: unknown) => logger.warn({ err }, 'upload sweep failed')),
      this.config.sweepIntervalMs,
    );
  }

  /** First thing in a stop: no sweep starts while calls drain and the outbox flushes. */
  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
