import type { KafkaBus, OutgoingEvent } from '../kafka/kafka-bus';
import {
  MAX_PUBLISH_BYTES,
  OutboxRelay,
  type OutboxRow,
  type OutboxStore,
  slicesBySize,
} from './outbox-relay';

const row = (id: number, bytes: number): OutboxRow => ({
  id: BigInt(id),
  topic: 't',
  key: 'k',
  payload: new Uint8Array(bytes),
  headers: { h: 'v' },
});

/** An outbox in memory, and a bus that records what it was asked to publish (unit test: ports faked). */
function fakes(rows: OutboxRow[], failOn?: (events: OutgoingEvent[]) => boolean) {
  const pending = [...rows];
  const published: OutgoingEvent[][] = [];
  const store: OutboxStore = {
    pending: async (limit) => pending.slice(0, limit),
    remove: async (ids) => {
      for (const id of ids)
        pending.splice(
          pending.findIndex((r) => r.id === id),
          1,
        );
    },
    count: async () => pending.length,
    exclusively: (work) => work(),
  };
  const bus = {
    publish: async (events: OutgoingEvent[]) => {
      if (failOn?.(events)) throw new Error('broker refused the request');
      published.push(events);
    },
  } as unknown as KafkaBus;
  return { store, bus, pending, published };
}

describe('slicesBySize', () => {
  it('keeps the order and puts at most maxBytes of keys, values and headers in a slice', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i, 300));
    const slices = slicesBySize(rows, 1_000); // 300 + 1 + 2 bytes each: three fit
    expect(slices.map((s) => s.map((r) => Number(r.id)))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
  });

  it('sends a row larger than the limit on its own', () => {
    const slices = slicesBySize([row(1, 10), row(2, 5_000), row(3, 10)], 1_000);
    expect(slices.map((s) => s.map((r) => Number(r.id)))).toEqual([[1], [2], [3]]);
  });
});

describe('OutboxRelay', () => {
  it('publishes a backlog bigger than one Kafka request in order, in requests under the limit, and empties the outbox', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(i, 15_000)); // 7.5 MB: 500 group messages
    const { store, bus, pending, published } = fakes(
      rows,
      (events) =>
        // As Kafka does with a record batch over message.max.bytes (1 MiB by default).
        events.reduce((n, e) => n + e.value.length, 0) > 1024 * 1024,
    );
    await new OutboxRelay(store, bus, 60_000).flush();
    expect(pending).toHaveLength(0);
    expect(published.length).toBeGreaterThan(1);
    for (const request of published)
      expect(request.reduce((n, e) => n + e.value.length, 0)).toBeLessThanOrEqual(MAX_PUBLISH_BYTES);
    expect(published.flat()).toHaveLength(500);
  });

  it('keeps what was not acknowledged: rows after a refused request stay pending, earlier ones are gone', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => row(i, 20_000)); // 2 MB: four requests
    let calls = 0;
    const { store, bus, pending } = fakes(rows, () => ++calls === 2);
    await new OutboxRelay(store, bus, 60_000).flush();
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.length).toBeLessThan(100);
    expect(Number(pending[0]?.id)).toBe(100 - pending.length); // the oldest rows went, in order
  });
});
