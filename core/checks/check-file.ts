/** Every semantic check of a parsed batch file, in one call (validate.ts adds parsing and expansion). */
import { capacitySource, resolveCapacity } from '../capacity';
import type { NodeCapacity } from '../backend';
import type { Diagnostic } from '../diagnostics';
import type { BatchFile, Capacity, EngineName, Policy } from '../model';
import { checkCache } from './cache';
import { makeContext } from './context';
import { checkExpressions } from './expressions';
import { checkFit, checkNodeFit } from './fit';
import { checkMatrices, checkMatrixEstimates } from './matrix';
import { checkNeeds } from './needs';
import { checkPolicy } from './policy';
import { checkPorts } from './ports';
import { checkUsage } from './usage';

export interface CheckOptions {
  /** Default `'trusted'`: allow everything. */
  policy?: Policy;
  /** Capacity from flags; each field overrides the file's. Default: none. */
  capacity?: Partial<Capacity>;
  /** This machine's or engine's capacity, for fields neither flags nor file give. Default: none (those fit checks are skipped). */
  machine?: Partial<Capacity>;
  /** The batch file's folder, for the strict policy's bind check. Default: none (see checks/policy.ts). */
  baseDir?: string;
  /** The file's text, to offer quick fixes that remove list entries. Default: none (no such fixes). */
  text?: string;
  /** What `${{ env.NAME }}` may read under `strict` (see `ValidateOptions.passEnv`). Default: nothing. */
  passEnv?: readonly string[];
  /** The engine the caller chose (see `ValidateOptions.engine`). Default: none. */
  engine?: EngineName;
  /** The nodes a run packs onto (see `ValidateOptions.nodes`). Default: none. */
  nodes?: readonly NodeCapacity[];
}

/** Unsorted diagnostics of all semantic checks; see each check for its codes. */
export function checkFile(file: BatchFile, options: CheckOptions = {}): Diagnostic[] {
  const { capacity: flags, machine } = options;
  const capacity = resolveCapacity(flags, file.capacity, machine);
  const ctx = makeContext(file, {
    capacity,
    capacitySources: {
      cpus: capacitySource('cpus', flags, file.capacity, machine),
      memory: capacitySource('memory', flags, file.capacity, machine),
      parallel: capacitySource('parallel', flags, file.capacity, machine),
    },
    policy: options.policy,
    baseDir: options.baseDir,
    text: options.text,
    ...(options.passEnv ? { passEnv: options.passEnv } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.nodes ? { nodes: options.nodes } : {}),
  });
  const matrices = checkMatrices(file);
  return [
    ...checkNeeds(ctx),
    ...checkUsage(ctx),
    ...checkExpressions(ctx),
    ...matrices.diagnostics,
    ...checkMatrixEstimates(file, matrices.tooLarge),
    ...checkFit(ctx),
    ...checkNodeFit(ctx),
    ...checkPolicy(ctx),
    ...checkPorts(ctx),
    ...checkCache(ctx),
  ];
}
