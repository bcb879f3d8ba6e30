import { decodePayload, SessionEnded_Reason, SessionEvent, Topics, topicSpecs } from '@parley/contracts';
import { KafkaBus, OutboxRelay, SessionTokens, sqlOutbox } from '@parley/platform';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { AppTokenVerifier } from '../login/app-token-verifier';
import { LoginUseCase } from '../login/login.usecase';
import { SessionLifetime } from '../login/session-lifetime';
import { LogoutUseCase } from '../logout/logout.usecase';
import { RenewTokenUseCase } from '../renew-token/renew-token.usecase';
import { sessionsEnded } from '../domain/session-events';
import { SessionEventsListener } from '../subscribe/session-events.listener';
import { ConnectionRegistry } from '../subscribe/connection-registry';
import { SessionDatabase } from './prisma.service';
import { SessionRepository } from './session.repository';

// Runs against the real Postgres and Kafka of infra/local (npm test provides the env, migrated).
const db = new SessionDatabase(process.env['SESSION_DATABASE_URL'] ?? '');
const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const bus = new KafkaBus('session-it', brokers);
const reader = new KafkaBus('session-it-reader', brokers);
const sessions = new SessionRepository(db);
const appId = `it-${randomUUID().slice(0, 8)}`;
const appSecret = 'integration-app-secret-0123456789';
const tokens = new SessionTokens('integration-session-secret-0123456789');
const outbox = new OutboxRelay(sqlOutbox(db.pool), bus);
/** SessionEnded events of this test's app, as read back from the topic, by event ID (delivery is at-least-once). */
const published = new Map<string, { sessionId: string; reason: number }>();
const DAY = 24 * 3600 * 1000;
const login = new LoginUseCase(
  new AppTokenVerifier(new Map([[appId, { alg: 'HS256' as const, secret: appSecret }]])),
  sessions,
  new SessionLifetime(tokens, { maxSessionMs: DAY }),
  outbox,
);
const logout = new LogoutUseCase(sessions, outbox, new ConnectionRegistry());

function appToken(userId: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(appId)
    .setSubject(userId)
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(appSecret));
}

async function loginAs(userId: string, platform = 1) {
  const response = await login.execute(
    { appId, userId, userName: userId, token: await appToken(userId, 600), platform },
    'r',
  );
  return { ...response, principal: await tokens.verify(response.sessionToken) };
}

beforeAll(async () => {
  await bus.ensureTopics(topicSpecs([Topics.sessionEvents]));
  await bus.connectProducer();
  await reader.consume({
    groupId: `session-it-${randomUUID()}`,
    topics: [Topics.sessionEvents],
    fromBeginning: true,
    handleBatch: async (events) => {
      for (const raw of events) {
        const event = SessionEvent.decode(raw.value);
        if (event.appId === appId && event.event?.$case === 'sessionEnded') {
          published.set(event.eventId, {
            sessionId: event.event.value.sessionId,
            reason: event.event.value.reason,
          });
        }
      }
    },
  });
});

afterAll(async () => {
  await Promise.all([bus.disconnect(), reader.disconnect()]);
  await db.$disconnect();
});

