/**
 * The Docker Swarm backend (core/backends/swarm/, issue 14) on this machine's real engine, through
 * `runBatch` as the CLI calls it, and `gantry cleanup --engine swarm` through the CLI.
 *
 * One file, describes in order: the swarm is engine-wide state (vitest runs files in parallel;
 * nothing else touches the swarm). `useSwarm()` makes the engine a single-node manager only when
 * it is in no swarm, and leaves the swarm at the end only then (test/support/swarm.ts).
 * - Single node: every status (succeeded, failed with its exit code, oom, timeout, killed by
 *   fail-fast, cancelled), retries, outputs to a dependent, a shared volume, a service with a
 *   health check reached by name, a file and an env secret (masked), and a killed run's leftovers
 *   removed by `gantry cleanup --engine swarm`; nothing labelled with the run left after each.
 * - Two nodes: a second engine in a network namespace joined as a worker. Each unit ran where the
 *   plan put it (checked on both engines, not only in the report), with its limits; logs and
 *   outputs from the worker; a volume user pinned to the manager; cancellation and cleanup leave
 *   nothing on either engine. Overlay traffic between the nodes does not work on this kernel (no
 *   IPVS), so a service is reached by name on one node only (docs/swarm.md).
 * Skipped, with the reason printed, only when the machine cannot run a swarm at all.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../core/validate';
import { newRunId, runBatch, type RunBatchOptions } from '../core/run/run-batch';
import { swarmBackend } from '../core/backends/swarm';
import { callerSecrets } from '../core/secrets';
import { plan } from '../core/plan';
import { addSecondNode, docker2, removeSecondNode, sh, swarmLeftovers, swarmUnavailable, useSwarm, type SecondNode, type SwarmUse } from './support/swarm';

const repo = join(__dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'gantry-swarm-'));
const unavailable = swarmUnavailable();
if (unavailable) console.warn(`test/swarm.test.ts skipped: this machine cannot run a Docker Swarm: ${unavailable}`);

let swarm: SwarmUse | undefined;
beforeAll(() => {
  if (!unavailable) swarm = useSwarm();
});
afterAll(() => {
  removeSecondNode();
  swarm?.release();
  rmSync(root, { recursive: true, force: true });
});

function batch(yaml: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, yaml);
  return { dir, file };
}

async function run(yaml: string, extra: Partial<RunBatchOptions> & { env?: Record<string, string> } = {}) {
  const { file } = batch(yaml);
  const v = validate(readFileSync(file, 'utf8'));
  expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lines: string[] = [];
  const runId = extra.runId ?? newRunId();
  const report = await runBatch({
    backend: swarmBackend(),
    path: file,
    validation: { file: v.file!, graph: v.graph! },
    runsDir: join(root, 'runs'),
    instance: `test-swarm-${process.pid}`,
    runId,
    history: false,
    recordHistory: false,
    onLine: (unit, _a, _s, line) => lines.push(`${unit}: ${line}`),
    ...extra,
    ...(extra.env ? { secrets: callerSecrets(v.file!, extra.env, 'trusted') } : {}),
  });
  const unit = (id: string) => report.result.units.find((u) => u.id === id)!;
  return { report, lines, unit, runId };
}

/** Polls `check` every 200 ms until it is true (bounded: a test that waits forever fails instead). */
async function until(what: string, check: () => boolean, limitMs = 90_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${limitMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const HEAD = 'version: 1\ndefaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }\n';

describe.skipIf(unavailable !== undefined)('Docker Swarm, one node', () => {
  it('statuses, retries, outputs, a shared volume, a service by name; nothing left', async () => {
    const { report, lines, unit, runId } = await run(`${HEAD}volumes: { shared: {} }
services:
  web:
    run: "mkdir -p /www; echo served > /www/index.html; httpd -f -p 8080 -h /www"
    health: { run: "wget -q -O - http://127.0.0.1:8080/ >/dev/null", interval: 300ms, retries: 50 }
tasks:
  gen:
    run: echo making; echo "answer=42" >> "$GANTRY_OUTPUT"; echo data > /data/x
    outputs: [answer]
    volumes: ["shared:/data"]
  use:
    needs: [gen, web]
    run: echo "got \${{ needs.gen.outputs.answer }}"; cat /data/x; wget -q -O - http://web:8080/
    volumes: ["shared:/data"]
  flaky:
    needs: [gen]
    run: if [ -f /data/tried ]; then echo second try; else touch /data/tried; exit 5; fi
    volumes: ["shared:/data"]
    retries: { count: 1, backoff: 500ms }
  bad:
    run: echo broken >&2; exit 4
    allow-failure: true
  hungry:
    memory: 16Mi
    run: dd if=/dev/zero of=/dev/null bs=64M count=1
    allow-failure: true
  slow:
    run: sleep 60
    timeout: 2s
    allow-failure: true
`);
    expect(unit('gen').status).toBe('succeeded');
    expect(unit('gen').attempts[0].outcome.outputs).toEqual({ answer: '42' });
    expect(unit('use').status).toBe('succeeded');
    expect(lines).toEqual(expect.arrayContaining(['gen: making', 'use: got 42', 'use: data', 'use: served']));
    // The outputs travel through the log after a marker: neither reaches the log.
    expect(lines.filter((l) => l.includes('gantry-outputs') || l.includes('answer=42'))).toEqual([]);
    expect(unit('flaky').status).toBe('succeeded');
    expect(unit('flaky').attempts.map((a) => [a.outcome.status, a.outcome.exitCode])).toEqual([
      ['failed', 5],
      ['succeeded', 0],
    ]);
    expect(lines).toContain('flaky: second try');
    expect(unit('bad')).toMatchObject({ status: 'failed' });
    expect(unit('bad').attempts[0].outcome.exitCode).toBe(4);
    expect(lines).toContain('bad: broken');
    expect(unit('hungry').status).toBe('oom');
    expect(unit('slow').status).toBe('timeout');
    expect(report.document.units.find((u) => u.id === 'web')!.healthy).toBeDefined();
    expect(report.result.result).toBe('success');
    expect(swarmLeftovers(runId)).toEqual([]);
  }, 240_000);

  it('fail-fast kills what runs; the dependents are skipped; nothing left', async () => {
    const { report, unit, runId } = await run(
      `${HEAD}tasks:
  long: { run: "sleep 60" }
  breaks: { run: "sleep 3; exit 9" }
  after: { needs: [long], run: "true" }
`,
      { failFast: true },
    );
    expect(report.result.result).toBe('failure');
    expect(unit('breaks').attempts[0].outcome.exitCode).toBe(9);
    expect(unit('long').status).toBe('cancelled');
    expect(unit('long').attempts[0].outcome.status).toBe('killed');
    expect(unit('after').status).toBe('skipped');
    expect(swarmLeftovers(runId)).toEqual([]);
  }, 180_000);

  it('cancelled through its AbortSignal while a task and a service run; nothing left', async () => {
    const abort = new AbortController();
    const runId = newRunId();
    const running = run(
      `${HEAD}services:
  idle: { run: "sleep 600" }
tasks:
  long: { needs: [idle], run: "echo started; sleep 60" }
`,
      { signal: abort.signal, runId, onLine: (_u, _a, _s, line) => line === 'started' && abort.abort() },
    );
    const { report, unit } = await running;
    expect(report.result.result).toBe('cancelled');
    expect(unit('long').status).toBe('cancelled');
    expect(swarmLeftovers(runId)).toEqual([]);
  }, 180_000);

  it('a file secret and an env secret reach the task and are masked in its log', async () => {
    const { report, lines, unit, runId } = await run(
      `${HEAD}tasks:
  uses:
    run: cat /run/secrets/FILE_TOK; echo; echo "env $ENV_TOK"; echo "len $(printf %s "$ENV_TOK" | wc -c)"
    secrets: { FILE_TOK: file, ENV_TOK: env }
`,
      { env: { FILE_TOK: 'file-secret-value-1234', ENV_TOK: 'env-secret-value-5678' } },
    );
    expect(report.result.result).toBe('success');
    expect(unit('uses').status).toBe('succeeded');
    expect(lines).toEqual(expect.arrayContaining(['uses: ***', 'uses: env ***', 'uses: len 21']));
    const text = JSON.stringify(lines) + readFileSync(report.paths.logs.uses[0], 'utf8') + readFileSync(report.paths.json, 'utf8');
    expect(text).not.toContain('file-secret-value-1234');
    expect(text).not.toContain('env-secret-value-5678');
    expect(swarmLeftovers(runId)).toEqual([]);
  }, 120_000);

  it('gantry cleanup --engine swarm removes what a kill -9 left (services, secret, network, volume)', async () => {
    await killedRunCleanedUp();
  }, 240_000);
});

/**
 * `gantry run --engine swarm` through the CLI (tsx, the sources), killed with SIGKILL once its
 * tasks run (on `node2` too when given): its owner is gone, so `gantry cleanup --engine swarm
 * --run ID` removes everything; node2's own engine is asked too.
 */
async function killedRunCleanedUp(node2?: SecondNode): Promise<void> {
  // On two nodes (2 cpus each) a and b cannot share one; c is pinned to the manager (its volume) beside one of them.
  const cpus = node2 ? 1.5 : 0.25;
  const { dir, file } = batch(`${HEAD}volumes: { v: {} }
tasks:
  a: { cpus: ${cpus}, run: "sleep 120", secrets: { TOK: file } }
  b: { cpus: ${cpus}, run: "sleep 120" }
  c: { run: "sleep 120", volumes: ["v:/v"] }
`);
  // node itself (tsx as a loader), so the process killed is the run's owner.
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'cli', 'gantry.ts'), 'run', '--engine', 'swarm', '--no-history', file], {
    cwd: repo,
    env: { ...process.env, CI: 'true', TOK: 'tok-value' },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const runsDir = join(dir, '.gantry', 'runs');
    await until('the run folder', () => existsSync(runsDir) && readdirSync(runsDir).length > 0);
    const runId = readdirSync(runsDir)[0];
    const containers = (host?: string) => sh('docker', ['ps', '-q', '--filter', `label=dev.gantry.run=${runId}`], host ? { host } : {}).split('\n').filter(Boolean).length;
    await until('the tasks running', () => containers() + (node2 ? containers(node2.host) : 0) >= 3);
    if (node2) expect(containers(node2.host)).toBeGreaterThanOrEqual(1);
    child.kill('SIGKILL');
    await exited;
    expect(swarmLeftovers(runId).some((l) => l.startsWith('service'))).toBe(true);
    expect(swarmLeftovers(runId).some((l) => l.startsWith('secret'))).toBe(true);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'cli', 'gantry.ts'), 'cleanup', '--engine', 'swarm', '--run', runId], { cwd: repo, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`run ${runId}: removed 3 swarm services, 1 swarm secret, .*1 network, 1 volume`));
    // A removed service's containers go in the background, on each node.
    await until('the containers gone on every node', () => containers() === 0 && (!node2 || sh('docker', ['ps', '-aq', '--filter', `label=dev.gantry.run=${runId}`], { host: node2.host }) === ''), 60_000);
    expect(swarmLeftovers(runId, node2?.host)).toEqual([]);
  } finally {
    child.kill('SIGKILL');
  }
}

