// The `parley` command line (commander): parses arguments into option objects and hands them to
// handlers, so parsing is tested without a server. Bad arguments exit 2 with the usage; a failed
// command prints its error on stderr (as JSON with --json) and exits 1.
import type { ZIMMediaMessageType } from '@parley/sdk';
import { Command, CommanderError, Option } from 'commander';
import { errorJSON, errorLine, EXIT_USAGE, exitCodeOf } from './errors';
import { jsonLine } from './format';
import {
  conversationTypeOf,
  MAX_CHUNK_SIZE,
  MEDIA_TYPE_NAMES,
  MIN_CHUNK_SIZE,
  parseChunkSize,
  parseCount,
  parseID,
  parseMediaType,
} from './options';

export * from './command-types';
import { DEFAULT_HISTORY_COUNT, type Globals, type Handlers, type Output, stdio } from './command-types';

const HELP_AFTER = `
Configuration:
  --endpoint or PARLEY_ENDPOINT          Parley's edge, host:port (default 127.0.0.1:15050)
  --app-id or PARLEY_DEV_APP_ID          the app to act for
  --app-secret or PARLEY_DEV_APP_SECRET  that app's secret
  Variables that are not set are read from .env.local at the repository root, which
  \`npm start\` writes for the local stack.
  PARLEY_CLI_HOME                        folder of cli.json, where \`parley login\` keeps the
                                         user (default ~/.config/parley)

Development use only: the CLI signs its own login tokens with the app secret (generateToken).
A real client gets its token from the app's server and never holds the secret.

ZIM allows one session per user and platform: \`listen\` logs in as platform Linux and the
other commands as platform Other, so \`parley send\` in another terminal does not kick a
running \`parley listen\` of the same user off.

Errors: a failed command prints \`error <code>: <message>\` on stderr (with --json:
{"error":{"code":…,"message":"…"}}) and exits 1; bad arguments exit 2.

Examples:
  npm run parley -- login alice
  npm run parley -- listen --user bob
  npm run parley -- send bob "hi Bob"
  npm run parley -- send-file bob ./photo.png
  npm run parley -- history bob --count 10
`;

const userOption = () =>
  new Option(
    '-u, --user <userID>',
    'act as this user (default: the user `parley login` remembered)',
  ).argParser(parseID);
const jsonOption = (what: string) => new Option('--json', what);
const groupOption = () => new Option('--group', 'the conversation is a group').conflicts('room');
const roomOption = () => new Option('--room', 'the conversation is a room').conflicts('group');

