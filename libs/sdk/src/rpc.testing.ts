// Test support (excluded from the library build): a retry policy that never waits.
import type { RetryPolicy } from './rpc';

/** Backoff without waiting: records the delays and moves a fake clock by them. */
export function instantRetry() {
  let clock = 0;
  const sleeps: number[] = [];
  const policy: RetryPolicy = {
    initialDelayMs: 100,
    maxDelayMs: 2_000,
    budgetMs: 60_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
  };
  return { policy, sleeps };
}
