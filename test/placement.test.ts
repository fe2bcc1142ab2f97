/**
 * Packing onto several nodes (issue 14): which units are pinned to the home node and why
 * (core/placement.ts), and how the scheduler places every unit on one node (core/schedule.ts with
 * `placement`), on the simulator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeCapacity } from '../core/backend';
import type { RunResult, ScheduleEvent } from '../core/executor';
import { SimulatedExecutor, VirtualClock, type SimulatedBehaviour } from '../core/executors/simulated';
import type { Capacity, Graph, Unit } from '../core/model';
import { timeLeft } from '../core/eta';
import { plan } from '../core/plan';
import { placeUnits, type Placement } from '../core/placement';
import { Scheduler } from '../core/schedule';
import { capacity, graph, MiB, unit } from './support/schedule-graph';

const GiB = 1024 * MiB;

function node(id: string, cpus: number, memory = 4 * GiB, home = false): NodeCapacity {
  return { id, name: `host-${id}`, capacity: { cpus, memory, parallel: Infinity }, ...(home ? { home: true } : {}) };
}

/** A unit that mounts the run's named volume `name`. */
function withVolume(u: Unit, name: string): Unit {
  const mount = { kind: 'volume' as const, source: name, target: `/${name}`, readOnly: false, range: u.spec.range, sourceRange: u.spec.range };
  return { ...u, spec: { ...u.spec, volumes: [...u.spec.volumes, mount] } };
}

function placement(nodes: NodeCapacity[], pinned: Record<string, number> = {}): Placement {
  return { nodes, pinned: new Map(Object.entries(pinned)), why: new Map(Object.keys(pinned).map((id) => [id, 'pinned by the test'])) };
}

function total(nodes: NodeCapacity[], parallel = Infinity): Capacity {
  return { cpus: nodes.reduce((s, n) => s + n.capacity.cpus, 0), memory: nodes.reduce((s, n) => s + n.capacity.memory, 0), parallel };
}

interface Run {
  result: RunResult;
  events: ScheduleEvent[];
  /** Node passed to `startService`, by service id. */
  serviceNodes: Map<string, string | undefined>;
  /** `Attempt.node` handed to the executor, by attempt id. */
  attemptNodes: Map<string, string | undefined>;
}

function simulate(g: Graph, cap: Capacity, place: Placement | undefined, behaviour?: SimulatedBehaviour): Run {
  const clock = new VirtualClock();
  const serviceNodes = new Map<string, string | undefined>();
  const attemptNodes = new Map<string, string | undefined>();
  const inner = new SimulatedExecutor(clock, behaviour);
  const executor = {
    prepare: inner.prepare.bind(inner),
    start: (attempt: Parameters<SimulatedExecutor['start']>[0], onExit: Parameters<SimulatedExecutor['start']>[1], onStarted: () => void) => {
      attemptNodes.set(attempt.id, attempt.node);
      inner.start(attempt, onExit, onStarted);
    },
    kill: inner.kill.bind(inner),
    startService: (u: Unit, callbacks: Parameters<SimulatedExecutor['startService']>[1], at?: string) => {
      serviceNodes.set(u.id, at);
      inner.startService(u, callbacks);
    },
    stopService: inner.stopService.bind(inner),
  };
  const events: ScheduleEvent[] = [];
  let result: RunResult | undefined;
  const scheduler = new Scheduler(g, { capacity: cap, executor, clock, onEvent: (e) => events.push(e), onDone: (r) => (result = r), ...(place ? { placement: place } : {}) });
  scheduler.start();
  clock.run(1_000_000);
  if (!result) throw new Error('the run did not finish');
  return { result, events, serviceNodes, attemptNodes };
}

const result = (run: Run, id: string) => run.result.units.find((u) => u.id === id)!;
const startOf = (run: Run, id: string) => run.events.find((e) => (e.type === 'attempt-start' || e.type === 'service-start') && e.unit === id) as
  | { at: number; node?: string }
  | undefined;

