/** Per-expansion `estimate` (issue 12): `estimate: "${{ matrix.weight }}s"` plans each expansion with its own. */
import { describe, expect, it } from 'vitest';
import { plan } from '../core/plan';
import { validate } from '../core/validate';

const file = (estimate: string, weights = '[5, 60, 20]', extra = '') => `version: 1
capacity: { cpus: 4, memory: 4Gi }
defaults: { image: busybox, cpus: 1, memory: 64Mi }
tasks:
  build: { run: make, estimate: 10s, outputs: [n] }
  test:
    needs: [build]
    matrix: { weight: ${weights} }
    run: ./test
    estimate: ${estimate}
${extra}`;

describe('per-expansion estimate', () => {
  it('gives each expansion its own estimate, and the plan puts the heaviest on the critical path', () => {
    const v = validate(file('"${{ matrix.weight }}s"'));
    expect(v.diagnostics).toEqual([]);
    const estimates = Object.fromEntries(v.graph!.units.map((u) => [u.id, u.estimate]));
    expect(estimates).toMatchObject({ 'test[weight=5]': 5_000, 'test[weight=60]': 60_000, 'test[weight=20]': 20_000 });
    const p = plan(v.graph!, { cpus: 4, memory: 4 * 2 ** 30, parallel: Number.POSITIVE_INFINITY }, { startOverhead: 0 });
    expect(p.criticalPath).toEqual(['build', 'test[weight=60]']);
    expect(p.makespan).toBe(70_000);
  });

  it('refuses a value that is not a duration for some expansion, at the estimate, naming that expansion', () => {
    const text = file('"${{ matrix.weight }}s"', '[5, fast]');
    const v = validate(text);
    expect(v.diagnostics).toHaveLength(1);
    const [d] = v.diagnostics;
    expect(d).toMatchObject({ code: 'invalid-duration', severity: 'error' });
    expect(d.message).toBe('The estimate of test[weight=fast] is "fasts", not a duration: write a number with a unit: 500ms, 30s, 5m, 1h, or combined such as 1m30s.');
    const line = text.split('\n').findIndex((l) => l.includes('estimate: "'));
    expect(d.range.start).toEqual({ line, character: text.split('\n')[line].indexOf('"') });
  });

  it('refuses outputs of needed tasks, and a matrix key the task does not have', () => {
    const needs = validate(file('"${{ needs.build.outputs.n }}s"'));
    expect(needs.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/cannot be used in estimate: the estimate plans the run before any task finishes/),
    ]);
    const unknown = validate(file('"${{ matrix.size }}s"'));
    expect(unknown.diagnostics.map((d) => d.code)).toContain('expression-matrix-unknown');
  });

  it('still reads a plain estimate as before, and refuses a bare number', () => {
    expect(validate(file('2m')).graph!.units.find((u) => u.id === 'test[weight=5]')!.estimate).toBe(120_000);
    expect(validate(file('30')).diagnostics.map((d) => d.code)).toEqual(['invalid-duration']);
  });
});
