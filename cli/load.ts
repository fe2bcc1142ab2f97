/**
 * Reading a batch file for a CLI command: every command that takes a FILE goes through here, so
 * they all refuse the same bad inputs with the same one-line errors and print diagnostics the
 * same way (`FILE:LINE:COL: error|warning: message [code]`, on stderr). The reading, checking and
 * classifying are the surfaces' shared layer (`core/surface/`), the same as the action's; this file
 * only prints.
 */
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { formatDiagnostic, GantryError } from '../core/diagnostics';
import type { Capacity, EngineName, Policy } from '../core/model';
import { capacityFromValues, policyFromValue, type CapacityValues, type Spelling } from '../core/surface/capacity-flags';
import { classifyLoad } from '../core/surface/classify';
import { engineFromValue } from '../core/surface/engines';
import { loadBatchFile as loadFile, type LoadedValidation as SharedValidation } from '../core/surface/load-file';
import type { CallerEnv } from '../core/secrets';
import type { CliIo } from './io';
import { EXIT } from './io';

export interface LoadOptions {
  /** Default `'trusted'`. */
  policy?: Policy;
  /** Capacity from flags; overrides the file's per field. Default: none. */
  capacity?: Partial<Capacity>;
  /** This machine's figures. Default: `machineCapacity()`. */
  machine?: Partial<Capacity>;
  /**
   * The environment secrets and `${{ env.NAME }}` read (`gantry run`), over the file's `env-file:`:
   * a listed secret or a variable they lack is an error, and the graph gets the variables' values.
   * Default: not checked.
   */
  callerEnv?: CallerEnv;
  /** `--pass-env`: what `${{ env.NAME }}` may read under `strict`. Default: nothing. */
  passEnv?: readonly string[];
  /**
   * `--engine`: the engine the user chose, over the file's `capacity.engine` (under `strict` the
   * file alone may not choose the swarm). Default: none.
   */
  engine?: EngineName;
}

/** A file that validated without errors: the graph and the capacity are there. */
export type LoadedValidation = SharedValidation & { capacity: Capacity };

export type Loaded =
  | {
      ok: true;
      path: string;
      text: string;
      validation: LoadedValidation;
      /** With `callerEnv`: it over the variables of the file's `env-file:`, for the run's secrets. */
      callerEnv?: CallerEnv;
    }
  | { ok: false; code: number };

/** CPUs and memory of this machine: what a run packs against when neither flags nor file say. */
export function machineCapacity(): Pick<Capacity, 'cpus' | 'memory'> {
  return { cpus: availableParallelism(), memory: totalmem() };
}

/**
 * Reads `file` (relative to `io.cwd`), validates it and prints its diagnostics to stderr, with
 * `file` as written by the user; a file refused unread gets one line, `FILE: error: message [code]`.
 * `ok: false` (exit code 2) when the file cannot be read or has errors; warnings alone do not stop it.
 */
export function loadBatchFile(file: string, io: CliIo, options: LoadOptions = {}): Loaded {
  const loaded = loadFile(resolve(io.cwd, file), {
    policy: options.policy ?? 'trusted',
    capacity: options.capacity,
    machine: options.machine ?? machineCapacity(),
    ...(options.callerEnv ? { callerEnv: options.callerEnv } : {}),
    ...(options.passEnv ? { passEnv: options.passEnv } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
  });
  if (!loaded.ok && loaded.refusal) {
    io.stderr.write(`${file}: error: ${loaded.refusal.message} [${loaded.refusal.code}]\n`);
  } else {
    for (const d of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(file, d)}\n`);
  }
  if (!loaded.ok) return { ok: false, code: classifyLoad(file, loaded).exitCode };
  // With this machine's figures at hand, a file without errors always has its capacity.
  const validation = loaded.validation;
  if (!validation.capacity) return { ok: false, code: EXIT.invalid };
  return { ok: true, path: loaded.path, text: loaded.text, validation: validation as LoadedValidation, ...(loaded.callerEnv ? { callerEnv: loaded.callerEnv } : {}) };
}

/** How the CLI names a value in messages: the flag and the value as typed (`--cpus many`). */
export const FLAG_SPELLING: Spelling = { subject: (input, value) => `--${input} ${value}` };

/**
 * `--cpus`, `--memory`, `--parallel` as given on the command line, or a one-line message saying
 * which is wrong and what is expected (`core/surface/capacity-flags.ts`, as for the action's inputs).
 */
export function capacityFromFlags(values: CapacityValues): Partial<Capacity> | string {
  const capacity = capacityFromValues(values, FLAG_SPELLING);
  return capacity instanceof GantryError ? capacity.message : capacity;
}

/**
 * `--engine` value (`docker` or `swarm`), undefined when not given, or a one-line message naming
 * what is accepted (`core/surface/engines.ts`, as for the action's `engine:` input).
 */
export function engineFromFlag(value: string | undefined): EngineName | undefined | string {
  // `--engine=` is not "not given": the user meant to choose.
  if (value === '') return '--engine needs a value; expected docker or swarm.';
  const engine = engineFromValue(value, FLAG_SPELLING);
  return engine instanceof GantryError ? engine.message : engine;
}

/** `--policy` value, or a message. Default `trusted`. */
export function policyFromFlag(value: string | undefined): Policy | string {
  const policy = policyFromValue(value, FLAG_SPELLING);
  return policy instanceof GantryError ? policy.message : policy;
}
