import type { ZimError } from '@parley/platform';
import { randomUUID } from 'node:crypto';

import { MessagingDatabase } from '../repositories/prisma.service';
import { SendRateLimiter } from './send-rate-limiter';

// Runs against the real Postgres of infra/local (npm test provides the env).
const databaseUrl = process.env['MESSAGING_DATABASE_URL'] ?? '';

describe('SendRateLimiter on Postgres', () => {
  // Two messaging replicas: each its own pool, as two processes would have.
  const replicas = [new MessagingDatabase(databaseUrl), new MessagingDatabase(databaseUrl)];
  const limiters = replicas.map((db) => new SendRateLimiter(db.pool, 10));
  afterAll(() => Promise.all(replicas.map((db) => db.$disconnect())));

  it('counts a user’s sends across replicas: 10 in one second pass, the 11th is refused with 6000005 wherever it lands', async () => {
    const appId = `it-${randomUUID().slice(0, 8)}`;
    const outcomes = await Promise.all(
      Array.from({ length: 11 }, (_, i) =>
        (limiters[i % 2] as SendRateLimiter).take(appId, 'ivan').then(
          () => 'passed',
          (err: ZimError) => err.code,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'passed')).toHaveLength(10);
    expect(outcomes.filter((o) => o !== 'passed')).toEqual([6000005]);
    // Another user, and the same user a second later, have a fresh window.
    await expect(limiters[0]?.take(appId, 'judy')).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 1_100));
    await expect(limiters[1]?.take(appId, 'ivan')).resolves.toBeUndefined();
  });
});
