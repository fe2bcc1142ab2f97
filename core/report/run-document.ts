/**
 * The run report as a document: what `.gantry/runs/<run-id>/report.json` holds, and what every
 * renderer (report.md, report.html, the GitHub Action's job summary) reads. Plain JSON data, so a
 * report written by one Gantry version — or left half-written by a crashed run — renders the same.
 *
 * Times are milliseconds relative to the run's start (`startedAt`), sizes are bytes, cpus are plain
 * numbers. A document with `complete: false` is a partial report: the run was still going (or
 * crashed); units then carry `pending` / `running` states that a finished report never has.
 */
import type { AttemptOutcome, ResourceUsage, RunOutcome, UnitStatus } from '../executor';
import type { Capacity } from '../model';

/** Bumped when a field changes meaning; readers refuse a newer major. */
export const RUN_DOCUMENT_VERSION = 1;

export type LiveStatus = 'pending' | 'ready' | 'running' | 'retrying';

export interface AttemptDocument {
  number: number;
  start: number;
  /** Missing while the attempt runs. */
  end?: number;
  /** Memory limit of this try (bytes). */
  memory: number;
  outcome?: AttemptOutcome;
  /** The attempt's full log, relative to the run folder (`logs/build.1.log`); missing when none was written. */
  log?: string;
  /** The last lines of that log, for reports that cannot link to files. */
  logTail?: string[];
}

export interface UnitDocument {
  id: string;
  /** `build`: an image built in the run (`build:NAME`, core/build-units.ts); its attempt's log is the build's. */
  kind: 'task' | 'service' | 'build';
  /** The task or service name it comes from (`test` for `test[shard=1]`; a build's id). */
  name: string;
  status: UnitStatus | LiveStatus;
  reason?: string;
  needs: string[];
  cpus: number;
  memory: number;
  /** Planning estimate (ms). */
  estimate: number;
  /** False when the file gave no `estimate:` and no earlier run did (then `estimate` is the default). Missing in older documents. */
  estimated?: boolean;
  /** What the prediction took this unit to need, and where that came from. Missing in older documents. */
  predicted?: PredictedDocument;
  start?: number;
  end?: number;
  /** The node it ran on (its last attempt's; `RunDocument.nodes` names it), on an engine of several nodes. */
  node?: string;
  /** Services: when it passed its health check. */
  healthy?: number;
  /** Services: the service's full log, relative to the run folder (`logs/db.service.log`); missing when none was written. */
  log?: string;
  /**
   * Services: the last lines of that log (at most 40, as written, not yet sanitised: renderers
   * escape them), so a report can show why a service never became healthy. Missing in older documents.
   */
  logTail?: string[];
  /**
   * Services: what it used while it ran (several runs of a service stopped and started again are
   * merged). Tasks carry theirs per attempt. Missing in older documents and when not measured.
   */
  usage?: ResourceUsage;
  allowFailure: boolean;
  attempts: AttemptDocument[];
  /**
   * `gantry run --resume`: the unit was not run; it succeeded in this earlier run (the one
   * resumed, or the one that run took it from) and is taken as done. Shown as `succeeded (from RUN)`.
   */
  resumedFrom?: string;
  /** With `resumedFrom`, a task's outputs as they were handed on to its dependents. */
  outputs?: Record<string, string>;
  /**
   * The task cache: the task was not run; an earlier success with the same inputs in this run
   * gave its outputs (its attempt's `outcome.cached`). Shown as `cached (from RUN)`.
   */
  cachedFrom?: string;
}

/** A volume left on the engine for `gantry run --resume`. */
export interface KeptVolume {
  /** The engine's name of the volume (`gantry-<run>-<name>`). */
  volume: string;
  /** The run it is labelled with (the one that made it): `gantry cleanup` removes it with that run. */
  run: string;
}

export interface PredictedDocument {
  /**
   * ms: a task's or build's attempt (its estimate plus the engine's start cost); a service's time
   * from its start to healthy.
   */
  duration: number;
  /** `history` (earlier runs), `estimate` (the file's `estimate:`), `default`. */
  source: 'history' | 'estimate' | 'default';
  /** For people: `4.2s, median of 7 runs`, `estimate: 2m`, `default`. */
  text: string;
  /** With `history`: how many successful attempts it came from. */
  runs?: number;
}

export interface PredictionDocument {
  /** `gantry plan`'s simulated makespan for the same graph and capacity (ms). */
  makespan: number;
  lowerBound: number;
  criticalPath: string[];
}

/** A node of the engine, as the run saw it. */
export interface NodeDocument {
  id: string;
  /** For people: its host name. */
  name: string;
  cpus: number;
  /** Bytes. */
  memory: number;
  /** The node whose engine Gantry talked to (volumes and built images live there). */
  home?: boolean;
}

export interface RunDocument {
  gantry: typeof RUN_DOCUMENT_VERSION;
  /** False until the run has ended and the final document is written. */
  complete: boolean;
  runId: string;
  instance: string;
  /** The batch file, as given. */
  file: string;
  /** The file's `name:`, if any. */
  name?: string;
  /** ISO 8601 wall-clock time of the run's start; all other times are ms after it. */
  startedAt: string;
  /** Wall-clock time of the last update. */
  updatedAt: string;
  capacity: Capacity;
  /** The engine it ran on (`docker`, `swarm`). Missing in older documents. */
  engine?: string;
  /** The nodes it was packed onto, when the engine has more than one (a swarm). */
  nodes?: NodeDocument[];
  /** `--only` selection, when one was given. */
  only?: string[];
  prediction?: PredictionDocument;
  /** `running` until the run ends. */
  result: RunOutcome | 'running';
  /** ms from the first start to the last end (so far). */
  makespan: number;
  /** Every unit of the graph run, in graph order. */
  units: UnitDocument[];
  /** The path of units that decided the makespan, in order (computed from what happened). */
  criticalPath?: string[];
  /** Why the run stopped early, when it did ("cancelled by SIGINT", an engine error, …). */
  error?: string;
  /**
   * The secrets the run's units list (`secrets:`), by name — never a value: those passed, and
   * those withheld (the `strict` policy passes none) with why. Missing when no unit lists one.
   */
  secrets?: SecretsDocument;
  /** `sha256:<hex>` of the batch file's text, as run: `--resume` refuses a changed file. Missing in older documents. */
  fileHash?: string;
  /** `gantry run --resume`: the run this one resumed (its successes taken over). */
  resumedFrom?: string;
  /**
   * The file's volumes (by name) this run left on the engine for `gantry run --resume`, because a
   * unit failed: those the units to run again mount. Removed by `gantry cleanup`, by the next run
   * of the same folder (not a resume of this run) and by the resumed run when it needs them no more.
   */
  keptVolumes?: Record<string, KeptVolume>;
}

export interface SecretsDocument {
  passed: string[];
  withheld: string[];
  /** Why `withheld` were not passed. */
  why?: string;
}
