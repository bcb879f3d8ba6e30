import { Metadata, status } from '@grpc/grpc-js';
import type { SubscribeResponse } from '@parley/contracts';
import { ZIMConnectionEvent, ZIMConnectionState } from './enums';
import { EventStream, type EventStreamPort, type ReconnectPolicy } from './event-stream';
import { fakeSessionService, grpcError, REFUSED_SESSIONS } from './fake-client.testing';
import type { ZIMEventOfConnectionStateChangedResult } from './types';

/** Jitter 0: each delay is half its backoff step (125, 250, 500… ms, at most 4 s). */
const policy: ReconnectPolicy = { initialDelayMs: 250, maxDelayMs: 8_000, random: () => 0 };

function setUp() {
  const server = fakeSessionService();
  const states: ZIMEventOfConnectionStateChangedResult[] = [];
  const ended: ZIMEventOfConnectionStateChangedResult[] = [];
  const events: SubscribeResponse[] = [];
  let resumed = 0;
  const auth = new Metadata();
  auth.set('authorization', 'Bearer tok');
  const port: EventStreamPort = {
    subscribe: () => server.client.subscribe({}, auth),
    event: (event) => events.push(event),
    state: (change) => states.push(change),
    resumed: () => resumed++,
    ended: (change) => ended.push(change),
  };
  const stream = new EventStream(port, policy);
  return { server, stream, states, ended, events, resumed: () => resumed };
}

const reconnecting = {
  state: ZIMConnectionState.Reconnecting,
  event: ZIMConnectionEvent.LoginInterrupted,
};
const connected = { state: ZIMConnectionState.Connected, event: ZIMConnectionEvent.Success };

/** Lets the fake server's promise ticks run (it answers a Subscribe one tick after it is opened). */
const ticks = () => jest.advanceTimersByTimeAsync(0);

