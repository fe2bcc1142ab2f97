/**
 * `cache.paths` of a task (core/fields-cache.ts): each must lie inside one of the task's own
 * named volumes (`volume:/target`), since a hit restores it into the run's volume — not in a host
 * bind (the host's files are not the run's to restore) nor in the container's own layer (gone
 * with the container). `cache-path-outside-volume`, at the path.
 */
import type { Diagnostic } from '../diagnostics';
import type { Mount, UnitSpec } from '../model';
import type { CheckContext } from './context';
import { DescribeUnit } from './ranges';

export function checkCache(ctx: CheckContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const spec of ctx.file.tasks) {
    for (const entry of spec.cache?.paths ?? []) {
      if (cacheVolumeOf(spec, entry.value)) continue;
      diagnostics.push({
        code: 'cache-path-outside-volume',
        message: `${DescribeUnit(spec)} caches "${entry.value}", which is not inside one of its volumes: cache.paths are restored into the run's named volumes, so each must lie under the target of a "NAME:/path" mount of the task.`,
        severity: 'error',
        range: entry.range,
      });
    }
  }
  return diagnostics;
}

/** The named-volume mount of `spec` whose target holds `path` (the deepest), if any. */
export function cacheVolumeOf(spec: Pick<UnitSpec, 'volumes'>, path: string): Mount | undefined {
  let best: Mount | undefined;
  for (const mount of spec.volumes) {
    if (mount.kind !== 'volume') continue;
    const target = mount.target.replace(/\/+$/, '') || '/';
    const inside = path === target || path.startsWith(target === '/' ? '/' : `${target}/`);
    if (inside && (!best || target.length > best.target.length)) best = mount;
  }
  return best;
}
