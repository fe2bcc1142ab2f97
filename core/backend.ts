/**
 * The boundary between Gantry and a container engine: everything engine-specific — connecting,
 * how much the engine can take (per node), the executor that runs a batch with its set-up and
 * teardown, and the removal of what dead runs left behind — sits behind `Backend`.
 *
 * `runBatch` (core/run/run-batch.ts), `gantry cleanup` and the GitHub Action's post step use only
 * this interface; the surfaces choose the implementation (today the local Docker engine,
 * `core/backends/docker/`) and hand it in. Pure: types and one helper, no I/O, no engine import.
 *
 * Several nodes are part of the shape from the start: a Swarm-like backend reports each node's
 * capacity in `nodes` and the sum in `total`, and its executor places each container on a node
 * where it fits. Local Docker is one node whose capacity is the total.
 */
import type { Executor } from './executor';
import type { Capacity, Policy, Unit } from './model';
import type { Masker } from './mask';

/** Which output stream a line came from. */
export type LogStream = 'stdout' | 'stderr';

/** A container engine Gantry can run batches on. Holds no connection itself: `connect` makes one. */
export interface Backend {
  /** Short identifier, for logs and reports: `docker`. */
  readonly name: string;
  /** What it is, for messages to people: `the Docker engine`. */
  readonly label: string;
  /**
   * Connects and checks that the engine answers. Rejects with a one-line `GantryError` with a hint
   * when it cannot (codes starting with `engine-`), or coded `cancelled` when `options.signal`
   * aborted it.
   */
  connect(options: BackendConnectOptions): Promise<BackendConnection>;
}

export interface BackendConnectOptions {
  /** Where the engine is (`DOCKER_HOST`, certificates, …): read from here, never from `process.env` behind the caller's back. */
  env: NodeJS.ProcessEnv;
  /**
   * Aborts every call of the connection when it aborts; they then fail with a `GantryError` coded
   * `cancelled`. For connections whose every call may be dropped (a check before a run, a
   * cleanup), never for one that runs containers: a run is cancelled through its scheduler, and its
   * teardown must still reach the engine. Default: none.
   */
  signal?: AbortSignal;
}

/** One connection to an engine. Every call is bounded in time: none hangs on an engine that stopped answering. */
export interface BackendConnection {
  /** What the engine can take: each node, and their sum (what the scheduler packs against). */
  capacity(): Promise<BackendCapacity>;
  /** An executor for one run. Nothing is created on the engine before its `setup`. */
  executor(options: RunExecutorOptions): RunExecutor;
  /**
   * Removes what runs matching `selector` left behind (containers, networks, volumes, state
   * folders, …) when their owning process is gone — a crash, `kill -9`, a lost CI runner — or,
   * with `options.force`, whatever their owner's state. A run going on beside this one is left
   * alone and reported in `kept`. Never throws for one thing that could not be removed (it is in
   * that run's `errors`); throws when the engine cannot be asked at all.
   */
  sweep(selector: RunSelector, options?: SweepOptions): Promise<SweepResult>;
  /** Releases the connection. Idempotent; executors made from it must have been torn down first. */
  close(): Promise<void>;
}

export interface BackendCapacity {
  /** The sum over `nodes` (parallel: the engine's own limit, usually unlimited). */
  total: Capacity;
  /** One entry per node that can run containers, in a stable order; one for a local engine. */
  nodes: NodeCapacity[];
  /**
   * What one container costs on this engine beyond its own work (ms): creation, start, the exit
   * seen. Plans add it to every attempt (core/plan.ts `startOverhead`). Default: the local
   * engine's figure (`DEFAULT_START_OVERHEAD_MS`).
   */
  startOverhead?: number;
  /**
   * Why the home node (`NodeCapacity.home`) is not among `nodes` when it cannot take work (a
   * drained or down manager): units that must run there (core/placement.ts) cannot run at all.
   * Missing when it is there, or the backend has no such node.
   */
  homeUnavailable?: string;
}

