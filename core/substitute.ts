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
 * Validation rejects every reference that cannot resolve (unknown matrix key, task, output or
 * root), so a valid file never reaches these functions with one. Should one get here anyway, a
 * reference under a known root (`matrix.nope`, `needs.x.outputs.nope`) becomes the empty string,
 * like an unset shell variable; an expression with another root is left unchanged.
 */
import type { Attempt } from './executor';
import { RESOLVED_FIELDS } from './fields';

/** `${{`, optional blanks, the dotted path, optional blanks, `}}`. */
const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

/**
 * Replaces each expression for which `resolve` returns a string; `undefined` keeps it as written.
 * Text without `${{` is returned as is, without scanning (the common case).
 */
function replaceExpressions(text: string, resolve: (path: string[]) => string | undefined): string {
  if (!text.includes('${{')) return text;
  return text.replace(EXPRESSION, (whole, inner: string) => resolve(inner.split('.').map((s) => s.trim())) ?? whole);
}

/** Replaces `${{ matrix.<key> }}` with this expansion's value (empty string for an unknown key). */
export function substituteMatrix(text: string, matrix: Readonly<Record<string, string>>): string {
  return replaceExpressions(text, (path) =>
    path[0] === 'matrix' ? (path.length === 2 && Object.hasOwn(matrix, path[1]) ? matrix[path[1]] : '') : undefined,
  );
}

/**
 * Replaces `${{ needs.<task>.outputs.<key> }}` with the output the needed task wrote (empty string
 * when the task or key is unknown, or the task did not write that output).
 */
export function substituteNeeds(
  text: string,
  needsOutputs: Readonly<Record<string, Readonly<Record<string, string>>>>,
): string {
  return replaceExpressions(text, (path) => {
    if (path[0] !== 'needs') return undefined;
    if (path.length !== 4 || path[2] !== 'outputs') return '';
    const outputs = Object.hasOwn(needsOutputs, path[1]) ? needsOutputs[path[1]] : undefined;
    return outputs && Object.hasOwn(outputs, path[3]) ? outputs[path[3]] : '';
  });
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
 * characters than letters and digits made one `_`. A variable the unit sets itself wins.
 */
export function gantryEnv(attempt: Pick<Attempt, 'unit' | 'needsOutputs'>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(attempt.unit.matrix)) env[envName('GANTRY_MATRIX', key)] = value;
  const needs = attempt.needsOutputs;
  for (const task in needs) {
    const outputs = needs[task];
    for (const name in outputs) env[envName('GANTRY_NEEDS', task, name)] = outputs[name];
  }
  return env;
}

/** `envName('GANTRY_NEEDS', 'build-x', 'version')` → `GANTRY_NEEDS_BUILD_X_VERSION`. */
export function envName(...parts: string[]): string {
  return parts.map((p) => p.toUpperCase().replace(/[^A-Z0-9]+/g, '_')).join('_');
}
