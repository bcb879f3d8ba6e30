import { credentials, Metadata } from '@grpc/grpc-js';
import { HealthCheckResponse_ServingStatus, HealthClient } from '@parley/contracts';
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

/**
 * Where each service's runnable folder is: `npm test` points PARLEY_SERVICES_DIR at the production
 * folders (build output + production dependencies only, as in the container image); otherwise the
 * build output.
 */
export function serviceFolder(name: string): string {
  return join(process.env['PARLEY_SERVICES_DIR'] ?? join(root, 'dist/apps'), name);
}

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
 * A service as the fault tests own it: started from its production folder on the stack's port (so the
 * edge and the SDK reach it as usual), killed, stopped and given commands at the test's will.
 * `npm test` stops the stack's own session, conversation and media processes before these tests run.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  private readonly port: number;
  private readonly distDir: string;

  constructor(
    private readonly name: 'session' | 'conversation' | 'media',
    /** Settings for this test's instance, on top of the stack's environment. */
    private readonly env: Record<string, string> = {},
  ) {
    this.port = Number(process.env[`PARLEY_${name.toUpperCase()}_PORT`]);
    this.distDir = serviceFolder(name);
  }

  async start(): Promise<void> {
    this.child = this.spawn([]);
    const child = this.child;
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    // Something else answering on the port (a conversation process left running) must not pass for this one.
    const exitedEarly = this.exited.then((code) => {
      throw new Error(
        `${this.name} exited with status ${code} before it was ready (port ${this.port} in use?)`,
      );
    });
    await Promise.race([waitServing(this.port, `the ${this.name} service`), exitedEarly]);
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
    const log = createWriteStream(join(logDir, `${this.name}-faults.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['--enable-source-maps', join(this.distDir, 'main.js'), ...args], {
      cwd: this.distDir,
      env: { ...process.env, ...this.env, PARLEY_SERVICE_NAME: this.name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    return child;
  }
}
