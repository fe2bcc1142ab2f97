/**
 * Semantic highlighting of `${{ … }}` over a real LSP connection (issue 16): the tokens decoded
 * back to the text they cover, so each part's type is checked at its exact place, in every way a
 * scalar can be written (plain, quoted with escapes, block, flow, list), and in broken files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SemanticTokensRangeRequest, SemanticTokensRequest, type Range, type SemanticTokensLegend } from 'vscode-languageserver-protocol/node';
import { SAMPLE } from './lsp/fixtures';
import { startHarness, type Harness } from './lsp/harness';

let h: Harness;
let legend: SemanticTokensLegend;
beforeAll(async () => {
  h = await startHarness();
  legend = h.initializeResult.capabilities.semanticTokensProvider!.legend;
});
afterAll(() => h.close());

let docs = 0;

/**
 * Opens `text` and asks for its tokens (of `range`, if given): one string per token,
 * `LINE:COL TEXT TYPE[.MODIFIER]`, where TEXT is what the decoded position and length cover.
 */
async function tokens(text: string, range?: Range): Promise<string[]> {
  const uri = `file:///work/tokens${docs++}/gantry.yml`;
  await h.open(uri, text);
  const result = range
    ? await h.client.sendRequest(SemanticTokensRangeRequest.type, { textDocument: { uri }, range })
    : await h.client.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
  return decode(text, result?.data ?? []);
}

function decode(text: string, data: number[]): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, length, type, modifiers] = data.slice(i, i + 5);
    line += dl;
    character = dl === 0 ? character + dc : dc;
    const mods = legend.tokenModifiers.filter((_, bit) => modifiers & (1 << bit));
    out.push(`${line}:${character} ${lines[line].slice(character, character + length)} ${[legend.tokenTypes[type], ...mods].join('.')}`);
  }
  return out;
}

/** The tokens of one line: the first line of `text` holding `needle`. */
function onLine(all: string[], text: string, needle: string): string[] {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`"${needle}" not in text`);
  return all.filter((t) => t.startsWith(`${line}:`)).map((t) => t.slice(t.indexOf(':') + 1));
}

type Part = [text: string, type: string];

/**
 * What `onLine` should give: each part at its place in the line, found left to right (each
 * after the one before), so every token must cover exactly that text and no more.
 */
function expected(text: string, needle: string, parts: Part[]): string[] {
  const line = text.split('\n').find((l) => l.includes(needle))!;
  let from = 0;
  return parts.map(([part, type]) => {
    const column = line.indexOf(part, from);
    if (column < 0) throw new Error(`"${part}" not in "${line}" after ${from}`);
    from = column + part.length;
    return `${column} ${part} ${type}`;
  });
}

const matrix = (key: string): Part[] => [['${{', 'keyword'], ['matrix', 'namespace'], ['.', 'operator'], [key, 'parameter'], ['}}', 'keyword']];
const output = (task: string, name: string): Part[] => [
  ['${{', 'keyword'],
  ['needs', 'namespace'],
  ['.', 'operator'],
  [task, 'function'],
  ['.', 'operator'],
  ['outputs', 'namespace'],
  ['.', 'operator'],
  [name, 'property'],
  ['}}', 'keyword'],
];

