/**
 * The Docker executor: runs the scheduler's attempts and services as containers on a real engine.
 *
 * The scheduler is synchronous; every method here returns at once and reports later through the
 * callbacks it was handed, from async work. Nothing throws out of `start`, `kill`, `prepare`,
 * `startService` or `stopService`: every failure (a missing image, a bad bind, an engine error)
 * becomes an attempt outcome or a service failure with a message a user can act on.
 *
 * Per attempt: create the container (ahead of time via `prepare` when the command does not
 * depend on needs' outputs), attach to its output before starting it (so no line is lost),
 * start, sample stats, wait for the exit through the engine (`/wait`, no polling), then inspect
 * BEFORE removing, so an OOM kill or an exit code is never lost, read `$GANTRY_OUTPUT`, remove.
 *
 * Between one attempt's exit and a dependent's start (a chain's critical path) only the
 * engine's own start is left: a prepared container is attached right after its create; an exit
 * 0 is reported from `/wait`'s status code (nothing else in the state changes its outcome), any
 * other code is inspected first; and the log is drained and the outputs read before `onExit`
 * (the finished container is removed after it, off the critical path). Tasks run in network
 * slots (docker-netns.ts), so neither their start nor their exit sets up or tears down a network
 * endpoint; a dependent is prepared in the slot of the need it follows.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type Dockerode from 'dockerode';
import { formatBytes, formatDuration } from '../../format';
import type { KeptResources, RunSecrets } from '../../backend';
import type { Attempt, AttemptOutcome, AttemptStatus, Executor, KillReason, ResourceUsage, ServiceCallbacks } from '../../executor';
import type { Policy, Unit } from '../../model';
import { resolveAttempt, type ResolvedAttempt } from '../../substitute';
import { cleanupRun, isGone, oneLine, type CleanupResult } from './cleanup';
import { withTimeout } from './engine';
import { GantryError } from '../../diagnostics';
import { ImageResolver, ImageUnavailable, normalizeReference, type ImageEvent } from './images';
import { LABEL_BORROWED_BY, LABEL_ENDED, LABEL_INSTANCE, LABEL_KEPT, LABEL_OWNER, LABEL_RUN, LABEL_UNIT, borrowedMarker, endedMarker, engineName, runLabels } from './labels';
import { stateFolderPrefix, writeStateRecord } from './leftovers';
import { resolveBind } from '../../host/binds';
import { readRegularFile, writeNewFile } from '../../host/files';
import { currentOwner } from '../../host/owner';
import { DEFAULT_LOG_CAP_BYTES, OutputCapture, type LogStream } from './logs';
import { NetnsPool } from './netns';
import { BuildFailed, buildImage, buildTag } from './build';
import { resolveBuildContext } from '../../host/build-context';
import { watchStats, type StatsWatch } from './stats';
import { DEFAULT_CGROUP_ROOT, findContainerCgroup, readHostCpu } from './cgroup';

/** Where an attempt's output goes. Services use attempt number 0. */
export interface LogSink {
  /** One complete line (without its newline), as it comes; the final line even without a newline. */
  line(unitId: string, attempt: number, stream: LogStream, text: string): void;
  /** Where to write the full (capped) log of this attempt; undefined: no file. The folder must exist. */
  file?(unitId: string, attempt: number): string | undefined;
}

/** Things worth telling the user that are not an attempt's outcome. */
export type DockerExecutorEvent =
  | ImageEvent
  | { type: 'warning'; message: string }
  /** A callback of the scheduler or the log sink threw; the executor carried on. */
  | { type: 'callback-error'; error: unknown };

export interface DockerExecutorOptions {
  docker: Dockerode;
  /** Labels everything as `dev.gantry.run=<runId>`; also part of container/network/volume names. */
  runId: string;
  /** Labels everything as `dev.gantry.instance=<instance>`. */
  instance: string;
  /** The batch file's folder: host bind sources (`.`, `./src`) resolve against it. */
  baseDir: string;
  /** Names of the file's `volumes:`; each becomes one labelled named volume for this run. */
  volumes: string[];
  /** Live lines and per-attempt log files. Default: none. */
  logs?: LogSink;
  /** Cap of each attempt's log file (head and tail kept, marker between). Default 50 MB. */
  logCapBytes?: number;
  /** Between SIGTERM and SIGKILL when killing an attempt (ms). Default 5000. */
  killGraceMs?: number;
  /** Pull attempts per missing image. Default 3. */
  pullAttempts?: number;
  /** Delay before the second pull attempt, doubled each time, ±50 % jitter (ms). Default 2000. */
  pullBackoffMs?: number;
  /** `PidsLimit` of every container (a fork bomb must not take the runner down). Default 4096. */
  pidsLimit?: number;
  /** `max-size` of the engine's own json-file log of each container. Default `10m`. */
  engineLogMaxSize?: string;
  /**
   * Run the engine's init (docker-init, i.e. tini) as PID 1, so SIGTERM reaches the task's
   * process (PID 1 ignores signals it has no handler for) and zombies are reaped. Default true.
   */
  init?: boolean;
  /**
   * Most containers created ahead (on `prepare` hints) and not started yet; further hints wait
   * until one of those starts. Default 4.
   */
  prepareAhead?: number;
  /**
   * Run tasks in network slots (see docker-netns.ts): the namespace of a holder container on the
   * run's network, used by one task after the other, instead of an endpoint per task. Default true.
   */
  networkSlots?: boolean;
  /**
   * Where the run's state folder is made (fresh, `gantry-<runId>-XXXXXX`, mode 0700): per-attempt
   * `$GANTRY_OUTPUT` folders and the `owner` record the leftover sweep reads. Default: the OS's
   * temporary folder.
   */
  stateRoot?: string;
  /** The process owning the run (`<host>/<pid>/<start>`), on every label. Default: this process. */
  owner?: string;
  /**
   * How host binds are judged when each container is created (host-binds.ts): the policy and the
   * host folders containers must never write (the run folders; the state folder is added).
   * Default: `trusted`, none.
   */
  binds?: { policy: Policy; hidden: readonly string[] };
  /**
   * `--keep-failed` (core/backend.ts `RunExecutorOptions.keepFailed`): the container of a task whose
   * last attempt failed or timed out is not removed, services stopped by the scheduler stay
   * running, and teardown, when anything was kept, leaves those with the network and volumes and
   * marks the run kept (a volume labelled `dev.gantry.kept=1`). Default false.
   */
  keepFailed?: boolean;
  /**
   * `gantry run --resume` (core/backend.ts `RunExecutorOptions.borrowedVolumes`): the file's
   * volumes the resumed run kept, by their engine names; mounted instead of new ones, removed at
   * teardown unless kept again. Default: none.
   */
  borrowedVolumes?: Readonly<Record<string, string>>;
  /** Asked once at teardown: the file's volumes to leave for a later `--resume`. Default: none. */
  keepVolumes?(): readonly string[];
  /** Longest the executor waits for one engine call during teardown (ms). Default 20 000. */
  teardownCallTimeoutMs?: number;
  /**
   * Where the host's cgroup filesystem is, to read a local container's peak memory from its own
   * cgroup (cgroup.ts); `false`: never (the engine's figures only). Default `/sys/fs/cgroup`.
   */
  cgroupRoot?: string | false;
  /**
   * The values of the secrets units list under `secrets:` (core/backend.ts `RunExecutorOptions.secrets`),
   * and the masker that replaces them (and every line of a multi-line one) by `***` in every line,
   * log file, output and message this executor hands on. A listed secret without a value is not
   * passed (the strict policy withholds them). Default: none.
   */
  secrets?: RunSecrets;
  /** The task cache: paths to archive from a succeeded task's container before its removal (RunExecutorOptions.cachePaths). Default: none. */
  cachePaths?(unit: Unit): readonly string[];
  /** Pulls, retries, warnings. */
  onEvent?(event: DockerExecutorEvent): void;
  /**
   * The environment registry credentials are read from for pulls (`DOCKER_CONFIG` or `HOME` for
   * config.json, `PATH` for credential helpers; see credentials.ts). Default: `process.env`.
   */
  env?: NodeJS.ProcessEnv;
}

/** Where secret files are mounted (read-only) in a container that lists `secrets: { NAME: file }`. */
export const SECRETS_MOUNT = '/run/secrets';
/** The state folder's subfolder holding each container's secret files (removed at teardown). */
const SECRETS_FOLDER = 'secrets';

