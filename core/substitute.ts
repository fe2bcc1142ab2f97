/**
 * `${{ … }}` substitution. Two moments, because the values exist at two different times:
 *
 * - `${{ matrix.<key> }}` is known when the file is expanded (core/expand.ts), so a unit's `run`,
 *   `command`, `env`, `workdir` and `image` already carry their matrix values (`entrypoint` and
 *   `user` get theirs in `resolveAttempt`): core/fields.ts says which field is substituted when;
 * - `${{ needs.<task>.outputs.<key> }}` is known only when the attempt starts, after the needed
 *   tasks wrote their outputs; `resolveAttempt` fills them in for the executor.
 *
 * Each pass replaces only its own root and leaves every other expression exactly as written, so
 * matrix substitution keeps the `needs` expressions for later. Replacement is a single pass over
 * the text: a substituted value that itself contains `${{ … }}` is not expanded again (outputs
 * are data written by a task, never templates).
 *
 * Outputs of needed tasks (`Attempt.needsOutputs`) are keyed by unit id: a task without a matrix
 * by its name, each expansion of a matrix task by its own id (`test[shard=1]`). So
 * `${{ needs.test[shard=1].outputs.x }}` is that expansion's value, and `${{ needs.test.outputs.x }}`
 * on a matrix task is a JSON object of every expansion's value, keyed by id, in expansion order
 * (`null` for an expansion that did not write it): `{"test[shard=1]":"0","test[shard=2]":"1"}`.
 *
 * Validation rejects every reference that cannot resolve (unknown matrix key, task, output or
 * root), so a valid file never reaches these functions with one. Should one get here anyway, a
 * reference under a known root (`matrix.nope`, `needs.x.outputs.nope`) becomes the empty string,
 * like an unset shell variable; an expression with another root is left unchanged.
 */
import type { Attempt } from './executor';
import { parseExpressionPath, type ParsedExpressionPath } from './expressions';
import { RESOLVED_FIELDS } from './fields';

/** `${{`, optional blanks, the dotted path, optional blanks, `}}`. */
const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

/**
 * Replaces each expression for which `resolve` returns a string; `undefined` keeps it as written.
 * Text without `${{` is returned as is, without scanning (the common case).
 */
function replaceExpressions(text: string, resolve: (parsed: ParsedExpressionPath) => string | undefined): string {
  if (!text.includes('${{')) return text;
  return text.replace(EXPRESSION, (whole, inner: string) => {
    const parsed = parseExpressionPath(inner);
    return (parsed && resolve(parsed)) ?? whole;
  });
}

/** Replaces `${{ matrix.<key> }}` with this expansion's value (empty string for an unknown key). */
export function substituteMatrix(text: string, matrix: Readonly<Record<string, string>>): string {
  return replaceExpressions(text, ({ path }) =>
    path[0] === 'matrix' ? (path.length === 2 && Object.hasOwn(matrix, path[1]) ? matrix[path[1]] : '') : undefined,
  );
}

/**
 * `${{ matrix.<key> }}` and `${{ env.<NAME> }}` (a variable of the caller's environment, empty when
 * unset) in one pass: a value inserted for one is never read as the other. For env values, whose
 * `${{ env.… }}` the surfaces fill in once the caller's environment is known (core/caller-env.ts).
 */
export function substituteMatrixAndEnv(text: string, matrix: Readonly<Record<string, string>>, env: Readonly<Record<string, string | undefined>>): string {
  return replaceExpressions(text, ({ path }) => {
    if (path[0] === 'matrix') return path.length === 2 && Object.hasOwn(matrix, path[1]) ? matrix[path[1]] : '';
    if (path[0] === 'env') return path.length === 2 && Object.hasOwn(env, path[1]) ? (env[path[1]] ?? '') : '';
    return undefined;
  });
}

type NeedsOutputs = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * Replaces `${{ needs.<task>.outputs.<key> }}` with the output the needed task wrote, and
 * `${{ needs.<task>[<selector>].outputs.<key> }}` with one expansion's (see above for a matrix
 * task without a selector). Empty string when the task, expansion or key is unknown, or the task
 * did not write that output.
 */
export function substituteNeeds(text: string, needsOutputs: NeedsOutputs): string {
  return replaceExpressions(text, ({ path, expansion }) => {
    if (path[0] !== 'needs') return undefined;
    if (path.length !== 4 || path[2] !== 'outputs') return '';
    const [, task, , name] = path;
    const id = expansion ? `${task}[${expansion.selector}]` : task;
    const outputs = Object.hasOwn(needsOutputs, id) ? needsOutputs[id] : undefined;
    if (outputs) return Object.hasOwn(outputs, name) ? outputs[name] : '';
    if (expansion) return '';
    const all = expansionsOf(needsOutputs, task);
    return all.length === 0 ? '' : expansionsJson(all, name);
  });
}

/** The entries of `needsOutputs` that are expansions of `task` (`task[…]`), in their order. */
function expansionsOf(needsOutputs: NeedsOutputs, task: string): Array<[string, Readonly<Record<string, string>>]> {
  const prefix = `${task}[`;
  const found: Array<[string, Readonly<Record<string, string>>]> = [];
  for (const id in needsOutputs) if (id.startsWith(prefix)) found.push([id, needsOutputs[id]]);
  return found;
}

