// Console output of infra/local: one readable line per event, aligned on the component name, so the output of
// components that start in parallel stays legible when interleaved.

const NAME_WIDTH = 12;

function line(mark: string, name: string, text: string, stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(`${mark} ${name.padEnd(NAME_WIDTH)} ${text}\n`);
}

/** A step that may take a while (downloads, builds, waiting for readiness). */
export function progress(name: string, text: string): void {
  line('…', name, text);
}

export function success(name: string, text: string): void {
  line('✔', name, text);
}

export function skipped(name: string, text: string): void {
  line('·', name, text);
}

export function failure(name: string, text: string): void {
  line('✖', name, text, process.stderr);
}

/** Verbatim lines (log tails) indented under the component's line, on stderr with the failure. */
export function detail(lines: string[]): void {
  for (const l of lines) process.stderr.write(`    │ ${l}\n`);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Calls `tick` every `everyMs` until the returned function is called. */
export function ticker(everyMs: number, tick: (elapsedMs: number) => void): () => void {
  const started = Date.now();
  const timer = setInterval(() => tick(Date.now() - started), everyMs);
  return () => clearInterval(timer);
}
