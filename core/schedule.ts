/**
 * The scheduler: packs a graph of units against a capacity, critical path first, and drives them
 * through an `Executor`. It is synchronous and event-driven — it reacts to executor callbacks and
 * clock timers, never polls, never awaits — so the same code predicts a run on the simulator's
 * virtual clock (`plan`, the editor preview) and drives a real one.
 *
 * Rules (docs/architecture.md, issue 2):
 * - Readiness. A unit waits until every task it needs has ended; then its `if` decides:
 *   `success` (default) needs every task need to have succeeded — a failed `allow-failure` task
 *   counts as succeeded here, as `continue-on-error` does in GitHub Actions; `failure` runs when
 *   some need failed or was skipped because of a failure; `always` runs regardless. Otherwise the
 *   unit is skipped, with the reason. Then its services are started ("demanded") and it becomes
 *   ready once they are all healthy. A service that fails fails its waiting dependents at once.
 * - Priority: the longest remaining path to the end (bottom level, from estimates; services count
 *   0 s), then larger cpu request, then larger memory request, then id. Fixed for the run.
 * - Packing with one reservation (EASY backfilling): start the highest-priority ready unit (the
 *   head) while it fits the free cpus, memory and parallel slots. When the head does not fit, it is
 *   given a reservation: the earliest time S at which enough running tasks will have ended (from
 *   their start plus estimate) for it to fit, and the resources E left over at S once it has
 *   started. A lower-priority ready unit that fits now may then start only if it is expected to end
 *   by S, or if its request fits within E (E shrinks by what it takes). Either way the head's
 *   reserved start is not delayed, so gap-fillers never starve it; with exact estimates (the
 *   simulator) the head starts at S at the latest, unless a higher-priority unit becomes head.
 * - Services start when their first dependent is about to become ready (all its task needs done
 *   and its `if` holds), count against capacity while up, and stop when their last dependent ends.
 * - Retries re-queue after `backoff · 2^(n−1)` on the clock; after an OOM the memory request is
 *   multiplied by the memory factor, capped at the capacity. A timeout is a timer set when the
 *   attempt's command starts (the executor's `onStarted`, not the start call: pulling an image
 *   or creating the container is not the task's time) that kills the attempt (`timeout`) and
 *   counts as a failure (so it may be retried).
 * - `failFast`: the first failure that fails the batch stops starting work, kills running
 *   attempts (`fail-fast`), stops services and skips the rest — except `if: always` and
 *   `if: failure` units, which still run once their needs have ended (with the services they
 *   need), as `always()` and `failure()` steps do after a failed step in GitHub Actions.
 *   `cancel()` does the same with reason `cancel`, sparing only `if: always` units, and only for
 *   a grace period (`cancelGraceMs`): then whatever still runs is killed too. Units waiting for
 *   a retry end `cancelled`. A task or service stopped this way ends `cancelled` (it did not fail
 *   by itself) with a note that says how long it ran and why it was stopped; one that never
 *   started is `skipped` ("not run: …").
 * - A task that cannot be up together with its own services within the capacity (cpus, memory,
 *   containers) fails when it would be gated, before any of them starts.
 * - Deadlock breaking: when nothing runs and the head does not fit because services are up (each
 *   demanded by a different waiting task, say, with few parallel slots), the lowest-priority
 *   healthy service that the head (or, for a service head, the tasks waiting for it) does not need
 *   and no running task uses is stopped ("parked") and re-queued after the next task start or unit
 *   end; the executor may thus see a service started again. If no service can be parked, the head
 *   can never start and fails with the reason. Should parked services still leave nothing to do,
 *   the tasks waiting for them fail: a run always ends.
 * - Several nodes (`placement`, core/placement.ts): cpus and memory are counted per node, the
 *   parallel slots stay global. A unit fits now when a node it may use (a pinned unit: only its
 *   node) has room; it goes to the best fit — the least free cpu, then the least free memory,
 *   then the first node — so big holes stay for big units. The head's reservation is on the node
 *   where room comes first; a backfill candidate may start on any other node freely, and on the
 *   reserved node only if it ends by S or fits E. Services count on their node. A unit that fits
 *   no node it may use fails when it would become ready; parking stops a service that frees a
 *   slot the head lacks, or sits on a node the head may use and could fit when empty. The node goes to the executor (`Attempt.node`, `startService`'s
 *   `node`) and into the events and results.
 * Every unit ends in exactly one definite state; `run-end` is emitted and `onDone` called once.
 *
 * Cost: O((n + e) log n) for n units and e needs — ready units live in heaps bucketed by request
 * shape (cpus, memory, kind; with a placement also the pinned node), so a dispatch looks at one
 * candidate per shape, not at every ready unit (with k nodes, each look costs O(k)).
 */
import type {
  Attempt,
  AttemptOutcome,
  AttemptRecord,
  AttemptStatus,
  Clock,
  Executor,
  KillReason,
  RunOutcome,
  RunResult,
  ScheduleEvent,
  TimerHandle,
  UnitResult,
  UnitStatus,
} from './executor';
import { IndexHeap } from './heap';
import type { Capacity, Graph, Unit } from './model';
import { DEFAULT_ESTIMATE } from './model';
import { formatBytes as formatMemory, formatCpuCount, formatDuration } from './format';
import type { NodeCapacity } from './backend';
import { describeNode, type Placement } from './placement';

export interface SchedulerOptions {
  capacity: Capacity;
  executor: Executor;
  clock: Clock;
  /** Stop starting work and kill what runs at the first failure that fails the batch. Default false. */
  failFast?: boolean;
  /** Called for every scheduling event, in order. Default: none. */
  onEvent?(event: ScheduleEvent): void;
  /** Called exactly once, after the `run-end` event. */
  onDone(result: RunResult): void;
  /** `rankUnits(graph, startOverhead)` when the caller has it already (plan does). Default: computed. */
  ranking?: Ranking;
  /**
   * What starting a unit's container costs beyond its estimate (ms), counted in the priorities: a
   * chain of many short tasks is longer than its estimates add up to. Default 0.
   */
  startOverhead?: number;
  /**
   * After `cancel()`, how long `if: always` units may still start and run (ms); then they are
   * killed too and the run ends. Default `DEFAULT_CANCEL_GRACE_MS` (5 s).
   */
  cancelGraceMs?: number;
  /**
   * Units taken as done before the run starts (`gantry run --resume`: they succeeded in the run
   * being resumed), by unit id: each ends `succeeded` at once, with `reason`, and hands its
   * dependents `outputs` as if it had just run. Ids not in the graph are ignored. Default: none.
   */
  taken?: ReadonlyMap<string, TakenUnit>;
  /**
   * Pack onto several nodes (core/placement.ts `placeUnits`): cpus and memory are counted per
   * node, each unit starts on one node that has room (best fit; a pinned unit only on its node),
   * and `Attempt.node`, `startService`'s `node`, the start events and `UnitResult.node` say which.
   * `capacity` still gives the parallel slots (global) and the totals messages name. Default:
   * none — one pool of `capacity`, as a single engine has.
   */
  placement?: Placement;
}

/** A unit taken as done (`SchedulerOptions.taken`). */
export interface TakenUnit {
  /** What its dependents read with `${{ needs.ID.outputs.KEY }}`. */
  outputs: Readonly<Record<string, string>>;
  /** Shown as the unit's reason: `succeeded in run 20250101-120000-ab12, not run again`. */
  reason: string;
  /** The run it really ran in, for the reports (the scheduler does not read it). */
  from?: string;
}

/**
 * The default `cancelGraceMs`: 5 s for `if: always` work after a cancel. Short enough that a
 * cancelled GitHub job (SIGINT, then SIGTERM 7.5 s later) still stops and removes its containers
 * in time, and that Ctrl-C feels prompt; long enough for a report or cleanup task to start and
 * finish. Callers waiting for a cancelled run to end should allow this much more.
 */
export const DEFAULT_CANCEL_GRACE_MS = 5000;

/** Priorities of a graph's units, shared by the scheduler and `plan`. */
export interface Ranking {
  /** Longest path from the start of each unit to the end of the graph, by estimates plus the start overhead of each unit on it (ms). */
  bottomLevel: Float64Array;
  /** 0 = highest priority; a permutation of unit indices' positions. */
  rank: Int32Array;
  /** Unit indices in a topological order; units on a cycle are missing. */
  topo: number[];
  /** For each unit index, indices of the units that need it, in graph order. */
  dependents: number[][];
  /** For each unit index, indices of the units it needs, in graph order (unknown ids dropped). */
  needs: number[][];
}

/**
 * Estimate used for priorities: tasks their own (DEFAULT_ESTIMATE if unset); services their time
 * to healthy (`healthyAfter`, from history; 0 if unknown), which their dependents wait for.
 */