/**
 * Writes one container's secret files into `dir` (made fresh) and returns it. Files are 0400 and
 * the folder 0500, owned by the container's user where it can be told (`user: UID[:GID]` when
 * Gantry runs as root: chowned to it); for another user that is not Gantry's own (`user: node`,
 * or a UID when Gantry is not root) they are 0444/0555, as docker's own secrets are. Only the
 * container sees them: the state folder around them is 0700.
 */
function writeSecretFiles(dir: string, files: Record<string, string>, user: string | undefined): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const numeric = user === undefined ? undefined : /^(\d+)(?::(\d+))?$/.exec(user);
  const uid = numeric ? Number(numeric[1]) : undefined;
  const gid = numeric?.[2] !== undefined ? Number(numeric[2]) : uid;
  const me = process.getuid?.();
  const chown = uid !== undefined && me === 0 && uid !== 0;
  const open = user !== undefined && !chown && uid !== me && !(uid === undefined && /^root(:.*)?$/.test(user));
  for (const [name, value] of Object.entries(files)) {
    const path = join(dir, name);
    writeNewFile(path, value, { mode: 0o400 });
    chmodSync(path, open ? 0o444 : 0o400);
    if (chown) chownSync(path, uid!, gid!);
  }
  chmodSync(dir, open ? 0o555 : 0o500);
  if (chown) chownSync(dir, uid!, gid!);
  return dir;
}

/** Where `$GANTRY_OUTPUT` lives inside every container. */
export const OUTPUT_MOUNT = '/.gantry';
export const OUTPUT_FILE = `${OUTPUT_MOUNT}/output`;

/** Largest `$GANTRY_OUTPUT` file read (bytes); outputs are values, not data sets. */
const MAX_OUTPUT_FILE = 1024 * 1024;

/** How long to wait for the rest of the output after the exit, before closing the stream (ms). */
const OUTPUT_DRAIN_MS = 2000;

/** Longest an exit by SIGKILL waits for the engine's `oom` event of its container (ms). */
const OOM_EVENT_WAIT_MS = 300;

/** See `DockerExecutorOptions.prepareAhead`. */
const DEFAULT_PREPARE_AHEAD = 4;

interface Created {
  container: Dockerode.Container;
  name: string;
  /** Host folder mounted at OUTPUT_MOUNT. */
  dir: string;
  memory: number;
  /** It runs in a network slot (see docker-netns.ts), held under its name. */
  slotted: boolean;
  /** Its output stream, attached right after create (prepared containers). */
  output?: Attached;
}

interface Attached {
  stream: NodeJS.ReadableStream;
  /** The stream ended, closed or failed: attach again. */
  closed: boolean;
}

interface PreparedEntry {
  memory: number;
  created: Promise<Created | undefined>;
}

interface RunningAttempt {
  attempt: Attempt;
  onExit: (outcome: AttemptOutcome) => void;
  /** The scheduler's `onStarted`: called once the container's start returned. */
  onStarted?: () => void;
  killReason?: KillReason;
  created?: Created;
  started: boolean;
  graceTimer?: NodeJS.Timeout;
  /** The last signal we sent. */
  sent?: 'SIGTERM' | 'SIGKILL';
  done: boolean;
}

interface RunningService {
  unit: Unit;
  callbacks: ServiceCallbacks;
  stopped: boolean;
  /** `none` until the first report; then healthy or failed (failed is reported at most once). */
  state: 'none' | 'healthy' | 'failed';
  created?: Created;
  events?: NodeJS.ReadableStream;
  capture?: OutputCapture;
  output?: NodeJS.ReadableStream;
  stats?: StatsWatch;
}

export class DockerExecutor implements Executor {
  private readonly docker: Dockerode;
  private readonly images: ImageResolver;
  private readonly networkName: string;
  private readonly netns: NetnsPool;
  private stateDir: string | undefined;
  private readonly labels: Record<string, string>;
  private readonly attempts = new Map<string, RunningAttempt>();
  private readonly services = new Map<string, RunningService>();
  /** Containers created (or being created) ahead of `start`, by unit id. */
  private readonly prepared = new Map<string, PreparedEntry>();
  /** Units hinted at by `prepare` and not created yet, oldest first. */
  private readonly hinted = new Map<string, Unit>();
  /** Async work in flight (attempts, services, removals): teardown waits for it. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;
  /** Attempts' output streams not closed yet. */
  private readonly attachedStreams = new Set<Attached>();
  private setupDone: Promise<void> | undefined;
  /** The run's `oom` events (setup to teardown): containers the engine reported, and who waits for one. */
  private readonly oom = { events: undefined as NodeJS.ReadableStream | undefined, seen: new Set<string>(), waiters: new Map<string, () => void>() };
  private teardownDone: Promise<CleanupResult> | undefined;
  /** `keepFailed`: per task id, the container of its failed last attempt, left in place. */
  private readonly keptTasks = new Map<string, Created>();
  /** What teardown kept (set by it). */
  private keptResources: KeptResources | undefined;
  /** What teardown left for `--resume`: file volume name → engine name. */
  private keptForResume: Record<string, string> = {};
  /** The runs the borrowed volumes are labelled with (their `LABEL_ENDED` markers go when the volumes do). */
  private readonly borrowedRuns = new Set<string>();
  /** The borrowed volumes (file names) found to be what a run of this instance kept: only those are ever removed. */
  private readonly borrowedChecked = new Set<string>();
  /** Builds of images under way, by attempt id: a kill or teardown aborts the request. */
  private readonly buildAborts = new Map<string, AbortController>();
  /** Build units whose image is built: their users may be prepared. */
  private readonly built = new Set<string>();
  /** The task cache: archives of `cachePaths` taken from succeeded attempts, by attempt id, until taken. */
  private readonly archives = new Map<string, { archive?: Buffer; problem?: string }>();

  constructor(readonly options: DockerExecutorOptions) {
    this.docker = options.docker;
    this.networkName = engineName('gantry', options.runId);
    this.labels = runLabels(options.runId, options.instance, options.owner ?? currentOwner());
    this.images = new ImageResolver(options.docker, {
      attempts: options.pullAttempts,
      backoffMs: options.pullBackoffMs,
      env: options.env,
      onEvent: (event) => this.emit(event),
    });
    this.netns = new NetnsPool(options.docker, {
      network: this.networkName,
      labels: this.labels,
      namePrefix: this.networkName,
    });
  }

  /** The run's network: tasks reach services by their name on it. */
  get network(): string {
    return this.networkName;
  }

  /** The engine's name of one of the file's volumes for this run. */
  volumeName(name: string): string {
    const borrowed = this.options.borrowedVolumes;
    if (borrowed && Object.hasOwn(borrowed, name)) return borrowed[name];
    return engineName('gantry', this.options.runId, name);
  }

  /**
   * Creates the run's network and named volumes, and starts resolving every unit's image ahead,
   * all in parallel (not awaited: a task whose image is local starts while another image pulls;
   * an image that cannot be had yet is resolved again when a unit needs it, and then fails only
   * the units that need it). Throws a plain Error when the network or a
   * volume cannot be created: the run cannot go on.
   */
  setup(units: readonly Unit[] = []): Promise<void> {
    this.setupDone ??= (async () => {
      const stateRoot = this.options.stateRoot ?? tmpdir();
      mkdirSync(stateRoot, { recursive: true });
      // Fresh and exclusive (mkdtemp, 0700): nobody else's folder, and not a guessable name.
      this.stateDir = realpathSync(mkdtempSync(join(stateRoot, stateFolderPrefix(this.options.runId))));
      writeStateRecord(this.stateDir, { runId: this.options.runId, instance: this.options.instance, owner: this.labels[LABEL_OWNER] });
      // Built images (`build:`) are made by their build unit; every other image is looked for
      // (pulled) ahead, and resolved again when a unit needs it if that failed.
      for (const image of new Set(units.filter((u) => !u.build).map((u) => u.image))) this.images.prefetch(image);
      const labels = this.labels;
      // Settled, not raced: when one step fails, the others (a network still being made) have
      // finished before setup rejects, so the teardown that follows finds and removes them.
      const settled = await Promise.allSettled([
        this.docker.createNetwork({ Name: this.networkName, Driver: 'bridge', CheckDuplicate: true, Labels: labels }),
        ...this.options.volumes
          .filter((name) => !this.isBorrowed(name))
          .map((name) => this.docker.createVolume({ Name: this.volumeName(name), Labels: labels })),
        this.borrowVolumes(),
        // Made once per engine; never fails (without it tasks get endpoints of their own).
        units.some((u) => this.inSlot(u)) ? this.netns.holderImage() : undefined,
        this.watchOom(),
      ]);
      const failed = settled.find((step): step is PromiseRejectedResult => step.status === 'rejected');
      if (failed) throw failed.reason;
    })();
    return this.setupDone;
  }

