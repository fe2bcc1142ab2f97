/**
 * Trust boundary: Node runs a timer longer than 2^31 − 1 ms (~24.8 days) after 1 ms. A duration
 * that becomes a timer and is longer than that is refused where it is written
 * (`duration-too-long`), and the real clock behind the scheduler never sets such a timer: it waits
 * a longer delay out in steps.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, parseDuration } from '../core/duration';
import { formatDurationExact } from '../core/format';
import { PARSE_CODES } from '../core/parse-codes';
import { RealClock } from '../core/run/real-clock';
import { validate } from '../core/validate';

const HOUR = 3_600_000;
const LIMIT = formatDurationExact(MAX_TIMER_MS);

/** `[code, line, character, end character]` of each diagnostic (zero-based). */
function problems(text: string): Array<[string, number, number, number]> {
  return validate(text).diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]);
}

describe('durations longer than a timer holds', () => {
  it('the limit is 2^31 − 1 ms, written 596h31m23.647s, and documented', () => {
    expect(MAX_TIMER_MS).toBe(2_147_483_647);
    expect(LIMIT).toBe('596h31m23.647s');
    expect(parseDuration(LIMIT)).toBe(MAX_TIMER_MS);
    expect(PARSE_CODES).toHaveProperty('duration-too-long');
  });

  it.each([
    ['a task timeout', 'tasks:\n  a:\n    image: x\n    timeout: 600h\n', [3, 13, 17]],
    ['defaults.timeout', 'defaults:\n  image: x\n  timeout: 600h\ntasks:\n  a: {}\n', [2, 11, 15]],
    ['a retry backoff', 'tasks:\n  a:\n    image: x\n    retries: { count: 1, backoff: 600h }\n', [3, 34, 38]],
    ['a backoff under defaults', 'defaults:\n  image: x\n  retries: { count: 1, backoff: 1000h }\ntasks:\n  a: {}\n', [2, 32, 37]],
    ['a health interval', 'services:\n  s:\n    image: x\n    health: { run: "true", interval: 600h }\ntasks:\n  a: { image: x, needs: [s] }\n', [3, 37, 41]],
    ['a health timeout', 'services:\n  s:\n    image: x\n    health: { run: "true", timeout: 25000h }\ntasks:\n  a: { image: x, needs: [s] }\n', [3, 36, 42]],
    ['a health start-period', 'services:\n  s:\n    image: x\n    health:\n      run: "true"\n      start-period: 596h31m23.648s\ntasks:\n  a: { image: x, needs: [s] }\n', [5, 20, 34]],
  ])('refuses %s, at its value', (_, body, [line, start, end]) => {
    expect(problems(`version: 1\n${body}`)).toEqual([['duration-too-long', line + 1, start, end]]);
    const message = validate(`version: 1\n${body}`).diagnostics[0].message;
    expect(message).toContain(LIMIT);
  });

  it('accepts the limit itself, and estimates of any length (they only plan)', () => {
    expect(problems(`version: 1\ntasks:\n  a: { image: x, timeout: ${LIMIT}, estimate: 10000h, retries: { count: 1, backoff: ${LIMIT} } }\n`)).toEqual([]);
    const v = validate(`version: 1\ntasks:\n  a: { image: x, timeout: ${LIMIT} }\n`);
    expect(v.file?.tasks[0].timeout).toBe(MAX_TIMER_MS);
  });

  it('the refused value is not used: the unit keeps what it would have without it', () => {
    const v = validate('version: 1\ndefaults: { image: x, timeout: 1h }\ntasks:\n  a: { timeout: 600h, retries: { count: 1, backoff: 600h } }\n');
    expect(v.file?.tasks[0].timeout).toBe(HOUR);
    expect(v.file?.tasks[0].retries.backoff).toBe(1000);
  });
});

describe('RealClock', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function fakeTime() {
    // The fake timers behave as Node's: a delay past 2^31 − 1 ms runs after 1 ms.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    return vi.spyOn(globalThis, 'setTimeout');
  }

  it('fires a 600h timer after 600h, not after 1 ms, and never sets a timer past the limit', () => {
    const set = fakeTime();
    const clock = new RealClock();
    const fired: number[] = [];
    clock.setTimer(600 * HOUR, () => fired.push(clock.now()));
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(600 * HOUR - 1001);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([600 * HOUR]);
    for (const [, delay] of set.mock.calls) expect(delay).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it('clears a long timer in any of its steps', () => {
    fakeTime();
    const clock = new RealClock();
    const fired: string[] = [];
    const early = clock.setTimer(2000 * HOUR, () => fired.push('early'));
    const late = clock.setTimer(2000 * HOUR, () => fired.push('late'));
    clock.clearTimer(early);
    vi.advanceTimersByTime(MAX_TIMER_MS + 5);
    clock.clearTimer(late);
    vi.advanceTimersByTime(4000 * HOUR);
    expect(fired).toEqual([]);
  });

  it('keeps short timers as they were, and fires negative and NaN delays at once', () => {
    fakeTime();
    const clock = new RealClock();
    const fired: string[] = [];
    clock.setTimer(50, () => fired.push('50ms'));
    clock.setTimer(-5, () => fired.push('negative'));
    clock.setTimer(Number.NaN, () => fired.push('NaN'));
    const cleared = clock.setTimer(10, () => fired.push('cleared'));
    clock.clearTimer(cleared);
    vi.advanceTimersByTime(0);
    expect(fired).toEqual(['negative', 'NaN']);
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(['negative', 'NaN', '50ms']);
  });

  it('never fires an infinite delay', () => {
    fakeTime();
    const clock = new RealClock();
    let fired = false;
    clock.setTimer(Infinity, () => (fired = true));
    vi.advanceTimersByTime(10 * MAX_TIMER_MS);
    expect(fired).toBe(false);
  });
});
