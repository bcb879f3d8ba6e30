import {
  ConversationType,
  EventHeaders,
  MessageContent,
  MessageType,
  SendMessageRequest,
  Topics,
} from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { eventually, loggedIn, rawLogin, rawSend, stackUnderTest, uniqueUser } from './harness';

// What an operator sees: every service answers GET /metrics, a send shows up in the RPC and
// consumer metrics, and one request ID follows a message from SendMessage through Kafka to the
// recipient's conversation notification.
const SERVICES = ['session', 'messaging', 'media', 'conversation'] as const;

function metricsUrl(service: (typeof SERVICES)[number]): string {
  const port = process.env[`PARLEY_${service.toUpperCase()}_METRICS_PORT`];
  if (!port) throw new Error(`PARLEY_${service.toUpperCase()}_METRICS_PORT is not set: run through npm test`);
  return `http://127.0.0.1:${port}/metrics`;
}

async function scrape(service: (typeof SERVICES)[number]): Promise<string> {
  const res = await fetch(metricsUrl(service));
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one series (all of `labels` must match), 0 when it does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const [series, value] = line.split(/ (?=[^ ]+$)/);
    if (Object.entries(labels).every(([k, v]) => series?.includes(`${k}="${v}"`))) return Number(value);
  }
  return 0;
}

function brokers(): string[] {
  const list = process.env['KAFKA_BROKERS'];
  if (!list) throw new Error('KAFKA_BROKERS is not set: run through npm test');
  return list.split(',');
}

describe('observability', () => {
  it('every service serves Prometheus metrics with its RPC, Kafka, outbox and process series', async () => {
    for (const service of SERVICES) {
      const text = await scrape(service);
      expect(text).toContain('# TYPE parley_grpc_server_handled_total counter');
      expect(text).toContain('# TYPE parley_grpc_server_handling_seconds histogram');
      expect(text).toContain('# TYPE parley_kafka_consumer_lag gauge');
      expect(text).toContain('# TYPE parley_outbox_backlog gauge');
      expect(text).toMatch(new RegExp(`parley_process_cpu_seconds_total\\{service="${service}"\\} \\d`));
    }
    expect(await scrape('session')).toContain('# TYPE parley_grpc_server_streams_open gauge');
  });

  it('counts a send and carries its request ID through Kafka to the recipient notification', async () => {
    const { appID } = stackUnderTest();
    const senderId = uniqueUser('trace-from');
    const receiverId = uniqueUser('trace-to');
    const receiver = await loggedIn(receiverId);
    const sender = await rawLogin(senderId);
    const kafka = new Kafka({
      clientId: 'e2e-observability',
      brokers: brokers(),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const topics = [Topics.messagingEvents, Topics.conversationNotifications];
    const start = new Map(
      await Promise.all(topics.map(async (t) => [t, await admin.fetchTopicOffsets(t)] as const)),
    );
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: `e2e-observability-${randomUUID()}` });
    try {
      const before = {
        messaging: await scrape('messaging'),
        conversation: await scrape('conversation'),
        session: await scrape('session'),
      };
      expect(
        sample(before.session, 'parley_grpc_server_streams_open', { method: 'Subscribe' }),
      ).toBeGreaterThanOrEqual(1);

      const requestId = `e2e-${randomUUID()}`;
      const metadata = sender.metadata.clone();
      metadata.set('x-request-id', requestId);
      await rawSend(
        { messaging: sender.messaging, metadata },
        SendMessageRequest.fromPartial({
          message: MessageContent.fromPartial({ type: MessageType.MESSAGE_TYPE_TEXT, text: 'traced' }),
          localMessageId: `local-${randomUUID()}`,
          toConversationId: receiverId,
          conversationType: ConversationType.CONVERSATION_TYPE_PEER,
        }),
      );

      const handled = { method: 'SendMessage', code: 'OK' };
      expect(sample(await scrape('messaging'), 'parley_grpc_server_handled_total', handled)).toBe(
        sample(before.messaging, 'parley_grpc_server_handled_total', handled) + 1,
      );

      // The trace: the MessageSent event and the receiver's conversationChanged carry the request ID.
      const seen = new Map<string, string[]>();
      await consumer.connect();
      await consumer.subscribe({ topics });
      await consumer.run({
        eachMessage: async ({ topic, message }) => {
          const trace = message.headers?.[EventHeaders.traceId]?.toString();
          if (trace?.split(',').includes(requestId))
            seen.set(topic, [...(seen.get(topic) ?? []), message.key?.toString() ?? '']);
        },
      });
      for (const [topic, offsets] of start)
        for (const { partition, offset } of offsets) consumer.seek({ topic, partition, offset });
      await eventually(
        'the request ID on MessageSent and on the receiver notification',
        () =>
          (seen.get(Topics.messagingEvents)?.length ?? 0) === 1 &&
          (seen.get(Topics.conversationNotifications) ?? []).includes(`${appID}/${receiverId}`),
        20_000,
      );

      // The conversation list projection consumed it (counted per group and topic).
      const consumed = { group: 'parley-conversation-list', topic: Topics.messagingEvents };
      const consumedBefore = sample(before.conversation, 'parley_kafka_consumed_events_total', consumed);
      const after = await scrape('conversation');
      expect(sample(after, 'parley_kafka_consumed_events_total', consumed)).toBeGreaterThan(consumedBefore);
    } finally {
      await consumer.disconnect();
      sender.close();
      await receiver.destroy();
    }
  });
});
