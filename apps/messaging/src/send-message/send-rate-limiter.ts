import { status as GrpcStatus } from '@grpc/grpc-js';
import { ZimError, ZimErrorCode } from '@parley/platform';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * ZIM's "no more than 10 sends per second" per user, counted in this process (a fixed one-second
 * window that opens with the user's first send). With several messaging replicas behind the edge,
 * each counts separately, so a user spread over N replicas could reach N × the limit; see
 * docs/architecture.md, "Rate limit".
 */
export class SendRateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(perSecond: number) {
    this.limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
  }

  /** Counts one send; throws 6000005 when the user is over the limit. */
  async take(appId: string, userId: string): Promise<void> {
    try {
      await this.limiter.consume(`${appId}\u0000${userId}`);
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
