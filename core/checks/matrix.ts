/**
 * Matrix checks that must hold before expansion: the size is computed from the axis lengths, so a
 * matrix of a billion combinations is refused without materialising any of them.
 */
import type { Diagnostic } from '../diagnostics';
import type { BatchFile, UnitSpec } from '../model';
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
