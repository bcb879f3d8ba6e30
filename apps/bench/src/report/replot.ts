// Redraws benchmarks.svg from a run's benchmarks.json (after a change to the plot, without running
// the benchmarks again):  npx tsx --tsconfig apps/bench/tsconfig.app.json apps/bench/src/report/replot.ts [dir]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ScenarioReport } from '../types';
import { plotSvg } from './write-report';

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? 'docs/benchmarks');
  const run = JSON.parse(readFileSync(join(dir, 'benchmarks.json'), 'utf8')) as {
    scenarios: ScenarioReport[];
  };
  writeFileSync(join(dir, 'benchmarks.svg'), await plotSvg(run.scenarios.flatMap((r) => r.series ?? [])));
  process.stdout.write(`written: ${join(dir, 'benchmarks.svg')}\n`);
}

void main();
