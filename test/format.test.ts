import { describe, expect, it } from 'vitest';
import { parseDuration } from '../core/duration';
import {
  finiteParallel,
  formatBytes,
  formatCapacity,
  formatClock,
  formatCpuCount,
  formatCpus,
  formatDuration,
  formatDurationExact,
  UNKNOWN,
} from '../core/format';
import { parseCpus, parseMemory } from '../core/quantity';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const KI = 1024;
const MI = 1024 ** 2;
const GI = 1024 ** 3;
const NOT_NUMBERS = [NaN, Infinity, -Infinity];

describe('formatDuration (for people)', () => {
  it.each([
    [0, '0s'],
    [0.4, '0s'],
    [1, '1ms'],
    [850, '850ms'],
    [999.4, '999ms'],
    [999.6, '1s'],
    [1000, '1s'],
    [4200, '4.2s'],
    [9_960, '10s'],
    [20_000, '20s'],
    [42_400, '42s'],
    [59_600, '1m'],
    [65_000, '1m5s'],
    [90_000, '1m30s'], // never 90s
    [5 * MIN, '5m'],
    [H - 400, '1h'],
    [H + 5 * MIN + 20 * S, '1h5m'],
    [7_500_000, '2h5m'],
    [26 * H, '26h'], // past a day: hours, as a batch file writes them
    [49 * H + 30 * MIN, '49h30m'],
    [-90_000, '-1m30s'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('reads back (to what it shows) in the batch file units', () => {
    for (const ms of [850, 4200, 20_000, 90_000, 7_500_000, 26 * H]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});

describe('formatDurationExact (as a batch file writes it)', () => {
  it.each([
    [500, '500ms'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [3_723_000, '1h2m3s'],
    [1500, '1.5s'],
    [61_500, '1m1.5s'],
    [3_600_000, '1h'],
    [2 ** 31 - 1, '596h31m23.647s'],
    [0, '0s'],
  ])('%d ms → %s', (ms, text) => expect(formatDurationExact(ms)).toBe(text));

  it('reads back what it writes', () => {
    for (const ms of [1, 999, 1000, 1001, 59_999, 3_599_999, 86_400_000]) expect(parseDuration(formatDurationExact(ms))).toBe(ms);
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [-5000, '0:00'],
    [12_000, '0:12'],
    [185_000, '3:05'],
    [3_723_000, '1:02:03'],
    [26 * H, '26:00:00'],
  ])('%d ms → %s', (ms, text) => expect(formatClock(ms)).toBe(text));
});

describe('formatCpus', () => {
  it.each([
    [0, '0'],
    [0.25, '0.25'], // a decimal, not 250m
    [0.5, '0.5'],
    [1 / 3, '0.333'],
    [0.1 + 0.2, '0.3'],
    [0.0004, '0'],
    [-0.0004, '0'],
    [1.5, '1.5'],
    [2, '2'],
    [64, '64'],
  ])('%d → %s', (cores, text) => expect(formatCpus(cores)).toBe(text));

  it('reads back', () => {
    for (const cores of [0, 0.25, 0.5, 1.5, 2, 0.001]) expect(parseCpus(formatCpus(cores))).toBe(cores);
  });

  it.each([
    [1, '1 cpu'],
    [0.5, '0.5 cpus'],
    [1.0004, '1 cpu'],
    [2, '2 cpus'],
    [0, '0 cpus'],
  ])('with its noun: %d → %s', (cores, text) => expect(formatCpuCount(cores)).toBe(text));
});

describe('formatBytes', () => {
  it.each([
    [0, '0'],
    [512, '512'],
    [999, '999'],
    [1023, '1023'],
    [1024, '1Ki'],
    [1025, '1Ki'],
    [1536, '1.5Ki'],
    [1000, '1000'],
    [128 * MI, '128Mi'],
    [1.5 * GI, '1.5Gi'], // never 1536Mi or 1.5 GiB
    [1.25 * GI, '1.25Gi'],
    [1023 * MI, '1023Mi'], // exact, not rounded up to 1Gi
    [1023.7 * MI, '1Gi'], // a measured amount that rounds up carries into the next unit
    [4 * GI, '4Gi'],
    [500_000_000, '500M'], // as the file may write it
    [7e9, '7G'],
    [1_572_864_001, '1.46Gi'],
    [12_345_678, '11.8Mi'],
    [1e9 + 1, '954Mi'],
    [5 * 1024 ** 4, '5Ti'],
    [2048 * 1024 ** 4, '2048Ti'],
    [-256 * MI, '-256Mi'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it('reads back round figures exactly', () => {
    for (const bytes of [0, 1, 1000, 1023, KI, 3 * MI, 1.5 * GI, 7e9, 5 * 2 ** 40]) expect(parseMemory(formatBytes(bytes))).toBe(bytes);
  });
});

describe('capacity', () => {
  it('prints cpus, memory and the container limit only when there is one', () => {
    expect(formatCapacity({ cpus: 2, memory: 4 * GI, parallel: 8 })).toBe('2 cpus, 4Gi memory, 8 containers');
    expect(formatCapacity({ cpus: 1, memory: 1.5 * GI, parallel: 1 })).toBe('1 cpu, 1.5Gi memory, 1 container');
    expect(formatCapacity({ cpus: 0.5, memory: 512 * MI, parallel: Infinity })).toBe('0.5 cpus, 512Mi memory');
    // A capacity that went through JSON: Infinity became null.
    expect(formatCapacity({ cpus: 2, memory: GI, parallel: null })).toBe('2 cpus, 1Gi memory');
    expect(formatCapacity({ cpus: 2, memory: GI })).toBe('2 cpus, 1Gi memory');
    expect([finiteParallel({ parallel: 3 }), finiteParallel({ parallel: Infinity }), finiteParallel({ parallel: null })]).toEqual([3, undefined, undefined]);
  });
});

describe('a figure that is not a number', () => {
  it.each(NOT_NUMBERS)('%d is never printed as NaN or Infinity', (value) => {
    const texts = [
      formatDuration(value),
      formatDurationExact(value),
      formatClock(value),
      formatCpus(value),
      formatCpuCount(value),
      formatBytes(value),
      formatCapacity({ cpus: value, memory: value, parallel: value }),
    ];
    for (const text of texts) expect(text).not.toMatch(/NaN|Infinity/);
    expect(formatDuration(value)).toBe(UNKNOWN);
    expect(formatBytes(value)).toBe(UNKNOWN);
    expect(formatCpus(value)).toBe(UNKNOWN);
  });
});
