/**
 * `gantry plan FILE`: the schedule a run would follow if every task took its estimate — the
 * scheduler itself on a virtual clock. A Gantt chart for people, or `--json` for tools.
 */
import { parseArgs } from 'node:util';
import { dirname } from 'node:path';
import type { NodeCapacity } from '../core/backend';
import type { Capacity, Graph } from '../core/model';
import { DEFAULT_START_OVERHEAD_MS, plan, type Plan } from '../core/plan';
import { placeUnits, type Placement } from '../core/placement';
import { estimateSource, estimatesFromHistory, withEstimates } from '../core/estimates';
import { readHistory } from '../core/host/history';
import { sanitize } from '../core/sanitize';
import { formatCapacity, formatDuration } from '../core/format';
import type { CliIo, Command } from './io';
import { EXIT } from './io';
import { capacityFromFlags, engineFromFlag, loadBatchFile } from './load';
import { engineChoice, loadBackend } from '../core/surface/engines';
import { isEngineName } from '../core/model';
import { classifyError } from '../core/surface/classify';
import { failureLines } from './io';
import { parseShardCount, planShards, renderShardPlan, shardPlanJson, shardsOf } from './shards';
import { PARTITION_CPUS } from '../core/shard';
import { predictCached, atNoTime, type CachePrediction } from '../core/run/cache-plan';

const USAGE = `Usage: gantry plan FILE [options]

Show how a run would be scheduled if every task took its estimate: one row per task and service,
the makespan, the critical path, the lower bound no schedule can beat, and where each estimate
comes from. An estimate is the median of the unit's recent successful runs when \`gantry run\` has
recorded any (.gantry/history/ beside the file), else its \`estimate:\`, else the default (10s; a
service is healthy at once).

Tasks with cache: whose inputs match an earlier success in .gantry/cache/ — all but the image,
which plan cannot know without the engine — are listed as "cached if the image is unchanged",
with the makespan without them (--json: "makespanWithoutCached", a task's "cachedFrom").

Options:
  --cpus N       CPUs to pack tasks into. Default: the file's capacity, else this machine's.
  --memory Q     Memory to pack into (e.g. 4Gi, 512Mi). Default: the file's, else this machine's.
  --parallel N   At most N containers at once. Default: the file's, else no limit.
  --no-history   Ignore the recorded runs: only the file's estimates and the defaults.
  --engine E     docker (default) plans offline against the capacity; swarm asks the swarm the
                 Docker client points at for its nodes and places each unit on one, as
                 \`gantry run --engine swarm\` will (a node column, a line per node). Default:
                 the file's capacity.engine, else docker.
  --json         Print {"makespan","lowerBound","criticalPath","tasks":[…]} (seconds, bytes);
                 each task has "estimate" (seconds; a service: to healthy), "source" (history,
                 estimate or default) and "runs" (how many runs the history estimate is from).
  --shards N     Split the batch for N runners as \`gantry run --shard I/N\` and the action's
                 \`shard: I/N\` do: which tasks run where, each shard's predicted makespan.
                 With --json: {"shards":[{"shard","tasks","runs","shared","makespan","balanced"}]}.

Exit codes: 0 planned, 2 invalid file or usage, 3 the swarm could not be asked (--engine swarm).
`;

/** What the engine adds to a plan (`--engine swarm`: its nodes). */
export interface PlanEngine {
  /**
   * The nodes a run would pack onto (`BackendCapacity.nodes`, core/backend.ts). With more than
   * one, the plan places each unit on a node as the run will (core/placement.ts): a node column,
   * a line per node, the units pinned to the home node and why; `--json` adds `nodes` and each
   * task's `node` (and `pinned`). Default: none — one pool, the output as without an engine.
   */
  nodes?: readonly NodeCapacity[];
  /** What a container costs on the engine (`BackendCapacity.startOverhead`). Default: the local engine's. */
  startOverhead?: number;
  /** Why the node Gantry talks to takes no work (`BackendCapacity.homeUnavailable`). */
  homeUnavailable?: string;
}

export const planCommand: Command = {
  summary: 'Show the schedule a run would follow, with its critical path',
  usage: USAGE,
  run: (argv: string[], io: CliIo): Promise<number> => runPlan(argv, io),
};

