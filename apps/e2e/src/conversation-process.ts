import { credentials, Metadata } from '@grpc/grpc-js';
import { HealthCheckResponse_ServingStatus, HealthClient } from '@parley/contracts';
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const distDir = join(root, 'dist/apps/conversation');

/** Resolves once the gRPC server on `port` answers grpc.health.v1 with SERVING. */
export async function waitServing(port: number, what: string, ms = 60_000): Promise<void> {
  const health = new HealthClient(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    const deadline = Date.now() + ms;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) =>
        health.check({ service: '' }, new Metadata(), { deadline: Date.now() + 1000 }, (err, res) =>
          resolve(!err && res.status === HealthCheckResponse_ServingStatus.SERVING),
        ),
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`${what} never became ready on 127.0.0.1:${port}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    health.close();
  }
}

/**
 * The conversation service as the fault tests own it: started from its build folder on the stack's
 * port (so the edge and the SDK reach it as usual), killed, stopped and rebuilt at the test's command.
 * `npm test` stops the stack's own conversation process before these tests run.
 */
export class ConversationProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  private readonly port = Number(process.env['PARLEY_CONVERSATION_PORT'] ?? '50054');

  async start(): Promise<void> {
    this.child = this.spawn([]);
    const child = this.child;
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    // Something else answering on the port (a conversation process left running) must not pass for this one.
    const exitedEarly = this.exited.then((code) => {
      throw new Error(
        `conversation exited with status ${code} before it was ready (port ${this.port} in use?)`,
      );
    });
    await Promise.race([waitServing(this.port, 'the conversation service'), exitedEarly]);
    exitedEarly.catch(() => undefined);
  }

  /** SIGKILL: no shutdown code runs. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }

  /** SIGTERM; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (!this.child) return null;
    this.child.kill('SIGTERM');
    const code = await this.exited;
    this.child = undefined;
    return code;
  }

  /** Runs the documented `rebuild-projection` command to completion; resolves with its exit code and output. */
  rebuild(): Promise<{ code: number | null; output: string }> {
    const child = this.spawn(['rebuild-projection']);
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
  }

  private spawn(args: string[]): ChildProcess {
    const logDir = join(process.env['PARLEY_STATE_DIR'] ?? join(root, 'infra/local/.state'), 'logs');
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(join(logDir, 'conversation-faults.log'), { flags: 'a' });
    const child = spawn(process.execPath, ['--enable-source-maps', join(distDir, 'main.js'), ...args], {
      cwd: distDir,
      env: { ...process.env, PARLEY_SERVICE_NAME: 'conversation' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    return child;
  }
}
