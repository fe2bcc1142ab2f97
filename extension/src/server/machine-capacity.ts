/**
 * This machine's figures, for planning when the batch file names no capacity — what `gantry
 * plan` does without flags on a machine where the engine is not asked.
 */
import os from 'node:os';
import type { Capacity } from '../../../core/model';

export function machineCapacity(): Partial<Capacity> {
  return { cpus: os.availableParallelism?.() ?? os.cpus().length, memory: os.totalmem() };
}
