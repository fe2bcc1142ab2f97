/** validate() from YAML text: every semantic rule at its exact range, fixes applied for real. */
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Fix, Range } from '../core/diagnostics';
import { validate, type ValidateOptions } from '../core/validate';

/** The range of the `n`th occurrence of `needle` in `text` (optionally only after `after`). */
function at(text: string, needle: string, n = 0, after = ''): Range {
  let offset = after ? text.indexOf(after) : 0;
  if (offset < 0) throw new Error(`no "${after}"`);
  for (let i = 0; i <= n; i++) {
    offset = text.indexOf(needle, i === 0 ? offset : offset + 1);
    if (offset < 0) throw new Error(`no occurrence ${n} of "${needle}"`);
  }
  const pos = (o: number) => {
    const before = text.slice(0, o);
    const line = before.split('\n').length - 1;
    return { line, character: o - (before.lastIndexOf('\n') + 1) };
  };
  return { start: pos(offset), end: pos(offset + needle.length) };
}

function apply(text: string, fix: Fix): string {
  const lines = text.split('\n');
  const offset = (p: Range['start']) => lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
  return text.slice(0, offset(fix.range.start)) + fix.newText + text.slice(offset(fix.range.end));
}

const semantic = (text: string, options?: ValidateOptions): Diagnostic[] => validate(text, options).diagnostics;
const summary = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.range]);

const HEAD = 'version: 1\ndefaults: { image: busybox }\n';

describe('validate: needs', () => {
  it('reports a need naming nothing at the entry, and the did-you-mean fix repairs the file', () => {
    const text = `${HEAD}tasks:\n  build:\n    run: make\n  test:\n    needs: [biuld]\n    run: make test\n`;
    const [d] = semantic(text);
    expect(summary([d])).toEqual([['needs-unknown', at(text, 'biuld')]]);
    expect(d.severity).toBe('error');
    const fixed = apply(text, d.fixes![0]);
    expect(fixed).toContain('needs: [build]');
    expect(validate(fixed).diagnostics).toEqual([]);
  });

  it('reports a task that needs itself', () => {
    const text = `${HEAD}tasks:\n  loop:\n    needs: [loop]\n    run: x\n`;
    expect(summary(semantic(text))).toEqual([['needs-self', at(text, 'loop', 1)]]);
  });

  it('names a 2-cycle at the closing need; removing it from a flow list leaves a valid file', () => {
    const text = `${HEAD}tasks:\n  a:\n    needs: [b]\n    run: x\n  b:\n    needs: [c, a]\n    run: y\n  c:\n    run: z\n`;
    const ds = semantic(text);
    expect(summary(ds)).toEqual([['cycle', at(text, 'a', 0, 'a]')]]);
    expect(ds[0].message).toBe('Dependency cycle: a → b → a. None of these can start; remove one of these needs.');
    const fixed = apply(text, ds[0].fixes![0]);
    expect(fixed).toContain('needs: [c]');
    expect(validate(fixed).diagnostics).toEqual([]);
  });

  it('names a 5-cycle once; removing the closing entry of a block list deletes its line', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const text = HEAD + 'tasks:\n' + names.map((n, i) => `  ${n}:\n    run: x\n    needs:\n      - ${names[(i + 1) % 5]}\n`).join('');
    const ds = semantic(text);
    expect(ds.map((d) => d.code)).toEqual(['cycle']);
    expect(ds[0].message).toContain('a → b → c → d → e → a');
    expect(ds[0].range).toEqual(at(text, '- a').start.line === ds[0].range.start.line ? ds[0].range : at(text, '- a'));
    expect(ds[0].range.start).toEqual({ ...at(text, '- a').start, character: 8 });
    const fixed = apply(text, ds[0].fixes![0]);
    expect(fixed).toContain('  e:\n    run: x\n    needs:\n');
    expect(fixed.endsWith('needs:\n')).toBe(true);
    // `needs:` with no value is an empty list, and the cycle is gone.
    expect(validate(fixed).diagnostics.filter((d) => d.code === 'cycle')).toEqual([]);
  });

  it('reports two disjoint cycles, each at its own closing need', () => {
    const text = `${HEAD}tasks:\n  p: { run: x, needs: [q] }\n  q: { run: x, needs: [p] }\n  ok: { run: x, needs: [p] }\n  x: { run: x, needs: [z] }\n  z: { run: x, needs: [x] }\n`;
    const ds = semantic(text);
    expect(ds.map((d) => d.message.match(/cycle: ([^.]*)/)?.[1])).toEqual(['p → q → p', 'x → z → x']);
    // The `p` of `[p]` under q, and the `x` of `[x]` under z (after the one of `run: x`).
    expect(ds.map((d) => d.range)).toEqual([at(text, 'p', 0, '  q:'), at(text, 'x', 1, '  z:')]);
  });
});

