import { describe, expect, it } from 'vitest';
import { MAX_MATRIX_EXPANSIONS, checkMatrices } from '../core/checks/matrix';
import { expand, unitId } from '../core/expand';
import { DEFAULT_ESTIMATE } from '../core/model';
import { batch, range, service, task } from './validate-fixtures';

describe('expand', () => {
  it('puts services first, then tasks with their expansions, first axis slowest', () => {
    const file = batch({
      services: [service('web', 1)],
      tasks: [
        task('build', 2),
        task('t', 3, { matrix: { os: ['a', 'b'], shard: [1, 2] }, needs: ['build', 'web'] }),
      ],
    });
    const { graph, diagnostics } = expand(file);
    expect(diagnostics).toEqual([]);
    expect(graph.units.map((u) => u.id)).toEqual([
      'web',
      'build',
      't[os=a,shard=1]',
      't[os=a,shard=2]',
      't[os=b,shard=1]',
      't[os=b,shard=2]',
    ]);
    expect(graph.byId.get('t[os=b,shard=1]')?.matrix).toEqual({ os: 'b', shard: '1' });
    expect(graph.byId.get('t[os=b,shard=1]')?.needs).toEqual(['build', 'web']);
    expect(graph.byId.size).toBe(6);
  });

  it('makes a need on a matrix task wait for every expansion, once', () => {
    const file = batch({
      tasks: [task('test', 1, { matrix: { shard: [1, 2, 3] } }), task('report', 2, { needs: ['test', 'test'] })],
    });
    expect(expand(file).graph.byId.get('report')?.needs).toEqual(['test[shard=1]', 'test[shard=2]', 'test[shard=3]']);
  });

  it('substitutes matrix values into image, run, command, env and workdir, and keeps needs expressions', () => {
    const file = batch({
      tasks: [
        task('a', 1, {
          matrix: { v: ['1.2'] },
          image: 'node:${{ matrix.v }}',
          run: 'echo ${{matrix.v}} ${{ needs.b.outputs.x }}',
          command: ['x', '${{ matrix.v }}'],
          env: { V: 'v${{ matrix.v }}', K: 'plain' },
          workdir: '/w/${{ matrix.v }}',
        }),
      ],
    });
    const unit = expand(file).graph.units[0];
    expect(unit).toMatchObject({
      id: 'a[v=1.2]',
      image: 'node:1.2',
      run: 'echo 1.2 ${{ needs.b.outputs.x }}',
      command: ['x', '1.2'],
      env: { V: 'v1.2', K: 'plain' },
      workdir: '/w/1.2',
    });
    // The spec itself is untouched.
    expect(file.tasks[0].run).toBe('echo ${{matrix.v}} ${{ needs.b.outputs.x }}');
  });

  it('copies the planning fields, with the default estimate', () => {
    const file = batch({ tasks: [task('a', 1, { cpus: 1.5, memory: 1000, timeout: 5000, if: 'always', allowFailure: true }), task('b', 2, { estimate: 3000 })] });
    const [a, b] = expand(file).graph.units;
    expect(a).toMatchObject({ kind: 'task', cpus: 1.5, memory: 1000, timeout: 5000, if: 'always', allowFailure: true, estimate: DEFAULT_ESTIMATE });
    expect(b.estimate).toBe(3000);
    expect('timeout' in b).toBe(false);
  });

  it('names expansions in the key order of the file', () => {
    const spec = task('t', 1, { matrix: { z: [1], a: [2] } });
    expect(unitId(spec, { a: '2', z: '1' })).toBe('t[z=1,a=2]');
  });

  it('refuses a matrix beyond the limit at the matrix, without materialising it', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const huge = task('huge', 1, { matrix: { a: values, b: values, c: values }, fields: { matrix: { key: range(12, 4, 10), value: range(12, 12, 40) } } });
    const file = batch({ tasks: [huge, task('ok', 2)] });
    const { graph, diagnostics } = expand(file);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'matrix-too-large', severity: 'error', range: range(12, 12, 40) });
    expect(diagnostics[0].message).toContain('1,000,000,000');
    expect(graph.units.map((u) => u.id)).toEqual(['ok']);
  });

  it('accepts exactly the limit in one matrix, refuses one more', () => {
    const at = (n: number) => batch({ tasks: [task('m', 1, { matrix: { i: Array.from({ length: n }, (_, i) => i) } })] });
    expect(checkMatrices(at(MAX_MATRIX_EXPANSIONS)).diagnostics).toEqual([]);
    expect(checkMatrices(at(MAX_MATRIX_EXPANSIONS + 1)).diagnostics.map((d) => d.code)).toEqual(['matrix-too-large']);
  });

  it('refuses matrices that together exceed the limit, at the one that crosses it', () => {
    const values = Array.from({ length: 4000 }, (_, i) => i);
    const file = batch({ tasks: [task('a', 1, { matrix: { i: values } }), task('b', 2, { matrix: { i: values } }), task('c', 3, { matrix: { i: values } }), task('d', 4, { matrix: { i: values } })] });
    const { diagnostics } = checkMatrices(file);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'matrix-total-too-large', range: file.tasks[2].nameRange });
  });

  it('expands a repeated matrix value once, so unit ids stay unique (the parser reports it)', () => {
    const file = batch({ tasks: [task('t', 1, { matrix: { shard: [1, 2, 1] } })] });
    expect(expand(file).graph.units.map((u) => u.id)).toEqual(['t[shard=1]', 't[shard=2]']);
  });
});
