import { Metadata } from '@grpc/grpc-js';
import { ZimError, ZimErrorCode } from '../errors/zim-error';
import { SessionRevocations } from './session-revocations';
import { SessionTokens } from './session-token';

const secret = 'a-test-secret-of-at-least-32-chars!!';
const principal = { appId: '1001', userId: 'alice', sessionId: 's-1', platform: 5 };

async function codeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return err instanceof ZimError ? err.code : -1;
  }
}

describe('SessionTokens', () => {
  it('returns the principal a token was issued for', async () => {
    const tokens = new SessionTokens(secret);
    const { token } = await tokens.issue(principal, 60);
    await expect(tokens.verify(token)).resolves.toEqual(principal);
  });

  it('rejects a token signed with another key as invalid', async () => {
    const { token } = await new SessionTokens('another-secret-that-is-32-chars-long').issue(principal, 60);
    expect(await codeOf(new SessionTokens(secret).verify(token))).toBe(ZimErrorCode.TokenInvalid);
  });

  it('reports an expired token as expired', async () => {
    const tokens = new SessionTokens(secret);
    const { token } = await tokens.issue(principal, -5);
    expect(await codeOf(tokens.verify(token))).toBe(ZimErrorCode.TokenExpired);
  });

  it('asks the caller to log in when metadata carries no token', async () => {
    expect(await codeOf(new SessionTokens(secret).authenticate(new Metadata()))).toBe(
      ZimErrorCode.NotLoggedIn,
    );
  });
});

describe('SessionTokens with revocations', () => {
  it('refuses a token whose session ended, and only that one', async () => {
    const revocations = new SessionRevocations();
    const tokens = new SessionTokens(secret, revocations);
    const ended = await tokens.issue({ ...principal, sessionId: 'ended' }, 60);
    const live = await tokens.issue({ ...principal, sessionId: 'live' }, 60);
    revocations.revoke('ended', Date.now() + 60_000);
    expect(await codeOf(tokens.verify(ended.token))).toBe(ZimErrorCode.TokenInvalid);
    await expect(tokens.verify(live.token)).resolves.toMatchObject({ sessionId: 'live' });
  });

  it('forgets a revocation once the token would have expired anyway', () => {
    const revocations = new SessionRevocations();
    revocations.revoke('old', Date.now() - 1);
    expect(revocations.isRevoked('old')).toBe(false);
  });
});
