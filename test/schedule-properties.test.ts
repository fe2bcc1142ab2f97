/**
 * Scheduler invariants over many random DAGs, on the simulator: capacity is never exceeded, needs
 * are respected, every unit ends exactly once in a definite state, the same input gives the same
 * schedule, and a blocked highest-priority unit is never starved by gap-fillers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttemptOutcome, ScheduleEvent } from '../core/executor';
import type { SimulatedBehaviour } from '../core/executors/simulated';
import type { Capacity, Condition, Unit } from '../core/model';
import { rankUnits } from '../core/schedule';
import { capacity, graph, MiB, simulate, unit } from './support/schedule-graph';

type Fate = 'ok' | 'fail' | 'fail-once' | 'oom-once' | 'hang' | 'slow';

interface Scenario {
  units: Unit[];
  cap: Capacity;
  fates: Record<string, Fate>;
  failFast: boolean;
  cancelAt?: number;
  serviceFails: Record<string, 'ok' | 'unhealthy' | 'dies'>;
}

const CPUS = [0.25, 0.5, 1, 2];
const MEMS = [64, 128, 256, 512].map((m) => m * MiB);

function scenario(options: { failures: boolean; services: boolean }) {
  const task = fc.record({
    cpus: fc.constantFrom(...CPUS),
    memory: fc.constantFrom(...MEMS),
    estimate: fc.integer({ min: 1, max: 20 }).map((s) => s * 1000),
    needs: fc.array(fc.nat(), { maxLength: 3 }),
    services: fc.array(fc.nat(), { maxLength: 2 }),
    if: fc.constantFrom<Condition>('success', 'success', 'success', 'failure', 'always'),
    allowFailure: fc.boolean(),
    retries: fc.integer({ min: 0, max: 2 }),
    timeout: fc.option(fc.integer({ min: 5, max: 30 }).map((s) => s * 1000), { nil: undefined }),
    fate: fc.constantFrom<Fate>('ok', 'ok', 'ok', 'fail', 'fail-once', 'oom-once', 'hang', 'slow'),
  });
  const service = fc.record({
    cpus: fc.constantFrom(0.25, 0.5),
    memory: fc.constantFrom(32 * MiB, 64 * MiB),
    fails: fc.constantFrom<'ok' | 'unhealthy' | 'dies'>('ok', 'ok', 'unhealthy', 'dies'),
  });
  return fc
    .record({
      tasks: fc.array(task, { minLength: 1, maxLength: 40 }),
      services: fc.array(service, { maxLength: options.services ? 3 : 0 }),
      cpus: fc.constantFrom(2, 3, 4),
      memoryMi: fc.constantFrom(1024, 2048),
      parallel: fc.constantFrom(2, 3, 6, Infinity),
      failFast: options.failures ? fc.boolean() : fc.constant(false),
      cancelAt: options.failures ? fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined, freq: 4 }) : fc.constant(undefined),
    })
    .map((r): Scenario => {
      const units: Unit[] = [];
      const fates: Record<string, Fate> = {};
      const serviceFails: Scenario['serviceFails'] = {};
      r.services.forEach((s, k) => {
        units.push(unit(`svc${k}`, { kind: 'service', cpus: s.cpus, memory: s.memory }));
        serviceFails[`svc${k}`] = s.fails;
      });
      r.tasks.forEach((t, i) => {
        const id = `t${String(i).padStart(2, '0')}`;
        // Needs point only at earlier tasks: a DAG by construction.
        const needs = i === 0 ? [] : [...new Set(t.needs.map((k) => `t${String(k % i).padStart(2, '0')}`))];
        const svc = r.services.length ? [...new Set(t.services.map((k) => `svc${k % r.services.length}`))] : [];
        units.push(
          unit(id, {
            cpus: t.cpus,
            memory: t.memory,
            estimate: t.estimate,
            needs: [...needs, ...svc],
            if: options.failures ? t.if : 'success',
            allowFailure: t.allowFailure,
            retries: options.failures ? t.retries : 0,
            backoff: 500,
            memoryFactor: 2,
            timeout: options.failures ? t.timeout : undefined,
          }),
        );
        fates[id] = options.failures ? t.fate : 'ok';
      });
      return { units, cap: capacity(r.cpus, r.memoryMi * MiB, r.parallel), fates, failFast: r.failFast, cancelAt: r.cancelAt, serviceFails };
    });
}

function behaviour(s: Scenario): SimulatedBehaviour {
  return {
    attempt: (a) => {
      const fate = s.fates[a.unit.id];
      const failed: AttemptOutcome = { status: 'failed', exitCode: 1, message: 'exit code 1' };
      switch (fate) {
        case 'fail':
          return { outcome: failed };
        case 'fail-once':
          return a.number === 1 ? { duration: a.unit.estimate / 2, outcome: failed } : undefined;
        case 'oom-once':
          return a.number === 1 ? { duration: 700, outcome: { status: 'oom', message: 'out of memory' } } : undefined;
        case 'hang':
          // Only a timeout or a cancel ends a hung attempt, in a real run too.
          return { duration: a.unit.timeout !== undefined || s.cancelAt !== undefined ? Infinity : a.unit.estimate * 3 };
        case 'slow':
          return { duration: a.unit.estimate * 3 };
        default:
          return undefined;
      }
    },
    service: (u) => {
      const f = s.serviceFails[u.id];
      return f === 'unhealthy' ? { healthyAfter: 800, fail: 'health check failed' } : f === 'dies' ? { dieAfter: 4000, dieMessage: 'exited with code 1' } : { healthyAfter: 300 };
    },
  };
}

function run(s: Scenario) {
  return simulate(graph(s.units), s.cap, {
    failFast: s.failFast,
    behaviour: behaviour(s),
    setup: (scheduler, clock) => {
      if (s.cancelAt !== undefined) clock.setTimer(s.cancelAt, () => scheduler.cancel());
    },
  });
}

/** FC_SEED=… FC_PATH=… replays a failure fast-check reported. */
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {};

