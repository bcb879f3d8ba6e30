import { LatencyRecorder } from './latency';
import { openLoop } from './open-loop';

describe('openLoop', () => {
  it('fires rate × duration operations on an even schedule, independent of how long each takes', async () => {
    const scheduled: number[] = [];
    const result = await openLoop({
      ratePerSecond: 200,
      durationMs: 250,
      fire: (n, at) => {
        scheduled[n] = at;
        // Every tenth operation holds the generator for longer than the 5 ms between operations.
        if (n % 10 === 0) for (const until = performance.now() + 8; performance.now() < until; );
      },
    });
    expect(result.fired).toBe(50);
    expect(scheduled).toHaveLength(50);
    const gaps = scheduled.slice(1).map((t, i) => t - (scheduled[i] ?? 0));
    for (const gap of gaps) expect(gap).toBeCloseTo(5, 6);
  });
});

describe('LatencyRecorder', () => {
  it('reports percentiles in ms within HdrHistogram precision', () => {
    const r = new LatencyRecorder();
    for (let i = 1; i <= 1000; i++) r.recordMs(i);
    const s = r.summary();
    expect(s.count).toBe(1000);
    expect(s.p50).toBeGreaterThanOrEqual(499);
    expect(s.p50).toBeLessThanOrEqual(501);
    expect(s.p99).toBeGreaterThanOrEqual(989);
    expect(s.p99).toBeLessThanOrEqual(991);
    expect(s.max).toBeGreaterThanOrEqual(999);
  });
});
