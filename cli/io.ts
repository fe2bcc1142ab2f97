import type { Classified } from '../core/surface/classify';
import { EXIT } from '../core/surface/exit-codes';

/**
 * What a CLI command may touch of the outside world, passed in so commands stay testable
 * in-process (tests hand in buffers; the entry hands in the real process).
 */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM/SIGHUP (first signal); commands that run work must stop cleanly. */
  signal: AbortSignal;
  /** Aborted on the second signal: a cancelled run stops at once (no grace), still cleaning up. */
  force?: AbortSignal;
}

/** Exit codes: the CLI's contract with scripts and CI — the table every surface shares. */
export { EXIT } from '../core/surface/exit-codes';

/** A command: parses its own arguments, does its work, returns the exit code. */
export type Command = {
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
};

/**
 * The line a command prints for an engine problem (exit 3) or a cancel while waiting for the
 * engine: one line, the hint on it too, never a stack trace.
 */
export function engineErrorLine(error: { message: string; hint?: string }): string {
  const text = `${error.message}${error.hint ? ` ${error.hint}` : ''}`.replace(/\s+/g, ' ').trim();
  return `gantry: error: ${text}\n`;
}

/**
 * What a command prints for a classified failure (`core/surface/classify.ts`), on stderr: an engine
 * problem on one line with its hint (`engineErrorLine`), a cancel as `gantry: cancelled …`, a bug
 * as `gantry: internal error: <stack>`, any other error as `gantry: error: …` with the hint on a line of its own.
 */
export function failureLines(failure: Classified): string {
  if (failure.exitCode === EXIT.cancelled || failure.exitCode === EXIT.internal) return `gantry: ${failure.line}\n`;
  if (failure.exitCode === EXIT.engine) return engineErrorLine({ message: failure.line, hint: failure.hint });
  return `gantry: error: ${failure.line}${failure.hint ? `\n  hint: ${failure.hint}` : ''}\n`;
}
