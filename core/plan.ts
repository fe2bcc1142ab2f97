/**
 * `plan(graph, capacity)`: what a run would do if every task took its estimate — the scheduler
 * itself, driven by the simulated executor on a virtual clock. `gantry plan`, the language
 * server's hover and code lens, and the editor's schedule preview all call this one function.
 */
import type { RunResult } from './executor';
import { SimulatedExecutor, VirtualClock } from './executors/simulated';
import type { Capacity, Graph, UnitKind } from './model';
import type { Placement } from './placement';
import { planningEstimate, rankUnits, Scheduler } from './schedule';

export interface PlannedUnit {
  id: string;
  kind: UnitKind;
  /** ms from the start of the run. */
  start: number;
  end: number;
  cpus: number;
  /** Bytes. */
  memory: number;
  /** On the critical path (the longest chain of estimates). */
  critical: boolean;
  /**
   * How much later (ms) this unit could end without pushing back, through the needs, the end of
   * the run: latest finish from a backward pass over the planned durations, minus its end. It
   * ignores capacity, so it is an upper bound on the room a unit really has.
   */
  slack: number;
  /** The node it would run on (`NodeCapacity.id`), when planned with a placement. */
  node?: string;
}

/** A node a plan with a placement packs onto. */
export interface PlannedNode {
  id: string;
  name: string;
  cpus: number;
  /** Bytes. */
  memory: number;
  /** The home node (core/backend.ts `NodeCapacity.home`). */
  home?: boolean;
  /** What is in use on this node over time, a step function (as `Plan.profile` for all nodes). */
  profile: ProfilePoint[];
}

export interface ProfilePoint {
  /** ms; the usage holds from here until the next point. */
  t: number;
  cpus: number;
  /** Bytes. */
  memory: number;
  containers: number;
}

export interface Plan {
  /** ms from the first start to the last end. */
  makespan: number;
  /** ms: max(critical path, cpu·s ÷ cpus, memory·s ÷ memory) — no schedule can be shorter. */
  lowerBound: number;
  /** Unit ids along the longest chain of estimates, first to last: tasks, builds, and services whose time to healthy is on it. */
  criticalPath: string[];
  /** Units that would start, in graph order (a unit that can never fit is left out). */
  units: PlannedUnit[];
  /** Capacity in use over time, a step function (all nodes together). */
  profile: ProfilePoint[];
  /** The nodes packed onto, when planned with a placement (`PlanOptions.placement`). */
  nodes?: PlannedNode[];
}

/**
 * What a container costs on a real engine beyond the task's own work (ms): its start (namespaces,
 * cgroups, the run network's endpoint and DNS) and the engine's handling of its exit, before a
 * dependent can start. Measured with `npm run bench:run` on Docker 20.10 (cgroup v1, 2 shared
 * cores): 0.35–0.45 s per container on a quiet machine, more under load; see
 * docs/benchmarks.md ("Running").
 */
export const DEFAULT_START_OVERHEAD_MS = 400;

export interface PlanOptions {
  /**
   * Added to every attempt's estimate and to every service's start, so the prediction matches a
   * real run; 0 plans the estimates alone. Default `DEFAULT_START_OVERHEAD_MS` (400 ms).
   */
  startOverhead?: number;
  /**
   * Pack onto several nodes, as the run will (core/placement.ts): each planned unit gets its
   * `node`, the plan its `nodes`, and the lower bound divides the work by the nodes' sums.
   * `capacity` still gives the parallel slots. Default: none — one pool of `capacity`.
   */
  placement?: Placement;
}