describe('semantic tokens', () => {
  it('advertises a legend of standard types, full and range', () => {
    const provider = h.initializeResult.capabilities.semanticTokensProvider!;
    expect(provider.full).toBe(true);
    expect(provider.range).toBe(true);
    expect(legend.tokenTypes).toEqual(['keyword', 'operator', 'namespace', 'function', 'class', 'parameter', 'enumMember', 'property', 'variable']);
    expect(legend.tokenModifiers).toEqual(['readonly']);
  });

  it('types each part of matrix and needs expressions at its exact place', async () => {
    const all = await tokens(SAMPLE);
    // `    run: echo ${{ matrix.shard }} ${{ needs.build.outputs.version }}`
    const line = onLine(all, SAMPLE, 'matrix.shard');
    expect(line).toEqual(expected(SAMPLE, 'matrix.shard', [...matrix('shard'), ...output('build', 'version')]));
    // The columns themselves, once by hand.
    expect(line.slice(0, 4)).toEqual(['14 ${{ keyword', '18 matrix namespace', '24 . operator', '25 shard parameter']);
    // Nothing but the expressions.
    expect(all).toHaveLength(14);
  });

  it('stays exact in quoted scalars with escapes, block scalars, flow mappings, lists and after non-ASCII text', async () => {
    const text = [
      'version: 1',
      'defaults:',
      '  image: busybox',
      '  env: { WHERE: "${{ env.HOME }}" }', // inherited by both tasks, coloured once
      'tasks:',
      '  build:',
      '    outputs: [version, digest]',
      '    run: echo',
      '  test:',
      '    needs: [build]',
      '    matrix: { os: [linux, mac], shard: [1, 2] }',
      '    outputs: [r]',
      '    run: |',
      '      echo "héllo 🚀" ${{ matrix.os }}',
      '      echo ${{matrix.shard}} and ${{ needs.build.outputs.version }}',
      '    command: ["a\\"b\\t\\u00e9 ${{ matrix.os }}", \'it\'\'s ${{ matrix.shard }}\']',
      '    env: { A: "\\\\${{ needs.build.outputs.digest }}", B: x }',
      '  report:',
      '    needs: [test]',
      '    env:',
      '      ONE: "${{ needs.test[os=linux,shard=1].outputs.r }}"',
      "      TWO: ${{ needs['test[os=mac, shard=2]'].outputs.r }}",
      '    run: >-',
      '      folded',
      '      ${{ needs["test"].outputs.r }}',
      '',
    ].join('\n');
    const all = await tokens(text);
    const expect_ = (needle: string, parts: Part[]) => expect(onLine(all, text, needle)).toEqual(expected(text, needle, parts));

    expect_('env.HOME', [['${{', 'keyword'], ['env', 'namespace'], ['.', 'operator'], ['HOME', 'variable.readonly'], ['}}', 'keyword']]);
    // After `é` and an emoji (two UTF-16 units): LSP columns count UTF-16 units, as the parser's ranges do.
    expect_('🚀', matrix('os'));
    expect(onLine(all, text, '🚀')[0]).toBe(`${'      echo "héllo 🚀" '.length} \${{ keyword`);
    expect_('{{matrix.shard}}', [...matrix('shard'), ...output('build', 'version')]);
    // Escapes before an expression in a double-quoted scalar; a doubled quote in a single-quoted one.
    expect_('command:', [...matrix('os'), ...matrix('shard')]);
    expect_('outputs.digest', output('build', 'digest'));
    const selector = (values: [string, string]): Part[] => [
      ['[', 'operator'],
      ['os', 'parameter'],
      ['=', 'operator'],
      [values[0], 'enumMember'],
      [',', 'operator'],
      ['shard', 'parameter'],
      ['=', 'operator'],
      [values[1], 'enumMember'],
      [']', 'operator'],
    ];
    expect_('ONE:', [['${{', 'keyword'], ['needs', 'namespace'], ['.', 'operator'], ['test', 'function'], ...selector(['linux', '1']), ...output('test', 'r').slice(4)]);
    expect_('TWO:', [
      ['${{', 'keyword'],
      ['needs', 'namespace'],
      ["['", 'operator'],
      ['test', 'function'],
      ...selector(['mac', '2']),
      ["'].", 'operator'],
      ...output('test', 'r').slice(5),
    ]);
    expect_('needs["test"]', [['${{', 'keyword'], ['needs', 'namespace'], ['["', 'operator'], ['test', 'function'], ['"].', 'operator'], ...output('test', 'r').slice(5)]);
    // Sorted, one token per place: the defaults' expression appears once though two tasks inherit it.
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((t) => t.endsWith('variable.readonly'))).toHaveLength(1);
    const order = all.map((t) => t.split(' ')[0].split(':').map(Number));
    for (let i = 1; i < order.length; i++) expect(order[i][0] - order[i - 1][0] || order[i][1] - order[i - 1][1]).toBeGreaterThan(0);
  });

  it('gives the tokens of the lines asked for', async () => {
    const line = SAMPLE.split('\n').findIndex((l) => l.includes('matrix.shard'));
    const inRange = await tokens(SAMPLE, { start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    expect(inRange).toHaveLength(14);
    expect(await tokens(SAMPLE, { start: { line: 0, character: 0 }, end: { line: line - 1, character: 0 } })).toEqual([]);
  });

  it('colours names the checks flag as what they stand for, and a service as the outline does', async () => {
    const text = `version: 1
services:
  db: { image: busybox, run: sleep 1 }
tasks:
  a:
    image: busybox
    needs: [db]
    run: echo \${{ matrix.nope }} \${{ needs.ghost.outputs.x }} \${{ needs.db.outputs.y }}
`;
    const all = await tokens(text);
    expect(onLine(all, text, 'nope')).toEqual(
      expected(text, 'nope', [...matrix('nope'), ...output('ghost', 'x'), ...output('db', 'y').map(([t, type]): Part => [t, t === 'db' ? 'class' : type])]),
    );
  });

  it('colours what can be read in files with errors, and nothing of malformed expressions', async () => {
    // A YAML syntax error further down, an unknown form and an unclosed one, a CRLF line end.
    const text = [
      'version: 1',
      'tasks:',
      '  a:',
      '    image: busybox',
      '    matrix: { k: [1] }',
      '    run: echo ${{ matrix.k }} ${{ bogus.thing }} ${{ matrix.k',
      '    env: { X: "${{ matrix.k }}" }\r',
      '  b: [unclosed',
      '    run: ${{ matrix.z }}',
      '',
    ].join('\n');
    const diagnostics = await h.open('file:///work/broken/gantry.yml', text);
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['invalid-expression', 'unclosed-expression']));
    const all = await tokens(text);
    expect(onLine(all, text, 'bogus')).toEqual(expected(text, 'bogus', matrix('k')));
    expect(onLine(all, text, 'X:')).toEqual(expected(text, 'X:', matrix('k')));
    expect(h.logged).toEqual([]);

    // Not a batch file at all: no tokens, no failure.
    expect(await tokens('- just\n- a list ${{ matrix.x }}\n')).toEqual([]);
    expect(await tokens('')).toEqual([]);
    expect(await tokens('version: 1\ntasks:\n  a: { image: x, run: "${{ matrix.k }}\n')).toBeInstanceOf(Array);
    expect(h.logged).toEqual([]);
  });
});
