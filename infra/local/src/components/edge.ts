// The edge proxy: Debian's nginx with a config of our own (own prefix, pid, logs and temp dirs under .state),
// routing gRPC calls by protobuf package to the services on loopback. It starts even while services are down.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { join } from 'node:path';
import { Component, daemonStatus, downDaemon, upDaemon } from '../component';
import { aptInstall } from '../prereq';
import { CmdlineMatcher, isRoot, runOrThrow, which, writeIfChanged } from '../process';
import { settings } from '../settings';

const { host, ports } = settings;
const prefix = join(settings.stateDir, 'nginx');
const confFile = join(prefix, 'nginx.conf');
const tempDir = join(prefix, 'tmp');
const templateFile = join(settings.localDir, 'edge', 'nginx.conf.template');
const logFile = join(settings.logDir, 'edge.log');
const errorLog = join(settings.logDir, 'edge-error.log');

const NGINX = '/usr/sbin/nginx';
const matches: CmdlineMatcher = (line) => line.includes(`nginx -c ${confFile} -p ${prefix}/`);

async function nginxBinary(): Promise<string> {
  const found = existsSync(NGINX) ? NGINX : which('nginx');
  if (found) return found;
  // nginx-light is enough (HTTP/2 + gRPC proxy); newer Debian releases only ship the `nginx` package.
  await aptInstall('edge', 'nginx', ['nginx-light', 'nginx']);
  if (!existsSync(NGINX)) throw new Error(`edge: nginx was installed but ${NGINX} is missing`);
  return NGINX;
}

/** Every module that has a temp dir must get one inside .state, else nginx uses /var/lib/nginx. */
function tempPathDirectives(nginx: string): string {
  const configure = execFileSync(nginx, ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const built = (module: string) => !configure.includes(`--without-http_${module}_module`);
  if (!built('grpc')) throw new Error(`edge: ${nginx} was built without the gRPC proxy module`);
  return ['proxy', 'fastcgi', 'uwsgi', 'scgi']
    .filter(built)
    .map((module) => `    ${module}_temp_path ${tempDir}/${module};`)
    .join('\n');
}

function render(nginx: string): string {
  const upstreams = settings.services
    .map(
      (s) =>
        `    upstream ${s.name} {\n        server ${host}:${s.port};\n        keepalive 32;\n` +
        `        keepalive_requests 100000;\n        keepalive_timeout 1h;\n    }\n`,
    )
    .join('');
  // One location per protobuf package: /parley.session.v1. covers every service of that package.
  const locations =
    settings.services
      .map(
        (s) => `        location /${s.grpcPackage}. {\n            grpc_pass grpc://${s.name};\n        }\n`,
      )
      .join('') +
    // Server reflection: every service describes all of Parley's contracts, so any one can answer.
    `        location /grpc.reflection. {\n            grpc_pass grpc://session;\n        }\n`;
  const values: Record<string, string> = {
    PID_FILE: join(prefix, 'nginx.pid'),
    LOG_DIR: settings.logDir,
    TEMP_DIR: tempDir,
    TEMP_PATHS: tempPathDirectives(nginx),
    // As root the master keeps root and workers drop to nobody; otherwise `user` is ignored with a warning.
    USER_DIRECTIVE: isRoot() ? 'user nobody nogroup;' : '',
    UPSTREAMS: upstreams,
    LOCATIONS: locations,
    LISTEN: `${host}:${ports.edge}`,
  };
  return readFileSync(templateFile, 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (all, key: string) => {
    if (!(key in values)) throw new Error(`edge: unknown placeholder ${all} in ${templateFile}`);
    return values[key];
  });
}

/** Ready = nginx answers an HTTP/2 gRPC call to an unrouted path with grpc-status 12 (its own reply). */
function ready(): Promise<boolean> {
  return new Promise((resolveReady) => {
    const session = connect(`http://${host}:${ports.edge}`);
    const finish = (ok: boolean) => {
      session.destroy();
      resolveReady(ok);
    };
    const timer = setTimeout(() => finish(false), 2000);
    session.on('error', () => finish(false));
    const request = session.request({
      ':method': 'POST',
      ':path': '/parley.infra.v1.Probe/Ready',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    request.on('response', (headers) => {
      clearTimeout(timer);
      finish(headers['grpc-status'] === '12');
    });
    request.on('error', () => finish(false));
    request.end();
  });
}

export const edge: Component = {
  name: 'edge',
  address: settings.edgeEndpoint,
  status: () => daemonStatus('edge', matches),
  async up() {
    const nginx = await nginxBinary();
    const args = ['-c', confFile, '-p', `${prefix}/`, '-e', errorLog];
    const conf = render(nginx);
    mkdirSync(tempDir, { recursive: true });
    mkdirSync(settings.logDir, { recursive: true });
    writeIfChanged(confFile, conf);
    const test = () => runOrThrow('edge', nginx, [...args, '-t', '-q']);
    return upDaemon({
      name: 'edge',
      logFile,
      matches,
      ports: [ports.edge],
      config: conf,
      readyWhat: `gRPC over HTTP/2 on ${settings.edgeEndpoint}`,
      ready,
      prepare: async () => void (await test()),
      spawn: () => ({ command: nginx, args }),
      async reload() {
        await test();
        await runOrThrow('edge', nginx, [...args, '-s', 'reload']);
      },
    });
  },
  down: () => downDaemon('edge', matches),
};
