/**
 * `runBatch`: run a validated batch file on the Docker engine, end to end. The one function both
 * `gantry run` and the GitHub Action call, so they behave identically; they differ only in how they
 * show the hooks' output.
 *
 * Flow: connect to the engine → remove leftovers of earlier runs of the same instance → capacity
 * (options > file > engine) → executor setup → Scheduler on a real clock → teardown (always, also
 * on cancel and errors) → final reports. report.json is kept current while the run goes, so a crash
 * leaves a readable partial report.
 */
import type { Capacity, Graph, BatchFile } from '../model';
import type { AttemptStatus, RunResult, ScheduleEvent } from '../executor';
import type { PredictionDocument, RunDocument } from '../report/run-document';

/** What `validate()` produced for the file, once it has no errors. */
export interface ValidatedBatch {
  file: BatchFile;
  graph: Graph;
}

export type LogStream = 'stdout' | 'stderr';

export interface RunBatchOptions {
  /** The batch file's path (absolute, or relative to the process's cwd). Its folder anchors host binds and `runsDir`. */
  path: string;
  /** The validated file (`validate(text)`'s `file` and `graph`; callers refuse files with errors first). */
  validation: ValidatedBatch;
  /**
   * Run just these tasks and everything they need. Each entry is a task or service name (all its
   * matrix expansions) or one expansion id (`test[shard=1]`). An unknown name throws a
   * `GantryError` (`only-unknown`). Default: the whole graph.
   */
  only?: string[];
  /** Overrides, field by field, the file's `capacity:`; what neither gives comes from the engine. Default: none. */
  capacity?: Partial<Capacity>;
  /** Stop starting work and kill running tasks at the first failure. Default: false. */
  failFast?: boolean;
  /** Where run folders go. Default: `<batch file folder>/.gantry/runs`. */
  runsDir?: string;
  /**
   * Identifies this runner slot: every resource is labelled `dev.gantry.instance=<instance>`, and at
   * start leftovers of earlier runs with the same instance (and only those) are removed.
   * Default: `local-<hash of the batch file's absolute folder>`.
   */
  instance?: string;
  /** Run id, the folder name and the `dev.gantry.run` label. Default: `<UTC timestamp>-<random>`, sortable. */
  runId?: string;
  /** Environment for the engine connection (`DOCKER_HOST`, …). Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * Cancels the run: no new work starts, running containers are stopped, everything labelled for the
   * run is removed, the partial report is written, and the promise resolves with result `cancelled`.
   */
  signal?: AbortSignal;
  /** Every scheduler event, as it happens (for progress displays). */
  onEvent?(event: ScheduleEvent): void;
  /** Every line a task or service prints, as it prints it (the final line even without a newline). */
  onLine?(unitId: string, attempt: number, stream: LogStream, line: string): void;
  /** An attempt ended and its full log file is complete at `logPath` (the Action prints it in a group). */
  onAttemptLog?(unitId: string, attempt: number, outcome: AttemptStatus, logPath: string): void;
}

export interface RunReportPaths {
  /** `<dir>/report.json`: kept current during the run, final at the end. */
  json: string;
  /** `<dir>/report.md`: status table and Mermaid Gantt. */
  markdown: string;
  /** `<dir>/report.html`: self-contained timeline, usage and log tails. */
  html: string;
  /** Per unit id, the log file of each attempt in order (absolute paths). */
  logs: Record<string, string[]>;
}

export interface RunReport {
  runId: string;
  instance: string;
  /** The run folder: `<runsDir>/<runId>`. */
  dir: string;
  /** What happened (`result.result` is success | failure | cancelled). */
  result: RunResult;
  /** The graph that was run (after `only`). */
  graph: Graph;
  /** The capacity it was run with. */
  capacity: Capacity;
  /** `gantry plan`'s prediction for the same graph and capacity. */
  prediction: PredictionDocument;
  /** The final report.json document (what the renderers read). */
  document: RunDocument;
  paths: RunReportPaths;
}

/**
 * Runs the batch. Resolves with the report also when tasks fail or the run is cancelled; rejects
 * only with a `GantryError` before anything ran (engine unreachable: code `engine-*`; unknown
 * `only` name: `only-unknown`).
 */
export async function runBatch(options: RunBatchOptions): Promise<RunReport> {
  void options;
  // The orchestration lands once the scheduler and Docker executor it drives are in; the types above are the contract.
  throw new Error('runBatch: not implemented yet');
}
