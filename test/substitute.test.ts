import { describe, expect, it } from 'vitest';
import type { Attempt } from '../core/executor';
import { expand } from '../core/expand';
import { resolveAttempt, substituteMatrix, substituteNeeds } from '../core/substitute';
import { batch, task } from './validate-fixtures';
import { validate } from '../core/validate';

describe('substituteMatrix', () => {
  it('replaces matrix references, with or without blanks, and leaves other roots as written', () => {
    expect(substituteMatrix('a ${{ matrix.x }} b ${{matrix.y}} ${{ needs.t.outputs.o }}', { x: '1', y: '2' })).toBe(
      'a 1 b 2 ${{ needs.t.outputs.o }}',
    );
  });

  it('turns an unknown key into the empty string, and does not expand values again', () => {
    expect(substituteMatrix('[${{ matrix.nope }}]', { x: '1' })).toBe('[]');
    expect(substituteMatrix('${{ matrix.x }}', { x: '${{ matrix.x }}' })).toBe('${{ matrix.x }}');
    expect(substituteMatrix('${{ matrix.toString }}', {})).toBe('');
  });

  it('returns text without expressions unchanged', () => {
    expect(substituteMatrix('echo $HOME ${x} {{y}}', { x: '1' })).toBe('echo $HOME ${x} {{y}}');
  });
});

describe('substituteNeeds', () => {
  const outputs = { build: { version: '1.2.3', empty: '' } };
  it('replaces outputs of needed tasks', () => {
    expect(substituteNeeds('v=${{ needs.build.outputs.version }}', outputs)).toBe('v=1.2.3');
  });
  it('gives the empty string for an unknown task, output or shape; keeps other roots', () => {
    expect(substituteNeeds('[${{ needs.nope.outputs.version }}|${{ needs.build.outputs.nope }}|${{ needs.build }}|${{ matrix.x }}]', outputs)).toBe(
      '[|||${{ matrix.x }}]',
    );
  });
  it('inserts outputs literally: a value that looks like an expression stays as is', () => {
    expect(substituteNeeds('${{ needs.a.outputs.o }}', { a: { o: '${{ needs.a.outputs.o }}' } })).toBe('${{ needs.a.outputs.o }}');
  });
});

describe('resolveAttempt', () => {
  const graphOf = (input: Parameters<typeof task>[2]) => expand(batch({ tasks: [task('t', 1, { matrix: { s: [7] }, ...input })] })).graph;
  const attempt = (unit: Attempt['unit']): Attempt => ({ id: `${unit.id}#1`, unit, number: 1, memory: unit.memory, needsOutputs: { b: { v: '9' } } });

  it('runs `run` with sh -c, everything substituted', () => {
    const unit = graphOf({
      run: 'echo ${{ matrix.s }} ${{ needs.b.outputs.v }}',
      env: { A: '${{ needs.b.outputs.v }}-${{ matrix.s }}' },
      workdir: '/w/${{ needs.b.outputs.v }}',
      entrypoint: ['/bin/${{ matrix.s }}'],
      user: '${{ needs.b.outputs.v }}:${{ matrix.s }}',
    }).units[0];
    expect(resolveAttempt(attempt(unit))).toEqual({
      command: ['sh', '-c', 'echo 7 9'],
      entrypoint: ['/bin/7'],
      env: { GANTRY_MATRIX_S: '7', GANTRY_NEEDS_B_V: '9', A: '9-7' },
      workdir: '/w/9',
      user: '9:7',
    });
  });

  it('passes `command` as argv, and leaves out what the unit does not set', () => {
    const unit = graphOf({ run: undefined, command: ['echo', '${{ needs.b.outputs.v }}', 'a b'] }).units[0];
    expect(resolveAttempt(attempt(unit))).toEqual({ command: ['echo', '9', 'a b'], env: { GANTRY_MATRIX_S: '7', GANTRY_NEEDS_B_V: '9' } });
  });

  it('leaves the command to the image when there is neither run nor command', () => {
    const unit = graphOf({ run: undefined }).units[0];
    expect(resolveAttempt(attempt(unit))).toEqual({ env: { GANTRY_MATRIX_S: '7', GANTRY_NEEDS_B_V: '9' } });
  });

  it('offers matrix values and need outputs as variables; names upper-cased, other runs made `_`; the unit\'s own env wins', () => {
    const unit = graphOf({ run: 'true', env: { GANTRY_NEEDS_B_V: 'mine' } }).units[0];
    const env = resolveAttempt({ ...attempt(unit), needsOutputs: { 'build-x.y': { 'out-1': 'a b $(id)' }, b: { v: '9' } } }).env;
    expect(env).toEqual({ GANTRY_MATRIX_S: '7', GANTRY_NEEDS_BUILD_X_Y_OUT_1: 'a b $(id)', GANTRY_NEEDS_B_V: 'mine' });
  });
});

