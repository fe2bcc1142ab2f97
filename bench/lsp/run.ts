/**
 * Language server benchmark (`npm run bench:lsp`). Measures, over a real LSP connection to the
 * real server in this process (see test/lsp/harness.ts):
 *
 * - full diagnostics of a generated 2,000-task file after an edit: from `didChange` (one line
 *   changed, sent incrementally as VS Code does; debounce fired at once) to `publishDiagnostics`
 *   — target < 50 ms;
 * - completion while typing in that file, at many cursor positions — target p95 < 10 ms;
 * - yaml-language-server 1.25 validating the same text against schema/gantry.schema.json, in
 *   the same run — target: ours ≤ one third of its time;
 * - diagnostics of a 20,000-task file — target < 500 ms;
 * - keystroke → diagnostic in the 2,000-task file as the editor drives it (issue 16): an `x` typed
 *   at the end of an `estimate:` line and removed, each change followed at once by the code lens
 *   and semantic token requests VS Code sends, the next key once the previous round's work is
 *   done (its preview received, then 300 ms, as bench:editor waits) — with the schedule preview open, and as a ratio against the same
 *   run without it (target: diagnostics are not held back by the preview, ratio ≈ 1).
 *
 * `--only editor` runs the last one alone.
 *
 * Prints a table and the ratios; no assertion fails the run (targets are for people to read).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  SemanticTokensRequest,
} from 'vscode-languageserver-protocol/node';
import { PREVIEW_CHANGED_NOTIFICATION, PREVIEW_REQUEST, type PreviewData } from '../../extension/src/protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineCounter, parseDocument } from 'yaml';
import { validate } from '../../core/validate';
import { startHarness, type Harness } from '../../test/lsp/harness';
import { generateBatchFile } from './generate';

const root = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: pick(0.5), p95: pick(0.95), max: sorted[sorted.length - 1], n: sorted.length };
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Edits that keep the file valid: a comment at the end that changes each time. */
const edited = (text: string, i: number) => `${text}# edit ${i}\n`;

/**
 * Diagnostics after typing, sent as VS Code sends it to a server with incremental sync (the edit,
 * not the whole text); the file stays valid, and the server reports on the whole file each time.
 * `middle`: each run changes the `estimate:` of a task in the middle of the file, within its
 * line, so every other task can be taken over from the previous version. `top`: each run adds a
 * comment line at the top, which moves every line after it, so nothing can be taken over and
 * the whole file is read again (as when it is opened).
 */
async function diagnosticsTimes(h: Harness, uri: string, text: string, runs: number, start: number, where: 'middle' | 'top'): Promise<number[]> {
  const lines = text.split('\n');
  const line = where === 'top' ? 1 : lines.findIndex((l, k) => k >= lines.length / 2 && l.startsWith('    estimate: '));
  if (line < 0) throw new Error('no line to edit');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const version = start + i;
    const t0 = performance.now();
    const change =
      where === 'top'
        ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `# note ${version}\n` }
        : { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: `    estimate: ${5 + (version % 50)}s\n` };
    await h.client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    await h.timers.scheduled();
    h.timers.flush();
    const published = await h.nextDiagnostics(uri);
    times.push(performance.now() - t0);
    if (published.diagnostics.some((d) => d.severity === 1)) throw new Error(`generated file has errors: ${published.diagnostics[0].message}`);
  }
  return times;
}

/** Lines typed at several kinds of place: a new key in a task, a need, a duration unit, an expression. */
function completionEdits(text: string, count: number): { insert: string; line: number }[] {
  const lines = text.split('\n');
  const taskLines = lines.flatMap((l, i) => (/^  t\d+:$/.test(l) ? [i] : []));
  const edits = [];
  for (let k = 0; k < count; k++) {
    const at = taskLines[Math.floor((k * 7919) % taskLines.length)];
    const insert = ['    ti', '    needs: [t', '    timeout: 30', '    env: { X: "${{ needs.'][k % 4];
    edits.push({ insert, line: at + 1 });
  }
  return edits;
}