describe.skipIf(unavailable !== undefined)('Docker Swarm, two nodes on one machine', () => {
  let node2: SecondNode;
  let managerId: string;
  beforeAll(async () => {
    managerId = swarm!.managerId;
    node2 = await addSecondNode();
  }, 180_000);
  afterAll(() => removeSecondNode(), 120_000);

  it('places each unit where the plan says, with its limits; logs and outputs from the worker; a volume user on the manager', async () => {
    const runId = newRunId();
    // Two cpus per node: two 2-cpu tasks cannot share one, so one runs on each.
    const seen = new Map<string, { engine: string; nanoCpus: number; memory: number }>();
    const look = (engine: string, host?: string) => {
      const ids = sh('docker', ['ps', '-aq', '--filter', `label=dev.gantry.run=${runId}`], host ? { host } : {}).split('\n').filter(Boolean);
      for (const id of ids) {
        const [unitId, nano, memory] = sh('docker', ['inspect', id, '--format', '{{index .Config.Labels "dev.gantry.unit"}} {{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}'], host ? { host } : {}).split(' ');
        if (!seen.has(unitId)) seen.set(unitId, { engine, nanoCpus: Number(nano), memory: Number(memory) });
      }
    };
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          look('manager');
          look('node2', node2.host);
        } catch {
          // A container went between the list and the inspect: the next look sees the rest.
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    let planned: Map<string, string | undefined> | undefined;
    try {
      const { report, lines, unit } = await run(
        `${HEAD}volumes: { keep: {} }
tasks:
  left:
    cpus: 2
    memory: 48Mi
    run: echo "on left"; echo "who=left" >> "$GANTRY_OUTPUT"; sleep 6
    outputs: [who]
  right:
    cpus: 2
    memory: 40Mi
    run: echo "on right"; echo "who=right" >> "$GANTRY_OUTPUT"; sleep 6
    outputs: [who]
  pinned:
    needs: [left, right]
    cpus: 1
    run: echo "\${{ needs.left.outputs.who }} \${{ needs.right.outputs.who }}" > /keep/x; cat /keep/x
    volumes: ["keep:/keep"]
`,
        { runId, onPrediction: (p) => (planned = new Map(plan(p.graph, p.capacity, p.plan).units.map((u) => [u.id, u.node]))) },
      );
      watching = false;
      await watcher;
      expect(report.result.result).toBe('success');
      expect(lines).toEqual(expect.arrayContaining(['left: on left', 'right: on right', 'pinned: left right']));
      const nodes = { [managerId]: 'manager', [node2.id]: 'node2' };
      const placed = Object.fromEntries(['left', 'right', 'pinned'].map((id) => [id, nodes[unit(id).node!]]));
      expect(new Set([placed.left, placed.right])).toEqual(new Set(['manager', 'node2']));
      expect(placed.pinned).toBe('manager');
      // The plan put them there too, and the engines say they really ran there, with their limits.
      for (const id of ['left', 'right', 'pinned']) {
        expect(planned?.get(id), id).toBe(unit(id).node);
        expect(seen.get(id)?.engine, id).toBe(placed[id]);
      }
      const onNode2 = placed.left === 'node2' ? 'left' : 'right';
      expect(seen.get(onNode2)).toEqual({ engine: 'node2', nanoCpus: 2e9, memory: (onNode2 === 'left' ? 48 : 40) * 1024 * 1024 });
      expect(unit(onNode2).attempts[0].outcome.outputs).toEqual({ who: onNode2 });
      expect(readFileSync(report.paths.logs[onNode2][0], 'utf8')).toContain(`on ${onNode2}`);
      expect(swarmLeftovers(runId, node2.host)).toEqual([]);
    } finally {
      watching = false;
      await watcher;
    }
  }, 240_000);

  it('cancellation stops the tasks on both nodes and leaves nothing on either engine', async () => {
    const abort = new AbortController();
    const runId = newRunId();
    const count = (host?: string) => sh('docker', ['ps', '-q', '--filter', `label=dev.gantry.run=${runId}`], host ? { host } : {}).split('\n').filter(Boolean).length;
    const running = run(
      `${HEAD}tasks:
  one: { cpus: 2, run: "sleep 120" }
  two: { cpus: 2, run: "sleep 120" }
`,
      { signal: abort.signal, runId },
    );
    await until('a task running on each node', () => count() === 1 && count(node2.host) === 1);
    abort.abort();
    const { report, unit } = await running;
    expect(report.result.result).toBe('cancelled');
    expect(unit('one').status).toBe('cancelled');
    expect(unit('two').status).toBe('cancelled');
    await until('node2 without the run\'s containers', () => docker2(['ps', '-aq', '--filter', `label=dev.gantry.run=${runId}`]) === '', 60_000);
    expect(swarmLeftovers(runId, node2.host)).toEqual([]);
  }, 240_000);

  it('gantry cleanup --engine swarm removes a killed run\'s leftovers on both nodes', async () => {
    await killedRunCleanedUp(node2);
  }, 240_000);
});