/** `gantry plan`, with what the engine adds (`engine`, for a caller that connected to one). */
export async function runPlan(argv: string[], io: CliIo, given: PlanEngine = {}): Promise<number> {
  let engine = given;
  let values: { cpus?: string; memory?: string; parallel?: string; json?: boolean; shards?: string; 'no-history'?: boolean; engine?: string };
  let positionals: string[];
  const usageError = (message: string) => {
    io.stderr.write(`gantry plan: ${message}\n\n${USAGE}`);
    return EXIT.invalid;
  };
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { cpus: { type: 'string' }, memory: { type: 'string' }, parallel: { type: 'string' }, json: { type: 'boolean' }, shards: { type: 'string' }, 'no-history': { type: 'boolean' }, engine: { type: 'string' } },
    }));
  } catch (error) {
    return usageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  if (positionals.length !== 1) return usageError(positionals.length === 0 ? 'missing the batch FILE' : `one FILE at a time (got ${positionals.length})`);
  const capacity = capacityFromFlags(values);
  if (typeof capacity === 'string') return usageError(capacity);
  const shards = values.shards === undefined ? undefined : parseShardCount(values.shards);
  if (typeof shards === 'string') return usageError(shards);

  const engineFlag = engineFromFlag(values.engine);
  if (engineFlag !== undefined && !isEngineName(engineFlag)) return usageError(engineFlag);

  const loaded = loadBatchFile(positionals[0], io, { capacity, ...(engineFlag ? { engine: engineFlag } : {}) });
  if (!loaded.ok) return loaded.code;
  // On the swarm the plan needs its nodes (and what a container costs there): asked once, offline otherwise.
  if (!engine.nodes && engineChoice(engineFlag, loaded.validation.file.engine?.name).name !== 'docker') {
    try {
      const backend = await loadBackend(engineChoice(engineFlag, loaded.validation.file.engine?.name).name);
      const connection = await backend.connect({ env: io.env, ...(io.signal ? { signal: io.signal } : {}) });
      try {
        const asked = await connection.capacity();
        engine = { nodes: asked.nodes, ...(asked.startOverhead !== undefined ? { startOverhead: asked.startOverhead } : {}), ...(asked.homeUnavailable !== undefined ? { homeUnavailable: asked.homeUnavailable } : {}) };
      } finally {
        await connection.close();
      }
    } catch (error) {
      const failure = classifyError(error);
      io.stderr.write(failureLines(failure));
      return failure.exitCode;
    }
  }
  if (shards !== undefined) {
    const cpus = capacity.cpus ?? loaded.validation.file.capacity.cpus ?? PARTITION_CPUS;
    const planned = planShards(loaded.validation.graph, shardsOf(loaded.validation.graph, shards, { flag: capacity.cpus, file: loaded.validation.file.capacity.cpus }), loaded.validation.capacity);
    io.stdout.write(values.json ? `${JSON.stringify(shardPlanJson(planned))}\n` : renderShardPlan(planned, cpus));
    return EXIT.ok;
  }
  // The shards above keep the file's estimates: every runner must cut the same partition.
  let graph = loaded.validation.graph;
  if (!values['no-history']) {
    const read = readHistory(dirname(loaded.path), loaded.path);
    if (read.problem) io.stderr.write(`gantry plan: ${sanitize(read.problem)}\n`);
    graph = withEstimates(graph, estimatesFromHistory(read.records, { startOverhead: engine.startOverhead ?? DEFAULT_START_OVERHEAD_MS }));
  }
  // Several nodes: each unit on one node, as the run will place it; the capacity is their sum.
  let placement: Placement | undefined;
  let planCapacity = loaded.validation.capacity;
  if (engine.nodes && (engine.nodes.length > 1 || engine.homeUnavailable !== undefined)) {
    const placed = placeUnits(graph, engine.nodes, engine.homeUnavailable !== undefined ? { homeUnavailable: engine.homeUnavailable } : {});
    if (placed.problems.length > 0) {
      for (const problem of placed.problems) io.stderr.write(`gantry plan: ${sanitize(problem.message)}\n`);
      return EXIT.invalid;
    }
    placement = placed.placement;
    planCapacity = {
      cpus: engine.nodes.reduce((sum, node) => sum + node.capacity.cpus, 0),
      memory: engine.nodes.reduce((sum, node) => sum + node.capacity.memory, 0),
      parallel: planCapacity.parallel,
    };
  }
  const options = placement || engine.startOverhead !== undefined ? { ...(placement ? { placement } : {}), ...(engine.startOverhead !== undefined ? { startOverhead: engine.startOverhead } : {}) } : undefined;
  const result = plan(graph, planCapacity, options);
  // The task cache: what a run would likely not run, and the makespan then.
  const cached = predictCached(graph, { baseDir: dirname(loaded.path), batchFile: loaded.path });
  const withCache = cached.size > 0 ? { cached, makespan: plan(atNoTime(graph, cached), planCapacity, options).makespan } : undefined;
  if (values.json) io.stdout.write(`${JSON.stringify(planJson(result, graph, withCache, placement))}\n`);
  else io.stdout.write(renderPlan(result, graph, planCapacity, io.stdout.columns ?? 80, withCache, values['no-history'] === true, placement));
  return EXIT.ok;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/** What the task cache would spare a run: tasks cached if their images are unchanged, and the makespan without them. */
interface WithCache {
  cached: ReadonlyMap<string, CachePrediction>;
  makespan: number;
}

/** The `--json` document: times in seconds, memory in bytes. */
function planJson(p: Plan, graph: Graph, withCache?: WithCache, placement?: Placement) {
  return {
    makespan: seconds(p.makespan),
    ...(p.nodes ? { nodes: p.nodes.map(({ profile: _, ...node }) => node) } : {}),
    ...(withCache ? { makespanWithoutCached: seconds(withCache.makespan) } : {}),
    lowerBound: seconds(p.lowerBound),
    criticalPath: p.criticalPath,
    tasks: p.units.map((u) => {
      const source = estimateSource(graph.byId.get(u.id)!);
      return {
        name: u.id,
        start: seconds(u.start),
        end: seconds(u.end),
        cpus: u.cpus,
        memory: u.memory,
        kind: u.kind,
        estimate: seconds(source.ms),
        source: source.source,
        runs: source.runs ?? null,
        ...(withCache?.cached.has(u.id) ? { cachedFrom: withCache.cached.get(u.id)!.run } : {}),
        ...(u.node !== undefined ? { node: u.node } : {}),
        ...(placement?.why.has(u.id) ? { pinned: placement.why.get(u.id) } : {}),
      };
    }),
  };
}

/** Rows of the estimates' list in the text form; --json has them all. */
const ESTIMATE_ROWS = 40;

/**
 * The chart for people: one row per unit, bars scaled to `width` columns. `#` marks the critical
 * path, `=` other tasks, `~` services (up from start to stop).
 */
function renderPlan(p: Plan, graph: Graph, capacity: Capacity, width: number, withCache?: WithCache, noHistory = false, placement?: Placement): string {
  const lines: string[] = [];
  // Several nodes: a column with each unit's node, a line per node in the header.
  const nodeNames = new Map((p.nodes ?? []).map((node) => [node.id, sanitize(node.name || node.id)]));
  const nodeWidth = p.nodes ? Math.min(16, Math.max(4, ...[...nodeNames.values()].map((name) => name.length))) : 0;
  const nodeColumn = (id: string | undefined): string => {
    if (!p.nodes) return '';
    const name = id === undefined ? '' : (nodeNames.get(id) ?? sanitize(id));
    return `${name.length > nodeWidth ? `${name.slice(0, nodeWidth - 1)}…` : name.padEnd(nodeWidth)} `;
  };
  const cap = formatCapacity(capacity);
  const times = (u: { start: number; end: number }) => `${formatDuration(u.start)}–${formatDuration(u.end)}`;
  // Unit ids carry the file's matrix values: shown through sanitize, as everywhere else (no escape sequence reaches the terminal).
  const nameWidth = Math.min(32, Math.max(4, ...p.units.map((u) => sanitize(u.id).length)));
  const timeWidth = Math.max(9, ...p.units.map((u) => times(u).length));
  // name, space, |bar|, space, times: at least 10 columns of bar whatever the terminal says.
  const barWidth = Math.max(10, Math.floor(width) - nameWidth - timeWidth - 4 - (p.nodes ? nodeWidth + 1 : 0));
  const scale = p.makespan > 0 ? barWidth / p.makespan : 0;
  lines.push(`Plan on ${cap}: ${p.units.length} ${p.units.length === 1 ? 'unit' : 'units'}`);
  for (const node of p.nodes ?? []) {
    const count = p.units.filter((u) => u.node === node.id).length;
    lines.push(`  node ${nodeNames.get(node.id)}: ${formatCapacity(node)}${node.home ? ' (home)' : ''}, ${count} ${count === 1 ? 'unit' : 'units'}`);
  }
  lines.push('');
  for (const u of p.units) {
    const from = Math.min(barWidth - 1, Math.floor(u.start * scale));
    const to = Math.max(from + 1, Math.min(barWidth, Math.ceil(u.end * scale)));
    const mark = u.kind === 'service' ? '~' : u.critical ? '#' : '=';
    const bar = ' '.repeat(from) + mark.repeat(to - from) + ' '.repeat(barWidth - to);
    const id = sanitize(u.id);
    const name = id.length > nameWidth ? `${id.slice(0, nameWidth - 1)}…` : id.padEnd(nameWidth);
    lines.push(`${name} ${nodeColumn(u.node)}|${bar}| ${times(u)}`);
  }
  lines.push(`${' '.repeat(nameWidth + (p.nodes ? nodeWidth + 1 : 0))}  ${'0s'.padEnd(barWidth - formatDuration(p.makespan).length)}${formatDuration(p.makespan)}`);
  lines.push('');
  const ratio = p.lowerBound > 0 ? ` (${(p.makespan / p.lowerBound).toFixed(2)}× the lower bound)` : '';
  lines.push(`makespan       ${formatDuration(p.makespan)}${ratio}`);
  lines.push(`lower bound    ${formatDuration(p.lowerBound)}: max(critical path, cpu·s ÷ cpus, memory·s ÷ memory)`);
  lines.push(`critical path  ${p.criticalPath.length > 0 ? p.criticalPath.map((id) => sanitize(id)).join(' → ') : '(none)'}`);
  lines.push('legend         # critical path   = task   ~ service');
  if (placement && placement.why.size > 0) {
    const home = p.nodes?.find((node) => node.home);
    const ids = [...placement.why.keys()];
    const shown = ids.slice(0, 10).map((id) => `${sanitize(id)} (${sanitize(placement.why.get(id)!)})`).join(', ');
    lines.push(`pinned         to the home node${home ? ` ${nodeNames.get(home.id)}` : ''}: ${shown}${ids.length > 10 ? `, … ${ids.length - 10} more (--json: pinned)` : ''}`);
  }
  if (withCache) {
    const ids = [...withCache.cached.keys()];
    const shown = ids.slice(0, 10).map((id) => `${sanitize(id)} (from ${sanitize(withCache.cached.get(id)!.run)})`).join(', ');
    lines.push(`cached         ${ids.length} ${ids.length === 1 ? 'task' : 'tasks'} cached if the image is unchanged: ${shown}${ids.length > 10 ? `, … ${ids.length - 10} more` : ''}`);
    lines.push(`               makespan without them ${formatDuration(withCache.makespan)} (the plan's image IDs are not known without the engine; --json: cachedFrom)`);
  }
  // Where each estimate comes from: earlier runs, the file, or the default.
  const rows = p.units.map((u) => ({ id: u.id, source: estimateSource(graph.byId.get(u.id)!), service: u.kind === 'service' }));
  const fromHistory = rows.filter((r) => r.source.source === 'history').length;
  const without = noHistory ? 'earlier runs ignored (--no-history)' : 'no earlier runs recorded';
  lines.push(`estimates      ${fromHistory > 0 ? `${fromHistory} of ${rows.length} from earlier runs (--no-history ignores them)` : `${without}: the file's estimates and the defaults`}`);
  for (const r of rows.slice(0, ESTIMATE_ROWS)) {
    const id = sanitize(r.id);
    const name = id.length > nameWidth ? `${id.slice(0, nameWidth - 1)}…` : id.padEnd(nameWidth);
    const what = r.source.source === 'default' ? `default, ${formatDuration(r.source.ms)}` : r.source.text;
    lines.push(`  ${name} ${r.service ? `healthy after ${what}` : what}`);
  }
  if (rows.length > ESTIMATE_ROWS) lines.push(`  … ${rows.length - ESTIMATE_ROWS} more (--json lists them all)`);
  return `${lines.join('\n')}\n`;
}
