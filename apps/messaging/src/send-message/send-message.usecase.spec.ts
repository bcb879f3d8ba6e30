import {
  ConversationType,
  decodePayload,
  MediaContent,
  type Message,
  MessageContent,
  MessageType,
  type SendMediaMessageRequest,
  type SendMessageRequest,
  Topics,
} from '@parley/contracts';
import { type KafkaBus, type OutboxRelay, ZimErrorCode } from '@parley/platform';
import {
  expectZimError,
  FakeBus,
  FakeOutbox,
  FakeRateLimiter,
  principal,
  TestFileTickets,
} from '@parley/testing';
import { ZIM_DEFAULT_LIMITS as limits } from '../domain/limits.testing';
import { toMessage } from '../domain/stored-message';
import type { MessageRepository } from '../repositories/message.repository';
import type { SendRateLimiter } from './send-rate-limiter';
import { SendMessageUseCase } from './send-message.usecase';

const ann = principal('ann');
const toBob = { toConversationId: 'bob', conversationType: ConversationType.CONVERSATION_TYPE_PEER };
const toRoom = { toConversationId: 'room-1', conversationType: ConversationType.CONVERSATION_TYPE_ROOM };
const toGroup = { toConversationId: 'g1', conversationType: ConversationType.CONVERSATION_TYPE_GROUP };
type Destination = typeof toBob;

const text = { type: MessageType.MESSAGE_TYPE_TEXT, text: 'hi' };
const command = { type: MessageType.MESSAGE_TYPE_COMMAND, data: Buffer.from([1]) };
const barrage = { type: MessageType.MESSAGE_TYPE_BARRAGE, text: 'wow' };

/**
 * The message log in memory, keeping the repository's contract: the first store of a
 * (sender, localMessageID) creates, a repeat answers the original with created=false; who receives
 * a message is the use case's audience rule applied to `members` (group and room ID → user IDs).
 */
function fakeMessages(members: Record<string, string[]>) {
  const stored = new Map<string, Message>();
  let nextId = 1n;
  const repo: Pick<MessageRepository, 'storeOnce' | 'prepareRelay'> = {
    async storeOnce(sender, outgoing, _requestId, audience) {
      const key = `${sender.appId}/${sender.userId}/${outgoing.localMessageId}`;
      const existing = stored.get(key);
      if (existing) return { message: existing, created: false };
      audience(sender, outgoing, members[outgoing.toConversationId] ?? []);
      const message = toMessage(sender, outgoing, {
        messageId: nextId++,
        seq: stored.size + 1,
        sentAt: new Date(),
      });
      stored.set(key, message);
      return { message, created: true };
    },
    async prepareRelay(sender, outgoing, audience) {
      const participants = audience(sender, outgoing, members[outgoing.toConversationId] ?? []);
      return { messageId: nextId++, participants };
    },
  };
  return { repo: repo as MessageRepository, stored: () => [...stored.values()] };
}

function setUp({ allowed = Infinity, members = {} as Record<string, string[]> } = {}) {
  const messages = fakeMessages({ 'room-1': ['ann', 'bob', 'cat'], ...members });
  const outbox = new FakeOutbox();
  const bus = new FakeBus();
  const limiter = new FakeRateLimiter(allowed);
  const tickets = new TestFileTickets();
  const useCase = new SendMessageUseCase(
    messages.repo,
    outbox as unknown as OutboxRelay,
    bus as unknown as KafkaBus,
    limiter as unknown as SendRateLimiter,
    limits,
    tickets,
  );
  /** What nothing at all happened looks like: nothing stored, published or flushed. */
  const untouched = () => {
    expect(messages.stored()).toEqual([]);
    expect(bus.published).toEqual([]);
    expect(outbox.flushes).toBe(0);
  };
  return { useCase, stored: messages.stored, outbox, bus, limiter, tickets, untouched };
}

const send = (content: Partial<MessageContent>, to: Destination = toBob, localMessageId = 'l1') =>
  ({
    message: MessageContent.fromPartial(content),
    localMessageId,
    ...to,
    config: undefined,
  }) satisfies SendMessageRequest;

const sendMedia = (
  media: Partial<MediaContent>,
  fileTicket = '',
  type = MessageType.MESSAGE_TYPE_IMAGE,
): SendMediaMessageRequest => ({
  ...send({ type, media: MediaContent.fromPartial(media) }, toBob, 'm1'),
  fileTicket,
});

/** The MessageSent events on the bus, decoded. */
const sentEvents = (bus: FakeBus) =>
  bus.published.map((e) => {
    const { event } = decodePayload(Topics.messagingEvents, e.value);
    if (event?.$case !== 'messageSent') throw new Error(`unexpected ${event?.$case}`);
    return event.value;
  });

