/**
 * `--resume`, pure parts: what a resumed run runs again and takes over (core/run/resume.ts), and
 * the scheduler's taken-over units (ended at once, outputs handed on, services not started).
 */
import { describe, expect, it } from 'vitest';
import type { Attempt, AttemptOutcome, RunResult, ScheduleEvent } from '../core/executor';
import { SimulatedExecutor, VirtualClock } from '../core/executors/simulated';
import { Scheduler, type TakenUnit } from '../core/schedule';
import { resumePlan, type ResumeUnitView } from '../core/run/resume';
import { capacity, graph, unit } from './support/schedule-graph';

const view = (id: string, status: string, needs: string[] = [], extra: Partial<ResumeUnitView> = {}): ResumeUnitView => ({
  id,
  kind: 'task',
  status,
  needs,
  attempts: status === 'succeeded' ? [{ outcome: { status, outputs: { v: id } } }] : [],
  ...extra,
});

describe('resumePlan', () => {
  it('runs again what did not succeed and everything downstream; takes the rest with its outputs', () => {
    const plan = resumePlan([
      view('db', 'succeeded', [], { kind: 'service', attempts: [] }),
      view('cache', 'succeeded', [], { kind: 'service', attempts: [] }),
      view('build:img', 'succeeded', [], { kind: 'build' }),
      view('a', 'succeeded', ['db']),
      view('b', 'failed', ['a', 'db', 'build:img']),
      view('c', 'skipped', ['b']),
      // Ran (if: always) after b failed: runs again with b's new result.
      view('report', 'succeeded', ['c']),
      view('d', 'succeeded', ['a', 'cache']),
      view('e', 'cancelled'),
    ]);
    expect([...plan.rerun].sort()).toEqual(['b', 'build:img', 'c', 'db', 'e', 'report']);
    expect(Object.fromEntries(plan.taken)).toEqual({ cache: {}, a: { v: 'a' }, d: { v: 'd' } });
    expect(plan.masked).toEqual([]);
  });

  it('runs again a task whose output had a secret masked, and what needs it; a taken-over unit hands on its own outputs', () => {
    const plan = resumePlan([
      view('token', 'succeeded', [], { attempts: [{ outcome: { status: 'succeeded', outputs: { t: '***' }, maskedOutputs: ['t'] } }] }),
      view('use', 'succeeded', ['token']),
      view('old', 'succeeded', [], { attempts: [], outputs: { k: 'from an earlier run' } }),
      view('x', 'failed', ['old']),
    ]);
    expect([...plan.rerun].sort()).toEqual(['token', 'use', 'x']);
    expect(plan.masked).toEqual(['token']);
    expect(Object.fromEntries(plan.taken)).toEqual({ old: { k: 'from an earlier run' } });
  });
});

describe('scheduler with taken-over units', () => {
  it('ends them succeeded at once, hands their outputs to dependents, and starts no service only they need', () => {
    const g = graph([
      unit('db', { kind: 'service' }),
      unit('cache', { kind: 'service' }),
      unit('a', { needs: ['db'] }),
      unit('b', { needs: ['a', 'cache'] }),
      unit('c', { needs: ['b'] }),
    ]);
    const clock = new VirtualClock();
    const inner = new SimulatedExecutor(clock);
    const started: string[] = [];
    const seen: Record<string, unknown> = {};
    const executor = Object.assign(Object.create(inner) as SimulatedExecutor, {
      start(attempt: Attempt, onExit: (o: AttemptOutcome) => void, onStarted: () => void) {
        started.push(attempt.unit.id);
        seen[attempt.unit.id] = attempt.needsOutputs;
        inner.start(attempt, onExit, onStarted);
      },
      startService(u: Parameters<SimulatedExecutor['startService']>[0], callbacks: Parameters<SimulatedExecutor['startService']>[1]) {
        started.push(u.id);
        inner.startService(u, callbacks);
      },
    });
    const taken = new Map<string, TakenUnit>([
      ['db', { outputs: {}, reason: 'succeeded in run R, not run again' }],
      ['a', { outputs: { greeting: 'hi' }, reason: 'succeeded in run R, not run again' }],
    ]);
    const events: ScheduleEvent[] = [];
    let result: RunResult | undefined;
    const scheduler = new Scheduler(g, { capacity: capacity(4), executor, clock, taken, onEvent: (e) => events.push(e), onDone: (r) => (result = r) });
    scheduler.start();
    clock.run(10_000_000);
    expect(result?.result).toBe('success');
    expect(started).toEqual(['cache', 'b', 'c']);
    expect(seen.b).toEqual({ a: { greeting: 'hi' } });
    const byId = Object.fromEntries(result!.units.map((u) => [u.id, u]));
    expect(byId.a).toMatchObject({ status: 'succeeded', reason: 'succeeded in run R, not run again', attempts: [] });
    expect(byId.db).toMatchObject({ status: 'succeeded', reason: 'succeeded in run R, not run again' });
    expect(byId.a.start).toBeUndefined();
    expect(events.filter((e) => e.type === 'unit-end' && e.unit === 'db')).toHaveLength(1);
  });
});
