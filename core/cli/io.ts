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