export interface NodeCapacity {
  /** Stable id of the node within its engine (`local` for a single engine). */
  id: string;
  /** For people: a host name, or the engine's address. */
  name: string;
  capacity: Capacity;
  /** The engine's labels of the node (`node.labels` in Swarm), for people and placement. Default: none. */
  labels?: Readonly<Record<string, string>>;
  /**
   * The node whose engine Gantry talks to: the run's volumes and the images it builds live there
   * (an engine keeps them local), so the units that use them are placed on it. At most one node
   * has it; a single-engine backend's one node is home.
   */
  home?: boolean;
}

/** Where a run's output goes, line by line and as one file per attempt. Services use attempt number 0. */
export interface LogSink {
  /** One complete line (without its newline), as it comes; the final line even without a newline. */
  line(unitId: string, attempt: number, stream: LogStream, text: string): void;
  /** Where to write the full (capped) log of this attempt; undefined: no file. The folder exists. */
  file?(unitId: string, attempt: number): string | undefined;
}

/** What an executor needs to know about the run it serves. */
export interface RunExecutorOptions {
  /** The run's id: everything the run creates on the engine is labelled with it and names carry it. */
  runId: string;
  /** The runner slot (see `RunBatchOptions.instance`): labelled too, so a sweep can find it. */
  instance: string;
  /** The batch file's folder: host bind sources (`.`, `./src`) resolve against it. */
  baseDir: string;
  /** Names of the file's `volumes:`; each becomes one volume for this run, shared by its tasks. */
  volumes: readonly string[];
  /** The process owning the run (`<host>/<pid>/<start>`, core/host/owner.ts), recorded with everything it creates. */
  owner: string;
  /**
   * How host binds are judged when each container is created (core/host/binds.ts): the policy, and
   * the host folders containers must never see (the run folders).
   */
  binds: { policy: Policy; hidden: readonly string[] };
  /** Live lines and per-attempt log files. */
  logs: LogSink;
  /**
   * `--keep-failed`: teardown leaves in place the container of each task whose last attempt failed
   * or timed out, the services that were running, the run's network and volumes, and marks the run
   * as kept (the leftover sweep then leaves it alone until `gantry cleanup --run ID`). When nothing
   * failed, teardown removes everything as usual. Default false.
   */
  keepFailed?: boolean;
  /**
   * `gantry run --resume`: volumes of the file (by name) that the run being resumed kept, by the
   * engine's name of each: mounted as they are instead of making new ones. Teardown removes them
   * unless `keepVolumes` keeps them again. Setup fails (`resume-volume-gone`) when one no longer
   * exists. Default: none.
   */
  borrowedVolumes?: Readonly<Record<string, string>>;
  /**
   * Asked once by teardown: the file's volumes (by name) to leave in place for a later
   * `gantry run --resume` (they keep their labels, so `gantry cleanup` and the leftover sweep of
   * the next run of the instance remove them). `keptVolumes()` then says which were kept.
   * Default: none kept.
   */
  keepVolumes?(): readonly string[];
  /**
   * The secrets units list under `secrets:` that are passed (core/secrets.ts): their values by
   * name, and the masker every line, log file, output and message must go through before it
   * leaves the executor. Default: none (no secret passed, nothing to mask).
   */
  secrets?: RunSecrets;
  /**
   * The task cache (core/run/cache-run.ts): the container paths (`cache.paths`) to archive from a
   * task's finished container after a success, before it is removed (`takeArchive` hands them
   * over). Default: none archived.
   */
  cachePaths?(unit: Unit): readonly string[];
}

/** The values of a run's secrets and the masker that hides them (core/mask.ts). */
export interface RunSecrets {
  values: Readonly<Record<string, string>>;
  masker: Masker;
}

/** What a `keepFailed` teardown left on the engine, for the hints printed after the run. */
export interface KeptResources {
  /** The run's network: `docker run --network <network>` reaches the kept services by name. */
  network: string;
  /** The failed tasks' exited containers, and the services left running. */
  units: KeptUnit[];
}

export interface KeptUnit {
  /** Unit id (`test[shard=1]`, `db`). */
  unit: string;
  kind: 'task' | 'service';
  /** The container's name on the engine. */
  container: string;
}