const DEFINITE = new Set(['succeeded', 'failed', 'oom', 'timeout', 'killed', 'cancelled', 'skipped']);

/** Checks capacity, needs and single endings against the event stream. */
function checkInvariants(s: Scenario, events: ScheduleEvent[]) {
  const byId = new Map(s.units.map((u) => [u.id, u]));
  let cpu = 0;
  let memory = 0;
  let containers = 0;
  const attemptMemory = new Map<string, number>();
  const ended = new Map<string, string>();
  const healthy = new Set<string>();
  const eps = 1e-9;
  for (const e of events) {
    switch (e.type) {
      case 'attempt-start': {
        const u = byId.get(e.unit)!;
        // Needs: every task need has ended as its `if` wants; every service need is healthy.
        for (const n of u.needs) {
          const need = byId.get(n)!;
          if (need.kind === 'service') {
            expect(healthy.has(n), `${e.unit} started before service ${n} was healthy`).toBe(true);
            continue;
          }
          const st = ended.get(n);
          expect(st, `${e.unit} started before its need ${n} ended`).toBeDefined();
          if (u.if === 'success') expect(st === 'succeeded' || (need.allowFailure && st !== 'skipped')).toBe(true);
        }
        cpu += u.cpus;
        memory += e.memory;
        containers += 1;
        attemptMemory.set(e.unit, e.memory);
        break;
      }
      case 'attempt-end': {
        const u = byId.get(e.unit)!;
        cpu -= u.cpus;
        memory -= attemptMemory.get(e.unit)!;
        containers -= 1;
        break;
      }
      case 'service-start': {
        const u = byId.get(e.unit)!;
        cpu += u.cpus;
        memory += u.memory;
        containers += 1;
        break;
      }
      case 'service-healthy':
        healthy.add(e.unit);
        break;
      case 'service-stop': {
        const u = byId.get(e.unit)!;
        cpu -= u.cpus;
        memory -= u.memory;
        containers -= 1;
        healthy.delete(e.unit);
        break;
      }
      case 'unit-end':
        expect(ended.has(e.unit), `${e.unit} ended twice`).toBe(false);
        expect(DEFINITE.has(e.status)).toBe(true);
        ended.set(e.unit, e.status);
        break;
    }
    expect(cpu).toBeLessThanOrEqual(s.cap.cpus + eps);
    expect(memory).toBeLessThanOrEqual(s.cap.memory);
    expect(containers).toBeLessThanOrEqual(s.cap.parallel);
  }
  expect(ended.size).toBe(s.units.length);
  expect(Math.abs(cpu)).toBeLessThan(eps);
  expect(containers).toBe(0);
  expect(events.filter((e) => e.type === 'run-end')).toHaveLength(1);
  expect(events[events.length - 1].type).toBe('run-end');
}

