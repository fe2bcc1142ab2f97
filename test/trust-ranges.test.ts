/**
 * Trust boundary: whatever text arrives — half typed, mangled, from another platform — every
 * diagnostic (and every quick fix) `validate()` gives, and what the language server sends for it,
 * lies inside the document: a line that exists, a character within that line (UTF-16 code units,
 * as LSP counts them, line ends not included), start no later than end. Lines end at `\n`, `\r\n`
 * or a `\r` alone, as LSP (and every editor) counts them.
 *
 * The fuzz is seeded, so CI runs the same cases every time; set GANTRY_FUZZ_SEED to explore.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Range } from '../core/diagnostics';
import { validate } from '../core/validate';
import { toLspDiagnostic } from '../extension/src/server/providers/diagnostics';
import { URI } from './lsp/fixtures';
import { startHarness } from './lsp/harness';

const SEED = Number(process.env.GANTRY_FUZZ_SEED ?? 20240611);

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** Valid (or nearly valid) batch files in many styles: the material the mutations work on. */
const BASES: string[] = [
  read('./fixtures/full.gantry.yml'),
  read('../examples/build-and-test.gantry.yml'),
  read('../examples/fan-out-data.gantry.yml'),
  read('../examples/integration-with-service.gantry.yml'),
  'version: 1\ntasks:\n  a: { image: busybox, run: "true" }\n  b: { image: busybox, needs: [a, c], run: echo ${{ needs.a.outputs.x }} }\n',
  'version: 1\ndefaults: &d\n  image: busybox\ntasks:\n  a:\n    <<: *d\n    run: x\n  b: *d\n  c:\n    image: *d\n',
  'version: 1\ntasks:\n  a:\n    image: busybox\n    run: |\n      echo "${{ matrix.x }}"\n      echo ${{ needs.zz.outputs.q\n    matrix:\n      x: [1, 1, [2], {a: b}]\n',
  '---\nversion: 1\ntasks: {}\n---\nversion: 2\n...\n',
  'version: 1\ntasks:\n  "ünïcödé": { image: "busybox", run: "😀 ${{ matrix.é }}" }\n  𝒜𝒷: { image: 🐳, cpus: 🚀, memory: 1Q, timeout: 600h }\n',
  'version: 1\nservices:\n  db:\n    image: postgres\n    health: { run: pg_isready, interval: 0s, timeout: 999999h, start-period: 1x }\n    needs: [db]\ntasks:\n  t: { image: x, needs: [db, t], retries: { count: -1, backoff: 600h, memory-factor: 0.5 } }\n',
  'version: 1\ntasks:\n  a:\n\timage: busybox\n  b:\n    image: \'it\'\'s\'\n    run: "unterminated\n',
  'version: 1\ncapacity: { cpus: 0, memory: 1Ki, parallel: 0 }\ntasks:\n  big: { image: x, cpus: 64, memory: 1Ti }\n  ? complex\n  : value\n',
  'version: 1\ntasks:\n  a:\n    image: x\n    volumes: ["data:/d", "bad", "/etc:/etc:rx", ".:/src:ro"]\n    env: { 1BAD: x, OK: "${{ nope }}" }\n    workdir: relative\n    if: sometimes\n    network: bridge\n',
  '',
  '\n\n\n',
  '# only a comment',
  'version: 1\ntasks:\n  a: !!binary aGk=\n  b: !custom { image: x }\n  c: [1, 2\n',
  'version: 1\ntasks:\n  a:\n    image: x\n    run: >-\n      folded\n      text\n    command: [sh, -c, "x"]\n',
  'version: 1\ndefaults: { image: busybox }\ntasks:\n  a:\n    needs:\n      - b\n      - a\n      - b\n  b:\n    needs: [c, a, b]\n  c:\n    needs:\n    - a\n    - zz\n',
  'version: 1\ndefaults:\n  image: busybox\n  env: { X: "${{ matrix.q }}" }\n  workdir: "${{ needs.a.outputs.o }}"\nservices:\n  s: { health: { run: x } }\ntasks:\n  a: { outputs: [o, o, 1x], run: "${{ matrix.y }}" }\n',
];

