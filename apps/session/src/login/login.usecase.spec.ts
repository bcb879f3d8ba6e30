import { decodePayload, SessionEnded_Reason, Topics } from '@parley/contracts';
import { type OutgoingEvent, type OutboxRelay, SessionTokens, ZimErrorCode } from '@parley/platform';
import { FakeOutbox } from '@parley/testing';
import type { EndedSession } from '../domain/session-events';
import type { SessionRepository } from '../repositories/session.repository';
import type { AppTokenVerifier } from './app-token-verifier';
import { LoginUseCase } from './login.usecase';
import { SessionLifetime } from './session-lifetime';

const HOUR = 3600_000;
const tokens = new SessionTokens('login-spec-session-secret-0123456789');

/** Sessions in memory: a login ends the same platform's active ones and queues what `announce` builds. */
function fakeSessions(active: EndedSession[] = []) {
  const queued: OutgoingEvent[] = [];
  const started: { userId: string; expiresAt: number }[] = [];
  const repo = {
    startReplacing: async (
      s: { userId: string; expiresAt: number },
      announce: (e: EndedSession[]) => OutgoingEvent[],
    ) => {
      started.push(s);
      queued.push(...announce(active));
      return active;
    },
  };
  return { repo: repo as unknown as SessionRepository, queued, started };
}

function login(appTokenExpiresAt: number, active: EndedSession[] = []) {
  const sessions = fakeSessions(active);
  const outbox = new FakeOutbox();
  const verifier = { verify: async () => ({ expiresAt: appTokenExpiresAt }) } as unknown as AppTokenVerifier;
  const lifetime = new SessionLifetime(tokens, { maxSessionMs: 24 * HOUR });
  const useCase = new LoginUseCase(verifier, sessions.repo, lifetime, outbox as unknown as OutboxRelay);
  return { useCase, sessions, outbox };
}

const request = { appId: '1001', userId: 'ann', userName: 'Ann', token: 'app-jwt', platform: 1 };

describe('LoginUseCase', () => {
  it('issues a session token for the caller that lasts as long as the app token', async () => {
    const until = Date.now() + HOUR;
    const { useCase } = login(until);
    const answer = await useCase.execute(request, 'r1');
    expect(answer.expiresAt).toBe(until);
    const principal = await tokens.verify(answer.sessionToken);
    expect(principal).toEqual({ appId: '1001', userId: 'ann', sessionId: answer.sessionId, platform: 1 });
  });

  it('caps a session at the maximum lifetime whatever the app token says', async () => {
    const { useCase } = login(Date.now() + 100 * 24 * HOUR);
    const answer = await useCase.execute(request, 'r1');
    expect(answer.expiresAt).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
  });

  it('kicks out the sessions it replaces through the outbox, committed with the login', async () => {
    const kicked = [{ sessionId: 'old-session', expiresAt: Date.now() + HOUR }];
    const { useCase, sessions, outbox } = login(Date.now() + HOUR, kicked);
    await useCase.execute(request, 'r1');
    const events = sessions.queued.map((e) => decodePayload(Topics.sessionEvents, e.value).event);
    expect(events).toEqual([
      {
        $case: 'sessionEnded',
        value: {
          userId: 'ann',
          sessionId: 'old-session',
          reason: SessionEnded_Reason.REASON_KICKED_OUT,
          expiresAt: kicked[0]?.expiresAt,
        },
      },
    ]);
    expect(outbox.flushes).toBe(1);
  });

  it('asks the outbox for nothing when nobody is kicked out', async () => {
    const { useCase, outbox } = login(Date.now() + HOUR);
    await useCase.execute(request, 'r1');
    expect(outbox.flushes).toBe(0);
  });

  it.each([
    ['no appID', { appId: '' }],
    ['a userID with a space', { userId: 'a b' }],
    ['a userID over 32 characters', { userId: 'u'.repeat(33) }],
    ['a userName over 256 bytes', { userName: 'é'.repeat(129) }],
    ['a platform that is not a ZIMPlatformType', { platform: 65 }],
  ])('refuses %s with 6000001 before touching the sessions', async (_what, change) => {
    const { useCase, sessions } = login(Date.now() + HOUR);
    await expect(useCase.execute({ ...request, ...change }, 'r1')).rejects.toMatchObject({
      code: ZimErrorCode.InvalidParams,
    });
    expect(sessions.started).toEqual([]);
  });
});