  private isBorrowed(name: string): boolean {
    return this.options.borrowedVolumes !== undefined && Object.hasOwn(this.options.borrowedVolumes, name);
  }

  /**
   * The volumes an earlier run kept for `--resume`, claimed for this run: each must still be there
   * (a later run or `gantry cleanup` may have removed them); a marker per run they belong to
   * (labels.ts `LABEL_BORROWED_BY`) keeps the leftover sweep of other runs and of `gantry cleanup`
   * away from them while this run lives; then each is looked for again, so one swept before the
   * marker was in place is not mounted as an empty new volume.
   */
  private async borrowVolumes(): Promise<void> {
    const names = this.options.volumes.filter((name) => this.isBorrowed(name));
    if (names.length === 0) return;
    await Promise.all(names.map((name) => this.borrowedVolume(name)));
    await Promise.all(
      [...this.borrowedRuns].map((run) =>
        this.docker.createVolume({
          Name: borrowedMarker(run, this.options.runId),
          Labels: {
            [LABEL_RUN]: run,
            [LABEL_INSTANCE]: this.options.instance,
            [LABEL_OWNER]: this.labels[LABEL_OWNER],
            [LABEL_BORROWED_BY]: this.options.runId,
          },
        }),
      ),
    );
    await Promise.all(names.map((name) => this.borrowedVolume(name)));
  }

  /** A volume an earlier run kept for `--resume`: it must still be there (a later run or `gantry cleanup` may have removed it). */
  private async borrowedVolume(name: string): Promise<void> {
    const volume = this.volumeName(name);
    let labels: Record<string, string> | null | undefined;
    try {
      labels = ((await this.docker.getVolume(volume).inspect()) as { Labels?: Record<string, string> | null }).Labels;
    } catch (error) {
      if (isGone(error)) {
        throw new GantryError(
          'resume-volume-gone',
          `Cannot resume: volume ${volume} (${name}), kept by the run being resumed, is gone (\`gantry cleanup\` or a later run of this folder removed it).`,
          undefined,
          'Run the file in full.',
        );
      }
      throw error;
    }
    const run = labels?.[LABEL_RUN];
    // Only a volume a run of this instance kept under its own name: the report naming it is read
    // from the folder, which a hostile checkout can plant (any volume of the engine would
    // otherwise be mounted, and removed at the end).
    if (run === undefined || labels?.[LABEL_INSTANCE] !== this.options.instance || volume !== engineName('gantry', run, name)) {
      throw new GantryError(
        'resume-volume-foreign',
        `Cannot resume: volume ${volume} (${name}) was not kept by a run of this folder, so it is not mounted.`,
        undefined,
        'Run the file in full.',
      );
    }
    this.borrowedRuns.add(run);
    this.borrowedChecked.add(name);
  }


  /**
   * Stops everything and removes every container, network and volume labelled with this run.
   * Attempts still running end as `cancelled` (their `onExit` is called before this resolves).
   * Idempotent; bounded in time (each engine call has a timeout); resolves with what the final
   * sweep removed.
   */
  teardown(): Promise<CleanupResult> {
    this.teardownDone ??= (async () => {
      this.closing = true;
      this.hinted.clear();
      this.images.close();
      for (const abort of this.buildAborts.values()) abort.abort();
      for (const run of this.attempts.values()) {
        run.killReason ??= 'cancel';
        if (run.graceTimer) clearTimeout(run.graceTimer);
      }
      for (const service of this.services.values()) this.closeService(service);
      const timeout = this.options.teardownCallTimeoutMs ?? 20_000;
      // `keepFailed`: the failed tasks' containers and the services stay (with network and volumes).
      const keep = new Set<string>();
      if (this.keptTasks.size > 0) {
        for (const created of this.keptTasks.values()) keep.add(created.name);
        for (const service of this.services.values()) if (service.created) keep.add(service.created.name);
      }
      // Volumes a later `--resume` needs (asked once: what failed is known by now).
      const resumeNames = (this.options.keepVolumes?.() ?? []).filter((name) => this.options.volumes.includes(name));
      const keepVolumes = new Set(resumeNames.map((name) => this.volumeName(name)));
      // Removing the containers ends every wait() in flight; then the attempts report and finish.
      const first = await cleanupRun(this.docker, { runId: this.options.runId }, { callTimeoutMs: timeout, keep, keepVolumes }).catch(
        (error: unknown) => {
          this.emit({ type: 'warning', message: `cleanup: ${oneLine(error)}` });
          return undefined;
        },
      );
      await withTimeout(Promise.allSettled([...this.inFlight]), timeout, () => new Error('timeout')).catch(() => {});
      // Anything created while the first sweep ran (a create in flight) goes now.
      const last = await cleanupRun(this.docker, { runId: this.options.runId }, { callTimeoutMs: timeout, keep, keepVolumes }).catch(
        (error: unknown) => {
          this.emit({ type: 'warning', message: `cleanup: ${oneLine(error)}` });
          return { containers: 0, networks: 0, volumes: 0, errors: [oneLine(error)] } as CleanupResult;
        },
      );
      // Borrowed from the run being resumed (labelled with that run, so not swept above): removed
      // unless kept again; left with kept containers, which mount them.
      const remove = (volume: string) =>
        withTimeout(this.docker.getVolume(volume).remove({ force: true }), timeout, () => new Error('timeout')).catch((error: unknown) => {
          if (!isGone(error)) this.emit({ type: 'warning', message: `could not remove volume ${volume}: ${oneLine(error)}` });
        });
      const borrowed = Object.keys(this.options.borrowedVolumes ?? {}).filter((name) => this.options.volumes.includes(name) && this.borrowedChecked.has(name));
      let keptBorrowed = false;
      for (const name of borrowed) {
        const volume = this.volumeName(name);
        if (keepVolumes.has(volume) || keep.size > 0) keptBorrowed = true;
        else await remove(volume);
      }
      // Their run's marker goes with the last of them (or a later sweep takes it: it has ended).
      if (!keptBorrowed) for (const run of this.borrowedRuns) await remove(endedMarker(run));
      // This run no longer holds them: the sweep may take them once their run has ended.
      for (const run of this.borrowedRuns) await remove(borrowedMarker(run, this.options.runId));
      for (const name of resumeNames) this.keptForResume[name] = this.volumeName(name);
      // Volumes of this run's own kept for `--resume`: marked as the remains of a run that ended.
      if (resumeNames.some((name) => !borrowed.includes(name))) await this.markEnded(timeout);
      // Attempts that could not report (engine gone) still end exactly once.
      for (const run of this.attempts.values()) {
        this.finish(run, { status: 'cancelled', message: 'cancelled' });
      }
      for (const attached of [...this.attachedStreams]) destroy(attached.stream);
      if (this.oom.events) destroy(this.oom.events);
      for (const wake of this.oom.waiters.values()) wake();
      // Secret files never outlive the run, also when containers are kept for debugging.
      if (this.stateDir) rmSync(join(this.stateDir, SECRETS_FOLDER), { recursive: true, force: true });
      if (keep.size > 0) await this.markKept(timeout);
      // Kept containers mount their output folder from it: it goes with them (`gantry cleanup`).
      else if (this.stateDir) rmSync(this.stateDir, { recursive: true, force: true });
      return {
        containers: last.containers + (first?.containers ?? 0),
        networks: last.networks + (first?.networks ?? 0),
        volumes: last.volumes + (first?.volumes ?? 0),
        ...(first?.images || last.images ? { images: (first?.images ?? 0) + (last.images ?? 0) } : {}),
        errors: [...(first?.errors ?? []), ...last.errors],
      };
    })();
    return this.teardownDone;
  }

  /** After `teardown`: what it left for debugging (`keepFailed` and a task failed), else undefined. */
  kept(): KeptResources | undefined {
    return this.keptResources;
  }

  /** Leaves the `LABEL_ENDED` marker volume beside the volumes kept for `--resume` (labels.ts). */
  private async markEnded(timeout: number): Promise<void> {
    try {
      await withTimeout(
        this.docker.createVolume({ Name: endedMarker(this.options.runId), Labels: { ...this.labels, [LABEL_ENDED]: '1' } }),
        timeout,
        () => new Error('timeout'),
      );
    } catch (error) {
      this.emit({ type: 'warning', message: `could not mark run ${this.options.runId} as ended: ${oneLine(error)}` });
    }
  }

