import type { OutgoingEvent } from '@parley/platform';

/** A KafkaBus stand-in for unit specs: records what would have been published. */
export class FakeBus {
  readonly published: OutgoingEvent[] = [];
  async publish(events: OutgoingEvent[]): Promise<void> {
    this.published.push(...events);
  }
}

/** An OutboxRelay stand-in: counts the flushes a use case asks for after its commit. */
export class FakeOutbox {
  flushes = 0;
  flush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }
}
