import { ZimError, ZimErrorCode } from '@parley/platform';
import { SignJWT } from 'jose';
import { AppTokenVerifier } from './app-token-verifier';

const secret = 'app-secret-0123456789abcdef';
const verifier = new AppTokenVerifier(new Map([['1001', secret]]));

function token(claims: { iss?: string; sub?: string; expIn?: number }, key = secret): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(claims.iss ?? '1001')
    .setSubject(claims.sub ?? 'alice')
    .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.expIn ?? 3600))
    .sign(new TextEncoder().encode(key));
}

async function codeOf(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err instanceof ZimError ? err.code : -1;
  }
}

describe('AppTokenVerifier', () => {
  it("accepts the app server's token and reports its expiry", async () => {
    const { expiresAt } = await verifier.verify('1001', 'alice', await token({}));
    expect(expiresAt).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('rejects a token signed with another secret as invalid (6000103)', async () => {
    expect(
      await codeOf(verifier.verify('1001', 'alice', await token({}, 'some-other-secret-0123456789'))),
    ).toBe(ZimErrorCode.TokenInvalid);
  });

  it('rejects a token issued for another user', async () => {
    expect(await codeOf(verifier.verify('1001', 'mallory', await token({ sub: 'alice' })))).toBe(
      ZimErrorCode.TokenInvalid,
    );
  });

  it('rejects a token issued by another app', async () => {
    expect(await codeOf(verifier.verify('1001', 'alice', await token({ iss: '2002' })))).toBe(
      ZimErrorCode.TokenInvalid,
    );
  });

  it('rejects an unknown appID', async () => {
    expect(await codeOf(verifier.verify('9999', 'alice', await token({ iss: '9999' })))).toBe(
      ZimErrorCode.TokenInvalid,
    );
  });

  it('reports an expired token as expired (6000106)', async () => {
    expect(await codeOf(verifier.verify('1001', 'alice', await token({ expIn: -10 })))).toBe(
      ZimErrorCode.TokenExpired,
    );
  });

  it('rejects garbage', async () => {
    expect(await codeOf(verifier.verify('1001', 'alice', 'not-a-jwt'))).toBe(ZimErrorCode.TokenInvalid);
  });
});
