import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { generateToken } from './token';

describe('generateToken', () => {
  it('issues an HS256 JWT for the app and user that the secret verifies', async () => {
    const token = await generateToken(1001, 'secret-0123456789abcdef', 'alice', 60);
    expect(decodeProtectedHeader(token).alg).toBe('HS256');
    const { payload } = await jwtVerify(token, new TextEncoder().encode('secret-0123456789abcdef'));
    expect(payload).toMatchObject({ iss: '1001', sub: 'alice' });
  });

  it('expires after the requested lifetime', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { exp } = decodeJwt(await generateToken('1001', 'secret-0123456789abcdef', 'alice', 300));
    expect(exp).toBeGreaterThanOrEqual(before + 300);
    expect(exp).toBeLessThanOrEqual(before + 301);
  });
});
