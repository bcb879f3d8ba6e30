import { participantsOf } from '../domain/participants';
import { ConversationType, conversationKey, MessagingEvent, Topics, topicSpecs } from '@parley/contracts';
import { KafkaBus, OutboxRelay, sqlOutbox } from '@parley/platform';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';

import { MessageRepository } from './message.repository';
import { textTo, toGroup } from './outgoing.fixture';
import { MessagingDatabase } from './prisma.service';

// Runs against the real Postgres and Kafka of infra/local (npm test provides the env).
const databaseUrl = process.env['MESSAGING_DATABASE_URL'] ?? '';
const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const appId = `it-${randomUUID().slice(0, 8)}`;

describe('MessageRepository on Postgres', () => {
  const db = new MessagingDatabase(databaseUrl);
  const repo = new MessageRepository(db);
  afterAll(() => db.$disconnect());

  it('gives 40 concurrent sends from both sides of a conversation the seqs 1..40 exactly once', async () => {
    const alice = { appId, userId: 'alice', sessionId: 's1', platform: 1 };
    const bob = { appId, userId: 'bob', sessionId: 's2', platform: 1 };
    const sends = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? repo.storeOnce(alice, textTo('bob', `a${i}`), 'r', participantsOf)
        : repo.storeOnce(bob, textTo('alice', `b${i}`), 'r', participantsOf),
    );
    const seqs = (await Promise.all(sends)).map((s) => s.message.conversationSeq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('stores a message retried concurrently with the same localMessageID once, with one event', async () => {
    const carol = { appId, userId: 'carol', sessionId: 's3', platform: 1 };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        repo.storeOnce(carol, textTo('dave', 'same-local-id'), 'r', participantsOf),
      ),
    );
    expect(new Set(results.map((r) => r.message.messageId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const key = conversationKey(ConversationType.CONVERSATION_TYPE_PEER, 'carol', 'dave');
    expect(await db.message.count({ where: { appId, conversationKey: key } })).toBe(1);
    const events = await db.outboxEvent.findMany({ where: { key: `${appId}/${key}` } });
    expect(events).toHaveLength(1);
  });

  it('keeps apps apart: the same users in another app start their own seq at 1', async () => {
    const other = { appId: `${appId}-b`, userId: 'alice', sessionId: 's4', platform: 1 };
    const { message } = await repo.storeOnce(other, textTo('bob', 'a0'), 'r', participantsOf);
    expect(message.conversationSeq).toBe(1);
  });
});

describe('OutboxRelay with Kafka', () => {
  const db = new MessagingDatabase(databaseUrl);
  const bus = new KafkaBus('messaging-it', brokers);
  const relay = new OutboxRelay(sqlOutbox(db.pool), bus, 60_000);
  const consumer = new Kafka({ clientId: 'messaging-it-reader', brokers, logLevel: logLevel.WARN }).consumer({
    groupId: `it-${randomUUID()}`,
  });

  beforeAll(async () => {
    await bus.ensureTopics(topicSpecs([Topics.messagingEvents]));
    await bus.connectProducer();
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.messagingEvents, fromBeginning: true });
  });
  afterAll(async () => {
    await consumer.disconnect();
    await bus.disconnect();
    await db.$disconnect();
  });

  it('publishes a committed MessageSent to Kafka and empties the outbox', async () => {
    const sender = { appId, userId: `erin-${randomUUID().slice(0, 6)}`, sessionId: 's5', platform: 1 };
    const { message } = await new MessageRepository(db).storeOnce(
      sender,
      textTo('frank', 'l1', 'to kafka'),
      'trace-1',
      participantsOf,
    );
    const seen = new Promise<MessagingEvent>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message: m }) => {
          const event = MessagingEvent.decode(m.value ?? Buffer.alloc(0));
          if (
            event.event?.$case === 'messageSent' &&
            event.event.value.message?.messageId === message.messageId
          )
            resolve(event);
        },
      });
    });
    await relay.flush();
    const event = await seen;
    expect(event.appId).toBe(appId);
    expect(event.event?.$case === 'messageSent' && event.event.value.message?.text).toBe('to kafka');
    expect(await db.outboxEvent.count({ where: { key: { startsWith: `${appId}/` } } })).toBe(0);
  });

  it('publishes a backlog bigger than Kafka takes in one request (500-member group messages) and empties the outbox', async () => {
    const groupId = `big-${randomUUID().slice(0, 6)}`;
    const members = Array.from({ length: 500 }, (_, i) => `member-${i}-${groupId}`);
    await db.groupMember.createMany({ data: members.map((userId) => ({ appId, groupId, userId })) });
    const sender = { appId, userId: members[0] ?? '', sessionId: 's6', platform: 1 };
    const repo = new MessageRepository(db);
    for (let i = 0; i < 100; i++)
      await repo.storeOnce(sender, toGroup(groupId, `g${i}`), 'r', participantsOf);
    const key = `${appId}/${conversationKey(ConversationType.CONVERSATION_TYPE_GROUP, sender.userId, groupId)}`;
    const [{ bytes }] = await db.$queryRaw<{ bytes: bigint }[]>`
      SELECT sum(octet_length(payload))::bigint AS bytes FROM outbox_event WHERE key = ${key}`;
    expect(Number(bytes)).toBeGreaterThan(1024 * 1024); // over Kafka's default message.max.bytes
    await relay.flush();
    expect(await db.outboxEvent.count({ where: { key } })).toBe(0);
  });

  it('lets the relays of several replicas publish every event once, in commit order', async () => {
    const replicas = [0, 1, 2].map((i) => {
      const replicaDb = new MessagingDatabase(databaseUrl);
      const replicaBus = new KafkaBus(`messaging-it-replica-${i}`, brokers);
      return {
        db: replicaDb,
        bus: replicaBus,
        relay: new OutboxRelay(sqlOutbox(replicaDb.pool), replicaBus, 60_000),
      };
    });
    const kafka = new Kafka({ clientId: 'messaging-it-replicas', brokers, logLevel: logLevel.WARN });
    const admin = kafka.admin();
    const reader = kafka.consumer({ groupId: `it-${randomUUID()}` });
    try {
      await Promise.all(replicas.map((r) => r.bus.connectProducer()));
      await admin.connect();
      const ends = await admin.fetchTopicOffsets(Topics.messagingEvents);
      const sender = { appId, userId: `gina-${randomUUID().slice(0, 6)}`, sessionId: 's7', platform: 1 };
      const key = `${appId}/${conversationKey(ConversationType.CONVERSATION_TYPE_PEER, sender.userId, 'hugo')}`;
      const seqs: number[] = [];
      await reader.connect();
      await reader.subscribe({ topic: Topics.messagingEvents });
      await reader.run({
        eachMessage: async ({ message: m }) => {
          if (m.key?.toString() !== key) return;
          const event = MessagingEvent.decode(m.value ?? Buffer.alloc(0));
          if (event.event?.$case === 'messageSent')
            seqs.push(Number(event.event.value.message?.conversationSeq));
        },
      });
      for (const { partition, offset } of ends)
        reader.seek({ topic: Topics.messagingEvents, partition, offset });

      // Every replica flushes after each commit, as the send path does, while the next sends commit.
      const repo = new MessageRepository(db);
      const flushes: Promise<void>[] = [];
      for (let i = 0; i < 60; i++) {
        await repo.storeOnce(sender, textTo('hugo', `r${i}`, `replicated ${i}`), 'trace-r', participantsOf);
        for (const r of replicas) flushes.push(r.relay.flush());
      }
      await Promise.all(flushes);
      for (let waited = 0; seqs.length < 60 && waited < 20_000; waited += 100)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    } finally {
      await reader.disconnect();
      await admin.disconnect();
      for (const r of replicas) {
        await r.bus.disconnect();
        await r.db.$disconnect();
      }
    }
  });
});
