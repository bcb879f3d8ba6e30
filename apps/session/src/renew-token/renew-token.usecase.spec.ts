import { decodePayload, Topics } from '@parley/contracts';
import { type OutgoingEvent, type OutboxRelay, SessionTokens, ZimErrorCode } from '@parley/platform';
import { FakeOutbox } from '@parley/testing';
import type { AppTokenVerifier } from '../login/app-token-verifier';
import type { SessionRepository } from '../repositories/session.repository';
import { ConnectionRegistry } from '../subscribe/connection-registry';
import { SessionLifetime } from '../login/session-lifetime';
import { RenewTokenUseCase } from './renew-token.usecase';

const HOUR = 3600_000;
const ann = { appId: '1001', userId: 'ann', sessionId: 's-ann', platform: 1 };
const tokens = new SessionTokens('renew-spec-session-secret-0123456789');

function setUp(active: boolean, appTokenExpiresAt = Date.now() + 2 * HOUR) {
  const queued: OutgoingEvent[] = [];
  const sessions = {
    extend: async (_p: unknown, _until: number, announce: () => OutgoingEvent[]) => {
      if (active) queued.push(...announce());
      return active;
    },
  } as unknown as SessionRepository;
  const verifier = { verify: async () => ({ expiresAt: appTokenExpiresAt }) } as unknown as AppTokenVerifier;
  const registry = new ConnectionRegistry();
  const renewedStreams: number[] = [];
  registry.add(ann.appId, ann.userId, {
    sessionId: ann.sessionId,
    send: () => undefined,
    end: () => undefined,
    renewed: (expiresAt) => void renewedStreams.push(expiresAt),
  });
  const outbox = new FakeOutbox();
  const lifetime = new SessionLifetime(tokens, { maxSessionMs: 24 * HOUR });
  const useCase = new RenewTokenUseCase(
    verifier,
    sessions,
    lifetime,
    registry,
    outbox as unknown as OutboxRelay,
  );
  return { useCase, queued, renewedStreams, outbox };
}

describe('RenewTokenUseCase', () => {
  it('extends the session: a new token, the stream here rescheduled, SessionRenewed for the other replicas', async () => {
    const until = Date.now() + 2 * HOUR;
    const { useCase, queued, renewedStreams, outbox } = setUp(true, until);
    const answer = await useCase.execute(ann, 'fresh-app-jwt', 'r1');
    expect(answer.expiresAt).toBe(until);
    expect(await tokens.verify(answer.sessionToken)).toEqual(ann);
    expect(renewedStreams).toEqual([until]);
    expect(queued.map((e) => decodePayload(Topics.sessionEvents, e.value).event)).toEqual([
      { $case: 'sessionRenewed', value: { userId: 'ann', sessionId: 's-ann', expiresAt: until } },
    ]);
    expect(outbox.flushes).toBe(1);
  });

  it('refuses a session that has ended with 6000103, announcing nothing', async () => {
    const { useCase, queued, renewedStreams } = setUp(false);
    await expect(useCase.execute(ann, 'fresh-app-jwt', 'r1')).rejects.toMatchObject({
      code: ZimErrorCode.TokenInvalid,
    });
    expect(queued).toEqual([]);
    expect(renewedStreams).toEqual([]);
  });
});
