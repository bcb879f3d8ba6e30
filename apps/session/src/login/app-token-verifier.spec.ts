import { ZimError, ZimErrorCode } from '@parley/platform';
import { SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { type AppKey, loadSessionConfig } from '../config';
import { AppTokenVerifier } from './app-token-verifier';

const secret = 'app-secret-0123456789abcdef';
const ed = generateKeyPairSync('ed25519');
const edPublic = (ed.publicKey.export({ format: 'jwk' }) as { x: string }).x;
const verifier = new AppTokenVerifier(
  new Map<string, AppKey>([
    ['1001', { alg: 'HS256', secret }],
    ['2002', { alg: 'EdDSA', publicKey: edPublic }],
  ]),
);

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

  it('accepts an EdDSA token from an app configured with an Ed25519 key', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('2002')
      .setSubject('alice')
      .setExpirationTime('1h')
      .sign(ed.privateKey);
    await expect(verifier.verify('2002', 'alice', token)).resolves.toHaveProperty('expiresAt');
  });

  it('refuses an HS256 token for an app configured for EdDSA, even one signed with its public key', async () => {
    const forged = await token({ iss: '2002' }, edPublic);
    expect(await codeOf(verifier.verify('2002', 'alice', forged))).toBe(ZimErrorCode.TokenInvalid);
  });

  it('rejects garbage', async () => {
    expect(await codeOf(verifier.verify('1001', 'alice', 'not-a-jwt'))).toBe(ZimErrorCode.TokenInvalid);
  });
});

describe('PARLEY_APPS', () => {
  const base = {
    PARLEY_SESSION_PORT: '15051',
    SESSION_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5433/parley_session',
    KAFKA_BROKERS: '127.0.0.1:19092',
    PARLEY_SESSION_SECRET: 'x'.repeat(32),
  };

  it('configures several apps, HS256 and EdDSA, without code changes', () => {
    const config = loadSessionConfig({ ...base, PARLEY_APPS: `1001:${secret}, 2002:ed25519:${edPublic}` });
    expect(config.appKeys.get('1001')).toEqual({ alg: 'HS256', secret });
    expect(config.appKeys.get('2002')).toEqual({ alg: 'EdDSA', publicKey: edPublic });
  });

  it('refuses a short secret or a malformed key, naming the app', () => {
    expect(() => loadSessionConfig({ ...base, PARLEY_APPS: '1001:short' })).toThrow(/1001/);
    expect(() => loadSessionConfig({ ...base, PARLEY_APPS: '2002:ed25519:not-a-key' })).toThrow(/2002/);
  });
});
