/**
 * The preview of a file on a Docker Swarm (issues 14 and 16), over a real LSP connection: the
 * server asks a node source (a plain object here, swarm-nodes.ts in the editor) in the
 * background, answers diagnostics and the preview without waiting for it, then validates and
 * plans again with the nodes — `exceeds-node` at its place, each unit's node as `gantry plan
 * --json` places it. A swarm that cannot be asked is a one-line notice; one node changes nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeCapacity } from '../core/backend';
import type { CliIo } from '../cli/io';
import { runPlan } from '../cli/plan';
import { PREVIEW_CHANGED_NOTIFICATION, PREVIEW_REQUEST, type PreviewData } from '../extension/src/protocol';
import type { NodeProvider, SwarmAnswer } from '../extension/src/server/node-provider';
import { at, startHarness, type Harness } from './lsp/harness';

const GiB = 2 ** 30;
const node = (id: string, name: string, cpus: number, home = false): NodeCapacity => ({ id, name, capacity: { cpus, memory: 4 * GiB, parallel: Infinity }, ...(home ? { home: true } : {}) });
const TWO = [node('n1', 'manager', 1, true), node('n2', 'worker', 1)];
const OVERHEAD = 1_000;

const BATCH = `version: 1
capacity: { engine: swarm }
defaults: { image: busybox, cpus: 1, memory: 128Mi }
volumes:
  cache: {}
tasks:
  build: { run: "true", estimate: 20s, volumes: ["cache:/c"] }
  test: { needs: [build], run: "true", estimate: 10s, volumes: ["cache:/c"] }
  lint: { run: "true", estimate: 10s }
  docs: { run: "true", estimate: 10s }
`;

const dir = mkdtempSync(join(tmpdir(), 'gantry-lsp-nodes-'));
const harnesses: Harness[] = [];
afterAll(() => {
  for (const h of harnesses) h.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A node source whose answer the test gives when it wants; counts the questions. */
function heldNodes(): NodeProvider & { asked: number; answer(a: SwarmAnswer): void } {
  let give: (a: SwarmAnswer) => void = () => undefined;
  const answer = new Promise<SwarmAnswer>((resolve) => (give = resolve));
  const source = { asked: 0, nodes: () => (source.asked++, answer), answer: (a: SwarmAnswer) => give(a) };
  return source;
}

async function harness(nodes: NodeProvider, policy?: 'strict') {
  const h = await startHarness({ nodes, ...(policy ? { initializationOptions: { policy } } : {}) });
  harnesses.push(h);
  // Every `gantry/previewChanged`, in order; `nextPreview` waits for one that passes `test`.
  const seen: PreviewData[] = [];
  const waiters: { test: (d: PreviewData) => boolean; resolve: (d: PreviewData) => void }[] = [];
  h.client.onNotification(PREVIEW_CHANGED_NOTIFICATION, (data: PreviewData) => {
    seen.push(data);
    for (const w of waiters.splice(0)) (w.test(data) ? w.resolve(data) : waiters.push(w));
  });
  const nextPreview = (uri: string, test: (d: PreviewData) => boolean) =>
    new Promise<PreviewData>((resolve) => {
      const found = seen.find((d) => d.uri === uri && test(d));
      if (found) resolve(found);
      else waiters.push({ test: (d) => d.uri === uri && test(d), resolve });
    });
  const preview = (uri: string) => h.client.sendRequest(PREVIEW_REQUEST, { uri }) as Promise<PreviewData>;
  return { h, nextPreview, preview };
}

/** `<dir>/<name>/gantry.yml` (a name the server takes for a batch file), holding `text`. */
function fileOf(name: string, text: string): string {
  mkdirSync(join(dir, name));
  const path = join(dir, name, 'gantry.yml');
  writeFileSync(path, text);
  return path;
}

/** `gantry plan --json --no-history` of the file, given the same nodes and overhead. */
async function cliPlan(path: string, nodes: NodeCapacity[]) {
  const out: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (c, _e, done) => (into.push(String(c)), done()) });
  const io: CliIo = { stdout: sink(out), stderr: sink([]), cwd: dir, env: {}, signal: new AbortController().signal };
  expect(await runPlan([path, '--json', '--no-history'], io, { nodes, startOverhead: OVERHEAD })).toBe(0);
  return JSON.parse(out.join('')) as { makespan: number; tasks: { name: string; start: number; node?: string; pinned?: string }[] };
}