/** The program with its commands; `handlers` run the commands, `output` receives every line. */
export function buildProgram(
  handlers: Handlers,
  output: Output = stdio,
  failed: (exitCode: number) => void = (code) => {
    process.exitCode = code;
  },
): Command {
  const program = new Command('parley')
    .description('Terminal chat client for Parley, through the ZIM-shaped SDK (@parley/sdk)')
    .addOption(new Option('--endpoint <host:port>', "Parley's edge (env PARLEY_ENDPOINT)").argParser(parseID))
    .addOption(new Option('--app-id <appID>', 'app ID (env PARLEY_DEV_APP_ID)').argParser(parseID))
    .addOption(
      new Option('--app-secret <secret>', 'app secret (env PARLEY_DEV_APP_SECRET)').argParser(parseID),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text.replace(/\n$/, '')),
      writeErr: (text) => output.err(text.replace(/\n$/, '')),
    })
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError()
    .addHelpText('after', HELP_AFTER);

  /** Runs a handler; its failure is printed (as JSON with --json) and becomes the exit code. */
  const run = async (command: Command, work: (globals: Globals, json: boolean) => Promise<void>) => {
    const json = command.opts<{ json?: boolean }>().json ?? false;
    try {
      const { endpoint, appId, appSecret } = command.optsWithGlobals<Globals>();
      const globals: Globals = {};
      if (endpoint !== undefined) globals.endpoint = endpoint;
      if (appId !== undefined) globals.appId = appId;
      if (appSecret !== undefined) globals.appSecret = appSecret;
      await work(globals, json);
    } catch (err) {
      output.err(json ? jsonLine(errorJSON(err)) : errorLine(err));
      failed(exitCodeOf(err));
    }
  };

  /** A command whose only options are --user and --json, run by the handler of the same name. */
  const asUser = (name: 'listen' | 'conversations', description: string, jsonHelp: string) =>
    program
      .command(name)
      .description(description)
      .addOption(userOption())
      .addOption(jsonOption(jsonHelp))
      .action((opts: AsUserFlags, command: Command) =>
        run(command, (globals, json) => handlers[name]({ user: opts.user, json }, globals)),
      );

  program
    .command('login')
    .description('check that the user can log in (logs in and out) and remember them for later commands')
    .argument('<userID>', 'the user to act as from now on', parseID)
    .addOption(jsonOption('print the result as JSON'))
    .action(async (userID: string, opts: { json?: boolean }, command: Command) => {
      await run(command, (globals, json) => handlers.login({ userID, json }, globals));
    });

  program
    .command('send')
    .description('send a Text message; prints the stored message (messageID, conversationSeq)')
    .argument('<conversationID>', 'peer: the other user; group or room: its ID', parseID)
    .argument('<text...>', 'the message (several words are joined with spaces)')
    .addOption(groupOption())
    .addOption(roomOption())
    .addOption(userOption())
    .addOption(jsonOption('print the stored message as JSON'))
    .action(
      async (conversationID: string, words: string[], opts: TypeFlags & AsUserFlags, command: Command) => {
        await run(command, (globals, json) =>
          handlers.send(
            {
              conversationID,
              text: words.join(' '),
              conversationType: conversationTypeOf(opts),
              user: opts.user,
              json,
            },
            globals,
          ),
        );
      },
    );

  asUser(
    'listen',
    'log in (platform Linux) and print every event as it arrives, until Ctrl-C (then log out)',
    'one JSON object per line: {"event": name, "data": …} (bytes as base64)',
  );

  program
    .command('send-file')
    .alias('upload')
    .description('upload a file and send it as an Image, File, Audio or Video message, with a progress bar')
    .argument('<conversationID>', 'peer: the other user; group or room: its ID', parseID)
    .argument('<path>', 'the file to send', parseID)
    .addOption(groupOption())
    .addOption(roomOption())
    .addOption(
      new Option('--type <type>', 'message type (default: from the extension, File if unknown)')
        .choices(MEDIA_TYPE_NAMES)
        .argParser(parseMediaType),
    )
    .addOption(
      new Option(
        '--chunk-size <bytes>',
        `bytes per upload call, ${MIN_CHUNK_SIZE} (64k) to ${MAX_CHUNK_SIZE} (8m); default 1m`,
      ).argParser(parseChunkSize),
    )
    .addOption(userOption())
    .addOption(jsonOption('print progress and the sent message as JSON lines'))
    .action(
      async (
        conversationID: string,
        path: string,
        opts: TypeFlags & AsUserFlags & { type?: ZIMMediaMessageType; chunkSize?: number },
        command: Command,
      ) => {
        await run(command, (globals, json) =>
          handlers.sendFile(
            {
              conversationID,
              path,
              conversationType: conversationTypeOf(opts),
              type: opts.type,
              chunkSize: opts.chunkSize,
              user: opts.user,
              json,
            },
            globals,
          ),
        );
      },
    );

  program
    .command('download')
    .description("write a media message's file to a path (a folder: the file keeps its name)")
    .argument('<conversationID>', 'peer: the other user; group or room: its ID', parseID)
    .argument('<messageID>', 'the media message (see history)', parseID)
    .argument('<path>', 'where to write the file', parseID)
    .addOption(groupOption())
    .addOption(roomOption())
    .addOption(userOption())
    .addOption(jsonOption('print progress and the result as JSON lines'))
    .action(
      async (
        conversationID: string,
        messageID: string,
        path: string,
        opts: TypeFlags & AsUserFlags,
        command: Command,
      ) => {
        await run(command, (globals, json) =>
          handlers.download(
            {
              conversationID,
              messageID,
              path,
              conversationType: conversationTypeOf(opts),
              user: opts.user,
              json,
            },
            globals,
          ),
        );
      },
    );

  asUser(
    'conversations',
    'your conversation list (up to 100) with unread counts, and the total unread count',
    'print the list and the total as JSON',
  );

  program
    .command('history')
    .description("a conversation's newest messages, printed oldest first")
    .argument('<conversationID>', 'peer: the other user; group or room: its ID', parseID)
    .addOption(groupOption())
    .addOption(roomOption())
    .addOption(
      new Option('-n, --count <N>', 'how many messages, 1-100')
        .argParser(parseCount)
        .default(DEFAULT_HISTORY_COUNT),
    )
    .addOption(userOption())
    .addOption(jsonOption('print the messages as JSON'))
    .action(
      async (conversationID: string, opts: TypeFlags & AsUserFlags & { count: number }, command: Command) => {
        await run(command, (globals, json) =>
          handlers.history(
            {
              conversationID,
              conversationType: conversationTypeOf(opts),
              count: opts.count,
              user: opts.user,
              json,
            },
            globals,
          ),
        );
      },
    );

  return program;
}

interface TypeFlags {
  group?: boolean;
  room?: boolean;
}

interface AsUserFlags {
  user?: string;
  json?: boolean;
}

/** Commander's own exits: help and version are successes, anything else is a usage error. */
export function commanderExitCode(err: CommanderError): number {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
  return EXIT_USAGE;
}

/** Parses `argv` (process.argv shape) and runs the command; resolves with the exit code. */
export async function run(argv: string[], handlers: Handlers, output: Output = stdio): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(handlers, output, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return commanderExitCode(err);
    throw err;
  }
  return exitCode;
}
