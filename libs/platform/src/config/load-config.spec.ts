import { z } from 'zod';
import { BootError, loadServiceConfig } from './load-config';

const own = z.object({ LIMIT: z.coerce.number().int().min(1) }).transform((e) => ({ limit: e.LIMIT }));
const valid = {
  SVC_DATABASE_URL: 'postgresql://u@127.0.0.1/db',
  KAFKA_BROKERS: '127.0.0.1:1, 127.0.0.1:2',
  PARLEY_SESSION_SECRET: 'x'.repeat(32),
  LIMIT: '5',
};

describe('loadServiceConfig', () => {
  it('merges the shared settings with the service own ones', () => {
    expect(loadServiceConfig('svc', 'SVC_DATABASE_URL', own, valid)).toEqual({
      databaseUrl: 'postgresql://u@127.0.0.1/db',
      kafka: { brokers: ['127.0.0.1:1', '127.0.0.1:2'] },
      sessionSecret: 'x'.repeat(32),
      limit: 5,
    });
  });

  it('names every bad variable of both parts in one line', () => {
    const bad = { ...valid, SVC_DATABASE_URL: 'mysql://x', LIMIT: '0' };
    expect(() => loadServiceConfig('svc', 'SVC_DATABASE_URL', own, bad)).toThrow(BootError);
    expect(() => loadServiceConfig('svc', 'SVC_DATABASE_URL', own, bad)).toThrow(
      /^svc: invalid configuration: SVC_DATABASE_URL: .*; LIMIT: /,
    );
  });
});