describe('scheduler properties', () => {
  it('never exceeds capacity, respects needs and ends every unit once (with failures, retries, services, cancel)', () => {
    fc.assert(
      fc.property(scenario({ failures: true, services: true }), (s) => {
        const r = run(s);
        expect(r.doneCalls).toBe(1);
        checkInvariants(s, r.events);
        for (const u of r.result.units) expect(DEFINITE.has(u.status)).toBe(true);
        if (s.cancelAt === undefined) expect(r.result.result).not.toBe('cancelled');
        expect(r.executor.runningAttempts).toEqual([]);
      }),
      { numRuns: 300, ...replay },
    );
  });

  it('is deterministic: the same input gives the same events', () => {
    fc.assert(
      fc.property(scenario({ failures: true, services: true }), (s) => {
        expect(JSON.stringify(run(s).events)).toBe(JSON.stringify(run(s).events));
      }),
      { numRuns: 100, ...replay },
    );
  });

  it('succeeds with every task when nothing fails', () => {
    fc.assert(
      fc.property(scenario({ failures: false, services: true }), (s) => {
        const r = run(s);
        const failedService = Object.values(s.serviceFails).some((f) => f !== 'ok');
        // Expect success where each task fits beside its own services (what validation checks).
        const byId = new Map(s.units.map((u) => [u.id, u]));
        const room = (u: Unit) => {
          const mine = u.needs.map((n) => byId.get(n)!).filter((v) => v.kind === 'service');
          return (
            u.cpus + mine.reduce((x, v) => x + v.cpus, 0) <= s.cap.cpus &&
            u.memory + mine.reduce((x, v) => x + v.memory, 0) <= s.cap.memory &&
            1 + mine.length <= s.cap.parallel
          );
        };
        if (!failedService && s.units.every((u) => u.kind === 'service' || room(u))) {
          expect(r.result.result).toBe('success');
          for (const u of r.result.units.filter((x) => x.kind === 'task')) expect(u.status).toBe('succeeded');
        }
        checkInvariants(s, r.events);
      }),
      { numRuns: 200, ...replay },
    );
  });

  it('never starves the blocked head: it starts by its reservation unless a higher-priority unit overtakes it', () => {
    fc.assert(
      fc.property(scenario({ failures: false, services: false }), (s) => {
        const g = graph(s.units);
        const r = run(s);
        const { rank } = rankUnits(g);
        const index = new Map(s.units.map((u, i) => [u.id, i]));
        const res = new Map(r.result.units.map((u) => [u.id, u]));
        const readyAt = new Map<string, number>();
        for (const e of r.events) if (e.type === 'ready') readyAt.set(e.unit, e.at);
        const times = [...new Set(r.events.map((e) => e.at))];
        for (const t of times) {
          // After everything that happened at t: the ready units still waiting, and what runs.
          const waiting = s.units.filter((u) => readyAt.get(u.id)! <= t && res.get(u.id)!.start! > t);
          if (waiting.length === 0) continue;
          const head = waiting.reduce((a, b) => (rank[index.get(a.id)!] < rank[index.get(b.id)!] ? a : b));
          const running = s.units.filter((u) => res.get(u.id)!.start! <= t && res.get(u.id)!.end! > t);
          let cpu = s.cap.cpus - running.reduce((x, u) => x + u.cpus, 0);
          let mem = s.cap.memory - running.reduce((x, u) => x + u.memory, 0);
          let slots = s.cap.parallel - running.length;
          const fits = () => cpu + 1e-9 >= head.cpus && mem >= head.memory && slots >= 1;
          expect(fits(), `head ${head.id} fits at ${t} but did not start`).toBe(false);
          let reservation = Infinity;
          for (const u of [...running].sort((a, b) => res.get(a.id)!.end! - res.get(b.id)!.end!)) {
            cpu += u.cpus;
            mem += u.memory;
            slots += 1;
            if (fits()) {
              reservation = res.get(u.id)!.end!;
              break;
            }
          }
          const start = res.get(head.id)!.start!;
          const overtaken = s.units.some((x) => rank[index.get(x.id)!] < rank[index.get(head.id)!] && readyAt.get(x.id)! > t && readyAt.get(x.id)! < start);
          expect(start <= reservation || overtaken, `${head.id} blocked at ${t}: reserved for ${reservation}, started ${start}`).toBe(true);
        }
      }),
      { numRuns: 300, ...replay },
    );
  });
});