export function plan(graph: Graph, capacity: Capacity, options: PlanOptions = {}): Plan {
  const overhead = Math.max(0, options.startOverhead ?? DEFAULT_START_OVERHEAD_MS);
  const ranking = rankUnits(graph, overhead);
  const clock = new VirtualClock();
  let result: RunResult | undefined;
  const scheduler = new Scheduler(graph, {
    capacity,
    executor: new SimulatedExecutor(clock, {}, { startOverhead: overhead }),
    clock,
    ranking,
    ...(options.placement ? { placement: options.placement } : {}),
    onDone: (r) => (result = r),
  });
  scheduler.start();
  clock.run();
  if (!result) throw new Error('internal: the simulated run did not finish');

  const units = graph.units;
  const n = units.length;

  // Longest chain of estimates, each unit counted with its start overhead as the simulation does.
  const length = (i: number) => planningEstimate(units[i]) + overhead;
  const bottomLevel = ranking.bottomLevel;

  // Critical path: from the unit with the longest chain, follow the dependent that carries it.
  const path: number[] = [];
  if (n > 0 && ranking.topo.length > 0) {
    let i = ranking.topo[0];
    for (const k of ranking.topo) {
      if (bottomLevel[k] > bottomLevel[i] || (bottomLevel[k] === bottomLevel[i] && ranking.rank[k] < ranking.rank[i])) i = k;
    }
    for (;;) {
      path.push(i);
      const rest = bottomLevel[i] - length(i);
      let next: number | undefined;
      for (const d of ranking.dependents[i]) {
        if (bottomLevel[d] === rest && (next === undefined || ranking.rank[d] < ranking.rank[next])) next = d;
      }
      if (next === undefined) break;
      i = next;
    }
  }
  // Builds of images are on the path as tasks are. A service is on it when its time to healthy
  // (known from history) holds its dependents back, as the run's critical path shows it
  // (core/report/critical-path.ts); one healthy at once only holds, it takes no time of its own.
  const taskPath = path.filter((i) => units[i].kind !== 'service' || planningEstimate(units[i]) > 0);
  const onPath = new Set(taskPath);
  const criticalLength = maxOf(bottomLevel);

  let cpuWork = 0;
  let memoryWork = 0;
  for (const u of units) {
    if (u.kind === 'service') continue;
    const est = planningEstimate(u) + overhead;
    cpuWork += est * u.cpus;
    memoryWork += est * u.memory;
  }
  const nodes = options.placement?.nodes;
  const totalCpus = nodes && nodes.length > 0 ? nodes.reduce((sum, node) => sum + node.capacity.cpus, 0) : capacity.cpus;
  const totalMemory = nodes && nodes.length > 0 ? nodes.reduce((sum, node) => sum + node.capacity.memory, 0) : capacity.memory;
  const lowerBound = Math.max(
    criticalLength,
    totalCpus > 0 ? cpuWork / totalCpus : 0,
    totalMemory > 0 ? memoryWork / totalMemory : 0,
  );

  // Slack: backward pass over the planned schedule.
  const start = new Float64Array(n).fill(NaN);
  const end = new Float64Array(n).fill(NaN);
  result.units.forEach((u, i) => {
    if (u.start !== undefined && u.end !== undefined) {
      start[i] = u.start;
      end[i] = u.end;
    }
  });
  let last = 0;
  for (let i = 0; i < n; i++) if (end[i] > last) last = end[i];
  const latestFinish = new Float64Array(n).fill(last);
  for (let k = ranking.topo.length - 1; k >= 0; k--) {
    const i = ranking.topo[k];
    for (const d of ranking.dependents[i]) {
      if (Number.isNaN(start[d])) continue;
      const latestStart = latestFinish[d] - (end[d] - start[d]);
      if (latestStart < latestFinish[i]) latestFinish[i] = latestStart;
    }
  }

  const planned: PlannedUnit[] = [];
  result.units.forEach((u, i) => {
    if (Number.isNaN(start[i])) return;
    planned.push({
      id: u.id,
      kind: u.kind,
      start: start[i],
      end: end[i],
      cpus: u.cpus,
      memory: u.memory,
      critical: onPath.has(i),
      slack: Math.max(0, latestFinish[i] - end[i]),
      ...(u.node !== undefined ? { node: u.node } : {}),
    });
  });

  return {
    makespan: result.makespan,
    lowerBound,
    criticalPath: taskPath.map((i) => units[i].id),
    units: planned,
    profile: usageProfile(result),
    ...(nodes && nodes.length > 0
      ? {
          nodes: nodes.map((node) => ({
            id: node.id,
            name: node.name,
            cpus: node.capacity.cpus,
            memory: node.capacity.memory,
            ...(node.home ? { home: true } : {}),
            profile: usageProfile(result!, node.id),
          })),
        }
      : {}),
  };
}

function maxOf(values: Float64Array): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** Sweeps attempt and service intervals (those on node `node` when given) into a step function of capacity in use. */
function usageProfile(result: RunResult, node?: string): ProfilePoint[] {
  // Every start and end as a change of usage, in flat arrays (two per attempt: for a large plan,
  // hundreds of thousands of small objects otherwise). Millicores, so that sums of fractional
  // cpus come back exact.
  let n = 0;
  for (const u of result.units) {
    if (u.kind === 'service') n += u.start !== undefined && u.end !== undefined && (node === undefined || u.node === node) ? 2 : 0;
    else for (const a of u.attempts) if (node === undefined || a.node === node) n += 2;
  }
  const t = new Float64Array(n);
  const cpu = new Float64Array(n);
  const memory = new Float64Array(n);
  const containers = new Int8Array(n);
  let k = 0;
  const change = (at: number, c: number, m: number, sign: 1 | -1): void => {
    t[k] = at;
    cpu[k] = sign * c;
    memory[k] = sign * m;
    containers[k++] = sign;
  };
  for (const u of result.units) {
    const c = Math.round(u.cpus * 1000);
    if (u.kind === 'service') {
      if (u.start === undefined || u.end === undefined || (node !== undefined && u.node !== node)) continue;
      change(u.start, c, u.memory, 1);
      change(u.end, c, u.memory, -1);
      continue;
    }
    for (const a of u.attempts) {
      if (node !== undefined && a.node !== node) continue;
      change(a.start, c, a.memory, 1);
      change(a.end, c, a.memory, -1);
    }
  }
  // Stable by time, as the sort of the change objects was: ties keep the order written above.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => t[a] - t[b] || a - b);
  const profile: ProfilePoint[] = [];
  let cpus = 0;
  let used = 0;
  let running = 0;
  for (let i = 0; i < n; ) {
    const at = t[order[i]];
    for (; i < n && t[order[i]] === at; i++) {
      const j = order[i];
      cpus += cpu[j];
      used += memory[j];
      running += containers[j];
    }
    const point = { t: at, cpus: cpus / 1000, memory: used, containers: running };
    const prev = profile[profile.length - 1];
    if (prev && prev.cpus === point.cpus && prev.memory === point.memory && prev.containers === point.containers) continue;
    profile.push(point);
  }
  return profile;
}
