/**
 * `build:` in the editor, over a real LSP connection: completion offers it on tasks and services
 * and its keys inside it, hover documents it and its keys, diagnostics point at the value, and the
 * preview has the build unit (kind `build`, placed at the `build:` key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompletionRequest, HoverRequest, type CompletionItem, type CompletionList, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { PREVIEW_REQUEST, type PreviewData } from '../extension/src/protocol';
import { at, startHarness, type Harness } from './lsp/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ images: { list: async () => ['busybox:latest'] } });
});
afterAll(() => h.close());

const TEXT = `version: 1
services:
  web:
    build: ./web
tasks:
  app:
    build:
      context: ./app
      target: test
    run: make test
    needs: [web]
`;

let docs = 0;
async function completeIn(text: string, needle: string, offset = needle.length): Promise<CompletionItem[]> {
  const uri = `file:///work/build-c${docs++}/gantry.yml`;
  await h.open(uri, text);
  const result = (await h.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(text, needle, offset) })) as CompletionList | null;
  return result?.items ?? [];
}

describe('build: in the editor', () => {
  it('is offered on tasks and services, and its keys inside it (minus those written)', async () => {
    const inTask = TEXT.replace('    run: make test\n', '    run: make test\n    bu\n');
    const task = await completeIn(inTask, '    bu');
    const build = task.find((i) => i.label === 'build');
    expect(build, task.map((i) => i.label).join(',')).toBeDefined();
    expect((build!.documentation as MarkupContent).value).toContain('Builds the image this unit runs');
    const inService = TEXT.replace('    build: ./web\n', '    build: ./web\n    \n');
    expect((await completeIn(inService, './web\n    ')).map((i) => i.label)).not.toContain('build');
    const inBuild = TEXT.replace('      target: test\n', '      target: test\n      \n');
    const keys = (await completeIn(inBuild, 'target: test\n      ')).map((i) => i.label);
    expect(keys).toEqual(expect.arrayContaining(['dockerfile', 'args']));
    expect(keys).not.toContain('context');
    expect(keys).not.toContain('target');
    expect(keys).not.toContain('run');
  });

  it('hover documents build and its keys; a problem in it is reported at its place', async () => {
    const uri = 'file:///work/build-hover/gantry.yml';
    expect(await h.open(uri, TEXT)).toEqual([]);
    const hover = async (needle: string, offset = 1) => {
      const result = await h.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(TEXT, needle, offset) });
      return result ? (result.contents as MarkupContent).value : undefined;
    };
    expect(await hover('    build: ./web', 5)).toContain('**build**: folder or mapping');
    expect(await hover('context: ./app')).toContain('The folder sent to the engine');
    expect(await hover('target: test')).toContain('multi-stage');
    const bad = TEXT.replace('      target: test\n', '      target: test\n      dockerfile: ../Dockerfile\n');
    const diagnostics = await h.change(uri, bad);
    expect(diagnostics.map((d) => [d.code, d.range.start])).toEqual([['build-dockerfile-outside', at(bad, '../Dockerfile')]]);
  });

  it('the preview has one build unit per build, placed at its build key', async () => {
    const uri = 'file:///work/build-preview/gantry.yml';
    await h.open(uri, TEXT);
    const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri })) as PreviewData;
    const builds = data.units.filter((u) => u.kind === 'build');
    expect(builds.map((u) => [u.id, u.line, u.character])).toEqual([
      ['build:web', 3, 4],
      ['build:app', 6, 4],
    ]);
    expect(data.units.find((u) => u.id === 'app')!.needs).toEqual(['build:app', 'web']);
    expect(data.criticalPath?.[0]).toBe('build:web');
  });
});
