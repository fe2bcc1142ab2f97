/**
 * core/yaml-fast.ts must compose exactly what `yaml` composes (node kinds, values, scalar types,
 * formats, ranges, document range, line starts) or decline. Checked on the repository's batch
 * files, generated files, random documents of the subset, random edits, and a list of inputs
 * outside the subset; and parseBatchFile must give the same result with and without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Composer, isMap, isPair, isScalar, isSeq, LineCounter, Parser } from 'yaml';
import type { Document } from 'yaml';
import { generateBatchFile } from '../bench/lsp/generate';
import { parseBatchFile } from '../core/parse';
import { composeFast } from '../core/yaml-fast';
import { plain } from './support/plain';

/** yaml's own composition, with the options core/parse.ts uses. */
function slow(text: string): { doc: Document.Parsed; lineStarts: number[]; docs: number } {
  const lc = new LineCounter();
  const docs = [...new Composer({ uniqueKeys: false, prettyErrors: false }).compose(new Parser(lc.addNewLine).parse(text), true, text.length)];
  return { doc: docs[0], lineStarts: lc.lineStarts, docs: docs.length };
}

/** Everything of a node that Gantry (or anyone walking the tree) can observe, as plain data. */
function shape(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isPair(node)) return { pair: [shape(node.key), shape(node.value)] };
  if (isMap(node) || isSeq(node)) {
    return { kind: isMap(node) ? 'map' : 'seq', flow: !!node.flow, range: node.range, tag: node.tag, anchor: node.anchor, items: node.items.map(shape) };
  }
  if (isScalar(node)) {
    const s = node as typeof node & { minFractionDigits?: number };
    const value = typeof s.value === 'number' && Number.isNaN(s.value) ? 'NaN' : s.value;
    return { kind: 'scalar', value, type: s.type, source: s.source, format: s.format, minFractionDigits: s.minFractionDigits, tag: s.tag, anchor: s.anchor, range: s.range };
  }
  return { other: String(node) };
}

/** Asserts the fast path declines or agrees with yaml; returns whether it accepted. */
function agrees(text: string): boolean {
  const lc = new LineCounter();
  const fast = composeFast(text, lc);
  if (!fast) {
    expect(lc.lineStarts).toEqual([]);
    return false;
  }
  const ref = slow(text);
  expect(ref.docs, 'one document').toBe(1);
  expect(ref.doc.errors.map((e) => e.message), 'yaml found no errors').toEqual([]);
  expect(ref.doc.warnings.map((e) => e.message), 'yaml found no warnings').toEqual([]);
  expect(fast.errors).toEqual([]);
  expect(fast.warnings).toEqual([]);
  expect(shape(fast.contents)).toEqual(shape(ref.doc.contents));
  expect(fast.range).toEqual(ref.doc.range);
  expect(lc.lineStarts).toEqual(ref.lineStarts);
  // The public API on the fast document works as on yaml's.
  expect(fast.toJS()).toEqual(ref.doc.toJS());
  return true;
}

/** parseBatchFile's whole output is the same with the fast path and without it. */
function sameParse(text: string): void {
  const fast = parseBatchFile(text);
  const slowResult = parseBatchFile(text, { slowYaml: true });
  expect(fast.diagnostics).toEqual(slowResult.diagnostics);
  expect(fast.file).toEqual(slowResult.file);
  expect(plain(fast.file)).toEqual(plain(slowResult.file));
  expect(fast.lineCounter.lineStarts).toEqual(slowResult.lineCounter.lineStarts);
}

const read = (url: URL): string => readFileSync(url, 'utf8');
const examplesDir = new URL('../examples/', import.meta.url);
const files: Array<[string, string]> = [
  ['test/fixtures/full.gantry.yml', read(new URL('./fixtures/full.gantry.yml', import.meta.url))],
  ...readdirSync(examplesDir)
    .filter((f) => f.endsWith('.yml'))
    .map((f): [string, string] => [`examples/${f}`, read(new URL(f, examplesDir))]),
];

