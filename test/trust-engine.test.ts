/**
 * Engine and clock faults ("Trust boundary"): an engine that accepts and never answers, one that
 * answers `/_ping` and then fails, a task's timeout counted from its command's start, and OOM
 * reported only when the engine says so.
 *
 * The CLI runs from its sources (`node --import tsx cli/gantry.ts`) against fake engines:
 * unix sockets served by this test. The rest runs on the real engine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GantryError } from '../core/diagnostics';
import type { Attempt, AttemptOutcome, Executor, KillReason, RunResult } from '../core/executor';
import { cleanupRun } from '../core/backends/docker/cleanup';
import { checkEngine, connectEngine, engineCapacity } from '../core/backends/docker/engine';
import { LABEL_RUN, LABEL_UNIT } from '../core/backends/docker/labels';
import { VirtualClock } from '../core/executors/simulated';
import { RealClock } from '../core/run/real-clock';
import { Scheduler } from '../core/schedule';
import { attemptOf, executor as dockerExecutor, leftovers, newRunId, run, testDocker, unit as dockerUnit } from './docker-helpers';
import { capacity, graph, unit } from './support/schedule-graph';

const repo = join(__dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'gantry-trust-engine-'));
// Closed at the end, not after each test: the CLI tests run concurrently.
const servers: Array<{ server: Server; connections: Set<Socket> }> = [];
afterAll(async () => {
  for (const { server, connections } of servers.splice(0)) {
    for (const c of connections) c.destroy();
    await new Promise((r) => server.close(r));
  }
  rmSync(root, { recursive: true, force: true });
});

function keep(server: Server): void {
  const connections = new Set<Socket>();
  server.on('connection', (c: Socket) => {
    connections.add(c);
    c.on('close', () => connections.delete(c));
  });
  servers.push({ server, connections });
}

let sockets = 0;
function socketPath(): string {
  return join(root, `engine-${++sockets}.sock`);
}

/** A socket that accepts connections and never answers; `connections` are the server's ends. */
async function silentEngine(): Promise<{ host: string; connections: Socket[]; connected: Promise<void> }> {
  const path = socketPath();
  const connections: Socket[] = [];
  let connected!: () => void;
  const first = new Promise<void>((r) => (connected = r));
  const server = createServer((socket) => {
    socket.on('error', () => {});
    // Read (and drop) what comes, so the client's closing is seen.
    socket.resume();
    connections.push(socket);
    connected();
  });
  keep(server);
  await new Promise<void>((r) => server.listen(path, r));
  return { host: `unix://${path}`, connections, connected: first };
}

type Route = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * An HTTP engine on a unix socket: `/_ping` answers OK, `/info` a small machine, the listings
 * nothing; `routes` (by path without the query) override. `hung` gets the requests left
 * unanswered (`hang` as a route).
 */
async function httpEngine(routes: Record<string, Route | 'hang'> = {}): Promise<{ host: string; hung: IncomingMessage[]; seen: string[] }> {
  const path = socketPath();
  const hung: IncomingMessage[] = [];
  const seen: string[] = [];
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const defaults: Record<string, Route> = {
    '/_ping': (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('OK');
    },
    '/info': (_req, res) => json(res, 200, { NCPU: 2, MemTotal: 2 * 1024 ** 3 }),
    '/containers/json': (_req, res) => json(res, 200, []),
    '/networks': (_req, res) => json(res, 200, []),
    '/volumes': (_req, res) => json(res, 200, { Volumes: [] }),
  };
  const server = createHttpServer((req, res) => {
    const route = (req.url ?? '').split('?')[0].replace(/^\/v[\d.]+/, '');
    seen.push(`${req.method} ${route}`);
    const handler = routes[route] ?? defaults[route];
    if (handler === 'hang') {
      hung.push(req);
      return;
    }
    if (handler) return handler(req, res);
    json(res, 404, { message: `page not found: ${route}` });
  });
  keep(server as unknown as Server);
  await new Promise<void>((r) => server.listen(path, r));
  return { host: `unix://${path}`, hung, seen };
}

