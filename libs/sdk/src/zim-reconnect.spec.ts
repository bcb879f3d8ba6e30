import { status } from '@grpc/grpc-js';
import { Message } from '@parley/contracts';
import { ZIMConnectionEvent, ZIMConnectionState, ZIMConversationType } from './enums';
import { grpcError, REFUSED_SESSIONS } from './fake-client.testing';
import { connected, fromBob, reconnecting, setUp, text } from './zim.testing';

describe('ZIM when the event stream drops', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

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

  it.each(REFUSED_SESSIONS)(
    'gives up, Disconnected, when re-subscribing is refused for %s',
    async (_name, zimCode, event) => {
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
    },
  );

  it("reconnects after the server's shutdown notice", async () => {
    const { zim, session, states } = setUp();
    await zim.login('me', { token: 'jwt' });
    session.streams[0]?.disconnected(ZIMConnectionEvent.Success, 'server shutting down: reconnect');
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
    session.streams[0]?.disconnected(ZIMConnectionEvent.KickedOut, 'another device');
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
