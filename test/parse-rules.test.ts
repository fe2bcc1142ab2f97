/**
 * One test per parser rule, each pinning the exact range (zero-based line, character, end line,
 * end character) of the diagnostic.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostics';
import { parseBatchFile } from '../core/parse';
import { plain } from './support/plain';

/** Lines 0 and 1 of every snippet below. */
const HEAD = 'version: 1\ndefaults: { image: busybox }\n';

const span = (d: Diagnostic) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];

/** The diagnostics of `text`, as `code@line:char-line:char` strings, for compact expectations. */
function found(text: string): string[] {
  return parseBatchFile(text).diagnostics.map((d) => `${d.code}@${span(d).join(':')}`);
}

/** The single diagnostic of `text` (fails if there are none or several). */
function one(text: string): Diagnostic {
  const { diagnostics } = parseBatchFile(text);
  expect(diagnostics.map((d) => d.code)).toHaveLength(1);
  return diagnostics[0];
}

describe('YAML level', () => {
  it('reports syntax errors at their position and still reads the rest', () => {
    const r = parseBatchFile(HEAD + 'tasks:\n  a:\n    run: x\n    cpus: [1\n  b:\n    run: x\n');
    const syntax = r.diagnostics.filter((d) => d.code === 'yaml-syntax');
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0].range.start.line).toBe(6);
    expect(r.file!.tasks.map((t) => t.name)).toContain('a');
  });

  it('reports a tab used for indentation', () => {
    const r = parseBatchFile(HEAD + 'tasks:\n\ta:\n');
    expect(r.diagnostics.some((d) => d.code === 'yaml-syntax' && d.range.start.line === 3)).toBe(true);
  });

  it('reports duplicate keys at the second one, and keeps the first', () => {
    const r = parseBatchFile(HEAD + 'tasks:\n  a:\n    run: one\n    run: two\n');
    expect(r.diagnostics.map((d) => [d.code, ...span(d)])).toEqual([['duplicate-key', 5, 4, 5, 7]]);
    expect(r.diagnostics[0].message).toContain('line 5');
    expect(r.file!.tasks[0].run).toBe('one');
  });

  it('reports a second document', () => {
    expect(found(HEAD + '---\nversion: 1\n')).toEqual(['multiple-documents@2:0:2:3']);
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    expect(found('')).toEqual(['empty-file@0:0:0:0']);
    expect(found('# only a comment\n')).toEqual(['empty-file@0:0:0:0']);
    expect(found('- a\n- b\n')).toEqual(['not-a-mapping@0:0:1:3']);
    expect(parseBatchFile('just text').file).toBeUndefined();
  });

  it('refuses binary input at the first NUL byte', () => {
    const r = parseBatchFile('version: 1\nname: a\0b\n');
    expect(r.diagnostics.map((d) => [d.code, ...span(d)])).toEqual([['binary-file', 1, 7, 1, 8]]);
    expect(r.file).toBeUndefined();
  });

  it('refuses a file over 5 MiB without parsing it', () => {
    const big = HEAD + 'name: "' + 'x'.repeat(5 * 1024 * 1024) + '"\n';
    const r = parseBatchFile(big);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['file-too-large']);
    expect(r.file).toBeUndefined();
  });

  it('counts UTF-8 bytes, not characters, for the size limit', () => {
    // 2 M characters of "é" are 4 MB: under the limit in characters and bytes alike…
    expect(parseBatchFile('name: ' + 'é'.repeat(2_000_000)).diagnostics.map((d) => d.code)).not.toContain('file-too-large');
    // …while 2 M characters of "€" are 6 MB.
    expect(parseBatchFile('name: ' + '€'.repeat(2_000_000)).diagnostics.map((d) => d.code)).toContain('file-too-large');
  });

  it('refuses deep flow nesting before parsing, at the level that goes too deep', () => {
    const d = one('a: ' + '['.repeat(200_000) + ']'.repeat(200_000));
    expect(d.code).toBe('too-deep');
    // Level 1 is the top mapping; the 64th "[" (offset 3 + 63) is level 65.
    expect(span(d)).toEqual([0, 66, 0, 67]);
  });

  it('refuses deep block nesting', () => {
    const text = Array.from({ length: 100 }, (_, i) => ' '.repeat(i) + 'k:').join('\n');
    const d = one(text);
    expect(d.code).toBe('too-deep');
    expect(d.range.start.line).toBe(64);
  });

  it('refuses deep "- - -" nesting', () => {
    expect(one('a:\n' + '- '.repeat(100) + 'x\n').code).toBe('too-deep');
  });

  it('accepts nesting up to the limit', () => {
    const text = 'version: 1\nname: x\nx: ' + '['.repeat(60) + ']'.repeat(60) + '\n';
    expect(found(text)).toEqual(['unknown-key@2:0:2:1']);
  });

  it('does not count brackets inside strings, comments and block scalars', () => {
    const brackets = '['.repeat(100);
    const text =
      HEAD +
      `tasks:\n  a:\n    run: |\n      echo ${brackets}\n    env: { A: "${brackets}", B: '${brackets}' } # ${brackets}\n`;
    expect(found(text)).toEqual([]);
  });

  it('stops following aliases after 100, reporting once', () => {
    let text = HEAD + 'name: &n nm\ntasks:\n  t:\n    run: x\n    cap-add: [' + Array(150).fill('*n').join(', ') + ']\n';
    const r = parseBatchFile(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['too-many-aliases']);
    expect(r.diagnostics[0].range.start.line).toBe(6);
    text = HEAD + 'name: &n nm\ntasks:\n  t:\n    run: *n\n';
    expect(found(text)).toEqual([]);
    expect(parseBatchFile(text).file!.tasks[0].run).toBe('nm');
  });

  it('counts each alias once, also where a value is read for its expressions', () => {
    // Two aliases per task: 50 tasks use 100, the limit; 51 use one more.
    const file = (n: number) => HEAD + 'name: &r echo\ntasks:\n' + Array.from({ length: n }, (_, i) => `  t${i}: { run: *r, env: { A: *r } }\n`).join('');
    expect(found(file(50))).toEqual([]);
    expect(found(file(51))).toEqual(['too-many-aliases@54:14:54:16']);
  });

  it('reports an alias without its anchor', () => {
    expect(found(HEAD + 'tasks:\n  t: { run: *nothing }\n')).toEqual(['yaml-syntax@3:12:3:20']);
  });

  it('survives a billion-laughs file quickly', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(', ')}]`);
    const r = parseBatchFile('version: 1\n' + levels.join('\n') + '\n');
    expect(r.diagnostics.every((d) => d.code === 'unknown-key')).toBe(true);
  });
});

describe('top level', () => {
  it('requires version 1', () => {
    expect(found('tasks: {}\n')).toEqual(['missing-version@0:0:0:0']);
    expect(found('version: 2\n')).toEqual(['unsupported-version@0:9:0:10']);
    expect(found('version: "1"\n')).toEqual(['unsupported-version@0:9:0:12']);
    expect(found('version:\n')).toEqual(['unsupported-version@0:0:0:7']);
    // Still read, so the editor keeps working while the version is wrong.
    expect(parseBatchFile('version: 2\ntasks:\n  a: { image: x, run: y }\n').file!.tasks).toHaveLength(1);
  });

  it('reports unknown keys with a did-you-mean fix', () => {
    const d = one('version: 1\ntask:\n  a: {}\n');
    expect(d.code).toBe('unknown-key');
    expect(span(d)).toEqual([1, 0, 1, 4]);
    expect(d.message).toBe('Unknown key "task" in the batch file. Did you mean "tasks"?');
    expect(d.fixes).toEqual([{ title: 'Change to "tasks"', range: d.range, newText: 'tasks' }]);
  });

  it('lists the known keys when nothing is close', () => {
    const d = one('version: 1\nzzzzzz: 1\n');
    expect(d.fixes).toBeUndefined();
    expect(d.message).toContain('Known keys: version, name, capacity, defaults, env-file, volumes, services, tasks.');
  });

  it('checks capacity', () => {
    expect(found('version: 1\ncapacity: { cpus: 0, memory: 4GB, parallel: 0.5, paralel: 2 }\n')).toEqual([
      'invalid-cpus@1:18:1:19',
      'invalid-memory@1:29:1:32',
      'wrong-type@1:44:1:47',
      'unknown-key@1:49:1:56',
    ]);
    expect(found('version: 1\ncapacity: { parallel: 0 }\n')).toEqual(['invalid-number@1:22:1:23']);
    expect(parseBatchFile('version: 1\ncapacity: { cpus: "1500m", memory: 1Gi }\n').file!.capacity).toEqual({ cpus: 1.5, memory: 2 ** 30 });
  });

  it('says which forms a quantity or duration accepts', () => {
    expect(one('version: 1\ncapacity: { memory: 4GiB }\n').message).toBe(
      'capacity.memory "4GiB" is not a memory quantity above zero: write bytes such as 1048576, or a number with k, M, G, T (powers of 1000) or Ki, Mi, Gi, Ti (powers of 1024), such as 256Mi.',
    );
    expect(one(HEAD + 'tasks:\n  a: { run: x, timeout: 30 }\n').message).toBe(
      'timeout of task "a" "30" is not a duration: write a number with a unit: 500ms, 30s, 5m, 1h, or combined such as 1m30s. A bare number has no unit; write e.g. "30s".',
    );
  });

  it('reports wrong types for sections', () => {
    expect(found('version: 1\ntasks: [a, b]\n')).toEqual(['wrong-type@1:7:1:13']);
    expect(found('version: 1\ndefaults: busybox\n')).toEqual(['wrong-type@1:10:1:17']);
    expect(found('version: 1\nname: [x]\n')).toEqual(['wrong-type@1:6:1:9']);
  });

  it('reads an empty section as empty', () => {
    const r = parseBatchFile('version: 1\ntasks:\nservices:\nvolumes:\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.file!.tasks).toEqual([]);
  });
});

describe('names', () => {
  it('checks task, service and volume names', () => {
    expect(found(HEAD + 'volumes:\n  Work: {}\nservices:\n  _db: { run: x }\ntasks:\n  build.all: { run: x }\n')).toEqual([
      'invalid-name@3:2:3:6',
      'invalid-name@5:2:5:5',
      'invalid-name@7:2:7:11',
    ]);
  });

  it('keeps one namespace across tasks, services and volumes, in file order', () => {
    const r = parseBatchFile(HEAD + 'tasks:\n  web: { run: x }\nservices:\n  web: { run: x }\nvolumes:\n  web: {}\n');
    expect(r.diagnostics.map((d) => `${d.code}@${span(d).join(':')}`)).toEqual(['duplicate-name@5:2:5:5', 'duplicate-name@7:2:7:5']);
    expect(r.diagnostics[0].message).toContain('line 4');
    expect(r.file!.tasks).toHaveLength(1);
    expect(r.file!.services).toHaveLength(0);
  });

  it('reports keys a volume does not take', () => {
    expect(found('version: 1\nvolumes:\n  work: { driver: local }\n')).toEqual(['unknown-key@2:10:2:16']);
    expect(parseBatchFile('version: 1\nvolumes:\n  work:\n').diagnostics).toEqual([]);
  });
});

describe('tasks and services', () => {
  it('takes at most one of run and command; with neither, the image runs its own command', () => {
    expect(found(HEAD + 'tasks:\n  a: { run: x, command: [y] }\n')).toEqual(['run-and-command@3:15:3:22']);
    expect(found(HEAD + 'tasks:\n  a: { cpus: 1 }\n')).toEqual([]);
    expect(found(HEAD + 'services:\n  db: { image: x }\n')).toEqual([]);
    const file = parseBatchFile(HEAD + 'services:\n  db: { image: x }\n').file!;
    expect(file.services[0].run).toBeUndefined();
    expect(file.services[0].command).toBeUndefined();
    expect(found(HEAD + 'tasks:\n  a:\n')).toEqual([]);
    expect(parseBatchFile(HEAD + 'tasks:\n  a:\n').file!.tasks[0].name).toBe('a');
  });

  it('requires an image from the unit or the defaults', () => {
    expect(found('version: 1\ntasks:\n  a: { run: x }\n')).toEqual(['missing-image@2:2:2:3']);
    expect(found('version: 1\ntasks:\n  a: { run: x, image: "" }\n')).toEqual(['wrong-type@2:22:2:24']);
    expect(parseBatchFile('version: 1\ntasks:\n  a: { run: x, image: alpine }\n').diagnostics).toEqual([]);
  });

  it('reports unknown keys with a fix, and keys of the other kind by name', () => {
    const d = one(HEAD + 'tasks:\n  a: { run: x, neds: [b] }\n');
    expect([d.code, ...span(d)]).toEqual(['unknown-key', 3, 15, 3, 19]);
    expect(d.fixes![0].newText).toBe('needs');
    expect(found(HEAD + 'tasks:\n  a: { run: x, health: { run: y } }\n')).toEqual(['service-only-key@3:15:3:21']);
    expect(found(HEAD + 'services:\n  a: { run: x, needs: [b], if: always }\n')).toEqual(['task-only-key@3:15:3:20', 'task-only-key@3:27:3:29']);
  });

  it('checks quantities and durations of units', () => {
    expect(found(HEAD + 'tasks:\n  a: { run: x, cpus: -1, memory: 0, estimate: soon, timeout: 0s }\n')).toEqual([
      'invalid-cpus@3:21:3:23',
      'invalid-memory@3:33:3:34',
      'invalid-duration@3:46:3:50',
      'invalid-duration@3:61:3:63',
    ]);
    const t = parseBatchFile(HEAD + 'tasks:\n  a: { run: x, cpus: 250m, memory: 1G, estimate: 0s, timeout: 1m30s }\n').file!.tasks[0];
    expect(t).toMatchObject({ cpus: 0.25, memory: 1e9, estimate: 0, timeout: 90_000 });
  });

  it('reads retries as a number or a mapping', () => {
    const tasks = parseBatchFile(HEAD + 'tasks:\n  a: { run: x, retries: 3 }\n  b: { run: x, retries: { count: 1, backoff: 500ms } }\n').file!.tasks;
    expect(tasks[0].retries).toEqual({ count: 3, backoff: 1000, memoryFactor: 1 });
    expect(tasks[1].retries).toEqual({ count: 1, backoff: 500, memoryFactor: 1 });
    expect(found(HEAD + 'tasks:\n  a: { run: x, retries: many }\n')).toEqual(['wrong-type@3:24:3:28']);
    expect(found(HEAD + 'tasks:\n  a: { run: x, retries: -1 }\n')).toEqual(['invalid-number@3:24:3:26']);
    expect(found(HEAD + 'tasks:\n  a: { run: x, retries: { count: 1.5, memory-factor: 0.5, backof: 1s } }\n')).toEqual([
      'wrong-type@3:33:3:36',
      'invalid-number@3:53:3:56',
      'unknown-key@3:58:3:64',
    ]);
  });

  it('checks if, with a fix for a near miss', () => {
    const d = one(HEAD + 'tasks:\n  a: { run: x, if: allways }\n');
    expect([d.code, ...span(d)]).toEqual(['invalid-if', 3, 19, 3, 26]);
    expect(d.fixes![0]).toMatchObject({ newText: 'always', range: d.range });
    expect(found(HEAD + 'tasks:\n  a: { run: x, if: sometimes }\n')).toEqual(['invalid-if@3:19:3:28']);
  });

  it('allows network host only', () => {
    expect(found(HEAD + 'tasks:\n  a: { run: x, network: bridge }\n')).toEqual(['invalid-network@3:24:3:30']);
    expect(parseBatchFile(HEAD + 'tasks:\n  a: { run: x }\n').file!.tasks[0].network).toBeUndefined();
  });

  it('checks booleans, lists and strings', () => {
    expect(found(HEAD + 'tasks:\n  a: { run: x, privileged: yes, allow-failure: 1, cap-add: NET_ADMIN, command: make }\n')).toEqual([
      'wrong-type@3:27:3:30',
      'wrong-type@3:47:3:48',
      'wrong-type@3:59:3:68',
      // command as one string is docker compose's form (test/compose.test.ts): only both are refused.
      'run-and-command@3:70:3:77',
    ]);
    expect(found(HEAD + 'tasks:\n  a: { run: [x] }\n')).toEqual(['wrong-type@3:12:3:15']);
    expect(found(HEAD + 'tasks:\n  a: { command: [make, [x]] }\n')).toEqual(['wrong-type@3:23:3:26']);
  });

  it('reads numbers and booleans in string places as written', () => {
    const t = parseBatchFile(HEAD + 'tasks:\n  a: { run: x, user: 1000, env: { A: 1.0, B: true, C: 0x1F } }\n').file!.tasks[0];
    expect(t.user).toBe('1000');
    expect(t.env).toEqual({ A: '1.0', B: 'true', C: '0x1F' });
  });

  it('checks env names and values', () => {
    expect(found(HEAD + 'tasks:\n  a: { run: x, env: { 1A: x, B-C: y, D: [z], E: } }\n')).toEqual([
      'invalid-env-name@3:22:3:24',
      'invalid-env-name@3:29:3:32',
      'wrong-type@3:40:3:43',
      'wrong-type@3:45:3:46',
    ]);
  });

  it('merges env over defaults', () => {
    const t = parseBatchFile('version: 1\ndefaults: { image: x, env: { A: "1", B: "2" } }\ntasks:\n  a: { run: x, env: { B: "3" } }\n').file!.tasks[0];
    expect(t.env).toEqual({ A: '1', B: '3' });
  });

  it('checks workdir is absolute', () => {
    expect(found(HEAD + 'tasks:\n  a: { run: x, workdir: src }\n')).toEqual(['invalid-workdir@3:24:3:27']);
  });

  it('warns about a need listed twice and checks outputs', () => {
    const r = parseBatchFile(HEAD + 'tasks:\n  b: { run: x }\n  a: { run: x, needs: [b, b], outputs: [v, v, 9x] }\n');
    expect(r.diagnostics.map((d) => `${d.code}:${d.severity}@${span(d).join(':')}`)).toEqual([
      'duplicate-need:warning@4:26:4:27',
      'duplicate-output:error@4:43:4:44',
      'invalid-output-name:error@4:46:4:48',
    ]);
    expect(r.file!.tasks[1].needs.map((n) => n.name)).toEqual(['b']);
  });
});

describe('mounts', () => {
  it('parses volumes, binds and read-only', () => {
    const t = parseBatchFile(HEAD + "tasks:\n  a:\n    run: x\n    volumes:\n      - work:/w\n      - './src:/src:ro'\n      - /tmp:/t:rw\n").file!.tasks[0];
    expect(t.volumes.map((m) => [m.kind, m.source, m.target, m.readOnly, ...[m.sourceRange.start.line, m.sourceRange.start.character, m.sourceRange.end.character]])).toEqual([
      ['volume', 'work', '/w', false, 6, 8, 12],
      ['bind', './src', '/src', true, 7, 9, 14],
      ['bind', '/tmp', '/t', false, 8, 8, 12],
    ]);
  });

  it('reports malformed mounts at the entry', () => {
    expect(found(HEAD + 'tasks:\n  a: { run: x, volumes: ["work", ":/w", "work:w", "work:/w:rx", "a:/b:ro:x", 3] }\n')).toEqual([
      'invalid-mount@3:25:3:31',
      'invalid-mount@3:33:3:38',
      'invalid-mount@3:40:3:48',
      'invalid-mount@3:50:3:62',
      'invalid-mount@3:64:3:75',
      'invalid-mount@3:77:3:78',
    ]);
  });
});

describe('matrix', () => {
  it('reads axes with scalar values as written', () => {
    const t = parseBatchFile(HEAD + 'tasks:\n  a: { run: x, matrix: { os: [alpine, debian], v: [1.10, true] } }\n').file!.tasks[0];
    expect(t.matrix.map((a) => [a.key, a.values])).toEqual([
      ['os', ['alpine', 'debian']],
      ['v', ['1.10', 'true']],
    ]);
  });

  it('reports empty matrices and axes, non-scalars, duplicates and bad keys', () => {
    expect(found(HEAD + 'tasks:\n  a: { run: x, matrix: {} }\n')).toEqual(['matrix-empty@3:23:3:25']);
    expect(found(HEAD + 'tasks:\n  a: { run: x, matrix: { s: [] } }\n')).toEqual(['matrix-empty@3:28:3:30']);
    expect(found(HEAD + 'tasks:\n  a: { run: x, matrix: { s: [1, [2], { b: 3 }, 1] } }\n')).toEqual([
      'matrix-value-not-scalar@3:32:3:35',
      'matrix-value-not-scalar@3:37:3:45',
      'matrix-duplicate-value@3:47:3:48',
    ]);
    expect(found(HEAD + 'tasks:\n  a: { run: x, matrix: { s: 1, 2x: [1] } }\n')).toEqual(['wrong-type@3:28:3:29', 'invalid-matrix-key@3:31:3:33']);
  });
});

describe('health', () => {
  it('reads defaults for what it leaves out', () => {
    const s = parseBatchFile(HEAD + 'services:\n  db: { run: x, health: { command: [pg_isready] } }\n').file!.services[0];
    expect(s.health).toMatchObject({ command: ['pg_isready'], interval: 1000, timeout: 5000, retries: 30, startPeriod: 0 });
  });

  it('checks its keys and needs a check', () => {
    expect(found(HEAD + 'services:\n  db: { run: x, health: { interval: 0s, retries: x, every: 1s } }\n')).toEqual([
      'missing-run@3:16:3:22',
      'invalid-duration@3:36:3:38',
      'wrong-type@3:49:3:50',
      'unknown-key@3:52:3:57',
    ]);
    expect(found(HEAD + 'services:\n  db: { run: x, health: { run: a, command: [b] } }\n')).toEqual(['run-and-command@3:34:3:41']);
  });
});

describe('expressions', () => {
  it('finds expressions in every string field', () => {
    const text =
      'version: 1\ndefaults: { image: "r/${{ matrix.img }}", env: { D: "${{ matrix.d }}" } }\n' +
      'tasks:\n  a:\n    matrix: { img: [x], d: [y], w: [z] }\n    command: [echo, "${{ matrix.w }}"]\n    workdir: /${{ matrix.w }}\n    user: "${{ matrix.w }}"\n    entrypoint: ["${{ matrix.w }}"]\n';
    const r = parseBatchFile(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.file!.tasks[0].expressions.map((e) => `${e.field}=${e.path.join('.')}@${e.range.start.line}:${e.range.start.character}`)).toEqual([
      'image=matrix.img@1:22',
      'env.D=matrix.d@1:53',
      'command[1]=matrix.w@5:21',
      'workdir=matrix.w@6:14',
      'user=matrix.w@7:11',
      'entrypoint[0]=matrix.w@8:18',
    ]);
  });

  it('finds expressions in block scalars and health checks at their exact place', () => {
    const text = HEAD + 'services:\n  s:\n    run: |\n      echo one\n      echo ${{ matrix.a }}\n    health: { run: "x ${{  needs.b.outputs.c  }}" }\n';
    const xs = parseBatchFile(text).file!.services[0].expressions;
    expect(xs.map((e) => [e.field, e.text, ...span({ range: e.range } as Diagnostic)])).toEqual([
      ['run', '${{ matrix.a }}', 6, 11, 6, 26],
      ['health.run', '${{  needs.b.outputs.c  }}', 7, 22, 7, 48],
    ]);
    expect(xs[1].segmentRanges.map((r) => r.start.character)).toEqual([27, 33, 35, 43]);
  });

  it('reports an unclosed expression to the end of its line', () => {
    expect(found(HEAD + 'tasks:\n  a: { run: "echo ${{ matrix.x" }\n')).toEqual(['unclosed-expression@3:18:3:31']);
  });

  it('reports expressions of unknown shape', () => {
    expect(found(HEAD + 'tasks:\n  a: { run: "${{ foo.X }} ${{ matrix }} ${{ needs.b.x.y }} ${{ a b }}" }\n')).toEqual([
      'invalid-expression@3:13:3:25',
      'invalid-expression@3:26:3:39',
      'invalid-expression@3:40:3:58',
      'invalid-expression@3:59:3:69',
    ]);
  });
});

describe('defaults', () => {
  it('checks its keys and values', () => {
    expect(found('version: 1\ndefaults: { image: x, cpu: 1, memory: lots, retries: x, health: {} }\n')).toEqual([
      'unknown-key@1:22:1:25',
      'invalid-memory@1:38:1:42',
      'wrong-type@1:53:1:54',
      'unknown-key@1:56:1:62',
    ]);
  });

  it('gives timeout and retries to tasks only', () => {
    const f = parseBatchFile('version: 1\ndefaults: { image: x, timeout: 1m, retries: 2 }\nservices:\n  s: { run: x }\ntasks:\n  t: { run: x }\n').file!;
    expect(f.tasks[0]).toMatchObject({ timeout: 60_000, retries: { count: 2 } });
    expect(f.services[0].timeout).toBeUndefined();
    expect(f.services[0].retries.count).toBe(0);
  });
});

describe('reading tasks while the YAML is composed', () => {
  /** The fast path's result, which must be the `yaml` package's exactly. */
  function both(text: string) {
    const fast = parseBatchFile(text);
    const slow = parseBatchFile(text, { slowYaml: true });
    expect(fast.diagnostics).toEqual(slow.diagnostics);
    expect(fast.file).toEqual(slow.file);
    expect(plain(fast.file)).toEqual(plain(slow.file));
    return fast;
  }

  it('applies defaults written after the tasks', () => {
    const r = both('version: 1\ntasks:\n  a: { run: x }\nservices:\n  s: { run: y }\ndefaults: { image: late, cpus: 2 }\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.file!.tasks[0]).toMatchObject({ image: 'late', cpus: 2 });
    expect(r.file!.services[0]).toMatchObject({ image: 'late', cpus: 2 });
  });

  it('applies defaults the look-ahead cannot see (an escaped key), by reading again', () => {
    const r = both('version: 1\ntasks:\n  a: { run: x }\n"d\\x65faults": { image: escaped }\n');
    expect(r.file!.tasks[0].image).toBe('escaped');
  });

  it('keeps the first of two task sections and one namespace across sections', () => {
    const r = both('version: 1\ndefaults: { image: x }\nvolumes:\n  a: {}\ntasks:\n  a: { run: x }\n  b: { run: x }\n  b: { run: y }\ntasks:\n  c: { run: x }\n');
    expect(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}`)).toEqual(['duplicate-name@5', 'duplicate-key@7', 'duplicate-key@8']);
    expect(r.file!.tasks.map((t) => t.name)).toEqual(['b']);
  });

  it('falls back to yaml when a later task leaves the fast subset', () => {
    const r = both('version: 1\ndefaults: { image: x }\ntasks:\n  a: { run: x, cpus: 0 }\n  b:\n    run: |\n      echo hi\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['invalid-cpus']);
    expect(r.file!.tasks.map((t) => t.run)).toEqual(['x', 'echo hi\n']);
  });
});

