/**
 * Which capacity a run packs against. Each field is resolved on its own, so `--cpus 4` on the
 * command line can combine with `memory:` from the file and this machine's `parallel` slots.
 */
import type { Capacity } from './model';

/** Where a resolved capacity figure came from, so messages can say what to change. */
export type CapacitySource = 'flag' | 'file' | 'machine';

/** A capacity in which `cpus` and `memory` may still be unknown (no flag, no file, no machine). */
export type KnownCapacity = Partial<Pick<Capacity, 'cpus' | 'memory'>> & Pick<Capacity, 'parallel'>;

/**
 * Resolves each field as flags > file > machine.
 *
 * - `cpus`, `memory`: the first of flags, file, machine that gives one; unknown (undefined) when
 *   none does. With `machine` given, the result is always complete.
 * - `parallel`: likewise flags > file > machine, and `Infinity` (unlimited: only cpus and memory
 *   limit how many containers run at once) when none gives one. Deliberately no per-CPU guess:
 *   tasks ask for 1 cpu unless they say otherwise, so cpus already bound the count, and a file
 *   that asks for `cpus: 0.1` per task means to run ten per CPU. `gantry run --help`, the
 *   action's input and docs/batch-file.md say the same (issue 12).
 */
export function resolveCapacity(flags: Partial<Capacity> | undefined, file: Partial<Capacity> | undefined, machine: Capacity): Capacity;
export function resolveCapacity(
  flags?: Partial<Capacity>,
  file?: Partial<Capacity>,
  machine?: Partial<Capacity>,
): KnownCapacity;
export function resolveCapacity(
  flags?: Partial<Capacity>,
  file?: Partial<Capacity>,
  machine?: Partial<Capacity>,
): KnownCapacity {
  const pick = (key: keyof Capacity): number | undefined => flags?.[key] ?? file?.[key] ?? machine?.[key];
  const resolved: KnownCapacity = { parallel: pick('parallel') ?? Infinity };
  const cpus = pick('cpus');
  const memory = pick('memory');
  if (cpus !== undefined) resolved.cpus = cpus;
  if (memory !== undefined) resolved.memory = memory;
  return resolved;
}

/** Where `resolveCapacity` took `key` from; undefined when nothing gave it. */
export function capacitySource(
  key: keyof Capacity,
  flags?: Partial<Capacity>,
  file?: Partial<Capacity>,
  machine?: Partial<Capacity>,
): CapacitySource | undefined {
  if (flags?.[key] !== undefined) return 'flag';
  if (file?.[key] !== undefined) return 'file';
  if (machine?.[key] !== undefined) return 'machine';
  return undefined;
}

/** True when both `cpus` and `memory` are known. */
export function isCompleteCapacity(capacity: KnownCapacity): capacity is Capacity {
  return capacity.cpus !== undefined && capacity.memory !== undefined;
}
