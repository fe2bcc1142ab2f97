import { describe, expect, it } from 'vitest';
import type { Attempt, AttemptOutcome, Executor, RunResult, ServiceCallbacks } from '../core/executor';
import { SimulatedExecutor, VirtualClock } from '../core/executors/simulated';
import type { Unit } from '../core/model';
import { DEFAULT_CANCEL_GRACE_MS, rankUnits, Scheduler } from '../core/schedule';
import { byId, capacity, graph, MiB, simulate, unit } from './support/schedule-graph';

const starts = (run: ReturnType<typeof simulate>) =>
  Object.fromEntries(run.result.units.filter((u) => u.start !== undefined).map((u) => [u.id, u.start]));

describe('scheduler: order and priority', () => {
  it('runs a chain in order and reports the makespan', () => {
    const run = simulate(graph([unit('a', { estimate: 5000 }), unit('b', { needs: ['a'], estimate: 3000 })]), capacity(4));
    expect(starts(run)).toEqual({ a: 0, b: 5000 });
    expect(run.result).toMatchObject({ result: 'success', makespan: 8000 });
    expect(run.events.filter((e) => e.type === 'run-end')).toHaveLength(1);
    expect(run.doneCalls).toBe(1);
  });

  it('starts the longest remaining path first, not file order', () => {
    // One cpu: `short` comes first in the file, but `head` leads the 60 s chain.
    const g = graph([
      unit('short', { estimate: 30_000 }),
      unit('head', { estimate: 10_000 }),
      unit('tail', { needs: ['head'], estimate: 50_000 }),
    ]);
    const run = simulate(g, capacity(1));
    expect(starts(run)).toEqual({ head: 0, tail: 10_000, short: 60_000 });
  });

  it('breaks ties by larger cpus, then larger memory, then name', () => {
    const g = graph([
      unit('b-small', { cpus: 1, memory: 10 * MiB }),
      unit('a-small', { cpus: 1, memory: 10 * MiB }),
      unit('c-bigmem', { cpus: 1, memory: 20 * MiB }),
      unit('d-bigcpu', { cpus: 2, memory: 10 * MiB }),
    ]);
    const { rank } = rankUnits(g);
    const order = g.units.map((u, i) => [u.id, rank[i]] as const).sort((x, y) => x[1] - y[1]).map((x) => x[0]);
    expect(order).toEqual(['d-bigcpu', 'c-bigmem', 'a-small', 'b-small']);
    const run = simulate(g, capacity(2));
    expect(starts(run)).toEqual({ 'd-bigcpu': 0, 'c-bigmem': 10_000, 'a-small': 10_000, 'b-small': 20_000 });
  });

  it('never runs more containers than the parallel slots', () => {
    const g = graph(['a', 'b', 'c'].map((id) => unit(id, { cpus: 0.1 })));
    const run = simulate(g, capacity(8, 1024 * MiB, 2));
    expect(Object.values(starts(run)).sort()).toEqual([0, 0, 10_000]);
  });

  it('uses the default estimate of 10 s for priorities when a task gives none', () => {
    const a = unit('a');
    expect(rankUnits(graph([a])).bottomLevel[0]).toBe(10_000);
  });
});

