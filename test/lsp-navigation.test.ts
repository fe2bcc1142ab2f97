/**
 * Document highlights that follow names, and workspace symbols (issue 16), over a real LSP
 * connection: the places a task, service or volume name refers to the same thing — never the same
 * word in a script — and every open batch file's tasks, services and volumes for Ctrl+T.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentHighlightKind, DocumentHighlightRequest, DocumentSymbolRequest, WorkspaceSymbolRequest, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver-protocol/node';
import { SAMPLE, URI } from './lsp/fixtures';
import { at, startHarness, type Harness } from './lsp/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.open(URI, SAMPLE);
});
afterEach(() => h.close());

const highlights = (position: { line: number; character: number }, uri = URI) =>
  h.client.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position });
const where = (text: string, needle: string, nth = 0) => {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
  const before = text.slice(0, index).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

describe('document highlights', () => {
  it('marks every place a task name refers to it — definition written, uses read — and not the word elsewhere', async () => {
    // A file where the word `build` is also in a script and a key's value.
    const text = `version: 1
tasks:
  build:
    image: busybox
    run: echo build
    outputs: [v]
  test:
    needs: [build]
    image: busybox
    run: echo \${{ needs.build.outputs.v }} build
`;
    const uri = 'file:///work/project/words/gantry.yml';
    await h.open(uri, text);
    const expected = [
      [where(text, 'build:').line, 2, 7, DocumentHighlightKind.Write],
      [where(text, '[build]').line, 12, 17, DocumentHighlightKind.Read],
      [where(text, 'needs.build').line, where(text, 'needs.build').character + 6, where(text, 'needs.build').character + 11, DocumentHighlightKind.Read],
    ];
    const shift = (p: { line: number; character: number }, n: number) => ({ line: p.line, character: p.character + n });
    // From the definition, a `needs` entry, and the name inside an expression: the same three places.
    for (const from of [shift(where(text, 'build:'), 1), shift(where(text, '[build]'), 2), shift(where(text, 'needs.build'), 8)]) {
      const found = (await highlights(from, uri)) ?? [];
      expect(found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.kind])).toEqual(expected);
    }
    // On the expression's `needs` (a context, not a name): nothing.
    expect(await highlights(shift(where(text, 'needs.build'), 2), uri)).toEqual([]);
    // The same word in a script: nothing (the editor's word highlight would mark every `build`).
    expect(await highlights({ ...where(text, 'echo build'), character: where(text, 'echo build').character + 6 }, uri)).toEqual([]);
  });

  it('follows services and volumes as well', async () => {
    const web = await highlights(at(SAMPLE, '[build, web]', 9));
    expect(web?.map((d) => d.range.start.line)).toEqual([at(SAMPLE, '  web:').line, at(SAMPLE, '[build, web]').line]);
    const work = await highlights(at(SAMPLE, '  work:', 3));
    expect(work?.map((d) => [d.range.start.line, d.kind])).toEqual([
      [at(SAMPLE, '  work:').line, DocumentHighlightKind.Write],
      [at(SAMPLE, '["work:/work"]').line, DocumentHighlightKind.Read],
      [SAMPLE.split('\n').findIndex((l, i) => i > at(SAMPLE, '["work:/work"]').line && l.includes('work:/work')), DocumentHighlightKind.Read],
    ]);
  });
});

describe('workspace symbols', () => {
  const OTHER = 'file:///work/project/ci/nightly.gantry.yml';
  const NIGHTLY = `version: 1
volumes:
  cache: {}
tasks:
  build-docs: { image: busybox, run: echo docs }
  bench: { image: busybox, run: echo bench }
`;

  it('lists the tasks, services and volumes of every open batch file, with their file and place', async () => {
    await h.open(OTHER, NIGHTLY);
    const all = (await h.client.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) as SymbolInformation[];
    expect(all.map((s) => `${s.containerName}:${s.name}`).sort()).toEqual(
      ['gantry.yml:web', 'gantry.yml:build', 'gantry.yml:test', 'gantry.yml:lint', 'gantry.yml:report', 'gantry.yml:work', 'nightly.gantry.yml:cache', 'nightly.gantry.yml:build-docs', 'nightly.gantry.yml:bench'].sort(),
    );
    const docs = all.find((s) => s.name === 'build-docs')!;
    expect(docs.location).toEqual({ uri: OTHER, range: { start: at(NIGHTLY, 'build-docs'), end: { ...at(NIGHTLY, 'build-docs'), character: 12 } } });
  });

  it('matches the query\'s characters in order, in any case', async () => {
    await h.open(OTHER, NIGHTLY);
    const names = async (query: string) => ((await h.client.sendRequest(WorkspaceSymbolRequest.type, { query })) as SymbolInformation[]).map((s) => s.name).sort();
    expect(await names('bdo')).toEqual(['build-docs']);
    expect(await names('bd')).toEqual(['build', 'build-docs']);
    expect(await names('BU')).toEqual(['build', 'build-docs']);
    expect(await names('b')).toEqual(['bench', 'build', 'build-docs', 'web']);
    expect(await names('zz')).toEqual([]);
  });

  it('leaves out files that are not open, or not batch files', async () => {
    const { DidCloseTextDocumentNotification, DidOpenTextDocumentNotification } = await import('vscode-languageserver-protocol/node');
    await h.open(OTHER, NIGHTLY);
    await h.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: OTHER } });
    await h.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'file:///work/project/compose.yml', languageId: 'yaml', version: 1, text: NIGHTLY } });
    const all = (await h.client.sendRequest(WorkspaceSymbolRequest.type, { query: 'b' })) as SymbolInformation[];
    expect(all.map((s) => s.name)).toEqual(['web', 'build']);
    expect(new Set(all.map((s) => s.location.uri))).toEqual(new Set([URI]));
  });
});

it('outlines top-level keys of a block value over all their lines', async () => {
  const text = `# a comment
version: 1
name: nightly   # what the run is called
defaults:
  image: busybox
  memory: 64Mi

tasks:
  a: { run: echo a }
`;
  const uri = 'file:///work/project/outline/gantry.yml';
  await h.open(uri, text);
  const symbols = (await h.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  expect(symbols.map((s) => [s.name, s.detail, s.range.start.line, s.range.end.line])).toEqual([
    ['version', '1', 1, 1],
    ['name', 'nightly', 2, 2],
    ['defaults', undefined, 3, 5],
    ['tasks', undefined, 7, 8],
  ]);
});
