import { describe, expect, it } from 'vitest';
import { parseDuration } from '../core/duration';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s', 3_723_000],
    ['1s500ms', 1500],
    ['1.5s', 1500],
    ['0s', 0],
    [' 10m ', 600_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each([['30'], [''], ['s'], ['1d'], ['30s1m'], ['1s1s'], ['1m 30s'], ['-5s'], ['1.s'], ['5 m'], ['1h30']])('refuses %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it('gives up on long junk in one pass', () => {
    expect(parseDuration('1'.repeat(100_000) + 'x')).toBeUndefined();
  });
});
