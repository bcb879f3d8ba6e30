import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioReport, Series } from '../types';

export interface RunInfo {
  startedAt: string;
  quick: boolean;
  machine: string;
  durationSeconds: number;
}

/** A markdown table (prettier-compatible pipes, no alignment padding needed for rendering). */
function markdownTable(columns: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map((c) => String(c)).join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The results part of docs/benchmarks.md (the file's hand-written sections live around it). */
export function resultsMarkdown(info: RunInfo, reports: ScenarioReport[], plotFile: string): string {
  const parts = [
    `Run of ${info.startedAt} on ${info.machine}, ${info.quick ? '**quick mode**' : 'full mode'}, ${info.durationSeconds.toFixed(0)} s.`,
    '',
    `![latency against offered rate](${plotFile})`,
  ];
  for (const r of reports) {
    parts.push('', `### ${r.id}: ${r.title}`, '', markdownTable(r.table.columns, r.table.rows));
    if (r.notes.length > 0) parts.push('', ...r.notes.map((n) => `- ${n}`));
  }
  return parts.join('\n') + '\n';
}

/** An SVG line chart of every series (one panel per pair of axes), rendered headless by Vega-Lite. */
export async function plotSvg(series: Series[]): Promise<string> {
  const vega = await import('vega');
  // vega-lite is ESM-only with types this CommonJS project cannot resolve: loaded untyped.
  const vegaLiteModule = String('vega-lite');
  const vegaLite = (await import(vegaLiteModule)) as { compile(spec: unknown): { spec: object } };
  const panelOf = (s: Series) => `${s.yLabel} vs ${s.xLabel}`;
  const values = series.flatMap((s) =>
    s.points.map((p) => ({ series: s.name, x: p.x, y: p.y, panel: panelOf(s) })),
  );
  const panels = [...new Set(series.map(panelOf))];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    vconcat: panels.map((panel) => ({
      title: panel,
      width: 560,
      height: 220,
      transform: [{ filter: { field: 'panel', equal: panel } }],
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: panel.split(' vs ')[1] },
        y: { field: 'y', type: 'quantitative', title: panel.split(' vs ')[0], scale: { type: 'log' } },
        color: { field: 'series', type: 'nominal' },
      },
    })),
  };
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled as Parameters<typeof vega.parse>[0]), { renderer: 'none' });
  return view.toSVG();
}

/** Writes benchmarks.json, the plot and the markdown results into `outDir`; returns the paths. */
export async function writeReport(
  outDir: string,
  info: RunInfo,
  reports: ScenarioReport[],
): Promise<{ json: string; svg: string; markdown: string }> {
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, 'benchmarks.json');
  const svg = join(outDir, 'benchmarks.svg');
  const markdown = join(outDir, 'benchmarks-results.md');
  writeFileSync(json, JSON.stringify({ ...info, scenarios: reports }, null, 2) + '\n');
  writeFileSync(svg, await plotSvg(reports.flatMap((r) => r.series ?? [])));
  writeFileSync(markdown, resultsMarkdown(info, reports, 'benchmarks.svg'));
  return { json, svg, markdown };
}
