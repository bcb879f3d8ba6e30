// The local infrastructure as a whole: what the CLI and the start/test orchestrator call.
// Components are independent of each other, so they start and stop in parallel.
import { mkdirSync } from 'node:fs';
import { Component, ComponentName } from './component';
import { edge } from './components/edge';
import { kafka } from './components/kafka';
import { minio } from './components/minio';
import { postgres } from './components/postgres';
import { failure, seconds, skipped, success } from './report';
import { settings } from './settings';

export type { ComponentName } from './component';
export { ensureDatabases } from './components/postgres';

export interface UpResult {
  started: ComponentName[];
  reused: ComponentName[];
}

const ALL: Component[] = [postgres, kafka, minio, edge];
export const componentNames: ComponentName[] = ALL.map((c) => c.name);

function select(only?: ComponentName[]): Component[] {
  if (!only || only.length === 0) return ALL;
  for (const name of only) {
    if (!componentNames.includes(name)) {
      throw new Error(`unknown component '${name}' (known: ${componentNames.join(', ')})`);
    }
  }
  return ALL.filter((c) => only.includes(c.name));
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** After every component had its chance: one ✖ line per failure, then one error summarising them all. */
function throwIfFailed(
  verb: string,
  outcomes: Array<PromiseSettledResult<unknown>>,
  components: Component[],
): void {
  const failed = outcomes.flatMap((o, i) =>
    o.status === 'rejected'
      ? [`${components[i].name}: ${errorMessage(o.reason).replace(`${components[i].name}: `, '')}`]
      : [],
  );
  if (failed.length === 0) return;
  for (const message of failed)
    failure(message.slice(0, message.indexOf(':')), message.slice(message.indexOf(':') + 2));
  throw new Error(`infra ${verb} failed: ${failed.join('; ')}`);
}

export async function upInfra(opts?: { only?: ComponentName[] }): Promise<UpResult> {
  const components = select(opts?.only);
  mkdirSync(settings.logDir, { recursive: true });
  mkdirSync(settings.runDir, { recursive: true });
  const result: UpResult = { started: [], reused: [] };
  const outcomes = await Promise.allSettled(
    components.map(async (component) => {
      const began = Date.now();
      const outcome = await component.up();
      result[outcome.action].push(component.name);
      const note = outcome.note ? `, ${outcome.note}` : '';
      const timing = outcome.action === 'started' ? `, ${seconds(Date.now() - began)}` : '';
      success(component.name, `${component.address.padEnd(16)} (${outcome.action}${note}${timing})`);
    }),
  );
  throwIfFailed('up', outcomes, components);
  return result;
}

export async function downInfra(opts?: { only?: ComponentName[] }): Promise<void> {
  const components = select(opts?.only);
  const outcomes = await Promise.allSettled(
    components.map(async (component) => {
      const began = Date.now();
      const outcome = await component.down();
      const note = outcome.note ? `, ${outcome.note}` : '';
      if (outcome.action === 'not running') skipped(component.name, `not running${note}`);
      else success(component.name, `${outcome.action} (${seconds(Date.now() - began)}${note})`);
    }),
  );
  throwIfFailed('down', outcomes, components);
}

export async function infraStatus(): Promise<
  Array<{ name: ComponentName; running: boolean; pid?: number; address: string }>
> {
  return ALL.map((component) => ({
    name: component.name,
    ...component.status(),
    address: component.address,
  }));
}
