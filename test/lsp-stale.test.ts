/**
 * While a batch file has errors, the code lenses and the preview keep the last schedule computed
 * without errors, marked stale, at the current places of the tasks' names — over a real LSP
 * connection. (Issue 16: lenses vanished on every keystroke that briefly broke the file.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeLensRequest, type CodeLens } from 'vscode-languageserver-protocol/node';
import { PREVIEW_CHANGED_NOTIFICATION, PREVIEW_PROBLEMS_MAX, PREVIEW_REQUEST, type PreviewData } from '../extension/src/protocol';
import { STALE_LENS_SUFFIX } from '../extension/src/server/providers/code-lens';
import { CYCLE, SAMPLE } from './lsp/fixtures';
import { at, startHarness, type Harness } from './lsp/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

let docs = 0;
const uri = () => `file:///work/stale${docs++}/gantry.yml`;
const lenses = async (u: string) => (await h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } }))!;
/** Lens titles by the name written where each lens sits. */
const byName = (list: CodeLens[], text: string) => {
  const lines = text.split('\n');
  return Object.fromEntries(list.map((l) => [lines[l.range.start.line].slice(l.range.start.character, l.range.end.character), l.command!.title]));
};
/** The place of `name`'s key (`  name:`) in `text`. */
const keyAt = (text: string, name: string) => at(text, `\n  ${name}:`, 3);

const LINT = '  lint:\n    image: busybox\n    run: echo lint\n    estimate: 5s\n';
// Typing a new task above build (its colon not typed yet: YAML reads "newtask build" as one key),
// with lint deleted while report still needs it. Every task below moved.
const TYPING = SAMPLE.replace('tasks:\n', 'tasks:\n  # the next task\n  newtask\n').replace(LINT, '');

describe('code lenses while the file has errors', () => {
  it('keep the last good lenses, marked stale, on the tasks where they are written now; a deleted task loses its lens', async () => {
    const u = uri();
    expect(await h.open(u, SAMPLE)).toEqual([]);
    const good = await lenses(u);
    const titles = byName(good, SAMPLE);
    expect(Object.keys(titles)).toEqual(['web', 'build', 'test', 'lint', 'report']);
    for (const title of Object.values(titles)) expect(title).not.toContain(STALE_LENS_SUFFIX);

    const errors = (await h.change(u, TYPING)).filter((d) => d.severity === 1);
    expect(errors.map((d) => d.code)).toEqual(expect.arrayContaining(['yaml-syntax', 'needs-unknown']));
    const stale = await lenses(u);
    // Each at its name's key now (build, test and report moved down; lint is gone).
    expect(stale.map((l) => l.range.start)).toEqual(['web', 'build', 'test', 'report'].map((name) => (name === 'web' ? at(TYPING, '  web:', 2) : keyAt(TYPING, name))));
    expect(byName(stale, TYPING)).toEqual({
      web: titles.web + STALE_LENS_SUFFIX,
      build: titles.build + STALE_LENS_SUFFIX,
      test: titles.test + STALE_LENS_SUFFIX,
      report: titles.report + STALE_LENS_SUFFIX,
    });
    expect(STALE_LENS_SUFFIX).toBe(' (before current errors)');
    for (const lens of stale) expect(lens.command).toMatchObject({ command: 'gantry.openPreview', arguments: [u] });

    // Fixed: the file's own lenses, for the new task too, none stale.
    const fixed = TYPING.replace('  newtask\n', '  newtask:\n    image: busybox\n    run: echo new\n').replace('      - lint\n', '');
    expect((await h.change(u, fixed)).filter((d) => d.severity === 1)).toEqual([]);
    const fresh = byName(await lenses(u), fixed);
    expect(Object.keys(fresh)).toEqual(['web', 'newtask', 'build', 'test', 'report']);
    for (const title of Object.values(fresh)) expect(title).not.toContain(STALE_LENS_SUFFIX);
  });

  it('stay through several broken versions in a row, from the last good one', async () => {
    const u = uri();
    await h.open(u, SAMPLE);
    const titles = byName(await lenses(u), SAMPLE);
    const first = SAMPLE.replace('    estimate: 30s', '    estimate: 30');
    await h.change(u, first);
    const second = first.replace('  report:', '\n\n  report:');
    await h.change(u, second);
    expect(byName(await lenses(u), second)).toEqual(Object.fromEntries(Object.entries(titles).map(([name, title]) => [name, title + STALE_LENS_SUFFIX])));
    expect((await lenses(u)).at(-1)!.range.start).toEqual(keyAt(second, 'report'));
  });

  it('find tasks an unclosed quote hides from the parser by their keys in the text', async () => {
    const u = uri();
    await h.open(u, SAMPLE);
    const titles = byName(await lenses(u), SAMPLE);
    // The quote swallows everything after it: report and lint are no tasks to the parser now.
    const quoted = SAMPLE.replace('    run: echo lint', '\n    run: "echo lint');
    expect((await h.change(u, quoted)).map((d) => d.code)).toContain('yaml-syntax');
    expect(byName(await lenses(u), quoted)).toEqual(Object.fromEntries(Object.entries(titles).map(([name, title]) => [name, title + STALE_LENS_SUFFIX])));
    expect((await lenses(u)).map((l) => l.range.start)).toContainEqual(keyAt(quoted, 'report'));
  });

  it('are none for a file with errors from the start (no schedule to keep)', async () => {
    const u = uri();
    await h.open(u, CYCLE);
    expect(await lenses(u)).toEqual([]);
  });
});

