import * as hdr from 'hdr-histogram-js';

/** Latency summary in milliseconds, as every scenario reports it. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * Records latencies (recorded in microseconds, reported in ms) in an HdrHistogram: exact enough at
 * every percentile with constant memory, whatever the count.
 */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    useWebAssembly: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000, // 2 minutes in µs
    numberOfSignificantValueDigits: 3,
  });

  recordMs(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.min(120_000_000, Math.round(ms * 1000))));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummary {
    const at = (p: number) => this.histogram.getValueAtPercentile(p) / 1000;
    return {
      count: this.histogram.totalCount,
      p50: at(50),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
      max: this.histogram.maxValue / 1000,
    };
  }
}
