/**
 * Annotations: problems shown on the batch file in the pull request's diff and the run's page.
 *
 * Two sources, one shape: validation diagnostics (each at its own range) and failed tasks (at the
 * task's name in the file, naming the reason). Positions in Gantry are zero-based (LSP); annotation
 * properties are one-based (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-error-message).
 * `file` must be relative to the repository root for GitHub to place it on the diff.
 *
 * Messages and titles quote the batch file (unit ids with matrix values) and containers (a
 * service's last output lines): their control characters are shown, never kept (`core/sanitize.ts`);
 * ActionLog.annotate then escapes them as command data.
 */
import type { Diagnostic, Range } from '../core/diagnostics';
import type { BatchFile } from '../core/model';
import type { RunDocument, UnitDocument } from '../core/report/run-document';
import { sanitize } from '../core/sanitize';
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
    message: clean(`${d.message} [${d.code}]`),
    title: clean(`Gantry: ${d.code}`, false),
    file,
    ...position(d.range),
  }));
}

/**
 * GitHub shows at most 10 error and 10 warning annotations per step and drops the rest silently
 * (https://docs.github.com/en/rest/checks/runs#update-a-check-run: "maximum of 50"; the runner keeps
 * 10 of each kind per step). One error slot is kept for the step's own summary annotation.
 */
export const MAX_PER_KIND = 10;

/**
 * One annotation per failed task or service name, at its name in the file — its matrix expansions
 * share the line, so they share the annotation, which names each of them (an error; a warning when
 * `allow-failure` lets it fail). At most `MAX_PER_KIND - reserve` errors and MAX_PER_KIND warnings:
 * the last one of a kind says how many more there were.
 */
export function failureAnnotations(file: string, batch: BatchFile | undefined, doc: RunDocument, reserve = 1): Annotation[] {
  const specs = new Map([...(batch?.services ?? []), ...(batch?.tasks ?? [])].map((s) => [s.name, s]));
  const groups = new Map<string, UnitDocument[]>();
  for (const unit of doc.units.filter((u) => FAILED_STATUSES.has(u.status))) {
    const key = `${unit.allowFailure ? 'w' : 'e'}\n${unit.kind}\n${unit.name}`;
    const group = groups.get(key);
    if (group) group.push(unit);
    else groups.set(key, [unit]);
  }
  const all = [...groups.values()].map((units): Annotation => {
    const first = units[0];
    const spec = specs.get(first.name);
    const message = units.length === 1 ? failureMessage(first) : clean(`${units.length} of ${first.name}'s expansions failed:\n${units.map((u) => failureMessage(u)).join('\n')}`);
    const title = units.length === 1 ? `Gantry: ${first.id} ${first.status}` : `Gantry: ${first.name} ×${units.length} failed`;
    return { severity: first.allowFailure ? 'warning' : 'error', message, title: clean(title, false), file, ...(spec ? position(spec.nameRange) : { startLine: 1 }) };
  });
  return [...capKind(all, 'error', MAX_PER_KIND - reserve), ...capKind(all, 'warning', MAX_PER_KIND)];
}

/** Validation diagnostics, at most `MAX_PER_KIND - reserve` errors and MAX_PER_KIND of the other kinds. */
export function cappedDiagnosticAnnotations(file: string, diagnostics: readonly Diagnostic[], reserve = 1): Annotation[] {
  const all = diagnosticAnnotations(file, diagnostics);
  return [...capKind(all, 'error', MAX_PER_KIND - reserve), ...capKind(all, 'warning', MAX_PER_KIND), ...capKind(all, 'notice', MAX_PER_KIND)];
}

function capKind(all: readonly Annotation[], severity: Annotation['severity'], max: number): Annotation[] {
  const of = all.filter((a) => a.severity === severity);
  if (of.length <= max) return of;
  const kept = of.slice(0, max);
  const more = of.length - max + 1;
  kept[max - 1] = { severity, file: of[max - 1].file, startLine: 1, title: 'Gantry: more', message: `…and ${more} more (GitHub shows ${MAX_PER_KIND} ${severity}s per step): the job summary lists them all.` };
  return kept;
}

/** `test[shard=2] failed: exit code 1 (after 3 attempts)`, and the like. */
export function failureMessage(unit: UnitDocument): string {
  const kind = unit.kind === 'service' ? 'Service' : 'Task';
  const why = failureReason(unit);
  const attempts = unit.attempts.length > 1 ? ` (after ${unit.attempts.length} attempts)` : '';
  const allowed = unit.allowFailure ? ' — allowed to fail' : '';
  return clean(`${kind} ${unit.id} ${unit.status}: ${why}${attempts}${allowed}`);
}

function clean(text: string, multiline = true): string {
  return sanitize(text, { multiline, sgr: 'strip' });
}

function position(range: Range): Pick<Annotation, 'startLine' | 'startColumn' | 'endLine' | 'endColumn'> {
  const startLine = range.start.line + 1;
  const endLine = range.end.line + 1;
  // The runner ignores columns on multi-line annotations; give them only when they mean something.
  return startLine === endLine
    ? { startLine, endLine, startColumn: range.start.character + 1, endColumn: Math.max(range.end.character, range.start.character + 1) }
    : { startLine, endLine };
}
