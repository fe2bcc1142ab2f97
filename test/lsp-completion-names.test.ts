/**
 * Completion of names over a real LSP connection (issue 16): what `needs`, `${{ needs.… }}` and
 * `image:` offer, also while the document is a few keystrokes ahead of its last analysis.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompletionRequest, DidChangeTextDocumentNotification, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol/node';
import { buildTag } from '../core/backends/docker/build';
import { isGantryImage } from '../core/backends/docker/labels';
import { newRunId } from '../core/run/run-batch';
import { dockerImages } from '../extension/src/server/docker-images';
import { at, startHarness, type Harness } from './lsp/harness';

const BUILT = buildTag('20261205-141520-ab12', 'build:web');
const images = { list: async () => ['busybox:latest', 'gantry-netns-holder:0123456789ab', BUILT, 'node:20'] };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ images });
});
afterAll(() => h.close());

let docs = 0;
const newUri = () => `file:///work/names${docs++}/gantry.yml`;
const labels = (items: CompletionItem[]) => items.map((i) => i.label);

async function completeAt(uri: string, text: string, needle: string, offset = needle.length): Promise<string[]> {
  const result = (await h.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(text, needle, offset) })) as CompletionList | null;
  return labels(result?.items ?? []);
}

/** Opens `text` (validated at once) and completes at `needle`. */
async function completeIn(text: string, needle: string, offset?: number): Promise<string[]> {
  const uri = newUri();
  await h.open(uri, text);
  return completeAt(uri, text, needle, offset);
}

/**
 * Opens `before` (validated), then changes it to `after` and completes at once, before the typing
 * pauses: completion answers from the analysis of `before`, as it does for a fast typist.
 */
async function completeWhileTyping(before: string, after: string, needle: string): Promise<string[]> {
  const uri = newUri();
  await h.open(uri, before);
  await h.client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: after }] });
  return completeAt(uri, after, needle);
}

const HEAD = `version: 1
services:
  db:
    image: busybox
    run: httpd -f
tasks:
  build:
    image: busybox
    run: echo build
`;

describe('needs completion offers whole names of other units only', () => {
  it('not a task key still being typed, read by a stale analysis from the line now holding the task itself', async () => {
    // The pause after "sm" validated the file: the parser's recovery read a task "sm" there.
    const before = `${HEAD}  sm\n`;
    const after = `${HEAD}  smoke:\n    image: busybox\n    run: echo smoke\n    needs: [\n`;
    expect(await completeWhileTyping(before, after, 'needs: [')).toEqual(['build', 'db']);
  });

  it('not a key being typed elsewhere, in a fresh analysis either', async () => {
    const text = `${HEAD}  lint:\n    image: busybox\n    run: echo lint\n    needs: []\n  sm\n`;
    expect(await completeIn(text, 'needs: [')).toEqual(['build', 'db']);
  });

  it('not a service key still being typed', async () => {
    const before = HEAD.replace('tasks:\n', '  we\ntasks:\n');
    const after = HEAD.replace('tasks:\n', '  web:\n    image: busybox\ntasks:\n').replace('    run: echo build\n', '    run: echo build\n    needs: [\n');
    expect(await completeWhileTyping(before, after, 'needs: [')).toEqual(['db']);
  });

  it('the names of a stale analysis still count where lines were added above them since', async () => {
    const before = `${HEAD}  lint:\n    image: busybox\n    run: echo lint\n    needs: []\n`;
    const after = before.replace('version: 1\n', 'version: 1\n# the batch of the web app\n\n');
    expect(await completeWhileTyping(before, after, 'needs: [')).toEqual(['build', 'db']);
  });

  it('never the task itself, also in a flow mapping on the line being typed', async () => {
    const before = `${HEAD}  sm\n`;
    const after = `${HEAD}  smoke: { image: busybox, run: echo smoke, needs: [ }\n`;
    expect(await completeWhileTyping(before, after, 'needs: [')).toEqual(['build', 'db']);
    const text = `${HEAD}  lint: { image: busybox, run: echo lint, needs: [b] }\n`;
    expect(await completeIn(text, 'needs: [b')).toEqual(['build', 'db']);
  });
});

