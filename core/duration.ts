/**
 * Durations as written in a batch file: one or more `<number><unit>` parts, largest unit first,
 * with units `h`, `m`, `s` and `ms` — `500ms`, `30s`, `5m`, `1h`, `1m30s`, `1.5s`. A bare number
 * is refused on purpose: `timeout: 30` could mean seconds or minutes, so the file must say.
 */

/** The accepted forms, for error messages. */
export const DURATION_FORMS = 'a number with a unit: 500ms, 30s, 5m, 1h, or combined such as 1m30s';

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const ORDER = ['h', 'm', 's', 'ms'];
const PART_SOURCE = String.raw`(\d+(?:\.\d+)?|\.\d+)(ms|h|m|s)`;

/** Parses a duration into milliseconds (rounded to whole ms); undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  let total = 0;
  let lastUnit = -1;
  let at = 0;
  // A sticky regex walks the parts without backtracking, so a long junk string costs one pass.
  // Made per call: a shared regex would carry `lastIndex` between calls (module-level state).
  const part = new RegExp(PART_SOURCE, 'y');
  while (at < s.length) {
    part.lastIndex = at;
    const m = part.exec(s);
    if (!m) return undefined;
    const unit = ORDER.indexOf(m[2]);
    // Each unit once, largest first: `1m30s`, never `30s1m` or `1s1s`.
    if (unit <= lastUnit) return undefined;
    lastUnit = unit;
    total += Number(m[1]) * UNIT_MS[m[2]];
    at = part.lastIndex;
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/**
 * Formats milliseconds the way a user writes them: `500ms`, `30s`, `1m30s`, `1h2m3s`, `1.5s`.
 * The output parses back to the same value.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
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
