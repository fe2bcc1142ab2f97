/**
 * `runBatch`: run a validated batch file on a container engine, end to end. The one function both
 * `gantry run` and the GitHub Action call, so they behave identically; they differ only in how they
 * show the hooks' output.
 *
 * Flow: connect to the engine → remove leftovers of earlier runs of the same instance → capacity
 * (options > file > engine) → executor setup → Scheduler on a real clock → teardown (always, also
 * on cancel and errors) → final reports. report.json is kept current while the run goes, so a crash
 * leaves a readable partial report.
 *
 * Engine-neutral: everything engine-specific comes through the `Backend` (core/backend.ts) the
 * caller hands in; nothing here imports an engine client.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join, relative, resolve } from 'node:path';
import type { Capacity, Graph, BatchFile, Policy, Unit } from '../model';
import type { AttemptStatus, RunOutcome, RunResult, ScheduleEvent, UnitStatus } from '../executor';
import { GantryError } from '../diagnostics';
import { resolveCapacity } from '../capacity';
import { DEFAULT_CANCEL_GRACE_MS, Scheduler } from '../schedule';
import { DEFAULT_START_OVERHEAD_MS, plan, type PlanOptions } from '../plan';
import { placeUnits, type Placement } from '../placement';
import type { Backend, BackendConnection, KeptResources, LogStream, NodeCapacity } from '../backend';
import { checkHostBinds, realFolders } from '../host/binds';
import { checkHostBuilds } from '../host/build-context';
import { ensureDirs, makeFreshDir, UnsafePathError, writeNewFile } from '../host/files';
import { currentOwner } from '../host/owner';
import type { KeptVolume, PredictionDocument, RunDocument, SecretsDocument } from '../report/run-document';
import { Masker } from '../mask';
import { listedSecrets, type CallerSecrets } from '../secrets';
import { RunRecorder } from '../report/run-recorder';
import { renderMarkdown } from '../report/report-md';
import { renderHtml } from '../report/report-html';
import { RealClock } from './real-clock';
import { ReportJsonWriter } from './report-json';
import { selectOnly } from './select-only';
import { LogNames } from './log-name';
import { appendHistory, readHistory } from '../host/history';
import { estimateSource, estimatesFromHistory, historyRecord, withEstimates, type HistoryRecord } from '../estimates';
import { volumesToKeep, type ResumeSetting } from './resume';
import { cachesUnit, cachingExecutor } from './cache-run';
import { atNoTime, predictCached } from './cache-plan';
import { cacheKeyFiles } from '../host/cache-files';
import { DescribeUnit } from '../checks/ranges';

/** What `validate()` produced for the file, once it has no errors. */
export interface ValidatedBatch {
  file: BatchFile;
  graph: Graph;
}

export type { LogStream };

