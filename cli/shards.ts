/**
 * Sharding on the command line: `gantry run --shard 2/4` runs one runner's part of the batch, and
 * `gantry plan --shards 4` shows which tasks run where and each shard's predicted makespan. Both
 * take the partition from core/shard.ts with the same `cpus` figure the action's `shard` input
 * uses (the flag, else the file's `capacity.cpus`, else PARTITION_CPUS — never this machine's), so
 * `gantry plan --shards 4` on a laptop shows what four CI runners with `shard: i/4` will do.
 */
import type { Capacity, Graph } from '../core/model';
import { PARTITION_CPUS, parseShard, partition, type Shard, type ShardRef } from '../core/shard';
import { plan } from '../core/plan';
import { selectOnly } from '../core/run/select-only';
import { formatDuration } from '../core/format';
import { sanitize } from '../core/sanitize';

/** The partition every surface computes: `cpus` from the flag or input, else the file's, else PARTITION_CPUS. */
export function shardsOf(graph: Graph, total: number, cpus: { flag?: number; file?: number }): Shard[] {
  return partition(graph, total, cpus.flag ?? cpus.file ?? PARTITION_CPUS);
}

export interface ShardPlan extends Shard {
  /** The simulated makespan of what this shard runs (its tasks and their needs) on `capacity` (ms). */
  makespan: number;
}

/** Each shard with the makespan `plan` simulates for it on `capacity`. */
export function planShards(graph: Graph, shards: readonly Shard[], capacity: Capacity): ShardPlan[] {
  return shards.map((s) => ({ ...s, makespan: s.tasks.length === 0 ? 0 : plan(selectOnly(graph, s.tasks), capacity).makespan }));
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/** `plan --shards N --json`: `{"shards":[{"shard","tasks","runs","shared","makespan","balanced"}]}` (seconds). */
export function shardPlanJson(shards: readonly ShardPlan[]) {
  return {
    shards: shards.map((s) => ({ shard: s.index, tasks: s.tasks, runs: s.runs, shared: s.shared, makespan: seconds(s.makespan), balanced: seconds(s.predicted) })),
  };
}

/**
 * For people:
 *
 * ```
 * 4 shards (partition balanced for 2 cpus; run with --shard I/4, or the action's `shard: I/4`)
 *
 * shard 1/4  predicted 21s  2 tasks: build, test[n=1]
 * shard 2/4  predicted 21s  1 task: test[n=2]   also runs what they need: build (also in another shard)
 * …
 * longest shard: 21s (1/4)
 * ```
 */
export function renderShardPlan(shards: readonly ShardPlan[], cpus: number): string {
  const total = shards.length;
  const lines = [`${total} shard${total === 1 ? '' : 's'} (partition balanced for ${cpus} cpus; run each with --shard I/${total}, or the action's \`shard: I/${total}\`)`, ''];
  const label = (s: ShardPlan) => `shard ${s.index}/${total}`;
  const width = Math.max(...shards.map((s) => label(s).length));
  const timeWidth = Math.max(...shards.map((s) => formatDuration(s.makespan).length));
  for (const s of shards) {
    const tasks = s.tasks.length === 0 ? 'no tasks (nothing to run)' : `${s.tasks.length} task${s.tasks.length === 1 ? '' : 's'}: ${s.tasks.map((t) => sanitize(t)).join(', ')}`;
    const needs = s.runs.filter((id) => !s.tasks.includes(id));
    const shared = needs.length > 0 ? `   also runs what they need: ${needs.map((id) => `${sanitize(id)}${s.shared.includes(id) ? ' (also in another shard)' : ''}`).join(', ')}` : '';
    lines.push(`${label(s).padEnd(width)}  predicted ${formatDuration(s.makespan).padStart(timeWidth)}  ${tasks}${shared}`);
  }
  const longest = shards.reduce((a, b) => (b.makespan > a.makespan ? b : a));
  lines.push('', `longest shard: ${formatDuration(longest.makespan)} (${label(longest)}) — the sharded run's predicted makespan`);
  return `${lines.join('\n')}\n`;
}

/** `--shards N`: N from 1 to 256, else a one-line usage error. */
export function parseShardCount(text: string): number | string {
  const n = /^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  return n >= 1 && n <= 256 ? n : `--shards takes a whole number from 1 to 256 (got "${sanitize(text)}")`;
}

/** `--shard I/N`, checked as the action's input is; a one-line usage error otherwise. */
export function shardFlag(text: string): ShardRef | string {
  return parseShard(text) ?? `--shard takes INDEX/TOTAL with 1 ≤ INDEX ≤ TOTAL ≤ 256, e.g. 2/4 (got "${sanitize(text)}")`;
}
