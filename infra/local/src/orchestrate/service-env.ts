// The environment every Parley service (and the e2e tests) run with against the local stack, and
// the development app credentials. Written to .env.local, which Nx loads for `npx nx serve <app>`.
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../settings';

export const SERVICE_DATABASES = {
  session: 'parley_session',
  messaging: 'parley_messaging',
  conversation: 'parley_conversation',
  media: 'parley_media',
} as const;

interface DevCredentials {
  appID: string;
  appSecret: string;
  sessionSecret: string;
}

/** Generated once per machine and kept in the state folder, so tokens stay valid across restarts. */
export function devCredentials(settings: Settings): DevCredentials {
  const file = join(settings.stateDir, 'dev-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevCredentials;
  const credentials: DevCredentials = {
    appID: String(randomInt(100_000_000, 999_999_999)),
    appSecret: randomBytes(24).toString('hex'),
    sessionSecret: randomBytes(32).toString('hex'),
  };
  mkdirSync(settings.stateDir, { recursive: true });
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return credentials;
}

export function serviceEnv(settings: Settings): Record<string, string> {
  const c = devCredentials(settings);
  const p = settings.ports;
  return {
    PARLEY_ENDPOINT: settings.edgeEndpoint,
    PARLEY_DEV_APP_ID: c.appID,
    PARLEY_DEV_APP_SECRET: c.appSecret,
    PARLEY_APPS: `${c.appID}:${c.appSecret}`,
    PARLEY_SESSION_SECRET: c.sessionSecret,
    KAFKA_BROKERS: settings.kafkaBrokers.join(','),
    SESSION_DATABASE_URL: settings.postgresUrl(SERVICE_DATABASES.session),
    MESSAGING_DATABASE_URL: settings.postgresUrl(SERVICE_DATABASES.messaging),
    CONVERSATION_DATABASE_URL: settings.postgresUrl(SERVICE_DATABASES.conversation),
    MEDIA_DATABASE_URL: settings.postgresUrl(SERVICE_DATABASES.media),
    MEDIA_S3_ENDPOINT: settings.minioEndpoint,
    MEDIA_S3_ACCESS_KEY: settings.minioRootUser,
    MEDIA_S3_SECRET_KEY: settings.minioRootPassword,
    MEDIA_S3_BUCKET: settings.mediaBucket,
    PARLEY_SESSION_PORT: String(p.session),
    PARLEY_MESSAGING_PORT: String(p.messaging),
    PARLEY_MEDIA_PORT: String(p.media),
    PARLEY_CONVERSATION_PORT: String(p.conversation),
    PARLEY_SESSION_METRICS_PORT: String(p.sessionMetrics),
    PARLEY_MESSAGING_METRICS_PORT: String(p.messagingMetrics),
    PARLEY_MEDIA_METRICS_PORT: String(p.mediaMetrics),
    PARLEY_CONVERSATION_METRICS_PORT: String(p.conversationMetrics),
  };
}

/** .env.local at the workspace root: the endpoint and dev credentials for people, the rest for `nx serve`. */
export function writeEnvLocal(settings: Settings, env: Record<string, string>): string {
  const file = join(settings.rootDir, '.env.local');
  const lines = [
    '# Written by `npm start` / infra/local. Not committed. Development credentials for the local stack only.',
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
  ];
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  return file;
}
