/**
 * The language server's editing features over a real LSP connection: completion at many cursor
 * positions, hover, definition, references, rename, outline, code lens, the preview request and
 * the error boundary.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
  type Position,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatDuration } from '../core/format';
import { plan } from '../core/plan';
import { validate } from '../core/validate';
import { PREVIEW_CHANGED_NOTIFICATION, PREVIEW_REQUEST, type PreviewData } from '../extension/src/protocol';
import { SAMPLE, URI } from './lsp/fixtures';
import { at, startHarness, type Harness } from './lsp/harness';
import { MAX_ITEMS } from '../extension/src/server/providers/completion';

let h: Harness;
const images = { list: async () => ['busybox:latest', 'node:20'] };
beforeAll(async () => {
  h = await startHarness({ images });
  expect(await h.open(URI, SAMPLE)).toEqual([]);
});
afterAll(() => h.close());

/** Opens `text` as its own document and completes at `needle` (+ offset). */
let docs = 0;
async function completeIn(text: string, needle: string, offset = needle.length): Promise<CompletionItem[]> {
  const uri = `file:///work/c${docs++}/gantry.yml`;
  await h.open(uri, text);
  const result = (await h.client.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: at(text, needle, offset),
  })) as CompletionList | null;
  return result?.items ?? [];
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label);