  /** After `teardown`: the volumes left for `--resume`, file name → engine name. */
  keptVolumes(): Record<string, string> {
    return { ...this.keptForResume };
  }

  /**
   * Marks the run as kept with a labelled volume (labels cannot be added to what exists), so the
   * leftover sweep leaves it alone, and records what was kept. A marker that cannot be made is a
   * warning: the kept containers are still listed.
   */
  private async markKept(timeout: number): Promise<void> {
    const units: KeptResources['units'] = [];
    for (const [unit, created] of this.keptTasks) units.push({ unit, kind: 'task', container: created.name });
    for (const service of this.services.values()) {
      if (service.created) units.push({ unit: service.unit.id, kind: 'service', container: service.created.name });
    }
    this.keptResources = { network: this.networkName, units };
    try {
      await withTimeout(
        this.docker.createVolume({ Name: engineName('gantry', this.options.runId, 'kept'), Labels: { ...this.labels, [LABEL_KEPT]: '1' } }),
        timeout,
        () => new Error('timeout'),
      );
    } catch (error) {
      this.emit({ type: 'warning', message: `could not mark run ${this.options.runId} as kept: ${oneLine(error)}` });
    }
  }

  prepare(unit: Unit): void {
    if (this.closing || unit.kind !== 'task' || this.prepared.has(unit.id) || this.hinted.has(unit.id)) return;
    // Its command is only known once the needed tasks wrote their outputs.
    if (unit.spec.expressions.some((e) => e.path[0] === 'needs')) return;
    // Its image is not built yet: a create now would fail.
    if (unit.build && !this.built.has(unit.build.unit)) return;
    this.hinted.set(unit.id, unit);
    this.prepareNext();
  }

  /**
   * Creates hinted containers, oldest hint first, while fewer than `prepareAhead` wait to be
   * started. A wide batch hints at every ready task at once; creating them all would keep the
   * engine busy with creates while the first tasks are trying to start.
   */
  private prepareNext(): void {
    const ahead = this.options.prepareAhead ?? DEFAULT_PREPARE_AHEAD;
    for (const [id, unit] of this.hinted) {
      if (this.closing || this.prepared.size >= ahead) return;
      this.hinted.delete(id);
      const created = this.track(
        (async () => {
          await this.setupDone;
          if (!unit.build) await this.images.ensure(unit.image);
          if (this.closing) return undefined;
          const attempt: Attempt = { id: `${unit.id}#prepared`, unit, number: 1, memory: unit.memory, needsOutputs: {} };
          const created = await this.create(unit, attempt.memory, resolveAttempt(attempt), 'task');
          // Attached now, so start() does not wait for it; start() attaches again if this failed.
          created.output = await this.attach(created.container).catch(() => undefined);
          return created;
        })().catch(() => undefined), // start() creates again and reports the real error
      );
      this.prepared.set(unit.id, { memory: unit.memory, created });
    }
  }

  start(attempt: Attempt, onExit: (outcome: AttemptOutcome) => void, onStarted?: () => void): void {
    const run: RunningAttempt = { attempt, onExit, onStarted, started: false, done: false };
    this.attempts.set(attempt.id, run);
    if (attempt.unit.kind === 'build') {
      this.track(
        this.runBuild(run).catch((error: unknown) => this.finish(run, { status: 'failed', message: `the image could not be built: ${oneLine(error)}` })),
      );
      return;
    }
    this.track(
      this.runAttempt(run).catch((error: unknown) => {
        this.finish(run, {
          status: run.killReason ? statusFor(run.killReason) : 'failed',
          message: run.killReason && this.closing ? 'cancelled' : `could not run the container: ${oneLine(error)}`,
        });
      }),
    );
  }

  kill(attemptId: string, reason: KillReason): void {
    const run = this.attempts.get(attemptId);
    if (!run || run.done || run.killReason) return;
    run.killReason = reason;
    this.buildAborts.get(attemptId)?.abort();
    if (run.started) this.signal(run);
    // Not started yet: runAttempt sees killReason and does not start it.
  }

  startService(unit: Unit, callbacks: ServiceCallbacks): void {
    const service: RunningService = { unit, callbacks, stopped: false, state: 'none' };
    this.services.set(unit.id, service);
    this.track(
      this.runService(service).catch((error: unknown) => {
        this.serviceFailed(service, `service ${unit.id} could not start: ${oneLine(error)}`);
      }),
    );
  }

  stopService(unitId: string): ResourceUsage | undefined {
    const service = this.services.get(unitId);
    if (!service || service.stopped) return undefined;
    // Read before the container goes: its cgroup's high-water mark is still there.
    const usage = service.stats?.stop();
    this.closeService(service);
    const created = service.created;
    // `keepFailed`: left running until teardown, which keeps it if a task failed.
    if (created && !this.options.keepFailed) this.track(this.remove(created));
    return usage;
  }

  // -------------------------------------------------------------------------------------------
  // Builds of images (`build:`, core/build-units.ts; build.ts)

  /** The image a unit runs: the one its build unit made in this run, or its `image`. */
  private imageOf(unit: Unit): string {
    return unit.build ? buildTag(this.options.runId, unit.build.unit) : normalizeReference(unit.image);
  }

