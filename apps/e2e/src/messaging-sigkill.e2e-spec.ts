import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  ConversationType,
  HealthCheckResponse_ServingStatus,
  HealthClient,
  MessageContent,
  MessageType,
  MessagingServiceClient,
  type SendMessageResponse,
} from '@parley/contracts';
import type { ZIM } from '@parley/sdk';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { defined, eventually, loggedIn, rawLogin, uniqueUser } from './harness';
import { serviceFolder } from './service-process';

// A messaging process of this test's own (same database and Kafka as the stack, its own port), so
// it can be killed with SIGKILL mid-traffic without touching the stack's instance behind the edge.
const PORT = 15072;
const SENDERS = 50;
const PER_SENDER = 20;

function startMessaging(): ChildProcess {
  return spawn(process.execPath, [join(serviceFolder('messaging'), 'main.js')], {
    cwd: serviceFolder('messaging'),
    env: {
      ...process.env,
      PARLEY_MESSAGING_PORT: String(PORT),
      PARLEY_MESSAGING_METRICS_PORT: String(PORT + 10),
      PARLEY_SERVICE_NAME: 'messaging-fault-test',
      PARLEY_LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
}

async function serving(): Promise<void> {
  const health = new HealthClient(`127.0.0.1:${PORT}`, credentials.createInsecure());
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) =>
        health.check({ service: '' }, new Metadata(), { deadline: Date.now() + 1000 }, (err, res) =>
          resolve(!err && res.status === HealthCheckResponse_ServingStatus.SERVING),
        ),
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error('test messaging instance never became ready');
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    health.close();
  }
}

/** Stops the instance: SIGKILL (nothing runs), or SIGTERM, after which it must drain and exit 0. */
async function bringDown(child: ChildProcess, signal: 'SIGKILL' | 'SIGTERM'): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

describe.each(['SIGKILL', 'SIGTERM'] as const)(
  'messaging stopped with %s in the middle of 1,000 sends',
  (signal) => {
    jest.setTimeout(180_000);
    let messaging: ChildProcess | undefined;
    const exitCodes: Array<number | null> = [];
    const clients: ZIM[] = [];
    afterAll(() => {
      messaging?.kill('SIGKILL');
      clients.forEach((c) => c.destroy());
    });

    it('stores every acknowledged message once and delivers each to the recipient once', async () => {
      const recipientID = uniqueUser('inbox');
      const recipient = await loggedIn(recipientID);
      clients.push(recipient);
      const received = new Map<string, number>();
      recipient.on('receivePeerMessage', (_z, { messageList }) => {
        for (const m of messageList) received.set(m.messageID, (received.get(m.messageID) ?? 0) + 1);
      });

      messaging = startMessaging();
      await serving();
      const direct = new MessagingServiceClient(`127.0.0.1:${PORT}`, credentials.createInsecure());
      const senders = await Promise.all(
        Array.from({ length: SENDERS }, (_, i) => rawLogin(uniqueUser(`k${i}`))),
      );
      const acknowledged = new Map<string, string>(); // localMessageID → messageID
      let killed = false;

      const send = (metadata: Metadata, localMessageId: string) =>
        new Promise<SendMessageResponse>((resolve, reject) =>
          direct.sendMessage(
            {
              message: MessageContent.fromPartial({
                type: MessageType.MESSAGE_TYPE_TEXT,
                text: localMessageId,
              }),
              localMessageId,
              toConversationId: recipientID,
              conversationType: ConversationType.CONVERSATION_TYPE_PEER,
              config: undefined,
            },
            metadata,
            { deadline: Date.now() + 5000 },
            (err, res) => (err ? reject(err) : resolve(res)),
          ),
        );

      const sendUntilAcknowledged = async (metadata: Metadata, localMessageId: string) => {
        for (let attempt = 0; ; attempt++) {
          try {
            const { message } = await send(metadata, localMessageId);
            acknowledged.set(localMessageId, defined(message, 'the stored message').messageId);
            if (!killed && acknowledged.size >= 300 && messaging) {
              killed = true;
              // The other senders keep sending while it goes down (and retry while it is away).
              exitCodes.push(await bringDown(messaging, signal));
              messaging = startMessaging();
            }
            return;
          } catch (err) {
            const code = (err as ServiceError).code;
            // The client's rule: retry with the same localMessageID until the server answers.
            if (
              attempt > 300 ||
              (code !== status.UNAVAILABLE &&
                code !== status.DEADLINE_EXCEEDED &&
                code !== status.RESOURCE_EXHAUSTED &&
                code !== status.INTERNAL)
            )
              throw err;
            await new Promise((r) => setTimeout(r, 150));
          }
        }
      };

      await Promise.all(
        senders.map(async (sender, s) => {
          for (let n = 0; n < PER_SENDER; n++) {
            await sendUntilAcknowledged(sender.metadata, `s${s}-n${n}`);
            await new Promise((r) => setTimeout(r, 110)); // under 10 per second per sender
          }
        }),
      );
      expect(killed).toBe(true);
      // A graceful stop finishes in-flight sends, flushes the outbox and exits 0; SIGKILL leaves no code.
      expect(exitCodes).toEqual([signal === 'SIGTERM' ? 0 : null]);
      expect(acknowledged.size).toBe(SENDERS * PER_SENDER);

      // Stored once: each sender's conversation holds its 20 messages, seqs 1..20, each localMessageID once.
      for (const [s, sender] of senders.entries()) {
        const page = await new Promise<{
          messages: { localMessageId: string; conversationSeq: number; messageId: string }[];
        }>((resolve, reject) =>
          sender.messaging.queryHistoryMessage(
            {
              conversationId: recipientID,
              conversationType: ConversationType.CONVERSATION_TYPE_PEER,
              nextMessageSeq: 0,
              count: 100,
              reverse: false,
            },
            sender.metadata,
            (err, res) => (err ? reject(err) : resolve(res)),
          ),
        );
        expect(page.messages.map((m) => m.conversationSeq)).toEqual(
          Array.from({ length: PER_SENDER }, (_, i) => i + 1),
        );
        expect(page.messages.map((m) => m.localMessageId).sort()).toEqual(
          Array.from({ length: PER_SENDER }, (_, n) => `s${s}-n${n}`).sort(),
        );
        for (const m of page.messages) expect(acknowledged.get(m.localMessageId)).toBe(m.messageId);
      }

      // Delivered once: the recipient's SDK saw every acknowledged message exactly once (it drops
      // redeliveries by messageID; the stream itself may repeat an event after the crash).
      await eventually(
        'every acknowledged message at the recipient',
        () => received.size === acknowledged.size,
        60_000,
      );
      expect([...received.values()].every((n) => n === 1)).toBe(true);
      for (const messageId of acknowledged.values()) expect(received.has(messageId)).toBe(true);

      direct.close();
      senders.forEach((s) => s.close());
      recipient.destroy();
    });
  },
);