async function announced(sessionId: string): Promise<{ sessionId: string; reason: number }[]> {
  const deadline = Date.now() + 10_000;
  const of = () => [...published.values()].filter((p) => p.sessionId === sessionId);
  while (of().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return of();
}

describe('login and sessions on Postgres', () => {
  it('stores a login whose session is active until the app token expires', async () => {
    const { principal, expiresAt, sessionId } = await loginAs('alice');
    expect(principal).toEqual({ appId, userId: 'alice', sessionId, platform: 1 });
    expect(await sessions.activeUntil(principal)).toBe(expiresAt);
    expect(Math.abs(expiresAt - (Date.now() + 600_000))).toBeLessThan(5_000);
  });

  it('ends the earlier session of the same user on the same platform and announces it as kicked out', async () => {
    const first = await loginAs('bob', 3);
    const second = await loginAs('bob', 3);
    expect(await sessions.activeUntil(first.principal)).toBeUndefined();
    expect(await sessions.activeUntil(second.principal)).toBeDefined();
    expect(await announced(first.sessionId)).toEqual([{ sessionId: first.sessionId, reason: 2 }]);
  });

  it('keeps sessions on different platforms side by side', async () => {
    const phone = await loginAs('carol', 3);
    const web = await loginAs('carol', 6);
    expect(await sessions.activeUntil(phone.principal)).toBeDefined();
    expect(await sessions.activeUntil(web.principal)).toBeDefined();
  });

  it('lets exactly one of two simultaneous logins on one platform survive', async () => {
    const [a, b] = await Promise.all([loginAs('dave', 2), loginAs('dave', 2)]);
    const alive = [await sessions.activeUntil(a.principal), await sessions.activeUntil(b.principal)].filter(
      (x) => x !== undefined,
    );
    expect(alive).toHaveLength(1);
  });

  it('ends a session on logout, announces it once, and treats a second logout as done', async () => {
    const { principal, sessionId } = await loginAs('erin');
    await logout.execute(principal, 'r');
    await logout.execute(principal, 'r');
    expect(await sessions.activeUntil(principal)).toBeUndefined();
    expect(await announced(sessionId)).toEqual([{ sessionId, reason: 1 }]);
  });

  it('extends an active session and refuses to extend an ended one', async () => {
    const { principal } = await loginAs('frank');
    const later = Date.now() + 3_600_000;
    expect(await sessions.extend(principal, later, () => [])).toBe(true);
    expect(await sessions.activeUntil(principal)).toBe(later);
    await logout.execute(principal, 'r');
    expect(await sessions.extend(principal, later, () => [])).toBe(false);
  });

  it('commits a logout and its SessionEnded together: no end without its event', async () => {
    const { principal, sessionId } = await loginAs('ivan');
    const outboxRows = () =>
      db.outboxEvent.count({ where: { key: `${appId}/ivan`, topic: Topics.sessionEvents } });
    const before = await outboxRows();
    await expect(
      sessions.end(principal, () => {
        throw new Error('the event could not be built');
      }),
    ).rejects.toThrow('the event could not be built');
    expect(await sessions.activeUntil(principal)).toBeDefined(); // rolled back: still logged in
    expect(await outboxRows()).toBe(before);
    await sessions.end(principal, (expiresAt) =>
      sessionsEnded(appId, 'ivan', [{ sessionId, expiresAt }], SessionEnded_Reason.REASON_LOGOUT, 'r'),
    );
    expect(await sessions.activeUntil(principal)).toBeUndefined();
    expect(await outboxRows()).toBe(before + 1); // queued in the same transaction, published by the relay
    await outbox.flush();
    expect(await announced(sessionId)).toEqual([{ sessionId, reason: SessionEnded_Reason.REASON_LOGOUT }]);
  });

  it('writes nothing for a rejected login', async () => {
    const before = await db.session.count({ where: { appId } });
    const expired = await appToken('grace', -60);
    await expect(
      login.execute({ appId, userId: 'grace', userName: '', token: expired, platform: 1 }, 'r'),
    ).rejects.toMatchObject({
      code: 6000106,
    });
    expect(await db.session.count({ where: { appId } })).toBe(before);
  });
});

describe('RenewToken with several session replicas', () => {
  // Replica B holds the user's event stream; replica A answers the RenewToken call.
  const replicaB = new KafkaBus('session-it-replica-b', brokers);
  const streamsOnB = new ConnectionRegistry();
  const streamsOnA = new ConnectionRegistry();
  const verifier = new AppTokenVerifier(new Map([[appId, { alg: 'HS256' as const, secret: appSecret }]]));
  const renewOnA = new RenewTokenUseCase(
    verifier,
    sessions,
    new SessionLifetime(tokens, { maxSessionMs: DAY }),
    streamsOnA,
    outbox,
  );
  beforeAll(() =>
    replicaB.consume({
      groupId: `session-it-b-${randomUUID()}`,
      topics: [Topics.sessionEvents],
      fromBeginning: true,
      handleBatch: async (events) =>
        new SessionEventsListener(streamsOnB).handleBatch(
          events.map((e) => decodePayload(Topics.sessionEvents, e.value)),
        ),
    }),
  );
  afterAll(() => replicaB.disconnect());

  it('moves the expiry of the stream on the other replica, so it is not cut at the old expiry', async () => {
    const { principal, sessionId, expiresAt: firstExpiry } = await loginAs('heidi');
    const expiriesOnB: number[] = [];
    streamsOnB.add(appId, 'heidi', {
      sessionId,
      send: () => undefined,
      end: () => undefined,
      renewed: (expiresAt) => void expiriesOnB.push(expiresAt),
    });
    const { expiresAt } = await renewOnA.execute(principal, await appToken('heidi', 1_200), 'r');
    expect(expiresAt).toBeGreaterThan(firstExpiry);
    const deadline = Date.now() + 10_000;
    while (!expiriesOnB.includes(expiresAt) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(expiriesOnB).toEqual([expiresAt]);
  });
});