  /**
   * A build unit's attempt: the context judged again on the host (it may have changed since
   * validation), the image built and tagged for the run, the builder's output as the unit's log.
   * `run.started` stays false: a kill aborts the build's request instead of signalling a container.
   */
  private async runBuild(run: RunningAttempt): Promise<void> {
    const { attempt } = run;
    const unit = attempt.unit;
    await this.setupDone;
    if (run.killReason || this.closing) return this.finish(run, notStarted(run.killReason ?? 'cancel'));
    const spec = unit.build!.spec;
    const context = resolveBuildContext(spec, { baseDir: this.options.baseDir, policy: this.options.binds?.policy ?? 'trusted' }, `Build ${unit.id}`);
    if (!context.ok) return this.finish(run, { status: 'failed', message: context.message });
    const abort = new AbortController();
    this.buildAborts.set(attempt.id, abort);
    const capture = this.capture(unit.id, attempt.number);
    if (!run.done) this.callSafe(() => run.onStarted?.());
    try {
      const tag = buildTag(this.options.runId, unit.id);
      await buildImage(this.docker, { dir: context.dir, dockerfile: context.dockerfile, spec, tag, labels: this.labels, unitId: unit.id, capture, signal: abort.signal, env: this.options.env });
      this.built.add(unit.id);
      this.finish(run, { status: 'succeeded', exitCode: 0 });
    } catch (error) {
      if (run.killReason) {
        return this.finish(run, { status: statusFor(run.killReason), message: run.killReason === 'cancel' ? 'cancelled' : `the build was stopped (${run.killReason})` });
      }
      this.finish(run, { status: 'failed', message: error instanceof BuildFailed ? error.message : `the image could not be built: ${oneLine(error)}` });
    } finally {
      this.buildAborts.delete(attempt.id);
      capture.end();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Attempts

  private async runAttempt(run: RunningAttempt): Promise<void> {
    const { attempt } = run;
    const unit = attempt.unit;
    await this.setupDone;
    if (run.killReason) return this.finish(run, notStarted(run.killReason));
    try {
      if (!unit.build) await this.images.ensure(unit.image);
    } catch (error) {
      const message = oneLine(error instanceof Error ? error.message : error);
      return this.finish(run, { status: 'failed', message, ...(error instanceof ImageUnavailable ? { cause: 'image-unavailable' as const } : {}) });
    }
    const created =
      (await this.takePrepared(unit, attempt.memory, wroteOutputs(attempt))) ??
      (await this.create(unit, attempt.memory, resolveAttempt(attempt), 'task'));
    run.created = created;
    if (run.killReason || this.closing) {
      await this.remove(created);
      return this.finish(run, notStarted(run.killReason ?? 'cancel'));
    }

    const capture = this.capture(unit.id, attempt.number);
    let keep = false;
    let stats: StatsWatch | undefined;
    let state: ContainerState | undefined;
    let waitError: unknown;
    try {
      // Attach before start: every byte the process writes reaches us, the last line included.
      // A prepared container was attached right after its create, off the critical path.
      let attached = created.output && !created.output.closed ? created.output : undefined;
      if (created.output && !attached) destroy(created.output.stream);
      created.output = attached ??= await this.attach(created.container);
      const output = attached.stream;
      const drained = drain(output, capture);
      await created.container.start();
      run.started = true;
      // The command runs from now: the task's timeout counts from here (executor.ts).
      if (!run.done) this.callSafe(() => run.onStarted?.());
      stats = this.watchStats(created.container);
      if (run.killReason) this.signal(run);
      let exit: WaitResult | undefined;
      try {
        exit = (await created.container.wait()) as WaitResult;
      } catch (error) {
        waitError = error;
      }
      // It has exited: its slot is free for the task prepared to run next in it.
      if (waitError === undefined) this.netns.release(created.name);
      const usage = stats.stop();
      await withTimeout(drained, OUTPUT_DRAIN_MS, () => new Error('drain')).catch(() => destroy(output));
      capture.end();
      if (waitError === undefined && exit?.StatusCode === 0 && !exit.Error?.Message) {
        // The engine's own exit code, from the wait: for an exit 0, OOMKilled and Error change
        // nothing in the outcome (see outcome()), so the state needs no second call. Any other
        // code, or a wait that failed, is inspected before the container is removed.
        state = { ExitCode: 0, OOMKilled: false };
      } else {
        try {
          state = ((await created.container.inspect()) as { State: ContainerState }).State;
        } catch (error) {
          waitError ??= error;
        }
      }
      // The engine's OOMKilled can lag the exit: a SIGKILL nobody sent waits briefly for its oom event.
      const oomEvent =
        state !== undefined && state.ExitCode !== 0 && !state.OOMKilled && !run.killReason
          ? await this.oomEvent(created.container.id, state.ExitCode === 137 ? OOM_EVENT_WAIT_MS : 0)
          : false;
      // A secret a task wrote into an output reaches neither its dependents nor the reports.
      const written = readOutputs(created.dir, unit);
      const outputs = this.maskValues(written);
      const outcome = this.outcome(run, state, waitError, usage, outputs, oomEvent);
      // Which outputs lost a secret to `***`: a resumed run cannot hand them on as they were.
      const masked = Object.keys(outputs).filter((key) => outputs[key] !== written[key]);
      if (masked.length > 0) outcome.maskedOutputs = masked;
      if (this.options.keepFailed && !this.closing) keep = this.keepAttempt(unit.id, created, outcome.status);
      // The task cache: its cache.paths, from the finished container, before it goes.
      const cachePaths = outcome.status === 'succeeded' && !outcome.maskedOutputs && !this.closing ? (this.options.cachePaths?.(unit) ?? []) : [];
      if (cachePaths.length > 0) {
        this.archives.set(
          attempt.id,
          await archivePaths(created.container, cachePaths, MAX_CACHE_ARCHIVE_BYTES).then(
            (archive) => ({ archive }),
            (error: unknown) => ({ problem: oneLine(error instanceof Error ? error.message : error) }),
          ),
        );
      }
      this.finish(run, outcome);
    } finally {
      if (run.graceTimer) clearTimeout(run.graceTimer);
      stats?.stop();
      capture.end();
      if (keep) {
        if (created.output) destroy(created.output.stream);
        this.netns.release(created.name);
      } else await this.remove(created);
    }
  }

  // -------------------------------------------------------------------------------------------
  // The task cache (core/run/cache-run.ts)

  async imageId(unit: Unit): Promise<string> {
    await this.setupDone;
    if (!unit.build) await this.images.ensure(unit.image);
    const info = (await withTimeout(this.docker.getImage(this.imageOf(unit)).inspect(), 30_000, () => new Error('timeout'))) as { Id?: string };
    if (typeof info.Id !== 'string' || info.Id === '') throw new Error(`the engine gave no ID for image ${this.imageOf(unit)}`);
    return info.Id;
  }

  takeArchive(attemptId: string): { archive?: Buffer; problem?: string } | undefined {
    const taken = this.archives.get(attemptId);
    this.archives.delete(attemptId);
    return taken;
  }

  async restoreArchive(unit: Unit, archive: Buffer): Promise<void> {
    await this.setupDone;
    const parts = readArchive(archive);
    const mounts: Dockerode.MountSettings[] = [];
    for (const mount of unit.spec.volumes) {
      if (mount.kind === 'volume' && this.options.volumes.includes(mount.source)) mounts.push({ Type: 'volume', Source: this.volumeName(mount.source), Target: mount.target, ReadOnly: false });
    }
    const name = engineName('gantry', this.options.runId, unit.id, `restore-${Math.random().toString(36).slice(2, 8)}`);
    // Never started: the engine writes the archive into its volumes itself (as `docker cp` does).
    const container = await this.track(
      this.docker.createContainer({
        name,
        Image: this.imageOf(unit),
        Entrypoint: ['/gantry-restore-never-runs'],
        Labels: { ...this.labels, [LABEL_UNIT]: unit.id },
        NetworkDisabled: true,
        HostConfig: { Mounts: mounts, NetworkMode: 'none' },
      }),
    );
    try {
      for (const part of parts) {
        await withTimeout(container.putArchive(part.tar, { path: posix.dirname(part.path) }), 120_000, () => new Error('timeout'));
      }
    } finally {
      await withTimeout(container.remove({ force: true, v: true }), this.options.teardownCallTimeoutMs ?? 20_000, () => new Error('timeout')).catch((error: unknown) => {
        if (!isGone(error)) this.emit({ type: 'warning', message: `could not remove ${name}: ${oneLine(error)}` });
      });
    }
  }

  /**
   * `keepFailed`: whether this attempt's container stays (it failed or timed out). Only the last
   * attempt of a task is kept: an earlier one it replaces, or a retry that succeeded, removes it.
   */
  private keepAttempt(unitId: string, created: Created, status: AttemptStatus): boolean {
    const earlier = this.keptTasks.get(unitId);
    if (earlier) {
      this.keptTasks.delete(unitId);
      this.track(this.remove(earlier));
    }
    if (status !== 'failed' && status !== 'timeout') return false;
    this.keptTasks.set(unitId, created);
    return true;
  }

  private outcome(
    run: RunningAttempt,
    state: ContainerState | undefined,
    waitError: unknown,
    usage: AttemptOutcome['usage'],
    outputs: Record<string, string>,
    oomEvent = false,
  ): AttemptOutcome {
    const base: Partial<AttemptOutcome> = usage ? { usage } : {};
    if (Object.keys(outputs).length > 0) base.outputs = outputs;
    if (!state) {
      if (run.killReason) return { ...base, status: statusFor(run.killReason), message: killMessage(run, undefined) };
      return { ...base, status: 'failed', message: `lost the container's state: ${oneLine(waitError)}` };
    }
    const exitCode = state.ExitCode;
    const signal = signalOf(exitCode);
    const withCode: Partial<AttemptOutcome> = { ...base, exitCode, ...(signal ? { signal } : {}) };
    if (run.killReason) {
      return { ...withCode, status: statusFor(run.killReason), message: killMessage(run, exitCode) };
    }
    const limit = run.created?.memory ?? run.attempt.memory;
    // Only the engine says what was an OOM kill: its OOMKilled, or its `oom` event for the
    // container (OOMKilled can lose a race with the exit). A SIGKILL near the limit is not one:
    // `docker kill` of a task using most of its memory is `killed`.
    if ((state.OOMKilled || oomEvent) && exitCode !== 0) {
      // It reached its limit, whatever the samples saw (a spike between two of them).
      const seen = usage?.peakMemory ?? 0;
      const atLimit: ResourceUsage =
        seen >= limit ? usage! : { ...(usage ?? { cpuSeconds: 0, samples: 0 }), peakMemory: limit, peakSource: 'limit' };
      return { ...withCode, usage: atLimit, status: 'oom', message: `out of memory (limit ${formatBytes(limit)})` };
    }
    if (exitCode === 0) return { ...withCode, status: 'succeeded' };
    if (state.Error) return { ...withCode, status: 'failed', message: `exit code ${exitCode}: ${state.Error}` };
    if (signal) return { ...withCode, status: 'killed', message: `killed by ${signal} (exit code ${exitCode})` };
    return { ...withCode, status: 'failed', message: `exit code ${exitCode}` };
  }

  /** Starts measuring a started container: the engine's stats, and its cgroup when the engine is local. */
  private watchStats(container: Dockerode.Container): StatsWatch {
    const root = this.options.cgroupRoot ?? DEFAULT_CGROUP_ROOT;
    const cgroup = root === false ? undefined : findContainerCgroup(container.id, root);
    // Its cgroup found here: the engine is local, and this machine's load is the container's.
    return watchStats(container, { cgroup, hostCpu: cgroup ? readHostCpu : undefined });
  }

  /**
   * Listens, for the whole run, to the engine's `oom` events of containers labelled with this
   * run. Never fails the setup: without it OOMKilled alone says what was an OOM kill.
   */
  private async watchOom(): Promise<void> {
    let events: NodeJS.ReadableStream;
    try {
      events = (await this.docker.getEvents({
        filters: { type: ['container'], event: ['oom'], label: [`${LABEL_RUN}=${this.options.runId}`] },
      })) as NodeJS.ReadableStream;
    } catch (error) {
      this.emit({ type: 'warning', message: `cannot watch the engine's oom events: ${oneLine(error)}` });
      return;
    }
    this.oom.events = events;
    events.on('error', () => {});
    if (this.closing) return destroy(events);
    let pending = '';
    events.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        let id: string | undefined;
        try {
          const event = JSON.parse(line) as { id?: string; Actor?: { ID?: string } };
          id = event.Actor?.ID ?? event.id;
        } catch {
          continue;
        }
        if (!id) continue;
        this.oom.seen.add(id);
        this.oom.waiters.get(id)?.();
      }
    });
  }

  /** Whether the engine reported an `oom` event for container `id`, waiting up to `waitMs` for it. */
  private oomEvent(id: string, waitMs: number): Promise<boolean> {
    if (this.oom.seen.delete(id)) return Promise.resolve(true);
    if (waitMs <= 0 || !this.oom.events || this.closing) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.oom.waiters.delete(id);
        resolve(this.oom.seen.delete(id));
      };
      const timer = setTimeout(done, waitMs);
      this.oom.waiters.set(id, done);
    });
  }

  private signal(run: RunningAttempt): void {
    const container = run.created?.container;
    if (!container || run.done) return;
    run.sent = 'SIGTERM';
    container.kill({ signal: 'SIGTERM' }).catch(() => {});
    const grace = this.options.killGraceMs ?? 5000;
    run.graceTimer = setTimeout(() => {
      if (run.done) return;
      run.sent = 'SIGKILL';
      container.kill({ signal: 'SIGKILL' }).catch(() => {});
    }, grace);
  }

  private finish(run: RunningAttempt, outcome: AttemptOutcome): void {
    if (run.done) return;
    run.done = true;
    if (run.graceTimer) clearTimeout(run.graceTimer);
    this.attempts.delete(run.attempt.id);
    if (outcome.message !== undefined) outcome = { ...outcome, message: this.mask(outcome.message) };
    this.callSafe(() => run.onExit(outcome));
  }

  /** `stale`: the container was made without values the attempt has (its needs' outputs, as env). */
  private async takePrepared(unit: Unit, memory: number, stale = false): Promise<Created | undefined> {
    // A hint not acted on yet: creating it now is what preparing would have done.
    this.hinted.delete(unit.id);
    const entry = this.prepared.get(unit.id);
    if (!entry) return undefined;
    this.prepared.delete(unit.id);
    this.prepareNext();
    const created = await entry.created;
    if (!created) return undefined;
    if (stale || entry.memory !== memory || (created.slotted && !this.netns.holds(created.name))) {
      // A retry after an OOM asks for more memory than the container was made with; or its
      // slot's holder has not exited (not expected: the holder is one of its needs).
      await this.remove(created);
      return undefined;
    }
    return created;
  }

  // -------------------------------------------------------------------------------------------
  // Services

  private async runService(service: RunningService): Promise<void> {
    const { unit } = service;
    await this.setupDone;
    try {
      if (!unit.build) await this.images.ensure(unit.image);
    } catch (error) {
      return this.serviceFailed(service, `service ${unit.id}: ${error instanceof Error ? error.message : oneLine(error)}`);
    }
    if (service.stopped) return;
    const attempt: Attempt = { id: `${unit.id}#service`, unit, number: 0, memory: unit.memory, needsOutputs: {} };
    const created = await this.create(unit, unit.memory, resolveAttempt(attempt), 'service');
    service.created = created;
    if (service.stopped) return this.remove(created);

    // Listen before starting, so neither the health status nor an early exit can be missed.
    const events = (await this.docker.getEvents({
      filters: { type: ['container'], container: [created.container.id], event: ['health_status', 'die'] },
    })) as NodeJS.ReadableStream;
    service.events = events;
    let pending = '';
    events.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (!line) continue;
        let action = '';
        try {
          action = String((JSON.parse(line) as { Action?: string; status?: string }).Action ?? '');
        } catch {
          continue;
        }
        this.track(this.onServiceEvent(service, action).catch(() => {}));
      }
    });
    events.on('error', () => {});
    events.on('end', () => {
      if (!service.stopped && !this.closing) this.serviceFailed(service, `service ${unit.id}: lost the engine's event stream`);
    });

    service.capture = this.capture(unit.id, 0);
    const output = (await created.container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    service.output = output;
    void drain(output, service.capture).then(() => service.capture?.end());
    if (service.stopped) return;
    await created.container.start();
    // A service is measured too (it is often the bottleneck); its usage is handed over at stopService.
    if (!service.stopped) service.stats = this.watchStats(created.container);
    if (!unit.spec.health && !service.stopped && service.state === 'none') {
      service.state = 'healthy';
      this.callSafe(() => service.callbacks.healthy());
    }
  }

  private async onServiceEvent(service: RunningService, action: string): Promise<void> {
    if (service.stopped || service.state === 'failed') return;
    const { unit } = service;
    if (action === 'health_status: healthy') {
      if (service.state === 'none') {
        service.state = 'healthy';
        this.callSafe(() => service.callbacks.healthy());
      }
      return;
    }
    if (action !== 'die' && action !== 'health_status: unhealthy') return;
    let state: ContainerState | undefined;
    try {
      state = ((await service.created!.container.inspect()) as { State: ContainerState }).State;
    } catch {
      state = undefined;
    }
    if (service.stopped) return;
    const when = service.state === 'healthy' ? '' : ' before it became healthy';
    const probe = lastProbe(state);
    const lines = service.capture?.last.get().slice(-5) ?? [];
    const output = lines.length > 0 ? `; last output: ${lines.join(' | ')}` : '';
    if (action === 'die') {
      const code = state?.ExitCode;
      const how = state?.OOMKilled
        ? `ran out of memory (limit ${formatBytes(unit.memory)})`
        : `exited with code ${code ?? 'unknown'}`;
      this.serviceFailed(service, `service ${unit.id} ${how}${when}${probe ? `; last health check: ${probe}` : ''}${output}`);
    } else {
      const retries = unit.spec.health?.retries;
      this.serviceFailed(
        service,
        `service ${unit.id} is unhealthy${retries ? ` (health check failed ${retries} times in a row)` : ''}${probe ? `; last health check: ${probe}` : ''}`,
      );
    }
  }

  /** `text` with every secret the run was given replaced by `***`. */
  private mask(text: string): string {
    const masker = this.options.secrets?.masker;
    return masker && !masker.empty ? masker.mask(text) : text;
  }

  private maskValues(values: Record<string, string>): Record<string, string> {
    const masker = this.options.secrets?.masker;
    if (!masker || masker.empty) return values;
    const out: Record<string, string> = {};
    for (const key in values) out[key] = masker.mask(values[key]);
    return out;
  }

  private serviceFailed(service: RunningService, message: string): void {
    if (service.stopped || service.state === 'failed') return;
    service.state = 'failed';
    this.callSafe(() => service.callbacks.failed(this.mask(message)));
  }

  private closeService(service: RunningService): void {
    service.stopped = true;
    service.stats?.stop();
    if (service.events) destroy(service.events);
    if (service.output) destroy(service.output);
    service.capture?.end();
  }

  // -------------------------------------------------------------------------------------------
  // Containers

  private async create(unit: Unit, memory: number, resolved: ResolvedAttempt, kind: 'task' | 'service'): Promise<Created> {
    const spec = unit.spec;
    const name = engineName('gantry', this.options.runId, unit.id, Math.random().toString(36).slice(2, 8));
    if (!this.stateDir) throw new Error('the run was not set up');
    const dir = join(this.stateDir, name);
    mkdirSync(dir);
    // Any user the task runs as (`user: 1000`) must be able to write its outputs.
    chmodSync(dir, 0o777);
    writeNewFile(join(dir, 'output'), '', { mode: 0o666 });
    chmodSync(join(dir, 'output'), 0o666);

    const mounts: Dockerode.MountSettings[] = [{ Type: 'bind', Source: dir, Target: OUTPUT_MOUNT, ReadOnly: false }];
    const hidden = [...(this.options.binds?.hidden ?? []), this.stateDir];
    for (const mount of spec.volumes) {
      if (mount.kind === 'volume') {
        if (!this.options.volumes.includes(mount.source)) {
          // The engine would create it silently, unlabelled: a leak. Validation prevents this.
          throw new Error(`volume "${mount.source}" is not declared under volumes:`);
        }
        mounts.push({ Type: 'volume', Source: this.volumeName(mount.source), Target: mount.target, ReadOnly: mount.readOnly });
      } else {
        // Judged again now, by its real path: a task running earlier may have made a new link.
        const bind = resolveBind(mount, { baseDir: this.options.baseDir, policy: this.options.binds?.policy ?? 'trusted', hidden }, `${unit.kind} ${unit.id}`);
        if (!bind.ok) {
          rmSync(dir, { recursive: true, force: true });
          throw new Error(`${bind.message} [${bind.code}]`);
        }
        mounts.push({ Type: 'bind', Source: bind.source, Target: mount.target, ReadOnly: mount.readOnly });
        // Gantry's own folders inside the bound one: an empty read-only tmpfs in their place.
        for (const target of bind.covers) mounts.push({ Type: 'tmpfs', Source: '', Target: target, ReadOnly: true });
      }
    }
    const hostNetwork = spec.network === 'host';
    const slot = this.inSlot(unit) ? await this.netns.claim(name, this.runningNeeds(unit)) : undefined;
    const env: Record<string, string> = { ...resolved.env, GANTRY_OUTPUT: OUTPUT_FILE };
    // Secrets: as variables (visible in `docker inspect`, as with compose), or as read-only files
    // in a folder of the state folder (never in the workspace), removed with the container.
    const secretValues = this.options.secrets?.values ?? {};
    const secretFiles: Record<string, string> = {};
    for (const secret of spec.secrets) {
      if (!Object.hasOwn(secretValues, secret.name)) continue;
      if (secret.as === 'env') env[secret.name] = secretValues[secret.name];
      else secretFiles[secret.name] = secretValues[secret.name];
    }
    if (Object.keys(secretFiles).length > 0) {
      mounts.push({ Type: 'bind', Source: writeSecretFiles(join(this.stateDir, SECRETS_FOLDER, name), secretFiles, resolved.user), Target: SECRETS_MOUNT, ReadOnly: true });
    }
    const health = kind === 'service' ? spec.health : undefined;
    const options: Dockerode.ContainerCreateOptions = {
      name,
      Image: this.imageOf(unit),
      Cmd: resolved.command,
      Entrypoint: resolved.entrypoint,
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      WorkingDir: resolved.workdir,
      User: resolved.user,
      Labels: { ...this.labels, [LABEL_UNIT]: unit.id },
      Tty: false,
      OpenStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Healthcheck: health
        ? {
            Test: health.command ? ['CMD', ...health.command] : ['CMD-SHELL', health.run ?? 'true'],
            // The engine wants nanoseconds, and at least 1 ms for intervals (0 = its default).
            Interval: Math.max(1, health.interval) * 1e6,
            Timeout: Math.max(1, health.timeout) * 1e6,
            Retries: health.retries,
            StartPeriod: health.startPeriod * 1e6,
          }
        : undefined,
      ...(kind === 'service' && spec.ports?.length && !hostNetwork
        ? { ExposedPorts: Object.fromEntries(spec.ports.map((p) => [`${p.container}/${p.protocol}`, {}])) }
        : {}),
      HostConfig: {
        ...(kind === 'service' && spec.ports?.length && !hostNetwork ? { PortBindings: portBindings(spec.ports) } : {}),
        ...cpuLimit(unit.cpus),
        Memory: memory > 0 ? memory : undefined,
        // Equal to Memory: no swap, so the limit means what it says and OOM is detected.
        MemorySwap: memory > 0 ? memory : undefined,
        PidsLimit: this.options.pidsLimit ?? 4096,
        Privileged: spec.privileged,
        SecurityOpt: spec.privileged ? [] : ['no-new-privileges'],
        CapAdd: spec.capAdd.length > 0 ? spec.capAdd : undefined,
        NetworkMode: hostNetwork ? 'host' : slot ? `container:${slot.id}` : this.networkName,
        Mounts: mounts,
        Init: this.options.init ?? true,
        LogConfig: { Type: 'json-file', Config: { 'max-size': this.options.engineLogMaxSize ?? '10m', 'max-file': '1' } },
      },
      NetworkingConfig:
        hostNetwork || slot ? undefined : { EndpointsConfig: { [this.networkName]: { Aliases: [spec.name] } } },
    };
    try {
      const container = await this.docker.createContainer(options);
      return { container, name, dir, memory, slotted: slot !== undefined };
    } catch (error) {
      this.netns.release(name);
      rmSync(dir, { recursive: true, force: true });
      rmSync(join(this.stateDir, SECRETS_FOLDER, name), { recursive: true, force: true });
      // The engine may quote what it refused (an env value that is a need's output, a secret):
      // the message keeps the engine's words, never the values.
      throw new Error(this.mask(redact(oneLine(error), Object.values(env))));
    }
  }

  /**
   * Whether `unit` runs in a network slot: a task on the run's network that cannot change its
   * namespace for the next task (not privileged, no added capabilities).
   */
  private inSlot(unit: Unit): boolean {
    const { spec } = unit;
    return this.options.networkSlots !== false && unit.kind === 'task' && spec.network !== 'host' && !spec.privileged && spec.capAdd.length === 0;
  }

  /** Containers of `unit`'s needs that exist now: they exit before it can start. */
  private runningNeeds(unit: Unit): Set<string> {
    const names = new Set<string>();
    if (unit.needs.length === 0) return names;
    const needs = new Set(unit.needs);
    for (const run of this.attempts.values()) {
      if (run.created && needs.has(run.attempt.unit.id)) names.add(run.created.name);
    }
    return names;
  }

  /** Where one attempt's output goes (a service's: attempt 0): the live sink and its capped log file. */
  private capture(unitId: string, attempt: number): OutputCapture {
    return new OutputCapture({
      filePath: this.callSafe(() => this.options.logs?.file?.(unitId, attempt)),
      capBytes: this.options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES,
      ...(this.options.secrets && !this.options.secrets.masker.empty ? { masker: this.options.secrets.masker } : {}),
      onLine: (stream, text) => this.callSafe(() => this.options.logs?.line(unitId, attempt, stream, text)),
    });
  }

  /**
   * Attaches to a container's output. Until it is consumed the stream is paused; it is tracked
   * until it closes, so teardown can close the streams of prepared containers that never started
   * (the engine does not end those when it removes the container, and they would keep the
   * process alive).
   */
  private async attach(container: Dockerode.Container): Promise<Attached> {
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    const attached: Attached = { stream, closed: false };
    this.attachedStreams.add(attached);
    const close = () => {
      attached.closed = true;
      this.attachedStreams.delete(attached);
    };
    stream.on('end', close);
    stream.on('close', close);
    stream.on('error', close);
    if (this.closing) destroy(stream);
    return attached;
  }

  private async remove(created: Created): Promise<void> {
    if (created.output) destroy(created.output.stream);
    // Removed with force: nothing runs in its slot any more.
    this.netns.release(created.name);
    if (this.stateDir) rmSync(join(this.stateDir, SECRETS_FOLDER, created.name), { recursive: true, force: true });
    try {
      await withTimeout(
        created.container.remove({ force: true, v: true }),
        this.options.teardownCallTimeoutMs ?? 20_000,
        () => new Error('timeout'),
      );
    } catch (error) {
      if (!isGone(error) && !this.closing) this.emit({ type: 'warning', message: `could not remove ${created.name}: ${oneLine(error)}` });
    }
    rmSync(created.dir, { recursive: true, force: true });
  }

  // -------------------------------------------------------------------------------------------

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  private emit(event: DockerExecutorEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A broken progress display must not break the run.
    }
  }

  private callSafe<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.emit({ type: 'callback-error', error });
      return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** Least CPU time a container gets per CFS period (µs): what starting a process takes here. */