/** The most cpus (millicores) and memory in use on each node at any instant, from the events; throws on a start without a node. */
function peakPerNode(g: Graph, events: ScheduleEvent[]): Map<string, { cpuM: number; memory: number }> {
  const used = new Map<string, { cpuM: number; memory: number }>();
  const peak = new Map<string, { cpuM: number; memory: number }>();
  const holding = new Map<string, { node: string; cpuM: number; memory: number }>();
  const add = (nodeId: string, cpuM: number, memory: number) => {
    const u = used.get(nodeId) ?? { cpuM: 0, memory: 0 };
    u.cpuM += cpuM;
    u.memory += memory;
    used.set(nodeId, u);
    const p = peak.get(nodeId) ?? { cpuM: 0, memory: 0 };
    peak.set(nodeId, { cpuM: Math.max(p.cpuM, u.cpuM), memory: Math.max(p.memory, u.memory) });
  };
  for (const e of events) {
    if (e.type === 'attempt-start' || e.type === 'service-start') {
      if (e.node === undefined) throw new Error(`${e.unit} started without a node`);
      const u = g.byId.get(e.unit)!;
      const memory = e.type === 'attempt-start' ? e.memory : u.memory;
      const hold = { node: e.node, cpuM: Math.round(u.cpus * 1000), memory };
      holding.set(e.unit, hold);
      add(hold.node, hold.cpuM, hold.memory);
    } else if (e.type === 'attempt-end' || e.type === 'service-stop') {
      const hold = holding.get(e.unit);
      if (!hold) continue;
      holding.delete(e.unit);
      add(hold.node, -hold.cpuM, -hold.memory);
    }
  }
  return peak;
}

describe('placeUnits', () => {
  const nodes = [node('a', 1, 4 * GiB, true), node('b', 4, 8 * GiB)];

  it('pins the users of a named volume, and the units whose image is built in the run, to the home node, and says why', () => {
    const build = { ...unit('build:app'), kind: 'build' as const, build: { unit: 'build:app', spec: { context: '.', args: {}, range: unit('x').spec.range, contextRange: unit('x').spec.range } } };
    const app = { ...unit('app', { needs: ['build:app'] }), build: build.build };
    const g = graph([withVolume(unit('make'), 'cache'), withVolume(unit('test', { needs: ['make'] }), 'cache'), unit('free'), build, app]);
    const { placement: p, problems } = placeUnits(g, nodes);
    expect(problems).toEqual([]);
    expect(Object.fromEntries(p.pinned)).toEqual({ make: 0, test: 0, 'build:app': 0, app: 0 });
    expect(p.why.get('make')).toBe('shares volume cache with test');
    expect(p.why.get('test')).toBe('shares volume cache with make');
    expect(p.why.get('app')).toBe('its image is built in the run (build:app)');
    expect(p.why.get('build:app')).toMatch(/builds an image/);
    expect(p.pinned.has('free')).toBe(false);
  });

  it('pins a unit that binds a host folder to the home node: the folder is on the machine Gantry runs on', () => {
    const binds = unit('binds');
    const withBind = { ...binds, spec: { ...binds.spec, volumes: [{ ...withVolume(unit('x'), 'v').spec.volumes[0], kind: 'bind' as const, source: './src' }] } };
    const { placement: p } = placeUnits(graph([withBind, unit('free')]), nodes);
    expect(p.pinned.get('binds')).toBe(0);
    expect(p.why.get('binds')).toBe('binds host folder ./src, which is on the machine Gantry runs on');
    expect(p.pinned.has('free')).toBe(false);
  });

  it('refuses what must run on the home node when that node takes no work (a drained manager), and pins nothing', () => {
    const g = graph([withVolume(unit('make'), 'cache'), unit('free')]);
    const { placement: p, problems } = placeUnits(g, [node('w', 2, 4 * GiB)], { homeUnavailable: 'the node Gantry talks to (mgr) is drain' });
    expect(problems).toEqual([{ unit: 'make', message: 'make must run on the node Gantry talks to (uses volume cache), but the node Gantry talks to (mgr) is drain' }]);
    expect(p.pinned.size).toBe(0);
  });

  it('pins nothing with one node, or without a home node', () => {
    const g = graph([withVolume(unit('make'), 'cache'), withVolume(unit('test'), 'cache')]);
    expect(placeUnits(g, [node('a', 2, 4 * GiB, true)]).placement.pinned.size).toBe(0);
    expect(placeUnits(g, [node('a', 2), node('b', 2)]).placement.pinned.size).toBe(0);
  });

  it('reports a unit that fits no single node, naming the largest, and a pinned unit too big for the home node', () => {
    const g = graph([unit('huge', { cpus: 5 }), withVolume(unit('big', { cpus: 2 }), 'data'), unit('ok', { cpus: 4 })]);
    const { problems } = placeUnits(g, nodes);
    expect(problems).toEqual([
      { unit: 'huge', message: 'huge needs 5 cpus and 100Mi, more than any single node has (the largest: host-b (4 cpus, 8Gi))' },
      { unit: 'big', message: 'big needs 2 cpus and 100Mi, more than the home node host-a (1 cpu, 4Gi), where it must run: uses volume data' },
    ]);
  });
});