export interface RunBatchOptions {
  /** The batch file's path (absolute, or relative to the process's cwd). Its folder anchors host binds and `runsDir`. */
  path: string;
  /** The validated file (`validate(text)`'s `file` and `graph`; callers refuse files with errors first). */
  validation: ValidatedBatch;
  /**
   * The engine to run on (core/backend.ts). Required, no default, so that this module stays free of
   * any engine client: the CLI and the Action pass `dockerBackend()` (core/backends/docker), tests
   * may pass a plain object.
   */
  backend: Backend;
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
  /**
   * `--keep-failed`: at the end, leave the container of each task that failed (exited, for
   * `docker logs`, `docker cp`, `docker commit`), the services that were running and the run's
   * network in place for debugging, listed in `RunReport.kept`; `gantry cleanup --run ID` removes
   * them (the next run's leftover sweep does not). Nothing failed: everything is removed as usual.
   * Services the scheduler no longer needs stay up until the run's end (their capacity is freed).
   * For people at a terminal; the GitHub Action does not offer it. Default: false.
   */
  keepFailed?: boolean;
  /**
   * The policy the file was validated with. Under `strict`, host binds are judged again by their
   * real paths (after every link) before the run and at each container's creation. Default: `trusted`.
   */
  policy?: Policy;
  /** Where run folders go. Default: `<batch file folder>/.gantry/runs`. */
  runsDir?: string;
  /**
   * Identifies this runner slot: every resource is labelled `dev.gantry.instance=<instance>`, and at
   * start leftovers of earlier runs with the same instance whose gantry process is gone (and only
   * those: a run going on beside this one is never touched) are removed.
   * Default: `local-<hash of the batch file's absolute folder>`.
   */
  instance?: string;
  /** Run id, the folder name and the `dev.gantry.run` label. Default: `<UTC timestamp>-<random>`, sortable. */
  runId?: string;
  /** Environment for the backend's connection (`DOCKER_HOST`, …). Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * The secrets the units list, from the caller's environment (`callerSecrets`, core/secrets.ts):
   * values passed to the containers and masked as `***` in live lines, log files, outputs,
   * report.json, report.md and report.html; names withheld by the `strict` policy, said in the
   * reports. A listed secret that is neither given nor withheld throws `secret-missing` before
   * anything runs. Default: none given.
   */
  secrets?: CallerSecrets;
  /**
   * Cancels the run: no new work starts, running containers are stopped, everything labelled for the
   * run is removed, the partial report is written, and the promise resolves with result `cancelled`.
   */
  signal?: AbortSignal;
  /**
   * Stops a cancelled run at once (a second Ctrl-C): no grace for `if: always` units or for
   * containers slow to die; everything labelled for the run is still removed and the partial
   * report written. Before `signal` aborts it is only noted.
   */
  force?: AbortSignal;
  /**
   * Estimates from earlier runs (`.gantry/history/` beside the batch file, core/host/history.ts)
   * win over `estimate:` in the prediction and the scheduler's priorities. False (`--no-history`):
   * only the file's estimates and the defaults. The run is recorded in the history either way.
   * Default: true.
   */
  history?: boolean;
  /** Record this run in the history. Default: true. */
  recordHistory?: boolean;
  /** `sha256:<hex>` of the batch file's text (core/run/resume.ts `fileHash`), recorded in report.json so `--resume` can refuse a changed file. Default: none recorded. */
  fileHash?: string;
  /**
   * When a unit fails (not allowed to), leave the volumes the units a `gantry run --resume` would
   * run again mount (core/run/resume.ts), listed in `RunReport.keptVolumes` and report.json, with
   * a marker that lets `gantry cleanup` and the next run's sweep remove them. `gantry run` sets it;
   * the GitHub Action does not (nothing resumes there). Default: false, everything goes at the end.
   */
  resumable?: boolean;
  /**
   * `gantry run --resume` (core/run/resume.ts `decideResume`): the units taken over from the run
   * resumed (they end `succeeded` at once, marked `resumedFrom`, their outputs handed on), the
   * volumes it kept (mounted as they are) and the runs the start-of-run sweep must spare.
   * Default: a run of its own.
   */
  resume?: ResumeSetting;
  /**
   * The task cache (docs/batch-file.md, "Task cache"): tasks with `cache:` whose key matches an
   * earlier success in `.gantry/cache/` beside the batch file are not run (`cached (from RUN)`),
   * and successes are stored there (not under the `strict` policy: a file nobody reviewed may read
   * the cache, never write it). False (`--no-cache`): every task runs and nothing is stored.
   * Default: true.
   */
  cache?: boolean;
  /** Every scheduler event, as it happens (for progress displays). */
  onEvent?(event: ScheduleEvent): void;
  /** Every line a task or service prints, as it prints it (the final line even without a newline). */
  onLine?(unitId: string, attempt: number, stream: LogStream, line: string): void;
  /** An attempt ended and its full log file is complete at `logPath` (the Action prints it in a group). */
  onAttemptLog?(unitId: string, attempt: number, outcome: AttemptStatus, logPath: string): void;
  /** Something worth one line to the user that is not an event of the run (leftovers removed, …). */
  onNotice?(message: string): void;
  /**
   * The run's prediction, before anything starts: the graph it planned (estimates from history,
   * taken-over and likely cached units at no time) and the capacity, so a display can plan what
   * is left as the run goes (core/eta.ts) by the same estimates.
   */
  onPrediction?(prediction: { graph: Graph; capacity: Capacity; makespan: number; plan?: PlanOptions }): void;
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
  /** With `keepFailed`, what was left on the engine for debugging (absent when nothing was kept). */
  kept?: KeptResources;
  /** The volumes left on the engine for `gantry run --resume` (a unit failed), by the file's names; absent when none. */
  keptVolumes?: Record<string, KeptVolume>;
}