describe('completion', () => {
  it('offers the top-level keys not yet written', async () => {
    const items = await completeIn(SAMPLE.replace('volumes:\n  work', 'na\nvolumes:\n  work'), '\nna');
    expect(labels(items)).toEqual(['name', 'defaults', 'env-file']);
    const name = items[0];
    expect((name.documentation as MarkupContent).value).toContain('Display name');
    expect(name.textEdit).toEqual({ range: { start: at(SAMPLE.replace('volumes:\n  work', 'na\nvolumes:\n  work'), '\nna', 1), end: { line: 2, character: 2 } }, newText: 'name: ' });
  });

  it('offers task keys on a blank line inside a task, with documentation, minus those present', async () => {
    const text = SAMPLE.replace('    estimate: 5s\n', '    estimate: 5s\n    \n');
    const items = await completeIn(text, '    estimate: 5s\n    ');
    const names = labels(items);
    expect(names).toContain('needs');
    expect(names).toContain('timeout');
    expect(names).toContain('allow-failure');
    expect(names).not.toContain('image');
    expect(names).not.toContain('estimate');
    expect(names).not.toContain('health');
    const needs = items.find((i) => i.label === 'needs')!;
    expect((needs.documentation as MarkupContent).value).toContain('must finish first');
  });

  it('offers service keys (with health) in a service, and health keys inside health', async () => {
    const inService = SAMPLE.replace('    memory: 64Mi\n', '    memory: 64Mi\n    he\n');
    expect(labels(await completeIn(inService, '    he'))).toContain('health');
    expect(labels(await completeIn(inService, '    he'))).not.toContain('needs');
    const inHealth = SAMPLE.replace('    memory: 64Mi\n', '    memory: 64Mi\n    health:\n      \n');
    expect(labels(await completeIn(inHealth, '    health:\n      '))).toEqual(['run', 'command', 'interval', 'timeout', 'retries', 'start-period']);
  });

  it('offers retries keys in a flow mapping and in a block', async () => {
    const flow = SAMPLE.replace('    estimate: 5s\n', '    estimate: 5s\n    retries: { count: 2, b }\n');
    expect(labels(await completeIn(flow, 'count: 2, b'))).toContain('backoff');
    const block = SAMPLE.replace('    estimate: 5s\n', '    estimate: 5s\n    retries:\n      co\n');
    expect(labels(await completeIn(block, '      co'))).toEqual(['count', 'backoff', 'memory-factor']);
  });

  it('offers task and service names in needs, not the task itself nor those listed', async () => {
    // Not report either: it needs test (test/lsp-completion-names.test.ts: no cycles).
    expect(labels(await completeIn(SAMPLE.replace('needs: [build, web]', 'needs: [build, ]'), 'needs: [build, '))).toEqual(['lint', 'web']);
    const block = SAMPLE.replace('      - lint\n', '      - lint\n      - \n');
    expect(labels(await completeIn(block, '      - lint\n      - '))).toEqual(['build', 'web']);
    const items = await completeIn(SAMPLE.replace('needs: [build, web]', 'needs: [bu]'), 'needs: [bu');
    expect(items.find((i) => i.label === 'build')?.textEdit).toMatchObject({ newText: 'build' });
  });

  it('narrows a long list of names to what is typed, at most MAX_ITEMS, and asks to be asked again', async () => {
    const many = Array.from({ length: 600 }, (_, i) => `  job${i}: { image: busybox, run: x }\n`).join('');
    const text = `version: 1\ntasks:\n${many}  last:\n    image: busybox\n    run: x\n    needs: [job4]\n`;
    const ask = async (typed: string) =>
      (await h.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(text.replace('[job4]', `[${typed}]`), `[${typed}`, typed.length + 1) })) as CompletionList;
    const uri = `file:///work/c${docs++}/gantry.yml`;
    await h.open(uri, text);
    // job4, job40…job49, job400…job499: 111 of the 600 names start with "job4"; all are sent.
    const wide = await ask('job4');
    expect(wide.isIncomplete).toBe(true);
    expect(labels(wide.items).slice(0, 111).every((l) => l.startsWith('job4'))).toBe(true);
    expect(labels(wide.items).filter((l) => l.startsWith('job4'))).toHaveLength(111);
    await h.change(uri, text.replace('[job4]', '[j]'));
    const all = await ask('j');
    expect(all.isIncomplete).toBe(true);
    expect(all.items).toHaveLength(MAX_ITEMS);
    // Names starting with what is typed first; then those that hold its letters in order.
    await h.change(uri, text.replace('[job4]', '[b59]'));
    const inner = await ask('b59');
    expect(inner.isIncomplete).toBe(true);
    expect(labels(inner.items).slice(0, 3)).toEqual(['job59', 'job159', 'job259']);
    expect(labels(inner.items).every((l) => /b.*5.*9/.test(l))).toBe(true);
  });

  it('offers if values, booleans and units for durations and quantities', async () => {
    expect(labels(await completeIn(SAMPLE.replace('if: always', 'if: '), 'if: '))).toEqual(['success', 'failure', 'always']);
    expect(labels(await completeIn(SAMPLE.replace('estimate: 5s', 'estimate: 45'), 'estimate: 45'))).toEqual(['45s', '45m', '45h', '45ms']);
    expect(labels(await completeIn(SAMPLE.replace('estimate: 5s', 'estimate: 1m30'), 'estimate: 1m30'))).toContain('1m30s');
    expect(labels(await completeIn(SAMPLE.replace('memory: 64Mi', 'memory: 64'), 'memory: 64'))).toContain('64Mi');
    expect(labels(await completeIn(SAMPLE.replace('cpus: 0.5', 'cpus: 500'), 'cpus: 500'))).toEqual(['500m']);
    const allow = SAMPLE.replace('    estimate: 5s\n', '    estimate: 5s\n    allow-failure: \n');
    expect(labels(await completeIn(allow, 'allow-failure: '))).toEqual(['true', 'false']);
  });

  it('offers volume names in volumes', async () => {
    const items = await completeIn(SAMPLE.replace('    volumes: ["work:/work"]\n    estimate: 30s', '    volumes: ["]\n    estimate: 30s'), 'volumes: ["');
    expect(items.map((i) => i.textEdit?.newText)).toEqual(['work:']);
  });

  it('completes ${{ matrix.… }} and ${{ needs.<task>.outputs.… }}', async () => {
    const line = '    run: echo ${{ matrix.shard }} ${{ needs.build.outputs.version }}';
    const variant = (expr: string) => SAMPLE.replace(line, `    run: echo ${expr}`);
    expect(labels(await completeIn(variant('${{ '), '${{ '))).toEqual(['matrix', 'needs']);
    expect(labels(await completeIn(variant('${{ matrix.'), '${{ matrix.'))).toEqual(['shard']);
    expect(labels(await completeIn(variant('${{ needs.'), '${{ needs.'))).toEqual(['build']);
    expect(labels(await completeIn(variant('${{ needs.build.'), '${{ needs.build.'))).toEqual(['outputs']);
    expect(labels(await completeIn(variant('${{ needs.build.outputs.v }}'), 'outputs.v'))).toEqual(['version']);
  });

  it('offers secrets among task and service keys, documented, and env as a root only in env values', async () => {
    const inTask = SAMPLE.replace('    estimate: 5s\n', '    estimate: 5s\n    se\n');
    const secrets = (await completeIn(inTask, '    se')).find((i) => i.label === 'secrets');
    expect((secrets?.documentation as MarkupContent).value).toContain('/run/secrets/NAME');
    const inService = SAMPLE.replace('    memory: 64Mi\n', '    memory: 64Mi\n    se\n');
    expect(labels(await completeIn(inService, '    se'))).toContain('secrets');
    const inEnv = SAMPLE.replace('    estimate: 5s\n', '    estimate: 5s\n    env: { V: "${{  }}" }\n');
    expect(labels(await completeIn(inEnv, 'V: "${{ '))).toEqual(['needs', 'env']);
    expect(labels(await completeIn(SAMPLE.replace('echo lint', 'echo ${{  }}'), 'echo ${{ '))).not.toContain('env');
  });

  it('offers local image names from the image provider', async () => {
    const items = await completeIn(SAMPLE.replace('    image: busybox\n    run: echo lint', '    image: bu\n    run: echo lint'), 'image: bu');
    expect(labels(items)).toEqual(['busybox:latest', 'node:20']);
    expect(items[0].textEdit).toMatchObject({ newText: 'busybox:latest' });
  });

  it('offers nothing where nothing fits (a task name, a run command)', async () => {
    expect(await completeIn(SAMPLE.replace('  lint:\n', '  li\n  lint:\n'), '  li')).toEqual([]);
    expect(await completeIn(SAMPLE, 'echo lin')).toEqual([]);
  });
});