const MIN_CPU_QUOTA_US = 25_000;
/** The engine's (and the kernel's) default period, and the longest it allows (µs). */
const CPU_PERIOD_US = 100_000;
const MAX_CPU_PERIOD_US = 1_000_000;

/**
 * The CPU limit of `cpus` (0: none). Docker's NanoCpus is a quota per 100 ms period: 0.1 cpus
 * get 10 ms of each 100 ms, less than starting a process in a container takes (runc's init, the
 * init, the shell, the loader: ~15–25 ms here), so a small task was throttled for most of a period
 * before its command even ran. Below 0.25 cpus the period grows instead (same share, at most 1 s),
 * so each period holds at least 25 ms of CPU; at 0.25 cpus and above it is exactly NanoCpus.
 */
export function cpuLimit(cpus: number): { NanoCpus?: number; CpuPeriod?: number; CpuQuota?: number } {
  if (!(cpus > 0)) return {};
  if (cpus * CPU_PERIOD_US >= MIN_CPU_QUOTA_US) return { NanoCpus: Math.round(cpus * 1e9) };
  const period = Math.min(MAX_CPU_PERIOD_US, Math.ceil(MIN_CPU_QUOTA_US / cpus));
  // The engine refuses a quota under 1 ms.
  return { CpuPeriod: period, CpuQuota: Math.max(1000, Math.round(cpus * period)) };
}