export function planningEstimate(unit: Unit): number {
  if (unit.kind === 'service') return Number.isFinite(unit.healthyAfter) && unit.healthyAfter! >= 0 ? unit.healthyAfter! : 0;
  return Number.isFinite(unit.estimate) && unit.estimate >= 0 ? unit.estimate : DEFAULT_ESTIMATE;
}

/** @param startOverhead added to each unit's estimate (ms): see `SchedulerOptions.startOverhead`. */
export function rankUnits(graph: Graph, startOverhead = 0): Ranking {
  const units = graph.units;
  const n = units.length;
  const index = new Map<string, number>();
  units.forEach((u, i) => index.set(u.id, i));
  // Lists of exact length, counted before they are filled: they live as long as the run, and
  // lists grown by push keep room for 16 (for 100,000 units, tens of MB).
  const needs: number[][] = units.map((u) => {
    const found: number[] = [];
    for (const id of u.needs) {
      const j = index.get(id);
      if (j !== undefined) found.push(j);
    }
    if (found.length < 2) return found.length === 0 ? [] : [found[0]];
    found.sort((a, b) => a - b);
    let distinct = 1;
    for (let k = 1; k < found.length; k++) if (found[k] !== found[distinct - 1]) found[distinct++] = found[k];
    return found.slice(0, distinct);
  });
  const dependentCount = new Int32Array(n);
  for (let i = 0; i < n; i++) for (const j of needs[i]) dependentCount[j]++;
  const dependents: number[][] = Array.from(dependentCount, (count) => new Array<number>(count));
  dependentCount.fill(0);
  for (let i = 0; i < n; i++) for (const j of needs[i]) dependents[j][dependentCount[j]++] = i;

  // Kahn's algorithm; whatever is left is on (or behind) a cycle.
  const indegree = new Int32Array(n);
  for (let i = 0; i < n; i++) indegree[i] = needs[i].length;
  const topo: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) topo.push(i);
  for (let k = 0; k < topo.length; k++) {
    for (const d of dependents[topo[k]]) if (--indegree[d] === 0) topo.push(d);
  }
  const bottomLevel = new Float64Array(n);
  for (let k = topo.length - 1; k >= 0; k--) {
    const i = topo[k];
    let tail = 0;
    for (const d of dependents[i]) if (bottomLevel[d] > tail) tail = bottomLevel[d];
    bottomLevel[i] = planningEstimate(units[i]) + startOverhead + tail;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const ua = units[a];
    const ub = units[b];
    return (
      bottomLevel[b] - bottomLevel[a] ||
      ub.cpus - ua.cpus ||
      ub.memory - ua.memory ||
      (ua.id < ub.id ? -1 : ua.id > ub.id ? 1 : 0)
    );
  });
  const rank = new Int32Array(n);
  order.forEach((i, r) => (rank[i] = r));
  return { bottomLevel, rank, topo, dependents, needs };
}

// Unit states. Tasks: WAITING → (GATED →) READY → RUNNING (→ BACKOFF → READY …) → DONE.
// Services: WAITING → DEMANDED → (GATED →) READY → STARTING → HEALTHY → DONE.
const WAITING = 0;
const DEMANDED = 1;
const GATED = 2;
const READY = 3;
const RUNNING = 4;
const BACKOFF = 5;
const STARTING = 6;
const HEALTHY = 7;
const DONE = 8;

const FAILURES: ReadonlySet<UnitStatus> = new Set<UnitStatus>(['failed', 'oom', 'timeout', 'killed']);

/** Ready units of one request shape; all of them need the same resources. */
interface Bucket {
  cpus: number;
  memory: number;
  /** With a placement: the node index its units are pinned to, or -1 (any node). */
  pin: number;
  /** Ready units of this shape, highest priority first. */
  byRank: IndexHeap;
  /** The same units, shortest estimate first (for gap-filling before a reservation). */
  byEstimate: IndexHeap;
  count: number;
  /** Still ready and still of this shape (heaps drop stale entries lazily). */
  valid: (i: number) => boolean;
}

interface Running {
  index: number;
  attempt: Attempt;
  start: number;
  timer?: TimerHandle;
  /** Set when the scheduler asked for the kill (timeout, cancel, fail-fast). */
  killReason?: KillReason;
  /** Clock time when the attempt's command started (the executor's `onStarted`); unset before. */
  commandStart?: number;
  /** The stop that killed it (fail-fast or cancel), for its note. */
  stoppedBy?: Stopping;
}

/** Per-node books when packing onto several nodes (`SchedulerOptions.placement`). */
interface Nodes {
  list: readonly NodeCapacity[];
  capCpuM: Float64Array;
  capMemory: Float64Array;
  freeCpuM: Float64Array;
  freeMemory: Float64Array;
  /** By unit index: the node it is pinned to, or -1. */
  pin: Int32Array;
  /** By unit index: the node its running attempt or up service holds, or -1. */
  at: Int32Array;
  /** By unit index: the node of its last attempt (a service: where it ran), or -1. */
  last: Int32Array;
  /**
   * Services: nodes to keep them off when another has room — a node that is the only one a
   * dependent task fits, and that cannot hold the task beside the service (it would wait for the
   * service to go, and the service for it).
   */
  shun: Map<number, Set<number>>;
}

/** Why the run stopped starting work, and whether anything may still run. */
interface Stopping {
  kind: 'cancel' | 'fail-fast';
  /** What stopped it: `--fail-fast after build failed`, `the run was cancelled`. */
  cause: string;
  /** Nothing runs any more: not even `if: always` units (a cancel's grace ran out, or it came before the start). */
  hard: boolean;
}

export class Scheduler {
  private readonly units: Unit[];
  private readonly n: number;
  private readonly ranking: Ranking;
  private readonly isService: boolean[];
  /** Requests in millicores, so that sums of fractional cpus never drift. */
  private readonly cpuM: Int32Array;
  /** Current memory request (grows after an OOM). */
  private readonly memory: number[];
  private readonly estimate: Float64Array;
  private readonly capCpuM: number;
  private readonly capMemory: number;
  private readonly capSlots: number;
  private freeCpuM: number;
  private freeMemory: number;
  private freeSlots: number;

  private readonly state: Uint8Array;
  private readonly status: (UnitStatus | undefined)[];
  private readonly reason: (string | undefined)[];
  /** Failed, or skipped because something upstream failed: what `if: failure` looks for. */
  private readonly failedUpstream: Uint8Array;
  private readonly pendingTaskNeeds: Int32Array;
  /** Service needs not yet healthy, for a GATED unit. */
  private readonly pendingServices: Int32Array;
  /** Needs that have neither started nor ended: at 0 the executor is told to prepare. */
  private readonly unstartedNeeds: Int32Array;
  private readonly startedOrDone: Uint8Array;
  /** Services: dependents that have not ended yet. */
  private readonly liveDependents: Int32Array;
  private readonly attemptNo: Int32Array;
  private readonly records: AttemptRecord[][];
  private readonly firstStart: (number | undefined)[];
  private readonly endAt: (number | undefined)[];
  private readonly outputs: (Record<string, string> | undefined)[];
  private readonly backoffTimers = new Map<number, TimerHandle>();
  /** Tasks with an attempt running, by unit index (a unit runs one attempt at a time). */
  private readonly runningByUnit = new Map<number, Running>();
  private readonly upServices = new Set<number>();
  private startingServices = 0;
  /** Services stopped to break a deadlock, waiting to be re-queued when a task starts. */
  private parked: number[] = [];

  private readonly headHeap: IndexHeap;
  /** Buckets by cpu millicores·2 + (1 for services), then memory: numeric keys, no strings. */
  private readonly bucketIndex = new Map<number, Map<number, Bucket>>();
  private readonly buckets: Bucket[] = [];
  private readonly bucketOf: (Bucket | undefined)[];
  private readyCount = 0;

  private t0 = 0;
  private started = false;
  private stopping: Stopping | undefined;
  /** After a cancel: when it fires, `if: always` work is stopped too. */
  private graceTimer: TimerHandle | undefined;
  /** Services: when they first passed their health check (clock ms), to say what failed. */
  private readonly healthyAt: (number | undefined)[];
  private anyFailure = false;
  private terminal = 0;
  private finished = false;
  /** Optional-call target: `this.onEvent?.({…})` builds no event object when nobody listens. */
  private readonly onEvent: ((event: ScheduleEvent) => void) | undefined;
  /** Each unit's bucket for its current request, cached (cleared when an OOM grows the request). */
  private readonly shapeBucket: (Bucket | undefined)[];
  /** Set when packing onto several nodes; undefined keeps the single pool's path untouched. */
  private readonly nodes: Nodes | undefined;
  private queue: (() => void)[] = [];
  private busy = false;