describe('SendMessageUseCase.execute (SendMessage)', () => {
  it('stores a text and leaves publishing to the outbox, flushed once after the commit', async () => {
    const { useCase, stored, outbox, bus } = setUp();
    const message = await useCase.execute(ann, send(text), 'r1');
    expect(stored()).toEqual([message]);
    expect(message).toMatchObject({ senderUserId: 'ann', conversationId: 'bob', text: 'hi' });
    expect(bus.published).toEqual([]);
    expect(outbox.flushes).toBe(1);
  });

  it('takes the rate limit before validating: over the limit, even an invalid send is answered 6000005', async () => {
    const { useCase, untouched } = setUp({ allowed: 0 });
    await expectZimError(
      useCase.execute(ann, send({ ...text, text: '' }), 'r1'),
      ZimErrorCode.ServerFrequencyLimit,
    );
    untouched();
  });

  it('counts an invalid send against the rate limit like a valid one', async () => {
    const { useCase, stored } = setUp({ allowed: 1 });
    await expectZimError(useCase.execute(ann, send({ ...text, text: '' }), 'r1'), ZimErrorCode.InvalidParams);
    await expectZimError(useCase.execute(ann, send(text), 'r2'), ZimErrorCode.ServerFrequencyLimit);
    expect(stored()).toEqual([]);
  });

  it('exempts Barrage from the rate limit', async () => {
    const { useCase, bus, limiter } = setUp({ allowed: 0 });
    await useCase.execute(ann, send(barrage, toRoom), 'r1');
    expect(sentEvents(bus)).toHaveLength(1);
    expect(limiter.taken).toEqual([]);
  });

  it.each([
    ['empty text', send({ ...text, text: '' }), 'needs non-empty text'],
    [
      'text one byte over the limit',
      send({ ...text, text: 'x'.repeat(limits.textMaxBytes + 1) }),
      'the limit is',
    ],
    ['a Barrage to a peer', send(barrage), 'only be sent to rooms'],
    ['a Command without data', send({ type: MessageType.MESSAGE_TYPE_COMMAND }), 'non-empty binary data'],
    [
      'an image (media goes through SendMediaMessage)',
      send({ type: MessageType.MESSAGE_TYPE_IMAGE }),
      'SendMediaMessage',
    ],
    ['no localMessageID', send(text, toBob, ''), 'localMessageID'],
  ])('refuses %s with 6000001, storing and publishing nothing', async (_what, request, words) => {
    const { useCase, untouched } = setUp();
    await expectZimError(useCase.execute(ann, request, 'r1'), ZimErrorCode.InvalidParams, words);
    untouched();
  });

  it("relays a Command without storing it: published at once, seq 0, in nobody's inbox", async () => {
    const { useCase, bus, stored, outbox } = setUp();
    const message = await useCase.execute(ann, send(command), 'r1');
    expect(sentEvents(bus)).toEqual([
      expect.objectContaining({
        message: expect.objectContaining({ messageId: message.messageId, conversationSeq: 0 }),
        inboxSeqs: { ann: 0, bob: 0 },
        senderSessionId: 's-ann',
      }),
    ]);
    expect(stored()).toEqual([]);
    expect(outbox.flushes).toBe(0);
  });

  it('relays a Barrage to every member of the room', async () => {
    const { useCase, bus, stored } = setUp();
    await useCase.execute(ann, send(barrage, toRoom), 'r1');
    expect(sentEvents(bus).map((e) => Object.keys(e.inboxSeqs).sort())).toEqual([['ann', 'bob', 'cat']]);
    expect(stored()).toEqual([]);
  });

  it.each([
    ['a text', text],
    ['a Command', command],
  ])('refuses %s to a group the sender is not a member of with 6000231', async (_what, content) => {
    const { useCase, untouched } = setUp({ members: { g1: ['bob', 'cat'] } });
    await expectZimError(
      useCase.execute(ann, send(content, toGroup), 'r1'),
      ZimErrorCode.MessageNotAllowed,
      'g1',
    );
    untouched();
  });
});

describe('SendMessageUseCase: a retry with the same localMessageID', () => {
  it.each([
    ['SendMessage', (s: ReturnType<typeof setUp>) => s.useCase.execute(ann, send(text), 'r')],
    [
      'SendMediaMessage',
      (s: ReturnType<typeof setUp>) =>
        s.useCase.executeMedia(ann, sendMedia({ fileDownloadUrl: 'https://cdn.example/cat.png' }), 'r'),
    ],
  ])('%s answers the original message and does not flush the outbox again', async (_rpc, sendOnce) => {
    const s = setUp();
    const first = await sendOnce(s);
    const retry = await sendOnce(s);
    expect(retry).toEqual(first);
    expect(s.stored()).toHaveLength(1);
    expect(s.outbox.flushes).toBe(1);
  });
});

