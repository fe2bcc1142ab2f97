/**
 * The action's inputs, read and checked once, with the defaults action.yml documents.
 *
 * The runner passes each input as `INPUT_<NAME>` (upper case, spaces → `_`, dashes kept); the
 * toolkit's `getInput` reads them and trims. Reading goes through a function handed in, so tests
 * feed plain objects and the entry hands in `core.getInput`.
 */
import { GantryError } from '../core/diagnostics';
import { parseShard, type ShardRef } from '../core/shard';

export type CommentMode = 'always' | 'on-failure' | 'never';
export type PolicyInput = 'auto' | 'strict' | 'trusted';

export interface ActionInputs {
  /** Batch file, relative to `workingDirectory`. Default: `gantry.yml`. */
  file: string;
  /** Task names or expansion ids to run with what they need. Default: empty = the whole batch. */
  only: string[];
  /** Containers at once. Default: undefined = the file's, else the engine-derived default. */
  parallel?: number;
  /** CPUs as written (`2`, `1500m`); parsed with the batch file's rules. Default: undefined. */
  cpus?: string;
  /** Memory as written (`4Gi`); parsed with the batch file's rules. Default: undefined. */
  memory?: string;
  /** Default: false. */
  failFast: boolean;
  /** Default: `always`. */
  comment: CommentMode;
  /** Default: the workflow's `github.token` (action.yml); empty means no comment can be written. */
  githubToken: string;
  /** Default: `auto`. */
  policy: PolicyInput;
  /** Default: `.` (the runner's working directory, i.e. the workspace). */
  workingDirectory: string;
  /** The sticky comment's key. Default: '' = the batch file's path (as the marker had it before). */
  commentKey: string;
  /** A report.json of the base branch's last run, to compare the makespan with. Default: none. */
  baseline?: string;
  /** `shard: 2/4`: run this runner's part of the batch (core/shard.ts). Default: all of it. */
  shard?: ShardRef;
}

export type GetInput = (name: string) => string;

/** Throws a `GantryError` (`input-invalid`) naming the input and what it accepts. */
export function readInputs(getInput: GetInput): ActionInputs {
  const get = (name: string): string => getInput(name).trim();
  return {
    file: get('file') || 'gantry.yml',
    only: splitList(get('only')),
    parallel: optionalPositiveInteger('parallel', get('parallel')),
    cpus: get('cpus') || undefined,
    memory: get('memory') || undefined,
    failFast: booleanInput('fail-fast', get('fail-fast'), false),
    comment: oneOf('comment', get('comment'), ['always', 'on-failure', 'never'] as const, 'always'),
    githubToken: get('github-token'),
    policy: oneOf('policy', get('policy'), ['auto', 'strict', 'trusted'] as const, 'auto'),
    workingDirectory: get('working-directory') || '.',
    commentKey: get('comment-key'),
    baseline: get('baseline') || undefined,
    shard: shardInput(get('shard')),
  };
}

/** Commas or new lines separate entries, so both `a, b` and a YAML block list work. */
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

function optionalPositiveInteger(name: string, value: string): number | undefined {
  if (value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw invalid(name, value, 'a whole number of at least 1');
  }
  return Number(value);
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

function invalid(name: string, value: string, expected: string): GantryError {
  return new GantryError('input-invalid', `Input "${name}" is "${value}"; expected ${expected}.`, undefined, `Fix the \`${name}:\` line under \`with:\` in the workflow.`);
}
