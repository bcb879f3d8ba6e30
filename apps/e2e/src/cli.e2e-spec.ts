// The `parley` CLI (apps/cli) as a user runs it: separate processes (tsx from source) against the
// stack, each with its own PARLEY_CLI_HOME, each killed if it runs past a minute.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { settled, stackUnderTest, uniqueUser } from './harness';

const root = join(__dirname, '../../..');
const TSX = join(root, 'node_modules/.bin/tsx');
const CLI = ['--tsconfig', 'apps/cli/tsconfig.app.json', 'apps/cli/src/main.ts'];
const DEMO = ['--tsconfig', 'apps/cli/tsconfig.app.json', 'apps/cli/src/demo.ts'];
/** No CLI process may outlive this: it is killed (with its children) and the test fails on its exit status. */
const PROCESS_LIMIT_MS = 60_000;

interface JSONLine {
  event?: string;
  data?: unknown;
  error?: { code?: number; message: string };
  message?: { messageID: string; conversationSeq: number; message: unknown; fileSize?: number };
  progress?: { currentFileSize: number; totalFileSize: number };
  [key: string]: unknown;
}

/** A CLI process: stdout collected line by line, stderr as text, exit status as a promise. */
class CliProcess {
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly changed = new Set<() => void>();

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    // Its own process group, so the time limit can end tsx and the node process it starts.
    const child = spawn(TSX, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.lines.push(line);
      this.changed.forEach((notify) => notify());
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    const limit = setTimeout(() => this.signal('SIGKILL'), PROCESS_LIMIT_MS);
    this.exited = new Promise((resolve) =>
      child.on('close', (code, signal) => {
        clearTimeout(limit);
        this.changed.forEach((notify) => notify());
        resolve(signal ? null : code);
      }),
    );
  }

  get stdout(): string {
    return this.lines.join('\n');
  }

