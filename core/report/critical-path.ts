/**
 * The critical path of what really happened: walking back from the unit that ended last, each
 * step goes to the need that released it last (a task's end, a service's health). That is the chain
 * a user must shorten to make the run faster. A service on the path (its health held the task back)
 * is followed by what held back the service's start. Pure.
 */
import type { UnitDocument } from './run-document';

export function actualCriticalPath(units: readonly UnitDocument[]): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  // Builds of images take time as tasks do; services only hold.
  const ran = units.filter((u) => u.start !== undefined && u.end !== undefined && u.kind !== 'service');
  if (ran.length === 0) return [];
  let current = ran.reduce((a, b) => (b.end! > a.end! ? b : a));
  const path = [current.id];
  const seen = new Set(path);
  for (;;) {
    let next: UnitDocument | undefined;
    let nextAt = -Infinity;
    for (const id of current.needs) {
      const need = byId.get(id);
      if (!need || seen.has(id)) continue;
      const releasedAt = need.kind === 'service' ? need.healthy : need.end;
      if (releasedAt === undefined || releasedAt > (current.start ?? Infinity)) continue;
      if (releasedAt > nextAt) {
        next = need;
        nextAt = releasedAt;
      }
    }
    if (!next) break;
    path.unshift(next.id);
    seen.add(next.id);
    // A service starts when its first dependent is about to be ready: what held it back is among
    // the dependent's other needs, so keep walking from the dependent.
    if (next.kind !== 'service') current = next;
  }
  return path;
}
