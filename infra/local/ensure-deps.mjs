// Installs npm packages when node_modules is missing or older than package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone. Plain Node (no dependencies): it runs before any exist.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.parley-lock-hash');
const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');

if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash) {
  console.log('▶ installing npm packages');
  // `npm install`, not `npm ci`: these machines' npm config omits registry URLs from the lock file,
  // and with that setting `npm ci` rejects the lock over optional packages for other platforms
  // ("Missing: …@ from lock file"). `npm install` installs the locked versions and leaves the lock as is.
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, createHash('sha256').update(readFileSync(lock)).digest('hex'));
}
