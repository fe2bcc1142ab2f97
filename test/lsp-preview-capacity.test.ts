/**
 * The preview's capacity as it crosses the LSP connection (issue 16, "null containers"): an unset
 * `parallel` is unlimited, Infinity on the server, null once sent as JSON; the header the webview
 * prints from it (test/preview-render.test.ts renders it in a browser) names no container count.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatCapacity } from '../core/format';
import { PREVIEW_REQUEST, type PreviewData } from '../extension/src/protocol';
import { SAMPLE, URI } from './lsp/fixtures';
import { startHarness, type Harness } from './lsp/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.open(URI, SAMPLE);
});
afterAll(() => h.close());

it('an unset parallel arrives as null and the header leaves the container count out', async () => {
  const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: URI })) as PreviewData;
  expect(data.capacity).toEqual({ cpus: 2, memory: 4 * 2 ** 30, parallel: null });
  expect(formatCapacity(data.capacity!)).toBe('2 cpus, 4Gi memory');
});

it('a parallel the file sets is a container count', async () => {
  const uri = 'file:///work/parallel/gantry.yml';
  await h.open(uri, SAMPLE.replace('capacity: { cpus: 2, memory: 4Gi }', 'capacity: { cpus: 2, memory: 4Gi, parallel: 3 }'));
  const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri })) as PreviewData;
  expect(formatCapacity(data.capacity!)).toBe('2 cpus, 4Gi memory, 3 containers');
});
