/**
 * How Gantry prints durations, points on a run's timeline, CPUs, memory and capacity: one set of
 * formatters for the CLI, the action's summary and comment, report.md and report.html, the
 * editor's hovers and code lenses, and the schedule preview. Pure, with no imports at all: the
 * preview's webview bundle runs it in a browser.
 *
 * The choices, the same on every surface:
 * - Units are the batch file's own, so a figure read in a report can be written back into the
 *   file: durations in `h`, `m`, `s`, `ms` (`1m30s`, never `90s`; hours go on counting past a day,
 *   `26h`, since a file has no `d`); memory in binary units with Kubernetes' spelling (`1.5Gi`, not
 *   `1536Mi` or `1.5 GiB`), bare bytes below 1Ki (`1023`, then `1Ki`); CPUs as a decimal number
 *   (`0.5`, not `500m`).
 * - Durations for people ({@link formatDuration}) keep the two largest units that matter: `850ms`,
 *   `4.2s`, `42s`, `1m5s`, `2h5m` (seconds dropped from an hour on). Where the exact value matters
 *   (a limit quoted in an error), {@link formatDurationExact} writes every unit: `596h31m23.647s`.
 * - Memory that is a round figure is printed exactly (`256Mi`, `1.25Gi`, `500M` as written in the
 *   file); other amounts (a measured peak) to three significant figures (`1.46Gi`, `11.8Mi`, `954Mi`).
 * - CPUs to the millicore, the scheduler's own precision (`0.333`, `1.5`, `2`).
 * - A figure that is not a finite number (unknown, unlimited, or a bug upstream) prints as `—`:
 *   never `NaN` or `Infinity`. An unlimited `parallel` is left out of the capacity instead.
 */

/** What a figure that is not a finite number prints as. */
export const UNKNOWN = '—';

/**
 * A duration for people: `850ms`, `4.2s` (one decimal under ten seconds), `42s`, `1m30s`, `5m`,
 * `1h5m`, `26h`; `0s` for zero; a leading `-` when negative. Rounded to the last unit shown, so
 * `59.6s` is `1m`. Text in the batch file's units, so it also parses back (approximately).
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return UNKNOWN;
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (Math.round(abs) === 0) return '0s';
  if (Math.round(abs) < 1000) return `${sign}${Math.round(abs)}ms`;
  const tenths = Math.round(abs / 100) / 10;
  if (tenths < 10) return `${sign}${tenths}s`;
  const seconds = Math.round(abs / 1000);
  if (seconds < 60) return `${sign}${seconds}s`;
  if (seconds < 3600) {
    const s = seconds % 60;
    return `${sign}${Math.floor(seconds / 60)}m${s ? `${s}s` : ''}`;
  }
  const minutes = Math.round(abs / 60_000);
  const m = minutes % 60;
  return `${sign}${Math.floor(minutes / 60)}h${m ? `${m}m` : ''}`;
}

/**
 * A duration exactly as a batch file would write it, every unit kept: `500ms`, `30s`, `1m30s`,
 * `1h2m3s`, `1.5s`, `0s`. Parses back (core/duration.ts) to the same whole milliseconds.
 */
export function formatDurationExact(ms: number): string {
  if (!Number.isFinite(ms)) return UNKNOWN;
  let rest = Math.round(Math.abs(ms));
  const sign = ms < 0 ? '-' : '';
  if (rest === 0) return '0s';
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  let out = '';
  if (h) out += `${h}h`;
  if (m) out += `${m}m`;
  if (s) out += `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  return sign + out;
}

/**
 * A point on the run's timeline, like a stopwatch: `0:12`, `3:05`, `1:02:03` (whole seconds;
 * times before the start count as `0:00`).
 */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return UNKNOWN;
  const total = Math.round(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** CPUs as a decimal number, to the millicore: `0.5`, `2`, `1.25`, `0.333`. */
export function formatCpus(cores: number): string {
  if (!Number.isFinite(cores)) return UNKNOWN;
  // `+ 0` turns the -0 of a tiny negative into 0.
  return String(Math.round(cores * 1000) / 1000 + 0);
}

/** CPUs with their noun, for sentences: `1 cpu`, `0.5 cpus`, `2 cpus`. */
export function formatCpuCount(cores: number): string {
  const text = formatCpus(cores);
  return `${text} ${text === '1' ? 'cpu' : 'cpus'}`;
}

const BINARY: ReadonlyArray<readonly [string, number]> = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];
const DECIMAL: ReadonlyArray<readonly [string, number]> = [
  ['T', 1e12],
  ['G', 1e9],
  ['M', 1e6],
  ['k', 1e3],
];

/**
 * Memory in the batch file's units: bare bytes below 1Ki (`0`, `1023`); else, in the largest
 * binary unit it reaches, exactly when that takes at most two decimals (`1Ki`, `256Mi`, `1.5Gi`);
 * else exactly in the largest decimal unit that divides it (`500M`, as a file may write it); else
 * to three significant figures (`1.46Gi`, `11.8Mi`, `954Mi`).
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return UNKNOWN;
  const sign = bytes < 0 ? '-' : '';
  const b = Math.round(Math.abs(bytes));
  if (b < 1024) return `${sign}${b}`;
  const u = BINARY.findIndex(([, size]) => b >= size);
  const [suffix, size] = BINARY[u];
  const hundredths = (b / size) * 100;
  if (Math.abs(hundredths - Math.round(hundredths)) < 1e-6) return `${sign}${Math.round(hundredths) / 100}${suffix}`;
  for (const [dSuffix, dSize] of DECIMAL) if (b >= dSize && b % dSize === 0) return `${sign}${b / dSize}${dSuffix}`;
  const value = b / size;
  const digits = value < 10 ? 100 : value < 100 ? 10 : 1;
  const rounded = Math.round(value * digits) / digits;
  // 1023.7Mi rounds to 1024Mi: that is 1Gi.
  if (rounded >= 1024 && u > 0) return `${sign}1${BINARY[u - 1][0]}`;
  return `${sign}${rounded}${suffix}`;
}

/**
 * `capacity.parallel` when it is a limit: it is Infinity (no limit beyond cpus and memory) unless
 * the file or a flag sets it, and JSON turns Infinity into null.
 */
export function finiteParallel(capacity: { parallel?: number | null }): number | undefined {
  const p = capacity.parallel;
  return typeof p === 'number' && Number.isFinite(p) ? p : undefined;
}

/**
 * A capacity in one line: `2 cpus, 4Gi memory, 8 containers` — the containers only when
 * `parallel` is a limit (see {@link finiteParallel}).
 */
export function formatCapacity(capacity: { cpus: number; memory: number; parallel?: number | null }): string {
  const parallel = finiteParallel(capacity);
  const containers = parallel === undefined ? '' : `, ${parallel} ${parallel === 1 ? 'container' : 'containers'}`;
  return `${formatCpuCount(capacity.cpus)}, ${formatBytes(capacity.memory)} memory${containers}`;
}
