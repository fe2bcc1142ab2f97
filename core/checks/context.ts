/** What every semantic check reads: the file, its names, the capacity and (for fixes) the text. */
import type { NodeCapacity } from '../backend';
import type { CapacitySource, KnownCapacity } from '../capacity';
import type { BatchFile, Capacity, EngineName, Policy, UnitSpec, VolumeSpec } from '../model';
import { sourceText, type SourceText } from './edits';

export interface CheckContext {
  file: BatchFile;
  /** Services, then tasks (`allUnits`): the order the indexes below refer to. */
  all: UnitSpec[];
  /** Tasks and services by name (one namespace for `needs`): their index in `all`; the first wins on a clash. */
  indexOf: Map<string, number>;
  /**
   * Every need resolved once, for all checks: need `j` of `all[i]` names `all[needTarget[needStart[i]
   * + j]]`, or no unit when that is -1.
   */
  needStart: Int32Array;
  needTarget: Int32Array;
  /**
   * Every need names a unit written before its own (or is unknown, or names itself): the needs
   * then form no cycle. True for most files, so the cycle search is skipped.
   */
  needsPointBack: boolean;
  volumes: Map<string, VolumeSpec>;
  /** Capacity as resolved; a check about a field that is unknown here does not run. */
  capacity: KnownCapacity;
  /** Where each known capacity field came from, so messages can say what to change. */
  capacitySources: Partial<Record<keyof Capacity, CapacitySource>>;
  /** What the file may ask of the host (checks/policy.ts). Default `'trusted'`: everything. */
  policy: Policy;
  /**
   * The batch file's folder (absolute), for the strict policy's bind check. Default: none — then
   * relative binds are judged against the folder itself and absolute binds count as outside it.
   */
  baseDir?: string;
  /** The variables `${{ env.NAME }}` may read under `strict` (ValidateOptions.passEnv). Default: none. */
  passEnv?: readonly string[];
  /**
   * The engine the caller chose (`--engine`, the action's `engine:`), over the file's
   * `capacity.engine`. Default: none (the file's choice stands; under `strict` it may not be `swarm`).
   */
  engine?: EngineName;
  /**
   * The nodes a run packs onto (several for a swarm), for the per-node fit check (checks/fit.ts
   * `checkNodeFit`). Default: none — one pool of `capacity`.
   */
  nodes?: readonly NodeCapacity[];
  /** The batch file's text; quick fixes that must read around a node are left out without it. */
  readonly source?: SourceText;
}

export function makeContext(
  file: BatchFile,
  options: Partial<Pick<CheckContext, 'capacity' | 'capacitySources' | 'policy' | 'baseDir' | 'passEnv' | 'engine' | 'nodes'>> & { text?: string } = {},
): CheckContext {
  const all = allUnits(file);
  const indexOf = new Map<string, number>();
  let needs = 0;
  for (let i = 0; i < all.length; i++) {
    const spec = all[i];
    if (!indexOf.has(spec.name)) indexOf.set(spec.name, i);
    needs += spec.needs.length;
  }
  const needStart = new Int32Array(all.length + 1);
  const needTarget = new Int32Array(needs);
  let needsPointBack = true;
  let k = 0;
  for (let i = 0; i < all.length; i++) {
    needStart[i] = k;
    const spec = all[i];
    for (const need of spec.needs) {
      const target = indexOf.get(need.name) ?? -1;
      needTarget[k++] = target;
      if (target > i && need.name !== spec.name) needsPointBack = false;
    }
  }
  needStart[all.length] = k;
  const volumes = new Map<string, VolumeSpec>();
  for (const volume of file.volumes) if (!volumes.has(volume.name)) volumes.set(volume.name, volume);
  const { text } = options;
  let source: SourceText | undefined;
  return {
    file,
    all,
    indexOf,
    needStart,
    needTarget,
    needsPointBack,
    volumes,
    capacity: options.capacity ?? { parallel: Infinity },
    capacitySources: options.capacitySources ?? {},
    policy: options.policy ?? 'trusted',
    baseDir: options.baseDir,
    ...(options.passEnv ? { passEnv: options.passEnv } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.nodes ? { nodes: options.nodes } : {}),
    // Line starts of the whole text, computed the first time a fix needs them (most files need none).
    get source() {
      return text === undefined ? undefined : (source ??= sourceText(text));
    },
  };
}

/** The unit named `name` (the first of that name), if any. */
export function unitNamed(ctx: CheckContext, name: string): UnitSpec | undefined {
  const i = ctx.indexOf.get(name);
  return i === undefined ? undefined : ctx.all[i];
}

/** Services, then tasks: the order of the graph, so every list derived from it is stable. */
export function allUnits(file: BatchFile): UnitSpec[] {
  return [...file.services, ...file.tasks];
}