describe('scheduler with several nodes', () => {
  const two = [node('a', 1), node('b', 1)];

  it('packs one 1-cpu task per 1-cpu node, two at a time, and never two on one node', () => {
    const g = graph([unit('t1'), unit('t2'), unit('t3'), unit('t4')]);
    const run = simulate(g, total(two), placement(two));
    expect(run.result.result).toBe('success');
    expect(run.result.makespan).toBe(20_000);
    expect([startOf(run, 't1')!.at, startOf(run, 't2')!.at]).toEqual([0, 0]);
    expect(new Set([startOf(run, 't1')!.node, startOf(run, 't2')!.node])).toEqual(new Set(['a', 'b']));
    for (const [, peak] of peakPerNode(g, run.events)) expect(peak.cpuM).toBeLessThanOrEqual(1000);
  });

  it('fails a task that fits no single node at once, naming the nodes, though the total would hold it', () => {
    const g = graph([unit('wide', { cpus: 2 }), unit('after', { needs: ['wide'] }), unit('other')]);
    const run = simulate(g, total(two), placement(two));
    expect(result(run, 'wide').status).toBe('failed');
    expect(result(run, 'wide').reason).toBe('it needs 2 cpus and 100Mi of memory, more than any single node has (host-a (1 cpu, 4Gi), host-b (1 cpu, 4Gi))');
    expect(result(run, 'after').status).toBe('skipped');
    expect(result(run, 'other').status).toBe('succeeded');
    expect(run.result.result).toBe('failure');
  });

  it('fails a pinned task that does not fit its node, with the reason it is pinned', () => {
    const nodes = [node('a', 1, 4 * GiB, true), node('b', 4)];
    const g = graph([withVolume(unit('big', { cpus: 2 }), 'data')]);
    const run = simulate(g, total(nodes), placeUnits(g, nodes).placement);
    expect(result(run, 'big').reason).toBe('it needs 2 cpus and 100Mi of memory, more than node host-a (1 cpu, 4Gi), the only node it may run on (uses volume data)');
  });

  it('fails a pinned task whose pinned services cannot be up with it on their node, before any starts', () => {
    const nodes = [node('a', 2, 4 * GiB, true), node('b', 8)];
    const g = graph([withVolume(unit('db', { kind: 'service', cpus: 1.5 }), 'data'), withVolume(unit('load', { needs: ['db'] }), 'data'), unit('other')]);
    const run = simulate(g, total(nodes), placeUnits(g, nodes).placement);
    expect(result(run, 'load')).toMatchObject({ status: 'failed', reason: 'it and its services db must run on node host-a (2 cpus, 4Gi) and need 2.5 cpus, 200Mi of memory there at once, more than it has' });
    expect(run.events.some((e) => e.type === 'service-start')).toBe(false);
    expect(result(run, 'other').status).toBe('succeeded');
  });

  it('runs a volume group on the home node only, and the plan says so', () => {
    const nodes = [node('a', 2), node('b', 2, 4 * GiB, true)];
    const g = graph([withVolume(unit('make'), 'cache'), withVolume(unit('test', { needs: ['make'] }), 'cache'), unit('x'), unit('y'), unit('z')]);
    const { placement: p } = placeUnits(g, nodes);
    const run = simulate(g, total(nodes), p);
    expect(result(run, 'make').node).toBe('b');
    expect(result(run, 'test').node).toBe('b');
    const planned = plan(g, total(nodes), { placement: p, startOverhead: 0 });
    expect(planned.units.find((u) => u.id === 'make')!.node).toBe('b');
    expect(planned.units.find((u) => u.id === 'test')!.node).toBe('b');
    expect(planned.nodes!.map(({ profile: _, ...rest }) => rest)).toEqual([
      { id: 'a', name: 'host-a', cpus: 2, memory: 4 * GiB },
      { id: 'b', name: 'host-b', cpus: 2, memory: 4 * GiB, home: true },
    ]);
    // Each node's profile: make then test on b (1 cpu each, one after the other), x, y, z on a and b.
    for (const n of planned.nodes!) for (const point of n.profile) expect(point.cpus).toBeLessThanOrEqual(n.cpus);
    const at = (profile: { t: number; cpus: number }[], t: number) => [...profile].reverse().find((p) => p.t <= t)!.cpus;
    for (const t of [0, 5000, 12_000, 25_000]) {
      expect(at(planned.nodes![0].profile, t) + at(planned.nodes![1].profile, t)).toBe(at(planned.profile, t));
    }
    expect(Math.max(...planned.nodes![1].profile.map((p) => p.cpus))).toBe(2);
  });

  it('backfills on another node without delaying the head reserved on its node', () => {
    // p (pinned to a) holds a; head h (2 cpus) can only ever fit a, at 10 s. f (50 s) would delay
    // it on a — best fit alone would choose a (a tie, first index) — so it goes to b.
    const nodes = [node('a', 2), node('b', 1)];
    const g = graph([
      unit('p', { estimate: 10_000 }),
      unit('p2', { needs: ['p'], estimate: 100_000 }),
      unit('h', { cpus: 2, estimate: 5_000 }),
      unit('h2', { needs: ['h'], estimate: 100_000 }),
      unit('f', { estimate: 50_000 }),
    ]);
    const run = simulate(g, total(nodes), placement(nodes, { p: 0 }));
    expect(startOf(run, 'p')).toMatchObject({ at: 0, node: 'a' });
    expect(startOf(run, 'f')).toMatchObject({ at: 0, node: 'b' });
    expect(startOf(run, 'h')).toMatchObject({ at: 10_000, node: 'a' });
  });

  it('lets a backfill end on the reserved node when it ends before the head may start', () => {
    const nodes = [node('a', 2), node('b', 1)];
    const g = graph([
      unit('p', { estimate: 10_000 }),
      unit('p2', { needs: ['p'], estimate: 100_000 }),
      unit('b-hog', { estimate: 60_000 }),
      unit('h', { cpus: 2, estimate: 5_000 }),
      unit('h2', { needs: ['h'], estimate: 100_000 }),
      unit('short', { estimate: 8_000 }),
    ]);
    const run = simulate(g, total(nodes), placement(nodes, { p: 0, 'b-hog': 1 }));
    expect(startOf(run, 'short')).toMatchObject({ at: 0, node: 'a' });
    expect(startOf(run, 'h')).toMatchObject({ at: 10_000, node: 'a' });
  });

  it('best fit keeps the big hole for the big task', () => {
    const nodes = [node('big', 4), node('small', 1)];
    const g = graph([unit('little', { estimate: 20_000 }), unit('wide', { cpus: 4, estimate: 10_000 })]);
    const run = simulate(g, total(nodes), placement(nodes));
    expect(startOf(run, 'little')).toMatchObject({ at: 0, node: 'small' });
    expect(startOf(run, 'wide')).toMatchObject({ at: 0, node: 'big' });
    expect(run.result.makespan).toBe(20_000);
  });

  it('counts a service on the node it runs on, and tells the executor where', () => {
    const g = graph([unit('db', { kind: 'service' }), unit('t1', { needs: ['db'] }), unit('t2', { needs: ['db'] })]);
    const run = simulate(g, total(two), placement(two));
    const dbNode = startOf(run, 'db')!.node!;
    expect(run.serviceNodes.get('db')).toBe(dbNode);
    expect(result(run, 'db').node).toBe(dbNode);
    const other = dbNode === 'a' ? 'b' : 'a';
    expect(startOf(run, 't1')!.node).toBe(other);
    expect(startOf(run, 't2')!.node).toBe(other);
    expect(run.result.makespan).toBe(20_000);
    for (const [, peak] of peakPerNode(g, run.events)) expect(peak.cpuM).toBeLessThanOrEqual(1000);
  });

  it('keeps a service off the only node a task that needs it fits, when the task could not run beside it there', () => {
    // big fits only a, and not beside db; db waits for b (busy with f) rather than take a.
    const nodes = [node('a', 2), node('b', 1)];
    const g = graph([
      unit('db', { kind: 'service', cpus: 0.5 }),
      unit('f', { estimate: 30_000 }),
      unit('small', { cpus: 0.5, estimate: 5000, needs: ['db'] }),
      unit('big', { cpus: 2, estimate: 5000, needs: ['db'] }),
    ]);
    const run = simulate(g, total(nodes), placement(nodes));
    expect(startOf(run, 'f')).toMatchObject({ at: 0, node: 'b' });
    expect(startOf(run, 'db')).toMatchObject({ at: 30_000, node: 'b' });
    expect(result(run, 'big')).toMatchObject({ status: 'succeeded', node: 'a' });
    expect(run.result.result).toBe('success');
  });

  it('still starts a service on such a node when nothing else will ever make room', () => {
    // Only a can hold db at all: its task big then cannot run beside it, and says why.
    const nodes = [node('a', 2), node('b', 1, 1 * GiB)];
    const g = graph([unit('db', { kind: 'service', cpus: 0.5, memory: 2 * GiB }), unit('small', { cpus: 0.5, estimate: 5000, needs: ['db'] }), unit('big', { cpus: 2, estimate: 5000, needs: ['db'] })]);
    const run = simulate(g, total(nodes), placement(nodes));
    expect(startOf(run, 'db')).toMatchObject({ at: 0, node: 'a' });
    expect(result(run, 'small').status).toBe('succeeded');
    expect(result(run, 'big').status).toBe('failed');
    expect(result(run, 'big').reason).toMatch(/^it cannot fit while services db hold the capacity/);
  });

  it('puts the node on the attempt, the start event and the unit result, for every attempt', () => {
    const g = graph([unit('flaky', { retries: 1, backoff: 0 })]);
    const run = simulate(g, total(two), placement(two), {
      attempt: (a) => (a.number === 1 ? { outcome: { status: 'failed', exitCode: 1 } } : undefined),
    });
    const starts = run.events.filter((e) => e.type === 'attempt-start');
    expect(starts.map((e) => e.node)).toEqual(['a', 'a']);
    expect(run.attemptNodes.get('flaky#1')).toBe('a');
    expect(run.attemptNodes.get('flaky#2')).toBe('a');
    expect(result(run, 'flaky')).toMatchObject({ status: 'succeeded', node: 'a' });
    expect(result(run, 'flaky').attempts.map((a) => a.node)).toEqual(['a', 'a']);
  });

  it('without a placement: no node anywhere, and the same schedule as one node of the same capacity', () => {
    const g = graph(Array.from({ length: 12 }, (_, k) => unit(`t${k}`, { cpus: 0.5 + (k % 3) * 0.5, estimate: 1000 * (k + 1), needs: k > 3 ? [`t${k - 4}`] : [] })));
    const cap = capacity(3, 2 * GiB);
    const plain = simulate(g, cap, undefined);
    expect(plain.events.some((e) => 'node' in e)).toBe(false);
    expect(plain.result.units.some((u) => 'node' in u || u.attempts.some((a) => 'node' in a))).toBe(false);
    expect(plain.attemptNodes.get('t0#1')).toBeUndefined();
    const one = simulate(g, cap, placement([{ id: 'local', name: 'local', capacity: cap }]));
    const times = (run: Run) => run.result.units.map((u) => [u.id, u.start, u.end]);
    expect(times(one)).toEqual(times(plain));
    const p = plan(g, cap);
    expect(p.nodes).toBeUndefined();
    expect(p.units.some((u) => 'node' in u)).toBe(false);
  });

  it('plans 100 × 2 s tasks on two 1-cpu nodes in about half the time of one', () => {
    const g = graph(Array.from({ length: 100 }, (_, k) => unit(`t${k}`, { estimate: 2000 })));
    const one = plan(g, capacity(1, 4 * GiB));
    const both = plan(g, total(two), { placement: placement(two) });
    expect(both.makespan / one.makespan).toBeGreaterThan(0.45);
    expect(both.makespan / one.makespan).toBeLessThan(0.55);
    expect(new Set(both.units.map((u) => u.node))).toEqual(new Set(['a', 'b']));
    expect(both.lowerBound).toBeCloseTo(one.lowerBound / 2, -2);
  });
});

