// Where the CLI's settings come from: flags, the environment, the local stack's .env.local, and the
// small JSON file `parley login` writes (the remembered user).
import { DEFAULT_ENDPOINT } from '@parley/sdk';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { CliError, EXIT_USAGE } from './errors';

/** The repository root: `npm start` writes .env.local there. */
export const REPO_ROOT = resolve(__dirname, '../../..');

/** What `parley login` remembers. */
export interface CliConfig {
  userID?: string;
}

type Env = Record<string, string | undefined>;

/** The folder of cli.json: PARLEY_CLI_HOME, else ~/.config/parley. */
export function cliHome(env: Env = process.env): string {
  const home = env['PARLEY_CLI_HOME'];
  return home ? resolve(home) : join(homedir(), '.config', 'parley');
}

export function configPath(env: Env = process.env): string {
  return join(cliHome(env), 'cli.json');
}

/** The remembered settings; {} when the file does not exist. A file that is not JSON is an error. */
export async function readConfig(env: Env = process.env): Promise<CliConfig> {
  const path = configPath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not valid JSON: fix or delete it, then run parley login again`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CliError(`${path} must hold a JSON object: fix or delete it, then run parley login again`);
  const userID = (parsed as Record<string, unknown>)['userID'];
  return typeof userID === 'string' && userID !== '' ? { userID } : {};
}

/** Writes the settings through a temporary file, so a reader never sees half a file. */
export async function writeConfig(config: CliConfig, env: Env = process.env): Promise<string> {
  const path = configPath(env);
  await mkdir(cliHome(env), { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, path);
  return path;
}

/** The local stack's settings file, parsed; {} when it does not exist. */
export function readEnvFile(path: string = join(REPO_ROOT, '.env.local')): Env {
  if (!existsSync(path)) return {};
  try {
    return parseEnv(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}

/** Flags every command accepts (program-level). */
export interface ConnectionFlags {
  endpoint?: string;
  appId?: string;
  appSecret?: string;
}

/** Where Parley is and which app the CLI acts for. */
export interface Connection {
  endpoint: string;
  appID: string;
  appSecret: string;
}

const ENV_KEYS = ['PARLEY_ENDPOINT', 'PARLEY_DEV_APP_ID', 'PARLEY_DEV_APP_SECRET'] as const;

/**
 * Flags first, then the environment, then .env.local (read only for variables the environment
 * lacks), then the SDK's default endpoint. Without an app ID or secret, a usage error that says how to get one.
 */
export function resolveConnection(
  flags: ConnectionFlags,
  env: Env = process.env,
  envFile: () => Env = () => readEnvFile(),
): Connection {
  const fromEnv: Env = {};
  const missing = ENV_KEYS.filter((key) => !env[key]);
  const file = missing.length > 0 ? envFile() : {};
  for (const key of ENV_KEYS) fromEnv[key] = env[key] || file[key] || undefined;

  const appID = flags.appId ?? fromEnv['PARLEY_DEV_APP_ID'];
  const appSecret = flags.appSecret ?? fromEnv['PARLEY_DEV_APP_SECRET'];
  const hint = 'run npm start (it writes .env.local at the repository root)';
  if (!appID) throw new CliError(`no app ID: pass --app-id, set PARLEY_DEV_APP_ID, or ${hint}`, EXIT_USAGE);
  if (!appSecret)
    throw new CliError(`no app secret: pass --app-secret, set PARLEY_DEV_APP_SECRET, or ${hint}`, EXIT_USAGE);
  return { endpoint: flags.endpoint ?? fromEnv['PARLEY_ENDPOINT'] ?? DEFAULT_ENDPOINT, appID, appSecret };
}

/** --user, else the user `parley login` remembered. */
export async function resolveUser(flag: string | undefined, env: Env = process.env): Promise<string> {
  if (flag) return flag;
  const { userID } = await readConfig(env);
  if (userID) return userID;
  throw new CliError('no user: run `parley login <userID>` first, or pass --user <id>', EXIT_USAGE);
}

/**
 * A path the user typed, made absolute. `npm run parley` runs in the repository root, so relative
 * paths are taken from where npm was started (INIT_CWD) in that case.
 */
export function userPath(path: string, env: Env = process.env): string {
  if (isAbsolute(path)) return path;
  const base = env['npm_lifecycle_event'] === 'parley' && env['INIT_CWD'] ? env['INIT_CWD'] : process.cwd();
  return resolve(base, path);
}