async function hoverText(position: Position): Promise<string | undefined> {
  const result = await h.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position });
  return result ? (result.contents as MarkupContent).value : undefined;
}

describe('hover', () => {
  const schedule = plan(validate(SAMPLE).graph!, validate(SAMPLE).capacity!);

  it('documents keys, also inside flow mappings', async () => {
    expect(await hoverText(at(SAMPLE, 'estimate: 20s', 2))).toContain('Expected duration');
    expect(await hoverText(at(SAMPLE, 'memory: 4Gi', 1))).toContain('Memory available to the whole batch');
    expect(await hoverText(at(SAMPLE, 'if: always'))).toContain('`success` | `failure` | `always`');
  });

  it('shows a task\'s predicted start, end and critical path or slack', async () => {
    const build = schedule.units.find((u) => u.id === 'build')!;
    expect(build.critical).toBe(true);
    const text = await hoverText(at(SAMPLE, '  build:', 3));
    expect(text).toContain('**task** `build`');
    // 20 s of estimate plus plan's default start overhead (0.4 s).
    expect(text).toContain('Predicted 0:00 → 0:20 (20s)');
    expect(text).toContain('On the critical path');
    const lint = schedule.units.find((u) => u.id === 'lint')!;
    expect(lint.critical).toBe(false);
    const lintText = await hoverText(at(SAMPLE, '      - lint', 8));
    expect(lintText).toContain(`Slack ${formatDuration(lint.slack)}: it could finish`);
    expect(await hoverText(at(SAMPLE, '  test:', 2))).toContain('2 expansions');
  });

  it('says where an estimate comes from: the history beside a file on disk, the file\'s estimate:, the default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-lsp-history-'));
    try {
      const file = join(dir, 'gantry.yml');
      writeFileSync(file, SAMPLE);
      mkdirSync(join(dir, '.gantry', 'history'), { recursive: true });
      const record = { v: 1, run: 'r1', at: '2025-01-01T00:00:00Z', units: { build: { kind: 'task', attempts: [{ n: 1, result: 'succeeded', duration: 4600, setup: 400 }] } } };
      writeFileSync(join(dir, '.gantry', 'history', 'gantry.yml.jsonl'), `${JSON.stringify(record)}\n`);
      const uri = pathToFileURL(file).href;
      await h.open(uri, SAMPLE);
      const hover = async (needle: string, offset: number) =>
        ((await h.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(SAMPLE, needle, offset) }))?.contents as MarkupContent).value;
      const build = await hover('  build:', 3);
      expect(build).toContain('Estimate: 4.2s (median of 1 earlier run).');
      // 4.2 s from history plus the start cost, not the file's 20 s.
      expect(build).toContain('(4.6s).');
      expect(await hoverText(at(SAMPLE, '  build:', 3))).toContain('Estimate: 20s (from `estimate:`).');
      // The preview's units say the same (their tooltips show it).
      const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri })) as PreviewData;
      const estimates = Object.fromEntries(data.units.map((u) => [u.id, u.estimate]));
      expect(estimates.build).toBe('estimate 4.2s (median of 1 earlier run)');
      expect(estimates.lint).toMatch(/^estimate \S+ \((from estimate:|the default)\)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents secrets, and ${{ env.NAME }} in run is a diagnostic at its place', async () => {
    const uri = 'file:///work/secrets/gantry.yml';
    const text = SAMPLE.replace('    run: echo lint\n', '    run: echo lint ${{ env.HOME }}\n    secrets: { NPM_TOKEN: file }\n    env: { H: "${{ env.HOME }}" }\n');
    const diagnostics = await h.open(uri, text);
    expect(diagnostics.map((d) => [d.code, d.range.start])).toEqual([['expression-not-allowed', at(text, '${{ env.HOME }}\n    secrets')]]);
    const hover = await h.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(text, 'secrets: {', 2) });
    const value = (hover?.contents as MarkupContent).value;
    expect(value).toContain("Secrets from the caller's environment");
    expect(value).toContain('strict');
  });

  it('documents env-file:, and the editor reads no dotenv file: only its form (and, under strict, its text) is checked', async () => {
    const uri = 'file:///work/envfile/gantry.yml';
    const text = SAMPLE.replace('capacity:', 'env-file: [.env, { a: 1 }]\ncapacity:');
    const diagnostics = await h.open(uri, text);
    // A missing .env is no concern of the editor's (env-file-missing is host only); the mapping is.
    expect(diagnostics.map((d) => [d.code, d.range.start])).toEqual([['wrong-type', at(text, '{ a: 1 }')]]);
    const hover = await h.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(text, 'env-file:', 3) });
    const value = (hover?.contents as MarkupContent).value;
    expect(value).toContain('A dotenv file beside the batch file, for local runs');
    expect(value).toContain('path or list of paths');
    const items = await completeIn(SAMPLE.replace('capacity:', 'env\ncapacity:'), '\nenv');
    const item = items.find((i) => i.label === 'env-file')!;
    expect((item.documentation as MarkupContent).value).toContain('`gantry run --env-file` wins over these files');
  });

  it('answers nothing on plain values', async () => {
    expect(await hoverText(at(SAMPLE, 'echo done', 2))).toBeUndefined();
  });
});

