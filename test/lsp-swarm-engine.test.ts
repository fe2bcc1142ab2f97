/**
 * The language server asks the real engine for a swarm's nodes (extension/src/server/swarm-nodes.ts):
 * this machine's engine is a single-node swarm manager, so a file with `capacity.engine: swarm` is
 * validated and planned against that node's cpus and memory (not the editor's machine figures),
 * with no notice. An engine that is not there is an answer, in a line, not an exception; answers
 * are kept for a while per Docker host, then asked again.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_REQUEST, type PreviewData } from '../extension/src/protocol';
import { swarmNodes } from '../extension/src/server/swarm-nodes';
import { startHarness, type Harness } from './lsp/harness';

const BATCH = `version: 1
capacity: { engine: swarm }
defaults: { image: busybox, memory: 64Mi }
tasks:
  build: { run: "true", estimate: 5s, cpus: 1 }
  test: { needs: [build], run: "true", estimate: 5s, cpus: 1 }
`;

interface Node { Status?: { State?: string }; Spec?: { Availability?: string }; Description?: { Resources?: { NanoCPUs?: number; MemoryBytes?: number } } }

const docker = new Dockerode();
/** Why the real-engine test cannot run here, or undefined when the engine is a swarm manager. */
let notManager: string | undefined;
const dir = mkdtempSync(join(tmpdir(), 'gantry-lsp-swarm-'));
let h: Harness | undefined;

beforeAll(async () => {
  try {
    const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
    if (info.Swarm?.LocalNodeState !== 'active' || !info.Swarm.ControlAvailable) notManager = `the Docker engine is not a swarm manager (swarm state ${info.Swarm?.LocalNodeState || 'unknown'}); run \`docker swarm init\` to run this test`;
  } catch (error) {
    notManager = `no Docker engine answers (${error instanceof Error ? error.message : String(error)})`;
  }
});
afterAll(() => {
  h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the swarm asked by the language server', () => {
  it('plans a file on the swarm against the nodes the engine lists (or says why it is skipped)', async (ctx) => {
    if (notManager) {
      console.warn(`skipped: ${notManager}`);
      ctx.skip();
    }
    h = await startHarness({ nodes: swarmNodes({ env: process.env, timeoutMs: 10_000 }), machine: { cpus: 64, memory: 256 * 2 ** 30 } });
    mkdirSync(join(dir, 'real'));
    const path = join(dir, 'real', 'gantry.yml');
    writeFileSync(path, BATCH);
    const uri = pathToFileURL(path).href;
    expect(await h.open(uri, BATCH)).toEqual([]);
    // The answer is new to the server: the file is checked again with it.
    expect((await h.nextDiagnostics(uri)).diagnostics).toEqual([]);
    const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri })) as PreviewData;

    const ready = ((await docker.listNodes()) as Node[]).filter((n) => n.Status?.State === 'ready' && (n.Spec?.Availability ?? 'active') === 'active');
    const cpus = ready.reduce((sum, n) => sum + (n.Description?.Resources?.NanoCPUs ?? 0) / 1e9, 0);
    const memory = ready.reduce((sum, n) => sum + (n.Description?.Resources?.MemoryBytes ?? 0), 0);
    expect(data.engineNotice).toBeUndefined();
    // The engine's figures, not the editor's (64 cpus, 256Gi).
    expect(data.capacity).toEqual({ cpus, memory, parallel: null });
    if (ready.length === 1) {
      expect(data.nodes).toBeUndefined();
      expect(data.units.every((u) => u.node === undefined)).toBe(true);
    } else {
      expect(data.nodes).toHaveLength(ready.length);
    }
    expect(h.logged).toEqual([]);
  });

  it('answers in a line when no engine is there', async () => {
    const source = swarmNodes({ env: { DOCKER_HOST: `unix://${join(dir, 'no-engine.sock')}` }, timeoutMs: 5_000 });
    const answer = await source.nodes();
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.problem).not.toContain('\n');
    expect(answer.problem.length).toBeLessThanOrEqual(160);
    expect(answer.problem).toMatch(/no-engine\.sock|connect|ENOENT/);
  });

  it('keeps an answer per Docker host while it is fresh, then asks again', async () => {
    let now = 0;
    const env: NodeJS.ProcessEnv = { DOCKER_HOST: `unix://${join(dir, 'a.sock')}` };
    const source = swarmNodes({ env, ttlMs: 1_000, now: () => now, timeoutMs: 5_000 });
    const first = source.nodes();
    expect(source.nodes()).toBe(first);
    // Another host: its own answer.
    env.DOCKER_HOST = `unix://${join(dir, 'b.sock')}`;
    const other = source.nodes();
    expect(other).not.toBe(first);
    env.DOCKER_HOST = `unix://${join(dir, 'a.sock')}`;
    expect(source.nodes()).toBe(first);
    now = 1_001;
    expect(source.nodes()).not.toBe(first);
    await Promise.all([first, other]);
  });
});
