import { describe, expect, it } from 'vitest';
import { dockerMemoryMeaning, parseCpus, parseMemory } from '../core/quantity';
import { parseBatchFile } from '../core/parse';
import { capacityFromValues } from '../core/surface/capacity-flags';

describe('parseCpus', () => {
  it.each([
    [2, 2],
    [0.5, 0.5],
    ['1.5', 1.5],
    ['1500m', 1.5],
    ['250m', 0.25],
    [' 2 ', 2],
    ['0', 0],
  ])('%j → %j', (input, cores) => expect(parseCpus(input)).toBe(cores));

  it.each([['1.5m'], ['2 cores'], ['-1'], [-1], [Infinity], [NaN], [''], ['m'], ['1e3'], ['0x10']])('refuses %j', (input) =>
    expect(parseCpus(input)).toBeUndefined(),
  );
});

describe('parseMemory', () => {
  it.each([
    [1048576, 1048576],
    ['1048576', 1048576],
    ['1k', 1000],
    ['2M', 2_000_000],
    ['1.5G', 1_500_000_000],
    ['1T', 1e12],
    ['1Ki', 1024],
    ['128Mi', 134217728],
    ['4Gi', 4 * 2 ** 30],
    ['1Ti', 2 ** 40],
    ['0.5Ki', 512],
  ])('%j → %j', (input, bytes) => expect(parseMemory(input)).toBe(bytes));

  it.each([['256MB'], ['1g'], ['12m'], ['1K'], ['-1Mi'], ['Mi'], ['1 Gi x'], [''], [-5], [Infinity]])('refuses %j', (input) =>
    expect(parseMemory(input)).toBeUndefined(),
  );
});

describe("docker's memory spelling", () => {
  it.each([
    ['64m', '64Mi'],
    ['1g', '1Gi'],
    ['1gb', '1Gi'],
    ['512K', '512Ki'],
    ['1.5 GB', '1.5Gi'],
  ])('%s means %s', (text, meant) => {
    expect(dockerMemoryMeaning(text)).toBe(meant);
  });

  it('leaves other text alone', () => {
    for (const text of ['64', 'lots', '64Mi', '12 bananas']) expect(dockerMemoryMeaning(text)).toBeUndefined();
  });

  it('a batch file: positioned error with a quick fix to the meaning', () => {
    const r = parseBatchFile('version: 1\ntasks:\n  a: { image: busybox, run: x, memory: 64m }\n');
    const d = r.diagnostics.find((x) => x.code === 'invalid-memory')!;
    expect(d.message).toBe('memory of task "a" "64m" is docker\'s spelling; here it is "64Mi" (Ki, Mi, Gi are powers of 1024; k, M, G of 1000).');
    expect(d.range.start).toEqual({ line: 2, character: 39 });
    expect(d.fixes).toEqual([{ title: 'Change to "64Mi"', range: d.range, newText: '64Mi' }]);
  });

  it('--memory: docker spelling and a plain number too small for bytes are refused with what to write; 64M and 4Gi pass', () => {
    const spelling = { subject: (input: string, value: string) => `--${input} ${value}` };
    expect((capacityFromValues({ memory: '64m' }, spelling) as Error).message).toBe('--memory 64m; expected "64Mi" (docker\'s "m" is Mi here).');
    expect((capacityFromValues({ memory: '10' }, spelling) as Error).message).toBe('--memory 10; expected a unit: a plain number is bytes (e.g. 10Gi).');
    expect(capacityFromValues({ memory: '64M' }, spelling)).toEqual({ memory: 64e6 });
    expect(capacityFromValues({ memory: '4Gi' }, spelling)).toEqual({ memory: 4 * 2 ** 30 });
    expect(capacityFromValues({ memory: String(8 * 2 ** 30) }, spelling)).toEqual({ memory: 8 * 2 ** 30 });
  });
});