describe('scheduler: gap filling with a reservation', () => {
  // Two cpus. `long` (1 cpu, 50 s, leads a 150 s path) and `p` start at once. When `p` ends at 5 s,
  // `head` (2 cpus) is ready but blocked until `long` ends at 50 s: its reservation.
  const base = () => [
    unit('long', { cpus: 1, estimate: 50_000 }),
    unit('after-long', { needs: ['long'], cpus: 1, estimate: 100_000 }),
    unit('p', { cpus: 1, estimate: 5000 }),
    unit('head', { needs: ['p'], cpus: 2, estimate: 10_000 }),
    unit('z', { needs: ['head'], cpus: 1, estimate: 90_000 }),
  ];

  it('lets a short task fill the gap but not a long one that would delay the blocked head', () => {
    const g = graph([
      ...base(),
      unit('fill-short', { needs: ['p'], cpus: 1, estimate: 3000 }),
      unit('fill-long', { needs: ['p'], cpus: 1, estimate: 60_000 }),
    ]);
    const run = simulate(g, capacity(2));
    const s = starts(run);
    expect(s['fill-short']).toBe(5000); // ends at 8 s, before the reservation at 50 s
    expect(s.head).toBe(50_000); // exactly at its reservation
    expect(s['fill-long']).toBeGreaterThanOrEqual(60_000); // greedy packing would have started it at 5 s
  });

  it('lets a long task start when it fits in what the head leaves over at its reservation', () => {
    // Three cpus: at 50 s, head takes 2 of 3, so a 1-cpu filler of any length does not delay it.
    const g = graph([
      unit('long', { cpus: 2, estimate: 50_000 }),
      unit('after-long', { needs: ['long'], cpus: 1, estimate: 100_000 }),
      unit('p', { cpus: 1, estimate: 5000 }),
      unit('head', { needs: ['p'], cpus: 2, estimate: 10_000 }),
      unit('z', { needs: ['head'], cpus: 1, estimate: 90_000 }),
      unit('fill-long', { needs: ['p'], cpus: 1, estimate: 60_000 }),
      unit('fill-long-2', { needs: ['p'], cpus: 1, estimate: 60_000 }),
    ]);
    const run = simulate(g, capacity(3));
    const s = starts(run);
    expect(s['fill-long']).toBe(5000);
    expect(s.head).toBe(50_000);
    expect(s['fill-long-2']).toBeGreaterThanOrEqual(60_000);
  });
});

