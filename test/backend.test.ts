/**
 * The backend boundary (core/backend.ts): `runBatch` runs a batch through whatever `Backend` it is
 * handed — here a plain-object fake with an in-test executor, no Docker — and imports no engine
 * client; and the local Docker backend reports one node holding the engine's whole capacity.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, BackendCapacity, RunExecutor, RunExecutorOptions, SweepResult } from '../core/backend';
import type { Attempt, AttemptOutcome, KillReason, ServiceCallbacks } from '../core/executor';
import type { Unit } from '../core/model';
import type { RunDocument } from '../core/report/run-document';
import { runBatch } from '../core/run/run-batch';
import { validate } from '../core/validate';
import { dockerBackend } from '../core/backends/docker';
import { connectEngine, engineCapacity } from '../core/backends/docker/engine';
import { GantryError } from '../core/diagnostics';

const root = mkdtempSync(join(tmpdir(), 'gantry-backend-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the fake engine was asked, in order. */
type Calls = string[];

interface FakeScript {
  /** Unit ids whose attempts exit 7. */
  fail?: string[];
  /** `setup` rejects with this. */
  setupError?: unknown;
}

/** Runs each attempt on a timer: prints one line, writes its log file, then exits as scripted. */
class FakeExecutor implements RunExecutor {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; onExit: (o: AttemptOutcome) => void }>();

  constructor(
    private readonly options: RunExecutorOptions,
    private readonly script: FakeScript,
    private readonly calls: Calls,
  ) {}

  async setup(units: readonly Unit[]): Promise<void> {
    this.calls.push(`setup ${units.map((u) => u.id).join(',')}`);
    if (this.script.setupError !== undefined) throw this.script.setupError;
  }

  async teardown(): Promise<void> {
    this.calls.push('teardown');
    for (const [id, { timer, onExit }] of this.timers) {
      clearTimeout(timer);
      this.timers.delete(id);
      onExit({ status: 'cancelled', message: 'cancelled' });
    }
  }

  start(attempt: Attempt, onExit: (outcome: AttemptOutcome) => void, onStarted: () => void): void {
    const id = attempt.unit.id;
    const timer = setTimeout(() => {
      this.timers.delete(attempt.id);
      onStarted();
      const text = `fake ran ${id} in run ${this.options.runId}`;
      this.options.logs.line(id, attempt.number, 'stdout', text);
      const file = this.options.logs.file?.(id, attempt.number);
      if (file) writeFileSync(file, `${text}\n`);
      onExit(this.script.fail?.includes(id) ? { status: 'failed', exitCode: 7, message: 'exit code 7' } : { status: 'succeeded', exitCode: 0 });
    }, 5);
    this.timers.set(attempt.id, { timer, onExit });
  }

  kill(attemptId: string, reason: KillReason): void {
    const running = this.timers.get(attemptId);
    if (!running) return;
    clearTimeout(running.timer);
    this.timers.delete(attemptId);
    setTimeout(() => running.onExit({ status: reason === 'timeout' ? 'timeout' : reason === 'cancel' ? 'cancelled' : 'killed' }), 0);
  }

  startService(_unit: Unit, callbacks: ServiceCallbacks): void {
    setTimeout(() => callbacks.healthy(), 0);
  }

  stopService(): void {}
}

const FAKE_CAPACITY: BackendCapacity = {
  total: { cpus: 3, memory: 3 * 2 ** 30, parallel: Number.POSITIVE_INFINITY },
  nodes: [
    { id: 'n1', name: 'node one', capacity: { cpus: 2, memory: 2 * 2 ** 30, parallel: Number.POSITIVE_INFINITY } },
    { id: 'n2', name: 'node two', capacity: { cpus: 1, memory: 2 ** 30, parallel: Number.POSITIVE_INFINITY } },
  ],
};

/** A two-node engine that exists only in this test. */
function fakeBackend(script: FakeScript = {}): { backend: Backend; calls: Calls } {
  const calls: Calls = [];
  const backend: Backend = {
    name: 'fake',
    label: 'the fake engine',
    async connect({ env }) {
      calls.push(`connect ${env.FAKE_ENGINE ?? '?'}`);
      return {
        capacity: async () => FAKE_CAPACITY,
        executor: (options) => {
          calls.push(`executor ${options.instance} volumes=${options.volumes.join(',')}`);
          return new FakeExecutor(options, script, calls);
        },
        sweep: async (selector): Promise<SweepResult> => {
          calls.push(`sweep ${JSON.stringify(selector)}`);
          return { removed: [{ runId: 'old-run', state: 'gone', why: 'its gantry process 1 is gone', removed: '2 containers', errors: [] }], kept: [] };
        },
        close: async () => void calls.push('close'),
      };
    },
  };
  return { backend, calls };
}

