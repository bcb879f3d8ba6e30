import type { LatencySummary } from './load/latency';

/** What a scenario gets: the stack's addresses and credentials, the mode, CPU accounting, progress. */
export interface BenchContext {
  /** --quick: a few seconds per scenario, to prove the benchmarks still run (CI). */
  quick: boolean;
  /** The edge (gRPC, h2c) as apps reach it. */
  endpoint: string;
  appID: string;
  appSecret: string;
  kafkaBrokers: string[];
  /** postgresql:// URL of a service's database (`parley_messaging`, …) or of a scratch database. */
  postgresUrl(database: string): string;
  minio: { endpoint: string; accessKey: string; secretKey: string; bucket: string };
  cpu: CpuMeter;
  /** One line of progress on stderr (the tables go to stdout). */
  progress(line: string): void;
}

/** CPU seconds (user + system) used so far by each measured process tree, by name. */
export interface CpuMeter {
  sample(): CpuSample;
  /** Adds a process tree to measure from now on (e.g. a peer server the benchmark started). */
  track(name: string, pid: number): void;
}
export type CpuSample = Record<string, number>;

/** A scenario's findings, printed as a table and written to docs/benchmarks.md and the JSON file. */
export interface ScenarioReport {
  /** `B0-kafka`, `B1`, … */
  id: string;
  title: string;
  table: { columns: string[]; rows: Array<Array<string | number>> };
  /** Verdicts against targets, bottlenecks with their evidence, caveats. */
  notes: string[];
  /** Curves for the plot (e.g. p99 latency against offered rate). */
  series?: Series[];
  /** Everything measured, for the JSON file. */
  data: unknown;
}

export interface Series {
  name: string;
  xLabel: string;
  yLabel: string;
  points: Array<{ x: number; y: number }>;
}

export interface Scenario {
  id: string;
  /** `earlier`: the reports of the scenarios this run went through before, by ID (B1 reads B0's). */
  run(ctx: BenchContext, earlier: ReadonlyMap<string, ScenarioReport>): Promise<ScenarioReport>;
}

export type { LatencySummary };

/** Rounds for tables: 3 significant digits is what these noisy machines can tell apart. */
export function fmt(value: number): number {
  if (!Number.isFinite(value)) return value;
  if (value === 0) return 0;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 3)));
}

/** CPU seconds per 1,000 operations for each process, from two samples around a run. */
export function cpuPer1000(before: CpuSample, after: CpuSample, operations: number): CpuSample {
  const out: CpuSample = {};
  for (const [name, seconds] of Object.entries(after))
    out[name] = operations > 0 ? fmt(((seconds - (before[name] ?? 0)) * 1000) / operations) : 0;
  return out;
}
