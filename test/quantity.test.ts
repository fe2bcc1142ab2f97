import { describe, expect, it } from 'vitest';
import { parseCpus, parseMemory } from '../core/quantity';

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
