/**
 * `${{ … }}` references. Two forms exist:
 *
 * - `${{ matrix.KEY }}`: KEY is an axis of this task's matrix;
 * - `${{ needs.TASK.outputs.NAME }}`: TASK is a task in this task's `needs` (its outputs exist by
 *   the time this one starts) and declares NAME in `outputs`.
 *
 * Which field takes which is core/fields.ts's table (`expressions`): `image` takes matrix values
 * only (the image is chosen before needed tasks finish); `run`, `command`, `entrypoint`, `env`,
 * `workdir` and `user` of tasks take both; services take matrix-free values and start before task
 * outputs exist, so they can use neither. Anything else is an error at the
 * exact segment that is wrong, with a did-you-mean where one is close. Malformed expressions are
 * the parser's (`invalid-expression`, `unclosed-expression`) and are not in `spec.expressions`.
 */
import type { Diagnostic, Range } from '../diagnostics';
import { EXPRESSION_FIELD_LIST, fieldKey, unitField } from '../fields';
import type { Expression, UnitSpec } from '../model';
import { suggest } from '../suggest';
import { expansionIds } from '../expand';
import { unitNamed, type CheckContext } from './context';
import { DescribeUnit } from './ranges';

export function checkExpressions(ctx: CheckContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // An expression under `defaults:` is inherited by every unit: report each problem once, for
  // the first unit it concerns, not once per task at the same place.
  const reported = new Set<string>();
  for (const spec of ctx.all) {
    if (spec.expressions.length === 0) continue;
    const needed = new Set(spec.needs.map((n) => n.name));
    for (const expr of spec.expressions) {
      const problem = checkOne(ctx, spec, needed, expr);
      if (!problem) continue;
      const { start, end } = problem.range;
      const key = `${problem.code} ${start.line}:${start.character}-${end.line}:${end.character}`;
      if (reported.has(key)) continue;
      reported.add(key);
      diagnostics.push({ severity: 'error', ...problem });
    }
  }
  return diagnostics;
}

type Problem = Omit<Diagnostic, 'severity'>;

function segment(expr: Expression, i: number): Range {
  return expr.segmentRanges[i] ?? expr.range;
}

function didYouMean(expr: Expression, i: number, guess: string | undefined): Pick<Problem, 'fixes'> & { hint: string } {
  if (!guess) return { hint: '' };
  return { hint: ` Did you mean "${guess}"?`, fixes: [{ title: `Change to "${guess}"`, range: segment(expr, i), newText: guess }] };
}

/**
 * `${{ env.NAME }}`: a variable of the environment Gantry runs in, in env values only (of tasks,
 * services and defaults: it is known before anything starts). Under `strict` it reads the runner's
 * environment for a file nobody reviewed, so only the names the workflow passes (`pass-env`) may
 * be read (`policy-env`). Whether it is set is for the surfaces, which know that environment.
 */
function checkCallerVariable(ctx: CheckContext, expr: Expression): Problem | undefined {
  const name = expr.path[1];
  if (fieldKey(expr.field) !== 'env') {
    return {
      code: 'expression-not-allowed',
      message: `${expr.text} is not substituted in ${expr.field}: the caller's variables may be used in env values only. Set a variable to it (env: { ${name}: "${expr.text}" }) and use $${name}.`,
      range: expr.range,
    };
  }
  if (ctx.policy === 'strict' && !ctx.passEnv?.includes(name)) {
    return {
      code: 'policy-env',
      message: `${expr.text} reads the variable ${name} of the environment Gantry runs in. The strict policy refuses it (the file is not trusted) unless the workflow passes it: the action's pass-env input, or gantry run --pass-env ${name}.`,
      range: segment(expr, 1),
    };
  }
  return undefined;
}

