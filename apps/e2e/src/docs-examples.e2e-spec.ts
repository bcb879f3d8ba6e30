import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Every TypeScript example in the README and docs/sdk.md is a complete program: this runs each one
// against the stack, as a reader would (tsx, the stack's .env values), after type-checking them all.
const root = join(__dirname, '../../..');
const workDir = join(root, 'tmp/docs-examples');

function examplesOf(doc: string): { name: string; code: string }[] {
  const text = readFileSync(join(root, doc), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({
    name: `${doc.replace(/[/.]/g, '-')}-${i + 1}`,
    code: m[1] ?? '',
  }));
}

function run(command: string, args: string[], ms: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const examples = [...examplesOf('README.md'), ...examplesOf('docs/sdk.md')];

describe('documentation examples', () => {
  jest.setTimeout(120_000);
  beforeAll(() => {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    for (const e of examples) writeFileSync(join(workDir, `${e.name}.ts`), e.code);
    writeFileSync(
      join(workDir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node'] },
        include: ['*.ts'],
        exclude: [], // the base config leaves tmp/ out
      }),
    );
  });

  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
  });

  it('type-checks every example against the SDK as it is', async () => {
    const { code, output } = await run(
      join(root, 'node_modules/.bin/tsc'),
      ['-p', join(workDir, 'tsconfig.json')],
      90_000,
    );
    expect({ code, output }).toEqual({ code: 0, output: '' });
  });

  it.each(examples.map((e) => [e.name]))('runs %s to completion', async (name) => {
    const { code, output } = await run(
      join(root, 'node_modules/.bin/tsx'),
      ['--tsconfig', join(root, 'tsconfig.base.json'), join(workDir, `${name}.ts`)],
      60_000,
    );
    expect({ name, code, output: code === 0 ? '' : output }).toEqual({ name, code: 0, output: '' });
  });
});