/** What `POST /containers/{id}/wait` answers. */
interface WaitResult {
  StatusCode?: number;
  Error?: { Message?: string } | null;
}

interface ContainerState {
  Status?: string;
  ExitCode: number;
  OOMKilled: boolean;
  Error?: string;
  Health?: { Status?: string; Log?: Array<{ ExitCode?: number; Output?: string }> };
}

function statusFor(reason: KillReason): AttemptStatus {
  return reason === 'timeout' ? 'timeout' : reason === 'cancel' ? 'cancelled' : 'killed';
}

function notStarted(reason: KillReason): AttemptOutcome {
  const why = reason === 'timeout' ? 'timed out before it started' : reason === 'cancel' ? 'cancelled before it started' : 'stopped before it started (fail-fast)';
  return { status: statusFor(reason), message: why };
}

function killMessage(run: RunningAttempt, exitCode: number | undefined): string {
  const reason = run.killReason!;
  const signal = exitCode === undefined ? run.sent : signalOf(exitCode);
  const how =
    signal === 'SIGKILL' && run.sent === 'SIGKILL'
      ? 'stopped with SIGKILL after SIGTERM was ignored'
      : signal
        ? `stopped with ${signal}`
        : exitCode !== undefined
          ? `exited with code ${exitCode} after SIGTERM`
          : 'stopped';
  if (reason === 'timeout') {
    const limit = run.attempt.unit.timeout;
    return `timed out${limit !== undefined ? ` after ${formatDuration(limit)}` : ''}; ${how}`;
  }
  if (reason === 'cancel') return `cancelled; ${how}`;
  return `stopped by fail-fast; ${how}`;
}

