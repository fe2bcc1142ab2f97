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
}

/** Exit codes: the CLI's contract with scripts and CI. */
export const EXIT = {
  ok: 0,
  /** A task failed (run). */
  failed: 1,
  /** Invalid batch file or usage error. */
  invalid: 2,
  /** Docker engine problem. */
  engine: 3,
  cancelled: 130,
} as const;

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