/** The same file with every block scalar folded into a one-line double-quoted value, so the fast path reads it. */
function withoutBlockScalars(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*(?:- )?[\w-]+:) [|>]-?\s*$/.exec(lines[i]);
    if (!m) {
      out.push(lines[i]);
      continue;
    }
    const indent = /^\s*/.exec(lines[i])![0].length;
    const body: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || /^\s*/.exec(lines[i + 1])![0].length > indent)) body.push(lines[++i].trim());
    out.push(`${m[1]} ${JSON.stringify(body.filter(Boolean).join('; '))}`);
  }
  return out.join('\n');
}

describe('composeFast agrees with yaml', () => {
  it.each(files)('%s (as written, and with block scalars folded)', (_name, text) => {
    agrees(text);
    sameParse(text);
    const folded = withoutBlockScalars(text);
    expect(agrees(folded), 'the folded file is in the subset').toBe(true);
    expect(agrees(folded.replace(/\n/g, '\r\n')), 'and with CRLF').toBe(true);
    sameParse(folded);
  });

  it.each([1, 2, 10, 200, 2000])('generated file with %i tasks', (n) => {
    const text = generateBatchFile(n, n);
    expect(agrees(text)).toBe(true);
    sameParse(text);
  });

  it('hand-picked cases of ranges, trivia and scalar resolution', () => {
    const cases = [
      'a: 1   # c\n\nb:\n  - x\n  - y\n\n# comment\nc: {k: v}\n',
      'a:\nb: x\n',
      'a:\n  b: 1\n\n  # c\n\nd: 2',
      '# lead\n\na: 1\n',
      'a:\n',
      'a:',
      'a: 1\n  # c\n\n',
      'a:\n\n\n',
      'a:\n  b:\n\n',
      'x:\n  - a\n  # c\n\ny: 1',
      'x:\n  - a\n   # deeper\n\n  # same\n# less\ny: 1',
      'x:\n  y:\n    - a\n  # c\nz: 1\n',
      'x:\n  y:\n    z: 1\n      # c\n    # d\n  # e\n',
      'k: { a: 1 , b: [x ,y] }  # c\n',
      'a: 1  \r\nb:  \r\nc: [x , y]\r\n  # c\r\n',
      '<<: 1\n1.0: 0x1F\n~: True\nx: .5e3\ny: 08\nz: 0o17\nw: -.inf\nv: 1_000\nu: +12\nt: .NaN\ns: 1.50\nr: 1e3\nq: TRUE\np: yes\no: NULL\nn: 0.\nm: -0\nl: .5',
      'needs:\n- a\n- b\nnext: 1\n',
      'list:\n  - - a\n    - b\n  - - c\n',
      'list:\n  - a: 1\n    b: [2]\n  - c: 3\n',
      '"quoted key": \'it\'\'s\'\nesc: "a\\tb\\u00e9\\x41\\"\\\\ \\/"\nempty: ""\nsq: \'\'\n',
      'url: http://example.com/a#b\nhash: a#b\ncolon: a:b\ndash: -x\nq: ?x\nbraces: echo {a,b} [c]\n',
      'a: [ ]\nb: {}\nc: [[1, [2]], {x: [y]}]\nd: { "k": \'v\', n: 1.0 }\n',
      'a:     \n  b: 1\n',
      'a:   # comment\n  b: 1\n',
      'a: 1\nb: 2', // no final line break
      'x:\n    deep: 1\n    other:\n      - 1\n',
    ];
    for (const text of cases) expect(agrees(text), JSON.stringify(text)).toBe(true);
  });

  it('declines what is outside the subset', () => {
    const outside = [
      '',
      '# only a comment\n',
      'just text',
      '- a\n- b\n',
      '---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      'a: 1\n...\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: multi\n  line\n',
      'a: "multi\n  line"\n',
      "a: 'multi\n  line'\n",
      'a: [1,\n  2]\n',
      '? complex\n: key\n',
      'a:\n\tb: 1\n',
      'a: b\tc\n',
      'a: b: c\n',
      'a: [a: b]\n',
      'a: {b}\n',
      'a: {b: }\n',
      'a: [1, 2, ]\n',
      'a: [1, , 2]\n',
      'a: "x"y\n',
      'a: "\\q"\n',
      'a: @x\n',
      'a: `x`\n',
      'a: %x\n',
      'a:\n  b: 1\n c: 2\n',
      'a: 1\n  b: 2\n',
      'a:\n  - x\n  b: 1\n',
      'a:\n  # comment\nb: 1\n',
      'a: # comment\nb: 1\n',
      'a:\n- x\n-\n',
      'a:\n  -\n    b: 1\n',
      '  a: 1\n  b: 2\n',
      'a: 1\rb: 2\n',
      '\ufeffa: 1\n',
      'a: {"b":1}\n',
      `${'k'.repeat(1100)}: 1\n`,
      'a: - x\n',
    ];
    for (const text of outside) {
      const lc = new LineCounter();
      expect(composeFast(text, lc), JSON.stringify(text)).toBeUndefined();
      expect(lc.lineStarts).toEqual([]);
    }
  });
});

