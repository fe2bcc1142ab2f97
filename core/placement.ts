/**
 * Where units may run when the engine has several nodes (Docker Swarm, issue 14). Pure.
 *
 * Rule: a unit that mounts one of the file's named volumes (`volumes:` at the top), or whose
 * image is built in the run (and the build itself), is pinned to the home node — the node whose
 * engine Gantry talks to (`NodeCapacity.home`, core/backend.ts). Volumes and built images live on
 * that engine: another node cannot see them, and Gantry could not remove a volume left on another
 * node through a manager. Every other unit may run on any node the scheduler finds room on
 * (core/schedule.ts packs them, best fit). With one node, or no home node, nothing is pinned.
 *
 * A pinned unit that does not fit the home node, or a unit that fits no single node, could never
 * start: `placeUnits` reports it as a problem (the scheduler also fails it at once, and
 * core/checks/fit.ts gives the file a positioned `exceeds-node` error).
 */
import type { NodeCapacity } from './backend';
import { formatBytes, formatCpuCount } from './format';
import type { Graph, Unit, UnitSpec } from './model';

export interface Placement {
  /** The nodes to pack onto, in the backend's stable order; indices below refer to it. */
  nodes: readonly NodeCapacity[];
  /** Units that may run on one node only: unit id → node index. A unit not here may run on any node. */
  pinned: ReadonlyMap<string, number>;
  /** Why each pinned unit is pinned, for people: `shares volume cache with build`, `its image is built in the run`. */
  why: ReadonlyMap<string, string>;
}

export interface PlacementProblem {
  unit: string;
  message: string;
}

// Millicores, so that 0.1 + 0.2 fits in 0.3 as the scheduler counts it.
const milli = (cpus: number): number => Math.max(0, Math.round(cpus * 1000));

/** Whether a request of `cpus` and `memory` (bytes) fits `node` when it is empty. */
export function fitsNode(node: NodeCapacity, cpus: number, memory: number): boolean {
  return milli(cpus) <= milli(node.capacity.cpus) && Math.ceil(memory) <= Math.floor(node.capacity.memory);
}

/** `worker-1 (2 cpus, 4Gi)`. */
export function describeNode(node: NodeCapacity): string {
  return `${node.name || node.id} (${formatCpuCount(node.capacity.cpus)}, ${formatBytes(node.capacity.memory)})`;
}

/** The node with the most cpus, then the most memory, then the first: what messages name. */
export function largestNode(nodes: readonly NodeCapacity[]): NodeCapacity | undefined {
  let best: NodeCapacity | undefined;
  for (const node of nodes) {
    if (!best || node.capacity.cpus > best.capacity.cpus || (node.capacity.cpus === best.capacity.cpus && node.capacity.memory > best.capacity.memory)) best = node;
  }
  return best;
}

/** The index of the home node when placement can pin to it (several nodes, one home); else -1. */
export function homeIndex(nodes: readonly NodeCapacity[]): number {
  return nodes.length > 1 ? nodes.findIndex((node) => node.home === true) : -1;
}

/** The named volumes a task or service mounts (`volumes:` entries of kind `volume`), distinct, in order. */
export function namedVolumes(spec: UnitSpec): string[] {
  const names: string[] = [];
  for (const mount of spec.volumes) if (mount.kind === 'volume' && !names.includes(mount.source)) names.push(mount.source);
  return names;
}

/**
 * Pins the units that must run on the home node and reports the units that could never start.
 * O(n + mounts).
 */
export function placeUnits(
  graph: Graph,
  nodes: readonly NodeCapacity[],
  options: { homeUnavailable?: string } = {},
): { placement: Placement; problems: PlacementProblem[] } {
  const pinned = new Map<string, number>();
  const why = new Map<string, string>();
  const problems: PlacementProblem[] = [];
  // The home node cannot take work: what must run there cannot run (checked as if it were pinned).
  const home = options.homeUnavailable !== undefined ? nodes.length : homeIndex(nodes);
  if (home >= 0) {
    // The users of each volume, in graph order, so that a reason can name another user.
    const users = new Map<string, Unit[]>();
    for (const unit of graph.units) {
      if (unit.kind === 'build') continue;
      for (const name of namedVolumes(unit.spec)) {
        const list = users.get(name);
        if (list) list.push(unit);
        else users.set(name, [unit]);
      }
    }
    for (const unit of graph.units) {
      let reason: string | undefined;
      if (unit.kind === 'build') reason = 'it builds an image, which stays on the engine Gantry talks to';
      else {
        const volume = namedVolumes(unit.spec)[0];
        if (volume !== undefined) {
          const other = users.get(volume)!.find((u) => u !== unit);
          reason = other ? `shares volume ${volume} with ${other.id}` : `uses volume ${volume}`;
        } else if (unit.build) reason = `its image is built in the run (${unit.build.unit})`;
        else {
          // A host folder is a folder of this machine, checked here (core/host/binds.ts, the
          // policy): the same path on another node is another folder, seen by no check.
          const bind = unit.spec.volumes.find((mount) => mount.kind !== 'volume');
          if (bind) reason = `binds host folder ${bind.source}, which is on the machine Gantry runs on`;
        }
      }
      if (reason === undefined) continue;
      pinned.set(unit.id, home);
      why.set(unit.id, reason);
    }
  }
  const biggest = largestNode(nodes);
  for (const unit of graph.units) {
    const at = pinned.get(unit.id);
    if (at !== undefined && at >= nodes.length) {
      problems.push({ unit: unit.id, message: `${unit.id} must run on the node Gantry talks to (${why.get(unit.id)}), but ${options.homeUnavailable}` });
      continue;
    }
    if (at !== undefined) {
      const node = nodes[at];
      if (!fitsNode(node, unit.cpus, unit.memory)) {
        problems.push({
          unit: unit.id,
          message: `${unit.id} needs ${formatCpuCount(unit.cpus)} and ${formatBytes(unit.memory)}, more than the home node ${describeNode(node)}, where it must run: ${why.get(unit.id)}`,
        });
      }
      continue;
    }
    if (nodes.some((node) => fitsNode(node, unit.cpus, unit.memory))) continue;
    problems.push({
      unit: unit.id,
      message: `${unit.id} needs ${formatCpuCount(unit.cpus)} and ${formatBytes(unit.memory)}, more than any single node has (the largest: ${biggest ? describeNode(biggest) : 'none'})`,
    });
  }
  if (home >= nodes.length) for (const id of [...pinned.keys()]) pinned.delete(id);
  return { placement: { nodes, pinned, why }, problems };
}
