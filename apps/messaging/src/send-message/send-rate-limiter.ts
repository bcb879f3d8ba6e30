import { status as GrpcStatus } from '@grpc/grpc-js';
import { ZimError, ZimErrorCode } from '@parley/platform';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * ZIM's "no more than 10 sends per second" per user: a fixed one-second window that opens with the
 * user's first send, counted in the `send_rate` table so every messaging replica shares the count
 * (one upsert per send). If Postgres does not answer, each replica counts on its own meanwhile
 * (rate-limiter-flexible's insurance limiter) rather than refusing every send.
 */
export class SendRateLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(pool: Pool, perSecond: number) {
    this.limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'send_rate',
      tableCreated: true, // by the messaging migrations
      points: perSecond,
      duration: 1,
      insuranceLimiter: new RateLimiterMemory({ points: perSecond, duration: 1 }),
    });
  }

  /** Counts one send; throws 6000005 when the user is over the limit. */
  async take(appId: string, userId: string): Promise<void> {
    try {
      await this.limiter.consume(`${appId}/${userId}`);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retryMs = Math.max(1, err.msBeforeNext);
      throw new ZimError(
        ZimErrorCode.ServerFrequencyLimit,
        GrpcStatus.RESOURCE_EXHAUSTED,
        `more than ${this.limiter.points} sends in one second: retry in ${retryMs} ms`,
      );
    }
  }
}