describe('scheduler: failures and conditions', () => {
  const fail = (ids: string[], message = 'exit code 1') => ({
    attempt: (a: Attempt) => (ids.includes(a.unit.id) ? { outcome: { status: 'failed', exitCode: 1, message } as AttemptOutcome } : undefined),
  });

  it('skips dependents of a failure with the reason and lets independent work continue', () => {
    const g = graph([
      unit('build'),
      unit('test', { needs: ['build'] }),
      unit('deploy', { needs: ['test'] }),
      unit('lint'),
      unit('on-fail', { needs: ['test'], if: 'failure' }),
      unit('report', { needs: ['deploy'], if: 'always' }),
      unit('only-ok', { needs: ['lint'], if: 'failure' }),
    ]);
    const run = simulate(g, capacity(4), { behaviour: fail(['build']) });
    expect(run.result.result).toBe('failure');
    expect(byId(run, 'build')).toMatchObject({ status: 'failed', reason: 'exit code 1' });
    expect(byId(run, 'test')).toMatchObject({ status: 'skipped', reason: 'build ended failed' });
    expect(byId(run, 'deploy')).toMatchObject({ status: 'skipped', reason: 'test was skipped' });
    expect(byId(run, 'lint').status).toBe('succeeded');
    expect(byId(run, 'on-fail').status).toBe('succeeded'); // its need was skipped because of a failure
    expect(byId(run, 'report').status).toBe('succeeded');
    expect(byId(run, 'only-ok')).toMatchObject({ status: 'skipped', reason: 'no need failed (if: failure)' });
  });

  it('never fails the batch for an allow-failure task, and its dependents still run', () => {
    const g = graph([unit('flaky', { allowFailure: true }), unit('next', { needs: ['flaky'] })]);
    const run = simulate(g, capacity(4), { behaviour: fail(['flaky']) });
    expect(byId(run, 'flaky').status).toBe('failed');
    expect(byId(run, 'next').status).toBe('succeeded');
    expect(run.result.result).toBe('success');
  });

  it('with fail-fast stops starting work and kills what runs', () => {
    const g = graph([
      unit('bad', { estimate: 1000 }),
      unit('slow', { estimate: 60_000 }),
      unit('later', { needs: ['slow'] }),
      unit('queued', { cpus: 2 }),
    ]);
    const run = simulate(g, capacity(2), { failFast: true, behaviour: fail(['bad']) });
    expect(byId(run, 'bad').status).toBe('failed');
    // Stopped, not failed by itself: it says it ran and why it stopped (issue 12).
    expect(byId(run, 'slow')).toMatchObject({ status: 'cancelled', end: 1000, reason: 'ran 1s, then stopped by --fail-fast after bad failed' });
    expect(byId(run, 'slow').attempts[0].outcome.status).toBe('killed');
    expect(byId(run, 'later').status).toBe('skipped');
    expect(byId(run, 'queued')).toMatchObject({ status: 'skipped', reason: 'not run: --fail-fast after bad failed' });
    expect(run.result.result).toBe('failure');
    expect(run.executor.runningAttempts).toEqual([]);
  });

  it('fails a unit that can never fit the capacity instead of waiting for it', () => {
    const run = simulate(graph([unit('huge', { cpus: 8 }), unit('ok')]), capacity(2));
    expect(byId(run, 'huge').status).toBe('failed');
    expect(byId(run, 'huge').reason).toMatch(/more than the capacity/);
    expect(byId(run, 'ok').status).toBe('succeeded');
  });

  it('skips units on a dependency cycle rather than hanging', () => {
    const run = simulate(graph([unit('a', { needs: ['b'] }), unit('b', { needs: ['a'] }), unit('c')]), capacity(2));
    expect(byId(run, 'a')).toMatchObject({ status: 'skipped', reason: 'it is part of a dependency cycle' });
    expect(byId(run, 'c').status).toBe('succeeded');
  });

  it('skips down a 100,000-long chain without exhausting the stack', () => {
    const units: Unit[] = [unit('t0')];
    for (let i = 1; i < 100_000; i++) units.push(unit(`t${i}`, { needs: [`t${i - 1}`] }));
    const run = simulate(graph(units), capacity(1), { behaviour: fail(['t0']) });
    expect(run.result.units.filter((u) => u.status === 'skipped')).toHaveLength(99_999);
  });
});

