/**
 * The run reports from a scripted run: the real Scheduler drives a scripted executor on a virtual
 * clock (known durations, usage, an OOM then a retry, a failure, a skipped dependent), the recorder
 * turns its events into the report document, and the renderers turn that into report.md / HTML.
 */
import { describe, expect, it } from 'vitest';
import type { AttemptOutcome, Clock, Executor, RunResult, ScheduleEvent, TimerHandle } from '../core/executor';
import type { Graph, Unit, UnitSpec } from '../core/model';
import { Scheduler } from '../core/schedule';
import { RunRecorder } from '../core/report/run-recorder';
import { renderMarkdown } from '../core/report/report-md';
import { renderHtml } from '../core/report/report-html';
import { usageAdvice } from '../core/report/usage-advice';
import { actualCriticalPath } from '../core/report/critical-path';
import type { RunDocument, UnitDocument } from '../core/report/run-document';

const MI = 1024 * 1024;

class VirtualClock implements Clock {
  private t = 0;
  private timers: Array<{ at: number; seq: number; fn: () => void }> = [];
  private seq = 0;
  now(): number {
    return this.t;
  }
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const timer = { at: this.t + delayMs, seq: this.seq++, fn };
    this.timers.push(timer);
    return timer;
  }
  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  runAll(): void {
    while (this.timers.length > 0) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.t = next.at;
      next.fn();
    }
  }
}

interface Script {
  /** Per attempt number: duration (ms) and outcome. */
  attempts: Array<{ ms: number; outcome: AttemptOutcome }>;
}

/** Plays each unit's script on the virtual clock; services become healthy after 500 ms. */
function scriptedExecutor(clock: VirtualClock, scripts: Record<string, Script>): Executor {
  const running = new Map<string, { timer: TimerHandle; onExit: (o: AttemptOutcome) => void }>();
  return {
    start(attempt, onExit) {
      const step = scripts[attempt.unit.id]?.attempts[attempt.number - 1] ?? { ms: 1000, outcome: { status: 'succeeded', exitCode: 0 } };
      const timer = clock.setTimer(step.ms, () => {
        running.delete(attempt.id);
        onExit(step.outcome);
      });
      running.set(attempt.id, { timer, onExit });
    },
    kill(attemptId, reason) {
      const r = running.get(attemptId);
      if (!r) return;
      clock.clearTimer(r.timer);
      running.delete(attemptId);
      clock.setTimer(0, () => r.onExit({ status: reason === 'timeout' ? 'timeout' : 'cancelled' }));
    },
    startService(_unit, callbacks) {
      clock.setTimer(500, () => callbacks.healthy());
    },
    stopService() {},
  };
}

