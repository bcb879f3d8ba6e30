// MinIO (S3 API for media). The community edition is source-only now, so it is built once with `go install`
// into the cache (minutes on a fresh machine) and run in single-drive mode from .state.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Component, daemonStatus, downDaemon, upDaemon } from '../component';
import { requireCommand } from '../prereq';
import { CmdlineMatcher, runOrThrow } from '../process';
import { progress, seconds, ticker } from '../report';
import { settings } from '../settings';

const { host, ports } = settings;
const { version, module } = settings.minio;
const binDir = join(settings.cacheDir, 'minio', version);
const binary = join(binDir, 'minio');
const dataDir = join(settings.stateDir, 'minio', 'data');
const logFile = join(settings.logDir, 'minio.log');
const buildLog = join(settings.logDir, 'minio-build.log');

const matches: CmdlineMatcher = (line) => line.startsWith(`${binary} server ${dataDir} `);

function args(): string[] {
  return [
    'server',
    dataDir,
    '--address',
    `${host}:${ports.minio}`,
    '--console-address',
    `${host}:${ports.minioConsole}`,
    '--quiet',
  ];
}

async function build(): Promise<void> {
  if (existsSync(binary)) return;
  const go = requireCommand('minio', 'go', 'https://go.dev/doc/install, Go 1.24 or newer');
  // go install writes into a scratch GOBIN that is renamed when complete, so a killed build is never reused.
  const partial = `${binDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  mkdirSync(settings.logDir, { recursive: true });
  progress('minio', `building ${module}@${version} with go install (takes minutes; log ${buildLog})`);
  let downloads = 0;
  let last = '';
  const started = Date.now();
  const stop = ticker(10_000, (ms) =>
    progress(
      'minio',
      `building: ${seconds(ms)}, ${downloads} modules downloaded` + (last ? `, last ${last}` : ', compiling'),
    ),
  );
  try {
    await runOrThrow('minio', go, ['install', `${module}@${version}`], {
      // Run outside the repo so no go.mod/go.work of ours interferes.
      cwd: settings.cacheDir,
      env: {
        ...process.env,
        GOBIN: partial,
        GOTOOLCHAIN: 'local',
        CGO_ENABLED: process.env.CGO_ENABLED ?? '0',
      },
      logFile: buildLog,
      onLine: (line) => {
        const match = /^go: downloading (\S+ \S+)/.exec(line);
        if (match) {
          downloads++;
          last = match[1];
        }
      },
    });
  } finally {
    stop();
  }
  rmSync(binDir, { recursive: true, force: true });
  renameSync(partial, binDir);
  progress('minio', `built in ${seconds(Date.now() - started)} (${downloads} modules downloaded)`);
}

async function ready(): Promise<boolean> {
  const response = await fetch(`${settings.minioEndpoint}/minio/health/ready`, {
    signal: AbortSignal.timeout(2000),
  });
  return response.ok;
}

export const minio: Component = {
  name: 'minio',
  address: `${host}:${ports.minio}`,
  status: () => daemonStatus('minio', matches),
  up() {
    const env = {
      ...process.env,
      MINIO_ROOT_USER: settings.minioRootUser,
      MINIO_ROOT_PASSWORD: settings.minioRootPassword,
      MINIO_BROWSER: 'off',
      // No phone-home and no update checks: this runs offline.
      MINIO_UPDATE: 'off',
      MINIO_CALLHOME_ENABLE: 'off',
    };
    return upDaemon({
      name: 'minio',
      logFile,
      matches,
      ports: [ports.minio, ports.minioConsole],
      config: [binary, ...args(), env.MINIO_ROOT_USER, env.MINIO_ROOT_PASSWORD].join('\n'),
      readyWhat: `${settings.minioEndpoint}/minio/health/ready`,
      ready,
      async prepare() {
        await build();
        mkdirSync(dataDir, { recursive: true });
      },
      spawn: () => ({ command: binary, args: args(), env }),
    });
  },
  down: () => downDaemon('minio', matches),
};
