import { Topics } from '@parley/contracts';
import { of } from 'rxjs';
import { eventEnvelope } from '../events/event-envelope';
import type { ConsumeOptions, IncomingEvent, KafkaBus } from './kafka-bus';
import { type ConsumedEvent, KafkaBatchServer } from './kafka-batch.server';

/** A KafkaBus that records the consumers started and lets the test feed their batches. */
function fakeBus() {
  const consumers: ConsumeOptions[] = [];
  const bus = {
    consume: async (opts: ConsumeOptions) => void consumers.push(opts),
    stopConsuming: async () => undefined,
  } as unknown as KafkaBus;
  return { bus, consumers };
}

const record = (topic: string, value: Uint8Array, offset: string): IncomingEvent => ({
  topic,
  partition: 0,
  offset,
  key: 'k',
  value: Buffer.from(value),
  headers: {},
});

const renewal = (sessionId: string) =>
  eventEnvelope(Topics.sessionEvents, 'app/u', {
    appId: 'app',
    event: { $case: 'sessionRenewed', value: { userId: 'u', sessionId, expiresAt: 1 } },
  }).value;

async function listening(server: KafkaBatchServer): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    server.listen((err?: unknown) => (err ? reject(err as Error) : resolve())),
  );
}

describe('KafkaBatchServer', () => {
  it('starts one consumer per group, named by scope, with every topic of the group', async () => {
    const { bus, consumers } = fakeBus();
    const server = new KafkaBatchServer(bus, 'svc', 'r1');
    // Nest registers a function of its own for every handler (extras ride on the function).
    const handler = () => async () => of(undefined);
    server.addHandler(Topics.sessionEvents, handler(), true, { group: 'a', scope: 'replica' });
    server.addHandler(Topics.mediaEvents, handler(), true, { group: 'b' });
    server.addHandler(Topics.messagingEvents, handler(), true, { group: 'b', fromBeginning: false });
    await listening(server);
    expect(consumers.map((c) => [c.groupId, c.topics])).toEqual([
      ['parley-svc-a-r1', [Topics.sessionEvents]],
      ['parley-svc-b', [Topics.mediaEvents, Topics.messagingEvents]],
    ]);
  });

  it('hands the topic handler decoded payloads in offset order and skips an undecodable record alone', async () => {
    const { bus, consumers } = fakeBus();
    const server = new KafkaBatchServer(bus, 'svc', 'r1');
    const seen: ConsumedEvent<{ event?: { value: { sessionId: string } } }>[] = [];
    server.addHandler(Topics.sessionEvents, async (events: typeof seen) => void seen.push(...events), true, {
      group: 'a',
    });
    await listening(server);
    await consumers[0]?.handleBatch([
      record(Topics.sessionEvents, renewal('s1'), '7'),
      record(Topics.sessionEvents, Uint8Array.from([0xff, 0xff, 0xff]), '8'),
      record(Topics.sessionEvents, renewal('s2'), '9'),
    ]);
    expect(seen.map((e) => [e.offset, e.payload.event?.value.sessionId])).toEqual([
      ['7', 's1'],
      ['9', 's2'],
    ]);
  });

  it('rejects the batch when the handler fails, so the bus retries it and then dead-letters it', async () => {
    const { bus, consumers } = fakeBus();
    const server = new KafkaBatchServer(bus, 'svc', 'r1');
    server.addHandler(
      Topics.sessionEvents,
      async () => {
        throw new Error('database away');
      },
      true,
      { group: 'a' },
    );
    await listening(server);
    await expect(
      consumers[0]?.handleBatch([record(Topics.sessionEvents, renewal('s1'), '1')]),
    ).rejects.toThrow('database away');
  });

  it('refuses to start a handler that names no consumer group', async () => {
    const server = new KafkaBatchServer(fakeBus().bus, 'svc', 'r1');
    server.addHandler(Topics.sessionEvents, async () => undefined, true, {});
    await expect(listening(server)).rejects.toThrow(/names no consumer group/);
  });
});