describe('validate: volumes and services', () => {
  it('reports an undefined volume at its source, and unused volumes and services as warnings', () => {
    const text = `${HEAD}volumes:\n  work: {}\n  spare: {}\nservices:\n  db:\n    run: db\ntasks:\n  t:\n    run: x\n    volumes: ["wrok:/work", "./src:/src:ro"]\n`;
    const ds = semantic(text);
    expect(ds.map((d) => [d.code, d.severity, d.range])).toEqual([
      ['volume-unused', 'warning', at(text, 'work')],
      ['volume-unused', 'warning', at(text, 'spare')],
      ['service-unused', 'warning', at(text, 'db')],
      ['volume-unknown', 'error', at(text, 'wrok')],
    ]);
    // After the fix, "work" is mounted: one error and one warning go.
    const fixed = apply(text, ds[3].fixes![0]);
    expect(validate(fixed).diagnostics.map((d) => d.code)).toEqual(['volume-unused', 'service-unused']);
  });

  it('still builds the graph when there are only warnings', () => {
    const text = `${HEAD}volumes:\n  spare: {}\ntasks:\n  t:\n    run: x\n`;
    const v = validate(text);
    expect(v.diagnostics.map((d) => d.code)).toEqual(['volume-unused']);
    expect(v.graph?.units.map((u) => u.id)).toEqual(['t']);
  });
});

describe('validate: capacity', () => {
  const text = `${HEAD}capacity: { cpus: 2, memory: 1Gi }\nservices:\n  db: { run: db, cpus: 1, memory: 512Mi }\ntasks:\n  big:\n    run: x\n    cpus: 3\n    memory: 2Gi\n  t:\n    run: x\n    needs: [db]\n    cpus: 1.5\n    memory: 128Mi\n`;

  it('reports cpus and memory that can never fit, at their values', () => {
    const ds = semantic(text);
    expect(summary(ds)).toEqual([
      ['exceeds-capacity', at(text, '3', 0, 'big:')],
      ['exceeds-capacity', at(text, '2Gi')],
      ['exceeds-capacity-with-services', at(text, '[db]')],
    ]);
    expect(ds[0].message).toContain('requests 3 cpus, but the capacity is 2 cpus (set by capacity.cpus)');
    expect(ds[1].message).toContain('requests 2Gi of memory, but the capacity is 1Gi (set by capacity.memory)');
    expect(ds[2].message).toBe(
      'Task "t" needs service db, which stays up while it runs: together they request 2.5 cpus, but the capacity is 2 cpus (set by capacity.cpus). It could never start; lower the requests, or raise the capacity.',
    );
  });

  it('lets flags override the file, and resolves the capacity flags > file > machine', () => {
    const v = validate(text, { capacity: { cpus: 4, memory: 4 * 2 ** 30 }, machine: { cpus: 1, memory: 1, parallel: 3 } });
    expect(v.diagnostics).toEqual([]);
    expect(v.capacity).toEqual({ cpus: 4, memory: 4 * 2 ** 30, parallel: 3 });
    expect(v.graph?.units.map((u) => u.id)).toEqual(['db', 'big', 't']);
  });

  it('uses the machine where neither flags nor file say, and checks nothing unknown', () => {
    const bare = `${HEAD}tasks:\n  t: { run: x, cpus: 8 }\n`;
    expect(validate(bare).capacity).toBeUndefined();
    expect(validate(bare).diagnostics).toEqual([]);
    const ds = semantic(bare, { machine: { cpus: 2, memory: 2 ** 30, parallel: Infinity } });
    expect(summary(ds)).toEqual([['exceeds-capacity', at(bare, '8')]]);
    expect(ds[0].message).toContain("(this machine's)");
    expect(validate(bare, { machine: { cpus: 16, memory: 2 ** 30, parallel: Infinity } }).capacity).toEqual({ cpus: 16, memory: 2 ** 30, parallel: Infinity });
  });
});

