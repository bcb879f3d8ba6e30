import { status } from '@grpc/grpc-js';
import { type SendMessageRequest } from '@parley/contracts';
import { ZIMConversationType, ZIMMessageType } from './enums';
import { setUp, text } from './zim.testing';

describe('ZIM', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

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
