/**
 * Estimates learned from earlier runs (issue 13, "History"). Pure: the host side reads the history
 * store (core/host/history.ts) and hands its records in; this module judges each record, turns the
 * records into one estimate per unit id, and puts those into a graph so that `plan`, the
 * scheduler's priorities, the shards' figures and the reports all read one number per unit.
 *
 * Where an estimate comes from, in order:
 * 1. history: the **weighted median of the last 10 successful attempts** of the unit id (matrix
 *    expansions and `build:NAME` units each by their own id), newest weighing most (weights
 *    k, k−1, …, 1 for k samples, newest first). A median ignores the odd slow run (a cold cache, a
 *    busy machine); the weights make a lasting change (a faster test suite) win after a few runs
 *    rather than after five. Failed, timed-out, OOM-killed, killed and cancelled attempts are not
 *    samples of their own: they say nothing of how long the work takes. Those a success followed
 *    in the same run are added to its sample, since the run spent that time: a unit that fails
 *    once in most runs is planned with its retry, one that rarely does is not (the median).
 *    - tasks and builds: the whole attempt, from taking its capacity to its end, less the plan's
 *      start cost (which the plan adds back to every attempt). The whole attempt, not its
 *      command's time alone: creating and starting a container is part of what a unit takes, and
 *      on a busy machine, or when several containers start at once, it takes far longer than the
 *      plan's fixed start cost (bench:run P6 on a loaded machine: 0.5–2.6 s per container in a
 *      batch with a service and four shards, 4.8 s more than the fixed cost along its chain of
 *      27 s, which plans from command times alone left out). An image pulled within the attempt
 *      counts in that run's sample; the median of later runs (the image cached) leaves it out,
 *      and where every run pulls (a fresh CI runner) it is part of what a run takes;
 *    - services: the time from its start to healthy, less the plan's start cost.
 * 2. `estimate:` in the file;
 * 3. the default (`DEFAULT_ESTIMATE` for tasks, `BUILD_ESTIMATE` for builds, 0 for a service's
 *    start-up).
 */
import { formatDuration } from './format';
import type { Graph, Unit, UnitKind } from './model';

/** Version of a history line; lines of another version are skipped. */
export const HISTORY_VERSION = 1;

/** Samples an estimate is made from: the last N successful attempts. */
export const HISTORY_SAMPLES = 10;

/** One attempt of a unit as the history keeps it. Times in ms, memory in bytes. */
export interface HistoryAttempt {
  /** Attempt number (a service: its start, 1 unless it was parked and started again). */
  n: number;
  /**
   * How it ended: an attempt's status (`succeeded`, `failed`, `oom`, `timeout`, `killed`,
   * `cancelled`); a service `healthy` (it passed its health check) or `unhealthy`/`cancelled`.
   */
  result: string;
  /** Attempt start (capacity taken) → end. Services: start → stop. */
  duration?: number;
  /** Attempt start → its command's start: pulling the image, creating the container (a build: its start). */
  setup?: number;
  /** Services: start → healthy. */
  healthy?: number;
  /** Peak resident memory (bytes), when the engine measured it. */
  peakMemory?: number;
  /** CPU time (seconds), when the engine measured it. */
  cpuSeconds?: number;
}

export interface HistoryUnit {
  kind: UnitKind;
  attempts: HistoryAttempt[];
}

/** One line of the history: what one run learned (a large run may take several lines). */
export interface HistoryRecord {
  v: typeof HISTORY_VERSION;
  /** The run id. */
  run: string;
  /** ISO 8601 time the run ended; orders records. */
  at: string;
  units: Record<string, HistoryUnit>;
}

const KINDS: ReadonlySet<string> = new Set(['task', 'service', 'build']);
const MAX_ID = 1024;
const MAX_ATTEMPTS = 100;

/**
 * One history line judged: the record, or undefined for anything else (garbage, a truncated line,
 * another version, absurd numbers). Unknown fields are dropped; a unit or attempt that is wrong is
 * dropped alone.
 */
export function parseHistoryLine(line: string): HistoryRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value) || value.v !== HISTORY_VERSION) return undefined;
  if (typeof value.run !== 'string' || value.run.length === 0 || value.run.length > 128) return undefined;
  if (typeof value.at !== 'string' || value.at.length > 40 || Number.isNaN(Date.parse(value.at))) return undefined;
  if (!isObject(value.units)) return undefined;
  const units: Record<string, HistoryUnit> = Object.create(null);
  for (const [id, raw] of Object.entries(value.units)) {
    if (id.length === 0 || id.length > MAX_ID || !isObject(raw) || typeof raw.kind !== 'string' || !KINDS.has(raw.kind)) continue;
    if (!Array.isArray(raw.attempts)) continue;
    const attempts: HistoryAttempt[] = [];
    for (const a of raw.attempts.slice(0, MAX_ATTEMPTS)) {
      const attempt = parseAttempt(a);
      if (attempt) attempts.push(attempt);
    }
    units[id] = { kind: raw.kind as UnitKind, attempts };
  }
  return { v: HISTORY_VERSION, run: value.run, at: value.at, units };
}