describe('the preview while the file has errors', () => {
  it('keeps the last schedule, stale, its units where their names are now, and lists the problems', async () => {
    const u = uri();
    await h.open(u, SAMPLE);
    const good = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: u })) as PreviewData;
    expect(good.stale).toBeUndefined();
    expect(good.problems).toBeUndefined();
    const changed = new Promise<PreviewData>((resolve) =>
      h.client.onNotification(PREVIEW_CHANGED_NOTIFICATION, (d: PreviewData) => {
        if (d.uri === u) resolve(d);
      }),
    );
    await h.change(u, TYPING);
    const data = await changed;
    expect(data).toMatchObject({ version: 2, errors: 5, stale: { version: 1 }, makespan: good.makespan, criticalPath: good.criticalPath });
    expect(data.units.map((unit) => unit.id)).toEqual(good.units.map((unit) => unit.id));
    const place = (id: string) => {
      const unit = data.units.find((x) => x.id === id)!;
      return { line: unit.line, character: unit.character };
    };
    expect(place('build')).toEqual(keyAt(TYPING, 'build'));
    expect(place('test[shard=2]')).toEqual(keyAt(TYPING, 'test'));
    expect(place('report')).toEqual(keyAt(TYPING, 'report'));
    // lint is gone from the text: it stays in the stale schedule where it was.
    expect(place('lint')).toEqual(keyAt(SAMPLE, 'lint'));
    // Every problem, errors in file order, with its range.
    expect(data.problems!.map((p) => [p.severity, p.code, p.range.start.line])).toEqual([
      ['error', 'invalid-name', at(TYPING, 'newtask').line],
      ['error', 'yaml-syntax', at(TYPING, 'newtask').line],
      ['error', 'needs-unknown', at(TYPING, '[build, web]').line],
      ['error', 'expression-task-unknown', at(TYPING, 'needs.build').line],
      ['error', 'needs-unknown', at(TYPING, '- lint').line],
    ]);
    expect(data.problems![2].range.start).toEqual(at(TYPING, 'build, web'));
    expect(data.moreProblems).toBe(0);

    // The request answers the same.
    expect(await h.client.sendRequest(PREVIEW_REQUEST, { uri: u })).toEqual(data);
  });

  it('sends the first problems of a file with very many, errors before warnings, and counts the rest', async () => {
    const u = uri();
    await h.open(u, SAMPLE);
    const many =
      SAMPLE.replace('    needs: [build, web]', '    needs: [build, web, build]') +
      Array.from({ length: 60 }, (_, i) => `  t${i}:\n    image: busybox\n    run: x\n    needs: [nope${i}]\n`).join('');
    const diagnostics = await h.change(u, many);
    expect(diagnostics).toHaveLength(61);
    const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: u })) as PreviewData;
    expect(data.errors).toBe(60);
    expect(data.problems).toHaveLength(PREVIEW_PROBLEMS_MAX);
    expect(data.problems!.every((p) => p.severity === 'error')).toBe(true);
    expect(data.problems![0].message).toContain('"nope0"');
    expect(data.problems![49].message).toContain('"nope49"');
    expect(data.moreProblems).toBe(11);
    expect(data.stale).toEqual({ version: 1 });

    // With fewer errors the warning comes after them.
    const few = many.slice(0, many.indexOf('  t2:'));
    await h.change(u, few);
    const fewer = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: u })) as PreviewData;
    expect(fewer.problems!.map((p) => `${p.severity} ${p.code}`)).toEqual(['error needs-unknown', 'error needs-unknown', 'warning duplicate-need']);
    expect(fewer.moreProblems).toBe(0);
  });

  it('has no schedule to show for a file with errors from the start, only the problems', async () => {
    const u = uri();
    await h.open(u, CYCLE);
    const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: u })) as PreviewData;
    expect(data.stale).toBeUndefined();
    expect(data.units).toEqual([]);
    expect(data.problems!.map((p) => p.code)).toEqual(['cycle']);
  });
});
