/** The semantic checks on hand-built files (test/validate.test.ts checks them from YAML text). */
import { describe, expect, it } from 'vitest';
import { checkFile } from '../core/checks/check-file';
import type { Diagnostic } from '../core/diagnostics';
import type { Expression } from '../core/model';
import { batch, range, service, task } from './validate-fixtures';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const only = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);

describe('needs', () => {
  it('reports a need naming nothing, with a did-you-mean fix at the entry', () => {
    const file = batch({ tasks: [task('build', 1), task('test', 2, { needs: ['biuld', 'zzz'] })] });
    const [typo, nothing] = only(checkFile(file), 'needs-unknown');
    expect(typo).toMatchObject({ severity: 'error', range: file.tasks[1].needs[0].range });
    expect(typo.message).toBe('Task "test" needs "biuld", but there is no task or service of that name. Did you mean "build"?');
    expect(typo.fixes).toEqual([{ title: 'Change to "build"', range: file.tasks[1].needs[0].range, newText: 'build' }]);
    expect(nothing.range).toEqual(file.tasks[1].needs[1].range);
    expect(nothing.fixes).toBeUndefined();
  });

  it('never suggests the task itself for its own unknown need', () => {
    const file = batch({ tasks: [task('b', 1, { needs: ['bb'] }), task('lint', 2)] });
    const [d] = only(checkFile(file), 'needs-unknown');
    expect(d.message).not.toContain('Did you mean');
    expect(d.fixes).toBeUndefined();
  });

  it('says so when a need names a volume', () => {
    const file = batch({ volumes: ['work'], tasks: [task('a', 1, { needs: ['work'], volumes: [{ kind: 'volume', source: 'work' }] })] });
    const [d] = only(checkFile(file), 'needs-unknown');
    expect(d.message).toContain('"work" is a volume');
  });

  it('reports a cycle of length 1 as a self-need, not also as a cycle', () => {
    const file = batch({ tasks: [task('a', 1, { needs: ['a'] })] });
    const ds = checkFile(file);
    expect(codes(ds)).toEqual(['needs-self']);
    expect(ds[0].range).toEqual(file.tasks[0].needs[0].range);
  });

  it('names a cycle of length 2 at the need that closes it', () => {
    const file = batch({ tasks: [task('a', 1, { needs: ['b'] }), task('b', 2, { needs: ['a'] })] });
    const ds = only(checkFile(file), 'cycle');
    expect(ds).toHaveLength(1);
    expect(ds[0].message).toContain('Dependency cycle: a → b → a.');
    expect(ds[0].range).toEqual(file.tasks[1].needs[0].range);
  });

  it('names the whole cycle of length 5, in file order, once', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const file = batch({ tasks: names.map((n, i) => task(n, i + 1, { needs: [names[(i + 1) % 5], 'x'] })).concat(task('x', 9)) });
    const ds = only(checkFile(file), 'cycle');
    expect(ds).toHaveLength(1);
    expect(ds[0].message).toContain('a → b → c → d → e → a');
    expect(ds[0].range).toEqual(file.tasks[4].needs[0].range);
  });

  it('reports two disjoint cycles separately, and nothing for the acyclic rest', () => {
    const file = batch({
      tasks: [
        task('p', 1, { needs: ['q'] }),
        task('q', 2, { needs: ['p'] }),
        task('free', 3, { needs: ['p', 'x'] }),
        task('x', 4, { needs: ['y'] }),
        task('y', 5, { needs: ['z'] }),
        task('z', 6, { needs: ['x'] }),
      ],
    });
    const ds = only(checkFile(file), 'cycle');
    expect(ds.map((d) => d.message.match(/cycle: ([^.]*)/)?.[1])).toEqual(['p → q → p', 'x → y → z → x']);
    expect(ds.map((d) => d.range)).toEqual([file.tasks[1].needs[0].range, file.tasks[5].needs[0].range]);
  });

  it('finds a cycle closing a 100,000-long chain without overflowing the stack', () => {
    const n = 100_000;
    const tasks = Array.from({ length: n }, (_, i) => task(`t${i}`, i, { needs: [`t${(i + 1) % n}`] }));
    const ds = only(checkFile(batch({ tasks })), 'cycle');
    expect(ds).toHaveLength(1);
    expect(ds[0].message.startsWith('Dependency cycle: t0 → t1 → t2')).toBe(true);
    expect(ds[0].range).toEqual(tasks[n - 1].needs[0].range);
  });
});

