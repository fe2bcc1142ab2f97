/**
 * Completion of names, over a real LSP connection (issue 16): `image:` never offers an image
 * Gantry makes for itself.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompletionRequest, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol/node';
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