describe('time left on several nodes', () => {
  it('plans what is left per node, as the run packs it', () => {
    const two = [node('a', 1), node('b', 1)];
    const g = graph([unit('t1'), unit('t2'), unit('t3'), unit('t4')]);
    const so = { ended: new Set(['t1']), running: new Map([['t2', 4000]]), healthy: new Set<string>() };
    // t2 has 6 s left on one node; t3 and t4 (10 s each) start on the other at once and after t2.
    expect(timeLeft(g, total(two), so, { placement: placement(two), startOverhead: 0 })).toBe(16_000);
    // One pool of the same 2 cpus would say the same here; one 1-cpu node says 26 s.
    expect(timeLeft(g, capacity(1, 8 * GiB), so, { startOverhead: 0 })).toBe(26_000);
  });
});

describe('scheduler with several nodes: properties', () => {
  it('never strands a task behind a service on the one node it fits (services that fit anywhere, tasks that fit a node)', () => {
    const arb = fc.record({
      tasks: fc.array(fc.record({ svc: fc.nat(2), cpus: fc.constantFrom(0.5, 1, 2), est: fc.integer({ min: 1, max: 9 }) }), { minLength: 2, maxLength: 12 }),
      parallel: fc.constantFrom(2, 3, Infinity),
    });
    const nodes = [node('a', 2), node('b', 1)];
    fc.assert(
      fc.property(arb, ({ tasks, parallel }) => {
        const units = [0, 1, 2].map((k) => unit(`s${k}`, { kind: 'service', cpus: 0.5, memory: 64 * MiB }));
        tasks.forEach((t, k) => units.push(unit(`t${k}`, { cpus: t.cpus, estimate: t.est * 1000, needs: [`s${t.svc}`] })));
        const run = simulate(graph(units), total(nodes, parallel), placement(nodes));
        expect(run.result.units.filter((u) => u.status === 'failed').map((u) => u.reason)).toEqual([]);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('never oversubscribes a node at any instant and always ends (random graphs, 2–3 nodes, services, pins, failures)', () => {
    const task = fc.record({
      cpus: fc.constantFrom(0.25, 0.5, 1, 2),
      memory: fc.constantFrom(64, 256, 1024).map((m) => m * MiB),
      estimate: fc.integer({ min: 1, max: 20 }).map((s) => s * 1000),
      needs: fc.array(fc.nat(), { maxLength: 3 }),
      services: fc.array(fc.nat(), { maxLength: 2 }),
      pin: fc.option(fc.nat(), { nil: undefined, freq: 3 }),
      fails: fc.constantFrom(false, false, false, true),
      retries: fc.integer({ min: 0, max: 1 }),
    });
    const arb = fc.record({
      tasks: fc.array(task, { minLength: 1, maxLength: 30 }),
      services: fc.array(fc.record({ cpus: fc.constantFrom(0.25, 0.5, 1), memory: fc.constantFrom(32, 128).map((m) => m * MiB) }), { maxLength: 3 }),
      nodes: fc.array(fc.record({ cpus: fc.constantFrom(1, 2, 3), memoryMi: fc.constantFrom(512, 1024, 2048) }), { minLength: 2, maxLength: 3 }),
      parallel: fc.constantFrom(2, 4, Infinity),
    });
    fc.assert(
      fc.property(arb, (s) => {
        const nodes = s.nodes.map((n, k) => node(`n${k}`, n.cpus, n.memoryMi * MiB));
        const units: Unit[] = s.services.map((sv, k) => unit(`svc${k}`, { kind: 'service', cpus: sv.cpus, memory: sv.memory }));
        const pinned: Record<string, number> = {};
        const failing = new Set<string>();
        s.tasks.forEach((t, k) => {
          const needs = [...new Set(t.needs.filter((j) => j < k).map((j) => `t${j}`))];
          if (units.length > 0 && s.services.length > 0) for (const j of new Set(t.services)) needs.push(`svc${j % s.services.length}`);
          units.push(unit(`t${k}`, { cpus: t.cpus, memory: t.memory, estimate: t.estimate, needs: [...new Set(needs)], retries: t.retries, backoff: 500 }));
          if (t.pin !== undefined) pinned[`t${k}`] = t.pin % nodes.length;
          if (t.fails) failing.add(`t${k}`);
        });
        const g = graph(units);
        const run = simulate(g, total(nodes, s.parallel), placement(nodes, pinned), {
          attempt: (a) => (failing.has(a.unit.id) && a.number === 1 ? { outcome: { status: 'failed', exitCode: 1 } } : undefined),
        });
        expect(run.events.filter((e) => e.type === 'run-end')).toHaveLength(1);
        expect(run.result.units.every((u) => u.status !== undefined)).toBe(true);
        const peak = peakPerNode(g, run.events);
        for (const [id, p] of peak) {
          const cap = nodes.find((n) => n.id === id)!.capacity;
          expect(p.cpuM).toBeLessThanOrEqual(Math.round(cap.cpus * 1000));
          expect(p.memory).toBeLessThanOrEqual(cap.memory);
        }
        // A pinned task ran only on its node.
        for (const [id, k] of Object.entries(pinned)) {
          for (const e of run.events) if (e.type === 'attempt-start' && e.unit === id) expect(e.node).toBe(nodes[k].id);
        }
        // Containers at once never exceed the global slots.
        let up = 0;
        for (const e of run.events) {
          if (e.type === 'attempt-start' || e.type === 'service-start') up++;
          else if (e.type === 'attempt-end' || e.type === 'service-stop') up--;
          expect(up).toBeLessThanOrEqual(s.parallel);
        }
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});
