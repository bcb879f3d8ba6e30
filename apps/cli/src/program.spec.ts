import { ZIMConversationType, ZIMError, ZIMMessageType } from '@parley/sdk';
import { CliError } from './errors';
import { type Handlers, type Output, run } from './program';

/** Handlers that record what they were called with; `fail` makes them throw. */
function recorder(fail?: unknown) {
  const calls: { command: string; options: unknown; globals: unknown }[] = [];
  const record =
    (command: string) =>
    async (options: unknown, globals: unknown): Promise<void> => {
      calls.push({ command, options, globals });
      if (fail) throw fail;
    };
  const handlers: Handlers = {
    login: record('login'),
    send: record('send'),
    listen: record('listen'),
    sendFile: record('sendFile'),
    download: record('download'),
    conversations: record('conversations'),
    history: record('history'),
  };
  return { calls, handlers };
}

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

async function parley(args: string[], fail?: unknown) {
  const { calls, handlers } = recorder(fail);
  const output = capture();
  const code = await run(['node', 'parley', ...args], handlers, output);
  return { code, calls, ...output };
}

describe('parsing', () => {
  it('send: peer by default, joins the words of the text', async () => {
    const { code, calls } = await parley(['send', 'bob', 'hi', 'there']);
    expect(code).toBe(0);
    expect(calls).toEqual([
      {
        command: 'send',
        options: {
          conversationID: 'bob',
          text: 'hi there',
          conversationType: ZIMConversationType.Peer,
          user: undefined,
          json: false,
        },
        globals: {},
      },
    ]);
  });

  it('send: --group, --room, --user, --json and the global flags, before or after the command', async () => {
    const { calls } = await parley([
      '--endpoint',
      'h:1',
      'send',
      'team',
      'yo',
      '--group',
      '-u',
      'alice',
      '--json',
      '--app-id',
      'a',
    ]);
    expect(calls[0]).toEqual({
      command: 'send',
      options: {
        conversationID: 'team',
        text: 'yo',
        conversationType: ZIMConversationType.Group,
        user: 'alice',
        json: true,
      },
      globals: { endpoint: 'h:1', appId: 'a' },
    });
    const room = await parley(['send', 'lobby', 'hey', '--room']);
    expect(room.calls[0]?.options).toMatchObject({ conversationType: ZIMConversationType.Room });
  });

  it('refuses --group with --room: exit 2 with the usage, no handler runs', async () => {
    const { code, calls, stderr } = await parley(['send', 'x', 'hi', '--group', '--room']);
    expect(code).toBe(2);
    expect(calls).toEqual([]);
    expect(stderr.join('\n')).toMatch(/cannot be used with/);
    expect(stderr.join('\n')).toMatch(/Usage: parley send/);
  });

  it('send-file: type from --type or left to guessing, chunk size checked; upload is the same command', async () => {
    const guessed = await parley(['send-file', 'bob', 'cat.png']);
    expect(guessed.calls[0]?.options).toEqual({
      conversationID: 'bob',
      path: 'cat.png',
      conversationType: ZIMConversationType.Peer,
      type: undefined,
      chunkSize: undefined,
      user: undefined,
      json: false,
    });
    const typed = await parley([
      'upload',
      'team',
      'notes.bin',
      '--group',
      '--type',
      'video',
      '--chunk-size',
      '128k',
    ]);
    expect(typed.calls[0]).toMatchObject({
      command: 'sendFile',
      options: {
        conversationType: ZIMConversationType.Group,
        type: ZIMMessageType.Video,
        chunkSize: 128 * 1024,
      },
    });
    for (const bad of [
      ['--chunk-size', '1k'],
      ['--chunk-size', '9m'],
      ['--type', 'gif'],
    ]) {
      const refused = await parley(['send-file', 'bob', 'cat.png', ...bad]);
      expect(refused.code).toBe(2);
      expect(refused.calls).toEqual([]);
    }
  });

  it('download, history, conversations, listen, login', async () => {
    expect((await parley(['download', 'team', 'm1', 'out.png', '--group'])).calls[0]?.options).toEqual({
      conversationID: 'team',
      messageID: 'm1',
      path: 'out.png',
      conversationType: ZIMConversationType.Group,
      user: undefined,
      json: false,
    });
    expect((await parley(['history', 'bob'])).calls[0]?.options).toMatchObject({ count: 20 });
    expect((await parley(['history', 'bob', '-n', '5', '--json'])).calls[0]?.options).toMatchObject({
      count: 5,
      json: true,
    });
    expect((await parley(['history', 'bob', '--count', '0'])).code).toBe(2);
    expect((await parley(['conversations', '--user', 'bob'])).calls[0]?.options).toEqual({
      user: 'bob',
      json: false,
    });
    expect((await parley(['listen', '--json'])).calls[0]?.options).toEqual({ user: undefined, json: true });
    expect((await parley(['login', 'alice'])).calls[0]?.options).toEqual({ userID: 'alice', json: false });
  });

  it('exits 2 on unknown commands, options and missing arguments; 0 for --help', async () => {
    expect((await parley(['frobnicate'])).code).toBe(2);
    expect((await parley(['send', 'bob'])).code).toBe(2);
    expect((await parley(['send', 'bob', 'hi', '--loud'])).code).toBe(2);
    expect((await parley(['login'])).code).toBe(2);
    const help = await parley(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/Usage: parley/);
    expect(help.stdout.join('\n')).toMatch(/platform Other/);
    expect(help.stdout.join('\n')).toMatch(/Development use only/);
  });
});

describe('failures', () => {
  it('print `error <code>: <message>` on stderr and exit 1', async () => {
    const { code, stderr, stdout } = await parley(
      ['send', 'team', 'hi', '--group'],
      new ZIMError(6000231, 'you are not a member of group team'),
    );
    expect(code).toBe(1);
    expect(stderr).toEqual(['error 6000231: you are not a member of group team']);
    expect(stdout).toEqual([]);
  });

  it('print {"error": {code, message}} with --json', async () => {
    const { code, stderr } = await parley(
      ['history', 'team', '--group', '--json'],
      new ZIMError(6000231, 'nope'),
    );
    expect(code).toBe(1);
    expect(stderr.map((l) => JSON.parse(l) as unknown)).toEqual([
      { error: { code: 6000231, message: 'nope' } },
    ]);
  });

  it("use the CLI error's own exit code (2 for missing settings)", async () => {
    const { code, stderr } = await parley(['conversations'], new CliError('no user: run parley login', 2));
    expect(code).toBe(2);
    expect(stderr).toEqual(['error: no user: run parley login']);
  });
});
