/**
 * The job summary (`$GITHUB_STEP_SUMMARY`): result line, task table, a Mermaid Gantt of what really
 * happened, the critical path, right-sizing advice, and the last log lines of each failed task.
 *
 * GitHub refuses a step summary over 1 MiB
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#step-isolation-and-limits),
 * so the renderer fits the budget by giving up detail in order: log tails shrink, then the Gantt
 * goes (it is also in report.html), then table rows — always saying what was left out.
 */
import type { RunDocument, UnitDocument } from '../core/report/run-document';
import { allUsageAdvice, type Advice } from '../core/report/usage-advice';
import { renderGantt } from '../core/report/report-md';
import { escapeHtml, inlineCode } from '../core/report/escape';
import { TABLE_HEADER, FAILED_STATUSES, batchTitle, capacityLine, codeBlock, criticalPathLine, escapeInline, failedFirst, failureReason, resultLine, tableRow } from './markdown';
import { secretsNote } from '../core/report/secrets-note';

/** 1 MiB, GitHub's limit for one step's summary, less room for what other steps append. */
export const SUMMARY_LIMIT = 1024 * 1024 - 4096;
/** Log lines shown per failed task. */
export const TAIL_LINES = 30;

export interface SummaryOptions {
  /** Bytes (UTF-8). Default: SUMMARY_LIMIT. */
  limit?: number;
  /** Where report.json was written, to point at it. Default: not shown. */
  reportPath?: string;
}

/** Failed units given a `<details>` block; past this, the table says the rest. */
export const MAX_FAILED_DETAILS = 100;

export function renderSummary(doc: RunDocument, options: SummaryOptions = {}): string {
  const limit = options.limit ?? SUMMARY_LIMIT;
  const rows = failedFirst(doc.units).map(tableRow);
  const failed = doc.units.filter((u) => FAILED_STATUSES.has(u.status));
  const shown = failed.slice(0, MAX_FAILED_DETAILS);
  const gantt = renderGantt(doc);
  const fits = (text: string) => Buffer.byteLength(text) <= limit;
  // The same in every attempt below: worked out once.
  const fixed: Fixed = { pathLine: criticalPathLine(doc), advice: allUsageAdvice(doc.units).map(adviceLine) };
  const assemble = (parts: Parts) => assembleParts(doc, options, fixed, parts);
  // From most to least detail; the first that fits wins.
  for (const [tailLines, withGantt] of [[TAIL_LINES, true], [10, true], [10, false], [0, false]] as const) {
    const text = assemble({ rows, gantt: withGantt ? gantt : undefined, failed: shown.map((u) => failedDetails(u, tailLines)), moreFailed: failed.length - shown.length });
    if (fits(text)) return text;
  }
  // Still too big: a very large graph. Keep as many table rows as fit (failed ones come first).
  const base = assemble({ rows: [], gantt: undefined, failed: [], moreFailed: failed.length, rowsLeftOut: rows.length });
  let budget = limit - Buffer.byteLength(base) - 200;
  let keep = 0;
  while (keep < rows.length && budget - (Buffer.byteLength(rows[keep]) + 1) >= 0) budget -= Buffer.byteLength(rows[keep++]) + 1;
  const text = assemble({ rows: rows.slice(0, keep), gantt: undefined, failed: [], moreFailed: failed.length, rowsLeftOut: rows.length - keep });
  return fits(text) ? text : `${resultLine(doc)}\n`;
}

interface Fixed {
  pathLine?: string;
  /** The right-sizing bullets. */
  advice: string[];
}

interface Parts {
  rows: string[];
  gantt?: string;
  failed: string[][];
  /** Failed units without a details block. */
  moreFailed: number;
  rowsLeftOut?: number;
}

function assembleParts(doc: RunDocument, options: SummaryOptions, fixed: Fixed, parts: Parts): string {
  const out: string[] = [];
  out.push(`## Gantry: ${escapeInline(batchTitle(doc))}`, '', resultLine(doc), '', capacityLine(doc), '');
  const secrets = secretsNote(doc);
  if (secrets) out.push(`> ${escapeInline(secrets)}`, '');
  out.push(TABLE_HEADER, ...parts.rows);
  if (parts.rowsLeftOut) {
    out.push('', `_${parts.rowsLeftOut} more rows left out to stay under GitHub's summary size limit; report.json has them all._`);
  }
  out.push('');
  if (fixed.pathLine) out.push(fixed.pathLine, '');
  if (parts.gantt) out.push('### Timeline', '', parts.gantt, '');
  else if (doc.units.some((u) => u.start !== undefined)) out.push('_Timeline left out to stay under the size limit: see report.html._', '');
  if (fixed.advice.length > 0 && parts.rows.length > 0) {
    out.push('### Right-sizing', '');
    for (const line of fixed.advice) out.push(line);
    out.push('');
  }
  if (parts.failed.length > 0 || parts.moreFailed > 0) {
    out.push('### Failed', '');
    for (const block of parts.failed) out.push(...block, '');
    if (parts.moreFailed > 0) out.push(`_${parts.moreFailed} more failed units: see the table and report.html._`, '');
  }
  if (options.reportPath) out.push(`<sub>Full report: ${inlineCode(options.reportPath)} (also report.md and report.html beside it)</sub>`, '');
  return out.join('\n');
}

function adviceLine(a: Advice): string {
  return `- ${inlineCode(a.unit)}: ${escapeInline(a.message)} → ${inlineCode(a.suggestion)}`;
}

function failedDetails(unit: UnitDocument, tailLines: number): string[] {
  const last = unit.attempts[unit.attempts.length - 1];
  const why = failureReason(unit);
  const attempts = unit.attempts.length > 1 ? ` after ${unit.attempts.length} attempts` : '';
  const summary = `<summary><b>${escapeHtml(unit.id)}</b>: ${escapeHtml(why)}${attempts}</summary>`;
  const tail = (last?.logTail ?? []).slice(-tailLines);
  if (tailLines === 0 || tail.length === 0) {
    const note = tailLines === 0 ? '_Log left out to stay under the size limit._' : '_No output._';
    return ['<details>', summary, '', note, '', '</details>'];
  }
  const heading = `Last ${tail.length} log line${tail.length === 1 ? '' : 's'} of attempt ${last.number}:`;
  return ['<details>', summary, '', heading, '', codeBlock(tail.join('\n')), '', '</details>'];
}