describe('needs completion leaves out what would make a cycle', () => {
  const text = `${HEAD.replace('    run: echo build\n', '    run: echo build\n    needs: []\n')}  test:
    image: busybox
    matrix: { shard: [1, 2] }
    run: echo \${{ matrix.shard }}
    needs: [build, db]
  report:
    image: busybox
    run: echo report
    needs:
      - test
      - 
  lint:
    image: busybox
    run: echo lint
`;

  it('a task that needs this one, directly or through others (a matrix task among them)', async () => {
    // build ← test (a matrix) ← report: neither may be needed by build.
    expect(await completeIn(text, 'needs: [')).toEqual(['lint', 'db']);
  });

  it('in a block list and from a matrix task too', async () => {
    expect(await completeIn(text, '      - test\n      - ')).toEqual(['build', 'lint', 'db']);
    const inTest = text.replace('needs: [build, db]', 'needs: [build, db, ]');
    expect(await completeIn(inTest, 'needs: [build, db, ')).toEqual(['lint']);
  });
});

describe('${{ needs.… }} completion', () => {
  const text = `${HEAD.replace('    run: echo build\n', '    run: echo build\n    outputs: [version]\n')}  test:
    image: busybox
    matrix: { shard: [1, 2] }
    run: echo \${{ matrix.shard }} >> "$GANTRY_OUTPUT"
    outputs: [coverage]
    needs: [build]
  report:
    image: busybox
    needs: [test, build]
    run: echo \${{ needs.test[shard=1].outputs. }}
`;

  it('offers the outputs of one expansion of a matrix task', async () => {
    expect(await completeIn(text, 'test[shard=1].outputs.')).toEqual(['coverage']);
    expect(await completeIn(text.replace("test[shard=1].outputs. }}", "test.outputs. }}"), 'test.outputs.')).toEqual(['coverage']);
  });
});

describe('image completion', () => {
  it('never offers an image Gantry makes for itself', async () => {
    const text = `${HEAD}  lint:\n    image: \n    run: echo lint\n`;
    expect(await completeIn(text, '    image: \n', 11)).toEqual(['busybox:latest', 'node:20']);
  });

  it('the engine listing leaves out the network-slot holder and what runs built, by label or by name', async () => {
    const listing = [
      { RepoTags: ['busybox:latest'], Labels: null },
      { RepoTags: ['gantry-netns-holder:0123456789ab'], Labels: { 'dev.gantry.role': 'netns-holder' } },
      { RepoTags: ['my-holder-copy:1'], Labels: { 'dev.gantry.role': 'netns-holder' } },
      { RepoTags: [BUILT], Labels: { 'dev.gantry.run': '20261205-141520-ab12', 'dev.gantry.unit': 'build:web' } },
      { RepoTags: ['gantry-netns-holder:old'], Labels: {} },
      { RepoTags: ['registry.local:5000/team/app:1.2', '<none>:<none>'], Labels: { 'org.opencontainers.image.title': 'app' } },
    ];
    const docker = { listImages: async () => listing } as unknown as Docker;
    expect(await dockerImages({ docker }).list()).toEqual(['busybox:latest', 'registry.local:5000/team/app:1.2']);
  });

  it('knows a built image by the reference build.ts gives it', () => {
    expect(isGantryImage(BUILT)).toBe(true);
    expect(isGantryImage(buildTag(newRunId(), 'build:Web_App.2'))).toBe(true);
    expect(isGantryImage('gantry:latest')).toBe(false);
    expect(isGantryImage('gantry-api:build')).toBe(false);
    expect(isGantryImage('localhost:5000/gantry-netns-holder')).toBe(false);
  });
});
