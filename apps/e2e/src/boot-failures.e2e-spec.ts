import { spawn } from 'node:child_process';
import { join } from 'node:path';

// Starts a service from its build output (as deployed) with bad settings and reads how it fails.
const root = join(__dirname, '../../..');

function boot(
  service: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist/apps', service, 'main.js')], {
      cwd: join(root, 'dist/apps', service),
      // Only what is given: nothing inherited from the running stack's environment.
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${service} was still running after 45 s instead of failing at boot`));
    }, 45_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    });
  });
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim().length > 0);

describe('a service with bad configuration stops at boot with one line saying why', () => {
  jest.setTimeout(60_000);

  it('names every missing variable', async () => {
    const { code, stderr } = await boot('messaging', {});
    expect(code).toBe(1);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/PARLEY_MESSAGING_PORT/);
    expect(stderr).toMatch(/MESSAGING_DATABASE_URL/);
    expect(stderr).toMatch(/KAFKA_BROKERS/);
    expect(stderr).toMatch(/PARLEY_SESSION_SECRET/);
  });

  it('reports an unreachable Kafka', async () => {
    const { code, stderr } = await boot('conversation', {
      PARLEY_CONVERSATION_PORT: '50199',
      // The real database (it is checked first), and a Kafka nobody listens on.
      CONVERSATION_DATABASE_URL: process.env['CONVERSATION_DATABASE_URL'] ?? '',
      PARLEY_SESSION_SECRET: 'boot-failure-test-secret-of-32-characters',
      KAFKA_BROKERS: '127.0.0.1:1',
    });
    expect(code).toBe(1);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/cannot reach Kafka at 127\.0\.0\.1:1/);
  });

  it('reports an unreachable database', async () => {
    const { code, stderr } = await boot('session', {
      PARLEY_SESSION_PORT: '50198',
      SESSION_DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/parley_session',
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092',
      PARLEY_SESSION_SECRET: 'x'.repeat(32),
      PARLEY_APPS: '1:0123456789abcdef',
    });
    expect(code).toBe(1);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/cannot reach Postgres/);
  });
});