/** Resolves when the server's end of `socket` closed (the client gave the call up), false after `ms`. */
function closedWithin(socket: Socket, ms: number): Promise<boolean> {
  if (socket.destroyed || socket.closed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Settles with the promise's outcome, or `'still pending'` after `ms`: a hang fails the test instead of timing it out. */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value?: T; error?: unknown; pending?: true; ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'pending'>((r) => (timer = setTimeout(() => r('pending'), ms)));
  try {
    const value = await Promise.race([promise, bound]);
    if (value === 'pending') return { pending: true, ms: Date.now() - started };
    return { value: value as T, ms: Date.now() - started };
  } catch (error) {
    return { error, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// The CLI, from its sources.

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** From the first byte on stderr (the error) to the process's end. */
  afterErrorMs: number;
  /** Still running at the bound (then killed). */
  hung: boolean;
}

function gantry(args: string[], env: NodeJS.ProcessEnv, options: { boundMs: number; onSpawn?: (child: ReturnType<typeof spawn>) => void }): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'cli/gantry.ts'), ...args], {
    cwd: repo,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let errorAt = 0;
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => {
    errorAt ||= Date.now();
    stderr += d;
  });
  let hung = false;
  const bound = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, options.boundMs);
  options.onSpawn?.(child);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(bound);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, afterErrorMs: Date.now() - (errorAt || started), hung });
    });
  });
}

