// Small helpers the baselines and scenarios share: medians, ratios, closed loops, MB/s.
import { cpus, loadavg } from 'node:os';
import { LatencyRecorder } from '../load/latency';
import { type CpuSample, fmt } from '../types';

/** Throughput unit of every MB/s figure: 10^6 bytes (files are sized in MiB, rates in MB/s). */
export const MB = 1_000_000;
export const MiB = 1024 * 1024;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** `value` as a multiple of `baseline` for the tables ("0.42×"), or "–" when there is no baseline. */
export function ratio(value: number, baseline: number | undefined): string {
  if (baseline === undefined || !Number.isFinite(baseline) || baseline === 0 || !Number.isFinite(value))
    return '–';
  return `${fmt(value / baseline)}×`;
}

/** "1 MiB", "64 MiB" for table labels. */
export function sizeLabel(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} B`;
}

export interface ClosedLoopResult {
  latency: LatencyRecorder;
  completed: number;
  failed: number;
  /** First few distinct failure messages, for the notes. */
  errors: string[];
  elapsedMs: number;
}

/**
 * A closed loop: `concurrency` workers each start the next operation when their previous one has
 * answered, until `total` operations ran or `durationMs` passed. Latency is per operation, so it
 * excludes any waiting in the generator (fine for a fixed concurrency; say so in the notes).
 */
export async function closedLoop(options: {
  concurrency: number;
  total?: number;
  durationMs?: number;
  op: (n: number, worker: number) => Promise<void>;
}): Promise<ClosedLoopResult> {
  const latency = new LatencyRecorder();
  const errors = new Set<string>();
  const total = options.total ?? Number.POSITIVE_INFINITY;
  const deadline =
    options.durationMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.durationMs;
  let next = 0;
  let completed = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async (id: number) => {
    while (next < total && Date.now() < deadline) {
      const n = next++;
      const t0 = performance.now();
      try {
        await options.op(n, id);
        latency.recordMs(performance.now() - t0);
        completed++;
      } catch (err) {
        failed++;
        if (errors.size < 3) errors.add(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => worker(i)));
  return { latency, completed, failed, errors: [...errors], elapsedMs: performance.now() - started };
}

/** The latency columns every table shows, in ms. */
export function latencyCells(s: { p50: number; p95: number; p99: number; p999: number }): number[] {
  return [fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.p999)];
}

/** Adds the CPU seconds used between `before` and `after` to `total` (to measure only parts of a loop). */
export function addCpu(total: CpuSample, before: CpuSample, after: CpuSample): CpuSample {
  for (const [name, seconds] of Object.entries(after))
    total[name] = (total[name] ?? 0) + seconds - (before[name] ?? 0);
  return total;
}

/** The machine's load while a scenario ran: these benchmarks often share a small, busy machine. */
export function machineLoadNote(): string {
  const [one, five] = loadavg();
  return `Load average at the end of the run: ${fmt(one ?? 0)} (1 min), ${fmt(five ?? 0)} (5 min) on ${cpus().length} cores.`;
}

/** The processes that used the most CPU in `cpu`, busiest first ("media 0.34, postgres 0.1"), for the notes. */
export function busiestProcesses(cpu: CpuSample, count = 4, unit = ''): string {
  return Object.entries(cpu)
    .filter(([, seconds]) => seconds > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, seconds]) => `${name} ${fmt(seconds)}${unit}`)
    .join(', ');
}