describe('validate: expressions', () => {
  it('reports each unresolvable reference at the segment that is wrong', () => {
    const text =
      HEAD +
      'services:\n  web: { run: "httpd ${{ matrix.port }}" }\n' +
      'tasks:\n' +
      '  build:\n    run: x\n    outputs: [version]\n' +
      '  other:\n    run: x\n' +
      '  test:\n    needs: [build, web]\n    matrix: { shard: [1, 2] }\n' +
      '    run: echo ${{ matrix.shrd }} ${{ needs.biuld.outputs.version }} ${{ needs.other.outputs.x }}\n' +
      '    env: { V: "${{ needs.build.outputs.verison }}", W: "${{ needs.web.outputs.url }}" }\n' +
      '    image: "busybox:${{ needs.build.outputs.version }}"\n' +
      '    user: "${{ matrix.shard }}"\n' +
      '    workdir: /w/${{ matrix.nope }}\n' +
      '  plain:\n    run: echo ${{ matrix.shard }}\n';
    const ds = semantic(text).filter((d) => d.code !== 'service-unused');
    expect(summary(ds)).toEqual([
      ['expression-not-allowed', at(text, '${{ matrix.port }}')],
      ['expression-matrix-unknown', at(text, 'shrd')],
      ['expression-task-unknown', at(text, 'biuld')],
      ['expression-not-needed', at(text, 'other', 0, 'needs.other')],
      ['expression-output-unknown', at(text, 'verison')],
      ['expression-output-unknown', at(text, 'web', 0, 'needs.web')],
      ['expression-not-allowed', at(text, '${{ needs.build.outputs.version }}', 0, 'image:')],
      ['expression-matrix-unknown', at(text, 'nope')],
      ['expression-matrix-unknown', at(text, 'shard', 0, '  plain:')],
    ]);
    expect(ds[1].fixes?.[0].newText).toBe('shard');
    expect(ds[2].fixes?.[0].newText).toBe('build');
    expect(ds[4].fixes?.[0].newText).toBe('version');
    expect(ds[4].message).toBe('Task "build" does not declare output "verison" (it declares: version). Did you mean "version"?');
  });

  it('reports a problem inherited from defaults once, not once per task', () => {
    const text = 'version: 1\ndefaults:\n  image: busybox\n  env: { S: "${{ matrix.shard }}" }\ntasks:\n  a: { run: x }\n  b: { run: x }\n  c: { run: x, matrix: { shard: [1] } }\n';
    expect(summary(semantic(text))).toEqual([['expression-matrix-unknown', at(text, 'shard')]]);
  });

  it('substitutes valid references in the graph', () => {
    const text = `${HEAD}tasks:\n  build: { run: x, outputs: [v] }\n  t:\n    needs: [build]\n    matrix: { os: [a, b], n: [1] }\n    run: echo \${{ matrix.os }} \${{ needs.build.outputs.v }}\n    env: { N: "\${{ matrix.n }}" }\n`;
    const v = validate(text);
    expect(v.diagnostics).toEqual([]);
    expect(v.graph?.units.map((u) => [u.id, u.run, u.env.N, u.needs])).toEqual([
      ['build', 'x', undefined, []],
      ['t[os=a,n=1]', 'echo a ${{ needs.build.outputs.v }}', '1', ['build']],
      ['t[os=b,n=1]', 'echo b ${{ needs.build.outputs.v }}', '1', ['build']],
    ]);
  });
});

