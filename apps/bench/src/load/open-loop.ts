// An open-loop load generator: operations are scheduled at a fixed rate from the start, whatever
// the system under test answers, and each operation gets its *scheduled* time. Latency measured
// from that time includes any queueing in the generator itself, so a slow system shows as latency
// instead of silently lowering the offered rate (the "coordinated omission" of closed loops).

export interface OpenLoopOptions {
  /** Operations per second, spread evenly. */
  ratePerSecond: number;
  durationMs: number;
  /**
   * Starts operation `n` (0-based), scheduled at `scheduledAt` (ms, performance.now() clock). Must
   * not wait for the answer; failures should be recorded by the callee.
   */
  fire: (n: number, scheduledAt: number) => void;
}

export interface OpenLoopResult {
  /** Operations fired (ratePerSecond × duration). */
  fired: number;
  /** Most the generator fell behind its schedule, in ms (a busy load generator shows here). */
  maxLagMs: number;
}

/** Fires operations on schedule in ticks of ≤ 5 ms; resolves when the last one has been fired. */
export function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const interval = 1000 / options.ratePerSecond;
  const total = Math.floor((options.ratePerSecond * options.durationMs) / 1000);
  const start = performance.now();
  let next = 0;
  let maxLagMs = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        const scheduledAt = start + next * interval;
        maxLagMs = Math.max(maxLagMs, now - scheduledAt);
        options.fire(next, scheduledAt);
        next++;
      }
      if (next >= total) resolve({ fired: total, maxLagMs });
      else setTimeout(tick, Math.min(5, Math.max(0, start + next * interval - performance.now())));
    };
    tick();
  });
}