/** 128 + n is how a shell (and docker-init) reports death by signal n. */
function signalOf(exitCode: number): string | undefined {
  if (exitCode === 137) return 'SIGKILL';
  if (exitCode === 143) return 'SIGTERM';
  const names: Record<number, string> = { 129: 'SIGHUP', 130: 'SIGINT', 131: 'SIGQUIT', 134: 'SIGABRT', 136: 'SIGFPE', 139: 'SIGSEGV', 141: 'SIGPIPE' };
  return names[exitCode];
}

function lastProbe(state: ContainerState | undefined): string | undefined {
  const log = state?.Health?.Log;
  const last = log && log.length > 0 ? log[log.length - 1] : undefined;
  if (!last) return undefined;
  const text = (last.Output ?? '').trim().replace(/\s+/g, ' ');
  const clipped = text.length > 300 ? `…${text.slice(-300)}` : text;
  return `exit ${last.ExitCode ?? '?'}${clipped ? `: ${clipped}` : ''}`;
}

/**
 * `KEY=VALUE` lines (and GitHub's `KEY<<DELIMITER` blocks for multi-line values); the last value
 * of a key wins; only keys the unit declares under `outputs:` are kept.
 */
export function parseOutputs(text: string, declared: readonly string[]): Record<string, string> {
  const wanted = new Set(declared);
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([A-Za-z_][A-Za-z0-9_.-]*)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
      if (wanted.has(key)) outputs[key] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (wanted.has(key)) outputs[key] = line.slice(eq + 1);
  }
  return outputs;
}

function readOutputs(dir: string, unit: Unit): Record<string, string> {
  const declared = unit.spec.outputs.map((o) => o.name);
  if (declared.length === 0) return {};
  // Never through a link or a FIFO the task put in place of the file (host-files.ts).
  const bytes = readRegularFile(join(dir, 'output'), MAX_OUTPUT_FILE);
  return bytes ? parseOutputs(bytes.toString('utf8'), declared) : {};
}

/** Whether a need of the attempt wrote outputs (they reach its env as `GANTRY_NEEDS_*`). */
function wroteOutputs(attempt: Attempt): boolean {
  const needs = attempt.needsOutputs;
  for (const task in needs) for (const _ in needs[task]) return true;
  return false;
}

/**
 * `message` with every value of `values` (of 4 characters or more, longest first) replaced by
 * `***`, and cut to 500 characters.
 */
export function redact(message: string, values: readonly string[]): string {
  let text = message;
  for (const value of [...new Set(values)].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {
    text = text.split(value).join('***');
    const line = value.replace(/\s+/g, ' ').trim();
    if (line.length >= 4) text = text.split(line).join('***');
  }
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** Feeds a stream into the capture; resolves when it ends, errors, or closes. */
function drain(stream: NodeJS.ReadableStream, capture: OutputCapture): Promise<void> {
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer | string) => capture.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
  });
}

function destroy(stream: NodeJS.ReadableStream): void {
  const s = stream as NodeJS.ReadableStream & { destroy?: () => void };
  s.on('error', () => {});
  s.destroy?.();
}

/** `ports:` as the engine's PortBindings: container port → host address and port (`ports:`, core/fields-ports.ts). */
function portBindings(ports: readonly { address: string; host: number; container: number; protocol: string }[]): Record<string, { HostIp: string; HostPort: string }[]> {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of ports) (out[`${p.container}/${p.protocol}`] ??= []).push({ HostIp: p.address, HostPort: String(p.host) });
  return out;
}

/** The largest archive of one task's `cache.paths` taken (the store's cap of one entry). */
const MAX_CACHE_ARCHIVE_BYTES = 256 * 1024 * 1024;
const ARCHIVE_MAGIC = 'gantry-cache-archive 1\n';

/**
 * The archives of `paths` from a (stopped) container, through the engine's archive API, framed
 * as `gantry-cache-archive 1\n` then per path `PATH\nLENGTH\n` and LENGTH bytes of tar. Rejects
 * for a path the container does not have, or past `maxBytes` in all.
 */
async function archivePaths(container: Dockerode.Container, paths: readonly string[], maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [Buffer.from(ARCHIVE_MAGIC)];
  let total = 0;
  for (const path of paths) {
    let stream: NodeJS.ReadableStream;
    try {
      stream = (await withTimeout(container.getArchive({ path }), 60_000, () => new Error('timeout'))) as NodeJS.ReadableStream;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) throw new Error(`cache.paths ${path} does not exist in the finished container`);
      throw error;
    }
    const parts: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) {
          destroy(stream);
          reject(new Error(`cache.paths hold more than ${formatBytes(maxBytes)}, the limit of one cache entry`));
          return;
        }
        parts.push(chunk);
      });
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    const tar = Buffer.concat(parts);
    chunks.push(Buffer.from(`${path}\n${tar.length}\n`), tar);
  }
  return Buffer.concat(chunks);
}

/** The parts of an archive `archivePaths` made; throws for anything else. */
function readArchive(archive: Buffer): { path: string; tar: Buffer }[] {
  if (archive.subarray(0, ARCHIVE_MAGIC.length).toString() !== ARCHIVE_MAGIC) throw new Error('not a Gantry cache archive');
  const parts: { path: string; tar: Buffer }[] = [];
  let at = ARCHIVE_MAGIC.length;
  while (at < archive.length) {
    const nl1 = archive.indexOf(10, at);
    const nl2 = nl1 < 0 ? -1 : archive.indexOf(10, nl1 + 1);
    if (nl1 < 0 || nl2 < 0) throw new Error('a torn Gantry cache archive');
    const path = archive.subarray(at, nl1).toString();
    const length = Number(archive.subarray(nl1 + 1, nl2).toString());
    if (!path.startsWith('/') || path.split('/').includes('..') || !Number.isSafeInteger(length) || length < 0 || nl2 + 1 + length > archive.length) {
      throw new Error('a torn Gantry cache archive');
    }
    parts.push({ path, tar: archive.subarray(nl2 + 1, nl2 + 1 + length) });
    at = nl2 + 1 + length;
  }
  return parts;
}