describe('scheduler: retries, OOM and timeouts', () => {
  it('re-queues after the backoff, doubling each time', () => {
    const g = graph([unit('flaky', { estimate: 1000, retries: 3, backoff: 500 })]);
    let tries = 0;
    const run = simulate(g, capacity(1), {
      behaviour: { attempt: () => (++tries < 4 ? { outcome: { status: 'failed', exitCode: 1 } } : undefined) },
    });
    const attempts = byId(run, 'flaky').attempts.map((a) => [a.start, a.end, a.outcome.status]);
    // 0–1000 fail, +500 → 1500–2500 fail, +1000 → 3500–4500 fail, +2000 → 6500–7500 ok.
    expect(attempts).toEqual([
      [0, 1000, 'failed'],
      [1500, 2500, 'failed'],
      [3500, 4500, 'failed'],
      [6500, 7500, 'succeeded'],
    ]);
    expect(run.events.filter((e) => e.type === 'attempt-end').map((e) => e.type === 'attempt-end' && e.willRetry)).toEqual([true, true, true, false]);
    expect(run.result.result).toBe('success');
  });

  it('fails once the retries are used up', () => {
    const run = simulate(graph([unit('bad', { retries: 1, backoff: 0 })]), capacity(1), {
      behaviour: { attempt: () => ({ outcome: { status: 'failed', exitCode: 3, message: 'exit code 3' } }) },
    });
    expect(byId(run, 'bad')).toMatchObject({ status: 'failed', reason: 'exit code 3' });
    expect(byId(run, 'bad').attempts).toHaveLength(2);
  });

  it('grows the memory request by the factor after an OOM, capped at the capacity', () => {
    const g = graph([unit('hungry', { memory: 300 * MiB, retries: 3, backoff: 0, memoryFactor: 2 })]);
    const seen: number[] = [];
    const run = simulate(g, capacity(1, 1000 * MiB), {
      behaviour: {
        attempt: (a) => {
          seen.push(a.memory);
          return a.memory < 1000 * MiB ? { outcome: { status: 'oom', message: 'out of memory' } } : undefined;
        },
      },
    });
    expect(seen).toEqual([300 * MiB, 600 * MiB, 1000 * MiB]);
    expect(byId(run, 'hungry')).toMatchObject({ status: 'succeeded', memory: 1000 * MiB });
  });

  it('kills an attempt at its timeout and counts it as a failure that may be retried', () => {
    const g = graph([unit('hang', { timeout: 2000, retries: 1, backoff: 100 }), unit('next', { needs: ['hang'] })]);
    let n = 0;
    const run = simulate(g, capacity(1), { behaviour: { attempt: (a) => (a.unit.id === 'hang' && ++n === 1 ? { duration: Infinity } : { duration: 500 }) } });
    expect(byId(run, 'hang').attempts.map((a) => [a.start, a.end, a.outcome.status])).toEqual([
      [0, 2000, 'timeout'],
      [2100, 2600, 'succeeded'],
    ]);
    expect(byId(run, 'next').status).toBe('succeeded');
  });

  it('reports timeout as the final status when no retry is left', () => {
    const run = simulate(graph([unit('hang', { timeout: 2000 })]), capacity(1), { behaviour: { attempt: () => ({ duration: Infinity }) } });
    expect(byId(run, 'hang')).toMatchObject({ status: 'timeout', end: 2000 });
    expect(run.result.result).toBe('failure');
  });
});