describe('definition, references, rename', () => {
  const buildName = at(SAMPLE, '  build:', 2);
  const buildRange = { start: buildName, end: { line: buildName.line, character: buildName.character + 5 } };

  it('goes to the definition from a need and from ${{ needs.build… }}', async () => {
    const fromNeed = (await h.client.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: URI },
      position: at(SAMPLE, 'needs: [build', 10),
    })) as Location;
    expect(fromNeed).toEqual({ uri: URI, range: buildRange });
    const fromExpr = (await h.client.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: URI },
      position: at(SAMPLE, 'needs.build.outputs', 7),
    })) as Location;
    expect(fromExpr).toEqual({ uri: URI, range: buildRange });
    const volume = (await h.client.sendRequest(DefinitionRequest.type, { textDocument: { uri: URI }, position: at(SAMPLE, '"work:/work"', 2) })) as Location;
    expect(volume.range.start).toEqual(at(SAMPLE, 'work: {}'));
  });

  it('finds every reference of a task and of a volume', async () => {
    const refs = (await h.client.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: URI },
      position: buildName,
      context: { includeDeclaration: true },
    }))!;
    expect(refs.map((r) => r.range.start)).toEqual([buildName, at(SAMPLE, 'build, web]'), at(SAMPLE, 'build.outputs')]);
    const withoutDecl = await h.client.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: URI },
      position: buildName,
      context: { includeDeclaration: false },
    });
    expect(withoutDecl).toHaveLength(2);
    const volumeRefs = await h.client.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: URI },
      position: at(SAMPLE, 'work: {}'),
      context: { includeDeclaration: true },
    });
    expect(volumeRefs).toHaveLength(3);
  });

  it('renames a task everywhere, and the result is still valid', async () => {
    const prepared = await h.client.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: URI }, position: at(SAMPLE, 'needs.build', 8) });
    expect(prepared).toEqual({ range: { start: at(SAMPLE, 'build.outputs'), end: { line: at(SAMPLE, 'build.outputs').line, character: at(SAMPLE, 'build.outputs').character + 5 } }, placeholder: 'build' });
    const edit = await h.client.sendRequest(RenameRequest.type, { textDocument: { uri: URI }, position: buildName, newName: 'compile' });
    const edits = edit!.changes![URI] as TextEdit[];
    expect(edits).toHaveLength(3);
    const renamed = TextDocument.applyEdits(TextDocument.create(URI, 'yaml', 1, SAMPLE), edits);
    expect(renamed).toContain('needs: [compile, web]');
    expect(renamed).toContain('${{ needs.compile.outputs.version }}');
    expect(renamed).not.toMatch(/\bbuild\b/);
    expect(validate(renamed).diagnostics).toEqual([]);
  });

  it('refuses to rename keys and values, and refuses bad or taken names', async () => {
    expect(await h.client.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: URI }, position: at(SAMPLE, 'estimate: 20s', 1) })).toBeNull();
    expect(await h.client.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: URI }, position: at(SAMPLE, 'echo lint', 1) })).toBeNull();
    await expect(h.client.sendRequest(RenameRequest.type, { textDocument: { uri: URI }, position: buildName, newName: 'Build' })).rejects.toThrow(/not a valid name/);
    await expect(h.client.sendRequest(RenameRequest.type, { textDocument: { uri: URI }, position: buildName, newName: 'lint' })).rejects.toThrow(/already the name of a task/);
  });
});

