/**
 * The fields of a task or service, one entry each: where the key is allowed, which `${{ }}` it
 * takes, when those are substituted, how its YAML value is read and how it reaches the executor.
 * This table drives
 *
 * - the parser's rules per key (core/parse.ts dispatches each key of a unit or of `defaults:` to
 *   its `read` rule, in core/fields-read.ts);
 * - the expressions check (core/checks/expressions.ts: which roots are allowed in which field);
 * - matrix substitution at expansion (core/expand.ts calls each field's `expand`);
 * - the attempt an executor starts (core/substitute.ts's `resolveAttempt` calls each field's
 *   `resolve`): executors read the resolved attempt, never a spec field that may hold `${{ }}`.
 *
 * The documentation of each key (type, default, description, example; schema, completion and
 * hover come from it) stays in core/keys.ts; test/fields.test.ts checks the two name the same
 * keys in the same places.
 *
 * Adding a key to tasks: its entry here (a plain string reads with `stringRule`; anything else
 * gets its rule in core/fields-read.ts), its documentation in core/keys.ts (then
 * `npx tsx schema/generate.ts` regenerates schema/ and the docs' tables), its place in `UnitSpec`
 * (core/model.ts, and `Unit` if it is substituted at expansion) and, if the container needs it,
 * in `ResolvedAttempt` (core/substitute.ts) and the executor that passes it to the engine.
 */
import { parseDuration } from './duration';
import { DEFAULT_ESTIMATE, type Unit, type UnitSpec } from './model';
import type { ResolvedAttempt } from './substitute';
import {
  readAllowFailure,
  readCapAdd,
  readCommand,
  readCpus,
  readEntrypoint,
  readEnv,
  readEstimate,
  readHealth,
  readIf,
  readImage,
  readMatrix,
  readMemory,
  readNeeds,
  readNetwork,
  readOutputs,
  readPrivileged,
  readRetries,
  readRun,
  readSecrets,
  readTimeout,
  readUser,
  readVolumes,
  readWorkdir,
  type FieldRule,
} from './fields-read';
import { readPorts } from './fields-ports';
import { readBuild } from './fields-build';
import { readCache } from './fields-cache';

/**
 * The `${{ }}` a field of a task takes: none, `${{ matrix.KEY }}` only, or also
 * `${{ needs.TASK.outputs.NAME }}`. Services take none in any field: they have no matrix and
 * start before task outputs exist.
 */
export type ExpressionRoots = 'none' | 'matrix' | 'matrix+needs';

/** `substituteMatrix` (core/substitute.ts), passed in so that this table imports no code from it. */
export type MatrixSubstitution = (text: string, matrix: Readonly<Record<string, string>>) => string;

export interface UnitField {
  /** The key as written, e.g. `cap-add`. */
  key: string;
  /** The units that may have it. */
  units: readonly ('task' | 'service')[];
  /** Whether `defaults:` may set it for every unit that does not set its own (default false). */
  defaults?: boolean;
  /** The `${{ }}` it takes in a task. */
  expressions: ExpressionRoots;
  /** For a field taking `matrix` only: why `needs` outputs are refused, and what to do instead. */
  needsRefused?: string;
  /**
   * When `${{ matrix.… }}` is substituted: at `expansion` (the Unit carries the value, see
   * `expand`) or when the `attempt` starts (`resolve` reads the spec). `${{ needs.… }}` is always
   * substituted when the attempt starts. Undefined for a field without expressions.
   */
  substituted?: 'expansion' | 'attempt';
  /** Reads the value from YAML into the spec (or into `defaults:`). */
  read: FieldRule;
  /** At expansion: the unit's copy of the field, its matrix values substituted. */
  expand?: (spec: UnitSpec, matrix: Readonly<Record<string, string>>, unit: Unit, substitute: MatrixSubstitution) => void;
  /**
   * When the attempt starts: puts the field, every expression resolved by `fill`, into what the
   * executor reads. Undefined for a field the executor reads from the unit or spec as it is (no
   * expressions, or, as `image`, all of them substituted at expansion).
   */
  resolve?: (unit: Unit, fill: (text: string) => string, out: ResolvedAttempt) => void;
}

const BOTH = ['task', 'service'] as const;
const TASK = ['task'] as const;
const SERVICE = ['service'] as const;