/** How long a cancelled run waits for the scheduler to wind down before forcing teardown (ms). */
const CANCEL_GRACE_MS = 3000;
/** Lines of each attempt's log kept in the report for renderers that cannot link to files. */
const TAIL_LINES = 40;

/**
 * Runs the batch. Resolves with the report also when tasks fail or the run is cancelled; rejects
 * only with a `GantryError` when the run could not start (engine unreachable: `engine-*`; unknown
 * `only` name: `only-unknown`; the executor's setup failed) — after writing what it has to report.json.
 */
export async function runBatch(options: RunBatchOptions): Promise<RunReport> {
  const path = resolve(options.path);
  const baseDir = dirname(path);
  const selected = options.only?.length ? selectOnly(options.validation.graph, options.only) : options.validation.graph;
  // History read before anything else touches `.gantry` (a problem with it is only a notice).
  let graph = selected;
  let history: HistoryRecord[] | undefined;
  if (options.history !== false) {
    const read = readHistory(baseDir, path);
    if (read.problem) options.onNotice?.(read.problem);
    history = read.records;
    graph = withEstimates(selected, estimatesFromHistory(read.records, { startOverhead: DEFAULT_START_OVERHEAD_MS }));
  }
  const env = options.env ?? process.env;
  const runId = options.runId ?? newRunId();
  // It names a folder and engine resources: one path segment, nothing to climb out with.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(runId)) {
    throw new GantryError('run-id-invalid', `The run id "${runId}" is not usable: letters, digits, "_", "." and "-" only, starting with a letter or digit.`);
  }
  const instance = options.instance ?? defaultInstance(baseDir);
  const runsDir = options.runsDir === undefined ? undefined : resolve(options.runsDir);
  const defaultRuns = runsDir === undefined || runsDir === join(baseDir, '.gantry', 'runs');
  const dir = join(runsDir ?? join(baseDir, '.gantry', 'runs'), runId);
  const logsDir = join(dir, 'logs');
  const paths: RunReportPaths = {
    json: join(dir, 'report.json'),
    markdown: join(dir, 'report.md'),
    html: join(dir, 'report.html'),
    logs: {},
  };
  // The run folders: made without following links (a checkout may hold `.gantry -> /somewhere`),
  // and never visible to a container (host-binds.ts covers them in every bind).
  const runsRoot = runFolders(baseDir, runsDir, defaultRuns);
  // `.gantry` holds the history and the task cache too, whatever runsDir says: no container may write it.
  const hidden = [...new Set(realFolders([runsRoot, join(baseDir, '.gantry')]))];
  const policy = options.policy ?? 'trusted';
  const secrets = runSecrets(graph, options.secrets, policy);
  const refused = [...checkHostBinds(options.validation.file, { baseDir, policy, hidden }), ...checkHostBuilds(options.validation.file, { baseDir, policy })];
  if (refused.length > 0) {
    const first = refused[0];
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : '';
    throw new GantryError(first.code, `${first.message}${more}`, first.range);
  }

  // A cache.key that names nothing, or a link under strict: said before anything runs, at its place.
  if (options.cache !== false) checkCacheKeys(graph, baseDir, policy);

  const backend = options.backend;
  // No signal: a run is cancelled through its scheduler, and its teardown must reach the engine.
  const connection = await backend.connect({ env });
  try {
    return await runConnected(options, connection, { baseDir, graph, selected, history, runId, instance, dir, logsDir, paths, policy, hidden, secrets });
  } finally {
    await connection.close();
  }
}

