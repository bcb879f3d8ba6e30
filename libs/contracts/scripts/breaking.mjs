// `buf breaking` for proto/: the contracts may only change compatibly (fields never renumbered or
// retyped, nothing removed without `reserved`; FILE rules in proto/buf.yaml). Compared with main
// when run on another branch, else with the previous commit (CI runs on a fresh clone of main,
// where comparing main with itself would prove nothing). Plain Node: buf comes from node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
const exists = (ref) =>
  spawnSync('git', ['rev-parse', '--verify', '--quiet', ref], { cwd: root }).status === 0;

const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
const against = branch !== 'main' && exists('main') ? 'main' : exists('HEAD~1') ? 'HEAD~1' : undefined;
if (!against) {
  console.log(
    'buf breaking: no earlier commit to compare with (a shallow clone of one commit): nothing to check',
  );
  process.exit(0);
}
const commit = git('rev-parse', against);
console.log(`buf breaking: proto/ against ${against} (${commit.slice(0, 12)})`);
try {
  execFileSync(
    join(root, 'node_modules/.bin/buf'),
    ['breaking', '--against', `${join(root, '.git')}#ref=${commit},subdir=proto`],
    { cwd: join(root, 'proto'), stdio: 'inherit' },
  );
} catch {
  console.error(
    'buf breaking: the contracts changed incompatibly (see above); add a new field or version instead',
  );
  process.exit(1);
}