function batchFile(): string {
  const dir = mkdtempSync(join(root, 'batch-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, 'version: 1\ntasks:\n  a: { image: busybox:latest, run: "true" }\n');
  return file;
}

/** One line on stderr, no stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.endsWith('\n'), stderr).toBe(true);
  expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |internal error|Error:/);
}

describe('an engine that accepts connections and never answers', () => {
  it.concurrent('gantry run gives up with exit 3 and one line, and the process ends at once', async () => {
    const engine = await silentEngine();
    const r = await gantry(['run', batchFile()], { DOCKER_HOST: engine.host }, { boundMs: 25_000 });
    expect(r.hung, `still running after ${r.ms} ms: ${r.stderr}`).toBe(false);
    expect(r.code, r.stderr).toBe(3);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/^gantry: error: Cannot connect to the Docker engine at unix:\/\/.*: it did not answer within 10s\. Check that Docker is running/);
    // No socket or timer keeps the process alive once it has said why it gives up (a kept-alive
    // socket would hold it for the engine's lifetime; the bound above would catch that as hung).
    expect(r.afterErrorMs).toBeLessThan(5_000);
  });

  it.concurrent('gantry cleanup gives up with exit 3 and one line, and the process ends at once', async () => {
    const engine = await silentEngine();
    const r = await gantry(['cleanup'], { DOCKER_HOST: engine.host }, { boundMs: 25_000 });
    expect(r.hung, `still running after ${r.ms} ms: ${r.stderr}`).toBe(false);
    expect(r.code, r.stderr).toBe(3);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/did not answer within 10s/);
    expect(r.afterErrorMs).toBeLessThan(5_000);
  });

  it.concurrent('SIGTERM while gantry run waits for it ends the process promptly (130)', async () => {
    const engine = await silentEngine();
    let sentAt = 0;
    const r = await gantry(['run', batchFile()], { DOCKER_HOST: engine.host }, {
      boundMs: 20_000,
      onSpawn: (child) => {
        void engine.connected.then(() => {
          // Hanging now: its request is on the socket.
          setTimeout(() => {
            sentAt = Date.now();
            child.kill('SIGTERM');
          }, 300);
        });
      },
    });
    expect(r.hung, `still running after ${r.ms} ms: ${r.stderr}`).toBe(false);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(Date.now() - sentAt).toBeLessThan(3000);
    expectOneLine(r.stderr);
  });

  it.concurrent('SIGINT while gantry cleanup waits for it ends the process promptly (130)', async () => {
    const engine = await silentEngine();
    let sentAt = 0;
    const r = await gantry(['cleanup'], { DOCKER_HOST: engine.host }, {
      boundMs: 20_000,
      onSpawn: (child) => {
        void engine.connected.then(() =>
          setTimeout(() => {
            sentAt = Date.now();
            child.kill('SIGINT');
          }, 300),
        );
      },
    });
    expect(r.hung, `still running after ${r.ms} ms: ${r.stderr}`).toBe(false);
    expect(r.code, r.stderr).toBe(130);
    expect(Date.now() - sentAt).toBeLessThan(3000);
  });

  it('connectEngine gives up at its bound and closes the connection', async () => {
    const engine = await silentEngine();
    const r = await within(connectEngine({ DOCKER_HOST: engine.host }, { timeoutMs: 300 }), 5000);
    expect(r.pending).toBeUndefined();
    expect(r.error).toBeInstanceOf(GantryError);
    expect((r.error as GantryError).message).toMatch(/did not answer within 300ms/);
    expect(engine.connections).toHaveLength(1);
    expect(await closedWithin(engine.connections[0], 1000)).toBe(true);
  });

  it('checkEngine is aborted by its signal at once, its connection closed', async () => {
    const engine = await silentEngine();
    const abort = new AbortController();
    const checking = checkEngine({ DOCKER_HOST: engine.host }, { signal: abort.signal });
    await engine.connected;
    abort.abort();
    const r = await within(checking, 1000);
    expect(r.pending).toBeUndefined();
    expect(r.error).toMatchObject({ code: 'cancelled' });
    expect(await closedWithin(engine.connections[0], 1000)).toBe(true);
  });
});

describe('an engine that answers /_ping and then hangs or fails', () => {
  it('every later call is bounded: info, the leftover sweep; each gives up and closes its connection', async () => {
    const engine = await httpEngine({ '/info': 'hang', '/containers/json': 'hang' });
    const docker = await connectEngine({ DOCKER_HOST: engine.host }, { callTimeoutMs: 400 });
    const info = await within(engineCapacity(docker), 5000);
    expect(info.pending).toBeUndefined();
    expect(info.error).toMatchObject({ code: 'engine-timeout' });
    expect((info.error as Error).message).toMatch(/^The Docker engine at unix:\/\/.* did not answer GET \/info within 400ms\.$/);
    expect(await closedWithin(engine.hung[0].socket, 1000)).toBe(true);

    const sweep = await within(cleanupRun(docker, { runId: 'x' }, { callTimeoutMs: 300 }), 5000);
    expect(sweep.pending).toBeUndefined();
    expect(sweep.error).toBeInstanceOf(GantryError);
    expect(sweep.error).toMatchObject({ code: 'engine-timeout' });
    expect(await closedWithin(engine.hung[1].socket, 1000)).toBe(true);
  });

  it('an HTTP error is a one-line EngineError that keeps the status for callers', async () => {
    const engine = await httpEngine({
      '/containers/json': (_req, res) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'boom: the engine\nis broken' }));
      },
    });
    const docker = await connectEngine({ DOCKER_HOST: engine.host });
    const error = (await docker.listContainers().catch((e: unknown) => e)) as GantryError & { statusCode?: number };
    expect(error).toBeInstanceOf(GantryError);
    expect(error.code).toBe('engine-error');
    expect(error.statusCode).toBe(500);
    expect(error.message).toMatch(/^The Docker engine at unix:\/\/.* failed GET \/containers\/json \(HTTP 500\): boom: the engine is broken\.$/);
  });

  it.concurrent('gantry run: a 500 on /containers/json is exit 3 with one line', async () => {
    const engine = await httpEngine({
      '/containers/json': (_req, res) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'boom: database is locked' }));
      },
    });
    const r = await gantry(['run', batchFile()], { DOCKER_HOST: engine.host }, { boundMs: 20_000 });
    expect(r.hung).toBe(false);
    expect(r.code, r.stderr).toBe(3);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/^gantry: error: The Docker engine at unix:\/\/.* failed GET \/containers\/json \(HTTP 500\): boom: database is locked\./);
  });

  it.concurrent('gantry cleanup: a 500 on /containers/json is exit 3 with one line', async () => {
    const engine = await httpEngine({
      '/containers/json': (_req, res) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'boom' }));
      },
    });
    const r = await gantry(['cleanup'], { DOCKER_HOST: engine.host }, { boundMs: 20_000 });
    expect(r.hung).toBe(false);
    expect(r.code, r.stderr).toBe(3);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/HTTP 500\): boom\./);
  });

  it.concurrent('gantry run: the engine closing the connection on /info is exit 3 with one line', async () => {
    const engine = await httpEngine({ '/info': (req) => req.socket.destroy() });
    const r = await gantry(['run', batchFile()], { DOCKER_HOST: engine.host }, { boundMs: 20_000 });
    expect(r.hung).toBe(false);
    expect(r.code, r.stderr).toBe(3);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/^gantry: error: Lost the connection to the Docker engine at unix:\/\/.* during GET \/info: socket hang up\./);
  });

  it.concurrent('gantry run: the engine closing the connection on /containers/json is exit 3 with one line', async () => {
    const engine = await httpEngine({ '/containers/json': (req) => req.socket.destroy() });
    const r = await gantry(['run', batchFile()], { DOCKER_HOST: engine.host }, { boundMs: 20_000 });
    expect(r.hung).toBe(false);
    expect(r.code, r.stderr).toBe(3);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/during GET \/containers\/json/);
    expect(engine.seen).toContain('GET /containers/json');
  });
});

// ---------------------------------------------------------------------------------------------
// A task's timeout counts from its command's start.

/** Attempts "start" their command `startAfter` ms after start(), then run `runFor` ms (Infinity: until killed). */
function slowStartExecutor(clock: VirtualClock, startAfter: number, runFor: number) {
  const calls: string[] = [];
  const live = new Map<string, { timers: object[]; onExit: (o: AttemptOutcome) => void }>();
  const executor: Executor = {
    start(attempt: Attempt, onExit, onStarted) {
      calls.push(`start ${attempt.id}`);
      const entry = { timers: [] as object[], onExit };
      live.set(attempt.id, entry);
      entry.timers.push(
        clock.setTimer(startAfter, () => {
          calls.push(`started ${attempt.id}`);
          onStarted();
          if (Number.isFinite(runFor)) {
            entry.timers.push(
              clock.setTimer(runFor, () => {
                live.delete(attempt.id);
                onExit({ status: 'succeeded', exitCode: 0 });
              }),
            );
          }
        }),
      );
    },
    kill(attemptId: string, reason: KillReason) {
      calls.push(`kill ${attemptId} ${reason}`);
      const entry = live.get(attemptId);
      if (!entry) return;
      live.delete(attemptId);
      for (const t of entry.timers) clock.clearTimer(t);
      const status = reason === 'timeout' ? 'timeout' : reason === 'cancel' ? 'cancelled' : 'killed';
      clock.setTimer(0, () => entry.onExit({ status }));
    },
    startService() {},
    stopService() {},
  };
  return { executor, calls };
}

function schedule(g: ReturnType<typeof graph>, executor: Executor, clock: VirtualClock) {
  let result: RunResult | undefined;
  const scheduler = new Scheduler(g, { capacity: capacity(2), executor, clock, onDone: (r) => (result = r) });
  return { scheduler, result: () => result };
}

describe('scheduler: the timeout counts from onStarted', () => {
  it('a slow preparation (5 s) does not count against a 1 s timeout', () => {
    const clock = new VirtualClock();
    const { executor } = slowStartExecutor(clock, 5000, 500);
    const s = schedule(graph([unit('quick', { timeout: 1000 })]), executor, clock);
    s.scheduler.start();
    clock.run();
    const u = s.result()!.units[0];
    expect(u.status).toBe('succeeded');
    expect(u.end).toBe(5500);
  });

  it('the timeout still fires, from the start of the command', () => {
    const clock = new VirtualClock();
    const { executor, calls } = slowStartExecutor(clock, 5000, Infinity);
    const s = schedule(graph([unit('hang', { timeout: 1000 })]), executor, clock);
    s.scheduler.start();
    clock.run();
    expect(calls).toEqual(['start hang#1', 'started hang#1', 'kill hang#1 timeout']);
    expect(s.result()!.units[0]).toMatchObject({ status: 'timeout', end: 6000 });
  });

  it('a cancel before the command started still stops the attempt', () => {
    const clock = new VirtualClock();
    const { executor, calls } = slowStartExecutor(clock, 5000, 500);
    const s = schedule(graph([unit('a', { timeout: 1000 })]), executor, clock);
    s.scheduler.start();
    clock.setTimer(2000, () => s.scheduler.cancel());
    clock.run();
    expect(calls).toEqual(['start a#1', 'kill a#1 cancel']);
    expect(s.result()).toMatchObject({ result: 'cancelled' });
    expect(s.result()!.units[0].status).toBe('cancelled');
  });
});

const docker = testDocker();
const MiB = 1024 * 1024;

/** The real engine, with every container create taking `ms` longer (a cold engine, a slow disk). */
function slowCreates(ms: number): Dockerode {
  const slow = testDocker();
  const create = slow.createContainer.bind(slow);
  slow.createContainer = (async (options: Dockerode.ContainerCreateOptions) => {
    await new Promise((r) => setTimeout(r, ms));
    return create(options);
  }) as typeof slow.createContainer;
  return slow;
}

describe('real engine: timeout from the start of the command', () => {
  it('a 1 s timeout echo succeeds although its container takes 2 s to create; sleep 30 still times out', async () => {
    const runId = newRunId();
    const ex = dockerExecutor(slowCreates(2000), runId, { killGraceMs: 1000 });
    const quick = dockerUnit({ id: 'quick', run: 'echo hi', timeout: 1000, cpus: 0.25, memory: 32 * MiB });
    const hang = dockerUnit({ id: 'hang', run: 'exec sleep 30', timeout: 1000, cpus: 0.25, memory: 32 * MiB });
    const g = graph([quick, hang]);
    try {
      await ex.setup(g.units);
      const started = Date.now();
      const result = await new Promise<RunResult>((resolve) => {
        new Scheduler(g, { capacity: capacity(2), executor: ex, clock: new RealClock(), onDone: resolve }).start();
      });
      const byId = Object.fromEntries(result.units.map((u) => [u.id, u]));
      expect(byId.quick.status, JSON.stringify(byId.quick)).toBe('succeeded');
      expect(byId.hang.status).toBe('timeout');
      expect(byId.hang.attempts[0].outcome).toMatchObject({ exitCode: 143, signal: 'SIGTERM' });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await ex.teardown();
      await cleanupRun(docker, { runId });
    }
    expect(await leftovers(docker, runId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// OOM only when the engine says so.

describe('real engine: OOM only when the engine says so', () => {
  const runs: Array<{ runId: string; ex: ReturnType<typeof dockerExecutor> }> = [];
  afterEach(async () => {
    for (const { runId, ex } of runs.splice(0)) {
      await ex.teardown();
      await cleanupRun(docker, { runId });
      expect(await leftovers(docker, runId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    }
  });
  const newExecutor = (client: Dockerode = docker) => {
    const runId = newRunId();
    const ex = dockerExecutor(client, runId);
    runs.push({ runId, ex });
    return { runId, ex };
  };

  it('a task that allocates past its limit is oom', async () => {
    const { ex } = newExecutor();
    const u = dockerUnit({ id: 'hungry', memory: 8 * MiB, run: 'head -c 64m /dev/zero | tail' });
    await ex.setup([u]);
    const outcome = await run(ex, attemptOf(u));
    expect(outcome).toMatchObject({ status: 'oom', exitCode: 137, message: 'out of memory (limit 8Mi)' });
  });

  it("an OOM kill whose OOMKilled lags the exit is still oom, from the engine's oom event", async () => {
    // The engine's inspect answers OOMKilled: false (the race the event covers).
    const lagging = testDocker();
    const create = lagging.createContainer.bind(lagging);
    lagging.createContainer = (async (options: Dockerode.ContainerCreateOptions) => {
      const container = await create(options);
      const inspect = container.inspect.bind(container);
      container.inspect = (async () => {
        const info = await inspect();
        info.State.OOMKilled = false;
        return info;
      }) as typeof container.inspect;
      return container;
    }) as typeof lagging.createContainer;
    const { ex } = newExecutor(lagging);
    const u = dockerUnit({ id: 'hungry', memory: 8 * MiB, run: 'head -c 64m /dev/zero | tail' });
    await ex.setup([u]);
    const outcome = await run(ex, attemptOf(u));
    expect(outcome).toMatchObject({ status: 'oom', exitCode: 137, message: 'out of memory (limit 8Mi)' });
  });

  it('a task near its limit that is docker-killed from outside is killed, not oom', async () => {
    const { runId, ex } = newExecutor();
    // Holds ~18 MiB of its 20 MiB (tail keeps what it read while the pipe stays open).
    const u = dockerUnit({ id: 'full', memory: 20 * MiB, run: '{ head -c 18m /dev/zero; sleep 60; } | tail -c 19000000 >/dev/null' });
    await ex.setup([u]);
    const outcome = run(ex, attemptOf(u));
    const filters = JSON.stringify({ label: [`${LABEL_RUN}=${runId}`, `${LABEL_UNIT}=full`], status: ['running'] });
    let id: string | undefined;
    for (let i = 0; i < 100 && !id; i++) {
      id = (await docker.listContainers({ filters }))[0]?.Id;
      if (!id) await new Promise((r) => setTimeout(r, 100));
    }
    expect(id).toBeDefined();
    // Until it holds its memory, and the executor's stats have seen it.
    for (let i = 0; i < 50; i++) {
      const stats = (await docker.getContainer(id!).stats({ stream: false })) as { memory_stats?: { usage?: number } };
      if ((stats.memory_stats?.usage ?? 0) >= 18 * MiB) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1500));
    await docker.getContainer(id!).kill({ signal: 'SIGKILL' });
    const result = await outcome;
    expect(result.usage?.peakMemory ?? 0, 'near its limit').toBeGreaterThanOrEqual(0.9 * 20 * MiB);
    expect(result).toMatchObject({ status: 'killed', exitCode: 137, signal: 'SIGKILL', message: 'killed by SIGKILL (exit code 137)' });
  });
});
