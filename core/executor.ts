/**
 * The boundary between the scheduler and whatever runs containers.
 *
 * The scheduler is synchronous and event-driven: it calls an executor to start, kill and stop
 * things, and the executor reports back through the callbacks it was handed, whenever the event
 * happens (at once for the simulator's virtual clock, later for Docker). The scheduler never
 * polls and never awaits; that is what lets one implementation both predict a run (`plan`, the
 * editor preview) and drive it (`run`).
 */
import type { Unit, UnitKind } from './model';

/** Time source and timers. Real runs use wall-clock ms; the simulator a virtual clock. */
export interface Clock {
  /** Milliseconds; only differences matter. */
  now(): number;
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export type TimerHandle = { readonly __timer: unique symbol } | object;

/** One try at running a task. */
export interface Attempt {
  /** `${unit.id}#${number}`, unique in the run. */
  id: string;
  unit: Unit;
  /** 1 for the first try. */
  number: number;
  /** Memory limit for this try (bytes); grows after an OOM by the retry memory factor. */
  memory: number;
  /**
   * Outputs of the tasks this unit needs, by unit id: a task's name, or for a matrix task each
   * expansion's id (`test[shard=1]`), so none overwrites another. core/substitute.ts resolves
   * `${{ needs.… }}` from them (a matrix task without a selector: a JSON object by id).
   */
  needsOutputs: Record<string, Record<string, string>>;
  /**
   * The node the scheduler placed this attempt on (`NodeCapacity.id`, core/backend.ts), when it
   * packs against several nodes (`SchedulerOptions.placement`); the executor must run it there.
   * Missing for a single engine.
   */
  node?: string;
}

export type AttemptStatus = 'succeeded' | 'failed' | 'oom' | 'timeout' | 'killed' | 'cancelled';

export type UnitStatus = AttemptStatus | 'skipped';

/** Why the scheduler asks for a kill; the executor reports the matching status. */
export type KillReason = 'timeout' | 'cancel' | 'fail-fast';

export interface ResourceUsage {
  /** Peak memory (bytes): the best figure `peakSource` names. */
  peakMemory: number;
  /** CPU time used (seconds). */
  cpuSeconds: number;
  /**
   * Where `peakMemory` comes from. `engine`: the engine's own maximum (cgroup v1 `max_usage` in its
   * stats); `cgroup`: the kernel's high-water mark read from the container's cgroup on a local
   * host (v2 `memory.peak`, v1 `memory.max_usage_in_bytes`) — both count page cache, and miss
   * nothing while the container runs; `samples`: the highest once-a-second sample of usage without
   * page cache — a spike between samples is missed; `limit`: the attempt was OOM-killed, so it
   * reached its limit. Missing in older documents (read as `samples`).
   */
  peakSource?: PeakSource;
  /** Highest sampled usage without page cache (bytes), as `docker stats` shows it. */
  workingSet?: number;
  /** How many of the engine's (once-a-second) samples carried figures. */
  samples?: number;
  /**
   * CPUs used between consecutive samples (cpu-seconds per second), in order: what peak and
   * high-percentile use are taken from. Long runs keep at most 600 values (neighbours merged by
   * their maximum).
   */
  cpuRates?: number[];
  /**
   * How busy the whole machine was (0–1, all its cpus) in each of those intervals, when the engine
   * is local: a unit on a saturated host may have used less than it needed. Same length as
   * `cpuRates` when present.
   */
  hostBusy?: number[];
}

export type PeakSource = 'engine' | 'cgroup' | 'samples' | 'limit';

export interface AttemptOutcome {
  status: AttemptStatus;
  exitCode?: number;
  /** `SIGKILL`, `SIGTERM`, … when the process died of a signal. */
  signal?: string;
  /** One line for people: "exit code 2", "out of memory (limit 128Mi)", … */
  message?: string;
  /**
   * Why an attempt failed before its command ran, when it is the environment's fault, not the
   * task's: `image-unavailable` its image is not local and could not be pulled (the registry
   * refused, is down, or has no such image). `gantry run` exits 3 for it. Default: none.
   */
  cause?: 'image-unavailable';
  /** `KEY=VALUE` lines the task wrote to `$GANTRY_OUTPUT`, only the keys it declares. */
  outputs?: Record<string, string>;
  /**
   * Keys of `outputs` in which a secret's value was replaced by `***`: the value recorded is not
   * the one the task wrote, so `gantry run --resume` runs the task again rather than hand it on.
   * Missing when none was.
   */
  maskedOutputs?: string[];
  /**
   * The task cache (core/run/cache-run.ts): the attempt did not run; an earlier success with the
   * same cache key, in run `run`, gave its outputs (and `cache.paths`). No container was created
   * for it. Shown as `cached (from RUN)`. Missing for an attempt that ran.
   */
  cached?: { run: string };
  usage?: ResourceUsage;
}

export interface ServiceCallbacks {
  /** The service passed its health check (or has none and is running). */
  healthy(): void;
  /** It exited, or its health check gave up. `message` includes the probe's last output. */
  failed(message: string): void;
}

export interface Executor {
  /**
   * A hint: `unit` is likely to start soon (its needs are running or done). An executor may
   * prepare (create a container) to hide latency. Optional and may be ignored.
   */
  prepare?(unit: Unit): void;
  /**
   * Start an attempt. `onExit` is called exactly once, also after `kill`. `onStarted` is called
   * at most once, before `onExit`, the moment the attempt's command starts running (for Docker:
   * when the container's start returned; the simulator calls it at once). The task's `timeout`
   * counts from then, not from this call: preparing (an image pull, a container's creation) is
   * not the task's time. An attempt that ends without `onStarted` never ran its command.
   */
  start(attempt: Attempt, onExit: (outcome: AttemptOutcome) => void, onStarted: () => void): void;
  /** Stop a running attempt; its `onExit` then reports `timeout`, `cancelled` or `killed`. */
  kill(attemptId: string, reason: KillReason): void;
  /**
   * Start a service; report through `callbacks` once (healthy or failed), and `failed` later if it
   * dies. `node`: where the scheduler placed it, as `Attempt.node`.
   */
  startService(unit: Unit, callbacks: ServiceCallbacks, node?: string): void;
  /**
   * Stop a service that is no longer needed (or on cancel). Returns what it used while it ran,
   * when the executor measures that.
   */
  stopService(unitId: string): ResourceUsage | void;
}

// ---------------------------------------------------------------------------------------------
// What the scheduler reports, as it goes and at the end.

export type ScheduleEvent =
  | { type: 'ready'; at: number; unit: string }
  /** The scheduler started the attempt (it now holds capacity); its container may still need an image pulled. */
  /** `node`: the node it was placed on (`Attempt.node`), when the scheduler packs several nodes. */
  | { type: 'attempt-start'; at: number; unit: string; attempt: number; memory: number; node?: string }
  /** The attempt's command started running (the executor's `onStarted`); never sent for one that failed before (an image that cannot be pulled). */
  | { type: 'attempt-running'; at: number; unit: string; attempt: number }
  | { type: 'attempt-end'; at: number; unit: string; attempt: number; outcome: AttemptOutcome; willRetry: boolean }
  /** `node`: as for `attempt-start`. */
  | { type: 'service-start'; at: number; unit: string; node?: string }
  | { type: 'service-healthy'; at: number; unit: string }
  /** `usage`: what the service used since it started, when the executor measured it. */
  | { type: 'service-stop'; at: number; unit: string; failed?: string; usage?: ResourceUsage }
  | { type: 'unit-end'; at: number; unit: string; status: UnitStatus; reason?: string }
  | { type: 'run-end'; at: number; result: RunOutcome };

export type RunOutcome = 'success' | 'failure' | 'cancelled';

export interface AttemptRecord {
  number: number;
  /** ms on the run's clock, relative to the run start. */
  start: number;
  end: number;
  memory: number;
  outcome: AttemptOutcome;
  /** The node it ran on (`Attempt.node`), when the scheduler packs several nodes. Missing otherwise. */
  node?: string;
}

export interface UnitResult {
  id: string;
  kind: UnitKind;
  status: UnitStatus;
  /** Why it was skipped/failed, for people. */
  reason?: string;
  /** Relative ms; undefined when it never started. */
  start?: number;
  end?: number;
  cpus: number;
  memory: number;
  attempts: AttemptRecord[];
  /** The node of its last attempt (a service: where it ran), when the scheduler packs several nodes. Missing otherwise. */
  node?: string;
}

export interface RunResult {
  result: RunOutcome;
  /** ms from the first start to the last end. */
  makespan: number;
  units: UnitResult[];
}
