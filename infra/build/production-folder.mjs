#!/usr/bin/env node
// Turns a service's build output (dist/apps/<service>, from `nx run <service>:build`) into the folder
// its container image ships: the bundle, the generated Prisma client and migrations, and only the
// production dependencies listed in the generated package.json. The Dockerfile runs exactly this,
// and CI runs it too (there is no Docker engine there) and starts the services from the result, so
// a dependency missing from the generated package.json fails CI instead of a deployment.
//
//   node infra/build/production-folder.mjs <service> <out-dir>
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVICES = ['session', 'messaging', 'media', 'conversation'];
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function productionFolder(service, outDir, { quiet = false } = {}) {
  if (!SERVICES.includes(service))
    throw new Error(`unknown service "${service}" (one of ${SERVICES.join(', ')})`);
  const built = join(root, 'dist/apps', service);
  if (!existsSync(join(built, 'main.js')) || !existsSync(join(built, 'package.json')))
    throw new Error(`${built} has no build: run npx nx run ${service}:build first`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  cpSync(built, outDir, { recursive: true });
  // `npm install` rather than `npm ci`: npm on these machines writes lock files without resolved URLs,
  // which `npm ci` refuses; the generated package.json pins exact versions either way.
  execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error', '--no-save'], {
    cwd: outDir,
    stdio: quiet ? 'ignore' : 'inherit',
  });
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [service, out] = process.argv.slice(2);
  if (!service || !out) {
    process.stderr.write('usage: node infra/build/production-folder.mjs <service> <out-dir>\n');
    process.exit(2);
  }
  try {
    productionFolder(service, resolve(out));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
