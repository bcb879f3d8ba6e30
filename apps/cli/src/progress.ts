// Upload and download progress: a live bar for people (cli-progress), JSON lines for --json.
import { Presets, SingleBar } from 'cli-progress';
import { formatBytes, jsonLine } from './format';

export interface Progress {
  /** Bytes done out of total (total 0: unknown). */
  update(current: number, total: number): void;
  /** Draws the final state and releases the terminal. */
  stop(): void;
}

/**
 * A bar on `stream` (stderr by default, so stdout keeps only results). On a terminal it redraws in
 * place; otherwise cli-progress prints a line now and then, and the final state when stopped.
 */
export function progressBar(label: string, stream: NodeJS.WritableStream = process.stderr): Progress {
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {done} of {size}`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 1_000,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(current, total) {
      const size = total > 0 ? total : current;
      const payload = { done: formatBytes(current), size: total > 0 ? formatBytes(total) : '?' };
      if (!started) {
        bar.start(size, current, payload);
        started = true;
        return;
      }
      if (bar.getTotal() !== size) bar.setTotal(size);
      bar.update(current, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** --json: `{ "progress": { "currentFileSize": n, "totalFileSize": m } }` per update. */
export function jsonProgress(print: (line: string) => void): Progress {
  return {
    update(currentFileSize, totalFileSize) {
      print(jsonLine({ progress: { currentFileSize, totalFileSize } }));
    },
    stop() {
      // Nothing to release.
    },
  };
}
