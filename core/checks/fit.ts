/**
 * A unit that can never fit the capacity would wait forever: `exceeds-capacity` when its own cpus
 * or memory exceed the capacity, `exceeds-capacity-with-services` when it fits alone but not
 * together with the services it needs (they stay up, and count, while it runs). Each check runs
 * only when that part of the capacity is known (flags, file or machine).
 */
import type { Diagnostic, Range } from '../diagnostics';
import type { Capacity, UnitSpec } from '../model';
import { formatBytes, formatCpuCount } from '../format';
import type { CheckContext } from './context';
import { DescribeUnit, fieldValueRange } from './ranges';

const SOURCE_TEXT = {
  flag: { cpus: 'set by --cpus', memory: 'set by --memory', parallel: 'set by --parallel' },
  file: { cpus: 'set by capacity.cpus', memory: 'set by capacity.memory', parallel: 'set by capacity.parallel' },
  machine: { cpus: "this machine's", memory: "this machine's", parallel: "this machine's" },
} as const;

// Millicores, so that 0.1 + 0.2 fits in 0.3.
const milli = (cpus: number): number => Math.round(cpus * 1000);

export function checkFit(ctx: CheckContext): Diagnostic[] {
  const { cpus, memory, parallel } = ctx.capacity;
  const diagnostics: Diagnostic[] = [];
  const where = (key: keyof Capacity): string => {
    const source = ctx.capacitySources[key];
    return source ? ` (${SOURCE_TEXT[source][key]})` : '';
  };
  const exceeds = (range: Range, message: string): void => {
    diagnostics.push({ code: 'exceeds-capacity', message, severity: 'error', range });
  };

  if (cpus === undefined && memory === undefined && parallel === Infinity) return diagnostics;
  const { all, needStart, needTarget } = ctx;
  const hasServices = ctx.file.services.length > 0;
  for (let i = 0; i < all.length; i++) {
    const spec = all[i];
    let fitsAlone = true;
    if (cpus !== undefined && milli(spec.cpus) > milli(cpus)) {
      fitsAlone = false;
      exceeds(
        fieldValueRange(spec, 'cpus'),
        `${DescribeUnit(spec)} requests ${formatCpuCount(spec.cpus)}, but the capacity is ${formatCpuCount(cpus)}${where('cpus')}; it could never start. Lower its cpus, or raise the capacity.`,
      );
    }
    if (memory !== undefined && spec.memory > memory) {
      fitsAlone = false;
      exceeds(
        fieldValueRange(spec, 'memory'),
        `${DescribeUnit(spec)} requests ${formatBytes(spec.memory)} of memory, but the capacity is ${formatBytes(memory)}${where('memory')}; it could never start. Lower its memory, or raise the capacity.`,
      );
    }
    if (!fitsAlone || !hasServices) continue;

    let services: UnitSpec[] | undefined;
    for (let j = 0; j < spec.needs.length; j++) {
      const k = needTarget[needStart[i] + j];
      const target = k >= 0 ? all[k] : undefined;
      if (target?.kind !== 'service' || target === spec) continue;
      if (!services) services = [target];
      else if (!services.includes(target)) services.push(target);
    }
    if (!services) continue;
    const names = services.map((s) => s.name).join(', ');
    const lead = `${DescribeUnit(spec)} needs ${services.length === 1 ? 'service' : 'services'} ${names}, which ${services.length === 1 ? 'stays' : 'stay'} up while it runs`;
    const range = fieldValueRange(spec, 'needs');
    const problems: string[] = [];
    if (cpus !== undefined) {
      const total = services.reduce((sum, s) => sum + milli(s.cpus), milli(spec.cpus));
      if (total > milli(cpus)) problems.push(`together they request ${formatCpuCount(total / 1000)}, but the capacity is ${formatCpuCount(cpus)}${where('cpus')}`);
    }
    if (memory !== undefined) {
      const total = services.reduce((sum, s) => sum + s.memory, spec.memory);
      if (total > memory) problems.push(`together they request ${formatBytes(total)} of memory, but the capacity is ${formatBytes(memory)}${where('memory')}`);
    }
    if (services.length + 1 > parallel) {
      problems.push(`that is ${services.length + 1} containers at once, but parallel is ${parallel}${where('parallel')}`);
    }
    if (problems.length === 0) continue;
    diagnostics.push({
      code: 'exceeds-capacity-with-services',
      message: `${lead}: ${problems.join('; ')}. It could never start; lower the requests, or raise the capacity.`,
      severity: 'error',
      range,
    });
  }
  return diagnostics;
}
