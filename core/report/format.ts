/**
 * What the report renderers share beyond the numbers: whether a prediction means anything, and
 * the status icons. Durations, sizes, CPUs and capacity are printed by core/format.ts, the same
 * as on every other surface.
 */

/**
 * Whether the document's plan prediction means anything: it is made from the tasks' `estimate:`s,
 * and when no task has one every figure is the default estimate, not a prediction. Documents
 * written before `estimated` was recorded count as estimated.
 */
export function hasPrediction(doc: { prediction?: unknown; units: ReadonlyArray<{ kind: string; estimated?: boolean }> }): boolean {
  return doc.prediction !== undefined && doc.units.some((u) => u.kind === 'task' && u.estimated !== false);
}

/** The icon shown before a unit's status in Markdown reports (job summary, comment, report.md). */
export const STATUS_ICONS: Readonly<Record<string, string>> = {
  succeeded: '✅',
  failed: '❌',
  oom: '💥',
  timeout: '⏱️',
  killed: '☠️',
  cancelled: '⏹️',
  skipped: '⏭️',
  pending: '⏳',
  ready: '⏳',
  running: '▶️',
  retrying: '🔁',
};

/**
 * A unit's status as reports show it: `succeeded (from RUN)` for one a resumed run took over
 * (`gantry run --resume`), `cached (from RUN)` for a task the task cache did not run, else the
 * status itself.
 */
export function statusText(unit: { status: string; resumedFrom?: string; cachedFrom?: string }): string {
  if (unit.resumedFrom !== undefined) return `${unit.status} (from ${unit.resumedFrom})`;
  if (unit.cachedFrom !== undefined && unit.status === 'succeeded') return `cached (from ${unit.cachedFrom})`;
  return unit.status;
}
