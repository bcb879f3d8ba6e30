// Generates libs/contracts/src/generated from proto/ with buf + ts-proto.
// With --check, generates into a temporary folder and fails if the committed code differs.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const committed = join(root, 'libs/contracts/src/generated');
const buf = join(root, 'node_modules/.bin/buf');
const check = process.argv.includes('--check');

function listFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => relative(dir, f))
    .sort();
}

const scratch = mkdtempSync(join(tmpdir(), 'parley-proto-'));
try {
  // buf writes relative to buf.gen.yaml's `out`; copy the module to keep that path inside scratch.
  const work = join(scratch, 'proto');
  cpSync(join(root, 'proto'), work, { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
  execFileSync(buf, ['generate'], { cwd: work, stdio: ['ignore', 'inherit', 'inherit'] });
  const fresh = join(scratch, 'libs/contracts/src/generated');

  if (!check) {
    rmSync(committed, { recursive: true, force: true });
    cpSync(fresh, committed, { recursive: true });
    console.log(`generated ${listFiles(committed).length} files into libs/contracts/src/generated`);
  } else {
    const a = listFiles(committed);
    const b = listFiles(fresh);
    const stale = [...new Set([...a, ...b])].filter(
      (f) =>
        !a.includes(f) ||
        !b.includes(f) ||
        !readFileSync(join(committed, f)).equals(readFileSync(join(fresh, f))),
    );
    if (stale.length > 0) {
      console.error(
        `generated protobuf code is stale (${stale.join(', ')}): run \`npx nx run contracts:generate\` and commit`,
      );
      process.exit(1);
    }
    console.log('generated protobuf code is up to date');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
