/**
 * Names used across the file: a mount names a defined volume (`volume-unknown`); every volume is
 * mounted somewhere (`volume-unused`) and every service is needed by something (`service-unused`).
 */
import type { Diagnostic } from '../diagnostics';
import { suggest } from '../suggest';
import type { CheckContext } from './context';
import { MAX_SUGGESTIONS } from './needs';
import { DescribeUnit } from './ranges';

export function checkUsage(ctx: CheckContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const mounted = new Set<string>();
  const { all, needStart, needTarget } = ctx;
  // By index in `all`: the unit is named in the needs of another.
  const needed = new Uint8Array(all.length);
  let suggestions = 0;
  for (let i = 0; i < all.length; i++) {
    const spec = all[i];
    for (let j = 0; j < spec.needs.length; j++) {
      const target = needTarget[needStart[i] + j];
      if (target >= 0 && spec.needs[j].name !== spec.name) needed[target] = 1;
    }
    for (const mount of spec.volumes) {
      if (mount.kind !== 'volume') continue;
      mounted.add(mount.source);
      if (ctx.volumes.has(mount.source)) continue;
      const guess = suggestions++ < MAX_SUGGESTIONS ? suggest(mount.source, ctx.volumes.keys()) : undefined;
      diagnostics.push({
        code: 'volume-unknown',
        message:
          `${DescribeUnit(spec)} mounts volume "${mount.source}", which is not defined under volumes:.` +
          (guess
            ? ` Did you mean "${guess}"?`
            : ` Define it (volumes: { ${mount.source}: {} }), or start the source with ./ or / to bind a host path.`),
        severity: 'error',
        range: mount.sourceRange,
        fixes: guess ? [{ title: `Change to "${guess}"`, range: mount.sourceRange, newText: guess }] : undefined,
      });
    }
  }
  for (const volume of ctx.file.volumes) {
    if (mounted.has(volume.name)) continue;
    diagnostics.push({
      code: 'volume-unused',
      message: `Volume "${volume.name}" is not mounted by any task or service. Mount it ("${volume.name}:/path") or remove it.`,
      severity: 'warning',
      range: volume.nameRange,
    });
  }
  for (const service of ctx.file.services) {
    if (needed[ctx.indexOf.get(service.name)!]) continue;
    diagnostics.push({
      code: 'service-unused',
      message: `Service "${service.name}" is not in the needs of any task, so it never starts. Add it to the needs of the tasks that use it, or remove it.`,
      severity: 'warning',
      range: service.nameRange,
    });
  }
  return diagnostics;
}
