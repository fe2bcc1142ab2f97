/**
 * The preview marks the tasks a run would take from the task cache (`.gantry/cache/` beside the
 * document, as `gantry plan` reads it) and gives the makespan without them, over a real LSP
 * connection. The entry is stored as a run stores it (core/host/cache-store.ts), with the plan
 * key the run computes (core/run/cache-run.ts); the engine path is test/cache-engine.test.ts's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PREVIEW_REQUEST, type PreviewData } from '../extension/src/protocol';
import { startHarness, type Harness } from './lsp/harness';
import { validate } from '../core/validate';
import { attemptCacheKeys } from '../core/run/cache-run';
import { PLAN_IMAGE_PLACEHOLDER } from '../core/cache-key';
import { saveCache } from '../core/host/cache-store';

const TEXT = `version: 1
capacity: { cpus: 2, memory: 4Gi }
tasks:
  make:
    image: busybox
    estimate: 30s
    run: echo made
    outputs: [v]
    cache: { key: [input.txt] }
  use:
    image: busybox
    estimate: 30s
    needs: [make]
    run: echo \${{ needs.make.outputs.v }}
    cache: {}
  tail:
    image: busybox
    estimate: 20s
    needs: [use]
    run: "true"
`;

const dir = mkdtempSync(join(tmpdir(), 'gantry-lsp-cache-'));
const file = join(dir, 'gantry.yml');
const uri = pathToFileURL(file).href;
let h: Harness;
beforeAll(async () => {
  writeFileSync(file, TEXT);
  writeFileSync(join(dir, 'input.txt'), 'one');
  // make's entry, as a run that made v=1 would have stored it.
  const graph = validate(TEXT).graph!;
  const make = graph.byId.get('make')!;
  const keys = attemptCacheKeys({ id: 'make#1', unit: make, number: 1, memory: make.memory, needsOutputs: {} }, PLAN_IMAGE_PLACEHOLDER, { baseDir: dir, policy: 'trusted', secrets: {} });
  saveCache(dir, file, { task: 'make', key: 'a'.repeat(64), planKey: keys.planKey, run: '20260101-000000-ab12', when: new Date().toISOString(), outputs: { v: '1' } }, undefined);
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

it('marks make cached (use needs its output, which only a use entry could match) and gives the makespan without it', async () => {
  await h.open(uri, TEXT);
  const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri })) as PreviewData;
  expect(data.units.filter((u) => u.cached !== undefined).map((u) => [u.id, u.cached])).toEqual([['make', '20260101-000000-ab12']]);
  expect(data.makespanWithoutCached).toBeDefined();
  expect(data.makespanWithoutCached!).toBeLessThan(data.makespan!);
  expect(data.makespan! - data.makespanWithoutCached!).toBeGreaterThanOrEqual(30_000);
});

it('marks nothing once the key file changed', async () => {
  writeFileSync(join(dir, 'input.txt'), 'two');
  const other = pathToFileURL(join(dir, 'gantry.yml')).href;
  // A new version of the document: analysed again.
  await h.change(other, `${TEXT}\n`);
  const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: other })) as PreviewData;
  expect(data.units.filter((u) => u.cached !== undefined)).toEqual([]);
  expect(data.makespanWithoutCached).toBeUndefined();
});