  constructor(
    graph: Graph,
    private readonly options: SchedulerOptions,
  ) {
    this.units = graph.units;
    const n = (this.n = graph.units.length);
    this.ranking = options.ranking ?? rankUnits(graph, options.startOverhead);
    this.isService = this.units.map((u) => u.kind === 'service');
    this.cpuM = Int32Array.from(this.units, (u) => Math.max(0, Math.round(u.cpus * 1000)));
    this.memory = this.units.map((u) => Math.max(0, Math.ceil(u.memory)));
    this.estimate = Float64Array.from(this.units, (u, i) => (this.isService[i] ? Infinity : planningEstimate(u)));
    const cap = options.capacity;
    this.capCpuM = this.freeCpuM = Math.round(cap.cpus * 1000);
    this.capMemory = this.freeMemory = Math.floor(cap.memory);
    this.capSlots = this.freeSlots = Math.floor(cap.parallel);
    this.state = new Uint8Array(n);
    this.status = new Array(n).fill(undefined);
    this.reason = new Array(n).fill(undefined);
    this.failedUpstream = new Uint8Array(n);
    this.pendingTaskNeeds = new Int32Array(n);
    this.pendingServices = new Int32Array(n);
    this.unstartedNeeds = new Int32Array(n);
    this.startedOrDone = new Uint8Array(n);
    this.liveDependents = new Int32Array(n);
    this.attemptNo = new Int32Array(n);
    this.records = this.units.map(() => []);
    this.firstStart = new Array(n).fill(undefined);
    this.endAt = new Array(n).fill(undefined);
    this.outputs = new Array(n).fill(undefined);
    this.healthyAt = new Array(n).fill(undefined);
    this.bucketOf = new Array(n).fill(undefined);
    this.shapeBucket = new Array(n).fill(undefined);
    this.onEvent = options.onEvent?.bind(options);
    const placement = options.placement;
    if (placement && placement.nodes.length > 0) {
      const list = placement.nodes;
      const capCpuM = Float64Array.from(list, (node) => Math.max(0, Math.round(node.capacity.cpus * 1000)));
      const capMemory = Float64Array.from(list, (node) => Math.max(0, Math.floor(node.capacity.memory)));
      const pin = new Int32Array(n).fill(-1);
      if (placement.pinned.size > 0) {
        this.units.forEach((u, i) => {
          const at = placement.pinned.get(u.id);
          if (at !== undefined && at >= 0 && at < list.length) pin[i] = at;
        });
      }
      this.nodes = {
        list,
        capCpuM,
        capMemory,
        freeCpuM: capCpuM.slice(),
        freeMemory: capMemory.slice(),
        pin,
        at: new Int32Array(n).fill(-1),
        last: new Int32Array(n).fill(-1),
        shun: new Map(),
      };
      this.findShunned(this.nodes);
    }
    const rank = this.ranking.rank;
    this.headHeap = new IndexHeap((a, b) => rank[a] < rank[b]);
    for (let i = 0; i < n; i++) {
      const needs = this.ranking.needs[i];
      this.unstartedNeeds[i] = needs.length;
      for (const j of needs) if (!this.isService[j]) this.pendingTaskNeeds[i]++;
      this.liveDependents[i] = this.ranking.dependents[i].length;
    }
  }

  /** Begins the run. Call once. */
  start(): void {
    this.enqueue(() => {
      if (this.started) return;
      this.started = true;
      this.t0 = this.options.clock.now();
      const onCycle = new Uint8Array(this.n).fill(1);
      for (const i of this.ranking.topo) onCycle[i] = 0;
      // Taken over from an earlier run: services first, so that one needed only by taken tasks
      // ends as taken, not as skipped when the last of them ends.
      const taken = this.options.taken;
      if (taken && taken.size > 0) {
        for (const service of [true, false]) {
          for (let i = 0; i < this.n; i++) {
            const done = this.isService[i] === service && !onCycle[i] ? taken.get(this.units[i].id) : undefined;
            if (!done) continue;
            if (!service) this.outputs[i] = { ...done.outputs };
            this.finish(i, 'succeeded', done.reason);
          }
        }
      }
      for (let i = 0; i < this.n; i++) {
        if (onCycle[i]) this.finish(i, 'skipped', 'it is part of a dependency cycle');
        else if (this.isService[i] && this.liveDependents[i] === 0 && this.state[i] !== DONE) this.finish(i, 'skipped', 'nothing needs it');
      }
      // Cancelled before it started: nothing ran, so there is nothing for `if: always` work to do.
      if (this.stopping) return this.stopAll(this.stopping.kind, this.stopping.cause, true);
      // Hints in priority order, the order the tasks will start in: an executor that prepares
      // only a few ahead then prepares the right ones.
      const byRank = new Int32Array(this.n);
      for (let i = 0; i < this.n; i++) byRank[this.ranking.rank[i]] = i;
      for (const i of byRank) {
        if (this.state[i] === WAITING && !this.isService[i] && this.unstartedNeeds[i] === 0) {
          this.options.executor.prepare?.(this.units[i]);
        }
      }
      for (let i = 0; i < this.n; i++) {
        if (this.state[i] !== WAITING || this.isService[i]) continue;
        if (this.pendingTaskNeeds[i] === 0) this.gate(i);
      }
    });
  }

  /**
   * Stops starting work, kills what runs (reason `cancel`), stops services — except `if: always`
   * units, which may still start once their needs have ended, and run, for `cancelGraceMs`; then
   * they are killed too. Before `start()`, nothing runs at all. Safe to call any time; a second
   * call changes nothing.
   */
  cancel(): void {
    this.enqueue(() => {
      if (this.finished || this.stopping?.kind === 'cancel') return;
      if (!this.started) {
        this.stopping = { kind: 'cancel', cause: 'the run was cancelled', hard: true };
        return;
      }
      this.stopAll('cancel', 'the run was cancelled');
    });
  }

