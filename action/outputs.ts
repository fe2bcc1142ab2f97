/**
 * The step's outputs, exactly as action.yml documents them. They leave the action for the rest of
 * the workflow, where people paste them into `run:` scripts — and `failed` carries unit ids, whose
 * matrix values come from the batch file (on a fork's pull request: from whoever opened it). So each
 * output has a fixed, documented form:
 *
 * - `result`: `success`, `failure` or `cancelled`;
 * - `failed`: a JSON array of the failed tasks' and services' ids (`[]` when none), on one line, every control,
 *   line-separator and bidi character a `\uXXXX` escape — exact for `fromJSON()` or `jq`, and a
 *   list even when an id has a comma (`test[os=linux,node=20]`);
 * - `report`: the absolute path of report.json (empty when nothing ran);
 * - `makespan`: seconds with one decimal (`12.3`).
 *
 * None of them is safe to paste into a shell script as `${{ … }}` (no value is: the expression is
 * substituted into the script's text before the shell runs); the documented way is `env:` and a
 * quoted variable. GITHUB_OUTPUT itself cannot be broken by a value: @actions/core writes each one
 * between `name<<ghadelimiter_<random UUID>` and that delimiter, and refuses a value containing it.
 */
import { safeJson } from '../core/sanitize';

export interface ActionOutputs {
  result: 'success' | 'failure' | 'cancelled';
  failed: string;
  report: string;
  makespan: string;
}

export const OUTPUT_NAMES = ['result', 'failed', 'report', 'makespan'] as const;

/** The `failed` output for these unit ids. */
export function failedOutput(ids: readonly string[]): string {
  return safeJson([...ids]);
}

/** Seconds, one decimal: the `makespan` output. */
export function makespanOutput(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** What an invalid file or a run that could not start reports. */
export const NOTHING_RAN: ActionOutputs = { result: 'failure', failed: '[]', report: '', makespan: '0.0' };
