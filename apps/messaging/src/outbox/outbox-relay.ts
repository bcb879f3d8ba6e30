import { type KafkaBus, logger } from '@parley/platform';
import type { MessagingDatabase } from '../repositories/prisma.service';

const BATCH = 500;

/**
 * Moves committed outbox rows to Kafka and deletes them once Kafka acknowledged. `flush()` runs
 * right after each commit for low latency; a timer retries anything left behind (a failed publish,
 * or a process killed between commit and publish). Rows can be published twice, never lost:
 * consumers dedupe by event ID.
 */
export class OutboxRelay {
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private rerun = false;
  private busy = false;

  constructor(
    private readonly db: MessagingDatabase,
    private readonly bus: KafkaBus,
    private readonly pollMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.flush(), this.pollMs);
    this.flush();
  }

  /** Publishes every pending row; calls made while a flush runs coalesce into one more pass. */
  flush(): Promise<void> {
    if (this.busy) {
      this.rerun = true;
      return this.running;
    }
    this.busy = true;
    this.running = this.drain()
      .catch((err: unknown) => logger.warn({ err }, 'outbox publish failed; will retry'))
      .finally(() => {
        this.busy = false;
        if (this.rerun) {
          this.rerun = false;
          void this.flush();
        }
      });
    return this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.db.outboxEvent.findMany({ orderBy: { id: 'asc' }, take: BATCH });
      if (rows.length === 0) return;
      await this.bus.publish(
        rows.map((r) => ({
          topic: r.topic,
          key: r.key,
          value: r.payload,
          headers: r.headers as Record<string, string>,
        })),
      );
      await this.db.outboxEvent.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
      if (rows.length < BATCH) return;
    }
  }

  /** Stops the timer and publishes what is left, so a graceful stop leaves an empty outbox. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.running;
  }

  async backlog(): Promise<number> {
    return this.db.outboxEvent.count();
  }
}