function parseAttempt(a: unknown): HistoryAttempt | undefined {
  if (!isObject(a)) return undefined;
  if (!Number.isInteger(a.n) || (a.n as number) < 1 || (a.n as number) > 1000) return undefined;
  if (typeof a.result !== 'string' || a.result.length > 32) return undefined;
  const attempt: HistoryAttempt = { n: a.n as number, result: a.result };
  for (const key of ['duration', 'setup', 'healthy', 'peakMemory', 'cpuSeconds'] as const) {
    const v = a[key];
    if (v === undefined) continue;
    // A week is more than any attempt; a petabyte more than any memory.
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1e15) return undefined;
    attempt[key] = v;
  }
  return attempt;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The weighted median of `samples` given newest first, using the first `limit`: sample i (0 =
 * newest) of k weighs k − i. The value where the cumulative weight (in value order) first reaches
 * half the total; exactly half: the mean of that value and the next. Undefined for no samples.
 */
export function recentMedian(samples: readonly number[], limit = HISTORY_SAMPLES): number | undefined {
  const used = samples.slice(0, Math.max(0, limit));
  const k = used.length;
  if (k === 0) return undefined;
  const weighted = used.map((value, i) => ({ value, weight: k - i })).sort((a, b) => a.value - b.value);
  const total = (k * (k + 1)) / 2;
  let cumulative = 0;
  for (let i = 0; i < weighted.length; i++) {
    cumulative += weighted[i].weight;
    if (cumulative * 2 === total && i + 1 < weighted.length) return (weighted[i].value + weighted[i + 1].value) / 2;
    if (cumulative * 2 >= total) return weighted[i].value;
  }
  return weighted[weighted.length - 1].value;
}

/** What history says of one unit id. */
export interface HistoryEstimate {
  kind: UnitKind;
  /** ms: a task's or build's whole attempt, a service's time to healthy (both less the plan's start cost). */
  ms: number;
  /** Successful attempts it was made from (at most `HISTORY_SAMPLES`). */
  runs: number;
}

export interface HistoryEstimateOptions {
  /** The plan's start cost per container (ms), taken off each sample (see the module's comment). */
  startOverhead: number;
  /** Default `HISTORY_SAMPLES`. */
  samples?: number;
}

/**
 * One estimate per unit id with at least one successful attempt in `records` (any order: they are
 * ordered here by `at`, then as given, newest last).
 */
export function estimatesFromHistory(records: readonly HistoryRecord[], options: HistoryEstimateOptions): Map<string, HistoryEstimate> {
  const overhead = Math.max(0, options.startOverhead);
  const limit = options.samples ?? HISTORY_SAMPLES;
  const ordered = records
    .map((r, i) => ({ r, i, t: Date.parse(r.at) }))
    .sort((a, b) => b.t - a.t || b.i - a.i)
    .map((x) => x.r);
  const samples = new Map<string, { kind: UnitKind; values: number[] }>();
  for (const record of ordered) {
    for (const [id, unit] of Object.entries(record.units)) {
      let entry = samples.get(id);
      if (entry && entry.kind !== unit.kind) continue;
      // Newest attempt of a run first (a retry after a failure is what that run took).
      const attempts = [...unit.attempts].sort((x, y) => y.n - x.n);
      for (const a of attempts) {
        let value = sample(unit.kind, a, overhead);
        if (value === undefined) continue;
        // The attempts that failed before this success took the run's time too: a unit that
        // usually needs a retry is planned with it (the backoff between them is not recorded).
        if (unit.kind !== 'service') for (const b of attempts) if (b.n < a.n && b.duration !== undefined) value += b.duration;
        if (!entry) samples.set(id, (entry = { kind: unit.kind, values: [] }));
        if (entry.values.length < limit) entry.values.push(value);
      }
    }
  }
  const estimates = new Map<string, HistoryEstimate>();
  for (const [id, { kind, values }] of samples) {
    const ms = recentMedian(values, limit);
    if (ms !== undefined) estimates.set(id, { kind, ms: Math.round(ms), runs: values.length });
  }
  return estimates;
}

/** One attempt as a sample (ms), or undefined when it says nothing of the duration. */
function sample(kind: UnitKind, a: HistoryAttempt, overhead: number): number | undefined {
  if (kind === 'service') {
    if (a.result !== 'healthy' || a.healthy === undefined) return undefined;
    return Math.max(0, a.healthy - overhead);
  }
  if (a.result !== 'succeeded' || a.duration === undefined) return undefined;
  // `setup` is kept in the history (how long creation took) but not taken off: see the module's comment.
  return Math.max(0, a.duration - overhead);
}

/**
 * The graph with history's estimates in it: each unit with an estimate of its own kind becomes a
 * copy with `estimate` (tasks, builds) or `healthyAfter` (services) from history and `history`
 * set; the rest are the same objects. No estimates: the graph itself.
 */
