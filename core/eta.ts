/**
 * How long a run has left, by the same estimates and the same simulated schedule as its plan
 * (`gantry plan`, the preview): what ended is gone, a running attempt has its estimate less the
 * time it has run (never below nothing), a service that is up is healthy already, and the rest is
 * planned from now against the run's capacity. `gantry run` shows it live. Pure.
 */
import type { Capacity, Graph, Unit } from './model';
import { plan, type PlanOptions } from './plan';

/** Where a run stands, by unit id. */
export interface RunSoFar {
  /** Units that ended (any status): no time left. */
  ended: ReadonlySet<string>;
  /** Units with an attempt going on (a service: up): ms since that attempt started. */
  running: ReadonlyMap<string, number>;
  /** Services that are healthy (or up, without a health check). */
  healthy: ReadonlySet<string>;
}

/** The graph of what is left: ended units dropped (and from the needs of the rest), running ones shortened. */
export function remainingGraph(graph: Graph, so: RunSoFar): Graph {
  const units: Unit[] = [];
  for (const unit of graph.units) {
    if (so.ended.has(unit.id)) continue;
    const needs = unit.needs.filter((id) => !so.ended.has(id));
    const ran = so.running.get(unit.id);
    if (ran === undefined) {
      units.push(needs.length === unit.needs.length ? unit : { ...unit, needs });
      continue;
    }
    if (unit.kind === 'service') {
      const healthyAfter = so.healthy.has(unit.id) ? 0 : Math.max(0, (unit.healthyAfter ?? 0) - ran);
      units.push({ ...unit, needs, healthyAfter });
    } else {
      units.push({ ...unit, needs, estimate: Math.max(0, unit.estimate - ran) });
    }
  }
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}

/**
 * ms the run has left: the makespan of the plan of what is left.
 * @param options as the run's own plan was made (`placement` on several nodes, `startOverhead`
 *   of the engine). Default: plan's defaults, one pool.
 */
export function timeLeft(graph: Graph, capacity: Capacity, so: RunSoFar, options?: PlanOptions): number {
  const left = remainingGraph(graph, so);
  if (left.units.every((u) => u.kind === 'service')) return 0;
  return plan(left, capacity, options).makespan;
}