describe('EventStream', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('re-opens a dropped stream with doubling delays, raising Reconnecting once and Connected when back', async () => {
    const { server, stream, states, resumed } = setUp();
    await stream.start();
    expect(states).toEqual([expect.objectContaining(connected)]);

    server.outcomes.push(grpcError(status.UNAVAILABLE, 'no upstream'), grpcError(status.UNAVAILABLE, 'no'));
    server.streams[0]?.fail(status.UNAVAILABLE, 'connection reset');
    expect(states.slice(1)).toEqual([{ ...reconnecting, extendedData: 'connection reset' }]);

    await jest.advanceTimersByTimeAsync(124);
    expect(server.streams).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1); // 125 ms: first attempt, refused
    expect(server.streams).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(250); // second attempt, refused
    expect(server.streams).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(499);
    expect(server.streams).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(1); // third attempt: Connected
    expect(server.streams).toHaveLength(4);
    expect(states.slice(1)).toEqual([
      expect.objectContaining(reconnecting),
      expect.objectContaining(connected),
    ]);
    expect(resumed()).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
    stream.close();
  });

  it('caps the delay and starts again from the first step after a live stream', async () => {
    const { server, stream } = setUp();
    await stream.start();
    for (let i = 0; i < 8; i++) server.outcomes.push(grpcError(status.UNAVAILABLE, 'down'));
    server.streams[0]?.fail(status.INTERNAL, 'RST_STREAM');
    // 125 + 250 + 500 + 1000 + 2000 + 4000 + 4000 + 4000 ms: eight refused attempts, the ninth connects.
    await jest.advanceTimersByTimeAsync(15_875);
    expect(server.streams).toHaveLength(9);
    await jest.advanceTimersByTimeAsync(4_000);
    expect(server.streams).toHaveLength(10);
    server.streams[9]?.emit('end');
    await jest.advanceTimersByTimeAsync(125);
    expect(server.streams).toHaveLength(11);
    stream.close();
  });

  it('ignores a stream it replaced or cancelled', async () => {
    const { server, stream, events, states } = setUp();
    await stream.start();
    const old = server.streams[0];
    old?.emit('end');
    await jest.advanceTimersByTimeAsync(125);
    old?.messages([]);
    old?.fail(status.UNAVAILABLE, 'late');
    expect(events).toEqual([]);
    expect(states.filter((s) => s.state === ZIMConnectionState.Reconnecting)).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
    stream.close();
  });

  it.each(REFUSED_SESSIONS)('stops when re-subscribing is refused for %s', async (_name, zimCode, event) => {
    const { server, stream, ended } = setUp();
    await stream.start();
    server.outcomes.push(grpcError(status.UNAUTHENTICATED, 'this session has ended', zimCode));
    server.streams[0]?.fail(status.UNAVAILABLE, 'gone');
    await jest.advanceTimersByTimeAsync(125);
    expect(ended).toEqual([
      { state: ZIMConnectionState.Disconnected, event, extendedData: 'this session has ended' },
    ]);
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(server.streams).toHaveLength(2);
  });

  it('ends the login when the server says why (kicked out), without reconnecting', async () => {
    const { server, stream, ended, states } = setUp();
    await stream.start();
    server.streams[0]?.disconnected(ZIMConnectionEvent.KickedOut, 'logged in elsewhere');
    server.streams[0]?.emit('end');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(ended).toEqual([expect.objectContaining({ event: ZIMConnectionEvent.KickedOut })]);
    expect(states).toHaveLength(1); // Connected only: no Reconnecting
    expect(server.streams).toHaveLength(1);
  });

  it("reconnects after the server's shutdown notice", async () => {
    const { server, stream, ended, states, resumed } = setUp();
    await stream.start();
    server.streams[0]?.disconnected(ZIMConnectionEvent.Success, 'server shutting down: reconnect');
    server.streams[0]?.emit('end');
    expect(ended).toEqual([]);
    await jest.advanceTimersByTimeAsync(125);
    expect(server.streams).toHaveLength(2);
    expect(states.slice(1)).toEqual([
      expect.objectContaining(reconnecting),
      expect.objectContaining(connected),
    ]);
    expect(resumed()).toBe(1);
    stream.close();
  });

  it('treats a logout notice (Success without a reconnect hint) as the end', async () => {
    const { server, stream, ended } = setUp();
    await stream.start();
    server.streams[0]?.disconnected(ZIMConnectionEvent.Success, 'logged out');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(ended).toEqual([expect.objectContaining({ event: ZIMConnectionEvent.Success })]);
    expect(server.streams).toHaveLength(1);
  });

  it('close during the backoff cancels the pending attempt and reports nothing more', async () => {
    const { server, stream, states, ended } = setUp();
    await stream.start();
    server.streams[0]?.fail(status.UNAVAILABLE, 'down');
    expect(jest.getTimerCount()).toBe(1);
    stream.close();
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(server.streams).toHaveLength(1);
    expect(states).toHaveLength(2); // Connected, Reconnecting
    expect(ended).toEqual([]);
  });

  it('close while a re-opened stream is connecting cancels it', async () => {
    const { server, stream, states } = setUp();
    await stream.start();
    server.streams[0]?.fail(status.UNAVAILABLE, 'down');
    await jest.advanceTimersByTimeAsync(124);
    jest.advanceTimersByTime(1); // the attempt is opened; its Connected is a tick away
    expect(server.streams).toHaveLength(2);
    stream.close();
    await ticks();
    expect(server.streams[1]?.cancelled).toBe(true);
    expect(states).toHaveLength(2); // no Connected after close
  });

  it('fails the login, without retrying, when the first stream fails before it is live', async () => {
    const { server, stream } = setUp();
    server.outcomes.push(grpcError(status.UNAUTHENTICATED, 'token invalid', 6000103));
    await expect(stream.start()).rejects.toMatchObject({ code: 6000103 });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(server.streams).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('passes every other event on, in order', async () => {
    const { server, stream, events } = setUp();
    await stream.start();
    server.streams[0]?.push({ event: { $case: 'tokenWillExpire', value: { second: 30 } } });
    server.streams[0]?.messages([]);
    expect(events.map((e) => e.event?.$case)).toEqual(['tokenWillExpire', 'messagesReceived']);
    stream.close();
  });
});