/** An `Executor` with the run's life cycle around it: `setup` before the scheduler starts, `teardown` after. */
export interface RunExecutor extends Executor {
  /**
   * Prepares the run (network, volumes, image pulls started for `units`). Rejects when the run
   * cannot go on, preferably with a `GantryError` (`runBatch` reports anything else as `engine-setup`).
   */
  setup(units: readonly Unit[]): Promise<void>;
  /**
   * Stops everything still running (attempts end as `cancelled`, their `onExit` called before it
   * resolves) and removes everything the run created. Idempotent, bounded in time; safe to call
   * before `setup` finished or without it.
   */
  teardown(): Promise<void>;
  /** After `teardown`: what it kept (`keepFailed` and something failed), else undefined. */
  kept?(): KeptResources | undefined;
  /**
   * After `teardown`: the volumes `keepVolumes` left in place, file name → engine name (empty
   * when none). What `borrowedVolumes` of a resumed run are given.
   */
  keptVolumes?(): Record<string, string>;
  /**
   * The task cache: the engine's ID of the image `unit` runs (`sha256:…`), pulled (or built in
   * the run) first when needed. Rejects when the image cannot be had. Without it no task is cached.
   */
  imageId?(unit: Unit): Promise<string>;
  /**
   * The task cache: the archive of `cachePaths` taken from the finished container of a succeeded
   * attempt, once (a second call returns undefined); `problem` when it could not be taken (a path
   * missing in the container, over `maxBytes`). An opaque byte string only `restoreArchive` reads.
   */
  takeArchive?(attemptId: string): { archive?: Buffer; problem?: string } | undefined;
  /**
   * The task cache: puts an archive `takeArchive` gave back into the run's volumes that `unit`
   * mounts, through a short-lived container labelled with the run (never started, removed after).
   * Nothing of it is extracted on the host.
   */
  restoreArchive?(unit: Unit, archive: Buffer): Promise<void>;
}

/** Which runs a sweep looks at. Neither set: every run Gantry left on the engine. */
export interface RunSelector {
  /** Only what this run created. */
  runId?: string;
  /** Only what runs of this instance created. */
  instance?: string;
}

export interface SweepOptions {
  /** Remove runs whose owner is alive (or on another machine) too (`gantry cleanup --force`). Default false. */
  force?: boolean;
  /**
   * Runs to leave alone whatever their owner's state, and say nothing of: a resumed run spares
   * the run whose kept volumes it mounts. Default: none.
   */
  spare?: readonly string[];
}

/** `alive`: the owning process runs; `gone`: it does not; `unknown`: another machine's (left alone). */
export type OwnerState = 'alive' | 'gone' | 'unknown';

export interface LeftoverRun {
  runId: string;
  /** `<host>/<pid>/<start>`; undefined when what it left records none. */
  owner?: string;
  state: OwnerState;
  /** Why it was removed or kept, for people: `its gantry process 123 is gone`. */
  why: string;
  /** Kept by `--keep-failed`: only `gantry cleanup --run ID` (or `--force`) removes it. */
  keptFailed?: boolean;
}

export interface SweptRun extends LeftoverRun {
  /** What was removed, for people: `3 containers, 1 network, 1 state folder`, or `nothing`. */
  removed: string;
  /** One line per thing that could not be removed (left for the next sweep). */
  errors: string[];
}

export interface SweepResult {
  /** Runs removed (owner gone, or `force`). */
  removed: SweptRun[];
  /** Runs left alone: their owner is alive, or on another machine. */
  kept: LeftoverRun[];
}

/**
 * Checks that the engine answers and can tell its capacity, through a connection of its own that
 * `options.signal` aborts, closed after. Rejects as `Backend.connect` and `capacity()` do. The CLI
 * calls it before a run so a wedged engine is given up within seconds and Ctrl-C ends the wait.
 */
export async function checkBackend(backend: Backend, options: BackendConnectOptions): Promise<void> {
  const connection = await backend.connect(options);
  try {
    await connection.capacity();
  } finally {
    await connection.close();
  }
}