describe('scheduler: services', () => {
  it('starts a service when its first dependent is about to be ready, and stops it after the last', () => {
    const g = graph([
      unit('web', { kind: 'service', cpus: 1 }),
      unit('build', { estimate: 5000 }),
      unit('test-1', { needs: ['build', 'web'], estimate: 3000 }),
      unit('test-2', { needs: ['build', 'web'], estimate: 7000 }),
    ]);
    const run = simulate(g, capacity(3));
    expect(byId(run, 'web')).toMatchObject({ status: 'succeeded', start: 5000, end: 12_000 });
    // The service holds a cpu: the two tests share the other two.
    expect(starts(run)).toMatchObject({ 'test-1': 5000, 'test-2': 5000 });
    const stop = run.events.find((e) => e.type === 'service-stop');
    expect(stop).toMatchObject({ unit: 'web', at: 12_000 });
  });

  it('counts a service against the capacity while it is up', () => {
    const g = graph([unit('db', { kind: 'service', cpus: 1 }), unit('a', { needs: ['db'] }), unit('b', { needs: ['db'] })]);
    const run = simulate(g, capacity(2));
    expect(starts(run)).toEqual({ db: 0, a: 0, b: 10_000 });
  });

  it('fails waiting dependents at once with the service message when it turns unhealthy', () => {
    const g = graph([
      unit('web', { kind: 'service' }),
      unit('a', { needs: ['web'] }),
      unit('b', { needs: ['a'] }),
      unit('c'),
    ]);
    const run = simulate(g, capacity(4), { behaviour: { service: () => ({ healthyAfter: 3000, fail: 'health check failed: connection refused' }) } });
    expect(byId(run, 'web')).toMatchObject({ status: 'failed', reason: 'health check failed: connection refused' });
    // The service is the failure; its dependent never ran (issue 12).
    expect(byId(run, 'a')).toMatchObject({ status: 'skipped', reason: 'service web never became healthy' });
    expect(byId(run, 'b').status).toBe('skipped');
    expect(byId(run, 'c').status).toBe('succeeded');
    expect(run.result.result).toBe('failure');
  });

  it('fails dependents that reach a service after it died, and skips a service nothing needs', () => {
    const g = graph([
      unit('web', { kind: 'service' }),
      unit('idle', { kind: 'service' }),
      unit('early', { needs: ['web'], estimate: 1000 }),
      unit('slow', { estimate: 9000 }),
      unit('late', { needs: ['web', 'slow'] }),
    ]);
    const run = simulate(g, capacity(4), { behaviour: { service: () => ({ dieAfter: 5000, dieMessage: 'exited with code 137' }) } });
    expect(byId(run, 'early').status).toBe('succeeded');
    expect(byId(run, 'web').status).toBe('failed');
    expect(byId(run, 'late')).toMatchObject({ status: 'skipped', reason: 'service web failed: exited with code 137' });
    expect(byId(run, 'idle')).toMatchObject({ status: 'skipped', reason: 'nothing needs it' });
  });

  it('skips a service whose dependents were all skipped', () => {
    const g = graph([unit('web', { kind: 'service' }), unit('build'), unit('test', { needs: ['build', 'web'] })]);
    const run = simulate(g, capacity(4), { behaviour: { attempt: () => ({ outcome: { status: 'failed' } }) } });
    expect(byId(run, 'web')).toMatchObject({ status: 'skipped' });
    expect(byId(run, 'web').start).toBeUndefined();
  });

  it('parks an idle service when services of different waiting tasks hold every slot', () => {
    // Two slots: all three services are demanded at once and two come up, leaving no slot for
    // any task. The scheduler stops one that the head does not need and brings it back later.
    const g = graph([
      unit('s0', { kind: 'service', cpus: 0.25 }),
      unit('s1', { kind: 'service', cpus: 0.25 }),
      unit('s2', { kind: 'service', cpus: 0.25 }),
      unit('a', { needs: ['s2'], cpus: 0.25, estimate: 1000 }),
      unit('b', { needs: ['s1'], cpus: 0.25, estimate: 1000 }),
      unit('c', { needs: ['s0'], cpus: 0.25, estimate: 1000 }),
    ]);
    const run = simulate(g, capacity(2, 1024 * MiB, 2));
    expect(run.result.result).toBe('success');
    for (const id of ['a', 'b', 'c', 's0', 's1', 's2']) expect(byId(run, id).status).toBe('succeeded');
    expect(run.events.filter((e) => e.type === 'service-start').length).toBeGreaterThan(3); // one was restarted
  });

  it('fails a task that cannot fit alongside its own services at once, without starting them', () => {
    const g = graph([unit('db', { kind: 'service', cpus: 1 }), unit('big', { needs: ['db'], cpus: 2 })]);
    const run = simulate(g, capacity(2));
    expect(byId(run, 'big').status).toBe('failed');
    expect(byId(run, 'big').reason).toBe('it and its services (db) need 3 cpus, 200Mi of memory and 2 containers at once, more than the capacity (2 cpus, 1Gi)');
    expect(byId(run, 'db').status).toBe('skipped');
    expect(run.events.some((e) => e.type === 'service-start')).toBe(false);
    // Containers count too: a task with two services needs three slots.
    const slots = graph([unit('a', { kind: 'service' }), unit('b', { kind: 'service' }), unit('t', { needs: ['a', 'b'] })]);
    expect(byId(simulate(slots, capacity(4, 1024 * MiB, 2)), 't').reason).toMatch(/need .* and 3 containers at once, more than the capacity \(4 cpus, 1Gi, 2 containers\)$/);
  });

  it('runs a task needing two services while a third is held for a later task (the property test\'s counterexample, with room)', () => {
    // t00 needs s0 and s2; s1 stays up for t02, which waits for t00. With two slots t00 can never
    // run (the test above); with three, s1 makes room and everything succeeds.
    const g = graph([
      unit('s0', { kind: 'service', cpus: 0.25, memory: 32 * MiB }),
      unit('s1', { kind: 'service', cpus: 0.5, memory: 32 * MiB }),
      unit('s2', { kind: 'service', cpus: 0.25, memory: 32 * MiB }),
      unit('t00', { cpus: 0.25, memory: 64 * MiB, estimate: 1000, needs: ['s2', 's0'] }),
      unit('t01', { cpus: 0.25, memory: 64 * MiB, estimate: 1000, needs: ['s1'] }),
      unit('t02', { cpus: 0.25, memory: 64 * MiB, estimate: 1000, needs: ['t00', 't01', 's1'] }),
    ]);
    const run = simulate(g, capacity(2, 1024 * MiB, 3));
    expect(run.result.result).toBe('success');
    for (const u of run.result.units) expect([u.id, u.status]).toEqual([u.id, 'succeeded']);
  });
});

