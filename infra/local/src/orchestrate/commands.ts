// The two commands the README promises: `npm start` (everything up) and `npm test` (every check).
import type { Command } from '../cli';

export const orchestrationCommands: Record<string, Command> = {
  start: {
    summary: 'start the infrastructure and the four services; print the endpoint; Ctrl-C stops them',
    usage: 'start',
    async run() {
      const { startEverything } = await import('./start');
      const code = await startEverything();
      if (code !== 0) throw new Error('start failed or a service did not stop cleanly');
    },
  },
  bench: {
    summary: 'start the stack and run the benchmarks (apps/bench); --quick for a short run',
    usage: 'bench [--quick] [--only B1,B2] [--out <dir>]',
    async run(argv) {
      const { runBench } = await import('./bench');
      const code = await runBench(argv);
      if (code !== 0) throw new Error('benchmarks failed');
    },
  },
  test: {
    summary: 'run every check CI runs: generated code, lint, unit, integration and end-to-end tests',
    usage: 'test',
    async run() {
      const { runTests } = await import('./test-pipeline');
      const code = await runTests();
      if (code !== 0) throw new Error('tests failed');
    },
  },
};
