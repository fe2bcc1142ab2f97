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
import { actualCriticalPath } from '../core/report/critical-path';
import { allUsageAdvice } from '../core/report/usage-advice';
import { renderGantt } from '../core/report/report-md';
import { TABLE_HEADER, FAILED_STATUSES, batchTitle, capacityLine, codeBlock, criticalPathLine, escapeInline, resultLine, tableRow } from './markdown';

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

interface Detail {
  tailLines: number;
  gantt: boolean;
  rows: number;
}

export function renderSummary(doc: RunDocument, options: SummaryOptions = {}): string {
  const limit = options.limit ?? SUMMARY_LIMIT;
  const rows = doc.units.length;
  // From most to least detail; the first that fits wins.
  const levels: Detail[] = [
    { tailLines: TAIL_LINES, gantt: true, rows },
    { tailLines: 10, gantt: true, rows },
    { tailLines: 10, gantt: false, rows },
    { tailLines: 0, gantt: false, rows },
  ];
  for (const detail of levels) {
    const text = render(doc, detail, options);
    if (Buffer.byteLength(text) <= limit) return text;
  }
  // Very large graphs: halve the rows until the table fits.
  for (let n = Math.floor(rows / 2); n >= 0; n = n === 0 ? -1 : Math.floor(n / 2)) {
    const text = render(doc, { tailLines: 0, gantt: false, rows: n }, options);
    if (Buffer.byteLength(text) <= limit) return text;
  }
  return `${resultLine(doc)}\n`;
}

function render(doc: RunDocument, detail: Detail, options: SummaryOptions): string {
  const out: string[] = [];
  out.push(`## Gantry: ${escapeInline(batchTitle(doc))}`, '', resultLine(doc), '', capacityLine(doc), '');
  out.push(TABLE_HEADER);
  for (const unit of tableOrder(doc.units).slice(0, detail.rows)) out.push(tableRow(unit));
  if (detail.rows < doc.units.length) {
    out.push('', `_${doc.units.length - detail.rows} more rows left out to stay under GitHub's summary size limit; report.json has them all._`);
  }
  out.push('');
  const path = doc.criticalPath ?? actualCriticalPath(doc.units);
  const pathLine = criticalPathLine(doc, path);
  if (pathLine) out.push(pathLine, '');
  if (detail.gantt) {
    const gantt = renderGantt(doc);
    if (gantt) out.push('### Timeline', '', gantt, '');
  } else {
    out.push('_Timeline left out to stay under the size limit: see report.html._', '');
  }
  const advice = allUsageAdvice(doc.units);
  if (advice.length > 0) {
    out.push('### Right-sizing', '');
    for (const a of advice) out.push(`- \`${a.unit.replace(/`/g, "'")}\`: ${escapeInline(a.message)} → \`${a.suggestion.replace(/`/g, "'")}\``);
    out.push('');
  }
  const failed = doc.units.filter((u) => FAILED_STATUSES.has(u.status));
  if (failed.length > 0) {
    out.push('### Failed', '');
    for (const unit of failed) out.push(...failedDetails(unit, detail.tailLines), '');
  }
  if (options.reportPath) out.push(`<sub>Full report: \`${options.reportPath.replace(/`/g, "'")}\` (also report.md and report.html beside it)</sub>`, '');
  return out.join('\n');
}

/** Failed first (what the reader came for), then graph order. */
function tableOrder(units: readonly UnitDocument[]): UnitDocument[] {
  const failed = units.filter((u) => FAILED_STATUSES.has(u.status) && !u.allowFailure);
  return [...failed, ...units.filter((u) => !failed.includes(u))];
}

function failedDetails(unit: UnitDocument, tailLines: number): string[] {
  const last = unit.attempts[unit.attempts.length - 1];
  const why = last?.outcome?.message ?? unit.reason ?? unit.status;
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

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\r\n]+/g, ' ');
}
