/**
 * Annotations: problems shown on the batch file in the pull request's diff and the run's page.
 *
 * Two sources, one shape: validation diagnostics (each at its own range) and failed tasks (at the
 * task's name in the file, naming the reason). Positions in Gantry are zero-based (LSP); annotation
 * properties are one-based (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-error-message).
 * `file` must be relative to the repository root for GitHub to place it on the diff.
 */
import type { Diagnostic, Range } from '../core/diagnostics';
import type { BatchFile } from '../core/model';
import type { RunDocument, UnitDocument } from '../core/report/run-document';
import { FAILED_STATUSES, failureReason } from './markdown';

export interface Annotation {
  severity: 'error' | 'warning' | 'notice';
  message: string;
  title: string;
  file: string;
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export function diagnosticAnnotations(file: string, diagnostics: readonly Diagnostic[]): Annotation[] {
  return diagnostics.map((d) => ({
    severity: d.severity === 'info' ? 'notice' : d.severity,
    message: `${d.message} [${d.code}]`,
    title: `Gantry: ${d.code}`,
    file,
    ...position(d.range),
  }));
}

/**
 * One error per failed task (a warning when `allow-failure` lets it fail), at the task's name in the
 * file. Matrix expansions of one task share its line; each gets its own annotation naming itself.
 */
export function failureAnnotations(file: string, batch: BatchFile | undefined, doc: RunDocument): Annotation[] {
  const specs = new Map([...(batch?.services ?? []), ...(batch?.tasks ?? [])].map((s) => [s.name, s]));
  return doc.units
    .filter((u) => FAILED_STATUSES.has(u.status))
    .map((unit) => {
      const spec = specs.get(unit.name);
      return {
        severity: unit.allowFailure ? 'warning' : 'error',
        message: failureMessage(unit),
        title: `Gantry: ${unit.id} ${unit.status}`,
        file,
        ...(spec ? position(spec.nameRange) : { startLine: 1 }),
      };
    });
}

/** `test[shard=2] failed: exit code 1 (after 3 attempts)`, and the like. */
export function failureMessage(unit: UnitDocument): string {
  const kind = unit.kind === 'service' ? 'Service' : 'Task';
  const why = failureReason(unit);
  const attempts = unit.attempts.length > 1 ? ` (after ${unit.attempts.length} attempts)` : '';
  const allowed = unit.allowFailure ? ' — allowed to fail' : '';
  return `${kind} ${unit.id} ${unit.status}: ${why}${attempts}${allowed}`;
}

function position(range: Range): Pick<Annotation, 'startLine' | 'startColumn' | 'endLine' | 'endColumn'> {
  const startLine = range.start.line + 1;
  const endLine = range.end.line + 1;
  // The runner ignores columns on multi-line annotations; give them only when they mean something.
  return startLine === endLine
    ? { startLine, endLine, startColumn: range.start.character + 1, endColumn: Math.max(range.end.character, range.start.character + 1) }
    : { startLine, endLine };
}
