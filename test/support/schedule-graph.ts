/**
 * Builds scheduler graphs directly (no YAML), and runs them on the simulator, for the scheduler,
 * plan and benchmark code.
 */
import type { RunResult, ScheduleEvent } from '../../core/executor';
import { SimulatedExecutor, VirtualClock, type SimulatedBehaviour } from '../../core/executors/simulated';
import type { Capacity, Condition, Graph, Unit, UnitSpec } from '../../core/model';
import { FILE_START } from '../../core/diagnostics';
import { Scheduler } from '../../core/schedule';

export interface UnitOptions {
  kind?: 'task' | 'service';
  needs?: string[];
  cpus?: number;
  memory?: number;
  estimate?: number;
  timeout?: number;
  retries?: number;
  backoff?: number;
  memoryFactor?: number;
  if?: Condition;
  allowFailure?: boolean;
  /** The spec name, when it differs from the id (matrix expansions). */
  spec?: string;
}

export const MiB = 1024 * 1024;

export function unit(id: string, o: UnitOptions = {}): Unit {
  const kind = o.kind ?? 'task';
  const retries = { count: o.retries ?? 0, backoff: o.backoff ?? 1000, memoryFactor: o.memoryFactor ?? 1 };
  const spec: UnitSpec = {
    kind,
    name: o.spec ?? id,
    nameRange: FILE_START,
    range: FILE_START,
    image: 'busybox',
    run: 'true',
    env: {},
    privileged: false,
    capAdd: [],
    volumes: [],
    cpus: o.cpus ?? 1,
    memory: o.memory ?? 100 * MiB,
    estimate: o.estimate,
    timeout: o.timeout,
    retries,
    needs: (o.needs ?? []).map((name) => ({ name, range: FILE_START })),
    matrix: [],
    if: o.if ?? 'success',
    allowFailure: o.allowFailure ?? false,
    outputs: [],
    secrets: [],
    expressions: [],
    fields: {},
  };
  return {
    id,
    kind,
    spec,
    matrix: {},
    needs: o.needs ?? [],
    cpus: o.cpus ?? 1,
    memory: o.memory ?? 100 * MiB,
    estimate: o.estimate ?? 10_000,
    timeout: o.timeout,
    retries,
    if: o.if ?? 'success',
    allowFailure: o.allowFailure ?? false,
    image: 'busybox',
    run: 'true',
    env: {},
  };
}

export function graph(units: Unit[]): Graph {
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}

export function capacity(cpus: number, memory = 1024 * MiB, parallel = Infinity): Capacity {
  return { cpus, memory, parallel };
}

export interface SimulatedRun {
  result: RunResult;
  events: ScheduleEvent[];
  clock: VirtualClock;
  executor: SimulatedExecutor;
  /** How many times onDone was called. */
  doneCalls: number;
}

export interface SimulateOptions {
  failFast?: boolean;
  behaviour?: SimulatedBehaviour;
  /** Called with the scheduler before the clock runs (to cancel at a time, say). */
  setup?(scheduler: Scheduler, clock: VirtualClock): void;
}

export function simulate(g: Graph, cap: Capacity, options: SimulateOptions = {}): SimulatedRun {
  const clock = new VirtualClock();
  const executor = new SimulatedExecutor(clock, options.behaviour);
  const events: ScheduleEvent[] = [];
  let result: RunResult | undefined;
  let doneCalls = 0;
  const scheduler = new Scheduler(g, {
    capacity: cap,
    executor,
    clock,
    failFast: options.failFast,
    onEvent: (e) => events.push(e),
    onDone: (r) => {
      doneCalls++;
      result = r;
    },
  });
  options.setup?.(scheduler, clock);
  scheduler.start();
  clock.run(10_000_000);
  if (!result) throw new Error('the run did not finish');
  return { result, events, clock, executor, doneCalls };
}

/** Unit result by id. */
export function byId(run: SimulatedRun, id: string) {
  const u = run.result.units.find((x) => x.id === id);
  if (!u) throw new Error(`no unit ${id}`);
  return u;
}
