/**
 * What `gantry plan` and the editor's preview say of the task cache: which tasks a run would
 * most likely not run — "cached if the image is unchanged". Their key is computed as the run
 * computes it (core/run/cache-run.ts `attemptCacheKeys`), with the image ID left out (plan has no
 * engine to ask), and matched against the entries' plan keys in `.gantry/cache/`.
 *
 * A task's needs' outputs are part of its key, and plan knows them only from the cache: a task is
 * predicted cached only when every task it needs is too (their outputs then come from those
 * entries). A task that lists `secrets:` is never predicted (plan has no secret values), nor one
 * whose key files cannot be read. Reads the store and the key's files; never throws.
 */
import type { Attempt } from '../executor';
import type { Graph, Policy, Unit } from '../model';
import { cacheRecords } from '../host/cache-store';
import { attemptCacheKeys, cachesUnit } from './cache-run';
import { PLAN_IMAGE_PLACEHOLDER } from '../cache-key';

export interface CachePrediction {
  /** The run the entry came from. */
  run: string;
  outputs: Record<string, string>;
}

/** Tasks of `graph` a run would take from the cache if their images are unchanged, by id. */
export function predictCached(graph: Graph, options: { baseDir: string; batchFile: string; policy?: Policy }): Map<string, CachePrediction> {
  const predicted = new Map<string, CachePrediction>();
  const decided = new Set<string>();
  const visit = (unit: Unit): void => {
    if (decided.has(unit.id)) return;
    decided.add(unit.id);
    if (!cachesUnit(unit) || unit.spec.secrets.length > 0) return;
    const needsOutputs: Attempt['needsOutputs'] = {};
    for (const id of unit.needs) {
      const need = graph.byId.get(id);
      if (!need || need.kind === 'service') continue;
      // The scheduler hands a build's (empty) outputs on too: the key has them.
      if (need.kind === 'build') {
        needsOutputs[id] = {};
        continue;
      }
      visit(need);
      const found = predicted.get(id);
      if (!found) return;
      needsOutputs[id] = found.outputs;
    }
    const records = cacheRecords(options.baseDir, options.batchFile, unit.id);
    if (records.length === 0) return;
    let planKey: string;
    try {
      const attempt: Attempt = { id: `${unit.id}#1`, unit, number: 1, memory: unit.memory, needsOutputs };
      planKey = attemptCacheKeys(attempt, PLAN_IMAGE_PLACEHOLDER, { baseDir: options.baseDir, policy: options.policy ?? 'trusted', secrets: {} }).planKey;
    } catch {
      return;
    }
    const match = records.find((r) => r.planKey === planKey);
    if (match) predicted.set(unit.id, { run: match.run, outputs: match.outputs });
  };
  for (const unit of graph.units) visit(unit);
  return predicted;
}

/**
 * The graph as `plan` should see it when the units in `ids` take no time: tasks the cache will
 * likely take, units a resume takes over (a service among them is healthy at once).
 */
export function atNoTime(graph: Graph, ids: { has(id: string): boolean }): Graph {
  const units = graph.units.map((u) => (ids.has(u.id) ? { ...u, estimate: 0, ...(u.kind === 'service' ? { healthyAfter: 0 } : {}) } : u));
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}