async function yamlLanguageServerTimes(text: string, runs: number): Promise<number[]> {
  const schema = JSON.parse(readFileSync(join(root, 'schema/gantry.schema.json'), 'utf8'));
  const yls = require('yaml-language-server/lib/umd/languageservice/yamlLanguageService');
  const service = yls.getLanguageService({
    schemaRequestService: async () => JSON.stringify(schema),
    workspaceContext: { resolveRelativePath: (relative: string) => relative },
    clientCapabilities: {},
  });
  service.configure({ validate: true, completion: true, hover: true, yamlVersion: '1.2', schemas: [{ uri: 'file:///gantry.schema.json', fileMatch: ['*gantry.yml'], schema }] });
  const times: number[] = [];
  // One warm-up run compiles the schema; it is not counted.
  for (let i = -1; i < runs; i++) {
    const document = TextDocument.create('file:///bench/gantry.yml', 'yaml', i + 2, edited(text, i));
    const t0 = performance.now();
    const diagnostics = await service.doValidation(document, false);
    if (i >= 0) times.push(performance.now() - t0);
    if (i === -1 && diagnostics.length) console.log(`  (yaml-language-server reports ${diagnostics.length} problems, first: ${diagnostics[0].message})`);
  }
  return times;
}

/**
 * Keystroke → diagnostic as the editor drives the server (see the header): `preview` says whether
 * the schedule preview is open. Times from the `didChange` to its diagnostics; the debounce is
 * fired at once, so what is left is the server's own work and what it did before getting to it.
 */
async function editorTimes(text: string, rounds: number, previewOpen: boolean): Promise<{ times: number[]; previewChars: number }> {
  const h = await startHarness({ machine: { cpus: 16, memory: 64 * 2 ** 30 }, capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
  const uri = `file:///bench/editor-${previewOpen ? 'preview' : 'plain'}/gantry.yml`;
  h.client.onRequest(CodeLensRefreshRequest.type, () => void h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri } }).catch(() => undefined));
  const previews: PreviewData[] = [];
  let previewChars = 0;
  h.client.onNotification(PREVIEW_CHANGED_NOTIFICATION, (d: PreviewData) => {
    previews.push(d);
    previewChars = Math.max(previewChars, JSON.stringify(d).length);
  });
  await h.open(uri, text);
  await Promise.all([h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), h.client.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } })]);
  if (previewOpen) await h.client.sendRequest(PREVIEW_REQUEST, { uri });
  const lines = text.split('\n');
  const line = lines.findIndex((l, k) => k >= lines.length / 2 && l.startsWith('    estimate: '));
  const end = lines[line].length;
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const version = round + 2;
    const typed = round % 2 === 0;
    const change = typed
      ? { range: { start: { line, character: end }, end: { line, character: end } }, text: 'x' }
      : { range: { start: { line, character: end }, end: { line, character: end + 1 } }, text: '' };
    const t0 = performance.now();
    await h.client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    const asked = [h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), h.client.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } })];
    await h.timers.scheduled();
    h.timers.flush();
    const published = await h.nextDiagnostics(uri);
    times.push(performance.now() - t0);
    if (published.diagnostics.some((d) => d.severity === 1) !== typed) throw new Error(`round ${round}: unexpected diagnostics`);
    await Promise.all(asked);
    // As bench:editor: the next key once this version's preview arrived.
    if (previewOpen) while (!previews.some((d) => d.version === version)) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 300)); // as bench:editor: let any later message land
  }
  // Let the last round's plan and lens refresh finish before closing.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  h.close();
  return { times: times.slice(2), previewChars };
}