/** Pieces the mutations insert: YAML punctuation, line ends, odd spaces, wide and astral characters. */
const PIECES = [
  '\t', ' ', '  ', '    ', '\n', '\r\n', '\r', '\r\r', ':', ': ', '- ', '-', '[', ']', '{', '}', ',', '"', "'", '#', ' # c',
  '&a ', '*a', '&x', '*x', '!', '!!str ', '|', '>', '|-\n  x', '? ', '---', '\n---\n', '\n...\n', '%YAML 1.2\n', '@', '`',
  '\u00e9', '\u4e2d\u6587', '\ud83d\ude00', '\ud835\udc9c', '\u200b', '\u00a0', '\u2028', '\u2029', '\u0085', '\ufeff', '\ufffd',
  '${{', '}}', '${{ matrix.x }}', '${{ needs.a.outputs.b }}', 'image: x', 'needs: [a]', 'timeout: 600h', 'tasks:', 'x: [',
  '"\\u00e9"', '"\\x', '\\', '  \n', '\t\n', ' \r\n',
];

type Mutation =
  | { kind: 'insert'; at: number; piece: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'indent'; line: number; by: number; tab: boolean }
  | { kind: 'trailing'; line: number; spaces: number }
  | { kind: 'duplicate'; line: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.nat(PIECES.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }), tab: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trailing' as const), line: fc.nat(), spaces: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }) },
);

