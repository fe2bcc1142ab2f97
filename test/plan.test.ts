import { describe, expect, it } from 'vitest';
import type { Unit } from '../core/model';
import { DEFAULT_START_OVERHEAD_MS, plan } from '../core/plan';
import { capacity, graph, MiB, unit } from './support/schedule-graph';

/** A chain of `length` 1-cpu tasks of 10 s, plus `fillers` independent 1-cpu tasks of 5 s. */
function chainAndFiller(length: number, fillers: number): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < length; i++) units.push(unit(`c${i}`, { estimate: 10_000, needs: i ? [`c${i - 1}`] : [] }));
  // File order puts the fillers first: first-come order would start them before the chain.
  for (let i = 0; i < fillers; i++) units.unshift(unit(`f${i}`, { estimate: 5000 }));
  return units;
}

/** The scheduling alone: no per-container start cost. */
const PURE = { startOverhead: 0 };

describe('plan', () => {
  it('reaches the lower bound on a long chain plus filler, and names the critical path', () => {
    const p = plan(graph(chainAndFiller(5, 10)), capacity(2), PURE);
    // Critical path 50 s; cpu work (50 + 50) cpu·s on 2 cpus = 50 s.
    expect(p.lowerBound).toBe(50_000);
    expect(p.makespan).toBe(50_000);
    expect(p.criticalPath).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    for (const u of p.units) expect(u.critical).toBe(u.id.startsWith('c'));
  });

  it('computes slack from the planned schedule', () => {
    const p = plan(graph([unit('a', { estimate: 10_000 }), unit('b', { estimate: 4000 }), unit('c', { needs: ['a', 'b'], estimate: 1000 })]), capacity(4), PURE);
    const by = Object.fromEntries(p.units.map((u) => [u.id, u]));
    expect(by.a).toMatchObject({ start: 0, end: 10_000, slack: 0, critical: true });
    expect(by.b).toMatchObject({ start: 0, end: 4000, slack: 6000, critical: false });
    expect(by.c).toMatchObject({ start: 10_000, end: 11_000, slack: 0 });
  });

  it('uses memory in the lower bound and the profile never exceeds the capacity', () => {
    const units = [0, 1, 2, 3].map((i) => unit(`m${i}`, { cpus: 0.5, memory: 600 * MiB, estimate: 10_000 }));
    const p = plan(graph(units), capacity(4, 1024 * MiB), PURE);
    // Only one 600Mi task fits in 1Gi at a time: 40 s; the bound from memory·s is 4·600/1024·10 s.
    expect(p.makespan).toBe(40_000);
    expect(p.lowerBound).toBeCloseTo((4 * 600 * 10_000) / 1024, 6);
    expect(p.profile[0]).toEqual({ t: 0, cpus: 0.5, memory: 600 * MiB, containers: 1 });
    expect(p.profile[p.profile.length - 1]).toEqual({ t: 40_000, cpus: 0, memory: 0, containers: 0 });
    for (const point of p.profile) expect(point.memory).toBeLessThanOrEqual(1024 * MiB);
  });

  it('includes services for the time they are up, and the profile counts them', () => {
    const g = graph([unit('db', { kind: 'service', cpus: 0.5, memory: 64 * MiB }), unit('t', { needs: ['db'], estimate: 3000 })]);
    const p = plan(g, capacity(2), PURE);
    expect(p.units.find((u) => u.id === 'db')).toMatchObject({ kind: 'service', start: 0, end: 3000 });
    expect(p.profile[0]).toMatchObject({ t: 0, cpus: 1.5, containers: 2 });
    expect(p.criticalPath).toEqual(['t']);
  });

  it('puts a service on the critical path when its time to healthy (from history) holds the chain back', () => {
    const g = graph([
      { ...unit('db', { kind: 'service' }), healthyAfter: 5000 },
      unit('migrate', { needs: ['db'], estimate: 1000 }),
      unit('shard', { needs: ['migrate', 'db'], estimate: 2000 }),
      unit('lint', { estimate: 7000 }),
    ]);
    const p = plan(g, capacity(4), PURE);
    expect(p.makespan).toBe(8000);
    expect(p.criticalPath).toEqual(['db', 'migrate', 'shard']);
    expect(p.units.find((u) => u.id === 'db')).toMatchObject({ critical: true, start: 0, end: 8000 });
    expect(p.units.find((u) => u.id === 'lint')).toMatchObject({ critical: false });
    // A shorter start-up leaves the chain to the longer task.
    const quick = graph([{ ...unit('db', { kind: 'service' }), healthyAfter: 1000 }, ...g.units.slice(1)]);
    expect(plan(quick, capacity(4), PURE).criticalPath).toEqual(['lint']);
  });

  it('adds the start overhead to every container, in the schedule, the lower bound and the critical path', () => {
    const g = graph([
      unit('db', { kind: 'service' }),
      unit('long', { estimate: 2500 }),
      // Three short steps: 2400 ms of estimates, but three container starts.
      unit('s1', { estimate: 800, needs: ['db'] }),
      unit('s2', { estimate: 800, needs: ['s1'] }),
      unit('s3', { estimate: 800, needs: ['s2'] }),
    ]);
    expect(plan(g, capacity(4), PURE)).toMatchObject({ makespan: 2500, criticalPath: ['long'] });
    const p = plan(g, capacity(4), { startOverhead: 400 });
    const by = Object.fromEntries(p.units.map((u) => [u.id, u]));
    expect(by.long).toMatchObject({ start: 0, end: 2900 });
    // The service is healthy 400 ms after it starts; each step takes 800 + 400 ms.
    expect(by.s1).toMatchObject({ start: 400, end: 1600 });
    expect(by.s3).toMatchObject({ start: 2800, end: 4000 });
    expect(p.makespan).toBe(4000);
    expect(p.lowerBound).toBe(4000);
    expect(p.criticalPath).toEqual(['s1', 's2', 's3']);
    // The default models a real engine.
    expect(plan(g, capacity(4)).makespan).toBe(4 * DEFAULT_START_OVERHEAD_MS + 2400);
  });

  it('plans an empty graph', () => {
    expect(plan(graph([]), capacity(1))).toEqual({ makespan: 0, lowerBound: 0, criticalPath: [], units: [], profile: [] });
  });
});