describe('volumes and services', () => {
  it('reports a mount of an undefined volume at its source, with a suggestion', () => {
    const file = batch({ volumes: ['work'], tasks: [task('a', 1, { volumes: [{ kind: 'volume', source: 'wrok' }, { kind: 'volume', source: 'work' }] })] });
    const ds = checkFile(file);
    expect(codes(ds)).toEqual(['volume-unknown']);
    expect(ds[0]).toMatchObject({ range: file.tasks[0].volumes[0].sourceRange, fixes: [{ newText: 'work' }] });
  });

  it('warns about a volume nothing mounts and a service nothing needs', () => {
    const file = batch({ volumes: ['cache'], services: [service('db', 1)], tasks: [task('a', 2, { volumes: [{ kind: 'bind', source: './cache' }] })] });
    const ds = checkFile(file);
    expect(ds.map((d) => [d.code, d.severity, d.range])).toEqual([
      ['volume-unused', 'warning', file.volumes[0].nameRange],
      ['service-unused', 'warning', file.services[0].nameRange],
    ]);
  });
});

describe('fit', () => {
  const cpusAt = { cpus: { key: range(11, 4, 8), value: range(11, 10, 11) } };
  it('reports cpus and memory beyond the capacity at the value, naming where the capacity came from', () => {
    const file = batch({ capacity: { cpus: 2 }, tasks: [task('big', 1, { cpus: 4, memory: 2 * 2 ** 30, fields: cpusAt })] });
    const ds = checkFile(file, { capacity: { memory: 2 ** 30 } });
    expect(ds.map((d) => [d.code, d.range])).toEqual([
      ['exceeds-capacity', range(11, 10, 11)],
      ['exceeds-capacity', file.tasks[0].nameRange],
    ]);
    expect(ds[0].message).toBe('Task "big" requests 4 cpus, but the capacity is 2 cpus (set by capacity.cpus); it could never start. Lower its cpus, or raise the capacity.');
    expect(ds[1].message).toContain('2Gi of memory, but the capacity is 1Gi (set by --memory)');
  });

  it('checks nothing that is not known, and fits exactly at the capacity', () => {
    const file = batch({ tasks: [task('a', 1, { cpus: 0.3 }), task('b', 2, { cpus: 64 })] });
    expect(checkFile(file)).toEqual([]);
    expect(codes(checkFile(file, { machine: { cpus: 64, memory: 2 ** 30, parallel: Infinity } }))).toEqual([]);
    expect(codes(checkFile(file, { machine: { cpus: 63.9, memory: 2 ** 30, parallel: Infinity } }))).toEqual(['exceeds-capacity']);
  });

  it('counts the services a task needs, which stay up while it runs', () => {
    const file = batch({
      services: [service('db', 1, { cpus: 0.1 }), service('web', 2, { cpus: 0.2 })],
      tasks: [task('t', 3, { cpus: 0.3, needs: ['db', 'web'], fields: { needs: { key: range(31, 4, 9), value: range(31, 11, 20) } } })],
    });
    expect(checkFile(file, { capacity: { cpus: 0.6 } })).toEqual([]);
    const ds = checkFile(file, { capacity: { cpus: 0.5, parallel: 2 } });
    expect(ds.map((d) => [d.code, d.range])).toEqual([['exceeds-capacity-with-services', range(31, 11, 20)]]);
    expect(ds[0].message).toContain('together they request 0.6 cpus, but the capacity is 0.5 cpus (set by --cpus)');
    expect(ds[0].message).toContain('3 containers at once, but parallel is 2 (set by --parallel)');
  });
});

