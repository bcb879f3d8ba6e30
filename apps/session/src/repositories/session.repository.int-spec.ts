import { SessionTokens } from '@parley/platform';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { AppTokenVerifier } from '../login/app-token-verifier';
import { LoginUseCase } from '../login/login.usecase';
import { SessionDatabase } from './prisma.service';
import { SessionRepository } from './session.repository';

// Runs against the real Postgres of infra/local (npm test provides SESSION_DATABASE_URL, migrated).
const db = new SessionDatabase(process.env['SESSION_DATABASE_URL'] ?? '');
const sessions = new SessionRepository(db);
const appId = `it-${randomUUID().slice(0, 8)}`;
const appSecret = 'integration-app-secret-0123456789';
const tokens = new SessionTokens('integration-session-secret-0123456789');
const login = new LoginUseCase(new AppTokenVerifier(new Map([[appId, appSecret]])), sessions, tokens);

function appToken(userId: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(appId)
    .setSubject(userId)
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(appSecret));
}

afterAll(() => db.$disconnect());

describe('login and sessions on Postgres', () => {
  it('stores a login whose session token is active and expires with the app token', async () => {
    const response = await login.execute({
      appId,
      userId: 'alice',
      userName: 'Alice',
      token: await appToken('alice', 600),
    });
    const principal = await tokens.verify(response.sessionToken);
    expect(principal).toEqual({ appId, userId: 'alice', sessionId: response.sessionId });
    expect(await sessions.isActive(principal)).toBe(true);
    expect(Math.abs(response.expiresAt - (Date.now() + 600_000))).toBeLessThan(5_000);
    const row = await db.session.findUniqueOrThrow({ where: { id: response.sessionId } });
    expect(row).toMatchObject({ appId, userId: 'alice', userName: 'Alice', endedAt: null });
  });

  it('gives each login of the same user its own session', async () => {
    const a = await login.execute({ appId, userId: 'bob', userName: '', token: await appToken('bob', 600) });
    const b = await login.execute({ appId, userId: 'bob', userName: '', token: await appToken('bob', 600) });
    expect(a.sessionId).not.toBe(b.sessionId);
  });

  it('does not treat a session as active for another app or user, or after it ended', async () => {
    const { sessionId } = await login.execute({
      appId,
      userId: 'carol',
      userName: '',
      token: await appToken('carol', 600),
    });
    expect(await sessions.isActive({ appId: `${appId}-x`, userId: 'carol', sessionId })).toBe(false);
    expect(await sessions.isActive({ appId, userId: 'mallory', sessionId })).toBe(false);
    await db.session.update({ where: { id: sessionId }, data: { endedAt: new Date() } });
    expect(await sessions.isActive({ appId, userId: 'carol', sessionId })).toBe(false);
  });

  it('writes nothing for a rejected login', async () => {
    const before = await db.session.count({ where: { appId } });
    await expect(
      login.execute({ appId, userId: 'dave', userName: '', token: await appToken('dave', -60) }),
    ).rejects.toMatchObject({ code: 6000106 });
    expect(await db.session.count({ where: { appId } })).toBe(before);
  });
});
