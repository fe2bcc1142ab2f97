/**
 * The Markdown pieces the job summary and the pull request comment share: the result line, the task
 * table, the critical path, each rendered from the run document. GitHub Flavored Markdown
 * (https://github.github.com/gfm/); everything taken from the run (ids with matrix values, reasons,
 * log lines) goes through `core/report/escape.ts`, the same escaping report.md and report.html use,
 * so a task cannot inject HTML, links or control characters, end a code fence or break the table.
 */
import type { RunDocument, UnitDocument } from '../core/report/run-document';
import { actualCriticalPath } from '../core/report/critical-path';
import { formatBytes, formatCapacity, formatCpus, formatDuration } from '../core/format';
import { hasPrediction, STATUS_ICONS, statusText } from '../core/report/format';
import { codeFence, inlineCode, markdownInline } from '../core/report/escape';

const RESULT_ICONS: Record<string, string> = { success: '✅', failure: '❌', cancelled: '⏹️', running: '▶️' };

export { FAILED_STATUSES } from '../core/surface/exit-codes';
import { FAILED_STATUSES } from '../core/surface/exit-codes';

/** Escapes text for a table cell or inline prose: no HTML, no emphasis, no pipes, one line, no control characters. */
export const escapeInline = markdownInline;

/** A fenced code block that no line of `text` can close; control characters shown. */
export const codeBlock = codeFence;

/** The batch's display name: its `name:`, else the file path. */
export function batchTitle(doc: RunDocument): string {
  return doc.name ?? doc.file;
}

/** `✅ **success** · 7 tasks in 42s` and the like. */
export function resultLine(doc: RunDocument): string {
  const tasks = doc.units.filter((u) => u.kind === 'task');
  const failed = tasks.filter((u) => FAILED_STATUSES.has(u.status) && !u.allowFailure);
  const skipped = tasks.filter((u) => u.status === 'skipped').length;
  const parts = [`${RESULT_ICONS[doc.result] ?? ''} **${doc.result}**`];
  if (failed.length > 0) parts.push(`${failed.length} of ${count(tasks.length, 'task')} failed`);
  else parts.push(count(tasks.length, 'task'));
  if (skipped > 0) parts.push(`${skipped} skipped`);
  // A service that failed is the cause of its dependents' skips: name it in the headline.
  const services = doc.units.filter((u) => u.kind === 'service' && FAILED_STATUSES.has(u.status) && !u.allowFailure);
  if (services.length > 0) parts.push(`service${services.length === 1 ? '' : 's'} ${services.map((u) => markdownInline(u.id)).join(', ')} failed`);
  parts.push(`makespan ${formatDuration(doc.makespan)}`);
  if (hasPrediction(doc)) parts.push(`plan predicted ${formatDuration(doc.prediction!.makespan)}`);
  if (doc.error) parts.push(escapeInline(doc.error));
  return parts.join(' · ');
}

/** `Capacity: 2 cpus, 4Gi memory, 8 containers · run \`…\``. */
export function capacityLine(doc: RunDocument): string {
  return `Capacity: ${formatCapacity(doc.capacity)} · run ${inlineCode(doc.runId)}`;
}

export const TABLE_HEADER = '| Task | Status | Attempts | Duration | Start | CPUs | Memory |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |';

export function tableRow(unit: UnitDocument): string {
  const name = unit.kind === 'service' ? `${escapeInline(unit.id)} (service)` : escapeInline(unit.id);
  const reason = unit.reason && unit.status !== 'succeeded' ? `: ${escapeInline(unit.reason)}` : '';
  const allowed = unit.allowFailure && FAILED_STATUSES.has(unit.status) ? ' (allowed)' : '';
  // `cached (from RUN)` for a task the task cache did not run.
  const status = `${STATUS_ICONS[unit.status] ?? ''} ${escapeInline(statusText(unit))}${allowed}${reason}`;
  const duration = unit.start !== undefined && unit.end !== undefined ? formatDuration(unit.end - unit.start) : '–';
  const start = unit.start !== undefined ? `+${formatDuration(unit.start)}` : '–';
  // The memory of the last try: it grows after an OOM, and that is what the next run needs.
  const memory = unit.attempts.length > 0 ? unit.attempts[unit.attempts.length - 1].memory : unit.memory;
  return `| ${name} | ${status} | ${unit.attempts.length} | ${duration} | ${start} | ${formatCpus(unit.cpus)} | ${formatBytes(memory)} |`;
}

/** Why a unit failed: its last attempt's outcome, else the unit's reason, else its status. */
export function failureReason(unit: UnitDocument): string {
  return unit.attempts[unit.attempts.length - 1]?.outcome?.message ?? unit.reason ?? unit.status;
}

/** Units that fail the run first (what a reader came for), then the rest in graph order. */
export function failedFirst(units: readonly UnitDocument[]): UnitDocument[] {
  const failed = new Set(units.filter((u) => FAILED_STATUSES.has(u.status) && !u.allowFailure));
  return [...failed, ...units.filter((u) => !failed.has(u))];
}

/** `build → test[shard=2] → report`, with its length: the recorded critical path, else the one the run took. */
export function criticalPathLine(doc: RunDocument): string | undefined {
  const path = doc.criticalPath ?? actualCriticalPath(doc.units);
  if (path.length === 0) return undefined;
  const byId = new Map(doc.units.map((u) => [u.id, u]));
  const first = byId.get(path[0]);
  const last = byId.get(path[path.length - 1]);
  const length = first?.start !== undefined && last?.end !== undefined ? ` (${formatDuration(last.end - first.start)})` : '';
  return `**Critical path**${length}: ${path.map(inlineCode).join(' → ')}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
