/**
 * Which engine a run goes to, and the one place that turns an engine's name into a `Backend`
 * (core/backend.ts). Part of the surfaces' shared layer (see `load-file.ts`): `gantry run`,
 * `gantry plan` and `gantry cleanup` (`--engine`), the action's main and post steps (`engine:`,
 * then the state the main step saves) all choose here, by the same rule and with the same message
 * for a wrong name.
 *
 * The backends are imported on demand (`import()`), never at the top: the Docker client costs
 * `validate` and `plan` ~0.2 s of start-up, and the CLI's bundle keeps each backend in a chunk of
 * its own (esbuild.mjs) that only a command which talks to an engine loads.
 */
import type { Backend } from '../backend';
import { GantryError } from '../diagnostics';
import { ENGINES, isEngineName, type EngineName } from '../model';
import { suggest } from '../suggest';
import { invalidInput, type Spelling } from './capacity-flags';

/** Where the engine of a run came from: the caller (`--engine`, the action's input), the batch file, or neither. */
export type EngineSource = 'flag' | 'file' | 'default';

export interface EngineChoice {
  name: EngineName;
  source: EngineSource;
}

/** The engine when neither the caller nor the file names one. */
export const DEFAULT_ENGINE: EngineName = 'docker';

/**
 * The engine a run goes to: the caller's (`--engine`, the action's `engine:`), else the file's
 * `capacity.engine`, else `docker`. Under `strict` the file's `swarm` never gets this far without
 * the caller's choice: validation refuses it (`policy-engine-swarm`, core/checks/policy.ts).
 */
export function engineChoice(flag: EngineName | undefined, file: EngineName | undefined): EngineChoice {
  if (flag !== undefined) return { name: flag, source: 'flag' };
  if (file !== undefined) return { name: file, source: 'file' };
  return { name: DEFAULT_ENGINE, source: 'default' };
}

/**
 * An engine's name as typed (`--engine swarm`, `engine: swarm` under the action's `with:`):
 * undefined (or empty: an action input left out) is not given; a wrong one is a `GantryError`
 * (`input-invalid`) saying what is accepted, with a did-you-mean when one is close.
 */
export function engineFromValue(value: string | undefined, spelling: Spelling): EngineName | undefined | GantryError {
  if (value === undefined || value === '') return undefined;
  if (isEngineName(value)) return value;
  const guess = suggest(value, ENGINES);
  // The value as typed, cut short: the message goes on one line.
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return invalidInput('engine', shown, `${ENGINES.join(' or ')}${guess ? ` (did you mean ${guess}?)` : ''}`, spelling);
}

/** The backend of `name`, its module loaded on first use. Connecting is the caller's (and fails there, coded `engine-*`). */
export async function loadBackend(name: EngineName): Promise<Backend> {
  if (name === 'swarm') {
    const { swarmBackend } = await import('../backends/swarm');
    return swarmBackend();
  }
  const { dockerBackend } = await import('../backends/docker');
  return dockerBackend();
}