describe('best effort', () => {
  it('lists diagnostics in document order', () => {
    // Tasks are read while the fast path composes them, before the top-level keys are checked;
    // the list still comes out in the order of the file (and the same from both YAML paths).
    const text = 'version: 1\ndefaults: { image: x }\ntasks:\n  a: { run: x, cpus: 0 }\nnmae: y\n';
    const fast = parseBatchFile(text).diagnostics;
    expect(fast.map((d) => `${d.code}@${d.range.start.line}`)).toEqual(['invalid-cpus@3', 'unknown-key@4']);
    expect(parseBatchFile(text, { slowYaml: true }).diagnostics).toEqual(fast);
  });

  it('collects every problem of a file, never only the first', () => {
    const text = 'version: 3\ntasks:\n  A: { run: x, cpus: lots, neds: [] }\n  b: { if: maybe }\n';
    expect(found(text).map((s) => s.split('@')[0])).toEqual([
      'unsupported-version',
      'invalid-name',
      'missing-image',
      'invalid-cpus',
      'unknown-key',
      'missing-image',
      'invalid-if',
    ]);
  });

  it('returns the file for a half-typed document', () => {
    const r = parseBatchFile('version: 1\ndefaults: { image: x }\ntasks:\n  build:\n    run: make\n  test:\n    needs: [bu\n');
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.file!.tasks.map((t) => t.name)).toContain('build');
  });
});
