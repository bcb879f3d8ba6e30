import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cliHome,
  configPath,
  readConfig,
  readEnvFile,
  resolveConnection,
  resolveUser,
  userPath,
  writeConfig,
} from './config';
import { CliError } from './errors';

describe('cli.json', () => {
  let home: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'parley-cli-'));
    env = { PARLEY_CLI_HOME: join(home, 'nested', 'dir') };
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('lives in PARLEY_CLI_HOME, else ~/.config/parley', () => {
    expect(configPath(env)).toBe(join(home, 'nested', 'dir', 'cli.json'));
    expect(cliHome({})).toMatch(/[/\\]\.config[/\\]parley$/);
  });

  it('is {} before parley login, and remembers the user after', async () => {
    expect(await readConfig(env)).toEqual({});
    const path = await writeConfig({ userID: 'alice' }, env);
    expect(path).toBe(configPath(env));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ userID: 'alice' });
    expect(await readConfig(env)).toEqual({ userID: 'alice' });
    expect((await stat(path)).mode & 0o077).toBe(0);
    await writeConfig({ userID: 'bob' }, env);
    expect(await readConfig(env)).toEqual({ userID: 'bob' });
  });

  it('says how to fix a file that is not a JSON object', async () => {
    await writeConfig({}, env);
    await writeFile(configPath(env), '{ nope');
    await expect(readConfig(env)).rejects.toThrow(/not valid JSON/);
    await writeFile(configPath(env), '[1]');
    await expect(readConfig(env)).rejects.toThrow(/JSON object/);
  });

  it('resolves the user from --user, else from the file, else a usage error', async () => {
    await expect(resolveUser(undefined, env)).rejects.toMatchObject({ exitCode: 2 });
    await expect(resolveUser(undefined, env)).rejects.toThrow(/parley login/);
    await writeConfig({ userID: 'alice' }, env);
    expect(await resolveUser(undefined, env)).toBe('alice');
    expect(await resolveUser('carol', env)).toBe('carol');
  });
});

describe('connection settings', () => {
  const file = {
    PARLEY_ENDPOINT: 'file:1',
    PARLEY_DEV_APP_ID: 'file-app',
    PARLEY_DEV_APP_SECRET: 'file-secret',
  };

  it('takes flags over the environment over .env.local', () => {
    const env = { PARLEY_ENDPOINT: 'env:1', PARLEY_DEV_APP_ID: 'env-app' };
    expect(resolveConnection({}, env, () => file)).toEqual({
      endpoint: 'env:1',
      appID: 'env-app',
      appSecret: 'file-secret',
    });
    expect(resolveConnection({ endpoint: 'flag:1', appId: 'a', appSecret: 's' }, env, () => file)).toEqual({
      endpoint: 'flag:1',
      appID: 'a',
      appSecret: 's',
    });
  });

  it('reads .env.local only when a variable is missing', () => {
    const full = { PARLEY_ENDPOINT: 'e:1', PARLEY_DEV_APP_ID: 'a', PARLEY_DEV_APP_SECRET: 's' };
    const envFile = jest.fn(() => file);
    resolveConnection({}, full, envFile);
    expect(envFile).not.toHaveBeenCalled();
  });

  it("defaults the endpoint to the SDK's", () => {
    expect(resolveConnection({ appId: 'a', appSecret: 's' }, {}, () => ({})).endpoint).toBe(
      '127.0.0.1:15050',
    );
  });

  it('is a usage error without an app ID or secret, saying where they come from', () => {
    const attempt = (env: Record<string, string>) => () => resolveConnection({}, env, () => ({}));
    expect(attempt({})).toThrow(/PARLEY_DEV_APP_ID.*npm start/);
    expect(attempt({ PARLEY_DEV_APP_ID: 'a' })).toThrow(/PARLEY_DEV_APP_SECRET/);
    try {
      attempt({})();
    } catch (err) {
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(2);
    }
  });

  it('parses an env file and treats a missing one as empty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-env-'));
    try {
      const path = join(dir, '.env.local');
      await writeFile(path, '# comment\nPARLEY_DEV_APP_ID=123\nPARLEY_DEV_APP_SECRET="s e c"\n');
      expect(readEnvFile(path)).toMatchObject({ PARLEY_DEV_APP_ID: '123', PARLEY_DEV_APP_SECRET: 's e c' });
      expect(readEnvFile(join(dir, 'missing'))).toEqual({});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('paths the user types', () => {
  it('are taken from where npm was started under npm run parley, else from the working directory', () => {
    expect(userPath('/abs/file.png', {})).toBe('/abs/file.png');
    expect(userPath('f.png', { npm_lifecycle_event: 'parley', INIT_CWD: '/home/me' })).toBe('/home/me/f.png');
    expect(userPath('f.png', { INIT_CWD: '/home/me' })).toBe(join(process.cwd(), 'f.png'));
  });
});