describe('expressions', () => {
  const expr = (text: string, field: string, line: number): Expression => {
    const path = text.replace(/^\$\{\{\s*|\s*\}\}$/g, '').split('.');
    let col = 4;
    return {
      text,
      path,
      field,
      range: range(line, 0, text.length),
      segmentRanges: path.map((p) => {
        const r = range(line, col, col + p.length);
        col += p.length + 1;
        return r;
      }),
    };
  };
  const check = (exprs: Expression[], extra: Parameters<typeof task>[2] = {}) =>
    checkFile(
      batch({
        services: [service('web', 1)],
        tasks: [
          task('build', 2, { outputs: ['version'] }),
          task('other', 3),
          task('test', 4, { needs: ['build', 'web'], matrix: { shard: [1] }, expressions: exprs, ...extra }),
        ],
      }),
    ).filter((d) => d.code.startsWith('expression'));

  it('accepts valid matrix and needs references', () => {
    expect(check([expr('${{ matrix.shard }}', 'run', 50), expr('${{ needs.build.outputs.version }}', 'env.V', 51)])).toEqual([]);
  });

  it('reports each wrong reference at the wrong segment', () => {
    const ds = check([
      expr('${{ matrix.shrd }}', 'run', 50),
      expr('${{ needs.biuld.outputs.version }}', 'run', 51),
      expr('${{ needs.other.outputs.version }}', 'run', 52),
      expr('${{ needs.build.outputs.verison }}', 'run', 53),
      expr('${{ needs.web.outputs.x }}', 'run', 56),
      expr('${{ matrix.shard }}', 'health.run', 57),
      expr('${{ needs.build.outputs.version }}', 'image', 58),
    ]);
    expect(ds.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character, d.fixes?.[0]?.newText])).toEqual([
      ['expression-matrix-unknown', 50, 11, 15, 'shard'],
      ['expression-task-unknown', 51, 10, 15, 'build'],
      ['expression-not-needed', 52, 10, 15, undefined],
      ['expression-output-unknown', 53, 24, 31, 'version'],
      ['expression-output-unknown', 56, 10, 13, undefined],
      ['expression-not-allowed', 57, 0, 19, undefined],
      ['expression-not-allowed', 58, 0, 34, undefined],
    ]);
    expect(ds[2].message).toBe('Task "test" uses outputs of "other" but does not list it in needs, so they may not exist yet. Add "other" to its needs.');
  });

  it('reports a matrix reference in a task without a matrix, and any reference in a service', () => {
    const ds = checkFile(
      batch({
        services: [service('web', 1, { expressions: [expr('${{ matrix.x }}', 'env.X', 10)] })],
        tasks: [task('t', 2, { needs: ['web'], expressions: [expr('${{ matrix.x }}', 'run', 20)] })],
      }),
    );
    expect(ds.map((d) => [d.code, d.range.start.line])).toEqual([
      ['expression-not-allowed', 10],
      ['expression-matrix-unknown', 20],
    ]);
    expect(ds[1].message).toContain('has no matrix');
  });
});

describe('documentation', () => {
  it('lists every semantic code in docs/batch-file.md under "Semantic checks"', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const root = new URL('../', import.meta.url);
    const sources = ['core/policy.ts', 'core/secrets.ts', 'core/caller-env.ts', 'core/surface/env-file.ts', ...readdirSync(new URL('core/checks/', root)).map((f) => `core/checks/${f}`)];
    const codes = new Set<string>();
    for (const path of sources) {
      const text = readFileSync(new URL(path, root), 'utf8');
      for (const m of text.matchAll(/(?:code: |refuse\()'([a-z-]+)'/g)) codes.add(m[1]);
    }
    expect(codes.size).toBeGreaterThan(15);
    const docs = readFileSync(new URL('docs/batch-file.md', root), 'utf8');
    const section = docs.slice(docs.indexOf('## Semantic checks'));
    expect(docs.indexOf('## Semantic checks')).toBeGreaterThan(0);
    for (const code of codes) expect(section, code).toContain(`| \`${code}\``);
  });
});
