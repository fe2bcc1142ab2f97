/**
 * Matrix checks that must hold before expansion: the size is computed from the axis lengths, so a
 * matrix of a billion combinations is refused without materialising any of them.
 */
import type { Diagnostic } from '../diagnostics';
import { DURATION_FORMS, parseDuration } from '../duration';
import type { BatchFile, Expression, UnitSpec } from '../model';
import { substituteMatrix } from '../substitute';
import { fieldValueRange } from './ranges';

/** Most tasks one matrix may expand to, and most expansions of all matrices of a file together. */
export const MAX_MATRIX_EXPANSIONS = 10_000;

/** Number of expansions of a task: the product of its axis lengths (1 without a matrix). */
export function matrixSize(spec: UnitSpec): number {
  let size = 1;
  for (const axis of spec.matrix) size *= axis.values.length;
  return size;
}

const count = (n: number): string => (Number.isFinite(n) && n < 1e15 ? n.toLocaleString('en-US') : 'more than 10¹⁵');

/**
 * `matrix-too-large` (one task) and `matrix-total-too-large` (the file). Returns the tasks whose
 * matrix must not be expanded (all others may be; usually none, so a large file's tasks need no
 * set of their own). Empty axes and repeated values are the parser's (`matrix-empty`,
 * `matrix-duplicate-value`; it drops them).
 */
export function checkMatrices(file: BatchFile): { diagnostics: Diagnostic[]; tooLarge: Set<UnitSpec> } {
  const diagnostics: Diagnostic[] = [];
  const tooLarge = new Set<UnitSpec>();
  let total = 0;
  let totalReported = false;
  for (const spec of file.tasks) {
    if (spec.matrix.length === 0) continue;
    const size = matrixSize(spec);
    if (size > MAX_MATRIX_EXPANSIONS) {
      diagnostics.push({
        code: 'matrix-too-large',
        message: `The matrix of task "${spec.name}" expands to ${count(size)} tasks; at most ${count(MAX_MATRIX_EXPANSIONS)} are allowed. Use fewer values, or split the task.`,
        severity: 'error',
        range: fieldValueRange(spec, 'matrix'),
      });
      tooLarge.add(spec);
      continue;
    }
    total += size;
    if (total > MAX_MATRIX_EXPANSIONS) {
      if (!totalReported) {
        diagnostics.push({
          code: 'matrix-total-too-large',
          message: `With the matrix of task "${spec.name}", the matrices of this file expand to more than ${count(MAX_MATRIX_EXPANSIONS)} tasks in total (${count(total)} so far). Use fewer values, or split the batch into several files.`,
          severity: 'error',
          range: fieldValueRange(spec, 'matrix'),
        });
        totalReported = true;
      }
      tooLarge.add(spec);
      continue;
    }
  }
  return { diagnostics, tooLarge };
}

/** Every combination of the axes, first axis slowest; `[{}]` without a matrix. */
export function matrixCombinations(spec: UnitSpec): Record<string, string>[] {
  let result: Record<string, string>[] = [{}];
  for (const axis of spec.matrix) {
    const next: Record<string, string>[] = [];
    const values = [...new Set(axis.values)];
    for (const partial of result) for (const value of values) next.push({ ...partial, [axis.key]: value });
    result = next;
  }
  return result;
}

/**
 * `invalid-duration` for a per-expansion `estimate` (`"${{ matrix.weight }}s"`) that is not a
 * duration with some expansion's values; one error per task, naming the first such expansion.
 * Tasks in `tooLarge` are not expanded, so not checked either.
 */
export function checkMatrixEstimates(file: BatchFile, tooLarge: ReadonlySet<UnitSpec>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const spec of file.tasks) {
    if (spec.estimateText === undefined || tooLarge.has(spec)) continue;
    // An expression that is not one of its matrix keys is checks/expressions.ts's error already.
    const axes = new Set(spec.matrix.map((axis) => axis.key));
    const own = (e: Expression) => e.field !== 'estimate' || (e.path[0] === 'matrix' && e.path.length === 2 && axes.has(e.path[1]));
    if (!spec.expressions.every(own)) continue;
    for (const matrix of matrixCombinations(spec)) {
      const text = substituteMatrix(spec.estimateText, matrix);
      if (parseDuration(text) !== undefined) continue;
      const values = Object.entries(matrix).map(([key, value]) => `${key}=${value}`).join(',');
      const where = values ? `${spec.name}[${values}]` : spec.name;
      diagnostics.push({
        code: 'invalid-duration',
        message: `The estimate of ${where} is "${text}", not a duration: write ${DURATION_FORMS}.`,
        severity: 'error',
        range: fieldValueRange(spec, 'estimate'),
      });
      break;
    }
  }
  return diagnostics;
}