function unit(id: string, kind: 'task' | 'service', needs: string[], cpus: number, memory: number, estimate: number, extra: Partial<Unit> = {}): Unit {
  const name = id.replace(/\[.*$/, '');
  return {
    id,
    kind,
    spec: { name } as UnitSpec,
    matrix: {},
    needs,
    cpus,
    memory,
    estimate,
    retries: { count: 0, backoff: 1000, memoryFactor: 2 },
    if: 'success',
    allowFailure: false,
    env: {},
    ...extra,
  } as Unit;
}

function graphOf(units: Unit[]): Graph {
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}

const usage = (peakMi: number, cpuSeconds: number) => ({ peakMemory: peakMi * MI, cpuSeconds });

/** A build, three test shards against a db service (one OOMs once, one fails), a report, a skipped deploy. */
export function scriptedRun(): { doc: RunDocument; result: RunResult; events: ScheduleEvent[] } {
  const graph = graphOf([
    unit('db', 'service', [], 0.5, 64 * MI, 10_000),
    unit('build', 'task', [], 1, 512 * MI, 4000),
    unit('test[shard=1]', 'task', ['build', 'db'], 0.5, 128 * MI, 3000, { retries: { count: 1, backoff: 500, memoryFactor: 2 } }),
    unit('test[shard=2]', 'task', ['build', 'db'], 0.5, 128 * MI, 3000),
    unit('test[shard=3]', 'task', ['build', 'db'], 0.5, 128 * MI, 3000),
    unit('report', 'task', ['test[shard=1]', 'test[shard=2]', 'test[shard=3]'], 0.25, 64 * MI, 1000, { if: 'always' }),
    unit('deploy', 'task', ['test[shard=1]', 'test[shard=2]', 'test[shard=3]'], 0.25, 64 * MI, 1000),
  ]);
  const clock = new VirtualClock();
  const executor = scriptedExecutor(clock, {
    build: { attempts: [{ ms: 4200, outcome: { status: 'succeeded', exitCode: 0, usage: usage(90, 8.1) } }] },
    'test[shard=1]': {
      attempts: [
        { ms: 1500, outcome: { status: 'oom', exitCode: 137, message: 'out of memory (limit 128Mi)', usage: usage(128, 1.2) } },
        { ms: 2600, outcome: { status: 'succeeded', exitCode: 0, usage: usage(170, 1.3) } },
      ],
    },
    'test[shard=2]': { attempts: [{ ms: 2800, outcome: { status: 'succeeded', exitCode: 0, usage: usage(40, 1.4) } }] },
    'test[shard=3]': { attempts: [{ ms: 2100, outcome: { status: 'failed', exitCode: 2, message: 'exit code 2', usage: usage(30, 1.0) } }] },
    report: { attempts: [{ ms: 600, outcome: { status: 'succeeded', exitCode: 0, usage: usage(3, 0.1) } }] },
  });
  const capacity = { cpus: 2, memory: 1024 * MI, parallel: 4 };
  const recorder = new RunRecorder({
    runId: '20250101-120000-ab12',
    instance: 'local-test',
    file: 'examples/build-and-test.gantry.yml',
    name: 'build and test',
    startedAt: new Date('2025-01-01T12:00:00Z'),
    capacity,
    graph,
    prediction: { makespan: 9000, lowerBound: 8000, criticalPath: ['build', 'test[shard=1]', 'report'] },
  });
  const events: ScheduleEvent[] = [];
  let result: RunResult | undefined;
  const scheduler = new Scheduler(graph, {
    capacity,
    executor,
    clock,
    onEvent: (e) => {
      events.push(e);
      recorder.apply(e, new Date('2025-01-01T12:00:05Z'));
    },
    onDone: (r) => (result = r),
  });
  scheduler.start();
  clock.runAll();
  if (!result) throw new Error('the scripted run did not finish');
  recorder.setLog('test[shard=3]', 1, 'logs/test_shard=3_.1.log', ['running 12 tests', 'FAIL: parser handles empty input', '  expected 0, got 1', '11 passed, 1 failed']);
  const doc = recorder.finish(result, new Date('2025-01-01T12:00:10Z'));
  return { doc, result, events };
}

describe('run recorder', () => {
  it('records every unit in a definite state with its attempts', () => {
    const { doc } = scriptedRun();
    expect(doc.complete).toBe(true);
    expect(doc.result).toBe('failure');
    const status = Object.fromEntries(doc.units.map((u) => [u.id, u.status]));
    expect(status).toEqual({
      db: 'succeeded',
      build: 'succeeded',
      'test[shard=1]': 'succeeded',
      'test[shard=2]': 'succeeded',
      'test[shard=3]': 'failed',
      report: 'succeeded',
      deploy: 'skipped',
    });
    const shard1 = doc.units.find((u) => u.id === 'test[shard=1]')!;
    expect(shard1.attempts.map((a) => [a.outcome?.status, a.memory])).toEqual([
      ['oom', 128 * MI],
      ['succeeded', 256 * MI],
    ]);
    expect(doc.units.find((u) => u.id === 'test[shard=3]')!.attempts[0].logTail).toHaveLength(4);
  });

  it('keeps a partial document readable while the run goes', () => {
    const graph = graphOf([unit('a', 'task', [], 1, MI, 1000), unit('b', 'task', ['a'], 1, MI, 1000)]);
    const recorder = new RunRecorder({ runId: 'r', instance: 'i', file: 'f.yml', startedAt: new Date(0), capacity: { cpus: 1, memory: MI, parallel: 1 }, graph });
    recorder.apply({ type: 'ready', at: 0, unit: 'a' });
    recorder.apply({ type: 'attempt-start', at: 5, unit: 'a', attempt: 1, memory: MI });
    const doc = JSON.parse(JSON.stringify(recorder.document)) as RunDocument;
    expect(doc.complete).toBe(false);
    expect(doc.result).toBe('running');
    expect(doc.units.map((u) => u.status)).toEqual(['running', 'pending']);
    expect(renderMarkdown(doc)).toContain('This report is partial');
  });
});

describe('critical path of what happened', () => {
  it('walks back through the needs that released each step last', () => {
    const { doc } = scriptedRun();
    // shard 1 retried after an OOM, so it ended last of the shards and held up the report.
    // The db service started once build was done and its health then released the shard.
    expect(actualCriticalPath(doc.units)).toEqual(['build', 'db', 'test[shard=1]', 'report']);
  });
});

describe('usage advice', () => {
  const task = (over: Partial<UnitDocument>): UnitDocument => ({
    id: 't', kind: 'task', name: 't', status: 'succeeded', needs: [], cpus: 1, memory: 1024 * MI, estimate: 1000, allowFailure: false, attempts: [], ...over,
  });
  it('flags memory asked far above the peak', () => {
    const advice = usageAdvice(task({ attempts: [{ number: 1, start: 0, end: 5000, memory: 1024 * MI, outcome: { status: 'succeeded', usage: usage(90, 4) } }] }));
    expect(advice.map((a) => a.message)).toContain('asked 1Gi, peaked at 90Mi');
    expect(advice.find((a) => a.kind === 'memory-over')!.suggestion).toBe('memory: 144Mi');
  });
  it('flags cpus used far beyond the request', () => {
    const advice = usageAdvice(task({ cpus: 0.5, memory: 128 * MI, attempts: [{ number: 1, start: 0, end: 10_000, memory: 128 * MI, outcome: { status: 'succeeded', usage: usage(60, 19) } }] }));
    expect(advice.map((a) => a.message)).toEqual(['asked 0.5 cpus, used 1.9']);
  });
  it('flags cpus asked and left idle, but not for short attempts', () => {
    const idle = { number: 1, start: 0, end: 10_000, memory: 128 * MI, outcome: { status: 'succeeded' as const, usage: usage(60, 0.5) } };
    expect(usageAdvice(task({ cpus: 2, memory: 128 * MI, attempts: [idle] })).map((a) => a.message)).toEqual(['asked 2 cpus, used 0.05']);
    expect(usageAdvice(task({ cpus: 2, memory: 128 * MI, attempts: [{ ...idle, end: 1500 }] }))).toEqual([]);
  });
  it('says nothing when the request fits the use', () => {
    expect(usageAdvice(task({ cpus: 1, memory: 128 * MI, attempts: [{ number: 1, start: 0, end: 10_000, memory: 128 * MI, outcome: { status: 'succeeded', usage: usage(80, 6) } }] }))).toEqual([]);
  });
  it('names an OOM and suggests more', () => {
    const advice = usageAdvice(task({ memory: 128 * MI, attempts: [{ number: 1, start: 0, end: 100, memory: 128 * MI, outcome: { status: 'oom', usage: usage(128, 0.1) } }] }));
    expect(advice.map((a) => [a.kind, a.message, a.suggestion])).toEqual([['memory-oom', 'ran out of memory at 128Mi', 'memory: 256Mi']]);
  });
});

describe('report.md', () => {
  it('renders the status table, the Mermaid Gantt with the critical path, advice and failed log tails', async () => {
    const { doc } = scriptedRun();
    const md = renderMarkdown(doc);
    await expect(md).toMatchFileSnapshot('./__snapshots__/report.md');
    expect(md).toContain('```mermaid\ngantt\n  dateFormat x');
    expect(md).toMatch(/build :crit, done, b\d+, 0, 4200/);
  });
  it('escapes task output so it cannot break the page', () => {
    const { doc } = scriptedRun();
    doc.units[1].reason = 'a | pipe <script>';
    const md = renderMarkdown(doc);
    expect(md).toContain('a \\| pipe &lt;script&gt;');
  });
});

describe('report.html', () => {
  it('is self-contained: no scripts and nothing loaded from elsewhere', () => {
    const { doc } = scriptedRun();
    doc.units[2].attempts[1].logTail = ['<img src=x onerror=alert(1)>'];
    const html = renderHtml(doc);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|https?:/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('asked 512Mi, peaked at 90Mi');
  });
});