  /**
   * Like `cancel()`, without the grace (a second Ctrl-C): `if: always` units are killed or
   * skipped too. Works after `cancel()` as well as instead of it.
   */
  cancelNow(): void {
    this.enqueue(() => {
      if (this.finished || this.stopping?.hard) return;
      if (!this.started) {
        this.stopping = { kind: 'cancel', cause: 'the run was cancelled', hard: true };
        return;
      }
      this.stopAll('cancel', 'the run was cancelled at once (a second cancel)', true);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Re-entrancy: executors may call back synchronously (a fake, or a service without a health
  // check). Every entry point runs through this queue so that state changes never interleave.

  private enqueue(fn: () => void): void {
    this.queue.push(fn);
    if (this.busy) return;
    this.busy = true;
    try {
      for (;;) {
        // An index, not shift(): a unit with many dependents queues many gates at once.
        for (let k = 0; k < this.queue.length; k++) this.queue[k]();
        this.queue = [];
        if (!this.started || this.finished) break;
        this.dispatch();
        if (this.queue.length === 0) break;
      }
      this.checkDone();
    } finally {
      this.busy = false;
    }
  }

  private now(): number {
    return this.options.clock.now() - this.t0;
  }

  // -------------------------------------------------------------------------------------------
  // Readiness

  /** All task needs of `i` have ended: decide by `if`, then demand its services. */
  private gate(i: number): void {
    const st = this.state[i];
    if (st !== WAITING && st !== DEMANDED) return;
    if (this.isService[i] && st !== DEMANDED) return;
    if (this.stopping && !this.survives(i)) return this.finish(i, 'skipped', this.notRun());
    const unit = this.units[i];
    const needs = this.ranking.needs[i];
    const taskNeeds = needs.filter((j) => !this.isService[j]);
    // Its image is built in the run (core/build-units.ts): without it nothing can run, whatever
    // `if` says. A failed build fails the unit with the builder's error line.
    if (unit.build && unit.kind !== 'build') {
      const build = taskNeeds.find((j) => this.units[j].kind === 'build' && this.status[j] !== 'succeeded');
      if (build !== undefined) {
        this.failedUpstream[i] = 1;
        const s = this.status[build];
        const id = this.units[build].id;
        if (s === 'failed') return this.finish(i, 'failed', `its image could not be built (${id}): ${this.reason[build] ?? 'failed'}`);
        return this.finish(i, s === 'cancelled' ? 'cancelled' : 'skipped', `its image was not built (${id} ${s === 'skipped' ? 'was skipped' : `ended ${s}`})`);
      }
    }
    if (unit.if === 'success') {
      const bad = taskNeeds.find((j) => !this.okForDependents(j));
      if (bad !== undefined) {
        this.failedUpstream[i] = 1;
        const s = this.status[bad];
        const what = s === 'skipped' ? 'was skipped' : s === 'succeeded' ? 'succeeded' : `ended ${s}`;
        return this.finish(i, 'skipped', `${this.units[bad].id} ${what}`);
      }
    } else if (unit.if === 'failure') {
      if (!taskNeeds.some((j) => this.failedUpstream[j])) {
        return this.finish(i, 'skipped', 'no need failed (if: failure)');
      }
    }
    const services = needs.filter((j) => this.isService[j]);
    const failed = services.find((j) => this.status[j] !== undefined);
    if (failed !== undefined) {
      // The service is the failure (its own row says why); this task just could not run.
      this.failedUpstream[i] = 1;
      return this.finish(i, 'skipped', this.serviceFailure(failed));
    }
    // A task must run beside its own services: if together they exceed the capacity, no waiting
    // helps (validation reports this for files; this keeps the scheduler sound for any graph).
    const together = this.withServices(i, services);
    if (together) return this.finish(i, 'failed', together);
    let pending = 0;
    for (const s of services) {
      this.demand(s);
      if (this.state[s] !== HEALTHY) pending++;
    }
    // Demanding may have failed a service synchronously (it could not fit, say).
    if (this.state[i] === DONE) return;
    const nowFailed = services.find((j) => this.status[j] !== undefined);
    if (nowFailed !== undefined) {
      this.failedUpstream[i] = 1;
      return this.finish(i, 'skipped', this.serviceFailure(nowFailed));
    }
    this.pendingServices[i] = pending;
    if (pending === 0) this.makeReady(i);
    else this.state[i] = GATED;
  }

  /**
   * Why service `s`, which has ended, is not there for a dependent: `service db never became
   * healthy`, `service db failed: exited with code 137` (after it had been healthy), `service db
   * could not start: …`. The service's own reason says the rest.
   */
  private serviceFailure(s: number): string {
    const id = this.units[s].id;
    const reason = this.reason[s];
    if (this.status[s] !== 'failed') return `service ${id} is ${this.status[s]}${reason ? `: ${reason}` : ''}`;
    if (this.healthyAt[s] !== undefined) return `service ${id} failed: ${reason ?? 'unhealthy'}`;
    if (this.firstStart[s] === undefined) return `service ${id} could not start: ${reason ?? 'failed'}`;
    return `service ${id} never became healthy`;
  }

  /**
   * Whether unit `i` may still start and run while the run is stopping: `if: always` units until
   * a hard stop, `if: failure` units after fail-fast; a service while such a unit that has not
   * ended needs it. Always true when the run is not stopping.
   */
  private survives(i: number): boolean {
    const stop = this.stopping;
    if (!stop) return true;
    if (stop.hard) return false;
    if (this.isService[i]) return this.ranking.dependents[i].some((d) => this.state[d] !== DONE && !this.isService[d] && this.survives(d));
    const condition = this.units[i].if;
    return condition === 'always' || (condition === 'failure' && stop.kind === 'fail-fast');
  }

  /** The reason of a unit the stop keeps from starting: `not run: --fail-fast after build failed`. */
  private notRun(stop = this.stopping): string {
    return `not run: ${stop?.cause ?? 'the run stopped'}`;
  }

  /**
   * The reason of a unit that was up when the stop came, after `ms` of it: `ran 5.2s, then
   * stopped by --fail-fast after build failed`, `ran 3s, then stopped because the run was cancelled`.
   */
  private stoppedAfter(ms: number, what = 'ran', stop = this.stopping): string {
    const cause = stop?.cause ?? 'the run stopped';
    return `${what} ${formatDuration(Math.max(0, ms))}, then stopped ${stop?.kind === 'fail-fast' ? 'by' : 'because'} ${cause}`;
  }

  private okForDependents(j: number): boolean {
    const s = this.status[j];
    return s === 'succeeded' || (this.units[j].allowFailure && s !== undefined && FAILURES.has(s));
  }

  /** `2 cpus, 4Gi, 8 containers` (no container count when it is unlimited). */
  private capacityText(): string {
    const slots = Number.isFinite(this.capSlots) ? `, ${this.capSlots} containers` : '';
    return `${formatCpuCount(this.capCpuM / 1000)}, ${formatMemory(this.capMemory)}${slots}`;
  }

  /** Why task `i` and its `services` can never be up together, or undefined when they fit. */
  private withServices(i: number, services: number[]): string | undefined {
    if (this.isService[i] || services.length === 0) return undefined;
    let cpuM = this.cpuM[i];
    let memory = this.memory[i];
    for (const s of services) {
      cpuM += this.cpuM[s];
      memory += this.memory[s];
    }
    const containers = services.length + 1;
    const names = services.map((s) => this.units[s].id).join(', ');
    const nodes = this.nodes;
    if (nodes && nodes.pin[i] >= 0) {
      // Its services pinned to the same node (they share a volume, say) must be up there with it.
      const k = nodes.pin[i];
      const there = services.filter((s) => nodes.pin[s] === k);
      let c = this.cpuM[i];
      let m = this.memory[i];
      for (const s of there) {
        c += this.cpuM[s];
        m += this.memory[s];
      }
      if (there.length > 0 && (c > nodes.capCpuM[k] || m > nodes.capMemory[k])) {
        return `it and its services ${there.map((s) => this.units[s].id).join(', ')} must run on node ${describeNode(nodes.list[k])} and need ${formatCpuCount(c / 1000)}, ${formatMemory(m)} of memory there at once, more than it has`;
      }
    }
    if (cpuM <= this.capCpuM && memory <= this.capMemory && containers <= this.capSlots) return undefined;
    return `it and its services (${names}) need ${formatCpuCount(cpuM / 1000)}, ${formatMemory(memory)} of memory and ${containers} containers at once, more than the capacity (${this.capacityText()})`;
  }

  /** A dependent of service `s` is about to become ready: bring the service up. */
  private demand(s: number): void {
    if (this.state[s] !== WAITING) return;
    this.state[s] = DEMANDED;
    if (this.unstartedNeeds[s] === 0) this.options.executor.prepare?.(this.units[s]);
    if (this.pendingTaskNeeds[s] === 0) this.gate(s);
  }

  private makeReady(i: number): void {
    const unit = this.units[i];
    if (this.nodes) {
      const why = this.fitsNoNode(i);
      if (why !== undefined) return this.finish(i, 'failed', why);
    } else if (this.cpuM[i] > this.capCpuM || this.memory[i] > this.capMemory || this.capSlots < 1) {
      return this.finish(
        i,
        'failed',
        `it needs ${unit.cpus} cpus and ${formatMemory(this.memory[i])} of memory, more than the capacity (${this.capacityText()})`,
      );
    }
    this.state[i] = READY;
    let bucket = this.shapeBucket[i];
    if (!bucket) bucket = this.shapeBucket[i] = this.bucketFor(i);
    this.bucketOf[i] = bucket;
    bucket.byRank.push(i);
    bucket.byEstimate.push(i);
    bucket.count++;
    this.headHeap.push(i);
    this.readyCount++;
    this.onEvent?.({ type: 'ready', at: this.now(), unit: unit.id });
  }

  private bucketFor(i: number): Bucket {
    const nodes = this.nodes;
    const pin = nodes ? nodes.pin[i] : -1;
    // With a placement the pinned node is part of the shape: units pinned elsewhere fit elsewhere.
    const outer = nodes ? (this.cpuM[i] * 2 + (this.isService[i] ? 1 : 0)) * (nodes.list.length + 1) + pin + 1 : this.cpuM[i] * 2 + (this.isService[i] ? 1 : 0);
    let byMemory = this.bucketIndex.get(outer);
    if (!byMemory) this.bucketIndex.set(outer, (byMemory = new Map()));
    let bucket = byMemory.get(this.memory[i]);
    if (!bucket) {
      const rank = this.ranking.rank;
      const est = this.estimate;
      bucket = {
        cpus: this.cpuM[i],
        memory: this.memory[i],
        pin,
        byRank: new IndexHeap((a, b) => rank[a] < rank[b]),
        byEstimate: new IndexHeap((a, b) => est[a] < est[b] || (est[a] === est[b] && rank[a] < rank[b])),
        count: 0,
        valid: (j) => this.state[j] === READY && this.bucketOf[j] === bucket,
      };
      byMemory.set(this.memory[i], bucket);
      this.buckets.push(bucket);
    }
    return bucket;
  }

  private leaveReady(i: number): void {
    this.bucketOf[i]!.count--;
    this.bucketOf[i] = undefined;
    this.readyCount--;
  }

  private isReady = (i: number): boolean => this.state[i] === READY;

  // -------------------------------------------------------------------------------------------
  // Packing

  private fitsNow(cpuM: number, memory: number): boolean {
    return cpuM <= this.freeCpuM && memory <= this.freeMemory && this.freeSlots >= 1;
  }

  private dispatch(): void {
    if (this.stopping?.hard) return;
    for (;;) {
      const head = this.headHeap.peekValid(this.isReady);
      if (head === undefined) return this.unstick();
      const node = this.nodes ? this.pickNode(this.cpuM[head], this.memory[head], this.nodes.pin[head], -1, head) : this.fitsNow(this.cpuM[head], this.memory[head]) ? 0 : -1;
      if (node >= 0) {
        this.headHeap.pop();
        this.launch(head, node);
        if (this.stopping?.hard) return;
        continue;
      }
      this.backfill(head);
      if (this.stopping?.hard) return;
      if (this.headHeap.peekValid(this.isReady) !== head) continue; // the head failed or changed
      if (this.runningByUnit.size === 0 && this.startingServices === 0 && this.backoffTimers.size === 0) {
        // A service kept off a node that would hold a dependent of its: nothing else will free
        // room, so that node after all.
        if (this.nodes && this.isService[head]) {
          const node = this.pickNode(this.cpuM[head], this.memory[head], this.nodes.pin[head], -1, head, true);
          if (node >= 0) {
            this.headHeap.pop();
            this.launch(head, node);
            if (this.stopping?.hard) return;
            continue;
          }
        }
        // Nothing will free capacity by itself: only services are up. Park one that the head does
        // not need and that no running task uses; failing that, the head can never start.
        const park = this.parkable(head);
        if (park !== undefined) {
          this.park(park);
          continue;
        }
        const up = [...this.upServices].map((s) => this.units[s].id).join(', ');
        this.headHeap.pop();
        this.finish(
          head,
          'failed',
          `it cannot fit while ${up ? `services ${up} hold` : 'other units hold'} the capacity (${formatCpuCount(this.units[head].cpus)} and ${formatMemory(this.memory[head])} needed; ${this.freeText(head)} free)`,
        );
        continue;
      }
      return;
    }
  }

  /**
   * Last resort, when nothing is ready, running, starting or backing off while tasks wait for
   * parked services: no event will ever come to re-queue those, so the tasks waiting for them
   * fail rather than the run hanging. Parking is chosen so that this does not happen; this is
   * the guarantee that a run ends whatever the graph.
   */
  private unstick(): void {
    if (this.parked.length === 0 || this.runningByUnit.size > 0 || this.startingServices > 0 || this.backoffTimers.size > 0) return;
    const parked = this.parked;
    this.parked = [];
    for (const s of parked) {
      for (const d of this.ranking.dependents[s]) {
        if (this.state[d] === GATED) {
          this.finish(d, 'failed', `its services cannot be up together with the others that hold the capacity (${this.units[s].id} had to make room)`);
        }
      }
    }
    for (const s of parked) if (this.state[s] === DEMANDED && this.liveDependents[s] > 0) this.makeReady(s);
  }

  /**
   * The lowest-priority up service that `head` does not need and no running task uses. When the
   * head is a service, the services needed by the tasks waiting for it count as needed too:
   * parking one of those to start the head would only trade one missing service for another.
   */
  private parkable(head: number): number | undefined {
    let best: number | undefined;
    const needed = new Set(this.ranking.needs[head]);
    if (this.isService[head]) {
      for (const d of this.ranking.dependents[head]) {
        if (this.state[d] === GATED) for (const j of this.ranking.needs[d]) needed.add(j);
      }
    }
    // With a placement, a service makes room for the head when it frees a slot the head lacks
    // (slots are global), or sits on a node the head may use and could fit when empty.
    const nodes = this.nodes;
    const slotBound = this.freeSlots < 1;
    for (const s of this.upServices) {
      if (needed.has(s) || this.state[s] !== HEALTHY) continue;
      if (nodes && !slotBound) {
        const k = nodes.at[s];
        if (k < 0 || (nodes.pin[head] >= 0 && k !== nodes.pin[head]) || this.cpuM[head] > nodes.capCpuM[k] || this.memory[head] > nodes.capMemory[k]) continue;
      }
      if (this.ranking.dependents[s].some((d) => this.state[d] === RUNNING)) continue;
      if (best === undefined || this.ranking.rank[s] > this.ranking.rank[best]) best = s;
    }
    return best;
  }

  /**
   * Stops service `s` for now, to break a deadlock where services demanded by different waiting
   * tasks hold all the capacity. Its dependents wait for it again; it is re-queued as soon as a
   * task starts or a unit ends (every park is followed by such progress, so parking cannot loop).
   */
  private park(s: number): void {
    this.upServices.delete(s);
    this.give(s, this.memory[s]);
    this.state[s] = DEMANDED;
    const usage = this.options.executor.stopService(this.units[s].id);
    this.onEvent?.({ type: 'service-stop', at: this.now(), unit: this.units[s].id, ...(usage ? { usage } : {}) });
    for (const d of this.ranking.dependents[s]) {
      if (this.state[d] === READY) {
        this.leaveReady(d);
        this.state[d] = GATED;
        this.pendingServices[d] = 1;
      } else if (this.state[d] === GATED) this.pendingServices[d]++;
    }
    this.parked.push(s);
  }

  /** Progress was made (a task started or a unit ended): parked services queue up again. */
  private unpark(): void {
    if (this.parked.length === 0) return;
    const parked = this.parked;
    this.parked = [];
    for (const s of parked) if (this.state[s] === DEMANDED) this.makeReady(s);
  }

  /** Starts lower-priority units that fit now without delaying the blocked head's reservation. */
  private backfill(head: number): void {
    if (this.nodes) return this.backfillNodes(head, this.nodes);
    if (this.freeSlots < 1 || this.readyCount <= 1) return;
    if (!this.buckets.some((b) => b.count > 0 && this.fitsNow(b.cpus, b.memory))) return;
    const now = this.options.clock.now();
    // Reservation: walk running tasks by expected end until the head would fit.
    const ends: { end: number; i: number }[] = [];
    for (const r of this.runningByUnit.values()) ends.push({ end: Math.max(now, r.start + this.estimate[r.index]), i: r.index });
    ends.sort((a, b) => a.end - b.end || a.i - b.i);
    let cpu = this.freeCpuM;
    let mem = this.freeMemory;
    let slots = this.freeSlots;
    let shadow = Infinity;
    const needCpu = this.cpuM[head];
    const needMem = this.memory[head];
    if (!(cpu >= needCpu && mem >= needMem && slots >= 1)) {
      for (const { end, i } of ends) {
        cpu += this.cpuM[i];
        mem += this.runningByUnit.get(i)!.attempt.memory;
        slots += 1;
        if (cpu >= needCpu && mem >= needMem && slots >= 1) {
          shadow = end;
          break;
        }
      }
    }
    let extraCpu = cpu - needCpu;
    let extraMem = mem - needMem;
    let extraSlots = slots - 1;
    if (shadow === Infinity) {
      // No reservation is possible from running tasks alone (services hold the rest): anything
      // that fits may start; the stall check in dispatch() handles a head that never fits.
      extraCpu = extraMem = extraSlots = Infinity;
    }
    for (;;) {
      let best: number | undefined;
      let bestUsesExtra = false;
      for (const bucket of this.buckets) {
        if (bucket.count === 0 || !this.fitsNow(bucket.cpus, bucket.memory)) continue;
        const valid = bucket.valid;
        const top = bucket.byRank.peekValid(valid);
        if (top === undefined) continue;
        const fitsExtra = bucket.cpus <= extraCpu && bucket.memory <= extraMem && extraSlots >= 1;
        let candidate: number | undefined;
        let usesExtra = false;
        if (now + this.estimate[top] <= shadow) candidate = top;
        else if (fitsExtra) {
          candidate = top;
          usesExtra = true;
        } else {
          const short = bucket.byEstimate.peekValid(valid);
          if (short !== undefined && now + this.estimate[short] <= shadow) candidate = short;
        }
        if (candidate !== undefined && (best === undefined || this.ranking.rank[candidate] < this.ranking.rank[best])) {
          best = candidate;
          bestUsesExtra = usesExtra;
        }
      }
      if (best === undefined) return;
      if (bestUsesExtra) {
        extraCpu -= this.cpuM[best];
        extraMem -= this.memory[best];
        extraSlots -= 1;
      }
      this.launch(best, 0);
      if (this.stopping?.hard || this.freeSlots < 1) return;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Several nodes (`SchedulerOptions.placement`)

  /**
   * The node a request starts on now: among the nodes it may use that have room (and a free
   * slot), the one with the least free cpu, then the least free memory, then the first — best
   * fit, so that big holes stay for big units. -1 when none has room.
   */
  private pickNode(cpuM: number, memory: number, pin: number, avoid = -1, unit = -1, lenient = false): number {
    const nodes = this.nodes!;
    if (this.freeSlots < 1) return -1;
    if (unit >= 0 && pin < 0 && nodes.shun.size > 0) {
      const shunned = nodes.shun.get(unit);
      if (shunned) {
        let best = -1;
        for (let k = 0; k < nodes.freeCpuM.length; k++) {
          if (k === avoid || shunned.has(k) || cpuM > nodes.freeCpuM[k] || memory > nodes.freeMemory[k]) continue;
          if (best < 0 || nodes.freeCpuM[k] < nodes.freeCpuM[best] || (nodes.freeCpuM[k] === nodes.freeCpuM[best] && nodes.freeMemory[k] < nodes.freeMemory[best])) best = k;
        }
        // None has room now: wait for one that could hold it, unless nothing else will free room.
        if (best >= 0 || (!lenient && this.fitsUnshunned(unit, shunned))) return best;
      }
    }
    const free = nodes.freeCpuM;
    const freeMemory = nodes.freeMemory;
    if (pin >= 0) return pin !== avoid && cpuM <= free[pin] && memory <= freeMemory[pin] ? pin : -1;
    let best = -1;
    for (let k = 0; k < free.length; k++) {
      if (k === avoid || cpuM > free[k] || memory > freeMemory[k]) continue;
      if (best < 0 || free[k] < free[best] || (free[k] === free[best] && freeMemory[k] < freeMemory[best])) best = k;
    }
    return best;
  }

  /** Whether unit `i` is to stay off node `k` for now (`Nodes.shun`): a node it is kept off, while another could hold it. */
  private keptOff(i: number, k: number): boolean {
    const shunned = this.nodes!.shun.get(i);
    return shunned !== undefined && shunned.has(k) && this.fitsUnshunned(i, shunned);
  }

  /** Whether service `s` fits, when empty, a node it is not kept off. */
  private fitsUnshunned(s: number, shunned: ReadonlySet<number>): boolean {
    const nodes = this.nodes!;
    for (let k = 0; k < nodes.list.length; k++) {
      if (!shunned.has(k) && this.cpuM[s] <= nodes.capCpuM[k] && this.memory[s] <= nodes.capMemory[k]) return true;
    }
    return false;
  }

  /** Fills `nodes.shun`: for each service, the nodes that would keep a dependent task waiting on it. */
  private findShunned(nodes: Nodes): void {
    for (let s = 0; s < this.n; s++) {
      if (!this.isService[s] || nodes.pin[s] >= 0) continue;
      for (const d of this.ranking.dependents[s]) {
        if (this.isService[d]) continue;
        // The one node d may use (pinned, or the only one it fits when empty).
        let only = nodes.pin[d];
        if (only < 0) {
          for (let k = 0; k < nodes.list.length; k++) {
            if (this.cpuM[d] > nodes.capCpuM[k] || this.memory[d] > nodes.capMemory[k]) continue;
            if (only >= 0) {
              only = -2;
              break;
            }
            only = k;
          }
        }
        if (only < 0) continue;
        if (this.cpuM[d] + this.cpuM[s] <= nodes.capCpuM[only] && this.memory[d] + this.memory[s] <= nodes.capMemory[only]) continue;
        let shunned = nodes.shun.get(s);
        if (!shunned) nodes.shun.set(s, (shunned = new Set()));
        shunned.add(only);
      }
    }
  }

  /** Why unit `i` could never start on the nodes it may use, even with them empty; undefined when it could. */
  private fitsNoNode(i: number): string | undefined {
    const nodes = this.nodes!;
    const need = `it needs ${formatCpuCount(this.cpuM[i] / 1000)} and ${formatMemory(this.memory[i])} of memory`;
    if (this.capSlots < 1) return `${need}, and no container may run (parallel is ${this.capSlots})`;
    const fits = (k: number) => this.cpuM[i] <= nodes.capCpuM[k] && this.memory[i] <= nodes.capMemory[k];
    const pin = nodes.pin[i];
    if (pin >= 0) {
      if (fits(pin)) return undefined;
      const why = this.options.placement?.why.get(this.units[i].id);
      return `${need}, more than node ${describeNode(nodes.list[pin])}, the only node it may run on${why ? ` (${why})` : ''}`;
    }
    for (let k = 0; k < nodes.list.length; k++) if (fits(k)) return undefined;
    return `${need}, more than any single node has (${nodes.list.map(describeNode).join(', ')})`;
  }

  /** The most memory unit `i` may get: the largest node it may use. */
  private maxMemory(i: number, nodes: Nodes): number {
    if (nodes.pin[i] >= 0) return nodes.capMemory[nodes.pin[i]];
    let max = 0;
    for (const m of nodes.capMemory) if (m > max) max = m;
    return max;
  }

  /** What is free, for a message: the total, or per node the head may use. */
  private freeText(head: number): string {
    const nodes = this.nodes;
    if (!nodes) return `${formatCpuCount(this.freeCpuM / 1000)} and ${formatMemory(this.freeMemory)}`;
    const ks = nodes.pin[head] >= 0 ? [nodes.pin[head]] : nodes.list.map((_, k) => k);
    return ks.map((k) => `${formatCpuCount(nodes.freeCpuM[k] / 1000)} and ${formatMemory(nodes.freeMemory[k])} on ${nodes.list[k].name || nodes.list[k].id}`).join(', ');
  }

  /**
   * `backfill` per node. The head's reservation is on one node: the node it may use where enough
   * running tasks end first (shadow time S), with what is left there at S once it has started
   * (the extra E). A lower-priority unit may start on any other node freely, and on the reserved
   * node only if it is expected to end by S or fits within E. Slots stay global: a unit that runs
   * past S takes one of the slots left at S.
   */
  private backfillNodes(head: number, nodes: Nodes): void {
    if (this.freeSlots < 1 || this.readyCount <= 1) return;
    if (!this.buckets.some((b) => b.count > 0 && this.pickNode(b.cpus, b.memory, b.pin) >= 0)) return;
    const now = this.options.clock.now();
    const ends: { end: number; i: number }[] = [];
    for (const r of this.runningByUnit.values()) ends.push({ end: Math.max(now, r.start + this.estimate[r.index]), i: r.index });
    ends.sort((a, b) => a.end - b.end || a.i - b.i);
    const needCpu = this.cpuM[head];
    const needMem = this.memory[head];
    let shadow = Infinity;
    let reserved = -1;
    let extraCpu = Infinity;
    let extraMem = Infinity;
    let extraSlots = Infinity;
    const pin = nodes.pin[head];
    const shunned = nodes.shun.get(head);
    const keepOff = shunned && this.fitsUnshunned(head, shunned) ? shunned : undefined;
    for (let k = pin >= 0 ? pin : 0; k < (pin >= 0 ? pin + 1 : nodes.list.length); k++) {
      if (keepOff?.has(k)) continue;
      let cpu = nodes.freeCpuM[k];
      let mem = nodes.freeMemory[k];
      let slots = this.freeSlots;
      let at = Infinity;
      if (cpu >= needCpu && mem >= needMem && slots >= 1) at = now;
      else {
        for (const { end, i } of ends) {
          slots += 1;
          if (nodes.at[i] === k) {
            cpu += this.cpuM[i];
            mem += this.runningByUnit.get(i)!.attempt.memory;
          }
          if (cpu >= needCpu && mem >= needMem && slots >= 1) {
            at = end;
            break;
          }
        }
      }
      if (at < shadow) {
        shadow = at;
        reserved = k;
        extraCpu = cpu - needCpu;
        extraMem = mem - needMem;
        extraSlots = slots - 1;
      }
    }
    // No reservation from running tasks alone (services hold the rest): anything that fits may
    // start; the stall check in dispatch() handles a head that never fits.
    for (;;) {
      let best: number | undefined;
      let bestNode = -1;
      for (const bucket of this.buckets) {
        if (bucket.count === 0 || this.pickNode(bucket.cpus, bucket.memory, bucket.pin) < 0) continue;
        const valid = bucket.valid;
        const top = bucket.byRank.peekValid(valid);
        if (top === undefined) continue;
        let candidate: number | undefined;
        let node = this.backfillNode(bucket, top, now + this.estimate[top] <= shadow, reserved, extraCpu, extraMem, extraSlots);
        if (node >= 0) candidate = top;
        else {
          const short = bucket.byEstimate.peekValid(valid);
          if (short !== undefined && now + this.estimate[short] <= shadow) {
            node = this.pickNode(bucket.cpus, bucket.memory, bucket.pin, -1, short);
            if (node >= 0) candidate = short;
          }
        }
        if (candidate !== undefined && (best === undefined || this.ranking.rank[candidate] < this.ranking.rank[best])) {
          best = candidate;
          bestNode = node;
        }
      }
      if (best === undefined) return;
      if (now + this.estimate[best] > shadow) {
        extraSlots -= 1;
        if (bestNode === reserved) {
          extraCpu -= this.cpuM[best];
          extraMem -= this.memory[best];
        }
      }
      this.launch(best, bestNode);
      if (this.stopping?.hard || this.freeSlots < 1) return;
    }
  }

  /**
   * The node a backfill candidate of `bucket` may start on without delaying the reservation on
   * node `reserved`: any node with room when it ends by the shadow time; otherwise one of the
   * slots left at S, and on the reserved node only within the extra. Best fit among those; -1.
   */
  private backfillNode(bucket: Bucket, unit: number, endsInTime: boolean, reserved: number, extraCpu: number, extraMem: number, extraSlots: number): number {
    if (endsInTime) return this.pickNode(bucket.cpus, bucket.memory, bucket.pin, -1, unit);
    if (extraSlots < 1) return -1;
    const other = this.pickNode(bucket.cpus, bucket.memory, bucket.pin, reserved, unit);
    const onReserved =
      reserved >= 0 &&
      bucket.cpus <= extraCpu &&
      bucket.memory <= extraMem &&
      this.pickNode(bucket.cpus, bucket.memory, reserved) >= 0 &&
      (bucket.pin < 0 || bucket.pin === reserved) &&
      !this.keptOff(unit, reserved);
    if (other < 0) return onReserved ? reserved : -1;
    if (!onReserved) return other;
    // Both may do: best fit between them.
    const free = this.nodes!.freeCpuM;
    const freeMemory = this.nodes!.freeMemory;
    if (free[reserved] < free[other] || (free[reserved] === free[other] && (freeMemory[reserved] < freeMemory[other] || (freeMemory[reserved] === freeMemory[other] && reserved < other)))) return reserved;
    return other;
  }

  private take(i: number, memory: number, node: number): void {
    this.freeCpuM -= this.cpuM[i];
    this.freeMemory -= memory;
    this.freeSlots -= 1;
    const nodes = this.nodes;
    if (nodes) {
      nodes.freeCpuM[node] -= this.cpuM[i];
      nodes.freeMemory[node] -= memory;
      nodes.at[i] = nodes.last[i] = node;
    }
  }

  private give(i: number, memory: number): void {
    this.freeCpuM += this.cpuM[i];
    this.freeMemory += memory;
    this.freeSlots += 1;
    const nodes = this.nodes;
    if (nodes && nodes.at[i] >= 0) {
      nodes.freeCpuM[nodes.at[i]] += this.cpuM[i];
      nodes.freeMemory[nodes.at[i]] += memory;
      nodes.at[i] = -1;
    }
  }

  /** @param node the node index to run on, with a placement (ignored without). */
  private launch(i: number, node: number): void {
    this.leaveReady(i);
    const unit = this.units[i];
    const at = this.now();
    this.firstStart[i] ??= at;
    this.take(i, this.memory[i], node);
    this.markStarted(i);
    const nodeId = this.nodes?.list[node].id;
    if (this.isService[i]) {
      this.state[i] = STARTING;
      this.startingServices++;
      this.upServices.add(i);
      this.onEvent?.(nodeId === undefined ? { type: 'service-start', at, unit: unit.id } : { type: 'service-start', at, unit: unit.id, node: nodeId });
      let reported = false;
      this.options.executor.startService(unit, {
        healthy: () =>
          this.enqueue(() => {
            if (reported) return;
            reported = true;
            this.onServiceHealthy(i);
          }),
        failed: (message) =>
          this.enqueue(() => {
            reported = true;
            this.onServiceFailed(i, message);
          }),
      }, nodeId);
      return;
    }
    this.state[i] = RUNNING;
    const number = ++this.attemptNo[i];
    // Outputs are gathered when the executor reads them: the simulator never does.
    let needsOutputs: Attempt['needsOutputs'] | undefined;
    const scheduler = this;
    const attempt: Attempt = {
      id: `${unit.id}#${number}`,
      unit,
      number,
      memory: this.memory[i],
      get needsOutputs() {
        return (needsOutputs ??= scheduler.needsOutputs(i));
      },
    };
    if (nodeId !== undefined) attempt.node = nodeId;
    const run: Running = { index: i, attempt, start: this.options.clock.now() };
    this.runningByUnit.set(i, run);
    this.onEvent?.(
      nodeId === undefined
        ? { type: 'attempt-start', at, unit: unit.id, attempt: number, memory: attempt.memory }
        : { type: 'attempt-start', at, unit: unit.id, attempt: number, memory: attempt.memory, node: nodeId },
    );
    this.unpark();
    let exited = false;
    let started = false;
    this.options.executor.start(
      attempt,
      (outcome) =>
        this.enqueue(() => {
          if (exited) return;
          exited = true;
          this.onAttemptExit(run, outcome);
        }),
      // The timeout counts from when the command starts (an image pull or a slow create is not
      // the task's time). Armed at once, not queued: only a timer is set, and the simulator's
      // timers keep the order they had (the timeout before the attempt's own end).
      () => {
        if (started || exited) return;
        started = true;
        run.commandStart = this.options.clock.now();
        this.armTimeout(run);
        this.onEvent?.({ type: 'attempt-running', at: this.now(), unit: unit.id, attempt: number });
      },
    );
  }

  /** Sets the attempt's timeout timer, if its unit has one, from now. */
  private armTimeout(run: Running): void {
    const timeout = run.attempt.unit.timeout;
    if (timeout === undefined || !(timeout > 0) || run.killReason || this.runningByUnit.get(run.index) !== run) return;
    run.timer = this.options.clock.setTimer(timeout, () =>
      this.enqueue(() => {
        if (this.runningByUnit.get(run.index) !== run || run.killReason) return;
        run.killReason = 'timeout';
        this.options.executor.kill(run.attempt.id, 'timeout');
      }),
    );
  }

  /**
   * The outputs of `i`'s needed tasks, keyed by unit id: each expansion of a matrix task has its
   * own (`test[shard=1]`), so none overwrites another's; core/substitute.ts reads them.
   */
  private needsOutputs(i: number): Record<string, Record<string, string>> {
    // Prototype-less objects start as dictionaries: keyed by 100,000 different task names, plain
    // literals would each grow a new hidden class.
    const result: Record<string, Record<string, string>> = Object.create(null);
    for (const j of this.ranking.needs[i]) {
      if (this.isService[j]) continue;
      const id = this.units[j].id;
      const into = (result[id] ??= Object.create(null) as Record<string, string>);
      const outputs = this.outputs[j];
      if (outputs) for (const key in outputs) into[key] = outputs[key];
    }
    return result;
  }

  /** `i` started (or ended without starting): dependents whose needs are all under way may prepare. */
  private markStarted(i: number): void {
    if (this.startedOrDone[i]) return;
    this.startedOrDone[i] = 1;
    for (const d of this.ranking.dependents[i]) {
      if (--this.unstartedNeeds[d] !== 0) continue;
      const st = this.state[d];
      if (st === DONE || (this.stopping && !this.survives(d)) || this.options.taken?.has(this.units[d].id)) continue;
      // Services prepare when demanded; a task as soon as its needs are under way.
      if (!this.isService[d] || st !== WAITING) this.options.executor.prepare?.(this.units[d]);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Executor callbacks

  private onAttemptExit(run: Running, outcome: AttemptOutcome): void {
    const i = run.index;
    const unit = this.units[i];
    if (run.timer !== undefined) this.options.clock.clearTimer(run.timer);
    this.runningByUnit.delete(i);
    this.give(i, run.attempt.memory);
    const end = this.now();
    // The executor reports what happened; the scheduler knows why it asked for a kill.
    let status: AttemptStatus = outcome.status;
    if (run.killReason === 'timeout' && status !== 'succeeded') status = 'timeout';
    const recorded: AttemptOutcome = status === outcome.status ? outcome : { ...outcome, status };
    const record: AttemptRecord = { number: run.attempt.number, start: run.start - this.t0, end, memory: run.attempt.memory, outcome: recorded };
    if (run.attempt.node !== undefined) record.node = run.attempt.node;
    this.records[i].push(record);
    // Stopped by fail-fast or a cancel: not a failure of its own. The attempt keeps what the
    // executor saw (`killed`, `cancelled`); the unit ends `cancelled` and says it ran, and how long.
    const stop = run.stoppedBy;
    if (stop && status !== 'succeeded') {
      this.onEvent?.({ type: 'attempt-end', at: end, unit: unit.id, attempt: run.attempt.number, outcome: recorded, willRetry: false });
      if (stop.kind === 'fail-fast') this.failedUpstream[i] = 1;
      const why =
        run.commandStart === undefined
          ? `${this.notRun(stop)} (stopped before its command started)`
          : this.stoppedAfter(this.options.clock.now() - run.commandStart, 'ran', stop);
      return this.finish(i, 'cancelled', why);
    }

    const retryable = status === 'failed' || status === 'oom' || status === 'timeout';
    const willRetry = retryable && (!this.stopping || this.survives(i)) && run.attempt.number <= unit.retries.count;
    this.onEvent?.({ type: 'attempt-end', at: end, unit: unit.id, attempt: run.attempt.number, outcome: recorded, willRetry });
    if (status === 'succeeded') {
      this.outputs[i] = outcome.outputs ?? {};
      return this.finish(i, 'succeeded', outcome.cached ? `cached: it succeeded in run ${outcome.cached.run} with the same inputs, not run again` : undefined);
    }
    if (willRetry) {
      // A service it needs may have died meanwhile: a retry could not succeed without it.
      const lost = this.ranking.needs[i].find((j) => this.isService[j] && this.state[j] !== HEALTHY);
      if (lost !== undefined) {
        this.failedUpstream[i] = 1;
        return this.finish(i, status, this.serviceFailure(lost));
      }
      if (status === 'oom') {
        const factor = unit.retries.memoryFactor > 0 ? unit.retries.memoryFactor : 1;
        this.memory[i] = Math.min(this.nodes ? this.maxMemory(i, this.nodes) : this.capMemory, Math.ceil(run.attempt.memory * factor));
        this.shapeBucket[i] = undefined;
      }
      this.state[i] = BACKOFF;
      const delay = Math.max(0, unit.retries.backoff) * 2 ** (run.attempt.number - 1);
      const timer = this.options.clock.setTimer(delay, () =>
        this.enqueue(() => {
          if (this.backoffTimers.get(i) !== timer) return;
          this.backoffTimers.delete(i);
          this.makeReady(i);
        }),
      );
      this.backoffTimers.set(i, timer);
      return;
    }
    this.finish(i, status, outcome.message ?? (status === 'timeout' ? `timed out after ${unit.timeout} ms` : status));
  }

  private onServiceHealthy(s: number): void {
    if (this.state[s] !== STARTING) return;
    this.state[s] = HEALTHY;
    this.healthyAt[s] ??= this.now();
    this.startingServices--;
    this.onEvent?.({ type: 'service-healthy', at: this.now(), unit: this.units[s].id });
    for (const d of this.ranking.dependents[s]) {
      if (this.state[d] === GATED && --this.pendingServices[d] === 0) this.makeReady(d);
    }
  }

  private onServiceFailed(s: number, message: string): void {
    const st = this.state[s];
    if (st !== STARTING && st !== HEALTHY) return;
    this.takeDown(s, 'failed', message);
  }

  /** Service `s` failed: dependents that have not started cannot succeed without it. */
  private failWaitingDependents(s: number): void {
    for (const d of this.ranking.dependents[s]) {
      const ds = this.state[d];
      if (ds === GATED || ds === READY || ds === BACKOFF) {
        this.failedUpstream[d] = 1;
        // One that ran and failed, waiting to try again, ends with its failure; the others never
        // started: the service is the failure.
        if (ds === BACKOFF) {
          this.clearBackoff(d);
          this.finish(d, 'failed', this.serviceFailure(s));
        } else this.finish(d, 'skipped', this.serviceFailure(s));
      }
    }
  }

  /** Stops a service that is up and records how it ended. */
  private takeDown(s: number, status: UnitStatus, reason?: string): void {
    if (this.state[s] === STARTING) this.startingServices--;
    this.upServices.delete(s);
    this.give(s, this.memory[s]);
    this.state[s] = WAITING; // not DONE yet: finish() does that
    const usage = this.options.executor.stopService(this.units[s].id);
    this.onEvent?.({ type: 'service-stop', at: this.now(), unit: this.units[s].id, ...(status === 'failed' ? { failed: reason ?? 'failed' } : {}), ...(usage ? { usage } : {}) });
    this.finish(s, status, reason);
  }

  private clearBackoff(i: number): void {
    const timer = this.backoffTimers.get(i);
    if (timer !== undefined) this.options.clock.clearTimer(timer);
    this.backoffTimers.delete(i);
  }

  // -------------------------------------------------------------------------------------------
  // Ending

  private finish(i: number, status: UnitStatus, reason?: string): void {
    if (this.state[i] === DONE) return;
    if (this.state[i] === READY) this.leaveReady(i);
    this.state[i] = DONE;
    this.status[i] = status;
    this.reason[i] = reason;
    this.terminal++;
    const at = this.now();
    if (this.firstStart[i] !== undefined) this.endAt[i] = at;
    const unit = this.units[i];
    const failure = FAILURES.has(status);
    if (failure) this.failedUpstream[i] = 1;
    this.onEvent?.({ type: 'unit-end', at, unit: unit.id, status, ...(reason !== undefined ? { reason } : {}) });
    this.markStarted(i);

    // Deferred through the queue rather than called: a skip cascading down a long chain must
    // not grow the stack with the chain.
    if (!this.isService[i]) {
      for (const d of this.ranking.dependents[i]) if (--this.pendingTaskNeeds[d] === 0) this.queue.push(() => this.gate(d));
    }
    // Services this unit used: the last dependent to end takes the service down.
    for (const s of this.ranking.needs[i]) {
      if (!this.isService[s] || --this.liveDependents[s] !== 0) continue;
      this.release(s);
    }
    if (failure && this.isService[i]) this.failWaitingDependents(i);
    this.unpark();
    if (failure && !unit.allowFailure) {
      this.anyFailure = true;
      if (this.options.failFast && !this.stopping) this.stopAll('fail-fast', `--fail-fast after ${unit.id} ${status === 'failed' ? 'failed' : `ended ${status}`}`);
    }
  }

  /** Service `s` has no dependents left. */
  private release(s: number): void {
    const st = this.state[s];
    if (st === DONE) return;
    // A stop takes down the services nothing surviving needs itself (stopAll): one released here
    // served its dependents to the end.
    if (st === STARTING || st === HEALTHY) {
      return this.takeDown(s, st === HEALTHY || !this.stopping ? 'succeeded' : 'cancelled', st === STARTING ? 'no longer needed before it became healthy' : undefined);
    }
    this.finish(s, 'skipped', this.stopping ? this.notRun() : 'no dependent ran');
  }

  /**
   * Stops the run starting work: kills what runs, stops services, skips what waits — sparing the
   * units that `survives()` keeps (unless `hard`). A cancel that spares any starts the grace timer.
   */
  private stopAll(kind: 'cancel' | 'fail-fast', cause: string, hard = false): void {
    const stop: Stopping = { kind, cause, hard };
    this.stopping = stop;
    const at = this.now();
    for (const run of [...this.runningByUnit.values()]) {
      if (run.killReason || this.survives(run.index)) continue;
      run.killReason = kind;
      run.stoppedBy = stop;
      this.options.executor.kill(run.attempt.id, kind);
    }
    for (const i of [...this.backoffTimers.keys()]) {
      if (this.survives(i)) continue;
      this.clearBackoff(i);
      const last = this.records[i][this.records[i].length - 1]?.outcome.status ?? 'failed';
      if (kind === 'cancel') this.finish(i, 'cancelled', 'cancelled while waiting to retry');
      else this.finish(i, last, `retry not started: ${cause}`);
    }
    // Services first, while their dependents' states still say who needs them.
    for (const s of [...this.upServices]) {
      if (this.survives(s)) continue;
      const ran = at - (this.firstStart[s] ?? at);
      this.takeDown(s, 'cancelled', this.stoppedAfter(ran, this.state[s] === HEALTHY ? 'ran' : 'was starting for', stop));
    }
    const reason = this.notRun(stop);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < this.n; i++) {
        if (this.isService[i] !== (pass === 1)) continue;
        const st = this.state[i];
        if (st !== WAITING && st !== DEMANDED && st !== GATED && st !== READY) continue;
        if (this.survives(i) || (this.isService[i] && this.firstStart[i] !== undefined)) continue;
        if (kind === 'fail-fast') this.failedUpstream[i] = 1;
        this.finish(i, 'skipped', reason);
      }
    }
    if (hard) {
      if (this.graceTimer !== undefined) this.options.clock.clearTimer(this.graceTimer);
      this.graceTimer = undefined;
    } else if (kind === 'cancel' && this.graceTimer === undefined && this.terminal < this.n) {
      const grace = Math.max(0, this.options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
      this.graceTimer = this.options.clock.setTimer(grace, () =>
        this.enqueue(() => {
          this.graceTimer = undefined;
          if (this.finished || this.stopping?.hard) return;
          this.stopAll('cancel', `${cause} and its ${formatDuration(grace)} grace for if: always work ran out`, true);
        }),
      );
    }
  }

  private checkDone(): void {
    if (this.finished || !this.started || this.terminal < this.n || this.runningByUnit.size > 0) return;
    this.finished = true;
    if (this.graceTimer !== undefined) this.options.clock.clearTimer(this.graceTimer);
    this.graceTimer = undefined;
    const result: RunOutcome = this.stopping?.kind === 'cancel' ? 'cancelled' : this.anyFailure ? 'failure' : 'success';
    let first = Infinity;
    let last = -Infinity;
    const units: UnitResult[] = this.units.map((u, i) => {
      const start = this.firstStart[i];
      const end = this.endAt[i];
      if (start !== undefined && start < first) first = start;
      if (end !== undefined && end > last) last = end;
      return {
        id: u.id,
        kind: u.kind,
        status: this.status[i]!,
        ...(this.reason[i] !== undefined ? { reason: this.reason[i] } : {}),
        ...(start !== undefined ? { start, end } : {}),
        cpus: u.cpus,
        memory: this.memory[i],
        attempts: this.records[i],
        ...(this.nodes && this.nodes.last[i] >= 0 ? { node: this.nodes.list[this.nodes.last[i]].id } : {}),
      };
    });
    const makespan = first === Infinity ? 0 : Math.max(0, last - first);
    this.onEvent?.({ type: 'run-end', at: this.now(), result });
    this.options.onDone({ result, makespan, units });
  }
}