describe('scheduler: cancel, outputs and preparation', () => {
  it('cancel kills running attempts, stops services and ends every unit', () => {
    const g = graph([
      unit('web', { kind: 'service' }),
      unit('a', { needs: ['web'], estimate: 10_000 }),
      unit('b', { needs: ['a'] }),
      unit('r', { retries: 2, backoff: 60_000, estimate: 1000 }),
    ]);
    const run = simulate(g, capacity(4), {
      behaviour: { attempt: (a) => (a.unit.id === 'r' ? { outcome: { status: 'failed' } } : undefined) },
      setup: (s, clock) => clock.setTimer(4000, () => s.cancel()),
    });
    expect(run.result.result).toBe('cancelled');
    expect(byId(run, 'a')).toMatchObject({ status: 'cancelled', end: 4000 });
    expect(byId(run, 'b').status).toBe('skipped');
    expect(byId(run, 'r')).toMatchObject({ status: 'cancelled', reason: 'cancelled while waiting to retry' });
    expect(byId(run, 'web')).toMatchObject({ status: 'cancelled', end: 4000 });
    expect(run.events.filter((e) => e.type === 'unit-end')).toHaveLength(4);
    expect(run.events.filter((e) => e.type === 'run-end')).toHaveLength(1);
    expect(run.doneCalls).toBe(1);
  });

  it('passes needs outputs by unit id: each matrix expansion kept apart (issue 12: no last-one-wins)', () => {
    const seen: Record<string, Attempt['needsOutputs']> = {};
    const g = graph([
      unit('build[os=a]', { spec: 'build', estimate: 2000 }),
      unit('build[os=b]', { spec: 'build', estimate: 1000 }),
      unit('meta'),
      unit('test', { needs: ['build[os=a]', 'build[os=b]', 'meta'] }),
    ]);
    simulate(g, capacity(4), {
      behaviour: {
        attempt: (a) => {
          seen[a.unit.id] = a.needsOutputs;
          const outputs: Record<string, Record<string, string>> = {
            'build[os=a]': { version: 'a', only: 'a' },
            'build[os=b]': { version: 'b' },
          };
          return { outcome: { status: 'succeeded', outputs: outputs[a.unit.id] } };
        },
      },
    });
    expect(seen.test).toEqual({ 'build[os=a]': { version: 'a', only: 'a' }, 'build[os=b]': { version: 'b' }, meta: {} });
  });

  it('asks the executor to prepare a unit once all its needs are under way', () => {
    const prepared: [string, number][] = [];
    let clock: VirtualClock | undefined;
    const g = graph([unit('a', { estimate: 1000 }), unit('b', { estimate: 5000 }), unit('c', { needs: ['a', 'b'] })]);
    simulate(g, capacity(1), {
      setup: (_s, c) => (clock = c),
      behaviour: { prepare: (u) => prepared.push([u.id, clock!.now()]) },
    });
    // One cpu: b (longer) starts at 0, a at 5000; c's needs are all under way at 5000. Hints come
    // in the order the units will start (b before a), not file order.
    expect(prepared).toEqual([
      ['b', 0],
      ['a', 0],
      ['c', 5000],
    ]);
  });

  it('copes with an executor that calls back synchronously', () => {
    const calls: string[] = [];
    const executor: Executor = {
      start(attempt: Attempt, onExit) {
        calls.push(`start ${attempt.id}`);
        onExit({ status: 'succeeded', outputs: { v: attempt.unit.id } });
      },
      kill() {},
      startService(u: Unit, cb: ServiceCallbacks) {
        calls.push(`service ${u.id}`);
        cb.healthy();
      },
      stopService(id) {
        calls.push(`stop ${id}`);
      },
    };
    let result: RunResult | undefined;
    const g = graph([unit('db', { kind: 'service' }), unit('a', { needs: ['db'] }), unit('b', { needs: ['a', 'db'] })]);
    new Scheduler(g, { capacity: capacity(2), executor, clock: new VirtualClock(), onDone: (r) => (result = r) }).start();
    expect(calls).toEqual(['service db', 'start a#1', 'start b#1', 'stop db']);
    expect(result?.result).toBe('success');
  });
});

