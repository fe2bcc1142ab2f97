/**
 * Durations as written in a batch file: one or more `<number><unit>` parts, largest unit first,
 * with units `h`, `m`, `s` and `ms` — `500ms`, `30s`, `5m`, `1h`, `1m30s`, `1.5s`. A bare number
 * is refused on purpose: `timeout: 30` could mean seconds or minutes, so the file must say.
 * Durations are printed by core/format.ts (`formatDuration` for people, `formatDurationExact`).
 */

/**
 * The longest delay a Node timer holds: `setTimeout` takes a signed 32-bit number of
 * milliseconds, and runs anything longer after 1 ms instead (2^31 − 1 ms is 596h31m23.647s, about
 * 24.8 days). Durations that become timers (a task's `timeout`, a retry's `backoff`, a health
 * check's `interval`, `timeout` and `start-period`) may not be longer: the parser refuses them
 * (`duration-too-long`), and core/run/real-clock.ts waits out any longer delay in steps.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The accepted forms, for error messages. */
export const DURATION_FORMS = 'a number with a unit: 500ms, 30s, 5m, 1h, or combined such as 1m30s';

const UNIT_MS = [3_600_000, 60_000, 1000, 1];
const H = 0;
const M = 1;
const S = 2;
const MS = 3;

/** Parses a duration into milliseconds (rounded to whole ms); undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  let total = 0;
  let lastUnit = -1;
  let at = 0;
  // One pass over the characters, no regex: every task of a large file has a duration or two.
  while (at < s.length) {
    // A number: digits with an optional fraction, or a fraction alone (`1`, `1.5`, `.5`).
    const start = at;
    while (isDigit(s.charCodeAt(at))) at++;
    const whole = at > start;
    if (s.charCodeAt(at) === 46 /* . */ && isDigit(s.charCodeAt(at + 1))) {
      at++;
      while (isDigit(s.charCodeAt(at))) at++;
    } else if (!whole) return undefined;
    const number = Number(s.slice(start, at));
    // Its unit: ms, h, m or s.
    const c = s.charCodeAt(at);
    let unit: number;
    if (c === 109 /* m */ && s.charCodeAt(at + 1) === 115 /* s */) unit = MS;
    else if (c === 104 /* h */) unit = H;
    else if (c === 109) unit = M;
    else if (c === 115 /* s */) unit = S;
    else return undefined;
    at += unit === MS ? 2 : 1;
    // Each unit once, largest first: `1m30s`, never `30s1m` or `1s1s`.
    if (unit <= lastUnit) return undefined;
    lastUnit = unit;
    total += number * UNIT_MS[unit];
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
