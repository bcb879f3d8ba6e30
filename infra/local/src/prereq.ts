// Prerequisites: programs that must be on the machine (java, mvn, go) and Debian packages that infra/local may
// install itself when it runs as root (postgresql, nginx). Missing ones end in a one-line error saying what to do.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isRoot, run, which } from './process';
import { failure, detail, progress, seconds, ticker } from './report';
import { settings } from './settings';

/** Path of `command` on PATH, or a one-line error naming the package that provides it. */
export function requireCommand(component: string, command: string, install: string): string {
  const path = which(command);
  if (!path) throw new Error(`${component}: '${command}' not found on PATH; install it first (${install})`);
  return path;
}

/** Kafka 4 brokers need Java 17 or newer; an older java fails later with a confusing class-version error. */
export async function requireJava(component: string, minimumMajor: number): Promise<string> {
  const java = requireCommand(component, 'java', `apt-get install -y openjdk-17-jre-headless`);
  const { output } = await run(java, ['-version']);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!(major >= minimumMajor)) {
    throw new Error(
      `${component}: needs Java ${minimumMajor}+, but '${java} -version' says: ${output.split('\n')[0]}`,
    );
  }
  return java;
}

// apt and dpkg take a global lock: installs requested by components starting in parallel run one at a time.
let aptQueue: Promise<unknown> = Promise.resolve();
let aptUpdated = false;

/**
 * Installs the first installable package of `candidates` (e.g. nginx-light, else nginx) when running as root;
 * otherwise throws with the command to run.
 */
export function aptInstall(component: string, what: string, candidates: string[]): Promise<void> {
  if (!isRoot()) {
    return Promise.reject(
      new Error(`${component}: ${what} is not installed; run: sudo apt-get install -y ${candidates[0]}`),
    );
  }
  const job = aptQueue.then(() => aptInstallNow(component, candidates));
  aptQueue = job.catch(() => undefined);
  return job;
}

async function aptInstallNow(component: string, candidates: string[]): Promise<void> {
  mkdirSync(settings.logDir, { recursive: true });
  const logFile = join(settings.logDir, 'apt.log');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const started = Date.now();
  const stop = ticker(10_000, (ms) =>
    progress(component, `apt-get still running (${seconds(ms)}, log ${logFile})`),
  );
  try {
    if (!aptUpdated) {
      progress(component, `apt-get update (log ${logFile})`);
      const update = await run('apt-get', ['update'], { env, logFile });
      if (update.code !== 0) throw aptError(component, 'apt-get update', update.output, logFile);
      aptUpdated = true;
    }
    let lastOutput = '';
    for (const pkg of candidates) {
      progress(component, `apt-get install -y ${pkg} (log ${logFile})`);
      const install = await run('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
        env,
        logFile,
      });
      if (install.code === 0) {
        progress(component, `installed ${pkg} in ${seconds(Date.now() - started)}`);
        return;
      }
      lastOutput = install.output;
    }
    throw aptError(component, `apt-get install ${candidates.join(' | ')}`, lastOutput, logFile);
  } finally {
    stop();
  }
}

function aptError(component: string, command: string, output: string, logFile: string): Error {
  failure(component, `output of ${command}:`);
  detail(output.trimEnd().split('\n').slice(-20));
  return new Error(`${component}: ${command} failed; see ${logFile}`);
}