export function withEstimates(graph: Graph, estimates: ReadonlyMap<string, HistoryEstimate>): Graph {
  if (estimates.size === 0) return graph;
  let changed = false;
  const units = graph.units.map((unit) => {
    const e = estimates.get(unit.id);
    if (!e || e.kind !== unit.kind) return unit;
    changed = true;
    const copy: Unit = { ...unit, history: { runs: e.runs } };
    if (unit.kind === 'service') copy.healthyAfter = e.ms;
    else copy.estimate = e.ms;
    return copy;
  });
  if (!changed) return graph;
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}

export type EstimateSourceKind = 'history' | 'estimate' | 'default';

export interface EstimateSource {
  source: EstimateSourceKind;
  /** ms: a task's or build's estimate; a service's time to healthy. */
  ms: number;
  /** With `history`: the successful attempts it came from. */
  runs?: number;
  /** For people: `4.2s, median of 7 runs`, `estimate: 2m`, `default`. */
  text: string;
}

/** Where a unit's estimate comes from, and what it is. */
export function estimateSource(unit: Unit): EstimateSource {
  const ms = unit.kind === 'service' ? (unit.healthyAfter ?? 0) : unit.estimate;
  if (unit.history) {
    const runs = unit.history.runs;
    return { source: 'history', ms, runs, text: `${formatDuration(ms)}, median of ${runs} ${runs === 1 ? 'run' : 'runs'}` };
  }
  if (unit.kind === 'task' && (unit.spec.estimate !== undefined || unit.spec.estimateText !== undefined)) {
    return { source: 'estimate', ms, text: `estimate: ${formatDuration(ms)}` };
  }
  return { source: 'default', ms, text: 'default' };
}

/**
 * Where a figure came from, for people, as hover and the preview say it: `median of 7 earlier
 * runs`, `from estimate:` (with `markdown`, the key in backticks), `the default`.
 */
export function estimateOrigin(source: EstimateSource, markdown = false): string {
  if (source.source === 'history') return `median of ${source.runs} earlier ${source.runs === 1 ? 'run' : 'runs'}`;
  if (source.source === 'estimate') return markdown ? 'from `estimate:`' : 'from estimate:';
  return 'the default';
}

/** What a finished run's report says, as the history keeps it (the run's `HistoryRecord`). */
export interface RunForHistory {
  runId: string;
  units: ReadonlyArray<{
    id: string;
    kind: UnitKind;
    status: string;
    start?: number;
    end?: number;
    healthy?: number;
    attempts: ReadonlyArray<{ number: number; start: number; end?: number; outcome?: { status: string; cached?: unknown; usage?: { peakMemory: number; cpuSeconds: number } } }>;
  }>;
}

/**
 * The history record of a run (its report document): each attempt that ended, each service that
 * started. `commandStarts` holds, by `unit#attempt`, when each attempt's command started (the
 * scheduler's `attempt-running` events), which the report does not keep.
 */
export function historyRecord(run: RunForHistory, commandStarts: ReadonlyMap<string, number>, at: Date): HistoryRecord {
  const units: Record<string, HistoryUnit> = Object.create(null);
  for (const u of run.units) {
    if (u.kind === 'service') {
      if (u.start === undefined) continue;
      const healthy = u.healthy !== undefined && u.healthy >= u.start ? u.healthy - u.start : undefined;
      const result = healthy !== undefined ? 'healthy' : u.status === 'cancelled' || u.status === 'skipped' ? 'cancelled' : 'unhealthy';
      const attempt: HistoryAttempt = { n: 1, result };
      if (u.end !== undefined && u.end >= u.start) attempt.duration = round(u.end - u.start);
      if (healthy !== undefined) attempt.healthy = round(healthy);
      units[u.id] = { kind: 'service', attempts: [attempt] };
      continue;
    }
    const attempts: HistoryAttempt[] = [];
    for (const a of u.attempts) {
      // A cache hit did not run: its few milliseconds say nothing about the task.
      if (a.end === undefined || !a.outcome || a.end < a.start || a.outcome.cached) continue;
      const attempt: HistoryAttempt = { n: a.number, result: a.outcome.status, duration: round(a.end - a.start) };
      const commandStart = commandStarts.get(`${u.id}#${a.number}`);
      if (commandStart !== undefined && commandStart >= a.start && commandStart <= a.end) attempt.setup = round(commandStart - a.start);
      const usage = a.outcome.usage;
      if (usage && Number.isFinite(usage.peakMemory) && usage.peakMemory > 0) attempt.peakMemory = Math.round(usage.peakMemory);
      if (usage && Number.isFinite(usage.cpuSeconds) && usage.cpuSeconds >= 0) attempt.cpuSeconds = Math.round(usage.cpuSeconds * 1000) / 1000;
      attempts.push(attempt);
    }
    if (attempts.length > 0) units[u.id] = { kind: u.kind, attempts };
  }
  return { v: HISTORY_VERSION, run: run.runId, at: at.toISOString(), units };
}

const round = (ms: number) => Math.round(ms);
