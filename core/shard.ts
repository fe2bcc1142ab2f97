/**
 * Sharding one batch across N runners (`shard: 2/4`, `gantry run --shard 2/4`): which tasks each
 * runner runs. Pure and deterministic — every runner computes the same partition from the same
 * file and inputs, with nothing of its own machine in it, so the shards cover the batch exactly once
 * without talking to each other.
 *
 * Needs run in the shard of the task that needs them: a task's needs (transitively, services too)
 * are added to its shard, and a need shared by tasks of several shards runs in each of them. The
 * other choice — keeping connected components together — puts a typical batch (build → test ×N →
 * report) in one shard and leaves the others idle. Duplicating shared needs costs their time on
 * every shard that needs them, and is only correct for needs that can run more than once (a build,
 * a setup); a fan-in task (`report`, needing every test) pulls all of its needs into its shard, so it
 * belongs in a job of its own (`only: report`) or outside the sharded file.
 *
 * The partition, critical path first: tasks in order of the longest chain of estimates from them to
 * the end (ties: id), each to the shard whose predicted makespan grows least (ties: the shard with
 * less work so far, then the lower one). A shard's predicted makespan here is the lower bound max(longest chain of its units,
 * Σ estimate × cpus / cpus of the partition) — cheap, and capacity-independent but for one figure,
 * `cpus`, which comes from the inputs or the file (else PARTITION_CPUS): runners with other
 * machines still agree.
 */
import type { Graph, Unit } from './model';

/** The cpus a partition assumes when neither the inputs nor the file says. */
export const PARTITION_CPUS = 2;

export interface ShardRef {
  /** 1-based. */
  index: number;
  total: number;
}

/** `2/4` → { index: 2, total: 4 }; undefined when malformed (index from 1 to total, total ≤ 256). */
export function parseShard(text: string): ShardRef | undefined {
  const m = /^\s*(\d{1,3})\s*\/\s*(\d{1,3})\s*$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || total > 256 || index < 1 || index > total) return undefined;
  return { index, total };
}

export interface Shard {
  index: number;
  /** The tasks this shard was given (ids, graph order). */
  tasks: string[];
  /** What it runs: its tasks and everything they need (ids, graph order). */
  runs: string[];
  /** Units it runs that another shard runs too (shared needs). */
  shared: string[];
  /** The lower-bound makespan the partition balanced (ms). */
  predicted: number;
}

export function partition(graph: Graph, total: number, cpus: number = PARTITION_CPUS): Shard[] {
  const order = new Map(graph.units.map((u, i) => [u.id, i]));
  const closures = new Map<string, Set<string>>();
  const closure = (id: string): Set<string> => {
    let c = closures.get(id);
    if (c) return c;
    c = new Set([id]);
    closures.set(id, c);
    for (const need of graph.byId.get(id)?.needs ?? []) for (const x of closure(need)) c.add(x);
    return c;
  };
  // Longest chain of estimates from each unit to the end (itself included): the critical-path rank.
  const dependents = new Map<string, string[]>();
  for (const u of graph.units) {
    for (const n of u.needs) {
      const list = dependents.get(n);
      if (list) list.push(u.id);
      else dependents.set(n, [u.id]);
    }
  }
  const tails = new Map<string, number>();
  const tail = (id: string): number => {
    const known = tails.get(id);
    if (known !== undefined) return known;
    const unit = graph.byId.get(id)!;
    const value = unit.estimate + Math.max(0, ...(dependents.get(id) ?? []).map(tail));
    tails.set(id, value);
    return value;
  };
  const tasks = graph.units.filter((u) => u.kind === 'task').sort((a, b) => tail(b.id) - tail(a.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const shards = Array.from({ length: total }, () => ({ tasks: [] as Unit[], runs: new Set<string>(), cost: 0 }));
  for (const task of tasks) {
    let best = 0;
    let bestCost = Infinity;
    for (let i = 0; i < total; i++) {
      const runs = new Set([...shards[i].runs, ...closure(task.id)]);
      const cost = lowerBound(graph, runs, cpus);
      // Ties (common when the chain, not the work, bounds the makespan): the shard with less work so far.
      if (cost < bestCost || (cost === bestCost && work(graph, shards[i].runs) < work(graph, shards[best].runs))) {
        best = i;
        bestCost = cost;
      }
    }
    shards[best].tasks.push(task);
    for (const id of closure(task.id)) shards[best].runs.add(id);
    shards[best].cost = bestCost;
  }
  const byOrder = (ids: Iterable<string>) => [...ids].sort((a, b) => order.get(a)! - order.get(b)!);
  const count = new Map<string, number>();
  for (const s of shards) for (const id of s.runs) count.set(id, (count.get(id) ?? 0) + 1);
  return shards.map((s, i) => ({
    index: i + 1,
    tasks: byOrder(s.tasks.map((t) => t.id)),
    runs: byOrder(s.runs),
    shared: byOrder([...s.runs].filter((id) => count.get(id)! > 1)),
    predicted: s.cost,
  }));
}

function work(graph: Graph, ids: ReadonlySet<string>): number {
  let total = 0;
  for (const id of ids) total += graph.byId.get(id)!.estimate * graph.byId.get(id)!.cpus;
  return total;
}

/** max(longest chain of estimates inside `ids`, Σ estimate × cpus / cpus). */
function lowerBound(graph: Graph, ids: ReadonlySet<string>, cpus: number): number {
  const chain = new Map<string, number>();
  const longest = (id: string): number => {
    const known = chain.get(id);
    if (known !== undefined) return known;
    const unit = graph.byId.get(id)!;
    const value = unit.estimate + Math.max(0, ...unit.needs.filter((n) => ids.has(n)).map(longest));
    chain.set(id, value);
    return value;
  };
  let work = 0;
  let path = 0;
  for (const id of ids) {
    const unit = graph.byId.get(id)!;
    if (unit.kind === 'task') work += unit.estimate * Math.min(unit.cpus, cpus);
    path = Math.max(path, longest(id));
  }
  return Math.max(path, work / cpus);
}
