import { describe, expect, it } from 'vitest';
import type { Attempt } from '../core/executor';
import { expand } from '../core/expand';
import { resolveAttempt, substituteMatrix, substituteNeeds } from '../core/substitute';
import { batch, task } from './validate-fixtures';

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