/** What `runBatch` worked out before connecting. */
interface RunSetting {
  baseDir: string;
  graph: Graph;
  /** The graph before history's estimates, and the history read (undefined: `history: false`). */
  selected: Graph;
  history: HistoryRecord[] | undefined;
  runId: string;
  instance: string;
  dir: string;
  logsDir: string;
  paths: RunReportPaths;
  policy: Policy;
  hidden: string[];
  secrets: RunSecretsSetting;
}

/** The run itself, on an open connection (which the caller closes). */
async function runConnected(options: RunBatchOptions, connection: BackendConnection, setting: RunSetting): Promise<RunReport> {
  const { baseDir, runId, instance, dir, logsDir, paths, policy, hidden, secrets } = setting;
  let graph = setting.graph;
  const { masker } = secrets;
  const signal = options.signal;
  // Earlier runs of this instance that crashed or were killed: theirs only, never other
  // instances', and never a run whose gantry process is still going.
  const resume = options.resume;
  const swept = await connection.sweep({ instance }, resume?.spare.length ? { spare: resume.spare } : undefined);
  for (const run of swept.removed) {
    options.onNotice?.(`removed what run ${run.runId} left behind (${run.removed}): ${run.why}`);
  }
  for (const run of swept.kept) {
    if (run.keptFailed) options.onNotice?.(`run ${run.runId} left alone: ${run.why}`);
  }
  const engine = await connection.capacity();
  const capacity = resolveCapacity(options.capacity, options.validation.file.capacity, engine.total);
  const startOverhead = engine.startOverhead ?? DEFAULT_START_OVERHEAD_MS;
  // History's samples are attempts less the start cost the plan adds back: this engine's cost.
  if (setting.history && startOverhead !== DEFAULT_START_OVERHEAD_MS) graph = withEstimates(setting.selected, estimatesFromHistory(setting.history, { startOverhead }));
  // Several nodes: the scheduler places every unit (core/placement.ts), the plan the same way.
  // One node that is not the engine's own (a drained manager and one worker) is placed too: the
  // units that need the home node must be refused, the others sent to that node.
  const placement = engine.nodes.length > 1 || engine.homeUnavailable !== undefined ? placeFor(graph, engine.nodes, engine.homeUnavailable) : undefined;
  const planOptions: PlanOptions = { startOverhead, ...(placement ? { placement } : {}) };
  // Taken-over units take no time: the prediction is of what this run does.
  // Tasks the cache will likely take (if their images are unchanged) take no time either.
  const taken = resume ? atNoTime(graph, resume.taken) : graph;
  const likelyCached = options.cache !== false && graph.units.some(cachesUnit) ? predictCached(graph, { baseDir, batchFile: options.path, policy }) : new Map();
  const planned = likelyCached.size > 0 ? atNoTime(taken, likelyCached) : taken;
  const predicted = plan(planned, capacity, planOptions);
  options.onPrediction?.({ graph: planned, capacity, makespan: predicted.makespan, plan: planOptions });
  const prediction: PredictionDocument = {
    makespan: predicted.makespan,
    lowerBound: predicted.lowerBound,
    criticalPath: predicted.criticalPath,
  };

  try {
    makeFreshDir(dir);
    makeFreshDir(logsDir);
  } catch (error) {
    throw new GantryError('run-folder-unsafe', `Cannot make the run folder: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const recorder = new RunRecorder({
    runId,
    instance,
    file: options.path,
    ...(options.validation.file.name !== undefined ? { name: options.validation.file.name } : {}),
    startedAt: new Date(),
    capacity,
    graph,
    ...(options.only?.length ? { only: options.only } : {}),
    prediction,
    engine: options.backend.name,
    ...(placement ? { nodes: placement.nodes.map((n) => ({ id: n.id, name: n.name, cpus: n.capacity.cpus, memory: n.capacity.memory, ...(n.home ? { home: true } : {}) })) } : {}),
  });
  if (secrets.document) recorder.document.secrets = secrets.document;
  if (options.fileHash !== undefined) recorder.document.fileHash = options.fileHash;
  if (resume) recorder.document.resumedFrom = resume.runId;
  // What the prediction took each unit to need, and where that came from, for predicted vs actual.
  for (const unit of recorder.document.units) {
    const taken = resume?.taken.get(unit.id);
    if (taken) {
      unit.resumedFrom = taken.from ?? resume!.runId;
      if (unit.kind === 'task') unit.outputs = { ...taken.outputs };
      continue;
    }
    const source = estimateSource(graph.byId.get(unit.id)!);
    unit.predicted = { duration: source.ms + startOverhead, source: source.source, text: source.text, ...(source.runs !== undefined ? { runs: source.runs } : {}) };
    if (source.source === 'history') unit.estimated = true;
  }
  if (secrets.document?.withheld.length) {
    options.onNotice?.(`secrets not passed: ${secrets.document.withheld.join(', ')} (${secrets.document.why}); the units that list them run without them`);
  }
  // Nothing a container printed or wrote reaches report.json with a secret in it.
  const writer = new ReportJsonWriter(paths.json, () => masker.maskDeep(recorder.document));
  writer.writeNow();

  const logFiles = new Map<string, string>();
  /** When each attempt's command started (`unit#attempt` → ms), for the history. */
  const commandStarts = new Map<string, number>();
  const logNames = new LogNames();
  const logFile = (unitId: string, attempt: number): string => {
    const key = `${unitId}#${attempt}`;
    let file = logFiles.get(key);
    if (!file) {
      file = join(logsDir, logNames.fileName(unitId, attempt));
      logFiles.set(key, file);
      if (attempt > 0) (paths.logs[unitId] ??= []).push(file);
    }
    return file;
  };

  /** Set once the run's result is known: the volumes teardown leaves for a `--resume`. */
  let keepForResume: string[] = [];
  const declaredVolumes = options.validation.file.volumes.map((v) => v.name);
  const borrowed: Record<string, string> = {};
  for (const [name, kept] of Object.entries(resume?.volumes ?? {})) borrowed[name] = kept.volume;
  const caching = options.cache !== false && graph.units.some(cachesUnit);
  const backendExecutor = connection.executor({
    runId,
    instance,
    baseDir,
    volumes: options.validation.file.volumes.map((v) => v.name),
    owner: currentOwner(),
    binds: { policy, hidden },
    logs: {
      line: (unitId, attempt, stream, text) => options.onLine?.(unitId, attempt, stream, text),
      file: logFile,
    },
    ...(options.keepFailed ? { keepFailed: true } : {}),
    ...(Object.keys(borrowed).length > 0 ? { borrowedVolumes: borrowed } : {}),
    keepVolumes: () => keepForResume,
    ...(Object.keys(secrets.values).length > 0 ? { secrets: { values: secrets.values, masker } } : {}),
    // Saved only where entries are written (not under strict).
    ...(caching && policy !== 'strict' ? { cachePaths: (unit: Unit) => (unit.spec.cache?.paths ?? []).map((p) => p.value) } : {}),
  });
  const executor = caching
    ? cachingExecutor(backendExecutor, {
        baseDir,
        batchFile: options.path,
        runId,
        policy,
        secrets: secrets.values,
        write: policy !== 'strict',
        notice: (message) => options.onNotice?.(masker.mask(message)),
      })
    : backendExecutor;

  let result: RunResult | undefined;
  let setupSettled: Promise<unknown> = Promise.resolve();
  try {
    const cancelled = abortPromise(signal);
    const setup = executor.setup(resume ? graph.units.filter((u) => !resume.taken.has(u.id)) : graph.units).catch((error: unknown) => {
      if (error instanceof GantryError) throw error;
      throw new GantryError('engine-setup', `Could not prepare the run on ${options.backend.label}: ${error instanceof Error ? error.message : String(error)}`);
    });
    // A cancel during setup (image pulls can be slow) must not wait for it to finish.
    const setupOutcome = await Promise.race([setup.then(() => 'ready' as const), cancelled.promise.then(() => 'cancelled' as const)]);
    setupSettled = setup.catch(() => undefined);

    let done!: (r: RunResult) => void;
    const finished = new Promise<RunResult>((r) => (done = r));
    const clock = new RealClock();
    recorder.document.startedAt = clock.startedAt.toISOString();
    const scheduler = new Scheduler(graph, {
      capacity,
      executor,
      clock,
      failFast: options.failFast ?? false,
      // Priorities as plan computes them, so the prediction is what this run does.
      startOverhead,
      ...(placement ? { placement } : {}),
      ...(resume ? { taken: resume.taken } : {}),
      onEvent: (event) => {
        recorder.apply(event);
        if (event.type === 'attempt-running') commandStarts.set(`${event.unit}#${event.attempt}`, event.at);
        if (event.type === 'attempt-end') {
          const file = logFiles.get(`${event.unit}#${event.attempt}`);
          if (file) {
            recorder.setLog(event.unit, event.attempt, relative(dir, file));
            options.onAttemptLog?.(event.unit, event.attempt, event.outcome.status, file);
          }
        }
        writer.update();
        options.onEvent?.(event);
      },
      onDone: (r) => done(r),
    });
    if (setupOutcome === 'cancelled') scheduler.cancel();
    scheduler.start();
    cancelled.promise.then(() => scheduler.cancel());
    const forced = abortPromise(options.force);
    // Forcing means something only once cancelled.
    void Promise.all([cancelled.promise, forced.promise]).then(() => scheduler.cancelNow());

    result = await Promise.race([finished, cancelled.promise.then(() => undefined)]);
    if (!result) {
      // Cancelled: the scheduler kills what runs; if containers are slow to die, tearing down
      // (force-removal) makes their exits arrive. Either way the run ends within the budget.
      // `if: always` units may still run for the scheduler's cancel grace: wait that out too.
      result = await Promise.race([finished, delay(DEFAULT_CANCEL_GRACE_MS + CANCEL_GRACE_MS), forced.promise.then(() => undefined)]);
      if (!result) {
        await executor.teardown().catch(() => undefined);
        result = (await Promise.race([finished, delay(1000)])) ?? resultFromDocument(recorder.document, 'cancelled');
      }
    }
    cancelled.dispose();
    forced.dispose();
    if (options.resumable) keepForResume = keptForResume(result, graph, declaredVolumes, resume);
  } catch (error) {
    recorder.fail(error instanceof Error ? error.message : String(error));
    throw error instanceof GantryError ? error : new GantryError('run-failed', `The run could not go on: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    // Always: also after a cancel, a failed setup or a bug, nothing labelled for this run stays.
    // A cancel during setup must let setup finish creating what it is creating (the network, the
    // volumes) first, or teardown would run before those exist and they would leak.
    await Promise.race([setupSettled, delay(CANCEL_GRACE_MS)]);
    await executor.teardown().catch((error: unknown) => recorder.fail(`teardown: ${error instanceof Error ? error.message : String(error)}`));
    if (!result) writer.close();
  }

  const keptVolumes: Record<string, KeptVolume> = {};
  for (const [name, volume] of Object.entries(executor.keptVolumes?.() ?? {})) {
    keptVolumes[name] = { volume, run: resume?.volumes[name]?.run ?? runId };
  }
  if (Object.keys(keptVolumes).length > 0) recorder.document.keptVolumes = keptVolumes;
  for (const [key, file] of logFiles) {
    const [unitId, attempt] = splitKey(key);
    if (attempt > 0) recorder.setLog(unitId, attempt, relative(dir, file), readTail(file, TAIL_LINES));
    else recorder.setServiceLog(unitId, relative(dir, file), readTail(file, TAIL_LINES));
  }
  const document = masker.maskDeep(recorder.finish(result));
  writer.close();
  writeNewFile(paths.markdown, renderMarkdown(document));
  writeNewFile(paths.html, renderHtml(document));
  if (options.recordHistory !== false) {
    try {
      appendHistory(baseDir, options.path, historyRecord(document, commandStarts, new Date()));
    } catch (error) {
      options.onNotice?.(`this run was not recorded in the history: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const kept = executor.kept?.();
  return {
    runId,
    instance,
    dir,
    result,
    graph,
    capacity,
    prediction,
    document,
    paths,
    ...(kept ? { kept } : {}),
    ...(Object.keys(keptVolumes).length > 0 ? { keptVolumes } : {}),
  };
}

/** Reads every `cache.key` of the graph's tasks once: a missing file or a refused link throws its positioned `GantryError`. */
function checkCacheKeys(graph: Graph, baseDir: string, policy: Policy): void {
  const seen = new Set<Graph['units'][number]['spec']>();
  for (const unit of graph.units) {
    if (!cachesUnit(unit) || seen.has(unit.spec)) continue;
    seen.add(unit.spec);
    cacheKeyFiles(unit.spec.cache!.key, { baseDir, policy, who: DescribeUnit(unit.spec) });
  }
}

/** The file's volumes a finished run leaves for `--resume` (core/run/resume.ts): none unless a unit failed. */
function keptForResume(result: RunResult, graph: Graph, declared: readonly string[], resume: ResumeSetting | undefined): string[] {
  if (declared.length === 0) return [];
  const units = result.units.map((r) => {
    const unit = graph.byId.get(r.id);
    const taken = resume?.taken.get(r.id);
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      needs: unit?.needs ?? [],
      allowFailure: unit?.allowFailure ?? false,
      ...(taken ? { outputs: taken.outputs } : {}),
      attempts: r.attempts,
    };
  });
  return volumesToKeep(units, graph, declared);
}

/** A run's secrets as runBatch uses them: values, their masker, and what the report says. */
interface RunSecretsSetting {
  values: Readonly<Record<string, string>>;
  masker: Masker;
  document?: SecretsDocument;
}

/**
 * The secrets the graph's units list, from what the caller gave: every one must be given a value
 * or be withheld by the policy (`secret-missing`, at the first place it is listed, otherwise).
 */
function runSecrets(graph: Graph, given: CallerSecrets | undefined, policy: Policy): RunSecretsSetting {
  const specs = new Set(graph.units.map((u) => u.spec));
  const listed = listedSecrets(specs);
  const masker = new Masker();
  if (listed.length === 0) return { values: {}, masker };
  const values: Record<string, string> = {};
  const withheld: string[] = [];
  for (const name of listed) {
    if (given && Object.hasOwn(given.values, name) && policy !== 'strict') {
      values[name] = given.values[name];
      masker.add(values[name]);
    } else if (policy === 'strict' || given?.withheld.includes(name)) withheld.push(name);
    else {
      const where = [...specs].flatMap((spec) => spec.secrets.filter((s) => s.name === name).map((s) => ({ spec, s })))[0];
      throw new GantryError(
        'secret-missing',
        `Secret ${name} of ${where.spec.kind} "${where.spec.name}" has no value: it is not set in the environment Gantry runs in.`,
        where.s.range,
      );
    }
  }
  const document: SecretsDocument = { passed: Object.keys(values), withheld };
  if (withheld.length > 0) document.why = policy === 'strict' ? 'the strict policy passes no secrets (the file is not trusted)' : 'not given';
  return { values, masker, document };
}

/**
 * Makes the folder that holds run folders and returns the one containers must never see: by
 * default `<baseDir>/.gantry` (made segment by segment, each a real folder, never a link); a
 * caller's own `runsDir` is made as given and must not itself be a link.
 */
function runFolders(baseDir: string, runsDir: string | undefined, isDefault: boolean): string {
  try {
    if (isDefault) {
      ensureDirs(baseDir, '.gantry', 'runs');
      return join(baseDir, '.gantry');
    }
    mkdirSync(runsDir!, { recursive: true });
    if (lstatSync(runsDir!).isSymbolicLink()) throw new UnsafePathError(runsDir!, 'it is a symbolic link');
    return runsDir!;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new GantryError('run-folder-unsafe', `Cannot make the run folder: ${message}.`, undefined, 'Remove what stands in the way (a link named .gantry or .gantry/runs) and run again.');
  }
}

/** `20250101-120000-ab12`: sortable by start time, unique enough for one machine, valid in engine names. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** One instance per batch folder by default: re-running the same project cleans up its own crashed runs. */
export function defaultInstance(baseDir: string): string {
  return `local-${createHash('sha256').update(baseDir).digest('hex').slice(0, 10)}`;
}


function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf('#');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}

/** The last `lines` lines of a (possibly huge) log file, reading at most its last 64 KiB. */
function readTail(file: string, lines: number): string[] | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8').replace(/\n$/, '');
    const all = text.split('\n');
    // The first line may be cut mid-way when we did not read from the start.
    if (length < size) all.shift();
    return all.slice(-lines);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** When the scheduler could not report (it never should), what the events said is the result. */
function resultFromDocument(doc: RunDocument, outcome: RunOutcome): RunResult {
  return {
    result: outcome,
    makespan: doc.makespan,
    units: doc.units.map((u) => ({
      id: u.id,
      kind: u.kind,
      status: isFinal(u.status) ? u.status : 'cancelled',
      ...(u.reason !== undefined ? { reason: u.reason } : {}),
      ...(u.start !== undefined ? { start: u.start, end: u.end ?? doc.makespan } : {}),
      cpus: u.cpus,
      memory: u.memory,
      attempts: u.attempts.map((a) => ({
        number: a.number,
        start: a.start,
        end: a.end ?? doc.makespan,
        memory: a.memory,
        outcome: a.outcome ?? { status: 'cancelled', message: 'cancelled' },
      })),
    })),
  };
}

function isFinal(status: string): status is UnitStatus {
  return ['succeeded', 'failed', 'oom', 'timeout', 'killed', 'cancelled', 'skipped'].includes(status);
}

/** Resolves undefined after `ms`, without keeping the process alive for it. */
function delay(ms: number): Promise<undefined> {
  return new Promise((r) => (setTimeout(r, ms) as unknown as NodeJS.Timeout).unref());
}

/** A promise settled when `signal` aborts, and a way to stop listening. */
function abortPromise(signal: AbortSignal | undefined): { promise: Promise<void>; dispose(): void } {
  if (!signal) return { promise: new Promise(() => undefined), dispose: () => undefined };
  if (signal.aborted) return { promise: Promise.resolve(), dispose: () => undefined };
  let onAbort!: () => void;
  const promise = new Promise<void>((r) => (onAbort = r));
  signal.addEventListener('abort', onAbort, { once: true });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * Where each unit may run on a backend of several nodes; a unit that can never be placed (it fits
 * no node, or must run on the home node and does not fit it) refuses the run before anything is
 * created, at its place in the file (`exceeds-node`, as `gantry validate --engine` says it).
 */
function placeFor(graph: Graph, nodes: readonly NodeCapacity[], homeUnavailable?: string): Placement {
  const { placement, problems } = placeUnits(graph, nodes, homeUnavailable !== undefined ? { homeUnavailable } : {});
  if (problems.length > 0) {
    const first = problems[0];
    const unit = graph.units.find((u) => u.id === first.unit);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1, 4).map((p) => p.unit).join(', ')}${problems.length > 4 ? ', …' : ''})` : '';
    throw new GantryError('exceeds-node', `${first.message}${more}`, unit?.spec.range, 'Lower the request, or run on nodes that can take it (gantry plan --engine shows where each unit goes).');
  }
  return placement;
}