async function main(): Promise<void> {
  if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'editor') return editorOnly();
  const small = generateBatchFile(2_000);
  const large = generateBatchFile(20_000);
  const v = validate(small);
  if (v.diagnostics.some((d) => d.severity === 'error')) throw new Error(`generated file invalid: ${v.diagnostics[0].message}`);
  console.log(`Language server benchmark — Node ${process.version}, ${small.split('\n').length} lines (2,000 tasks), ${large.split('\n').length} lines (20,000 tasks)\n`);

  const h = await startHarness({ machine: { cpus: 16, memory: 64 * 2 ** 30 } });
  const uri = 'file:///bench/gantry.yml';
  await h.open(uri, small);
  await diagnosticsTimes(h, uri, small, 3, 2, 'middle'); // warm-up: JIT and module loading
  const diag = stats(await diagnosticsTimes(h, uri, small, 20, 10, 'middle'));
  const diagTop = stats(await diagnosticsTimes(h, uri, small, 20, 40, 'top'));

  const edits = completionEdits(small, 200);
  const completion: number[] = [];
  let version = 100;
  let empty = 0;
  for (const edit of edits) {
    // Typed as an editor sends it (incremental sync), then taken out again.
    const start = { line: edit.line, character: 0 };
    await h.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: version++ },
      contentChanges: [{ range: { start, end: start }, text: `${edit.insert}\n` }],
    });
    const t0 = performance.now();
    const result = await h.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: edit.line, character: edit.insert.length } });
    completion.push(performance.now() - t0);
    if (!result || !('items' in result) || result.items.length === 0) empty++;
    await h.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: version++ },
      contentChanges: [{ range: { start, end: { line: edit.line + 1, character: 0 } }, text: '' }],
    });
  }
  const comp = stats(completion.slice(20));
  // Let the last keystroke's debounce finish, so no timer of this file is left pending (the
  // answer to a request means the server has seen the edit before it).
  await h.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
  h.timers.flush();
  await h.nextDiagnostics(uri);

  const largeUri = 'file:///bench/large/gantry.yml';
  await h.open(largeUri, large);
  const big = stats(await diagnosticsTimes(h, largeUri, large, 5, 2, 'middle'));
  const bigTop = stats(await diagnosticsTimes(h, largeUri, large, 5, 20, 'top'));
  h.close();

  const yls = stats(await yamlLanguageServerTimes(small, 5));
  // The floor under any YAML-based checker: the yaml library reading the text into a Document.
  const floor = stats(
    Array.from({ length: 5 }, (_, i) => {
      const t0 = performance.now();
      parseDocument(edited(small, i), { lineCounter: new LineCounter() });
      return performance.now() - t0;
    }),
  );

  const rows: [string, string, string, string][] = [
    ['diagnostics, 2,000 tasks (didChange → publish), typing in the middle', ms(diag.median), ms(diag.p95), '< 50 ms'],
    ['diagnostics, 2,000 tasks, line added at the top (whole file read)', ms(diagTop.median), ms(diagTop.p95), '< 50 ms'],
    [`completion, 2,000 tasks (${comp.n} requests after an edit)`, ms(comp.median), ms(comp.p95), 'p95 < 10 ms'],
    ['yaml-language-server 1.25 + schema, 2,000 tasks', ms(yls.median), ms(yls.p95), 'baseline'],
    ['yaml library parseDocument alone, 2,000 tasks', ms(floor.median), ms(floor.p95), 'floor'],
    ['diagnostics, 20,000 tasks, typing in the middle', ms(big.median), ms(big.max), '< 500 ms'],
    ['diagnostics, 20,000 tasks, line added at the top (whole file read)', ms(bigTop.median), ms(bigTop.max), '< 500 ms'],
  ];
  console.log('| measure | median | p95 / max | target |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\nours ÷ yaml-language-server (medians): ${(diag.median / yls.median).toFixed(3)} typing in the middle, ${(diagTop.median / yls.median).toFixed(3)} whole file (target ≤ 0.333)`);
  if (empty) console.log(`note: ${empty} completion requests returned no items`);
}

/** The editor-driven measure alone (`--only editor`), plain and with the preview, twice each alternately. */
async function editorOnly(): Promise<void> {
  const text = generateBatchFile(2_000);
  const plain: number[] = [];
  const withPreview: number[] = [];
  let chars = 0;
  for (let pass = 0; pass < 2; pass++) {
    plain.push(...(await editorTimes(text, 22, false)).times);
    const p = await editorTimes(text, 22, true);
    withPreview.push(...p.times);
    chars = p.previewChars;
  }
  const a = stats(plain);
  const b = stats(withPreview);
  console.log(`Keystroke → diagnostic, 2,000 tasks, as the editor drives the server (Node ${process.version}, ${a.n} keys each)\n`);
  console.log('| | median | p95 | max |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| preview closed | ${ms(a.median)} | ${ms(a.p95)} | ${ms(a.max)} |`);
  console.log(`| preview open | ${ms(b.median)} | ${ms(b.p95)} | ${ms(b.max)} |`);
  console.log(`\nopen ÷ closed: median ${(b.median / a.median).toFixed(2)}, p95 ${(b.p95 / a.p95).toFixed(2)}; largest preview message ${(chars / 1024).toFixed(0)} KiB`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