describe('validate: matrix size', () => {
  it('refuses a billion-task matrix at the matrix, quickly and without a graph', () => {
    const values = `[${Array.from({ length: 1000 }, (_, i) => i).join(', ')}]`;
    const text = `${HEAD}tasks:\n  huge:\n    run: x\n    matrix: { a: ${values}, b: ${values}, c: ${values} }\n`;
    const v = validate(text);
    expect(v.diagnostics.map((d) => d.code)).toEqual(['matrix-too-large']);
    expect(v.diagnostics[0].range.start).toEqual(at(text, '{ a:').start);
    expect(v.diagnostics[0].message).toContain('1,000,000,000 tasks');
    expect(v.graph).toBeUndefined();
  });
});

describe('validate: policy', () => {
  const text =
    `${HEAD}tasks:\n  t:\n    run: x\n    privileged: true\n    network: host\n    cap-add: [NET_ADMIN]\n` +
    '    volumes: ["/var/run/docker.sock:/var/run/docker.sock", "./src:/src", "../up:/up", "/etc:/etc:ro"]\n';

  it('refuses what strict forbids, each at the offending value', () => {
    expect(summary(semantic(text, { policy: 'strict', baseDir: '/repo' }))).toEqual([
      ['policy-privileged', at(text, 'true')],
      ['policy-network-host', at(text, 'host')],
      ['policy-cap-add', at(text, '[NET_ADMIN]')],
      ['policy-docker-socket', at(text, '/var/run/docker.sock')],
      ['policy-bind-outside', at(text, '../up')],
      ['policy-bind-outside', at(text, '/etc', 0, './src')],
    ]);
  });

  it('allows all of it by default (trusted)', () => {
    const v = validate(text);
    expect(v.diagnostics).toEqual([]);
    expect(v.graph?.units).toHaveLength(1);
  });
});

describe('validate: the result', () => {
  it('sorts parse and semantic diagnostics together and gives no graph on errors', () => {
    const text = `${HEAD}tasks:\n  a:\n    run: x\n    needs: [nope]\n    colour: red\n`;
    const v = validate(text);
    expect(v.diagnostics.map((d) => d.code)).toEqual(['needs-unknown', 'unknown-key']);
    expect(v.file?.tasks[0].name).toBe('a');
    expect(v.graph).toBeUndefined();
    expect(v.parse.diagnostics.map((d) => d.code)).toEqual(['unknown-key']);
  });

  it('returns the parse errors alone when the text is not a batch file', () => {
    const v = validate('- just\n- a list\n');
    expect(v.file).toBeUndefined();
    expect(v.diagnostics.map((d) => d.code)).toEqual(['not-a-mapping']);
  });

  it('validates a generated 20,000-task file with a graph of every task', () => {
    const lines = [HEAD, 'tasks:\n'];
    for (let i = 0; i < 20_000; i++) lines.push(`  t${i}: { run: x, needs: [${i > 0 ? `t${i - 1}` : ''}${i > 2 ? `, t${Math.floor(i / 2)}` : ''}] }\n`);
    const v = validate(lines.join(''), { machine: { cpus: 2, memory: 2 ** 30, parallel: Infinity } });
    expect(v.diagnostics).toEqual([]);
    expect(v.graph?.units).toHaveLength(20_000);
    expect(v.graph?.byId.get('t9')?.needs).toEqual(['t8', 't4']);
  });
});