function mutate(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'insert': {
      const at = text.length ? m.at % (text.length + 1) : 0;
      return text.slice(0, at) + PIECES[m.piece] + text.slice(at);
    }
    case 'delete': {
      if (!text.length) return text;
      const at = m.at % text.length;
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'truncate':
      return text.slice(0, text.length ? m.at % (text.length + 1) : 0);
    default: {
      const lines = text.split('\n');
      const i = m.line % lines.length;
      if (m.kind === 'indent') {
        lines[i] = m.by >= 0 ? (m.tab ? '\t' : ' ').repeat(m.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.by}}`), '');
      } else if (m.kind === 'trailing') lines[i] += ' '.repeat(m.spaces);
      else lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
  }
}

/** How the whole file's line ends are written (applied after the mutations, which mostly insert `\n`). */
const EOLS = ['\n', '\n', '\r\n', '\r', 'mixed'] as const;

function withLineEnds(text: string, eol: (typeof EOLS)[number], pick: number): string {
  if (eol === '\n') return text;
  let n = pick;
  return text.replace(/\r\n|\n/g, () => (eol === 'mixed' ? ['\n', '\r\n', '\r'][(n = (n * 7 + 3) % 11) % 3] : eol));
}

/** Lines of YAML-ish tokens at random indentations: shapes no mutation of a valid file reaches. */
const TOKENS = ['version', 'tasks', 'services', 'volumes', 'defaults', 'a', 'b', 'image', 'run', 'needs', 'matrix', 'health', 'x', '1', '600h', '-', ':', '[', ']', '{', '}', ',', '"', "'", '&a', '*a', '|', '>', '#', '?', '!t', '😀', 'é', '\t', '${{', '}}'];
const soup = fc
  .array(fc.record({ indent: fc.nat(6), tokens: fc.array(fc.constantFrom(...TOKENS), { maxLength: 6 }) }), { maxLength: 12 })
  .map((lines) => lines.map((l) => ' '.repeat(l.indent) + l.tokens.join(' ')).join('\n'));

const batchFile = fc
  .record({
    base: fc.oneof({ weight: 4, arbitrary: fc.nat(BASES.length - 1).map((i) => BASES[i]) }, { weight: 1, arbitrary: soup }),
    mutations: fc.array(mutation, { maxLength: 6 }),
    eol: fc.constantFrom(...EOLS),
    pick: fc.nat(1000),
    bom: fc.boolean(),
  })
  .map(({ base, mutations, eol, pick, bom }) => {
    let text = base;
    for (const m of mutations) text = mutate(text, m);
    text = withLineEnds(text, eol, pick);
    return (bom ? '\ufeff' : '') + text;
  });

/** The document's lines as LSP sees them: split at `\r\n`, `\r` and `\n`. */
export function lspLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Why `range` is not inside the document of `lines`, or undefined when it is. */
export function outside(lines: readonly string[], range: Range): string | undefined {
  for (const [name, p] of [['start', range.start], ['end', range.end]] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `${name} is not whole numbers`;
    if (p.line < 0 || p.line >= lines.length) return `${name} line ${p.line} of ${lines.length} lines`;
    if (p.character < 0 || p.character > lines[p.line].length) return `${name} character ${p.character} on a line of ${lines[p.line].length}`;
  }
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return 'start after end';
  return undefined;
}

/** Every problem with the ranges of `text`'s diagnostics, their fixes and what the server sends. */
function rangeProblems(text: string, options: { slowYaml?: boolean } = {}): string[] {
  const lines = lspLines(text);
  const problems: string[] = [];
  const check = (what: string, d: Diagnostic, range: Range) => {
    const why = outside(lines, range);
    if (why) problems.push(`${d.code} ${what} ${JSON.stringify(range)}: ${why}`);
  };
  for (const d of validate(text, { ...options, graph: false, machine: { cpus: 4, memory: 8 * 2 ** 30 } }).diagnostics) {
    check('range', d, d.range);
    for (const fix of d.fixes ?? []) check(`fix "${fix.title}"`, d, fix.range);
    check('as sent by the server', d, toLspDiagnostic(d).range);
  }
  return problems;
}

describe('every diagnostic range lies inside the document', () => {
  // One per cause found by the fuzz below (each gave a range outside the document before).
  it.each([
    // yaml's errors at the end of the text point one character past it.
    ['a quote left open at the end', "version: 1\ntasks:\n  a:\n    image: 'i"],
    ['a flow sequence left open at the end', 'version: 1\ntasks: { a: ['],
    ['a lone bracket', '['],
    // yaml's Parser reports no line break inside a token it cannot place, so later lines were numbered too low.
    ['a stray scalar over two lines', '  ---\nversion: 1\nversion: 1\nta\nsks: {}\n'],
    // Positions between the `\r` and the `\n` of a line break: one past the line's end.
    ['a second document after CRLF lines', '# c\r\nversion: 1\r\n---\r\nversion: 2\r\n'],
    ['a flow collection broken at a CRLF', 'version: 1\r\ncapacity: { cpus: 0, x: [ memory: 1Ki }\r\ntasks:\r\n'],
    ['an expression left open at a CRLF', 'version: 1\r\ntasks:\r\n  a:\r\n    image: x\r\n    run: |\r\n      echo ${{ needs.a\r\n'],
    // A `\r` alone ends a line, but was read as a character of one long line.
    ['CR-only line ends', 'version: 1\rtasks:\r  a:\r    image: x\r    needs: [b]\r'],
  ])('for %s', (_, text) => {
    expect(rangeProblems(text)).toEqual([]);
    expect(rangeProblems(text, { slowYaml: true })).toEqual([]);
  });

  it('for fuzzed batch files (seeded)', () => {
    fc.assert(
      fc.property(batchFile, (text) => {
        expect(rangeProblems(text), JSON.stringify(text)).toEqual([]);
      }),
      { seed: SEED, numRuns: 1200 },
    );
  });

  it('for the same files read by the yaml package alone', () => {
    fc.assert(
      fc.property(batchFile, (text) => {
        expect(rangeProblems(text, { slowYaml: true }), JSON.stringify(text)).toEqual([]);
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it('for each version of a document edited in the language server (reusing the last validation)', () => {
    const session = fc.record({ text: batchFile, edits: fc.array(fc.array(mutation, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 5 }) });
    fc.assert(
      fc.property(session, ({ text, edits }) => {
        let previous = validate(text, { reusable: true, graph: false });
        for (const edit of edits) {
          text = edit.reduce(mutate, text);
          previous = validate(text, { reusable: true, graph: false, previous });
          const lines = lspLines(text);
          const problems = previous.diagnostics.map((d) => outside(lines, toLspDiagnostic(d).range)).filter(Boolean);
          expect(problems, JSON.stringify(text)).toEqual([]);
        }
      }),
      { seed: SEED + 2, numRuns: 100 },
    );
  });

  it('as the language server publishes them, over a real LSP connection', async () => {
    const h = await startHarness();
    try {
      const texts = fc.sample(batchFile, { seed: SEED + 3, numRuns: 40 });
      let first = true;
      for (const text of texts) {
        const diagnostics = first ? await h.open(URI, text) : await h.change(URI, text);
        first = false;
        const lines = lspLines(text);
        expect(diagnostics.map((d) => outside(lines, d.range)).filter(Boolean), JSON.stringify(text)).toEqual([]);
      }
    } finally {
      h.close();
    }
  });

  it('for every prefix of the examples, with each kind of line end', () => {
    for (const base of BASES.slice(0, 1)) {
      for (const eol of ['\n', '\r\n', '\r'] as const) {
        const text = withLineEnds(base, eol, 0);
        for (let end = 0; end <= text.length; end += 11) {
          const prefix = text.slice(0, end);
          expect(rangeProblems(prefix), JSON.stringify(prefix)).toEqual([]);
        }
      }
    }
  });
});
