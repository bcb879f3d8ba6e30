// Runs one named step of a pipeline as a child process, with its output streamed and its time recorded.
import { spawn } from 'node:child_process';

export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
}

/** Nx must never wait on Nx Cloud (unreachable here) and prints plain logs when not on a terminal. */
export const NX_ENV = {
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  NX_SKIP_NX_CACHE: process.env['NX_SKIP_NX_CACHE'] ?? '',
};

export function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...NX_ENV, ...env },
      cwd,
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export class Pipeline {
  readonly results: StepResult[] = [];

  /** Runs `fn`, records the outcome, and rethrows on failure so later steps do not run on a broken base. */
  async step(name: string, fn: () => Promise<void>): Promise<void> {
    const began = Date.now();
    process.stdout.write(`\n▶ ${name}\n`);
    try {
      await fn();
      this.results.push({ name, ok: true, ms: Date.now() - began });
    } catch (err) {
      this.results.push({ name, ok: false, ms: Date.now() - began });
      throw err;
    }
  }

  /** A step that is a command: fails when the command exits non-zero. */
  command(name: string, command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
    return this.step(name, async () => {
      const code = await run(command, args, env);
      if (code !== 0)
        throw new Error(`${name}: \`${[command, ...args].join(' ')}\` exited with status ${code}`);
    });
  }

  /** A step that is one Nx target (`project:target`). */
  nx(name: string, target: string, env: Record<string, string> = {}): Promise<void> {
    return this.command(name, 'npx', ['nx', 'run', target], env);
  }

  summary(): string {
    const rows = this.results.map(
      (r) => `  ${r.ok ? '✔' : '✘'} ${r.name.padEnd(50)} ${(r.ms / 1000).toFixed(1).padStart(6)} s`,
    );
    const passed = this.results.filter((r) => r.ok).length;
    return `${rows.join('\n')}\nsteps: ${passed} passed, ${this.results.length - passed} failed`;
  }
}
