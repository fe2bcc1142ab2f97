/** Where to point a diagnostic about a unit's field. */
import type { Range } from '../diagnostics';
import type { UnitSpec } from '../model';

/**
 * The range of the value of `key` as written in the unit; the unit's name when the value is not
 * written there (it came from `defaults:`, or the parser did not record it).
 */
export function fieldValueRange(spec: UnitSpec, key: string): Range {
  return spec.fields[key]?.value ?? spec.nameRange;
}

/** `Task "build"` / `Service "web"`, to start a sentence in a message. */
export function DescribeUnit(spec: Pick<UnitSpec, 'kind' | 'name'>): string {
  return `${spec.kind === 'task' ? 'Task' : 'Service'} "${spec.name}"`;
}