describe('scheduler: stopping early keeps if: always work (issue 12)', () => {
  const failing = (ids: string[]) => ({
    attempt: (a: Attempt) => (ids.includes(a.unit.id) ? { outcome: { status: 'failed', exitCode: 1, message: 'exit code 1' } as AttemptOutcome } : undefined),
  });

  it('fail-fast still runs if: always and if: failure units, and says what it stopped', () => {
    const g = graph([
      unit('web', { kind: 'service' }),
      unit('bad', { estimate: 1000 }),
      unit('slow', { needs: ['web'], estimate: 60_000 }),
      unit('later', { needs: ['slow'] }),
      unit('on-fail', { needs: ['bad'], if: 'failure', estimate: 500 }),
      unit('report', { needs: ['later', 'bad'], if: 'always', estimate: 2000 }),
    ]);
    const run = simulate(g, capacity(4), { failFast: true, behaviour: failing(['bad']) });
    expect(run.result.result).toBe('failure');
    expect(byId(run, 'bad')).toMatchObject({ status: 'failed', reason: 'exit code 1' });
    expect(byId(run, 'slow')).toMatchObject({ status: 'cancelled', start: 0, end: 1000, reason: 'ran 1s, then stopped by --fail-fast after bad failed' });
    expect(byId(run, 'web')).toMatchObject({ status: 'cancelled', reason: 'ran 1s, then stopped by --fail-fast after bad failed' });
    expect(byId(run, 'later')).toMatchObject({ status: 'skipped', reason: 'not run: --fail-fast after bad failed' });
    expect(byId(run, 'report')).toMatchObject({ status: 'succeeded', start: 1000, end: 3000 });
    expect(byId(run, 'on-fail')).toMatchObject({ status: 'succeeded', start: 1000 });
    expect(run.executor.runningAttempts).toEqual([]);
  });

  it('fail-fast keeps up, or starts, the services an if: always unit needs', () => {
    const g = graph([
      unit('db', { kind: 'service' }),
      unit('bad', { estimate: 1000 }),
      unit('dump', { needs: ['bad', 'db'], if: 'always', estimate: 1000 }),
    ]);
    const run = simulate(g, capacity(4), { failFast: true, behaviour: failing(['bad']) });
    expect(byId(run, 'dump')).toMatchObject({ status: 'succeeded', start: 1000 });
    expect(byId(run, 'db')).toMatchObject({ status: 'succeeded', end: 2000 });
    expect(run.result.result).toBe('failure');
  });

  it('an unhealthy service is the failure: its dependents are skipped, if: always work still runs', () => {
    const g = graph([
      unit('postgres', { kind: 'service' }),
      unit('migrate', { needs: ['postgres'] }),
      unit('test', { needs: ['migrate'] }),
      unit('report', { needs: ['test'], if: 'always', estimate: 1000 }),
    ]);
    const run = simulate(g, capacity(4), {
      failFast: true,
      behaviour: { service: () => ({ healthyAfter: 3000, fail: 'service postgres is unhealthy' }) },
    });
    expect(byId(run, 'postgres')).toMatchObject({ status: 'failed', reason: 'service postgres is unhealthy' });
    expect(byId(run, 'migrate')).toMatchObject({ status: 'skipped', reason: 'service postgres never became healthy' });
    expect(byId(run, 'test').status).toBe('skipped');
    expect(byId(run, 'report')).toMatchObject({ status: 'succeeded', start: 3000 });
    expect(run.result.result).toBe('failure');
  });

  it('cancel lets if: always work start and finish within the grace, and not if: failure work', () => {
    const g = graph([
      unit('a', { estimate: 10_000 }),
      unit('b', { needs: ['a'] }),
      unit('on-fail', { needs: ['a'], if: 'failure' }),
      unit('report', { needs: ['b'], if: 'always', estimate: 1000 }),
    ]);
    const run = simulate(g, capacity(4), { setup: (s, clock) => clock.setTimer(4000, () => s.cancel()) });
    expect(run.result.result).toBe('cancelled');
    expect(byId(run, 'a')).toMatchObject({ status: 'cancelled', end: 4000, reason: 'ran 4s, then stopped because the run was cancelled' });
    expect(byId(run, 'b')).toMatchObject({ status: 'skipped', reason: 'not run: the run was cancelled' });
    expect(byId(run, 'on-fail')).toMatchObject({ status: 'skipped', reason: 'not run: the run was cancelled' });
    expect(byId(run, 'report')).toMatchObject({ status: 'succeeded', start: 4000, end: 5000 });
    expect(run.clock.pending).toBe(false); // the grace timer is gone with the run
  });

  it('cancel stops if: always work when the grace runs out, and says so', () => {
    const g = graph([unit('a', { estimate: 10_000 }), unit('report', { needs: ['a'], if: 'always', estimate: 60_000 }), unit('after', { needs: ['report'], if: 'always' })]);
    const run = simulate(g, capacity(4), { setup: (s, clock) => clock.setTimer(4000, () => s.cancel()) });
    expect(DEFAULT_CANCEL_GRACE_MS).toBe(5000);
    expect(byId(run, 'report')).toMatchObject({
      status: 'cancelled',
      start: 4000,
      end: 9000,
      reason: 'ran 5s, then stopped because the run was cancelled and its 5s grace for if: always work ran out',
    });
    expect(byId(run, 'after')).toMatchObject({ status: 'skipped', reason: 'not run: the run was cancelled and its 5s grace for if: always work ran out' });
    expect(run.result.result).toBe('cancelled');
  });

  it('takes the grace from the options, and runs nothing when cancelled before the start', () => {
    const g = graph([unit('a', { estimate: 10_000 }), unit('report', { needs: ['a'], if: 'always', estimate: 60_000 })]);
    const clock = new VirtualClock();
    const executor = new SimulatedExecutor(clock);
    let result: RunResult | undefined;
    const scheduler = new Scheduler(g, { capacity: capacity(4), executor, clock, cancelGraceMs: 500, onDone: (r) => (result = r) });
    scheduler.start();
    clock.setTimer(1000, () => scheduler.cancel());
    clock.run();
    expect(result!.units.find((u) => u.id === 'report')).toMatchObject({ status: 'cancelled', start: 1000, end: 1500 });

    let early: RunResult | undefined;
    const before = new Scheduler(g, { capacity: capacity(4), executor: new SimulatedExecutor(clock), clock, onDone: (r) => (early = r) });
    before.cancel();
    before.start();
    clock.run();
    expect(early!.units.map((u) => [u.id, u.status])).toEqual([
      ['a', 'skipped'],
      ['report', 'skipped'],
    ]);
    expect(early!.result).toBe('cancelled');
  });
});
