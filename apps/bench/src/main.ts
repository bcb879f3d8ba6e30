// The benchmark runner: `npm run bench` starts the stack and runs this against it (see
// infra/local/src/orchestrate/bench.ts). Measurements, not tests: nothing here passes or fails on a
// number. Prints each scenario's table and writes benchmarks.json, benchmarks.svg and
// benchmarks-results.md (docs/benchmarks/ for a full run, a temp folder for --quick).
import Table from 'cli-table3';
import { Command } from 'commander';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { contextFromEnv } from './context';
import { writeReport } from './report/write-report';
import { SCENARIOS } from './scenarios';
import type { ScenarioReport } from './types';

async function main(): Promise<void> {
  const program = new Command('bench')
    .description('Parley benchmarks against the running local stack')
    .option('--quick', 'a few seconds per scenario, to prove they still run (CI)', false)
    .option('--only <ids>', `comma-separated scenario IDs (${SCENARIOS.map((s) => s.id).join(', ')})`)
    .option(
      '--out <dir>',
      'where to write the results (default: docs/benchmarks, or a temp folder with --quick)',
    )
    .parse();
  const opts = program.opts<{ quick: boolean; only?: string; out?: string }>();
  const wanted = opts.only?.split(',').map((s) => s.trim().toUpperCase());
  const unknown = wanted?.filter((id) => !SCENARIOS.some((s) => s.id.toUpperCase() === id));
  if (unknown && unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}`);
  const selected = SCENARIOS.filter((s) => !wanted || wanted.includes(s.id.toUpperCase()));
  const outDir = resolve(opts.out ?? (opts.quick ? join(tmpdir(), 'parley-bench') : 'docs/benchmarks'));

  const ctx = contextFromEnv(opts.quick);
  const began = Date.now();
  const reports: ScenarioReport[] = [];
  const byId = new Map<string, ScenarioReport>();
  for (const scenario of selected) {
    process.stderr.write(`▶ ${scenario.id}\n`);
    const report = await scenario.run(ctx, byId);
    reports.push(report);
    byId.set(report.id, report);
    const table = new Table({ head: report.table.columns });
    table.push(...report.table.rows.map((row) => row.map(String)));
    process.stdout.write(`\n${report.id}: ${report.title}\n${table.toString()}\n`);
    for (const note of report.notes) process.stdout.write(`  • ${note}\n`);
  }
  const cpu = cpus();
  const written = await writeReport(
    outDir,
    {
      startedAt: new Date(began).toISOString(),
      quick: opts.quick,
      machine: `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
      durationSeconds: (Date.now() - began) / 1000,
    },
    reports,
  );
  process.stdout.write(`\nwritten: ${Object.values(written).join(', ')}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
