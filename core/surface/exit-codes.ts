/**
 * Exit codes: the contract of every surface (the `gantry` CLI, the GitHub Action's step) with the
 * scripts and CI that start it. One table, so `gantry run` and the action end the same way for
 * the same problem; only entry files hand the code to `process.exitCode`.
 */
export const EXIT = {
  /** Everything succeeded (or there was nothing to do). */
  ok: 0,
  /** A task failed. */
  failed: 1,
  /** Invalid batch file, unusable file, or a usage / input error. */
  invalid: 2,
  /** Docker engine problem: not found, refused, permission denied, timed out; or a task's image could not be pulled. */
  engine: 3,
  /** A bug in Gantry: an error that is not a `GantryError`. */
  internal: 70,
  /** Cancelled (SIGINT, SIGTERM, the runner cancelling the job). */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