  json(): JSONLine[] {
    return this.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as JSONLine);
  }

  /** Resolves with the first stdout line (parsed) that `match` accepts; rejects after `ms` or on exit. */
  async waitFor(what: string, match: (line: JSONLine) => boolean, ms = 30_000): Promise<JSONLine> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.json().find(match);
      if (found) return found;
      if (exited || Date.now() > deadline)
        throw new Error(`no ${what} from the CLI\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 250);
        const changed = this.changed;
        function done() {
          clearTimeout(timer);
          changed.delete(done);
          resolve();
        }
        this.changed.add(done);
      });
    }
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined || this.child.exitCode !== null) return;
    try {
      // SIGTERM to tsx itself (it passes it on to the CLI); anything harder to the whole group.
      if (signal === 'SIGTERM') this.child.kill(signal);
      else process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

describe('parley CLI', () => {
  jest.setTimeout(180_000);
  const stack = stackUnderTest();
  let home: string;
  let env: NodeJS.ProcessEnv;
  const running: CliProcess[] = [];

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'parley-cli-e2e-'));
    env = {
      ...process.env,
      PARLEY_ENDPOINT: stack.endpoint,
      PARLEY_DEV_APP_ID: stack.appID,
      PARLEY_DEV_APP_SECRET: stack.appSecret,
      PARLEY_CLI_HOME: home,
    };
  });

  afterEach(async () => {
    for (const p of running.splice(0)) {
      p.signal('SIGKILL');
      await p.exited;
    }
    await rm(home, { recursive: true, force: true });
  });

  function start(args: string[], script = CLI): CliProcess {
    const p = new CliProcess([...script, ...args], env);
    running.push(p);
    return p;
  }

  /** Runs a command to its end. */
  async function parley(...args: string[]): Promise<{ code: number | null; p: CliProcess }> {
    const p = start(args);
    return { code: await p.exited, p };
  }

  /** Runs a command that must succeed with one JSON result line. */
  async function ok(...args: string[]): Promise<JSONLine> {
    const { code, p } = await parley(...args);
    if (code !== 0) throw new Error(`parley ${args.join(' ')} exited ${code}\n${p.stdout}\n${p.stderr}`);
    const [last] = p.json().slice(-1);
    if (!last) throw new Error(`parley ${args.join(' ')} printed no JSON\n${p.stdout}`);
    return last;
  }

  it('listen prints the peer message a send in another process delivers, and a send as the same user does not kick it off', async () => {
    const [alice, bob] = [uniqueUser('cli-a'), uniqueUser('cli-b')];
    const listener = start(['listen', '--json', '--user', bob]);
    await listener.waitFor(
      'connectionStateChanged Connected',
      (l) => l.event === 'connectionStateChanged' && (l.data as { state: number }).state === 2,
    );

    // login remembers alice, so send needs no --user.
    expect((await ok('login', alice, '--json'))['userID']).toBe(alice);
    const text = `hello from the cli ${randomBytes(3).toString('hex')}`;
    const sent = await ok('send', bob, text, '--json');
    expect(sent.message).toMatchObject({ message: text, conversationSeq: 1 });

    const received = await listener.waitFor(
      'receivePeerMessage with the text',
      (l) =>
        l.event === 'receivePeerMessage' &&
        (l.data as { messageList: { message: string }[] }).messageList.some((m) => m.message === text),
    );
    expect(received.data).toMatchObject({ fromConversationID: alice });

    // bob sends from a one-shot process (platform Other) while his listen (platform Linux) runs.
    await ok('send', alice, 'reply', '--user', bob, '--json');
    const again = `still there ${randomBytes(3).toString('hex')}`;
    await ok('send', bob, again, '--json');
    await listener.waitFor(
      'the second message',
      (l) =>
        l.event === 'receivePeerMessage' &&
        (l.data as { messageList: { message: string }[] }).messageList.some((m) => m.message === again),
    );
    expect(
      listener
        .json()
        .some((l) => l.event === 'connectionStateChanged' && (l.data as { state: number }).state === 0),
    ).toBe(false);

    listener.signal('SIGTERM');
    expect(await listener.exited).toBe(0);
  });

  it('send-file shows progress up to the total, and download writes the same bytes', async () => {
    const [alice, bob] = [uniqueUser('cli-fa'), uniqueUser('cli-fb')];
    const data = randomBytes(150 * 1024 + 7);
    const source = join(home, 'payload.bin');
    await writeFile(source, data);

    const { code, p } = await parley(
      'send-file',
      bob,
      source,
      '--chunk-size',
      '64k',
      '--user',
      alice,
      '--json',
    );
    if (code !== 0) throw new Error(`send-file exited ${code}\n${p.stdout}\n${p.stderr}`);
    const lines = p.json();
    const progress = lines.flatMap((l) => (l.progress ? [l.progress] : []));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[progress.length - 1]).toEqual({
      currentFileSize: data.length,
      totalFileSize: data.length,
    });
    const current = progress.map((x) => x.currentFileSize);
    expect(current).toEqual([...current].sort((a, b) => a - b));
    const message = lines[lines.length - 1]?.message;
    expect(message).toMatchObject({ fileSize: data.length });
    if (!message) throw new Error(`send-file printed no message\n${p.stdout}`);

    const target = join(home, 'downloaded.bin');
    const downloaded = await ok('download', alice, message.messageID, target, '--user', bob, '--json');
    expect(downloaded).toMatchObject({ path: target, size: data.length });
    expect((await readFile(target)).equals(data)).toBe(true);
  });

  it('conversations --json shows the conversation with its unread count', async () => {
    const [alice, bob] = [uniqueUser('cli-ca'), uniqueUser('cli-cb')];
    await ok('send', bob, 'one', '--user', alice, '--json');
    await ok('send', bob, 'two', '--user', alice, '--json');
    // The conversation list is updated asynchronously (Kafka): poll until it shows both messages.
    await settled(async () => {
      const list = await ok('conversations', '--user', bob, '--json');
      expect(list).toMatchObject({
        totalUnreadMessageCount: 2,
        conversationList: [{ conversationID: alice, type: 0, unreadMessageCount: 2 }],
      });
    });
  });

  it('history --json shows the messages oldest first', async () => {
    const [alice, bob] = [uniqueUser('cli-ha'), uniqueUser('cli-hb')];
    for (const text of ['first', 'second', 'third']) await ok('send', bob, text, '--user', alice, '--json');
    const history = await ok('history', bob, '--count', '10', '--user', alice, '--json');
    const list = history['messageList'] as { message: string; conversationSeq: number }[];
    expect(list.map((m) => [m.conversationSeq, m.message])).toEqual([
      [1, 'first'],
      [2, 'second'],
      [3, 'third'],
    ]);
  });

  it('exits 2 with the usage for --group with --room', async () => {
    const { code, p } = await parley('send', 'someone', 'hi', '--group', '--room', '--user', 'x');
    expect(code).toBe(2);
    expect(p.stderr).toMatch(/cannot be used with/);
    expect(p.stderr).toMatch(/Usage: parley send/);
  });

  it('exits 1 with error 6000231 when sending to a group the user is not in', async () => {
    const alice = uniqueUser('cli-outsider');
    const group = uniqueUser('cli-group');
    const { code, p } = await parley('send', group, 'let me in', '--group', '--user', alice);
    expect(code).toBe(1);
    expect(p.stderr).toMatch(/^error 6000231: /m);
    const asJSON = await parley('send', group, 'let me in', '--group', '--user', alice, '--json');
    expect(asJSON.code).toBe(1);
    expect(JSON.parse(asJSON.p.stderr.trim())).toMatchObject({ error: { code: 6000231 } });
  });

  it('runs the demo (npm run demo) to a clean exit', async () => {
    const demo = start([], DEMO);
    const code = await demo.exited;
    if (code !== 0) throw new Error(`demo exited ${code}\nstdout:\n${demo.stdout}\nstderr:\n${demo.stderr}`);
    expect(demo.stdout).toMatch(/bob\s+\| downloaded \d+ bytes, SHA-256 \S+ matches the original/);
    expect(demo.stdout).toMatch(/Total unread: \d+/);
    expect(demo.stdout).toMatch(/alice \| logged out/);
  });
});
