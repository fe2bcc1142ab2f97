/**
 * What a container really used, on the real engine: peak memory from the kernel's own maximum
 * (the container's cgroup on this host, or the engine's `max_usage` on cgroup v1) rather than
 * once-a-second samples, an OOM-killed attempt's peak at least its limit, the CPU rate series,
 * and services measured too. No timing is asserted.
 *
 * `dd bs=150M count=1` is what really allocates here: busybox's dd holds one 150 MiB buffer and
 * fills it from /dev/zero (anonymous memory, charged to the container's cgroup), for a fraction
 * of a second. (`head -c 150m /dev/zero | tail -c 1` streams and allocates nothing; /dev/shm is
 * only 64 MiB in a container.)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupRun } from '../core/backends/docker/cleanup';
import { findContainerCgroup } from '../core/backends/docker/cgroup';
import type { DockerExecutor, DockerExecutorOptions } from '../core/backends/docker/executor';
import { attemptOf, collectingSink, executor, leftovers, newRunId, run, testDocker, unit } from './docker-helpers';

const docker = testDocker();
const runs: Array<{ runId: string; executor: DockerExecutor }> = [];
const MiB = 1024 * 1024;
const SPIKE = 'dd if=/dev/zero of=/dev/null bs=150M count=1';
/** The engine's containers' cgroups are visible here (a local engine, cgroupfs driver). */
const LOCAL_CGROUPFS = existsSync('/sys/fs/cgroup/memory/docker') || existsSync('/sys/fs/cgroup/docker');

function newExecutor(extra: Partial<DockerExecutorOptions> = {}): DockerExecutor {
  const runId = newRunId();
  const ex = executor(docker, runId, extra);
  runs.push({ runId, executor: ex });
  return ex;
}

afterEach(async () => {
  for (const { runId, executor: ex } of runs.splice(0)) {
    await ex.teardown();
    await cleanupRun(docker, { runId });
    expect(await leftovers(docker, runId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  }
});

async function cgroupVersion(): Promise<string> {
  return String(((await docker.info()) as { CgroupVersion?: string }).CgroupVersion ?? '1');
}

describe('peak memory', () => {
  it('a 150 MiB spike of well under a second is seen at its height (the kernel maximum, not a sample)', async () => {
    const ex = newExecutor();
    const u = unit({ id: 'spike', memory: 512 * MiB, cpus: 1, run: `${SPIKE} 2>/dev/null && sleep 1.5` });
    await ex.setup([u]);
    const outcome = await run(ex, attemptOf(u));
    expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
    const usage = outcome.usage!;
    expect(usage.peakMemory, JSON.stringify(usage)).toBeGreaterThanOrEqual(140 * MiB);
    expect(['cgroup', 'engine']).toContain(usage.peakSource);
    // A local engine with the cgroupfs driver: its cgroup is read (a remote or nested engine falls back).
    if (LOCAL_CGROUPFS) expect(usage.peakSource).toBe('cgroup');
  });

  it("without the host's cgroups, cgroup v1's max_usage from the engine's stats still sees the spike", async () => {
    if ((await cgroupVersion()) !== '1') return; // cgroup v2 engines send no maximum: samples only.
    const ex = newExecutor({ cgroupRoot: false });
    const u = unit({ id: 'spike-engine', memory: 512 * MiB, cpus: 1, run: `${SPIKE} 2>/dev/null && sleep 1.5` });
    await ex.setup([u]);
    const outcome = await run(ex, attemptOf(u));
    expect(outcome.status).toBe('succeeded');
    expect(outcome.usage!.peakMemory, JSON.stringify(outcome.usage)).toBeGreaterThanOrEqual(140 * MiB);
    expect(outcome.usage!.peakSource).toBe('engine');
  });

  it("an OOM-killed attempt's peak is at least its limit", async () => {
    const ex = newExecutor();
    const u = unit({ id: 'oom', memory: 64 * MiB, run: SPIKE });
    await ex.setup([u]);
    const outcome = await run(ex, attemptOf(u));
    expect(outcome.status, JSON.stringify(outcome)).toBe('oom');
    expect(outcome.usage!.peakMemory).toBeGreaterThanOrEqual(64 * MiB);
  });

  it('a service is measured too: stopping it hands over its usage', async () => {
    const sink = collectingSink();
    const ex = newExecutor({ logs: sink });
    const svc = unit({ id: 'svc', kind: 'service', memory: 512 * MiB, cpus: 1, run: `${SPIKE} && sleep 60` });
    await ex.setup([svc]);
    await new Promise<string>((resolve) => ex.startService(svc, { healthy: () => resolve('healthy'), failed: resolve }));
    // dd reports on stderr when its buffer is filled and freed.
    await until(() => sink.lines.some((l) => l.unitId === 'svc' && /records out/.test(l.text)));
    const usage = ex.stopService('svc');
    rmSync(sink.dir, { recursive: true, force: true });
    expect(usage, 'measured').toBeDefined();
    // Read from its cgroup while it still runs, or from the engine's max_usage (cgroup v1).
    if (usage!.peakSource === 'cgroup' || usage!.peakSource === 'engine') expect(usage!.peakMemory).toBeGreaterThanOrEqual(140 * MiB);
    else expect(LOCAL_CGROUPFS, `fell back to samples: ${JSON.stringify(usage)}`).toBe(false);
  });
});

describe('cpu', () => {
  it('keeps the rate between samples, not only the total', async () => {
    const ex = newExecutor();
    const u = unit({ id: 'busy', cpus: 1, run: "timeout 4 sh -c 'while :; do :; done' || true" });
    await ex.setup([u]);
    const outcome = await run(ex, attemptOf(u));
    const rates = outcome.usage?.cpuRates ?? [];
    expect(rates.length, JSON.stringify(outcome.usage)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...rates)).toBeGreaterThan(0.2);
    expect(outcome.usage!.samples).toBeGreaterThanOrEqual(3);
    // A local engine: how busy the machine was, interval by interval.
    if (LOCAL_CGROUPFS) expect(outcome.usage!.hostBusy?.length).toBe(rates.length);
  });
});

describe('finding the cgroup', () => {
  it('only by a container id, only on a cgroup filesystem', () => {
    expect(findContainerCgroup('../../../etc/passwd')).toBeUndefined();
    expect(findContainerCgroup('ABC')).toBeUndefined();
    // A look-alike layout on an ordinary filesystem is not a cgroup.
    const root = mkdtempSync(join(tmpdir(), 'gantry-cgroup-'));
    try {
      const id = 'a'.repeat(64);
      for (const dir of [`docker/${id}`, `memory/docker/${id}`]) mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, `docker/${id}/memory.peak`), '123\n');
      writeFileSync(join(root, `memory/docker/${id}/memory.max_usage_in_bytes`), '123\n');
      expect(findContainerCgroup(id, root)).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
