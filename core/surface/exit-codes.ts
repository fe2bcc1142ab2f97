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

/** The statuses that make a unit a failure (unless `allow-failure`). */
export const FAILED_STATUSES: ReadonlySet<string> = new Set(['failed', 'oom', 'timeout', 'killed']);

/** What a run's units say, the least every surface reads of its report. */
interface RunOutcomeView {
  result: 'success' | 'failure' | 'cancelled' | 'running';
  units: readonly {
    id: string;
    status: string;
    allowFailure: boolean;
    attempts: readonly { outcome?: { cause?: string } }[];
  }[];
}

/**
 * The units that failed the run, tasks and services alike, in graph order: a service that never
 * became healthy is the failure, its dependents are only skipped. Allowed failures are left out.
 */
export function failedUnits(doc: RunOutcomeView): string[] {
  return doc.units.filter((u) => FAILED_STATUSES.has(u.status) && !u.allowFailure).map((u) => u.id);
}

/**
 * The exit code of a run that ended: 0, 130 when cancelled, 3 when a unit failed because its image
 * could not be had (the registry refused it, was down, or has no such image), else 1 — the same
 * for `gantry run` and the action.
 */
export function runExitCode(doc: RunOutcomeView): ExitCode {
  if (doc.result === 'success') return EXIT.ok;
  if (doc.result === 'cancelled') return EXIT.cancelled;
  const imageUnavailable = doc.units.some((u) => FAILED_STATUSES.has(u.status) && u.attempts.at(-1)?.outcome?.cause === 'image-unavailable');
  return imageUnavailable ? EXIT.engine : EXIT.failed;
}