// ---- random documents of the subset ------------------------------------------------------------

type Tree = { map: Array<[string, Tree]> } | { seq: Tree[] } | { leaf: string } | { empty: true };

const plainWords = ['a', 'x1', 'build', 'some text', '1', '-1', '+12', '1.0', '1.50', '007', '3.', '0.500', '12345678901234567890', '1.2.3', '1..2', '0x1F', '0o17', '08', '1e3', '.5', '-.inf', '.NaN', '~', 'null', 'Null', 'NULL', 'true', 'True', 'FALSE', 'yes', 'no', 'on', '1_000', 'a:b', 'a#b', '-x', '?x', ':x', 'http://h/p#f', 'echo {a,b}', 'n', 't', 'f', 'é€😀', '${{ x.y }}'];
const flowWords = plainWords.filter((w) => !/[,{}[\]:]/.test(w));
const quotedWords = ['', 'a b', "it's", 'say "hi"', 'tab\there', 'line\nbreak', 'back\\slash', 'é', '#', ': x', '- x', '[x]', 'true', '1'];

const leaf = fc.oneof(
  fc.constantFrom(...plainWords).map((w) => `P${w}`),
  fc.constantFrom(...quotedWords).map((w) => `Q${w}`),
  fc.constantFrom(...quotedWords.filter((w) => !w.includes('\n') && !w.includes('\t'))).map((w) => `S${w}`),
);

const keyWord = fc.oneof(
  fc.constantFrom('a', 'b', 'name', 'run', 'x-y', '1', 'true', '~', 'k k', 'a:b', 'é').map((w) => `P${w}`),
  fc.constantFrom('a', 'k: v', '').map((w) => `Q${w}`),
);

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree; map: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf.map((l): Tree => ({ leaf: l })),
    fc.constant<Tree>({ empty: true }),
    tie('map'),
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((items): Tree => ({ seq: items })),
  ),
  map: fc.array(fc.tuple(keyWord, tie('node')), { minLength: 1, maxLength: 4 }).map((entries): Tree => ({ map: entries })),
})).map;

interface Style {
  indent: number;
  flowLeaves: boolean;
  compactSeq: boolean;
  comments: number;
  blank: number;
  crlf: boolean;
}

function scalarText(l: string, inFlow: boolean): string {
  const body = l.slice(1);
  if (l[0] === 'P') return inFlow && !flowWords.includes(body) ? JSON.stringify(body) : body;
  if (l[0] === 'S') return `'${body.replace(/'/g, "''")}'`;
  return JSON.stringify(body);
}

function flowText(t: Tree): string | undefined {
  if ('leaf' in t) return scalarText(t.leaf, true);
  if ('empty' in t) return undefined;
  if ('seq' in t) {
    const items = t.seq.map(flowText);
    return items.includes(undefined) ? undefined : `[${items.join(', ')}]`;
  }
  const entries = t.map.map(([k, v]) => {
    const value = flowText(v);
    return value === undefined ? undefined : `${scalarText(k, true)}: ${value}`;
  });
  return entries.includes(undefined) ? undefined : `{ ${entries.join(', ')} }`;
}

