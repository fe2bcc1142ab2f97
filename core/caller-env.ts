/**
 * `${{ env.NAME }}` in env values: a variable of the environment Gantry runs in (the action step's
 * `env:`, the shell or `--env-file` locally). The expressions check (core/checks/expressions.ts)
 * allows it in env values only, and under `strict` only for the names the workflow passes
 * (`pass-env`, `policy-env`). The surfaces, which know the environment, then check that each
 * variable read is set (`env-unset`, here) and fill the values into the graph (`bindCallerEnv`).
 * Pure: the environment is handed in.
 *
 * The values are not secrets: they are shown like any env value (in `docker inspect`, and by a
 * task that prints them). Pass secrets with `secrets:`, which are masked.
 */
import type { Diagnostic } from './diagnostics';
import type { BatchFile, Graph, Policy, UnitSpec } from './model';
import type { CallerEnv } from './secrets';
import { substituteMatrixAndEnv } from './substitute';

function readsCallerEnv(spec: UnitSpec): boolean {
  for (const e of spec.expressions) if (e.path[0] === 'env') return true;
  return false;
}

/**
 * `env-unset` at each `${{ env.NAME }}` whose variable `env` does not set (an empty value is a
 * value). Under `strict`, names not in `passEnv` are left to `policy-env`.
 */
export function checkCallerEnv(file: BatchFile, env: CallerEnv, policy: Policy, passEnv: readonly string[] = []): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // An expression under `defaults:` is in every unit: report it once.
  const reported = new Set<string>();
  for (const spec of [...file.services, ...file.tasks]) {
    for (const expr of spec.expressions) {
      if (expr.path[0] !== 'env' || expr.path.length !== 2) continue;
      const name = expr.path[1];
      if (policy === 'strict' && !passEnv.includes(name)) continue;
      if (Object.hasOwn(env, name) && env[name] !== undefined) continue;
      const range = expr.segmentRanges[1] ?? expr.range;
      const at = `${range.start.line}:${range.start.character}`;
      if (reported.has(at)) continue;
      reported.add(at);
      diagnostics.push({
        code: 'env-unset',
        severity: 'error',
        message: `${expr.text} reads the variable ${name}, which is not set in the environment Gantry runs in. Set it (in a workflow, the step's env:; locally, export it or put it in a dotenv file: env-file: in the batch file or --env-file), or write the value directly.`,
        range,
      });
    }
  }
  return diagnostics;
}

/**
 * Fills `${{ env.NAME }}` into the env of every unit of `graph` that reads one, from the spec's
 * text in one pass with its matrix values (a value inserted is never read again as an expression).
 */
export function bindCallerEnv(graph: Graph, env: CallerEnv): void {
  for (const unit of graph.units) {
    const spec = unit.spec;
    if (!spec || !readsCallerEnv(spec)) continue;
    const bound: Record<string, string> = {};
    for (const key in spec.env) bound[key] = substituteMatrixAndEnv(spec.env[key], unit.matrix, env);
    unit.env = bound;
  }
}
