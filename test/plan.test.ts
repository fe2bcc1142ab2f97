import { describe, expect, it } from 'vitest';
import type { Unit } from '../core/model';
import { plan } from '../core/plan';
import { capacity, graph, MiB, unit } from './support/schedule-graph';

/** A chain of `length` 1-cpu tasks of 10 s, plus `fillers` independent 1-cpu tasks of 5 s. */
function chainAndFiller(length: number, fillers: number): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < length; i++) units.push(unit(`c${i}`, { estimate: 10_000, needs: i ? [`c${i - 1}`] : [] }));
  // File order puts the fillers first: first-come order would start them before the chain.
  for (let i = 0; i < fillers; i++) units.unshift(unit(`f${i}`, { estimate: 5000 }));
  return units;
}

describe('plan', () => {
  it('reaches the lower bound on a long chain plus filler, and names the critical path', () => {
    const p = plan(graph(chainAndFiller(5, 10)), capacity(2));
    // Critical path 50 s; cpu work (50 + 50) cpu·s on 2 cpus = 50 s.
    expect(p.lowerBound).toBe(50_000);
    expect(p.makespan).toBe(50_000);
    expect(p.criticalPath).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    for (const u of p.units) expect(u.critical).toBe(u.id.startsWith('c'));
  });

  it('computes slack from the planned schedule', () => {
    const p = plan(graph([unit('a', { estimate: 10_000 }), unit('b', { estimate: 4000 }), unit('c', { needs: ['a', 'b'], estimate: 1000 })]), capacity(4));
    const by = Object.fromEntries(p.units.map((u) => [u.id, u]));
    expect(by.a).toMatchObject({ start: 0, end: 10_000, slack: 0, critical: true });
    expect(by.b).toMatchObject({ start: 0, end: 4000, slack: 6000, critical: false });
    expect(by.c).toMatchObject({ start: 10_000, end: 11_000, slack: 0 });
  });

  it('uses memory in the lower bound and the profile never exceeds the capacity', () => {
    const units = [0, 1, 2, 3].map((i) => unit(`m${i}`, { cpus: 0.5, memory: 600 * MiB, estimate: 10_000 }));
    const p = plan(graph(units), capacity(4, 1024 * MiB));
    // Only one 600Mi task fits in 1Gi at a time: 40 s; the bound from memory·s is 4·600/1024·10 s.
    expect(p.makespan).toBe(40_000);
    expect(p.lowerBound).toBeCloseTo((4 * 600 * 10_000) / 1024, 6);
    expect(p.profile[0]).toEqual({ t: 0, cpus: 0.5, memory: 600 * MiB, containers: 1 });
    expect(p.profile[p.profile.length - 1]).toEqual({ t: 40_000, cpus: 0, memory: 0, containers: 0 });
    for (const point of p.profile) expect(point.memory).toBeLessThanOrEqual(1024 * MiB);
  });

  it('includes services for the time they are up, and the profile counts them', () => {
    const g = graph([unit('db', { kind: 'service', cpus: 0.5, memory: 64 * MiB }), unit('t', { needs: ['db'], estimate: 3000 })]);
    const p = plan(g, capacity(2));
    expect(p.units.find((u) => u.id === 'db')).toMatchObject({ kind: 'service', start: 0, end: 3000 });
    expect(p.profile[0]).toMatchObject({ t: 0, cpus: 1.5, containers: 2 });
    expect(p.criticalPath).toEqual(['t']);
  });

  it('plans an empty graph', () => {
    expect(plan(graph([]), capacity(1))).toEqual({ makespan: 0, lowerBound: 0, criticalPath: [], units: [], profile: [] });
  });
});
