/**
 * The action's inputs, read and checked once, with the defaults action.yml documents.
 *
 * The runner passes each input as `INPUT_<NAME>` (upper case, spaces → `_`, dashes kept); the
 * toolkit's `getInput` reads them and trims. Reading goes through a function handed in, so tests
 * feed plain objects and the entry hands in `core.getInput`.
 */
import { GantryError } from '../core/diagnostics';
import type { Capacity, EngineName } from '../core/model';
import { parseShard, type ShardRef } from '../core/shard';
import { capacityFromValues, invalidInput, policyFromValue, type Spelling } from '../core/surface/capacity-flags';
import { engineFromValue } from '../core/surface/engines';

export type CommentMode = 'always' | 'on-failure' | 'never';
export type PolicyInput = 'auto' | 'strict' | 'trusted';

export interface ActionInputs {
  /** Batch file, relative to `workingDirectory`. Default: `gantry.yml`. */
  file: string;
  /** Task names or expansion ids to run with what they need. Default: empty = the whole batch. */
  only: string[];
  /**
   * The `cpus` (`2`, `1500m`), `memory` (`4Gi`) and `parallel` inputs, parsed with the batch file's
   * rules by the parser the CLI's flags go through; each overrides the file's. Default: `{}` = the
   * file's, else the engine's (`parallel`: else the engine-derived default).
   */
  capacity: Partial<Capacity>;
  /**
   * `engine`: `docker` or `swarm`, over the file's `capacity.engine` (core/surface/engines.ts); the
   * workflow's choice, which a file under `strict` cannot make for itself. Default: none (empty) =
   * the file's, else docker.
   */
  engine?: EngineName;
  /** Default: false. */
  failFast: boolean;
  /** Default: `always`. */
  comment: CommentMode;
  /** Default: the workflow's `github.token` (action.yml); empty means no comment can be written. */
  githubToken: string;
  /** Default: `auto`. */
  policy: PolicyInput;
  /**
   * `pass-env`: variables of the step's environment a `strict` file may read with
   * `${{ env.NAME }}` (a `trusted` file may read any). Default: none.
   */
  passEnv: string[];
  /** Default: `.` (the runner's working directory, i.e. the workspace). */
  workingDirectory: string;
  /** The sticky comment's key. Default: '' = the batch file's path (as the marker had it before). */
  commentKey: string;
  /** A report.json of the base branch's last run, to compare the makespan with. Default: none. */
  baseline?: string;
  /** `shard: 2/4`: run this runner's part of the batch (core/shard.ts). Default: all of it. */
  shard?: ShardRef;
  /** `run` (default) runs the batch; `publish` writes the comment and check run from uploaded reports (./publish.ts). */
  mode: 'run' | 'publish';
  /** `mode: publish`: a report.json, or a folder searched for them. Default: `.`. */
  path: string;
  /** `mode: publish`: how many shards the run had, for "shards done k/N". Default: the reports found. */
  shards?: number;
  /**
   * Restore `.gantry/history` and `.gantry/cache` beside the batch file from the Actions cache
   * before the run, and save them after it (./run-cache.ts). Default: true.
   */
  cache: boolean;
}

export type GetInput = (name: string) => string;

/** Throws a `GantryError` (`input-invalid`) naming the input and what it accepts. */
export function readInputs(getInput: GetInput): ActionInputs {
  const get = (name: string): string => getInput(name).trim();
  return {
    file: get('file') || 'gantry.yml',
    only: splitList(get('only')),
    capacity: capacityInput(get('cpus'), get('memory'), get('parallel')),
    engine: engineInput(get('engine')),
    failFast: booleanInput('fail-fast', get('fail-fast'), false),
    comment: oneOf('comment', get('comment'), ['always', 'on-failure', 'never'] as const, 'always'),
    githubToken: get('github-token'),
    policy: policyInput(get('policy')),
    passEnv: variableList('pass-env', get('pass-env')),
    workingDirectory: get('working-directory') || '.',
    commentKey: get('comment-key'),
    baseline: get('baseline') || undefined,
    shard: shardInput(get('shard')),
    mode: oneOf('mode', get('mode'), ['run', 'publish'] as const, 'run'),
    path: get('path') || '.',
    shards: shardsInput(get('shards')),
    cache: booleanInput('cache', get('cache'), true),
  };
}

/** Commas or new lines separate entries, so both `a, b` and a YAML block list work. */
/** Names of environment variables, separated by commas or new lines. */
function variableList(name: string, value: string): string[] {
  const names = splitList(value);
  const bad = names.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  if (bad !== undefined) {
    throw new GantryError('input-invalid', `Input "${name}": "${bad}" is not the name of an environment variable (letters, digits and "_", not starting with a digit).`);
  }
  return names;
}

function splitList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function shardInput(value: string): ShardRef | undefined {
  if (value === '') return undefined;
  const shard = parseShard(value);
  if (!shard) throw invalid('shard', value, '`INDEX/TOTAL` with 1 ≤ INDEX ≤ TOTAL ≤ 256, e.g. `2/4`');
  return shard;
}

function shardsInput(value: string): number | undefined {
  if (value === '') return undefined;
  const n = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 256)) throw invalid('shards', value, 'a whole number from 1 to 256');
  return n;
}

/** `cpus`, `memory`, `parallel`: an empty input is not given. */
function capacityInput(cpus: string, memory: string, parallel: string): Partial<Capacity> {
  const capacity = capacityFromValues({ cpus: cpus || undefined, memory: memory || undefined, parallel: parallel || undefined }, INPUT_SPELLING);
  if (capacity instanceof GantryError) throw capacity;
  return capacity;
}

/** `docker` or `swarm`; empty is not given (the file's, else docker). */
function engineInput(value: string): EngineName | undefined {
  const engine = engineFromValue(value, INPUT_SPELLING);
  if (engine instanceof GantryError) throw engine;
  return engine;
}

/** `auto` (the default), or a policy as the CLI's `--policy` takes it. */
function policyInput(value: string): PolicyInput {
  const policy = policyFromValue(value || undefined, INPUT_SPELLING, { extra: ['auto'] as const, fallback: 'auto' });
  if (policy instanceof GantryError) throw policy;
  return policy;
}

// The YAML 1.2 core schema's booleans, as @actions/core's getBooleanInput accepts them.
function booleanInput(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw invalid(name, value, '`true` or `false`');
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T): T {
  if (value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(name, value, allowed.map((a) => `\`${a}\``).join(', '));
}

/** How the action names an input in messages, and where to fix it. */
export const INPUT_SPELLING: Spelling = {
  subject: (input, value) => `Input "${input}" is "${value}"`,
  hint: (input) => `Fix the \`${input}:\` line under \`with:\` in the workflow.`,
};

function invalid(name: string, value: string, expected: string): GantryError {
  return invalidInput(name, value, expected, INPUT_SPELLING);
}
