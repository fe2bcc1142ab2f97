/**
 * Reading the next version of a document (the language server, as the user types): units the
 * edit left as they were are taken over from the previous parse; whatever is taken over, the
 * result must be exactly what a fresh parse of the new text gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBatchFile, type ParseResult } from '../core/parse';
import { validate } from '../core/validate';
import { plain } from './support/plain';

function reparse(before: string, after: string): { previous: ParseResult; next: ParseResult } {
  const previous = parseBatchFile(before, { reusable: true });
  const next = parseBatchFile(after, { reusable: true, previous });
  const fresh = parseBatchFile(after);
  expect(next.diagnostics).toEqual(fresh.diagnostics);
  expect(next.file).toEqual(fresh.file);
  expect(plain(next.file)).toEqual(plain(fresh.file));
  return { previous, next };
}

const V1 = [
  'version: 1',
  'defaults: { image: busybox }',
  'tasks:',
  '  a: { run: x, cpus: 0 }',
  '  b:',
  '    run: echo ${{ matrix.shard }}',
  '    estimate: 10s',
  '  c: { run: x, needs: [a] }',
  '',
].join('\n');

describe('parse of an edited text, with the previous parse', () => {
  it('takes over the units before and after a change within a line, problems included', () => {
    const { next } = reparse(V1, V1.replace('estimate: 10s', 'estimate: 120s'));
    // a before the change (with its problem), c after it (only its offsets moved); b is read again.
    expect(next.reusable!.takenOver).toBe(2);
    expect(next.diagnostics.map((d) => d.code)).toEqual(['invalid-cpus']);
    expect(next.file!.tasks[1].estimate).toBe(120_000);
  });

  it('takes over every task after a change above them that keeps the lines', () => {
    const before = V1.replace('version: 1\n', 'version: 1\nname: one\n');
    const { next } = reparse(before, before.replace('name: one', 'name: a longer name'));
    expect(next.reusable!.takenOver).toBe(3);
    expect(next.diagnostics.map((d) => d.code)).toEqual(['invalid-cpus']);
  });

  it('reads the tasks after a change again when the defaults moved, even to a line of the same length', () => {
    const before = 'version: 1\ndefaults: { image: x, env: { A: "${{ matrix.m }}" } }\nname: n\ntasks:\n  a: { run: x }\n';
    const after = 'version: 1\nname: n\ndefaults: { image: x, env: { A: "${{ matrix.m }}" } }\ntasks:\n  a: { run: x }\n';
    const { next } = reparse(before, after);
    expect(next.reusable!.takenOver).toBe(0);
    // The inherited expression points at the defaults where they are now.
    expect(next.file!.tasks[0].expressions[0].range.start.line).toBe(2);
  });

  it('reads everything again after a change to the defaults', () => {
    const { next } = reparse(V1, V1.replace('image: busybox', 'image: alpine'));
    expect(next.reusable!.takenOver).toBe(0);
    expect(next.file!.tasks.map((t) => t.image)).toEqual(['alpine', 'alpine', 'alpine']);
  });

  it('never takes over a unit read with defaults written after it', () => {
    // The first version reads its tasks after the defaults at its end; the second has none.
    const late = 'version: 1\ntasks:\n  a: { run: x }\ndefaults: { image: late }\n';
    const { next } = reparse(late, 'version: 1\ntasks:\n  a: { run: x }\n');
    expect(next.diagnostics.map((d) => d.code)).toEqual(['missing-image']);
    // …and the other way round.
    reparse('version: 1\ntasks:\n  a: { run: x }\n', late);
  });

  it('reads again the units after an inserted line (their positions moved)', () => {
    const { next } = reparse(V1, V1.replace('  b:\n', '  z: { run: new }\n  b:\n'));
    expect(next.file!.tasks.map((t) => `${t.name}@${t.nameRange.start.line}`)).toEqual(['a@3', 'z@4', 'b@5', 'c@8']);
    // a as it was; z, b and c read.
    expect(next.reusable!.takenOver).toBe(1);
    expect(reparse(V1, `# a comment\n${V1}`).next.reusable!.takenOver).toBe(0);
  });

  it('gives validate the same diagnostics over a run of edits', () => {
    let text = V1;
    let previous = validate(text, { reusable: true });
    for (const [from, to] of [
      ['needs: [a]', 'needs: [a, b]'],
      ['needs: [a, b]', 'needs: [a, c]'],
      ['cpus: 0', 'cpus: 1'],
      ['  c: {', '  c2: {'],
    ]) {
      text = text.replace(from, to);
      const next = validate(text, { reusable: true, previous });
      expect(next.diagnostics).toEqual(validate(text).diagnostics);
      previous = next;
    }
    // b reads a matrix it does not have; c2 (renamed from c) needs c, which is gone.
    expect(previous.diagnostics.map((d) => d.code)).toEqual(['expression-matrix-unknown', 'needs-unknown']);
  });
});

describe('parse of an edited large text (the unchanged start and end are found a block at a time)', () => {
  const big = ['version: 1', 'tasks:', ...Array.from({ length: 400 }, (_, i) => `  t${i}:\n    run: echo ${i}\n    estimate: ${(i % 50) + 1}s`), ''].join('\n');

  it('gives what a fresh parse gives for edits at, and one character around, every block edge', () => {
    expect(big.length).toBeGreaterThan(4 * 4096);
    const places = [0, 1, 4095, 4096, 4097, 8191, 8192, 8193, big.length >> 1];
    for (const from of [...places, ...places.map((p) => big.length - p)]) {
      const at = Math.max(0, Math.min(from, big.length - 1));
      // Any character removed or added there, and a line added (every later line moves).
      reparse(big, big.slice(0, at) + big.slice(at + 1));
      reparse(big, big.slice(0, at) + 'x' + big.slice(at));
      const line = big.lastIndexOf('\n', at) + 1;
      reparse(big, `${big.slice(0, line)}# note\n${big.slice(line)}`);
      // An estimate changed within its line: every other task is taken over (the test is not vacuous).
      const unit = big.indexOf('s\n', Math.min(at, big.length - 20));
      if (unit < 0) continue;
      const { next } = reparse(big, `${big.slice(0, unit)}0${big.slice(unit)}`);
      expect(next.reusable!.takenOver).toBe(399);
    }
  });
});

describe('parse of edited texts, at random', () => {
  // A file in the fast path's subset (so its units are read while composing, and can be taken
  // over), with problems of several kinds, services, defaults and expressions.
  const base = [
    'version: 1',
    'name: fuzz',
    'defaults: { image: busybox, env: { A: "${{ matrix.m }}" }, retries: 1 }',
    'services:',
    '  db: { run: serve, health: { run: check, interval: 1s } }',
    'tasks:',
    ...Array.from({ length: 24 }, (_, i) => {
      const needs = i === 0 ? '[db]' : `[t${i - 1}${i % 5 === 0 ? ', nope' : ''}]`;
      const extra = i % 7 === 3 ? ', cpus: 0' : i % 7 === 5 ? ', matrix: { m: [1, 2] }' : '';
      return `  t${i}:\n    needs: ${needs}\n    run: echo ${i} "\${{ needs.t${Math.max(0, i - 1)}.outputs.v }}"${extra ? `\n    ${extra.slice(2)}` : ''}\n    estimate: ${i + 1}s`;
    }),
    '',
  ].join('\n');

  it('gives what a fresh parse gives, over chains of edits', () => {
    const edit = fc.record({
      at: fc.nat(base.length),
      cut: fc.oneof(fc.constant(0), fc.nat(6)),
      insert: fc.string({ maxLength: 6, unit: fc.constantFrom(...'ab1 :\n#-[],'.split('')) }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        let text = base;
        let previous = parseBatchFile(text, { reusable: true });
        for (const e of edits) {
          const at = Math.min(e.at, text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
          const next = parseBatchFile(text, { reusable: true, previous });
          const fresh = parseBatchFile(text);
          expect(plain(next.diagnostics)).toEqual(plain(fresh.diagnostics));
          expect(plain(next.file)).toEqual(plain(fresh.file));
          previous = next;
        }
      }),
      { numRuns: 100 },
    );
  });

  it('takes units over on most of those edits (the test above is not vacuous)', () => {
    // The base file reads in the fast path, and an edit within a line keeps the other tasks.
    const previous = parseBatchFile(base, { reusable: true });
    expect(previous.reusable?.size).toBe(25);
    expect(parseBatchFile(base.replace('estimate: 3s', 'estimate: 30s'), { reusable: true, previous }).reusable!.takenOver).toBe(24);
    // An added line: the service and the tasks before it are kept, those after it read again.
    expect(parseBatchFile(base.replace('estimate: 3s', 'estimate: 3s\n    timeout: 1m'), { reusable: true, previous }).reusable!.takenOver).toBe(3);
  });
});