function checkOne(ctx: CheckContext, spec: UnitSpec, needed: Set<string>, expr: Expression): Problem | undefined {
  const [root, ...rest] = expr.path;
  if (root === 'env' && rest.length === 1) return checkCallerVariable(ctx, expr);
  // Other shapes never get here from the parser, which reports them as `invalid-expression`.
  const shape = root === 'matrix' ? rest.length === 1 : root === 'needs' && rest.length === 3 && rest[1] === 'outputs';
  if (!shape) return undefined;
  const key = fieldKey(expr.field);
  const field = unitField(key);
  if (!field || field.expressions === 'none') {
    return {
      code: 'expression-not-allowed',
      message: `${expr.text} is not substituted in ${expr.field}; expressions work in ${EXPRESSION_FIELD_LIST}. Write the value directly.`,
      range: expr.range,
    };
  }
  if (spec.kind === 'service') {
    return {
      code: 'expression-not-allowed',
      message: `Service "${spec.name}" cannot use ${expr.text}: services have no matrix and start before task outputs exist. Write the value directly.`,
      range: expr.range,
    };
  }

  if (root === 'matrix') {
    const axisKey = rest[0];
    if (spec.matrix.some((axis) => axis.key === axisKey)) return undefined;
    if (spec.matrix.length === 0) {
      return {
        code: 'expression-matrix-unknown',
        message: `${DescribeUnit(spec)} has no matrix, so ${expr.text} has no value. Add matrix: { ${axisKey}: [...] } or write the value directly.`,
        range: segment(expr, 1),
      };
    }
    const keys = spec.matrix.map((axis) => axis.key);
    const { hint, fixes } = didYouMean(expr, 1, suggest(axisKey, keys));
    return {
      code: 'expression-matrix-unknown',
      message: `${DescribeUnit(spec)} has no matrix key "${axisKey}" (its keys: ${keys.join(', ')}).${hint}`,
      range: segment(expr, 1),
      fixes,
    };
  }

  // needs.TASK.outputs.NAME
  if (field.expressions !== 'matrix+needs') {
    return {
      code: 'expression-not-allowed',
      message: `${expr.text} cannot be used in ${key}: ${field.needsRefused ?? 'it takes matrix values only.'}`,
      range: expr.range,
    };
  }
  const [taskName, , output] = rest;
  const target = unitNamed(ctx, taskName);
  if (!target) {
    const tasks = ctx.file.tasks.map((t) => t.name);
    const { hint, fixes } = didYouMean(expr, 1, suggest(taskName, tasks));
    return { code: 'expression-task-unknown', message: `There is no task "${taskName}" for ${expr.text}.${hint}`, range: segment(expr, 1), fixes };
  }
  if (target.kind === 'service') {
    return { code: 'expression-output-unknown', message: `"${taskName}" is a service; only tasks have outputs.`, range: segment(expr, 1) };
  }
  if (!needed.has(taskName)) {
    return {
      code: 'expression-not-needed',
      message: `${DescribeUnit(spec)} uses outputs of "${taskName}" but does not list it in needs, so they may not exist yet. Add "${taskName}" to its needs.`,
      range: segment(expr, 1),
    };
  }
  if (expr.expansion) {
    const ids = expansionIds(target);
    const wanted = `${taskName}[${expr.expansion.selector}]`;
    if (target.matrix.length === 0) {
      return {
        code: 'expression-expansion-unknown',
        message: `Task "${taskName}" has no matrix, so it has no expansion [${expr.expansion.selector}]: write needs.${taskName}.outputs.${output}.`,
        range: expr.expansion.range,
      };
    }
    if (!ids.includes(wanted)) {
      const shown = ids.slice(0, 10).map((id) => id.slice(taskName.length)).join(', ');
      const guess = suggest(wanted, ids);
      return {
        code: 'expression-expansion-unknown',
        message: `Task "${taskName}" has no expansion [${expr.expansion.selector}] (its expansions: ${shown}${ids.length > 10 ? `, … ${ids.length - 10} more` : ''}).${guess ? ` Did you mean "${guess.slice(taskName.length)}"?` : ''}`,
        range: expr.expansion.range,
        ...(guess ? { fixes: [{ title: `Change to "${guess.slice(taskName.length)}"`, range: expr.expansion.range, newText: guess.slice(taskName.length) }] } : {}),
      };
    }
  }
  if (target.outputs.some((o) => o.name === output)) return undefined;
  const declared = target.outputs.map((o) => o.name);
  const { hint, fixes } = didYouMean(expr, 3, suggest(output, declared));
  return {
    code: 'expression-output-unknown',
    message:
      declared.length === 0
        ? `Task "${taskName}" declares no outputs, so "${output}" has no value. Add outputs: [${output}] to it.`
        : `Task "${taskName}" does not declare output "${output}" (it declares: ${declared.join(', ')}).${hint}`,
    range: segment(expr, 3),
    fixes,
  };
}