describe('outline and code lens', () => {
  it('lists the top-level keys, and volumes, services and tasks with their keys', async () => {
    const symbols = (await h.client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: URI } })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(['version', 'capacity', 'volumes', 'services', 'tasks']);
    // A top-level key: its one-line value as detail, its range its line(s).
    expect(symbols[1]).toMatchObject({ detail: '{ cpus: 2, memory: 4Gi }', selectionRange: { start: at(SAMPLE, 'capacity:') } });
    expect(symbols[0].detail).toBe('1');
    const tasks = symbols[4];
    expect(tasks.children!.map((c) => c.name)).toEqual(['build', 'test', 'lint', 'report']);
    expect(tasks.selectionRange.start).toEqual(at(SAMPLE, 'tasks:'));
    const build = tasks.children![0];
    expect(build.selectionRange.start).toEqual(at(SAMPLE, '  build:', 2));
    expect(build.children!.map((c) => c.name)).toEqual(['image', 'run', 'volumes', 'estimate', 'outputs']);
  });

  it('puts a lens over each task with its predicted place in the run', async () => {
    const lenses = (await h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } }))!;
    const byLine = new Map(lenses.map((l) => [l.range.start.line, l.command!.title]));
    // 20 s of estimate plus plan's default start overhead (0.4 s).
    expect(byLine.get(at(SAMPLE, '  build:').line)).toBe('critical path · starts 0:00 · 20s');
    expect(byLine.get(at(SAMPLE, '  lint:').line)).toMatch(/^slack [\dms.]+ · starts 0:\d\d · 5.4s$/);
    // test starts after build's 20.4 s, shown rounded.
    expect(byLine.get(at(SAMPLE, '  test:').line)).toMatch(/^2 runs · critical path · starts 0:21 · /);
    expect(byLine.get(at(SAMPLE, '  web:').line)).toMatch(/ · up \d/);
    // Each opens the preview of this document, with a command the extension declares.
    const declared = JSON.parse(readFileSync(new URL('../extension/package.json', import.meta.url), 'utf8')).contributes.commands.map((c: { command: string }) => c.command);
    for (const lens of lenses) {
      expect(lens.command).toMatchObject({ command: 'gantry.openPreview', arguments: [URI] });
      expect(declared).toContain(lens.command!.command);
    }
  });
});

