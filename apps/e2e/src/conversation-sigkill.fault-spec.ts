import { credentials, type Metadata } from '@grpc/grpc-js';
import {
  ConversationServiceClient,
  ConversationType,
  MessageContent,
  MessageType,
  type QueryConversationListResponse,
  type QueryConversationTotalUnreadMessageCountResponse,
} from '@parley/contracts';
import type { ZIM } from '@parley/sdk';
import { ServiceProcess } from './service-process';
import { defined, loggedIn, rawLogin, rawSend, settled, stackUnderTest, uniqueUser } from './harness';

const SENDERS = 50;
const PER_SENDER = 20;

describe.each(['SIGKILL', 'SIGTERM'] as const)(
  'conversation stopped with %s in the middle of a 1,000-message burst',
  (signal) => {
    jest.setTimeout(300_000);
    const conversation = new ServiceProcess('conversation');
    const clients: { destroy: () => void }[] = [];
    // This suite owns session too (npm test stops the stack's own before the fault tests).
    const session = new ServiceProcess('session');
    beforeAll(async () => {
      await session.start();
      await conversation.start();
    });
    afterAll(async () => {
      clients.forEach((c) => c.destroy());
      await conversation.stop();
      await session.stop();
    });

    it('neither doubles nor loses an unread count', async () => {
      const recipientID = uniqueUser('burst');
      const recipient: ZIM = await loggedIn(recipientID);
      clients.push(recipient);
      let announcedTotal = 0;
      recipient.on('conversationTotalUnreadMessageCountUpdated', (_z, { totalUnreadMessageCount }) => {
        announcedTotal = totalUnreadMessageCount;
      });
      const senders = await Promise.all(
        Array.from({ length: SENDERS }, (_, i) => rawLogin(uniqueUser(`b${i}`))),
      );
      clients.push(...senders.map((s) => ({ destroy: s.close })));
      const lastSent = new Map<number, string>();
      let acknowledged = 0;
      let killedAt = 0;
      let exitCode: number | null | undefined;
      let restarted: Promise<void> | undefined;

      await Promise.all(
        senders.map(async (sender, s) => {
          for (let n = 0; n < PER_SENDER; n++) {
            const { message } = await rawSend(sender, {
              message: MessageContent.fromPartial({ type: MessageType.MESSAGE_TYPE_TEXT, text: `${s}:${n}` }),
              localMessageId: `${s}-${n}`,
              toConversationId: recipientID,
              conversationType: ConversationType.CONVERSATION_TYPE_PEER,
              config: undefined,
            });
            lastSent.set(s, defined(message, 'the stored message').messageId);
            if (++acknowledged === (SENDERS * PER_SENDER) / 2) {
              killedAt = acknowledged;
              // SIGTERM: in-flight batches finish and commit, the outbox is flushed, exit 0.
              if (signal === 'SIGKILL') await conversation.kill();
              else exitCode = await conversation.stop();
              restarted = conversation.start(); // back while the burst goes on
            }
            await new Promise((r) => setTimeout(r, 110)); // under ZIM's 10 sends per second
          }
        }),
      );
      expect(killedAt).toBe(500);
      if (signal === 'SIGTERM') expect(exitCode).toBe(0);
      await restarted;

      const stack = stackUnderTest();
      const direct = new ConversationServiceClient(stack.endpoint, credentials.createInsecure());
      clients.push({ destroy: () => direct.close() });
      const list = (metadata: Metadata) =>
        new Promise<QueryConversationListResponse>((resolve, reject) =>
          direct.queryConversationList({ count: 100, nextConversation: undefined }, metadata, (err, res) =>
            err ? reject(err) : resolve(res),
          ),
        );
      const total = (metadata: Metadata) =>
        new Promise<QueryConversationTotalUnreadMessageCountResponse>((resolve, reject) =>
          direct.queryConversationTotalUnreadMessageCount({}, metadata, (err, res) =>
            err ? reject(err) : resolve(res),
          ),
        );

      // The recipient: one entry per sender with exactly 20 unread, a total of exactly 1,000, announced too.
      await settled(async () => {
        const { conversationList } = await recipient.queryConversationList({ count: 100 });
        expect(conversationList).toHaveLength(SENDERS);
        expect(conversationList.map((c) => c.unreadMessageCount)).toEqual(Array(SENDERS).fill(PER_SENDER));
        expect((await recipient.queryConversationTotalUnreadMessageCount()).totalUnreadMessageCount).toBe(
          SENDERS * PER_SENDER,
        );
        expect(announcedTotal).toBe(SENDERS * PER_SENDER);
      }, 60_000);
      // Each sender: its own messages never count, and its entry shows its last message.
      for (const [s, sender] of senders.entries()) {
        const { conversations } = await list(sender.metadata);
        expect(
          conversations.map((c) => [c.conversationId, c.unreadMessageCount, c.lastMessage?.messageId]),
        ).toEqual([[recipientID, 0, lastSent.get(s)]]);
        expect((await total(sender.metadata)).totalUnreadMessageCount).toBe(0);
      }
    });
  },
);
