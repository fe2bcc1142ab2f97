/** `gantry plan` with several nodes (what `--engine swarm` hands `runPlan`): a node column, a line per node, the pinned units. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeCapacity } from '../core/backend';
import type { CliIo } from '../cli/io';
import { runPlan, type PlanEngine } from '../cli/plan';

const dir = mkdtempSync(join(tmpdir(), 'gantry-cli-plan-nodes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GiB = 2 ** 30;
const node = (id: string, name: string, cpus: number, home = false): NodeCapacity => ({ id, name, capacity: { cpus, memory: 4 * GiB, parallel: Infinity }, ...(home ? { home: true } : {}) });
const nodes = [node('n1', 'manager', 1, true), node('n2', 'worker', 1)];

const BATCH = `version: 1
capacity: { cpus: 2, memory: 8Gi }
defaults: { image: busybox, cpus: 1, memory: 128Mi }
volumes:
  cache: {}
tasks:
  build: { run: "true", estimate: 20s, volumes: ["cache:/c"] }
  test: { needs: [build], run: "true", estimate: 10s, volumes: ["cache:/c"] }
  lint: { run: "true", estimate: 10s }
  docs: { run: "true", estimate: 10s }
`;

async function plan(argv: string[], engine: PlanEngine) {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) => new Writable({ write: (c, _e, done) => (into.push(String(c)), done()) });
  const io: CliIo = { stdout: Object.assign(sink(chunks.out), { columns: 100 }), stderr: sink(chunks.err), cwd: dir, env: {}, signal: new AbortController().signal };
  const code = await runPlan(argv, io, engine);
  return { code, stdout: chunks.out.join(''), stderr: chunks.err.join('') };
}

describe('gantry plan on several nodes', () => {
  writeFileSync(join(dir, 'batch.yml'), BATCH);

  it('shows the node of each task, a line per node, and what is pinned to the home node', async () => {
    const r = await plan(['batch.yml', '--no-history'], { nodes });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['Plan on 2 cpus, 8Gi memory: 4 units', '  node manager: 1 cpu, 4Gi memory (home), 2 units', '  node worker: 1 cpu, 4Gi memory, 2 units']);
    expect(lines.find((l) => l.startsWith('build '))).toMatch(/^build manager \|#+ +\| 0s–20s$/);
    expect(lines.find((l) => l.startsWith('test '))).toMatch(/^test  manager \|/);
    expect(lines.find((l) => l.startsWith('lint '))).toMatch(/^lint  worker  \|/);
    expect(lines.find((l) => l.startsWith('docs '))).toMatch(/^docs  worker  \|/);
    expect(r.stdout).toContain('pinned         to the home node manager: build (shares volume cache with test), test (shares volume cache with build)');
    // build and test (20.4 s + 10.4 s) on the manager; docs and lint one after the other on the worker.
    expect(r.stdout).toContain('makespan       31s (1.00× the lower bound)');
  });

  it('--json has the nodes, and each task its node and why it is pinned', async () => {
    const r = await plan(['batch.yml', '--no-history', '--json'], { nodes });
    const out = JSON.parse(r.stdout);
    expect(out.nodes).toEqual([
      { id: 'n1', name: 'manager', cpus: 1, memory: 4 * GiB, home: true },
      { id: 'n2', name: 'worker', cpus: 1, memory: 4 * GiB },
    ]);
    expect(out.tasks.map((t: { name: string; node: string; pinned?: string }) => [t.name, t.node, t.pinned ?? null])).toEqual([
      ['build', 'n1', 'shares volume cache with test'],
      ['test', 'n1', 'shares volume cache with build'],
      ['lint', 'n2', null],
      ['docs', 'n2', null],
    ]);
  });

  it('refuses a file with a unit that fits no node, saying which and why, with exit 2', async () => {
    writeFileSync(join(dir, 'wide.yml'), BATCH.replace('docs: { run: "true", estimate: 10s }', 'docs: { run: "true", estimate: 10s, cpus: 2 }'));
    const r = await plan(['wide.yml', '--no-history'], { nodes });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('gantry plan: docs needs 2 cpus and 128Mi, more than any single node has (the largest: manager (1 cpu, 4Gi))\n');
  });

  it('prints as without an engine for one node', async () => {
    const one = await plan(['batch.yml', '--no-history'], { nodes: [node('local', 'local', 2, true)] });
    const none = await plan(['batch.yml', '--no-history'], {});
    expect(one.stdout).toBe(none.stdout);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('Plan on 2 cpus, 8Gi memory: 4 units\n\nbuild |');
  });
});