/** `{"test[shard=1]":"0","test[shard=2]":null}`: output `name` of each expansion, null where not written. */
function expansionsJson(expansions: ReadonlyArray<[string, Readonly<Record<string, string>>]>, name: string): string {
  const object: Record<string, string | null> = {};
  for (const [id, outputs] of expansions) object[id] = Object.hasOwn(outputs, name) ? outputs[name] : null;
  return JSON.stringify(object);
}

/** What an executor needs to start one attempt, with every expression resolved. */
export interface ResolvedAttempt {
  /** The container's argv: `command` as given, or `['sh', '-c', run]`; undefined = the image's default. */
  command?: string[];
  /** Overrides the image's entrypoint; undefined = the image's own. */
  entrypoint?: string[];
  /**
   * The unit's environment (defaults merged by the parser) over `gantryEnv`'s variables. The
   * executor adds `GANTRY_OUTPUT`.
   */
  env: Record<string, string>;
  /** Working directory in the container; undefined = the image's own. */
  workdir?: string;
  /** `user` (`uid[:gid]` or a name); undefined = the image's own. */
  user?: string;
}

/**
 * Resolves an attempt's command, entrypoint, env, workdir and user — each field core/fields.ts
 * gives a `resolve` — for the executor, which reads nothing else of the unit that may hold `${{ }}`:
 * matrix values were substituted at expansion (or are here, for `entrypoint` and `user`), the
 * outputs of needed tasks (`attempt.needsOutputs`) are substituted here. The image is
 * `attempt.unit.image` (matrix values substituted; it cannot use `needs` outputs because it is
 * chosen before the needed tasks finish — validation says so).
 */
export function resolveAttempt(attempt: Attempt): ResolvedAttempt {
  const { unit, needsOutputs } = attempt;
  const fill = (text: string): string => substituteNeeds(substituteMatrix(text, unit.matrix), needsOutputs);
  const resolved: ResolvedAttempt = { env: gantryEnv(attempt) };
  for (const field of RESOLVED_FIELDS) field.resolve!(unit, fill, resolved);
  return resolved;
}

/**
 * Every matrix value and every output of a needed task, also as an environment variable, so a
 * command can quote it (`"$GANTRY_MATRIX_SHARD"`) instead of pasting it into shell code:
 * `GANTRY_MATRIX_<KEY>` and `GANTRY_NEEDS_<TASK>_<OUTPUT>`, upper-cased, every run of other
 * characters than letters and digits made one `_`. For a matrix task, `GANTRY_NEEDS_<TASK>_<OUTPUT>`
 * is the JSON object of `${{ needs.TASK.outputs.OUTPUT }}` (for each output some expansion wrote) and
 * each expansion has its own, `GANTRY_NEEDS_<ID>_<OUTPUT>` (`test[shard=1]`'s `failed` →
 * `GANTRY_NEEDS_TEST_SHARD_1_FAILED`). Two different values that would get one name (`a-b`'s
 * `c` and `a`'s `b-c`, or matrix values `1.0` and `1-0`) get neither: no value silently replaces
 * another. A variable the unit sets itself wins.
 */
export function gantryEnv(attempt: Pick<Attempt, 'unit' | 'needsOutputs'>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(attempt.unit.matrix)) env[envName('GANTRY_MATRIX', key)] = value;
  const needs = attempt.needsOutputs;
  const made = new Map<string, string>();
  const clashed = new Set<string>();
  const put = (name: string, value: string) => {
    if (clashed.has(name)) return;
    const before = made.get(name);
    if (before === undefined || before === value) made.set(name, value);
    else {
      made.delete(name);
      clashed.add(name);
    }
  };
  // Output names of each matrix task, for its JSON variables.
  const matrixTasks = new Map<string, Set<string>>();
  for (const id in needs) {
    const outputs = needs[id];
    const bracket = id.indexOf('[');
    if (bracket > 0) {
      const task = id.slice(0, bracket);
      let names = matrixTasks.get(task);
      if (!names) matrixTasks.set(task, (names = new Set()));
      for (const name in outputs) names.add(name);
    }
    // `test[shard=1]` → `TEST_SHARD_1`: the brackets are not a `_` of their own.
    const part = bracket > 0 ? `${id.slice(0, bracket)}_${envName(id.slice(bracket + 1, -1)).replace(/^_+|_+$/g, '')}` : id;
    for (const name in outputs) put(envName('GANTRY_NEEDS', part, name), outputs[name]);
  }
  for (const [task, names] of matrixTasks) {
    const all = expansionsOf(needs, task);
    for (const name of names) put(envName('GANTRY_NEEDS', task, name), expansionsJson(all, name));
  }
  for (const [name, value] of made) env[name] = value;
  return env;
}

/** `envName('GANTRY_NEEDS', 'build-x', 'version')` → `GANTRY_NEEDS_BUILD_X_VERSION`. */
export function envName(...parts: string[]): string {
  return parts.map((p) => p.toUpperCase().replace(/[^A-Z0-9]+/g, '_')).join('_');
}