describe('SendMessageUseCase.executeMedia (SendMediaMessage)', () => {
  it('takes the rate limit before anything else, the ticket included', async () => {
    const { useCase, untouched } = setUp({ allowed: 0 });
    await expectZimError(
      useCase.executeMedia(ann, sendMedia({}, 'not-a-ticket'), 'r1'),
      ZimErrorCode.ServerFrequencyLimit,
    );
    untouched();
  });

  it('requires the message, and counts the refused send', async () => {
    const { useCase, limiter } = setUp();
    const request = { ...sendMedia({}), message: undefined };
    await expectZimError(
      useCase.executeMedia(ann, request, 'r1'),
      ZimErrorCode.InvalidParams,
      'message is required',
    );
    expect(limiter.taken).toEqual(['1001/ann']);
  });

  it('stores an uploaded file with its size and hash from the ticket, not from the client', async () => {
    const { useCase, stored, tickets, outbox } = setUp();
    const ticket = await tickets.issueTo(ann);
    const claimed = { fileUid: 'file-1', fileSize: 1, sha256: 'forged' };
    const message = await useCase.executeMedia(ann, sendMedia(claimed, ticket), 'r1');
    expect(stored()).toEqual([message]);
    expect(message.media).toMatchObject({
      fileUid: 'file-1',
      fileName: 'cat.png',
      fileSize: 4096,
      sha256: 'sha-of-cat',
    });
    expect(outbox.flushes).toBe(1);
  });

  it('keeps the name the sender gives an uploaded file', async () => {
    const { useCase, tickets } = setUp();
    const ticket = await tickets.issueTo(ann);
    const message = await useCase.executeMedia(ann, sendMedia({ fileName: 'holiday.png' }, ticket), 'r1');
    expect(message.media).toMatchObject({ fileName: 'holiday.png', fileSize: 4096 });
  });

  it.each([
    [
      'issued to another user',
      (t: TestFileTickets) => t.issueTo(principal('mallory')),
      'issued to another user',
    ],
    [
      'issued to the same user ID in another app',
      (t: TestFileTickets) => t.issueTo(principal('ann', { appId: '2002' })),
      'issued to another user',
    ],
    [
      'for a file uploaded as a video',
      (t: TestFileTickets) => t.issueTo(ann, { messageType: MessageType.MESSAGE_TYPE_VIDEO }),
      'uploaded as message type',
    ],
    [
      'signed with another secret',
      () => new TestFileTickets('another-secret-0123456789abcdef').issueTo(ann),
      'not valid',
    ],
    ['expired', (t: TestFileTickets) => t.issueTo(ann, {}, -60), 'not valid'],
  ])('refuses a ticket %s with 6000001', async (_what, ticketFrom, words) => {
    const { useCase, tickets, untouched } = setUp();
    const ticket = await ticketFrom(tickets);
    await expectZimError(
      useCase.executeMedia(ann, sendMedia({}, ticket), 'r1'),
      ZimErrorCode.InvalidParams,
      words,
    );
    untouched();
  });

  it('refuses an uploaded file (file_uid) sent without its ticket', async () => {
    const { useCase, untouched } = setUp();
    const request = sendMedia({ fileUid: 'file-1', fileSize: 4096 });
    await expectZimError(useCase.executeMedia(ann, request, 'r1'), ZimErrorCode.InvalidParams, 'file_ticket');
    untouched();
  });

  it('stores a developer-hosted https URL as given, with no hash taken from the client', async () => {
    const { useCase } = setUp();
    const media = {
      fileDownloadUrl: 'https://cdn.example/cat.png',
      fileName: 'cat.png',
      fileSize: 10,
      sha256: 'x',
    };
    const message = await useCase.executeMedia(ann, sendMedia(media), 'r1');
    expect(message.media).toMatchObject({ ...media, fileUid: '', sha256: '' });
  });

  it.each(['ftp://cdn.example/cat.png', 'javascript:alert(1)', 'cdn.example/cat.png'])(
    'refuses a developer-hosted URL that is not http(s): %s',
    async (fileDownloadUrl) => {
      const { useCase, untouched } = setUp();
      await expectZimError(
        useCase.executeMedia(ann, sendMedia({ fileDownloadUrl }), 'r1'),
        ZimErrorCode.InvalidParams,
        'http(s)',
      );
      untouched();
    },
  );

  it('refuses a media message with neither a ticket nor a URL', async () => {
    const { useCase, untouched } = setUp();
    await expectZimError(
      useCase.executeMedia(ann, sendMedia({ fileName: 'cat.png' }), 'r1'),
      ZimErrorCode.InvalidParams,
    );
    untouched();
  });
});