/** Every field of a task or service, in the catalogue's order (core/keys.ts). */
export const UNIT_FIELDS: readonly UnitField[] = [
  {
    key: 'image',
    units: BOTH,
    defaults: true,
    expressions: 'matrix',
    needsRefused: 'the image is chosen before the needed tasks finish. Use it in run, command or env instead.',
    substituted: 'expansion',
    read: readImage,
    // Lands in `unit.image`, which the executor pulls before the attempt starts.
    expand: (spec, matrix, unit, substitute) => {
      unit.image = substitute(spec.image, matrix);
    },
  },
  // Read into `spec.build`; core/build-units.ts makes one build unit per distinct build.
  { key: 'build', units: BOTH, expressions: 'none', read: readBuild },
  {
    key: 'run',
    units: BOTH,
    expressions: 'matrix+needs',
    substituted: 'expansion',
    read: readRun,
    expand: (spec, matrix, unit, substitute) => {
      if (spec.run !== undefined) unit.run = substitute(spec.run, matrix);
    },
    resolve: (unit, fill, out) => {
      if (!unit.command && unit.run !== undefined) out.command = ['sh', '-c', fill(unit.run)];
    },
  },
  {
    key: 'command',
    units: BOTH,
    expressions: 'matrix+needs',
    substituted: 'expansion',
    read: readCommand,
    expand: (spec, matrix, unit, substitute) => {
      if (!spec.command) return;
      const command: string[] = [];
      for (const arg of spec.command) command.push(substitute(arg, matrix));
      unit.command = command;
    },
    resolve: (unit, fill, out) => {
      if (unit.command) out.command = unit.command.map(fill);
    },
  },
  {
    key: 'entrypoint',
    units: BOTH,
    expressions: 'matrix+needs',
    substituted: 'attempt',
    read: readEntrypoint,
    resolve: (unit, fill, out) => {
      if (unit.spec.entrypoint) out.entrypoint = unit.spec.entrypoint.map(fill);
    },
  },
  {
    key: 'env',
    units: BOTH,
    defaults: true,
    expressions: 'matrix+needs',
    substituted: 'expansion',
    read: readEnv,
    expand: (spec, matrix, unit, substitute) => {
      // Without a matrix nothing is substituted: the unit shares the spec's (frozen) env.
      if (spec.matrix.length === 0) return;
      const env: Record<string, string> = {};
      for (const key in spec.env) env[key] = substitute(spec.env[key], matrix);
      unit.env = env;
    },
    resolve: (unit, fill, out) => {
      for (const key in unit.env) out.env[key] = fill(unit.env[key]);
    },
  },
  {
    key: 'workdir',
    units: BOTH,
    defaults: true,
    expressions: 'matrix+needs',
    substituted: 'expansion',
    read: readWorkdir,
    expand: (spec, matrix, unit, substitute) => {
      if (spec.workdir !== undefined) unit.workdir = substitute(spec.workdir, matrix);
    },
    resolve: (unit, fill, out) => {
      if (unit.workdir !== undefined) out.workdir = fill(unit.workdir);
    },
  },
  {
    key: 'user',
    units: BOTH,
    defaults: true,
    expressions: 'matrix+needs',
    substituted: 'attempt',
    read: readUser,
    resolve: (unit, fill, out) => {
      if (unit.spec.user !== undefined) out.user = fill(unit.spec.user);
    },
  },
  { key: 'cpus', units: BOTH, defaults: true, expressions: 'none', read: readCpus },
  { key: 'memory', units: BOTH, defaults: true, expressions: 'none', read: readMemory },
  { key: 'volumes', units: BOTH, expressions: 'none', read: readVolumes },
  { key: 'privileged', units: BOTH, expressions: 'none', read: readPrivileged },
  { key: 'network', units: BOTH, expressions: 'none', read: readNetwork },
  { key: 'cap-add', units: BOTH, expressions: 'none', read: readCapAdd },
  // The values come from the caller's environment, not the file: the executor gets them apart
  // from the resolved attempt (core/secrets.ts), so they never pass through `${{ }}` or reports.
  { key: 'secrets', units: BOTH, expressions: 'none', read: readSecrets },
  { key: 'health', units: SERVICE, expressions: 'none', read: readHealth },
  { key: 'ports', units: SERVICE, expressions: 'none', read: readPorts },
  { key: 'needs', units: TASK, expressions: 'none', read: readNeeds },
  { key: 'matrix', units: TASK, expressions: 'none', read: readMatrix },
  {
    key: 'estimate',
    units: TASK,
    expressions: 'matrix',
    needsRefused: 'the estimate plans the run before any task finishes. Use a matrix value, e.g. "${{ matrix.weight }}s".',
    substituted: 'expansion',
    read: readEstimate,
    // Each expansion its own estimate; a value that is not a duration is checks/matrix.ts's error.
    expand: (spec, matrix, unit, substitute) => {
      if (spec.estimateText !== undefined) unit.estimate = parseDuration(substitute(spec.estimateText, matrix)) ?? DEFAULT_ESTIMATE;
    },
  },
  { key: 'timeout', units: TASK, defaults: true, expressions: 'none', read: readTimeout },
  { key: 'retries', units: TASK, defaults: true, expressions: 'none', read: readRetries },
  { key: 'if', units: TASK, expressions: 'none', read: readIf },
  { key: 'allow-failure', units: TASK, expressions: 'none', read: readAllowFailure },
  { key: 'outputs', units: TASK, expressions: 'none', read: readOutputs },
  // Read by the run (core/run/cache-run.ts), never by the container.
  { key: 'cache', units: TASK, expressions: 'none', read: readCache },
];

const BY_KEY: ReadonlyMap<string, UnitField> = new Map(UNIT_FIELDS.map((f) => [f.key, f]));

/** The field `key` of a task or service, if there is one. */
export function unitField(key: string): UnitField | undefined {
  return BY_KEY.get(key);
}

/** The fields whose matrix values are substituted at expansion, for core/expand.ts. */
export const EXPANDED_FIELDS: readonly UnitField[] = UNIT_FIELDS.filter((f) => f.expand);

/** The fields put into the resolved attempt, for `resolveAttempt`. */
export const RESOLVED_FIELDS: readonly UnitField[] = UNIT_FIELDS.filter((f) => f.resolve);

/** The keys that take expressions, for messages: `image, run, …, workdir and user`. */
export const EXPRESSION_FIELD_LIST: string = (() => {
  const keys = UNIT_FIELDS.filter((f) => f.expressions !== 'none').map((f) => f.key);
  return keys.length > 1 ? `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}` : keys.join('');
})();

/** The top-level key of an expression's field: `env.SHARD` → `env`, `command[1]` → `command`. */
export function fieldKey(field: string): string {
  return /^[a-z-]+/.exec(field)?.[0] ?? field;
}
