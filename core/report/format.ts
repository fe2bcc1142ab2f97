/**
 * Formatting shared by the report renderers: sizes as the batch file writes them, durations as
 * people read them. Pure.
 */

const BINARY = [
  ['Gi', 1024 ** 3],
  ['Mi', 1024 ** 2],
  ['Ki', 1024],
] as const;

/** `1Gi`, `90Mi`, `1.5Gi`, `512B`: the batch file's own units, at most one decimal. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of BINARY) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${value >= 100 || Number.isInteger(value) ? Math.round(value) : Math.round(value * 10) / 10}${unit}`;
    }
  }
  return `${Math.round(bytes)}B`;
}

/** `850ms`, `4.2s`, `1m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}

/** Cpus as the file writes them: `0.5`, `2`, `1.25`. */
export function formatCpus(cpus: number): string {
  return String(Math.round(cpus * 100) / 100);
}

/** Seconds with one decimal, for tables: `12.3 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * `capacity.parallel` when it is a limit: it is Infinity (no limit beyond cpus and memory) unless
 * the file or a flag sets it, and JSON turns Infinity into null.
 */
export function finiteParallel(capacity: { parallel?: number | null }): number | undefined {
  const p = capacity.parallel;
  return typeof p === 'number' && Number.isFinite(p) ? p : undefined;
}

/** `2 cpus, 4Gi, 8 at once` — the last part only when `parallel` is a limit. */
export function capacityText(capacity: { cpus: number; memory: number; parallel?: number | null }): string {
  const parallel = finiteParallel(capacity);
  return `${formatCpus(capacity.cpus)} cpus, ${formatBytes(capacity.memory)}${parallel === undefined ? '' : `, ${parallel} at once`}`;
}

/**
 * Whether the document's plan prediction means anything: it is made from the tasks' `estimate:`s,
 * and when no task has one every figure is the default estimate, not a prediction. Documents
 * written before `estimated` was recorded count as estimated.
 */
export function hasPrediction(doc: { prediction?: unknown; units: ReadonlyArray<{ kind: string; estimated?: boolean }> }): boolean {
  return doc.prediction !== undefined && doc.units.some((u) => u.kind === 'task' && u.estimated !== false);
}

/** The icon shown before a unit's status in Markdown reports (job summary, comment, report.md). */
export const STATUS_ICONS: Readonly<Record<string, string>> = {
  succeeded: '✅',
  failed: '❌',
  oom: '💥',
  timeout: '⏱️',
  killed: '☠️',
  cancelled: '⏹️',
  skipped: '⏭️',
  pending: '⏳',
  ready: '⏳',
  running: '▶️',
  retrying: '🔁',
};
