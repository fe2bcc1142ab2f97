/**
 * The time a run has left (core/eta.ts), as `gantry run` shows it: the plan of what is left, by the
 * run's own estimates — what ended takes nothing, a running attempt its estimate less its time so
 * far, a healthy service no start-up — and the live status line and CI lines that say it.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RunProgress } from '../cli/run-progress';
import { remainingGraph, timeLeft, type RunSoFar } from '../core/eta';
import type { ScheduleEvent } from '../core/executor';
import type { Capacity, Graph } from '../core/model';
import { DEFAULT_START_OVERHEAD_MS as O, plan } from '../core/plan';
import { validate } from '../core/validate';

const CHAIN = `version: 1
defaults: { image: busybox:latest, cpus: 1, memory: 16Mi }
services:
  db: { run: sleep 60 }
tasks:
  a: { run: "true", estimate: 10s, needs: [db] }
  b: { run: "true", estimate: 20s, needs: [a] }
  c: { run: "true", estimate: 5s, needs: [b] }
`;
const BIG: Capacity = { cpus: 8, memory: 8 * 1024 ** 3, parallel: Infinity };

function graphOf(text: string, healthyAfter?: Record<string, number>): Graph {
  const graph = validate(text).graph!;
  for (const unit of graph.units) if (healthyAfter?.[unit.id] !== undefined) unit.healthyAfter = healthyAfter[unit.id];
  return graph;
}

const so = (ended: string[], running: Record<string, number> = {}, healthy: string[] = []): RunSoFar => ({
  ended: new Set(ended),
  running: new Map(Object.entries(running)),
  healthy: new Set(healthy),
});

describe('time left', () => {
  it('before anything ran, is the plan’s makespan', () => {
    const graph = graphOf(CHAIN, { db: 4000 });
    expect(timeLeft(graph, BIG, so([]))).toBe(plan(graph, BIG).makespan);
  });

  it('follows the chain: ended units take nothing, a running one its estimate less its time so far', () => {
    const graph = graphOf(CHAIN, { db: 4000 });
    // db up and healthy, a done, b 5 s in: b's 15 s left and c's 5 s, each with the start cost.
    const left = timeLeft(graph, BIG, so(['a'], { db: 30_000, b: 5000 }, ['db']));
    expect(left).toBe(15_000 + 5000 + 2 * O);
    // b ran past its estimate: nothing of it left, c still to come.
    expect(timeLeft(graph, BIG, so(['a'], { db: 30_000, b: 25_000 }, ['db']))).toBe(5000 + 2 * O);
    expect(timeLeft(graph, BIG, so(['db', 'a', 'b', 'c']))).toBe(0);
    // Only a service left up: nothing to wait for.
    expect(timeLeft(graph, BIG, so(['a', 'b', 'c'], { db: 1000 }, ['db']))).toBe(0);
  });

  it('a service still starting holds its dependents back by what is left of its start-up', () => {
    const graph = graphOf(CHAIN, { db: 4000 });
    const starting = timeLeft(graph, BIG, so([], { db: 1000 }));
    const healthy = timeLeft(graph, BIG, so([], { db: 1000 }, ['db']));
    expect(starting - healthy).toBe(3000);
  });

  it('packs what is left against the capacity: two 10 s tasks on one cpu, one of them 5 s in', () => {
    const graph = graphOf(`version: 1
defaults: { image: busybox:latest, cpus: 1, memory: 16Mi }
tasks:
  x: { run: "true", estimate: 10s }
  y: { run: "true", estimate: 10s }
`);
    const one: Capacity = { cpus: 1, memory: 8 * 1024 ** 3, parallel: Infinity };
    expect(timeLeft(graph, one, so([], { x: 5000 }))).toBe(5000 + 10_000 + 2 * O);
    expect(timeLeft(graph, BIG, so([], { x: 5000 }))).toBe(10_000 + O);
  });

  it('drops ended units from the needs of the rest, and leaves the graph it was given alone', () => {
    const graph = graphOf(CHAIN);
    const left = remainingGraph(graph, so(['db', 'a'], { b: 1000 }));
    expect(left.units.map((u) => u.id)).toEqual(['b', 'c']);
    expect(left.byId.get('b')!.needs).toEqual([]);
    expect(left.byId.get('b')!.estimate).toBe(19_000);
    expect(graph.byId.get('b')!.estimate).toBe(20_000);
    expect(graph.byId.get('b')!.needs).toEqual(['a']);
  });
});

describe('gantry run shows the time left', () => {
  function progress(tty: boolean) {
    const graph = graphOf(CHAIN);
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    let now = 0;
    const p = new RunProgress(graph, { out, tty, color: false, columns: 120, now: () => now });
    p.prediction({ graph, capacity: BIG });
    return {
      p,
      at: (ms: number) => (now = ms),
      feed: (...events: ScheduleEvent[]) => events.forEach((e) => p.event(e)),
      text: () => text,
    };
  }
  const start = (unit: string): ScheduleEvent[] => [
    { type: 'attempt-start', at: 0, unit, attempt: 1, memory: 0 },
    { type: 'attempt-running', at: 0, unit, attempt: 1 },
  ];
  const end = (unit: string): ScheduleEvent[] => [
    { type: 'attempt-end', at: 0, unit, attempt: 1, outcome: { status: 'succeeded' }, willRetry: false } as ScheduleEvent,
    { type: 'unit-end', at: 0, unit, status: 'succeeded' },
  ];

  it('on a terminal, in the status line, counting down between events and planned again after them', () => {
    const r = progress(true);
    r.feed({ type: 'service-start', at: 0, unit: 'db' }, { type: 'service-healthy', at: 0, unit: 'db' }, ...start('a'));
    // a (10 s) + b (20 s) + c (5 s), each with the start cost, planned as a starts (db, up, is
    // planned with its start cost too: 36.6 s).
    expect(r.text()).toMatch(/~37s left$/);
    // Between events, it counts down.
    r.at(3000);
    r.p.line('a', 1, 'stdout', 'working');
    expect(r.text()).toMatch(/~34s left$/);
    r.at(12_000);
    r.feed(...end('a'), ...start('b'));
    expect(r.text()).toMatch(/~26s left$/);
  });

  it('in CI, one line at a task’s end, at most every 30 s', () => {
    const r = progress(false);
    r.feed({ type: 'service-start', at: 0, unit: 'db' }, { type: 'service-healthy', at: 0, unit: 'db' }, ...start('a'));
    r.at(10_000);
    r.feed(...end('a'), ...start('b'));
    r.at(20_000);
    r.feed(...end('b'), ...start('c'));
    const lines = r.text().split('\n').filter((l) => l.startsWith('gantry:'));
    expect(lines).toEqual([`gantry: 1/3 tasks done · ~26s left`]);
  });

  it('once the run is cancelled, no time left is said: not as a line in CI, not on the status line', () => {
    const ci = progress(false);
    ci.feed({ type: 'service-start', at: 0, unit: 'db' }, { type: 'service-healthy', at: 0, unit: 'db' }, ...start('a'));
    ci.at(5_000);
    ci.p.cancelling();
    ci.feed({ type: 'unit-end', at: 5_000, unit: 'c', status: 'skipped', reason: 'not run: the run was cancelled' });
    ci.feed({ type: 'unit-end', at: 5_000, unit: 'b', status: 'skipped', reason: 'not run: the run was cancelled' });
    expect(ci.text()).toContain('c    ○ skipped: not run: the run was cancelled');
    expect(ci.text()).not.toContain('left');
    const tty = progress(true);
    tty.feed({ type: 'service-start', at: 0, unit: 'db' }, { type: 'service-healthy', at: 0, unit: 'db' }, ...start('a'));
    expect(tty.text()).toMatch(/left$/);
    tty.p.cancelling();
    // A prediction arriving late does not bring it back.
    tty.p.prediction({ graph: graphOf(CHAIN), capacity: BIG });
    tty.at(1_000);
    tty.feed({ type: 'unit-end', at: 1_000, unit: 'c', status: 'skipped', reason: 'not run: the run was cancelled' });
    expect(tty.text()).toMatch(/\] 1\/3 · 1 running · 1s$/);
  });
});