/** Renders a tree as block YAML; `rand` picks styles so shrinking keeps the text stable. */
function render(t: Tree, style: Style, rand: () => number): string {
  const lines: string[] = [];
  const trivia = (col: number): void => {
    if (rand() < style.blank) lines.push(rand() < 0.5 ? '' : ' '.repeat(Math.floor(rand() * 6)));
    if (rand() < style.comments) lines.push(`${' '.repeat(Math.max(0, col + Math.floor(rand() * 5) - 2))}# note`);
  };
  const trailing = (): string => (rand() < style.comments ? '   # trailing' : rand() < 0.2 ? '  ' : '');
  const block = (node: Tree, col: number, prefix: string, canCompact: boolean): void => {
    // `prefix` is the text before the value on the current line ("key:" or "- ").
    if ('empty' in node) {
      lines.push(prefix.endsWith(':') ? prefix : `${prefix}""`);
      return;
    }
    const flow = 'leaf' in node ? scalarText(node.leaf, false) : style.flowLeaves && rand() < 0.4 ? flowText(node) : undefined;
    if (flow !== undefined) {
      lines.push(`${prefix}${prefix.endsWith(':') ? ' ' : ''}${flow}${trailing()}`);
      return;
    }
    if (prefix.endsWith('- ')) {
      // Content on the same line as the dash.
      const inner = prefix.length;
      if ('seq' in node) {
        node.seq.forEach((item, i) => block(item, inner, i === 0 ? `${prefix}- ` : `${' '.repeat(inner)}- `, false));
      } else if ('map' in node) {
        node.map.forEach(([k, v], i) => {
          if (i > 0) trivia(inner);
          block(v, inner, `${i === 0 ? prefix : ' '.repeat(inner)}${scalarText(k, false)}:`, true);
        });
      }
      return;
    }
    if (prefix) lines.push(prefix + (rand() < style.comments / 2 ? '  # about' : ''));
    const compact = canCompact && 'seq' in node && style.compactSeq;
    const inner = prefix ? (compact ? col : col + style.indent) : col;
    trivia(inner);
    if ('seq' in node) {
      node.seq.forEach((item, i) => {
        if (i > 0) trivia(inner);
        block(item, inner + 2, `${' '.repeat(inner)}- `, false);
      });
    } else if ('map' in node) {
      node.map.forEach(([k, v], i) => {
        if (i > 0) trivia(inner);
        block(v, inner, `${' '.repeat(inner)}${scalarText(k, false)}:`, true);
      });
    }
  };
  const top: Tree = 'map' in t ? t : { map: [['Ptop', t]] };
  block(top, 0, '', false);
  trivia(0);
  const text = lines.join('\n') + (rand() < 0.8 ? '\n' : '');
  return style.crlf ? text.replace(/\n/g, '\r\n') : text;
}

const style = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  flowLeaves: fc.boolean(),
  compactSeq: fc.boolean(),
  comments: fc.constantFrom(0, 0.2, 0.5),
  blank: fc.constantFrom(0, 0.2, 0.5),
  crlf: fc.boolean(),
});

function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

describe('composeFast on random documents', () => {
  it('agrees with yaml whenever it accepts, and accepts most of the subset', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(tree, style, fc.integer(), (t, s, seed) => {
        const text = render(t, s, seeded(seed));
        total++;
        if (agrees(text)) accepted++;
      }),
      { numRuns: 1500 },
    );
    // Declining is always safe, but a fast path that declines most of its own subset is broken.
    expect(accepted / total).toBeGreaterThan(0.6);
  });

  it('agrees with yaml or declines on random edits of subset documents', () => {
    const edit = fc.record({ at: fc.nat(400), cut: fc.nat(4), insert: fc.string({ maxLength: 4, unit: fc.constantFrom(...' \n\r\t:-[]{}",\'#&*!|>?%@`$0aZ.~'.split('')) }) });
    fc.assert(
      fc.property(tree, style, fc.integer(), fc.array(edit, { minLength: 1, maxLength: 3 }), (t, s, seed, edits) => {
        let text = render(t, s, seeded(seed));
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        agrees(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives parseBatchFile the same output as yaml on random batch files', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), fc.integer(), (n, seed, cut) => {
        const text = generateBatchFile(n, seed >>> 0 || 1);
        sameParse(text);
        // A file being typed: cut anywhere.
        sameParse(text.slice(0, Math.abs(cut) % (text.length + 1)));
      }),
      { numRuns: 200 },
    );
  });
});
