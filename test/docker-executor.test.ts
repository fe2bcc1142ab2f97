/**
 * The Docker executor on the real engine, driven directly with hand-built units and attempts.
 * Every test tears its run down and checks with the engine that nothing labelled remains.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../core/executor';
import type { Unit } from '../core/model';
import { cleanupRun } from '../core/backends/docker/cleanup';
import { cpuLimit, type DockerExecutor, type DockerExecutorEvent, type DockerExecutorOptions } from '../core/backends/docker/executor';
import { LABEL_ROLE, LABEL_UNIT } from '../core/backends/docker/labels';
import { attemptOf, collectingSink, executor, leftovers, newRunId, run, testDocker, unit } from './docker-helpers';

const docker = testDocker();
const runs: Array<{ runId: string; executor: DockerExecutor }> = [];
const temp: string[] = [];

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
  for (const dir of temp.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;

describe('attempts', () => {
  it('reports success, exit codes, and only the declared outputs', async () => {
    const ex = newExecutor();
    const ok = unit({ id: 'ok', run: 'echo "version=1.2.3" >> "$GANTRY_OUTPUT"; echo "secret=x" >> "$GANTRY_OUTPUT"', outputs: ['version'] });
    const bad = unit({ id: 'bad', run: 'exit 3' });
    await ex.setup([ok, bad]);
    const [a, b] = await Promise.all([run(ex, attemptOf(ok)), run(ex, attemptOf(bad))]);
    expect(a).toMatchObject({ status: 'succeeded', exitCode: 0, outputs: { version: '1.2.3' } });
    expect(a.outputs).not.toHaveProperty('secret');
    expect(b).toMatchObject({ status: 'failed', exitCode: 3, message: 'exit code 3' });
  });

  it("substitutes needs' outputs into the command, env and workdir", async () => {
    const ex = newExecutor({ logs: collectingSink() });
    const u = unit({
      id: 'use',
      run: 'echo "got ${{ needs.build.outputs.version }} $V $(pwd)"',
      env: { V: 'v=${{ needs.build.outputs.version }}' },
      workdir: '/tmp',
      needsExpression: true,
    });
    await ex.setup([u]);
    const sink = ex.options.logs as ReturnType<typeof collectingSink>;
    const outcome = await run(ex, attemptOf(u, 1, { build: { version: '4.5.6' } }));
    expect(outcome.status).toBe('succeeded');
    expect(sink.lines.map((l) => l.text)).toEqual(['got 4.5.6 v=4.5.6 /tmp']);
  });

  it('applies user, env, the limits and no-new-privileges', async () => {
    const sink = collectingSink();
    temp.push(sink.dir);
    const ex = newExecutor({ logs: sink, pidsLimit: 321 });
    const u = unit({
      id: 'limits',
      user: '65534:65534',
      cpus: 0.5,
      memory: 48 * MiB,
      env: { GREETING: 'hi there' },
      run: [
        'id -u',
        'echo "$GREETING"',
        'cat /sys/fs/cgroup/memory/memory.limit_in_bytes',
        'cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes 2>/dev/null || echo no-memsw',
        'cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us',
        'cat /sys/fs/cgroup/pids/pids.max',
        'grep NoNewPrivs /proc/self/status',
      ].join('; '),
    });
    await ex.setup([u]);
    const outcome = await run(ex, attemptOf(u));
    expect(outcome.status, outcome.message).toBe('succeeded');
    const lines = sink.lines.map((l) => l.text.replace(/\s+/g, ' '));
    expect(lines[0]).toBe('65534');
    expect(lines[1]).toBe('hi there');
    expect(lines[2]).toBe(String(48 * MiB));
    if (lines[3] !== 'no-memsw') expect(lines[3]).toBe(String(48 * MiB)); // MemorySwap = Memory: no swap
    expect(lines[4]).toBe('50000'); // 0.5 cpus of a 100 ms period
    expect(lines[5]).toBe('321');
    expect(lines[6]).toBe('NoNewPrivs: 1');
    // The full log went to the attempt's file too.
    expect(readFileSync(sink.file!('limits', 1)!, 'utf8').split('\n')[0]).toBe('65534');
  });

  it('gives a small cpu request the same share over a longer period, so its start is not throttled', async () => {
    const ex = newExecutor({ logs: collectingSink() });
    temp.push((ex.options.logs as ReturnType<typeof collectingSink>).dir);
    const cgroup = 'cat /sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/cpu/cpu.cfs_quota_us | tr "\\n" " "';
    const units = [0.1, 0.25, 0.02].map((cpus, i) => unit({ id: `cpu${i}`, cpus, run: cgroup }));
    await ex.setup(units);
    for (const u of units) expect((await run(ex, attemptOf(u))).status).toBe('succeeded');
    const lines = (ex.options.logs as ReturnType<typeof collectingSink>).lines.map((l) => `${l.unitId}: ${l.text.trim()}`);
    // 0.1 cpus: 25 ms of each 250 ms; 0.25 and above: the engine's 100 ms period (NanoCpus);
    // 0.02: the longest period the kernel takes (1 s), 20 ms of it.
    expect(lines).toEqual(['cpu0: 250000 25000', 'cpu1: 100000 25000', 'cpu2: 1000000 20000']);
    expect(cpuLimit(0)).toEqual({});
    expect(cpuLimit(0.001)).toEqual({ CpuPeriod: 1_000_000, CpuQuota: 1000 }); // the engine's least quota
    expect(cpuLimit(2)).toEqual({ NanoCpus: 2e9 });
  });

  it('shares a named volume between two tasks and binds host paths against baseDir (read-only)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'gantry-base-'));
    temp.push(base);
    writeFileSync(join(base, 'hello.txt'), 'from the checkout\n');
    const sink = collectingSink();
    temp.push(sink.dir);
    const ex = newExecutor({ baseDir: base, volumes: ['work'], logs: sink });
    const write = unit({ id: 'write', volumes: ['work:/work', '.:/src:ro'], run: 'cp /src/hello.txt /work/copy && echo made > /work/flag' });
    const read = unit({
      id: 'read',
      volumes: ['work:/work:ro', '.:/src:ro'],
      run: 'cat /work/copy /work/flag; touch /work/nope 2>/dev/null || echo volume-is-ro; touch /src/nope 2>/dev/null || echo bind-is-ro',
    });
    await ex.setup([write, read]);
    const volumes = await docker.listVolumes({ filters: JSON.stringify({ label: [`dev.gantry.run=${ex.options.runId}`] }) });
    expect(volumes.Volumes.map((v) => v.Name)).toEqual([ex.volumeName('work')]);
    expect((await run(ex, attemptOf(write))).status).toBe('succeeded');
    expect((await run(ex, attemptOf(read))).status).toBe('succeeded');
    expect(sink.lines.filter((l) => l.unitId === 'read').map((l) => l.text)).toEqual([
      'from the checkout',
      'made',
      'volume-is-ro',
      'bind-is-ro',
    ]);
  });

  it('reports an OOM kill as oom, naming the limit', async () => {
    const ex = newExecutor();
    const u = unit({ id: 'hungry', memory: 8 * MiB, run: 'head -c 64m /dev/zero | tail' });
    await ex.setup([u]);
    const outcome = await run(ex, attemptOf(u));
    expect(outcome.status, JSON.stringify(outcome)).toBe('oom');
    expect(outcome.exitCode).toBe(137);
    expect(outcome.message).toBe('out of memory (limit 8Mi)');
  });

  it('tells SIGTERM (143) and SIGKILL (137) apart when a process dies of a signal on its own', async () => {
    const ex = newExecutor();
    const term = unit({ id: 'term', run: 'kill -TERM $$; sleep 5' });
    const killed = unit({ id: 'killed', run: 'kill -KILL $$; sleep 5' });
    await ex.setup([term, killed]);
    const [t, k] = await Promise.all([run(ex, attemptOf(term)), run(ex, attemptOf(killed))]);
    expect(t).toMatchObject({ status: 'killed', exitCode: 143, signal: 'SIGTERM', message: 'killed by SIGTERM (exit code 143)' });
    expect(k).toMatchObject({ status: 'killed', exitCode: 137, signal: 'SIGKILL', message: 'killed by SIGKILL (exit code 137)' });
  });
});

/** Starts an attempt and kills it once its first line is out (the process is surely running). */
async function startThenKill(ex: DockerExecutor, u: ReturnType<typeof unit>, reason: 'timeout' | 'cancel' | 'fail-fast'): Promise<AttemptOutcome> {
  const sink = ex.options.logs as ReturnType<typeof collectingSink>;
  const attempt = attemptOf(u);
  const outcome = run(ex, attempt);
  await until(() => sink.lines.some((l) => l.unitId === u.id && l.text === 'ready'));
  ex.kill(attempt.id, reason);
  return outcome;
}

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('kill', () => {
  it('timeout: SIGTERM ends a normal process (143); one that ignores it gets SIGKILL after the grace (137)', async () => {
    const sink = collectingSink();
    temp.push(sink.dir);
    const ex = newExecutor({ logs: sink, killGraceMs: 1000 });
    const polite = unit({ id: 'polite', timeout: 30_000, run: 'echo ready; exec sleep 60' });
    const stubborn = unit({ id: 'stubborn', timeout: 30_000, run: "trap '' TERM; echo ready; while true; do sleep 1; done" });
    await ex.setup([polite, stubborn]);
    const [p, s] = await Promise.all([startThenKill(ex, polite, 'timeout'), startThenKill(ex, stubborn, 'timeout')]);
    expect(p).toMatchObject({ status: 'timeout', exitCode: 143, signal: 'SIGTERM', message: 'timed out after 30s; stopped with SIGTERM' });
    expect(s).toMatchObject({
      status: 'timeout',
      exitCode: 137,
      signal: 'SIGKILL',
      message: 'timed out after 30s; stopped with SIGKILL after SIGTERM was ignored',
    });
  });

  it('a process that exits 0 on SIGTERM still ends as timeout, with its exit code', async () => {
    const sink = collectingSink();
    temp.push(sink.dir);
    const ex = newExecutor({ logs: sink });
    const graceful = unit({ id: 'graceful', timeout: 30_000, run: "trap 'exit 0' TERM; echo ready; while true; do sleep 1; done" });
    await ex.setup([graceful]);
    const outcome = await startThenKill(ex, graceful, 'timeout');
    expect(outcome).toMatchObject({ status: 'timeout', exitCode: 0, message: 'timed out after 30s; exited with code 0 after SIGTERM' });
    expect(outcome.signal).toBeUndefined();
  });

  it('cancel and fail-fast report cancelled and killed; a kill before start never starts it', async () => {
    const sink = collectingSink();
    temp.push(sink.dir);
    const ex = newExecutor({ logs: sink });
    const a = unit({ id: 'a', run: 'echo ready; exec sleep 60' });
    const b = unit({ id: 'b', run: 'echo ready; exec sleep 60' });
    const c = unit({ id: 'c', run: 'echo never > /dev/stderr' });
    await ex.setup([a, b, c]);
    const [ca, cb] = await Promise.all([startThenKill(ex, a, 'cancel'), startThenKill(ex, b, 'fail-fast')]);
    expect(ca).toMatchObject({ status: 'cancelled', signal: 'SIGTERM' });
    expect(cb).toMatchObject({ status: 'killed', signal: 'SIGTERM', message: 'stopped by fail-fast; stopped with SIGTERM' });
    const attempt = attemptOf(c);
    const outcome = run(ex, attempt);
    ex.kill(attempt.id, 'cancel');
    expect(await outcome).toEqual({ status: 'cancelled', message: 'cancelled before it started' });
    expect(sink.lines.some((l) => l.unitId === 'c')).toBe(false);
  });

  it('teardown mid-run cancels everything and leaves zero labelled resources (repeated)', async () => {
    for (let round = 0; round < 3; round++) {
      const sink = collectingSink();
      temp.push(sink.dir);
      const runId = newRunId();
      const ex = executor(docker, runId, { logs: sink, volumes: ['shared'] });
      const tasks = [0, 1, 2].map((i) => unit({ id: `t${i}`, volumes: ['shared:/s'], run: "trap '' TERM; echo ready; while true; do sleep 1; done" }));
      const web = unit({ id: 'web', kind: 'service', run: 'echo ready; exec sleep 60' });
      await ex.setup([...tasks, web]);
      let serviceReport = '';
      ex.startService(web, { healthy: () => (serviceReport = 'healthy'), failed: (m) => (serviceReport = m) });
      const outcomes = tasks.map((t) => run(ex, attemptOf(t)));
      // A prepared container that never gets started must go too.
      ex.prepare(unit({ id: 'later', run: 'true' }));
      await until(() => tasks.every((t) => sink.lines.some((l) => l.unitId === t.id)) && serviceReport === 'healthy');
      expect((await leftovers(docker, runId)).containers).toBeGreaterThanOrEqual(4);
      const started = Date.now();
      await ex.teardown();
      const took = Date.now() - started;
      for (const o of await Promise.all(outcomes)) expect(o.status).toBe('cancelled');
      expect(await leftovers(docker, runId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
      // SIGTERM is ignored by these tasks; teardown removes with force instead of waiting the grace.
      expect(took).toBeLessThan(7000);
      expect(serviceReport).toBe('healthy'); // a stopped service is not reported as failed
      await ex.teardown(); // idempotent
    }
  });
});

describe('services', () => {
  it('reports healthy through the health check, and tasks reach it by name on the run network', async () => {
    const sink = collectingSink();
    temp.push(sink.dir);
    const ex = newExecutor({ logs: sink });
    const web = unit({
      id: 'web',
      kind: 'service',
      run: 'mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www',
      health: { run: 'wget -q -O- http://localhost:8080/', interval: 200, retries: 50 },
    });
    const client = unit({ id: 'client', run: 'wget -q -O- http://web:8080/' });
    await ex.setup([web, client]);
    const report = await new Promise<string>((resolve) => ex.startService(web, { healthy: () => resolve('healthy'), failed: resolve }));
    expect(report).toBe('healthy');
    const container = (await docker.listContainers({ filters: JSON.stringify({ label: [`${LABEL_UNIT}=web`, `dev.gantry.run=${ex.options.runId}`] }) }))[0];
    expect(container.Status).toContain('(healthy)');
    expect((await run(ex, attemptOf(client))).status).toBe('succeeded');
    expect(sink.lines.filter((l) => l.unitId === 'client').map((l) => l.text)).toEqual(['hello-from-web']);
    ex.stopService('web');
    await until(async () => (await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${LABEL_UNIT}=web`, `dev.gantry.run=${ex.options.runId}`] }) })).length === 0);
  });

  it('an unhealthy service fails quickly with the probe\'s last output', async () => {
    const ex = newExecutor();
    const db = unit({ id: 'db', kind: 'service', run: 'exec sleep 60', health: { run: 'echo "db: connection refused"; exit 1', interval: 100, retries: 2 } });
    await ex.setup([db]);
    const message = await new Promise<string>((resolve) => ex.startService(db, { healthy: () => resolve('healthy'), failed: resolve }));
    expect(message).toBe('service db is unhealthy (health check failed 2 times in a row); last health check: exit 1: db: connection refused');
  });

  it('a service that exits before it is healthy fails at once, not after the health retries (compose#10042)', async () => {
    const ex = newExecutor();
    const db = unit({
      id: 'db',
      kind: 'service',
      run: 'echo "fatal: bad config" >&2; exit 4',
      health: { run: 'true', interval: 60_000, retries: 1000, startPeriod: 60_000 },
    });
    await ex.setup([db]);
    const message = await new Promise<string>((resolve) => ex.startService(db, { healthy: () => resolve('healthy'), failed: resolve }));
    expect(message).toBe('service db exited with code 4 before it became healthy; last output: fatal: bad config');
  });
});

describe('logs', () => {
  it('bounds the log file of a task printing far more than the cap: head, marker, tail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-biglog-'));
    temp.push(dir);
    let lines = 0;
    let last = '';
    const cap = 256 * 1024;
    const ex = newExecutor({
      logCapBytes: cap,
      logs: { line: (_u, _a, _s, text) => ((lines += 1), (last = text)), file: () => join(dir, 'big.log') },
    });
    // ~12 MB, 48 times the cap: seq prints line numbers so head and tail can be checked exactly.
    const u = unit({ id: 'big', cpus: 2, run: 'seq 1 1000000 | sed "s/$/ 0123456789/"; printf "the end"' });
    await ex.setup([u]);
    expect((await run(ex, attemptOf(u))).status).toBe('succeeded');
    expect(lines).toBe(1_000_001);
    expect(last).toBe('the end');
    const size = statSync(join(dir, 'big.log')).size;
    expect(size).toBeLessThanOrEqual(cap);
    const text = readFileSync(join(dir, 'big.log'), 'utf8').split('\n');
    expect(text[0]).toBe('1 0123456789');
    expect(text.find((l) => l.includes('[gantry]'))).toMatch(/bytes of output omitted here/);
    expect(text.at(-2)).toBe('the end');
    expect(text.at(-3)).toBe('1000000 0123456789');
  });

  it('keeps multibyte characters whole when the container writes them in two pieces', async () => {
    const sink = collectingSink();
    temp.push(sink.dir);
    const ex = newExecutor({ logs: sink });
    // "é" is \303\251 and "🚀" is \360\237\232\200: each write is its own frame on the stream.
    const u = unit({ id: 'utf8', run: "printf 'caf\\303'; sleep 0.2; printf '\\251 \\360\\237'; sleep 0.2; printf '\\232\\200\\n'; printf 'Grüße\\n' >&2" });
    await ex.setup([u]);
    expect((await run(ex, attemptOf(u))).status).toBe('succeeded');
    expect(sink.lines.map((l) => [l.stream, l.text]).sort()).toEqual([
      ['stderr', 'Grüße'],
      ['stdout', 'café 🚀'],
    ]);
  });
});

describe('network slots', () => {
  /** What the engine says of the run's task containers: unit → network mode. */
  const networkModes = async (runId: string) =>
    Object.fromEntries(
      (await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`dev.gantry.run=${runId}`, LABEL_UNIT] }) })).map((c) => [
        c.Labels[LABEL_UNIT],
        c.HostConfig.NetworkMode,
      ]),
    );
  const holders = async (runId: string) =>
    docker.listContainers({ all: true, filters: JSON.stringify({ label: [`dev.gantry.run=${runId}`, `${LABEL_ROLE}=netns-holder`] }) });
  /**
   * Runs `units` (each mounting `ctl` at /ctl and running `HOLD` first) until all are running,
   * reads their network modes, then lets them end: the modes, once each succeeded.
   */
  const HOLD = 'until [ -e /ctl/go ]; do sleep 0.05; done';
  const modesWhileRunning = async (ex: DockerExecutor, ctl: string, units: Unit[]): Promise<Record<string, string>> => {
    await ex.setup(units);
    const ran = units.map((u) => run(ex, attemptOf(u)));
    await until(async () => Object.keys(await networkModes(ex.options.runId)).length === units.length);
    const modes = await networkModes(ex.options.runId);
    writeFileSync(join(ctl, 'go'), '');
    for (const outcome of await Promise.all(ran)) expect(outcome.status, outcome.message).toBe('succeeded');
    return modes;
  };
  const controlled = (extra: Partial<DockerExecutorOptions> = {}) => {
    const ctl = mkdtempSync(join(tmpdir(), 'gantry-ctl-'));
    temp.push(ctl);
    return { ctl, ex: newExecutor({ baseDir: ctl, ...extra }), task: (init: Parameters<typeof unit>[0]) => unit({ run: HOLD, volumes: ['.:/ctl:ro'], ...init }) };
  };

  it('tasks side by side get slots of their own (the same port twice); a prepared dependent takes over its need\'s slot', async () => {
    const sink = collectingSink();
    temp.push(sink.dir);
    // Each serves port 8080 and says so (a file in the shared folder), then holds it until the
    // test lets go: both at once, so in one namespace the second bind would fail.
    const { ctl, ex, task } = controlled({ logs: sink });
    const serve = (id: string) =>
      `echo ok > /tmp/index.html && httpd -p 8080 -h /tmp && touch /ctl/${id} && ${HOLD} && wget -q -O /dev/null http://127.0.0.1:8080/ ; echo "$(hostname) $?"`;
    const [a, b] = ['a', 'b'].map((id) => task({ id, run: serve(id), volumes: ['.:/ctl'] }));
    const next = unit({ id: 'next', needs: ['a'], run: 'echo "$(hostname) next"' });
    await ex.setup([a, b, next]);
    const ran = [run(ex, attemptOf(a)), run(ex, attemptOf(b))];
    await until(() => existsSync(join(ctl, 'a')) && existsSync(join(ctl, 'b')));
    const modes = await networkModes(ex.options.runId);
    expect(modes.a).toMatch(/^container:[0-9a-f]{64}$/);
    expect(modes.b).toMatch(/^container:[0-9a-f]{64}$/);
    expect(modes.a).not.toBe(modes.b);
    // `next` is prepared while its need runs: it is made for a's slot.
    ex.prepare(next);
    await until(async () => (await networkModes(ex.options.runId)).next !== undefined);
    expect((await networkModes(ex.options.runId)).next).toBe(modes.a);
    writeFileSync(join(ctl, 'go'), '');
    for (const outcome of await Promise.all(ran)) expect(outcome.status, outcome.message).toBe('succeeded');
    expect((await run(ex, attemptOf(next))).status).toBe('succeeded');
    const said = Object.fromEntries(sink.lines.map((l) => [l.unitId, l.text.split(' ')]));
    expect(said.a[1]).toBe('0'); // it served its own page
    expect(said.b[1]).toBe('0');
    expect(said.next).toEqual([said.a[0], 'next']); // a's slot: a's hostname
    expect(said.a[0]).not.toBe(said.b[0]);
    expect(await holders(ex.options.runId)).toHaveLength(2);
    const [holder] = await holders(ex.options.runId);
    expect(holder.Image).toMatch(/^gantry-netns-holder:[0-9a-f]{12}$/);
    expect(holder.State).toBe('running');
  });

  it('a free slot is used again rather than a new one made', async () => {
    const ex = newExecutor();
    const units = [0, 1, 2].map((i) => unit({ id: `s${i}`, run: 'true' }));
    await ex.setup(units);
    for (const u of units) expect((await run(ex, attemptOf(u))).status).toBe('succeeded');
    expect(await holders(ex.options.runId)).toHaveLength(1);
  });

  it('on an engine whose architecture has no holder program, tasks get networks of their own and still run', async () => {
    // The real engine, reporting an architecture Gantry has no holder for.
    const s390x = new Proxy(docker, {
      get: (target, key, receiver) =>
        key === 'version' ? async () => ({ ...(await target.version()), Arch: 's390x' }) : Reflect.get(target, key, receiver),
    });
    const { ctl, ex, task } = controlled({ docker: s390x });
    expect(await modesWhileRunning(ex, ctl, [task({ id: 'alone' })])).toEqual({ alone: ex.network });
    expect(await holders(ex.options.runId)).toEqual([]);
  });

  it('privileged, cap-add and host-network tasks keep networks of their own; so does every task with networkSlots: false', async () => {
    const { ctl, ex, task } = controlled();
    const units = [task({ id: 'plain' }), task({ id: 'caps', capAdd: ['NET_ADMIN'] }), task({ id: 'host', network: 'host' })];
    expect(await modesWhileRunning(ex, ctl, units)).toEqual({ plain: expect.stringMatching(/^container:/), caps: ex.network, host: 'host' });

    const off = controlled({ networkSlots: false });
    expect(await modesWhileRunning(off.ex, off.ctl, [off.task({ id: 'alone' })])).toEqual({ alone: off.ex.network });
    expect(await holders(off.ex.options.runId)).toEqual([]);
  });
});

describe('images', () => {
  it('a missing image that cannot be pulled fails its tasks with a clear message, after 3 quick attempts', async () => {
    const events: DockerExecutorEvent[] = [];
    const ex = newExecutor({ pullBackoffMs: 20, onEvent: (e) => events.push(e) });
    const a = unit({ id: 'a', image: 'gantry-test/does-not-exist' });
    const b = unit({ id: 'b', image: 'gantry-test/does-not-exist' });
    await ex.setup([a, b]);
    const [oa, ob] = await Promise.all([run(ex, attemptOf(a)), run(ex, attemptOf(b))]);
    for (const o of [oa, ob]) {
      expect(o.status).toBe('failed');
      expect(o.message).toMatch(
        /^image gantry-test\/does-not-exist is not available locally and could not be pulled \(3 attempts\): .+/,
      );
      // The registry's (or network's) words, not the engine client's wrapping said twice.
      expect(o.message).not.toMatch(/HTTP code 500|server error -|POST \/images\/create/);
    }
    // One pull for both tasks: two retries, one failure, for the normalised reference. (When the
    // pull setup starts ahead of need has already failed before the tasks ask, they resolve it
    // once more, together: images are resolved when first needed.)
    const types = events.map((e) => e.type);
    const final = types.slice(types.lastIndexOf('pull-start'));
    expect(final).toEqual(['pull-start', 'pull-retry', 'pull-retry', 'pull-failed']);
    expect([[], ['pull-start', 'pull-retry', 'pull-retry', 'pull-deferred']]).toContainEqual(types.slice(0, types.length - final.length));
    expect(events[0]).toEqual({ type: 'pull-start', image: 'gantry-test/does-not-exist:latest' });
  });
});

describe('prepare', () => {
  it('creates the container ahead and starts it on start(); skips units that depend on needs outputs', async () => {
    const sink = collectingSink();
    temp.push(sink.dir);
    const ex = newExecutor({ logs: sink });
    const u = unit({ id: 'early', run: 'echo prepared-run' });
    const late = unit({ id: 'late', run: 'echo ${{ needs.x.outputs.y }}', needsExpression: true });
    await ex.setup([u, late]);
    ex.prepare(u);
    ex.prepare(late);
    const byUnit = (id: string) =>
      docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${LABEL_UNIT}=${id}`, `dev.gantry.run=${ex.options.runId}`] }) });
    await until(async () => (await byUnit('early')).length === 1);
    const [prepared] = await byUnit('early');
    expect(prepared.State).toBe('created');
    expect(await byUnit('late')).toEqual([]);
    expect((await run(ex, attemptOf(u))).status).toBe('succeeded');
    expect(sink.lines.map((l) => l.text)).toEqual(['prepared-run']);
    // The prepared container itself ran (no second one was made); it is removed right after.
    await until(async () => (await byUnit('early')).length === 0);
    await expect(docker.getContainer(prepared.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it("a prepared container's output is attached ahead: every line of both streams, the last one without a newline", async () => {
    const sink = collectingSink();
    temp.push(sink.dir);
    const ex = newExecutor({ logs: sink });
    const u = unit({
      id: 'talk',
      outputs: ['n'],
      run: 'echo "n=42" >> "$GANTRY_OUTPUT"; seq 1 500; echo oops >&2; printf "no newline at the end"',
    });
    await ex.setup([u]);
    ex.prepare(u);
    const byUnit = () =>
      docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${LABEL_UNIT}=talk`, `dev.gantry.run=${ex.options.runId}`] }) });
    await until(async () => (await byUnit()).length === 1);
    const outcome = await run(ex, attemptOf(u));
    expect(outcome).toMatchObject({ status: 'succeeded', exitCode: 0, outputs: { n: '42' } });
    const stdout = sink.lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
    expect(stdout).toEqual([...Array.from({ length: 500 }, (_, i) => String(i + 1)), 'no newline at the end']);
    expect(sink.lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['oops']);
    // The log file is complete when onExit runs.
    const fileLines = readFileSync(sink.file!('talk', 1)!, 'utf8').split('\n').filter(Boolean);
    expect(fileLines).toHaveLength(502);
    expect(fileLines).toContain('no newline at the end');
    expect(fileLines).toContain('oops');
  });

  it('a prepared container that is never started is removed, with its attached stream, at teardown', async () => {
    const ex = newExecutor();
    const u = unit({ id: 'unused', run: 'true' });
    await ex.setup([u]);
    ex.prepare(u);
    const byUnit = () =>
      docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${LABEL_UNIT}=unused`, `dev.gantry.run=${ex.options.runId}`] }) });
    await until(async () => (await byUnit()).length === 1);
    const result = await ex.teardown();
    expect(result.errors).toEqual([]);
    expect(await byUnit()).toEqual([]);
  });

  it('creates at most prepareAhead containers ahead, in the order hinted, and the next one when one starts', async () => {
    const sink = collectingSink();
    temp.push(sink.dir);
    const ex = newExecutor({ logs: sink, prepareAhead: 2 });
    const units = [0, 1, 2, 3].map((i) => unit({ id: `h${i}`, run: `echo h${i}` }));
    await ex.setup(units);
    for (const u of units) ex.prepare(u);
    const created = async () =>
      (await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`dev.gantry.run=${ex.options.runId}`, LABEL_UNIT] }) }))
        .map((c) => c.Labels[LABEL_UNIT])
        .sort();
    await until(async () => (await created()).length === 2);
    expect(await created()).toEqual(['h0', 'h1']);
    // h3 was only hinted: start() creates it at once; starting it does not make room for h2.
    expect((await run(ex, attemptOf(units[3]))).status).toBe('succeeded');
    await until(async () => !(await created()).includes('h3')); // removed after its exit is reported
    expect(await created()).toEqual(['h0', 'h1']);
    // h0 starts from its prepared container, which makes room for h2.
    expect((await run(ex, attemptOf(units[0]))).status).toBe('succeeded');
    await until(async () => (await created()).join() === 'h1,h2');
    expect(sink.lines.map((l) => l.text)).toEqual(['h3', 'h0']);
  });
});
