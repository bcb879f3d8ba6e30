import { status } from '@grpc/grpc-js';
import {
  ConversationType,
  Message,
  type MessagingServiceClient,
  type SendMessageRequest,
  type SyncInboxRequest,
} from '@parley/contracts';
import {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationType,
  ZIMMessageType,
  ZIMPlatformType,
} from './enums';
import { fakeClient, fakeSessionService, grpcError } from './fake-client.testing';
import type { RetryPolicy } from './rpc';
import type { ZIMClients, ZIMSetup } from './setup';
import type { ZIMEventHandler } from './types';
import { ZIM } from './zim';

const closable = <C>(client: object) => ({ ...client, close: () => undefined }) as C;

/** A messaging service with one device inbox: SyncInbox pages through it, SendMessage stores once per localMessageId. */
function fakeMessagingService(options: { sendFailures?: number } = {}) {
  const inbox: Message[] = [];
  let acknowledged = 0;
  let sendFailures = options.sendFailures ?? 0;
  const stored = new Map<string, Message>();
  const fake = fakeClient<MessagingServiceClient>({
    syncInbox: (request: SyncInboxRequest) => {
      const after = request.start?.$case === 'afterInboxSeq' ? request.start.value : acknowledged;
      const messages = inbox.filter((m) => m.inboxSeq > after);
      return {
        messages,
        afterInboxSeq: after,
        lastInboxSeq: messages.at(-1)?.inboxSeq ?? after,
        hasMore: false,
      };
    },
    ackInbox: (request: { inboxSeq: number }) => {
      acknowledged = Math.max(acknowledged, request.inboxSeq);
      return { acknowledgedInboxSeq: acknowledged };
    },
    sendMessage: (request: SendMessageRequest) => {
      // The first attempts commit and then fail, as when the reply is lost in a restart.
      const message =
        stored.get(request.localMessageId) ??
        Message.fromPartial({
          messageId: `sent-${stored.size + 1}`,
          localMessageId: request.localMessageId,
          senderUserId: 'me',
          conversationId: request.toConversationId,
          conversationType: request.conversationType,
          text: request.message?.text ?? '',
          type: request.message?.type ?? 0,
        });
      stored.set(request.localMessageId, message);
      if (sendFailures-- > 0) return grpcError(status.UNAVAILABLE, 'no healthy upstream');
      return { message };
    },
  });
  return { client: closable<MessagingServiceClient>(fake.client), calls: fake.calls, inbox, stored };
}

const fromBob = (inboxSeq: number) =>
  Message.fromPartial({
    messageId: `m${inboxSeq}`,
    inboxSeq,
    senderUserId: 'bob',
    conversationId: 'bob',
    conversationType: ConversationType.CONVERSATION_TYPE_PEER,
    text: `hi ${inboxSeq}`,
  });

const retryPolicy: RetryPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 2_000,
  budgetMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

function setUp(options: { tokenProvider?: ZIMSetup['tokenProvider']; sendFailures?: number } = {}) {
  const session = fakeSessionService();
  const messaging = fakeMessagingService(options);
  const stub = closable<never>({});
  const clients: ZIMClients = {
    session: session.client,
    messaging: messaging.client,
    conversation: stub,
    group: stub,
    room: stub,
    media: stub,
  };
  const setup: ZIMSetup = {
    appID: 'app',
    endpoint: 'test',
    platform: ZIMPlatformType.Linux,
    tokenProvider: options.tokenProvider,
    clients,
    reconnect: { initialDelayMs: 250, maxDelayMs: 8_000, random: () => 0 },
    sendRetry: retryPolicy,
  };
  // The constructor is private: apps use ZIM.create, tests hand in fakes.
  const zim = Reflect.construct(ZIM, [setup]) as ZIM;
  const states: ZIMEventHandler['connectionStateChanged'][] = [];
  const received: { ids: string[]; offline: boolean }[] = [];
  const errors: ZIMEventHandler['error'][] = [];
  zim.on('connectionStateChanged', (_z, data) => states.push(data));
  zim.on('receivePeerMessage', (_z, data) =>
    received.push({ ids: data.messageList.map((m) => m.messageID), offline: data.info.isOfflineMessage }),
  );
  zim.on('error', (_z, data) => errors.push(data));
  const receivedIds = () => received.flatMap((r) => r.ids);
  return { zim, session, messaging, states, received, receivedIds, errors };
}