describe('outputs of a matrix task, per expansion (issue 12)', () => {
  const needsOutputs = { build: { v: '1' }, 'test[shard=1]': { failed: '0' }, 'test[shard=2]': { failed: '1' }, 'test[shard=3]': {} };
  it('keeps each expansion apart: the last one no longer wins', () => {
    expect(substituteNeeds('${{ needs.test[shard=1].outputs.failed }}|${{ needs[\'test[shard=2]\'].outputs.failed }}', needsOutputs)).toBe('0|1');
    expect(substituteNeeds('${{ needs.test.outputs.failed }}', needsOutputs)).toBe('{"test[shard=1]":"0","test[shard=2]":"1","test[shard=3]":null}');
    expect(substituteNeeds('${{ needs.build.outputs.v }}${{ needs.test[shard=9].outputs.failed }}', needsOutputs)).toBe('1');
  });
  it('gives each expansion its own variable and the task a JSON one', () => {
    const unit = expand(batch({ tasks: [task('r', 1, { needs: ['test'] })] })).graph.units[0];
    const env = resolveAttempt({ id: 'r#1', unit, number: 1, memory: unit.memory, needsOutputs }).env;
    expect(env).toMatchObject({
      GANTRY_NEEDS_TEST_SHARD_1_FAILED: '0',
      GANTRY_NEEDS_TEST_SHARD_2_FAILED: '1',
      GANTRY_NEEDS_TEST_FAILED: '{"test[shard=1]":"0","test[shard=2]":"1","test[shard=3]":null}',
    });
  });
});

describe('an expansion selector is checked against the task\'s expansions', () => {
  const file = (expr: string) => `version: 1\ndefaults: { image: busybox }\ntasks:\n  test:\n    matrix: { shard: [1, 2] }\n    run: echo\n    outputs: [failed]\n  one:\n    run: echo\n    outputs: [x]\n  report:\n    needs: [test, one]\n    run: echo "${expr}"\n`;
  it('accepts an expansion that exists', () => {
    expect(validate(file('${{ needs.test[shard=2].outputs.failed }}')).diagnostics).toEqual([]);
  });
  it('refuses one that does not, at the selector, listing the expansions and suggesting one', () => {
    const text = file('${{ needs.test[shard=9].outputs.failed }}');
    const [d, ...rest] = validate(text).diagnostics;
    expect(rest).toEqual([]);
    expect(d.code).toBe('expression-expansion-unknown');
    expect(d.message).toContain('(its expansions: [shard=1], [shard=2])');
    const line = text.split('\n')[d.range.start.line];
    expect(line.slice(d.range.start.character, d.range.end.character)).toBe('[shard=9]');
  });
  it('refuses a selector on a task without a matrix', () => {
    const [d] = validate(file('${{ needs.one[shard=1].outputs.x }}')).diagnostics;
    expect(d.code).toBe('expression-expansion-unknown');
    expect(d.message).toContain('has no matrix');
  });
});
