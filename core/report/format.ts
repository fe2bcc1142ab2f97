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
