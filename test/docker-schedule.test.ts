/**
 * The real scheduler driving the Docker executor: a batch file validated from text, run on the
 * engine, torn down, nothing left.
 */
import { afterEach, expect, it } from 'vitest';
import type { RunResult, ScheduleEvent } from '../core/executor';
import { cleanupRun } from '../core/backends/docker/cleanup';
import { DockerExecutor } from '../core/backends/docker/executor';
import { RealClock } from '../core/run/real-clock';
import { Scheduler } from '../core/schedule';
import { validate } from '../core/validate';
import { collectingSink, leftovers, newRunId, testDocker } from './docker-helpers';

const docker = testDocker();
const runIds: string[] = [];
afterEach(async () => {
  for (const runId of runIds.splice(0)) {
    await cleanupRun(docker, { runId });
    expect(await leftovers(docker, runId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  }
});

async function runBatchText(text: string, failFast = false) {
  const validation = validate(text);
  expect(validation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const graph = validation.graph!;
  const runId = newRunId();
  runIds.push(runId);
  const sink = collectingSink();
  const executor = new DockerExecutor({
    docker,
    runId,
    instance: 'gantry-tests',
    baseDir: process.cwd(),
    volumes: validation.file!.volumes.map((v) => v.name),
    logs: sink,
    killGraceMs: 1000,
  });
  await executor.setup(graph.units);
  const events: ScheduleEvent[] = [];
  const result = await new Promise<RunResult>((resolve) => {
    new Scheduler(graph, {
      capacity: validation.capacity!,
      executor,
      clock: new RealClock(),
      failFast,
      onEvent: (e) => events.push(e),
      onDone: resolve,
    }).start();
  });
  await executor.teardown();
  expect(await leftovers(docker, runId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  const byId = Object.fromEntries(result.units.map((u) => [u.id, u]));
  return { result, byId, events, sink };
}

it('runs a DAG with a service, a shared volume, outputs, a matrix, an OOM retry and a timeout', async () => {
  const { result, byId, sink } = await runBatchText(`
version: 1
capacity: { cpus: 2, memory: 1Gi, parallel: 4 }
defaults: { image: busybox, cpus: 0.5, memory: 64Mi }
volumes: { work: {} }
services:
  web:
    run: mkdir -p /www && echo pong > /www/index.html && exec httpd -f -p 8080 -h /www
    health: { run: "wget -q -O- http://localhost:8080/", interval: 200ms, retries: 50 }
tasks:
  build:
    run: echo 1.2.3 > /work/version && echo "version=1.2.3" >> "$GANTRY_OUTPUT"
    volumes: ["work:/work"]
    outputs: [version]
  test:
    needs: [build, web]
    matrix: { shard: [1, 2] }
    volumes: ["work:/work:ro"]
    run: test "$(cat /work/version)" = "\${{ needs.build.outputs.version }}" && wget -q -O- http://web:8080/ && echo "shard \${{ matrix.shard }}"
  grow:
    memory: 8Mi
    retries: { count: 1, backoff: 100ms, memory-factor: 8 }
    run: head -c 20m /dev/zero | tail >/dev/null
  slow:
    timeout: 1s
    allow-failure: true
    run: exec sleep 30
`);
  expect(result.result).toBe('success');
  expect(byId.build.status).toBe('succeeded');
  expect(byId.build.attempts[0].outcome.outputs).toEqual({ version: '1.2.3' });
  expect(byId['test[shard=1]'].status).toBe('succeeded');
  expect(byId['test[shard=2]'].status).toBe('succeeded');
  const testLines = sink.lines.filter((l) => l.unitId.startsWith('test')).map((l) => `${l.unitId}: ${l.text}`).sort();
  expect(testLines).toEqual(['test[shard=1]: pong', 'test[shard=1]: shard 1', 'test[shard=2]: pong', 'test[shard=2]: shard 2']);
  expect(byId.grow.attempts.map((a) => a.outcome.status)).toEqual(['oom', 'succeeded']);
  expect(byId.grow.attempts[0].outcome.message).toBe('out of memory (limit 8Mi)');
  expect(byId.grow.attempts[1].memory).toBe(64 * 1024 * 1024);
  expect(byId.slow.status).toBe('timeout');
  expect(byId.slow.attempts[0].outcome).toMatchObject({ exitCode: 143, signal: 'SIGTERM' });
});

it('fails the dependents of a crashed service at once, with its output', async () => {
  const started = Date.now();
  const { result, byId } = await runBatchText(`
version: 1
capacity: { cpus: 2, memory: 1Gi, parallel: 4 }
defaults: { image: busybox, cpus: 0.5, memory: 64Mi }
services:
  db:
    run: 'echo "db: bad config" >&2; exit 2'
    health: { run: "true", interval: 30s, retries: 100, start-period: 60s }
tasks:
  uses-db:
    needs: [db]
    run: echo never
  other:
    run: echo fine
`);
  expect(result.result).toBe('failure');
  expect(byId['uses-db'].status).not.toBe('succeeded');
  expect(byId['uses-db'].attempts).toEqual([]);
  // The service is the failure, with its output; its dependent says why it never ran (issue 12).
  expect(byId['uses-db']).toMatchObject({ status: 'skipped', reason: 'service db never became healthy' });
  expect(byId.db.reason).toContain('service db exited with code 2 before it became healthy; last output: db: bad config');
  expect(byId.other.status).toBe('succeeded');
  // Far below the service's 60 s start period: the crash is seen through the engine's events.
  expect(Date.now() - started).toBeLessThan(30_000);
});

it('fail-fast stops running work at the first failure', async () => {
  const { result, byId } = await runBatchText(
    `
version: 1
capacity: { cpus: 2, memory: 1Gi, parallel: 4 }
defaults: { image: busybox, cpus: 0.5, memory: 64Mi }
tasks:
  broken:
    run: sleep 1; exit 1
  long:
    run: exec sleep 60
`,
    true,
  );
  expect(result.result).toBe('failure');
  expect(byId.broken.attempts[0].outcome).toMatchObject({ status: 'failed', exitCode: 1 });
  expect(byId.long.attempts[0].outcome).toMatchObject({ status: 'killed', signal: 'SIGTERM' });
});
