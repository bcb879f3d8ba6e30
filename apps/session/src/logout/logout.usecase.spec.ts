import { decodePayload, SessionEnded_Reason, Topics } from '@parley/contracts';
import type { OutgoingEvent, OutboxRelay } from '@parley/platform';
import { FakeOutbox } from '@parley/testing';
import type { SessionRepository } from '../repositories/session.repository';
import { ConnectionEvent, ConnectionRegistry } from '../subscribe/connection-registry';
import { connectFake } from '../subscribe/connections.testing';
import { LogoutUseCase } from './logout.usecase';

const ann = { appId: '1001', userId: 'ann', sessionId: 's-ann', platform: 1 };

/** One session that a first end finds active and a second finds ended. */
function fakeSessions() {
  let active = true;
  const queued: OutgoingEvent[] = [];
  const repo = {
    end: async (_p: unknown, announce: (expiresAt: number) => OutgoingEvent[]) => {
      if (!active) return undefined;
      active = false;
      queued.push(...announce(42));
      return 42;
    },
  };
  return { repo: repo as unknown as SessionRepository, queued };
}

describe('LogoutUseCase', () => {
  it('ends the session with its SessionEnded queued in the same commit, and closes its stream', async () => {
    const sessions = fakeSessions();
    const outbox = new FakeOutbox();
    const registry = new ConnectionRegistry();
    const end = jest.fn();
    registry.add(ann.appId, ann.userId, {
      sessionId: ann.sessionId,
      send: () => undefined,
      end,
      renewed: () => undefined,
    });
    connectFake(registry, ann.appId, ann.userId, 'another-device');
    await new LogoutUseCase(sessions.repo, outbox as unknown as OutboxRelay, registry).execute(ann, 'r');
    expect(sessions.queued.map((e) => decodePayload(Topics.sessionEvents, e.value).event)).toEqual([
      {
        $case: 'sessionEnded',
        value: {
          userId: 'ann',
          sessionId: 's-ann',
          reason: SessionEnded_Reason.REASON_LOGOUT,
          expiresAt: 42,
        },
      },
    ]);
    expect(outbox.flushes).toBe(1);
    expect(end).toHaveBeenCalledWith(ConnectionEvent.Success, 'logged out'); // only this session's stream
  });

  it('treats a second logout as done: nothing more is announced', async () => {
    const sessions = fakeSessions();
    const outbox = new FakeOutbox();
    const logout = new LogoutUseCase(
      sessions.repo,
      outbox as unknown as OutboxRelay,
      new ConnectionRegistry(),
    );
    await logout.execute(ann, 'r');
    await logout.execute(ann, 'r');
    expect(sessions.queued).toHaveLength(1);
    expect(outbox.flushes).toBe(1);
  });
});
