/**
 * What a duration that is not one probably meant, for a quick fix: a bare number is seconds
 * (`30` → `30s`: Gantry refuses to guess, but the editor may offer it), and units in words or
 * with spaces become Gantry's (`5 minutes` → `5m`, `1 hour 30 min` → `1h30m`, `2 days` → `48h`,
 * `500 msec` → `500ms`). Anything else has no fix. The result always parses with parseDuration
 * to the same length of time the words said.
 */
import { parseDuration } from './duration';

const UNITS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(ms|msecs?|millis|milliseconds?)$/, 1],
  [/^(s|secs?|seconds?)$/, 1000],
  [/^(m|mins?|minutes?)$/, 60_000],
  [/^(h|hrs?|hours?)$/, 3_600_000],
  [/^(d|days?)$/, 86_400_000],
];

/** Longer than any duration a file means (and past exact integer arithmetic). */
const MAX_INPUT = 100;

export function durationFix(input: string): string | undefined {
  const text = input.trim().toLowerCase();
  if (text === '' || text.length > MAX_INPUT) return undefined;
  if (/^(\d+(\.\d+)?|\.\d+)$/.test(text)) return `${text}s`;
  // Number-unit pairs, separated by spaces, commas or "and".
  const pair = /(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)/g;
  let ms = 0;
  let at = 0;
  for (let m = pair.exec(text); m; m = pair.exec(text)) {
    if (!/^(\s|,|\band\b)*$/.test(text.slice(at, m.index))) return undefined;
    const unit = UNITS.find(([words]) => words.test(m[2]));
    if (!unit) return undefined;
    ms += Number(m[1]) * unit[1];
    at = m.index + m[0].length;
  }
  if (at === 0 || text.slice(at).trim() !== '' || !Number.isFinite(ms)) return undefined;
  const fixed = formatWhole(ms);
  return fixed !== undefined && parseDuration(fixed) === ms ? fixed : undefined;
}

/** `5400000` → `1h30m`; `1500` → `1s500ms`; undefined for a fraction of a millisecond. */
function formatWhole(ms: number): string | undefined {
  if (!Number.isInteger(ms)) return undefined;
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
