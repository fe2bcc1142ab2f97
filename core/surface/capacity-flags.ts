/**
 * Capacity and policy as the user typed them: `--cpus 2 --memory 4Gi --parallel 8 --policy strict`
 * on the command line, `cpus: 2` … under the action's `with:`. One parser for both surfaces (part of
 * the surfaces' shared layer, see `load-file.ts`), with the batch file's own quantity rules, so a
 * value one surface accepts the other accepts too, and a wrong one gets the same message.
 */
import { GantryError } from '../diagnostics';
import type { Capacity, Policy } from '../model';
import { POLICIES } from '../policy';
import { CPUS_FORMS, MEMORY_FORMS, SMALLEST_MEMORY, dockerMemoryMeaning, parseCpus, parseMemory } from '../quantity';

/**
 * How a surface names an input it was given, for messages: `--cpus many` (CLI),
 * `Input "cpus" is "many"` (action); and, optionally, what to do about a wrong one.
 */
export interface Spelling {
  subject(input: string, value: string): string;
  /** One line telling the user where to fix it. Default: none. */
  hint?(input: string): string;
}

/** The raw values; undefined (or, for the action's empty inputs, absent) means not given. */
export interface CapacityValues {
  cpus?: string;
  memory?: string;
  parallel?: string;
}

/** What a wrong value must look like instead, per input. */
export const EXPECTED: Readonly<Record<keyof CapacityValues, string>> = {
  cpus: CPUS_FORMS,
  memory: MEMORY_FORMS,
  parallel: 'a whole number of at least 1',
};

/**
 * The capacity the user gave (only the fields given), or a `GantryError` (`input-invalid`)
 * saying `<subject>; expected <forms>.` for the first wrong value, checked in the order cpus,
 * memory, parallel. CPUs and memory follow the batch file's rules (above zero); `parallel` is a
 * whole number ≥ 1 that a JavaScript number holds exactly.
 */
export function capacityFromValues(values: CapacityValues, spelling: Spelling): Partial<Capacity> | GantryError {
  const capacity: Partial<Capacity> = {};
  if (values.cpus !== undefined) {
    const n = parseCpus(values.cpus);
    if (n === undefined || !(n > 0)) return invalidInput('cpus', values.cpus, EXPECTED.cpus, spelling);
    capacity.cpus = n;
  }
  if (values.memory !== undefined) {
    const n = parseMemory(values.memory);
    const meant = n === undefined ? dockerMemoryMeaning(values.memory) : undefined;
    if (meant !== undefined) return invalidInput('memory', values.memory, `"${meant}" (docker's "m" is Mi here)`, spelling);
    if (n === undefined || !(n > 0)) return invalidInput('memory', values.memory, EXPECTED.memory, spelling);
    // No machine runs a batch in a few bytes: a plain number that small lacks its unit.
    if (n < SMALLEST_MEMORY && /^\s*[\d.]+\s*$/.test(values.memory)) return invalidInput('memory', values.memory, `a unit: a plain number is bytes (e.g. ${values.memory.trim()}Gi)`, spelling);
    capacity.memory = n;
  }
  if (values.parallel !== undefined) {
    const text = values.parallel.trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) return invalidInput('parallel', values.parallel, EXPECTED.parallel, spelling);
    capacity.parallel = n;
  }
  return capacity;
}

/**
 * A policy as typed: one of `POLICIES`, or one of `extra` (the action's `auto`, which it resolves
 * per event); undefined gives `fallback`. Otherwise a `GantryError` (`input-invalid`).
 */
export function policyFromValue<E extends string = never>(
  value: string | undefined,
  spelling: Spelling,
  options: { extra?: readonly E[]; fallback?: Policy | E } = {},
): Policy | E | GantryError {
  const fallback = options.fallback ?? 'trusted';
  if (value === undefined) return fallback;
  const allowed: readonly string[] = [...(options.extra ?? []), ...POLICIES];
  if (allowed.includes(value)) return value as Policy | E;
  return invalidInput('policy', value, `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`, spelling);
}

/** The one message for a wrong value (`<subject>; expected <expected>.`), whichever surface it came through. */
export function invalidInput(input: string, value: string, expected: string, spelling: Spelling): GantryError {
  return new GantryError('input-invalid', `${spelling.subject(input, value)}; expected ${expected}.`, undefined, spelling.hint?.(input));
}
