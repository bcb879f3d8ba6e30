import {
  ConversationType,
  decodePayload,
  type Message,
  MessageContent,
  MessageType,
  type SendMessageRequest,
  Topics,
} from '@parley/contracts';
import { FileTickets, type KafkaBus, type OutboxRelay, ZimError, ZimErrorCode } from '@parley/platform';
import { FakeBus, FakeOutbox } from '@parley/testing';
import type { MessageRepository } from '../repositories/message.repository';
import type { SendRateLimiter } from './send-rate-limiter';
import { SendMessageUseCase } from './send-message.usecase';
import { ZIM_DEFAULT_LIMITS as limits } from '../domain/limits.testing';

const ann = { appId: '1001', userId: 'ann', sessionId: 's-ann', platform: 1 };
const tickets = new FileTickets('send-spec-session-secret-0123456789ab');
/** A ticket media would sign for an uploaded image of 4 KiB. */
const imageTicket = (userId: string) =>
  tickets.issue({
    appId: '1001',
    userId,
    fileUid: 'f1',
    fileName: 'cat.png',
    fileSize: 4096,
    sha256: 'abc',
    messageType: MessageType.MESSAGE_TYPE_IMAGE,
  });

/** The message log in memory: the first store of a localMessageID creates, a repeat returns it. */
function fakeMessages() {
  const stored = new Map<string, Message>();
  const repo = {
    storeOnce: async (sender: typeof ann, outgoing: { localMessageId: string; content: MessageContent }) => {
      const existing = stored.get(outgoing.localMessageId);
      if (existing) return { message: existing, created: false };
      const message = {
        messageId: String(stored.size + 1),
        senderUserId: sender.userId,
        ...outgoing.content,
      } as Message;
      stored.set(outgoing.localMessageId, message);
      return { message, created: true };
    },
    prepareRelay: async () => ({ messageId: 99n, participants: ['ann', 'bob'] }),
  };
  return { repo: repo as unknown as MessageRepository, stored };
}

/** A limiter that lets `allowed` sends through, then refuses with ZIM's 6000005. */
function limiter(allowed = Infinity) {
  let taken = 0;
  const fake = {
    take: async () => {
      if (++taken > allowed) throw ZimError.of(ZimErrorCode.ServerFrequencyLimit, 'too many');
    },
  };
  return { fake: fake as unknown as SendRateLimiter, taken: () => taken };
}

function setUp(allowed?: number) {
  const messages = fakeMessages();
  const outbox = new FakeOutbox();
  const bus = new FakeBus();
  const rate = limiter(allowed);
  const useCase = new SendMessageUseCase(
    messages.repo,
    outbox as unknown as OutboxRelay,
    bus as unknown as KafkaBus,
    rate.fake,
    limits,
    tickets,
  );
  return { useCase, messages, outbox, bus, rate };
}

const send = (
  type: MessageType,
  localMessageId = 'l1',
  extra: Partial<MessageContent> = {},
): SendMessageRequest => ({
  message: MessageContent.fromPartial({ type, text: 'hi', data: Buffer.from([1]), ...extra }),
  localMessageId,
  toConversationId: type === MessageType.MESSAGE_TYPE_BARRAGE ? 'room-1' : 'bob',
  conversationType:
    type === MessageType.MESSAGE_TYPE_BARRAGE
      ? ConversationType.CONVERSATION_TYPE_ROOM
      : ConversationType.CONVERSATION_TYPE_PEER,
  config: undefined,
});

describe('SendMessageUseCase', () => {
  it('stores a text once and asks the outbox to publish only when something new was stored', async () => {
    const { useCase, messages, outbox } = setUp();
    const first = await useCase.execute(ann, send(MessageType.MESSAGE_TYPE_TEXT), 'r1');
    const retry = await useCase.execute(ann, send(MessageType.MESSAGE_TYPE_TEXT), 'r2');
    expect(retry).toBe(first);
    expect(messages.stored.size).toBe(1);
    expect(outbox.flushes).toBe(1);
  });

  it('relays a Command without storing it: published at once with a server message ID', async () => {
    const { useCase, messages, bus } = setUp();
    const message = await useCase.execute(ann, send(MessageType.MESSAGE_TYPE_COMMAND), 'r1');
    expect(messages.stored.size).toBe(0);
    expect(message.messageId).toBe('99');
    expect(bus.published.map((e) => decodePayload(Topics.messagingEvents, e.value).event?.$case)).toEqual([
      'messageSent',
    ]);
  });

  it('counts every send but Barrage against the rate limit, refused ones included', async () => {
    const { useCase, rate } = setUp(1);
    await useCase.execute(ann, send(MessageType.MESSAGE_TYPE_TEXT, 'a'), 'r1');
    await expect(useCase.execute(ann, send(MessageType.MESSAGE_TYPE_TEXT, 'b'), 'r2')).rejects.toMatchObject({
      code: ZimErrorCode.ServerFrequencyLimit,
    });
    await useCase.execute(ann, send(MessageType.MESSAGE_TYPE_BARRAGE, 'c'), 'r3');
    expect(rate.taken()).toBe(2);
  });

  it('refuses a media message whose file ticket was issued to someone else', async () => {
    const { useCase, messages } = setUp();
    const fileTicket = await imageTicket('mallory');
    const request = { ...send(MessageType.MESSAGE_TYPE_IMAGE), fileTicket };
    await expect(useCase.executeMedia(ann, request, 'r1')).rejects.toMatchObject({
      code: ZimErrorCode.InvalidParams,
      message: 'this file_ticket was issued to another user: upload the file yourself',
    });
    expect(messages.stored.size).toBe(0);
  });

  it('takes the file name, size and hash from the ticket, not from the client', async () => {
    const { useCase, messages } = setUp();
    const fileTicket = await imageTicket('ann');
    const claimed = send(MessageType.MESSAGE_TYPE_IMAGE, 'l1', {
      media: { fileUid: 'f1', fileName: '', fileSize: 1, sha256: 'forged', fileDownloadUrl: '' } as never,
    });
    await useCase.executeMedia(ann, { ...claimed, fileTicket }, 'r1');
    const media = [...messages.stored.values()][0]?.media;
    expect(media).toMatchObject({ fileUid: 'f1', fileName: 'cat.png', fileSize: 4096, sha256: 'abc' });
  });
});