describe('preview', () => {
  it('answers gantry/preview with the same schedule as plan()', async () => {
    const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: URI })) as PreviewData;
    const v = validate(SAMPLE);
    const expected = plan(v.graph!, v.capacity!);
    expect(data.errors).toBe(0);
    expect(data.makespan).toBe(expected.makespan);
    expect(data.lowerBound).toBe(expected.lowerBound);
    expect(data.criticalPath).toEqual(expected.criticalPath);
    expect(data.units.map((u) => [u.id, u.start, u.end, u.critical])).toEqual(expected.units.map((u) => [u.id, u.start, u.end, u.critical]));
    const shard = data.units.find((u) => u.id === 'test[shard=1]')!;
    expect(shard).toMatchObject({ name: 'test', kind: 'task', needs: ['build', 'web'], line: at(SAMPLE, '  test:').line, character: 2 });
    expect(data.capacity).toMatchObject({ cpus: 2, memory: 4 * 2 ** 30 });
    expect(data.profile.length).toBeGreaterThan(1);
  });

  it('sends gantry/previewChanged after a change, with the errors and the last schedule without them, marked stale', async () => {
    const good = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: URI })) as PreviewData;
    const changed = new Promise<PreviewData>((resolve) => h.client.onNotification(PREVIEW_CHANGED_NOTIFICATION, resolve));
    const broken = SAMPLE.replace('      - lint', '      - lnt');
    await h.client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: 50 }, contentChanges: [{ text: broken }] });
    await h.timers.scheduled();
    h.timers.flush();
    const data = await changed;
    expect(data.version).toBe(50);
    expect(data.errors).toBe(1);
    expect(data.stale).toEqual({ version: good.version });
    expect(data.units).toEqual(good.units);
    expect(data.makespan).toBe(good.makespan);
    const line = broken.split('\n').findIndex((l) => l.includes('- lnt')) + 1;
    expect(data.message).toMatch(new RegExp(`^Line ${line}: .*"lnt"`));
    expect(data.problems).toEqual([expect.objectContaining({ severity: 'error', code: 'needs-unknown', range: expect.objectContaining({ start: at(broken, 'lnt') }) })]);
    expect(data.moreProblems).toBe(0);
    expect((await h.nextDiagnostics(URI)).diagnostics[0].code).toBe('needs-unknown');
    await h.client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: 51 }, contentChanges: [{ text: SAMPLE }] });
    await h.timers.scheduled();
    h.timers.flush();
    expect((await h.nextDiagnostics(URI)).diagnostics).toEqual([]);
  });
});

describe('error boundary', () => {
  it('turns a failing feature into an error response, logs it once, and keeps serving', async () => {
    const failing = await startHarness({
      images: {
        list: async () => {
          throw new Error('engine exploded');
        },
      },
    });
    try {
      const text = SAMPLE.replace('    image: busybox\n    run: echo lint', '    image: \n    run: echo lint');
      await failing.open(URI, text);
      await expect(failing.client.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: at(text, 'image: \n', 7) })).rejects.toThrow(
        /completion failed: engine exploded/,
      );
      expect(failing.logged).toHaveLength(1);
      expect(failing.logged[0]).toContain('engine exploded');
      const hover = await failing.client.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: at(text, 'estimate: 20s', 1) });
      expect(hover).not.toBeNull();
    } finally {
      failing.close();
    }
  });
});
