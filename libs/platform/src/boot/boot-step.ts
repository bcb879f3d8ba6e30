import { BootError } from '../config/load-config';

/** Runs one boot step, turning any failure into a BootError with a one-line reason. */
export async function bootStep<T>(what: string, step: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([step(), timeout]);
  } catch (err) {
    throw new BootError(`${what}: ${oneLine(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Libraries (Prisma among them) put line breaks in their messages; a boot failure must stay one line. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' ');
}
