import { status } from '@grpc/grpc-js';
import { ZIMError } from './errors';
import { grpcError } from './fake-client.testing';
import { isTransient, withRetry } from './rpc';
import { instantRetry } from './rpc.testing';

describe('isTransient', () => {
  it.each([
    ['UNAVAILABLE from the edge', status.UNAVAILABLE, undefined, true],
    ['DEADLINE_EXCEEDED', status.DEADLINE_EXCEEDED, undefined, true],
    ['CANCELLED', status.CANCELLED, undefined, true],
    ['INTERNAL without a ZIM code', status.INTERNAL, undefined, true],
    ['RESOURCE_EXHAUSTED from the edge', status.RESOURCE_EXHAUSTED, undefined, true],
    ['an unexpected server error (6000202)', status.INTERNAL, 6000202, true],
    ['UNIMPLEMENTED (unknown service)', status.UNIMPLEMENTED, undefined, false],
    ['a bad parameter (6000001)', status.INVALID_ARGUMENT, 6000001, false],
    ['a wrong file type (6000213)', status.INVALID_ARGUMENT, 6000213, false],
    ['a file too large (6000214)', status.INVALID_ARGUMENT, 6000214, false],
    ['the send rate limit (6000005)', status.RESOURCE_EXHAUSTED, 6000005, false],
  ])('%s → %p', (_, code, zimCode, transient) => {
    expect(isTransient(ZIMError.fromGrpc(grpcError(code, 'x', zimCode)))).toBe(transient);
  });

  it('treats errors that are not ZIMErrors as final', () => {
    expect(isTransient(new Error('ENOENT'))).toBe(false);
  });
});

describe('withRetry', () => {
  it('retries transient failures with doubling delays and returns the first success', async () => {
    const { policy, sleeps } = instantRetry();
    const attempts: number[] = [];
    const result = await withRetry(async (attempt) => {
      attempts.push(attempt);
      if (attempt < 3) throw new ZIMError(6000101, 'down');
      return 'ok';
    }, policy);
    expect(result).toBe('ok');
    expect(attempts).toEqual([0, 1, 2, 3]);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('throws a final failure at once', async () => {
    const { policy, sleeps } = instantRetry();
    await expect(
      withRetry(async () => {
        throw new ZIMError(6000214, 'too large');
      }, policy),
    ).rejects.toMatchObject({ code: 6000214 });
    expect(sleeps).toEqual([]);
  });
});
