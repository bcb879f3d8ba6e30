import { randomUUID } from 'node:crypto';
import { type Admin, Kafka, logLevel } from 'kafkajs';

import { type IncomingEvent, KafkaBus } from './kafka-bus';

// Runs against the real Kafka of infra/local (npm test provides the env).
const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const kafka = new Kafka({ clientId: 'platform-it', brokers, logLevel: logLevel.NOTHING });

describe('KafkaBus.ensureTopics with Kafka', () => {
  const created: string[] = [];
  const admins: Admin[] = [0, 1, 2, 3].map(() => kafka.admin());
  beforeAll(() => Promise.all(admins.map((a) => a.connect())));
  afterAll(async () => {
    await admins[0]?.deleteTopics({ topics: created }).catch(() => undefined);
    await Promise.all(admins.map((a) => a.disconnect()));
  });

  const freshTopics = () => {
    const topics = Array.from({ length: 10 }, (_, i) => `it-ensure-${randomUUID().slice(0, 8)}-${i}`);
    created.push(...topics);
    return { topics, specs: topics.map((topic) => ({ topic, numPartitions: 12 })) };
  };

  // All services start at once and each ensures the topics it uses. The broker acknowledges a creation
  // before it serves the new topics' metadata; kafkajs' wait for leaders then failed with "This server
  // does not host this topic-partition" (a CI boot failure), and the losers of the race (told
  // "already exists") went on at once. 10 topics in one creation failed nearly every time.
  it('returns to every service that ensured new topics at the same moment only once the broker serves them', async () => {
    for (let round = 0; round < 5; round++) {
      const { topics, specs } = freshTopics();
      const buses = admins.map((_, i) => new KafkaBus(`platform-it-${i}`, brokers));
      const answers = await Promise.all(
        buses.map(async (bus, i) => {
          await bus.ensureTopics(specs);
          // kafkajs' consumer subscribe asks exactly this, without retrying.
          return admins[i]?.fetchTopicMetadata({ topics }).then(
            (m) => m.topics.map((t) => `${t.name}: ${t.partitions.filter((p) => p.leader >= 0).length} led`),
            (err: Error) => [err.message],
          );
        }),
      );
      const expected = [...topics].map((t) => `${t}: 12 led`);
      for (const answer of answers) expect(answer?.sort()).toEqual(expected.sort());
    }
  });

  it('lets a service consume and publish on topics it has just ensured', async () => {
    const { topics, specs } = freshTopics();
    const bus = new KafkaBus('platform-it-consume', brokers);
    try {
      await bus.ensureTopics(specs);
      const received: IncomingEvent[] = [];
      await bus.consume({
        groupId: `platform-it-${randomUUID()}`,
        topics,
        fromBeginning: true,
        handleBatch: async (events) => void received.push(...events),
      });
      await bus.connectProducer();
      await bus.publish(topics.map((topic) => ({ topic, key: 'k', value: Buffer.from(topic), headers: {} })));
      for (let waited = 0; received.length < topics.length && waited < 20_000; waited += 100)
        await new Promise((r) => setTimeout(r, 100));
      expect(received.map((e) => e.value.toString()).sort()).toEqual([...topics].sort());
    } finally {
      await bus.disconnect();
    }
  });
});
