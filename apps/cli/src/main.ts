// `parley`: run with `npm run parley -- <command>` (tsx from source; see --help).
import { createHandlers } from './commands';
import { run, stdio } from './program';

run(process.argv, createHandlers(stdio))
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
