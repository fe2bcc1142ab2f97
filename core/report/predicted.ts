/**
 * Predicted vs actual, per unit: what the run's prediction took each unit to need (from earlier
 * runs, the file's `estimate:` or the default: `UnitDocument.predicted`) beside what it took.
 * Shared by report.md and report.html. Pure.
 */
import type { RunDocument, UnitDocument } from './run-document';

export interface PredictedRow {
  unit: UnitDocument;
  /** `build`, `db (service, to healthy)`. */
  label: string;
  /** ms. */
  predicted: number;
  /** ms; undefined when it never got there (never ran, never healthy). */
  actual?: number;
  /** Where the estimate came from: `4.2s, median of 7 runs`, `estimate: 2m`, `default`. */
  source: string;
}

/** One row per unit that has a prediction; empty for documents written before predictions were kept. */
export function predictedRows(doc: Pick<RunDocument, 'units'>): PredictedRow[] {
  const rows: PredictedRow[] = [];
  for (const unit of doc.units) {
    const p = unit.predicted;
    if (!p) continue;
    let actual: number | undefined;
    if (unit.kind === 'service') {
      if (unit.start !== undefined && unit.healthy !== undefined && unit.healthy >= unit.start) actual = unit.healthy - unit.start;
    } else {
      // The attempt that counted: the last one that ended.
      const last = [...unit.attempts].reverse().find((a) => a.end !== undefined);
      if (last) actual = last.end! - last.start;
    }
    rows.push({
      unit,
      label: unit.kind === 'service' ? `${unit.id} (service, to healthy)` : unit.id,
      predicted: p.duration,
      ...(actual !== undefined ? { actual } : {}),
      source: p.text,
    });
  }
  return rows;
}
