/**
 * A unit that can never fit the capacity would wait forever: `exceeds-capacity` when its own cpus
 * or memory exceed the capacity, `exceeds-capacity-with-services` when it fits alone but not
 * together with the services it needs (they stay up, and count, while it runs). Each check runs
 * only when that part of the capacity is known (flags, file or machine).
 *
 * With several nodes (a swarm, `ValidateOptions.nodes`), `checkNodeFit` adds `exceeds-node`: a
 * unit runs on one node, so one that fits the total but no single node could never start; nor
 * could one that must run on the home node (core/placement.ts: it mounts a named volume, or its
 * image is built in the run) and does not fit that node.
 */
import type { Diagnostic, Range } from '../diagnostics';
import type { Capacity, UnitSpec } from '../model';
import { formatBytes, formatCpuCount } from '../format';
import type { NodeCapacity } from '../backend';
import type { CheckContext } from './context';
import { DescribeUnit, fieldValueRange } from './ranges';
import { describeNode, homeIndex, largestNode, namedVolumes } from '../placement';

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

/** Why a task or service must run on the home node (core/placement.ts), for people; undefined when it may run anywhere. */
function pinnedBecause(spec: UnitSpec): string | undefined {
  const volume = namedVolumes(spec)[0];
  if (volume !== undefined) return `it mounts volume ${volume}, and the run's volumes live on the node Gantry talks to`;
  if (spec.build) return `its image is built in the run, and images built in the run stay on the node Gantry talks to`;
  const bind = spec.volumes.find((m) => m.kind !== 'volume');
  if (bind) return `it binds host folder ${bind.source}, which is on the machine Gantry runs on`;
  return undefined;
}

/** The place to point at for a pinned unit's request: its `cpus`/`memory` value, else the volume mount, else its name. */
function requestRange(spec: UnitSpec, key: 'cpus' | 'memory'): Range {
  if (spec.fields[key]) return spec.fields[key].value;
  const mount = spec.volumes.find((m) => m.kind === 'volume');
  return mount ? mount.range : spec.nameRange;
}

export function checkNodeFit(ctx: CheckContext): Diagnostic[] {
  const nodes = ctx.nodes;
  const diagnostics: Diagnostic[] = [];
  if (!nodes || nodes.length < 2) return diagnostics;
  const home = homeIndex(nodes);
  const biggest = largestNode(nodes)!;
  const { cpus: totalCpus, memory: totalMemory } = ctx.capacity;
  for (let i = 0; i < ctx.all.length; i++) {
    const spec = ctx.all[i];
    // Beyond the whole capacity: checkFit says so already.
    if ((totalCpus !== undefined && milli(spec.cpus) > milli(totalCpus)) || (totalMemory !== undefined && spec.memory > totalMemory)) continue;
    const because = home >= 0 ? pinnedBecause(spec) : undefined;
    const target = because !== undefined ? nodes[home] : undefined;
    const candidates = target ? [target] : nodes;
    const cpusFit = candidates.some((node) => milli(spec.cpus) <= milli(node.capacity.cpus));
    const memoryFit = candidates.some((node) => spec.memory <= node.capacity.memory);
    const bothFit = candidates.some((node) => milli(spec.cpus) <= milli(node.capacity.cpus) && spec.memory <= node.capacity.memory);
    if (bothFit) {
      if (target) withPinnedServices(ctx, i, target, diagnostics);
      continue;
    }
    const what = (key: 'cpus' | 'memory') => (key === 'cpus' ? formatCpuCount(spec.cpus) : `${formatBytes(spec.memory)} of memory`);
    // The request that fits nowhere; both when each fits some node but no node holds both.
    const keys: ('cpus' | 'memory')[] = !cpusFit || !memoryFit ? [...(!cpusFit ? ['cpus' as const] : []), ...(!memoryFit ? ['memory' as const] : [])] : ['cpus', 'memory'];
    for (const key of keys) {
      const message = target
        ? `${DescribeUnit(spec)} requests ${what(key)}, but it must run on the home node ${describeNode(target)}: ${because}. Lower its ${key}, make a bigger node the manager Gantry talks to, or drop the shared volume (or the build) from it.`
        : `${DescribeUnit(spec)} requests ${what(key)}, but no single node has ${keys.length > 1 ? 'its cpus and memory together' : 'that much'} (the largest: ${describeNode(biggest)}); a ${spec.kind} runs on one node. Lower its ${key}, or add a bigger node.`;
      diagnostics.push({ code: 'exceeds-node', message, severity: 'error', range: target ? requestRange(spec, key) : fieldValueRange(spec, key) });
    }
  }
  return diagnostics;
}

/**
 * A unit pinned to the home node whose services are pinned there too (they mount a volume, or run
 * an image built in the run): they are up on that node while it runs, so together they must fit it.
 */
function withPinnedServices(ctx: CheckContext, i: number, home: NodeCapacity, diagnostics: Diagnostic[]): void {
  const spec = ctx.all[i];
  if (spec.kind !== 'task' || ctx.file.services.length === 0) return;
  const services: UnitSpec[] = [];
  for (let j = 0; j < spec.needs.length; j++) {
    const k = ctx.needTarget[ctx.needStart[i] + j];
    const target = k >= 0 ? ctx.all[k] : undefined;
    if (target?.kind === 'service' && target !== spec && !services.includes(target) && pinnedBecause(target) !== undefined) services.push(target);
  }
  if (services.length === 0) return;
  const cpus = services.reduce((sum, s) => sum + milli(s.cpus), milli(spec.cpus));
  const memory = services.reduce((sum, s) => sum + s.memory, spec.memory);
  if (cpus <= milli(home.capacity.cpus) && memory <= home.capacity.memory) return;
  const names = services.map((s) => s.name).join(', ');
  diagnostics.push({
    code: 'exceeds-node',
    message: `${DescribeUnit(spec)} and ${services.length === 1 ? 'service' : 'services'} ${names}, which ${services.length === 1 ? 'stays' : 'stay'} up while it runs, must all run on the home node ${describeNode(home)}, where their volumes (or images built in the run) are: together they request ${formatCpuCount(cpus / 1000)} and ${formatBytes(memory)} of memory. Lower the requests, or make a bigger node the manager Gantry talks to.`,
    severity: 'error',
    range: fieldValueRange(spec, 'needs'),
  });
}
