import { ZIMError } from '@parley/sdk';

/** A failed command (a ZIMError, a missing message, a file that cannot be written). */
export const EXIT_FAILURE = 1;
/** Bad arguments or missing settings: the command never ran. */
export const EXIT_USAGE = 2;

/** An error of the CLI itself, with the exit code it ends the process with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** How an error is printed: `error <code>: <message>` for a ZIMError, `error: <message>` otherwise. */
export function errorLine(err: unknown): string {
  if (err instanceof ZIMError) return `error ${err.code}: ${err.message}`;
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

/** The --json form of an error; code is the ZIM error code (absent for errors of the CLI itself). */
export function errorJSON(err: unknown): { error: { code?: number; message: string } } {
  if (err instanceof ZIMError) return { error: { code: err.code, message: err.message } };
  return { error: { message: err instanceof Error ? err.message : String(err) } };
}

export function exitCodeOf(err: unknown): number {
  return err instanceof CliError ? err.exitCode : EXIT_FAILURE;
}
