/**
 * `--only NAME…`: the part of the graph needed to run the named tasks. Pure.
 */
import { GantryError } from '../diagnostics';
import type { Graph } from '../model';
import { editDistance } from '../suggest';

/**
 * The named units and, transitively, everything they need, in the graph's order. A name is a task
 * or service name (all of its matrix expansions) or one expansion id (`test[shard=1]`).
 * Throws `GantryError('only-unknown')` naming the closest known name.
 */
export function selectOnly(graph: Graph, names: readonly string[]): Graph {
  const wanted = new Set<string>();
  for (const name of names) {
    const matches = graph.units.filter((u) => u.id === name || u.spec.name === name);
    if (matches.length === 0) {
      const known = [...new Set(graph.units.flatMap((u) => [u.spec.name, u.id]))];
      const guess = closest(name, known);
      throw new GantryError(
        'only-unknown',
        `--only ${name}: no task or service of that name${guess ? `; did you mean "${guess}"?` : ''}`,
        undefined,
        `Known names: ${[...new Set(graph.units.map((u) => u.spec.name))].join(', ')}`,
      );
    }
    for (const unit of matches) wanted.add(unit.id);
  }
  const stack = [...wanted];
  while (stack.length > 0) {
    const unit = graph.byId.get(stack.pop()!);
    for (const need of unit?.needs ?? []) {
      if (!wanted.has(need)) {
        wanted.add(need);
        stack.push(need);
      }
    }
  }
  const units = graph.units.filter((u) => wanted.has(u.id));
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate, bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