function batch(yaml: string): { file: string; validation: { file: NonNullable<ReturnType<typeof validate>['file']>; graph: NonNullable<ReturnType<typeof validate>['graph']> } } {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, yaml);
  const v = validate(yaml);
  expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { file, validation: { file: v.file!, graph: v.graph! } };
}

const YAML = `version: 1
defaults: { image: busybox:latest, cpus: 1, memory: 32Mi }
volumes:
  cache: {}
tasks:
  build: { run: "make" }
  test: { needs: [build], run: "make test" }
  lint: { run: "lint" }
`;

describe('runBatch through a Backend', () => {
  it('runs a batch on a fake engine, no Docker: capacity, sweep, executor life cycle, logs, report.json', async () => {
    const { backend, calls } = fakeBackend({ fail: ['lint'] });
    const { file, validation } = batch(YAML);
    const lines: string[] = [];
    const notices: string[] = [];
    const report = await runBatch({
      backend,
      path: file,
      validation,
      instance: 'fake-instance',
      env: { FAKE_ENGINE: 'here' },
      onLine: (unit, _attempt, stream, line) => lines.push(`${unit} ${stream}: ${line}`),
      onNotice: (message) => notices.push(message),
    });

    expect(report.result.result).toBe('failure');
    expect(Object.fromEntries(report.result.units.map((u) => [u.id, u.status]))).toEqual({ build: 'succeeded', test: 'succeeded', lint: 'failed' });
    expect(report.result.units.find((u) => u.id === 'lint')!.attempts[0].outcome.exitCode).toBe(7);
    // The capacity is the backend's total (the file gives none).
    expect(report.capacity).toEqual(FAKE_CAPACITY.total);
    expect(lines).toContain(`test stdout: fake ran test in run ${report.runId}`);
    expect(notices).toEqual(['removed what run old-run left behind (2 containers): its gantry process 1 is gone']);
    expect(calls).toEqual([
      'connect here',
      'sweep {"instance":"fake-instance"}',
      'executor fake-instance volumes=cache',
      'setup build,test,lint',
      'teardown',
      'close',
    ]);

    const doc = JSON.parse(readFileSync(report.paths.json, 'utf8')) as RunDocument;
    expect(doc.complete).toBe(true);
    expect(doc.result).toBe('failure');
    expect(doc.capacity.cpus).toBe(3);
    expect(doc.units.find((u) => u.id === 'build')!.attempts[0].logTail).toEqual([`fake ran build in run ${report.runId}`]);
    expect(readFileSync(report.paths.logs.lint[0], 'utf8')).toBe(`fake ran lint in run ${report.runId}\n`);
  });

  it("names the backend when its setup fails, and still tears down and closes", async () => {
    const { backend, calls } = fakeBackend({ setupError: new Error('no network today') });
    const { file, validation } = batch(YAML);
    const error = await runBatch({ backend, path: file, validation, instance: 'fake-setup', env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GantryError);
    expect((error as GantryError).code).toBe('engine-setup');
    expect((error as GantryError).message).toBe('Could not prepare the run on the fake engine: no network today');
    expect(calls.slice(-2)).toEqual(['teardown', 'close']);
  });

  it('imports no engine client: core/run/run-batch.ts bundles without dockerode or core/backends/', async () => {
    const result = await build({ entryPoints: ['core/run/run-batch.ts'], bundle: true, platform: 'node', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('core/schedule.ts');
    expect(inputs.filter((i) => i.includes('dockerode') || i.includes('core/backends/'))).toEqual([]);
  });
});

describe('dockerBackend on the engine', () => {
  it('reports one node holding the engine\'s whole capacity', async () => {
    const connection = await dockerBackend().connect({ env: process.env });
    try {
      const capacity = await connection.capacity();
      const engine = await engineCapacity(await connectEngine(process.env));
      expect(capacity.total).toEqual(engine);
      expect(capacity.nodes).toHaveLength(1);
      expect(capacity.nodes[0].id).toBe('local');
      expect(capacity.nodes[0].capacity).toEqual(capacity.total);
    } finally {
      await connection.close();
    }
    await expect(connection.capacity()).rejects.toMatchObject({ code: 'engine-closed' });
  });
});