describe('the preview of a file on the swarm', () => {
  it('answers at once, then places each unit on a node as gantry plan does once the swarm answers', async () => {
    const source = heldNodes();
    const { h, nextPreview, preview } = await harness(source);
    const path = fileOf('two', BATCH);
    const uri = pathToFileURL(path).href;

    // Diagnostics and the preview do not wait for the swarm: planned on this machine meanwhile.
    expect(await h.open(uri, BATCH)).toEqual([]);
    const before = await preview(uri);
    expect(source.asked).toBeGreaterThan(0);
    expect(before.engineNotice).toBe('asking the swarm for its nodes: planned on this machine meanwhile');
    expect(before.nodes).toBeUndefined();
    expect(before.units.every((u) => u.node === undefined)).toBe(true);
    expect(before.units).toHaveLength(4);

    source.answer({ ok: true, nodes: TWO, startOverhead: OVERHEAD });
    // Validated again with the nodes (same version, nothing wrong), then the preview follows.
    expect((await h.nextDiagnostics(uri)).diagnostics).toEqual([]);
    const after = await nextPreview(uri, (d) => d.nodes !== undefined);
    expect(after.engineNotice).toBeUndefined();
    expect(after.nodes).toEqual([
      { id: 'n1', name: 'manager', cpus: 1, memory: 4 * GiB, home: true },
      { id: 'n2', name: 'worker', cpus: 1, memory: 4 * GiB },
    ]);
    // The nodes' sum, as gantry plan plans on them.
    expect(after.capacity).toEqual({ cpus: 2, memory: 8 * GiB, parallel: null });

    const cli = await cliPlan(path, TWO);
    const byId = new Map(after.units.map((u) => [u.id, u]));
    expect(cli.tasks.map((t) => [t.name, byId.get(t.name)?.node, byId.get(t.name)?.pinned, byId.get(t.name)!.start / 1000])).toEqual(
      cli.tasks.map((t) => [t.name, t.node, t.pinned, t.start]),
    );
    expect(cli.tasks.map((t) => [t.name, t.node])).toEqual([
      ['build', 'n1'],
      ['test', 'n1'],
      ['lint', 'n2'],
      ['docs', 'n2'],
    ]);
    expect(byId.get('build')!.pinned).toBe('shares volume cache with test');
    expect(after.makespan! / 1000).toBe(cli.makespan);
    // The swarm's start overhead is in every bar: lint starts at 0 and takes 10 s + 1 s.
    expect(byId.get('lint')!.end - byId.get('lint')!.start).toBe(11_000);

    // A preview asked for now has the same, from the same answer (the source is not asked anew per keystroke: its cache).
    const again = await preview(uri);
    expect(again.units.map((u) => u.node)).toEqual(after.units.map((u) => u.node));
  });

  it('gives exceeds-node at the request of a unit no node can take, and keeps the last schedule', async () => {
    const source = heldNodes();
    source.answer({ ok: true, nodes: TWO });
    const { h, preview } = await harness(source);
    const uri = pathToFileURL(fileOf('wide', BATCH)).href;
    await h.open(uri, BATCH);
    // The answer is there once the server asked; from then on every version is checked against it.
    await h.nextDiagnostics(uri);
    const wide = BATCH.replace('docs: { run: "true", estimate: 10s }', 'docs: { run: "true", estimate: 10s, cpus: 2 }');
    const diagnostics = await h.change(uri, wide);
    const exceeds = diagnostics.filter((d) => d.code === 'exceeds-node');
    expect(exceeds).toHaveLength(1);
    expect(exceeds[0].message).toContain('no single node has that much (the largest: manager (1 cpu, 4Gi))');
    const value = at(wide, 'cpus: 2', 'cpus: '.length);
    expect(exceeds[0].range.start).toEqual(value);
    expect(exceeds[0].range.end).toEqual({ line: value.line, character: value.character + 1 });
    const data = await preview(uri);
    expect(data.errors).toBe(1);
    expect(data.stale).toEqual({ version: 1 });
    expect(data.nodes?.map((n) => n.name)).toEqual(['manager', 'worker']);
  });

  it('plans on this machine with a one-line notice when the swarm cannot be asked', async () => {
    const source = heldNodes();
    source.answer({ ok: false, problem: 'The Docker engine at unix:///var/run/docker.sock is not part of a swarm (its swarm state is inactive).' });
    const { h, preview } = await harness(source);
    const uri = pathToFileURL(fileOf('down', BATCH)).href;
    await h.open(uri, BATCH);
    // Checked again once the answer is in (a new answer: none before).
    expect((await h.nextDiagnostics(uri)).diagnostics).toEqual([]);
    const data = await preview(uri);
    expect(data.engineNotice).toBe('swarm not reachable: planned on this machine (The Docker engine at unix:///var/run/docker.sock is not part of a swarm (its swarm state is inactive).)');
    expect(data.nodes).toBeUndefined();
    // The harness's machine: 4 cpus, 8Gi.
    expect(data.capacity).toEqual({ cpus: 4, memory: 8 * GiB, parallel: null });
    expect(data.units.every((u) => u.node === undefined && u.pinned === undefined)).toBe(true);
  });

  it('changes nothing for one node, and does not ask for a file that is not on the swarm', async () => {
    const source = heldNodes();
    source.answer({ ok: true, nodes: [{ ...node('solo', 'solo', 3, true) }] });
    const { h, preview } = await harness(source);
    const plain = BATCH.replace('capacity: { engine: swarm }\n', '');
    const plainUri = pathToFileURL(fileOf('plain', plain)).href;
    await h.open(plainUri, plain);
    const local = await preview(plainUri);
    expect(source.asked).toBe(0);
    expect(local.engineNotice).toBeUndefined();
    expect(local.nodes).toBeUndefined();

    const uri = pathToFileURL(fileOf('solo', BATCH)).href;
    await h.open(uri, BATCH);
    await h.nextDiagnostics(uri);
    const data = await preview(uri);
    expect(source.asked).toBeGreaterThan(0);
    expect(data.engineNotice).toBeUndefined();
    expect(data.nodes).toBeUndefined();
    expect(data.units.every((u) => u.node === undefined)).toBe(true);
    // The one node's figures, as a run on it packs against.
    expect(data.capacity).toEqual({ cpus: 3, memory: 4 * GiB, parallel: null });
  });

  it('does not ask under strict, which refuses the file\'s swarm', async () => {
    const source = heldNodes();
    source.answer({ ok: true, nodes: TWO });
    const { h, preview } = await harness(source, 'strict');
    const uri = pathToFileURL(fileOf('strict', BATCH)).href;
    const diagnostics = await h.open(uri, BATCH);
    expect(diagnostics.map((d) => d.code)).toContain('policy-engine-swarm');
    const data = await preview(uri);
    expect(source.asked).toBe(0);
    expect(data.engineNotice).toBeUndefined();
    expect(data.nodes).toBeUndefined();
  });
});
