/**
 * `gantry plan --shards N` and `gantry run --shard I/N` (cli/shards.ts): the action's partition
 * (core/shard.ts, the same cpus figure), shown per shard with its predicted makespan, and run on the
 * real engine one part at a time.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-io';
import { validate } from '../core/validate';
import { PARTITION_CPUS, partition } from '../core/shard';

const dir = mkdtempSync(join(tmpdir(), 'gantry-cli-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const gantry = (argv: string[]) => runCli(argv, { cwd: dir });

const BATCH = `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
tasks:
  prep: { run: echo prep, estimate: 4s }
  unit: { needs: [prep], matrix: { n: [1, 2, 3, 4, 5, 6] }, run: "echo unit \${{ matrix.n }}", estimate: 3s }
  lint: { run: echo lint, estimate: 5s }
`;
writeFileSync(join(dir, 'gantry.yml'), BATCH);

describe('gantry plan --shards', () => {
  it("--json: the action's partition for the same file and cpus, each shard with its simulated makespan", async () => {
    const r = await gantry(['plan', 'gantry.yml', '--shards', '3', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { shards: Array<{ shard: number; tasks: string[]; runs: string[]; shared: string[]; makespan: number; balanced: number }> };
    const v = validate(BATCH);
    // As action/run-action.ts computes it for `shard: i/3`.
    const expected = partition(v.graph!, 3, v.file!.capacity.cpus ?? PARTITION_CPUS);
    expect(out.shards.map((s) => s.tasks)).toEqual(expected.map((s) => s.tasks));
    expect(out.shards.map((s) => s.shard)).toEqual([1, 2, 3]);
    // Every task exactly once; prep runs wherever a unit needs it.
    expect(out.shards.flatMap((s) => s.tasks).sort()).toEqual(['lint', 'prep', ...[1, 2, 3, 4, 5, 6].map((n) => `unit[n=${n}]`)].sort());
    for (const s of out.shards) if (s.tasks.some((t) => t.startsWith('unit'))) expect(s.runs).toContain('prep');
    for (const s of out.shards) expect(s.makespan).toBeGreaterThan(0);
  });

  it('for people: which tasks run where, what else each runs, the longest shard', async () => {
    const r = await gantry(['plan', 'gantry.yml', '--shards', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2 shards \(partition balanced for 2 cpus; run each with --shard I\/2/);
    expect(r.stdout).toMatch(/^shard 1\/2 {2}predicted +[\d.]+s {2}\d tasks: /m);
    expect(r.stdout).toMatch(/^shard 2\/2 {2}predicted +[\d.]+s {2}\d tasks: .*also runs what they need: prep \(also in another shard\)$/m);
    expect(r.stdout).toMatch(/^longest shard: [\d.]+s \(shard [12]\/2\)/m);
  });

  it('--cpus changes the partition as the action\'s `cpus` input does', async () => {
    const one = JSON.parse((await gantry(['plan', 'gantry.yml', '--shards', '3', '--json', '--cpus', '1'])).stdout) as { shards: Array<{ tasks: string[] }> };
    const v = validate(BATCH);
    expect(one.shards.map((s) => s.tasks)).toEqual(partition(v.graph!, 3, 1).map((s) => s.tasks));
  });

  it('refuses a bad count with a usage line', async () => {
    for (const bad of ['0', '257', 'x', '1.5']) {
      const r = await gantry(['plan', 'gantry.yml', '--shards', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`gantry plan: --shards takes a whole number from 1 to 256 (got "${bad}")`);
    }
  });
});

describe('gantry run --shard', () => {
  it('runs its part on the engine: together the shards run every task once', async () => {
    const plan = JSON.parse((await gantry(['plan', 'gantry.yml', '--shards', '2', '--json'])).stdout) as { shards: Array<{ tasks: string[]; runs: string[] }> };
    const ran: string[] = [];
    for (const i of [1, 2]) {
      const r = await gantry(['run', 'gantry.yml', '--shard', `${i}/2`, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`gantry: shard ${i}/2: ${plan.shards[i - 1].tasks.join(', ')}`);
      const out = JSON.parse(r.stdout) as { tasks: Array<{ name: string; status: string }> };
      expect(out.tasks.map((t) => t.name).sort()).toEqual([...plan.shards[i - 1].runs].sort());
      ran.push(...out.tasks.filter((t) => plan.shards[i - 1].tasks.includes(t.name)).map((t) => t.name));
    }
    expect(ran.sort()).toEqual(['lint', 'prep', ...[1, 2, 3, 4, 5, 6].map((n) => `unit[n=${n}]`)].sort());
    expect(readFileSync(join(dir, 'gantry.yml'), 'utf8')).toBe(BATCH);
  }, 120_000);

  it('a shard the partition leaves empty runs nothing and succeeds', async () => {
    writeFileSync(join(dir, 'one.yml'), 'version: 1\ntasks:\n  only: { image: busybox:latest, run: "true" }\n');
    const r = await gantry(['run', 'one.yml', '--shard', '2/2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('gantry: shard 2/2: no tasks\n');
  });

  it('refuses a malformed shard, and --shard with --only', async () => {
    const bad = await gantry(['run', 'gantry.yml', '--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('gantry run: --shard takes INDEX/TOTAL with 1 ≤ INDEX ≤ TOTAL ≤ 256, e.g. 2/4 (got "3/2")');
    const both = await gantry(['run', 'gantry.yml', '--shard', '1/2', '--only', 'lint']);
    expect(both.code).toBe(2);
    expect(both.stderr.split('\n')[0]).toBe('gantry run: --shard and --only cannot be combined');
  });
});