const connected = { state: ZIMConnectionState.Connected, event: ZIMConnectionEvent.Success };
const reconnecting = { state: ZIMConnectionState.Reconnecting, event: ZIMConnectionEvent.LoginInterrupted };
const text = { type: ZIMMessageType.Text as const, message: 'hello' };

describe('ZIM', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('when the event stream drops', () => {
    it('reconnects with the same session token and pulls what was missed, flagged offline', async () => {
      const { zim, session, messaging, states, received } = setUp();
      messaging.inbox.push(fromBob(1));
      await zim.login('me', { token: 'jwt' });
      await jest.advanceTimersByTimeAsync(1_000); // the catch-up is acknowledged
      expect(received).toEqual([{ ids: ['m1'], offline: true }]);

      session.streams[0]?.fail(status.UNAVAILABLE, 'edge restarting');
      messaging.inbox.push(fromBob(2), fromBob(3)); // stored while this device was away
      await jest.advanceTimersByTimeAsync(250);

      expect(states).toEqual([
        expect.objectContaining(connected),
        expect.objectContaining(reconnecting),
        expect.objectContaining(connected),
      ]);
      expect(session.streams.map((s) => s.authorization)).toEqual(['Bearer tok', 'Bearer tok']);
      const pulls = messaging.calls.filter((c) => c.method === 'syncInbox').map((c) => c.request);
      expect(pulls.at(-1)).toMatchObject({ start: { $case: 'afterInboxSeq', value: 1 } });
      expect(received).toEqual([
        { ids: ['m1'], offline: true },
        { ids: ['m2', 'm3'], offline: true },
      ]);
      zim.destroy();
    });

    it('lets calls through while reconnecting: they do not need the stream', async () => {
      const { zim, session, states } = setUp();
      await zim.login('me', { token: 'jwt' });
      session.streams[0]?.fail(status.UNAVAILABLE, 'down');
      expect(states.at(-1)).toMatchObject(reconnecting);
      const sending = zim.sendMessage(text, 'bob', ZIMConversationType.Peer);
      await jest.advanceTimersByTimeAsync(0);
      await expect(sending).resolves.toMatchObject({ message: { messageID: 'sent-1' } });
      expect(session.streams).toHaveLength(1); // still waiting to re-subscribe
      zim.destroy();
    });

    it('hands a message that arrives both live and by the pull to the app once', async () => {
      const { zim, session, messaging, receivedIds } = setUp();
      await zim.login('me', { token: 'jwt' });
      // Delivered live before the drop, and still after the acknowledged position when the pull runs.
      messaging.inbox.push(fromBob(1));
      session.streams[0]?.messages([fromBob(1)]);
      session.streams[0]?.emit('end');
      messaging.inbox.push(fromBob(2), fromBob(3));
      await jest.advanceTimersByTimeAsync(125);
      // Live on the new stream while the pull runs: the same messages the pull returns.
      session.streams[1]?.messages([fromBob(3)]);
      session.streams[1]?.messages([Message.fromPartial({ ...fromBob(2), inboxSeq: 0 })]); // same ID, no position
      await jest.advanceTimersByTimeAsync(1_000);
      // And again after a second drop.
      session.streams[1]?.fail(status.INTERNAL, 'RST_STREAM');
      await jest.advanceTimersByTimeAsync(125);
      session.streams[2]?.messages([fromBob(2), fromBob(3), fromBob(4)]);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(receivedIds()).toEqual(['m1', 'm2', 'm3', 'm4']);
      zim.destroy();
    });

    it.each([
      ['an expired session (6000106)', 6000106, ZIMConnectionEvent.TokenExpired],
      ['a session ended elsewhere (6000103)', 6000103, ZIMConnectionEvent.KickedOut],
    ])('gives up, Disconnected, when re-subscribing is refused for %s', async (_name, zimCode, event) => {
      const { zim, session, states } = setUp();
      await zim.login('me', { token: 'jwt' });
      session.outcomes.push(grpcError(status.UNAUTHENTICATED, 'this session has ended', zimCode));
      session.streams[0]?.fail(status.UNAVAILABLE, 'gone');
      await jest.advanceTimersByTimeAsync(250);
      expect(states.at(-1)).toEqual({
        state: ZIMConnectionState.Disconnected,
        event,
        extendedData: 'this session has ended',
      });
      await jest.advanceTimersByTimeAsync(60_000);
      expect(session.streams).toHaveLength(2);
      expect(jest.getTimerCount()).toBe(0);
      await expect(zim.sendMessage(text, 'bob', ZIMConversationType.Peer)).rejects.toMatchObject({
        code: 6000121,
      });
      zim.destroy();
    });

    it("reconnects after the server's shutdown notice", async () => {
      const { zim, session, states } = setUp();
      await zim.login('me', { token: 'jwt' });
      session.streams[0]?.state(
        ZIMConnectionState.Disconnected,
        ZIMConnectionEvent.Success,
        'server shutting down: reconnect',
      );
      session.streams[0]?.emit('end');
      session.outcomes.push(grpcError(status.UNAVAILABLE, 'no healthy upstream')); // still starting
      await jest.advanceTimersByTimeAsync(125 + 250);
      expect(session.streams).toHaveLength(3);
      expect(states.map((s) => s.state)).toEqual([
        ZIMConnectionState.Connected,
        ZIMConnectionState.Reconnecting,
        ZIMConnectionState.Connected,
      ]);
      zim.destroy();
    });

    it('keeps the old behaviour for a kick-out: Disconnected, login forgotten, no reconnect', async () => {
      const { zim, session, states } = setUp();
      await zim.login('me', { token: 'jwt' });
      session.streams[0]?.state(
        ZIMConnectionState.Disconnected,
        ZIMConnectionEvent.KickedOut,
        'another device',
      );
      await jest.advanceTimersByTimeAsync(60_000);
      expect(states.at(-1)).toMatchObject({
        state: ZIMConnectionState.Disconnected,
        event: ZIMConnectionEvent.KickedOut,
      });
      expect(session.streams).toHaveLength(1);
      await expect(zim.sendMessage(text, 'bob', ZIMConversationType.Peer)).rejects.toMatchObject({
        code: 6000121,
      });
    });

    it('logout during the backoff stops reconnecting and leaves no timer', async () => {
      const { zim, session, states } = setUp();
      await zim.login('me', { token: 'jwt' });
      session.streams[0]?.fail(status.UNAVAILABLE, 'down');
      await zim.logout();
      expect(jest.getTimerCount()).toBe(0);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(session.streams).toHaveLength(1);
      expect(states.map((s) => [s.state, s.event])).toEqual([
        [ZIMConnectionState.Connected, ZIMConnectionEvent.Success],
        [ZIMConnectionState.Reconnecting, ZIMConnectionEvent.LoginInterrupted],
        [ZIMConnectionState.Disconnected, ZIMConnectionEvent.Success],
      ]);
      expect(session.calls.map((c) => c.method)).toEqual(['login', 'logout']);
    });

    it('destroy during the backoff stops reconnecting, with no event afterwards', async () => {
      const { zim, session, states } = setUp();
      await zim.login('me', { token: 'jwt' });
      session.streams[0]?.fail(status.UNAVAILABLE, 'down');
      const seen = states.length;
      zim.destroy();
      expect(jest.getTimerCount()).toBe(0);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(session.streams).toHaveLength(1);
      expect(states).toHaveLength(seen);
    });
  });

  it('raises the membership events the stream carries', async () => {
    const { zim, session } = setUp();
    const seen: unknown[] = [];
    zim.on('roomMemberJoined', (_z, data) => seen.push(['joined', data]));
    zim.on('roomMemberLeft', (_z, data) => seen.push(['left', data]));
    zim.on('groupMemberStateChanged', (_z, data) =>
      seen.push(['group', data.groupID, data.state, data.event]),
    );
    await zim.login('me', { token: 'jwt' });
    session.streams[0]?.push({
      event: { $case: 'roomMembersChanged', value: { roomId: 'r', userIds: ['ann'], joined: true } },
    });
    session.streams[0]?.push({
      event: { $case: 'roomMembersChanged', value: { roomId: 'r', userIds: ['ann'], joined: false } },
    });
    session.streams[0]?.push({
      event: {
        $case: 'groupMemberStateChanged',
        value: { groupId: 'g', state: 1, event: 5, userIds: ['me'], operatorUserId: 'owner' },
      },
    });
    const roomEvent = { roomID: 'r', memberList: [{ userID: 'ann', userName: '' }] };
    expect(seen).toEqual([
      ['joined', roomEvent],
      ['left', roomEvent],
      ['group', 'g', 1, 5],
    ]);
    zim.destroy();
  });

  describe('sendMessage', () => {
    it('retries a transient failure with the same localMessageID and resolves once', async () => {
      const { zim, messaging } = setUp({ sendFailures: 2 });
      await zim.login('me', { token: 'jwt' });
      const statuses: number[] = [];
      zim.on('messageSentStatusChanged', (_z, data) => statuses.push(...data.infos.map((i) => i.status)));
      const sending = zim.sendMessage(text, 'bob', ZIMConversationType.Peer);
      await jest.advanceTimersByTimeAsync(100 + 200);
      const { message } = await sending;
      const sends = messaging.calls.filter((c) => c.method === 'sendMessage');
      expect(sends).toHaveLength(3);
      const localIds = new Set(sends.map((c) => (c.request as SendMessageRequest).localMessageId));
      expect([...localIds]).toEqual([message.localMessageID]);
      expect(messaging.stored.size).toBe(1);
      expect(message.messageID).toBe('sent-1');
      expect(statuses).toEqual([1]); // Success, once
      zim.destroy();
    });

    it('gives up after about 30 s and reports Failed', async () => {
      const { zim } = setUp({ sendFailures: 1_000 });
      await zim.login('me', { token: 'jwt' });
      const sending = zim.sendMessage(text, 'bob', ZIMConversationType.Peer);
      const outcome = expect(sending).rejects.toMatchObject({ code: 6000101 });
      await jest.advanceTimersByTimeAsync(31_000);
      await outcome;
      zim.destroy();
    });

    it('does not retry a Command message, which the server cannot recognise as a repeat', async () => {
      const { zim, messaging } = setUp({ sendFailures: 1 });
      await zim.login('me', { token: 'jwt' });
      const command = { type: ZIMMessageType.Command as const, message: new Uint8Array([1]) };
      await expect(zim.sendMessage(command, 'bob', ZIMConversationType.Peer)).rejects.toMatchObject({
        code: 6000101,
      });
      expect(messaging.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
      zim.destroy();
    });
  });

  describe('tokenWillExpire', () => {
    it('with a tokenProvider, renews the session with its token (and still raises the event)', async () => {
      const tokenProvider = jest.fn(async (userID: string) => `fresh-jwt-for-${userID}`);
      const { zim, session } = setUp({ tokenProvider });
      const warned: number[] = [];
      zim.on('tokenWillExpire', (_z, data) => warned.push(data.second));
      await zim.login('me', { token: 'jwt' });
      session.streams[0]?.push({ event: { $case: 'tokenWillExpire', value: { second: 30 } } });
      await jest.advanceTimersByTimeAsync(0);
      expect(warned).toEqual([30]);
      expect(tokenProvider).toHaveBeenCalledWith('me');
      expect(session.calls.find((c) => c.method === 'renewToken')).toMatchObject({
        request: { token: 'fresh-jwt-for-me' },
        authorization: 'Bearer tok',
      });
      // The renewed session token is used from then on, by a re-opened stream too.
      session.streams[0]?.fail(status.UNAVAILABLE, 'down');
      await jest.advanceTimersByTimeAsync(125);
      expect(session.streams[1]?.authorization).toBe('Bearer renewed-fresh-jwt-for-me');
      zim.destroy();
    });

    it('reports a failing tokenProvider through the error event', async () => {
      const { zim, session, errors } = setUp({
        tokenProvider: async () => {
          throw new Error('app server down');
        },
      });
      await zim.login('me', { token: 'jwt' });
      session.streams[0]?.push({ event: { $case: 'tokenWillExpire', value: { second: 30 } } });
      await jest.advanceTimersByTimeAsync(0);
      expect(errors).toEqual([{ code: 6000101, message: expect.stringContaining('app server down') }]);
      expect(session.calls.filter((c) => c.method === 'renewToken')).toHaveLength(0);
      zim.destroy();
    });

    it('without a tokenProvider, leaves renewing to the app', async () => {
      const { zim, session } = setUp();
      await zim.login('me', { token: 'jwt' });
      session.streams[0]?.push({ event: { $case: 'tokenWillExpire', value: { second: 30 } } });
      await jest.advanceTimersByTimeAsync(0);
      expect(session.calls.filter((c) => c.method === 'renewToken')).toHaveLength(0);
      zim.destroy();
    });
  });
});
