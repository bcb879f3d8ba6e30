// Command-line entry of infra/local: `tsx infra/local/src/cli.ts <command> [options]`.
// A small dispatcher: each command parses its own options with node:util parseArgs; add commands to `commands`.
import { parseArgs } from 'node:util';
import { orchestrationCommands } from './orchestrate/commands';
import type { ComponentName } from './stack';

// Loaded on first use, so that an invalid setting (e.g. PARLEY_PG_PORT=abc) ends in main's one-line error.
const stack = () => import('./stack');
const loadSettings = async () => (await import('./settings')).settings;
const COMPONENTS = 'postgres,kafka,minio,edge';

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<void>;
}

/** `--only kafka,minio` or `--only kafka --only minio`. */
function parseOnly(argv: string[]): ComponentName[] | undefined {
  const { values } = parseArgs({
    args: argv,
    options: { only: { type: 'string', multiple: true } },
    strict: true,
  });
  const names = (values.only ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return names.length ? (names as ComponentName[]) : undefined;
}

async function printStatus(): Promise<void> {
  for (const s of await (await stack()).infraStatus()) {
    const state = s.running ? `running  pid ${s.pid}` : 'stopped';
    process.stdout.write(`  ${s.name.padEnd(10)} ${s.address.padEnd(16)} ${state}\n`);
  }
}

async function printEndpoints(): Promise<void> {
  const settings = await loadSettings();
  const routes = settings.services.map((s) => `${s.name}:${s.port}`).join(' ');
  process.stdout.write(
    [
      '',
      `  postgres  ${settings.postgresUrl('DB').replace(/DB$/, '<db>')}`,
      `  kafka     ${settings.kafkaBrokers.join(',')}`,
      `  minio     ${settings.minioEndpoint}  (user ${settings.minioRootUser}; password in ${settings.stateDir}/minio/root-password)`,
      `  edge      ${settings.edgeEndpoint}  (gRPC, h2c) → ${routes}`,
      `  logs      ${settings.logDir}`,
      '',
    ].join('\n'),
  );
}

export const commands: Record<string, Command> = {
  up: {
    summary: 'install (once) and start Postgres, Kafka, MinIO and the edge proxy; reuse what already runs',
    usage: `up [--only ${COMPONENTS}]`,
    async run(argv) {
      await (await stack()).upInfra({ only: parseOnly(argv) });
      await printEndpoints();
    },
  },
  down: {
    summary: 'stop what infra/local started (by the pids in its pid files)',
    usage: `down [--only ${COMPONENTS}]`,
    run: async (argv) => (await stack()).downInfra({ only: parseOnly(argv) }),
  },
  status: {
    summary: 'show which components run, with their pids and addresses',
    usage: 'status [--json]',
    async run(argv) {
      const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
      if (values.json)
        process.stdout.write(JSON.stringify(await (await stack()).infraStatus(), null, 2) + '\n');
      else await printStatus();
    },
  },
  ...orchestrationCommands,
};

function usage(): string {
  const lines = Object.entries(commands).map(([, c]) => `  ${c.usage.padEnd(48)} ${c.summary}`);
  return `usage: tsx infra/local/src/cli.ts <command>\n\n${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (err) {
    // One line for the user; the stack only on request (the cause was already printed above it).
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.PARLEY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
