/**
 * report.md: a status table, a Mermaid Gantt of what really happened (critical path marked), the
 * usage advice and the tails of failed tasks' logs. GitHub renders it as is — in a PR, a job
 * summary (the Action reuses this), or the repository browser. Everything taken from the run (the
 * file's name and path, unit ids with matrix values, reasons, log lines) goes through `./escape`.
 * Pure.
 */
import type { RunDocument, UnitDocument } from './run-document';
import { allUsageAdvice } from './usage-advice';
import { formatBytes, formatCapacity, formatCpuCount, formatDuration } from '../format';
import { hasPrediction, STATUS_ICONS, statusText } from './format';
import { codeFence, escapeHtml, inlineCode, markdownInline } from './escape';
import { renderGantt } from './gantt-md';
import { secretsNote } from './secrets-note';
import { predictedRows } from './predicted';

export interface MarkdownOptions {
  /** Log lines shown per failed task. Default: 20. */
  tailLines?: number;
  /** Heading level of the title. Default: 2. */
  headingLevel?: number;
}

const RESULT: Record<string, string> = {
  success: '✅ success',
  failure: '❌ failure',
  cancelled: '⏹️ cancelled',
  running: '▶️ running (partial report)',
};

export function renderMarkdown(doc: RunDocument, options: MarkdownOptions = {}): string {
  const tailLines = options.tailLines ?? 20;
  const h = '#'.repeat(options.headingLevel ?? 2);
  const out: string[] = [];
  const title = doc.name ? `${markdownInline(doc.name)} — ` : '';
  out.push(`${h} Gantry run: ${title}${RESULT[doc.result] ?? doc.result}`, '');
  const facts = [
    `**Run** ${inlineCode(doc.runId)}`,
    `**File** ${inlineCode(doc.file)}`,
    `**Makespan** ${formatDuration(doc.makespan)}${hasPrediction(doc) ? ` (plan predicted ${formatDuration(doc.prediction!.makespan)})` : ''}`,
    `**Capacity** ${formatCapacity(doc.capacity)}`,
  ];
  if (doc.nodes && doc.nodes.length > 1) {
    facts.push(`**Nodes** ${doc.nodes.map((n) => `${inlineCode(n.name)} (${formatCpuCount(n.cpus)}, ${formatBytes(n.memory)}${n.home ? ', home' : ''})`).join(', ')}`);
  }
  if (doc.only) facts.push(`**Only** ${doc.only.map(inlineCode).join(', ')}`);
  if (doc.resumedFrom) facts.push(`**Resumed** run ${inlineCode(doc.resumedFrom)}`);
  out.push(facts.join(' · '), '');
  if (doc.error) out.push(`> **Stopped early:** ${markdownInline(doc.error)}`, '');
  if (!doc.complete) out.push('> This report is partial: the run had not finished when it was written.', '');
  const kept = Object.entries(doc.keptVolumes ?? {});
  if (kept.length > 0) {
    out.push(`> **Kept for \`gantry run --resume\`:** ${kept.map(([name, v]) => `${inlineCode(name)} (volume ${inlineCode(v.volume)})`).join(', ')} — \`gantry cleanup\` or the next full run here removes them.`, '');
  }
  const secrets = secretsNote(doc);
  if (secrets) out.push(`> **${markdownInline(secrets)}**`, '');

  out.push(counts(doc.units), '');
  const failing = failures(doc.units);
  if (failing) out.push(failing, '');
  // On several nodes, a column says where each unit ran.
  const nodeNames = doc.nodes && doc.nodes.length > 1 ? new Map(doc.nodes.map((n) => [n.id, n.name])) : undefined;
  out.push(`| Task | Status |${nodeNames ? ' Node |' : ''} Attempts | Duration | Exit | Peak memory | Request | Note |`);
  out.push(`| --- | --- |${nodeNames ? ' --- |' : ''} --: | --: | --: | --: | --- | --- |`);
  for (const unit of doc.units) out.push(row(unit, nodeNames));
  out.push('');

  const predicted = predictedRows(doc);
  if (predicted.length > 0) {
    out.push(`${h}# Predicted vs actual`, '');
    out.push('| Unit | Predicted | Actual | Estimate from |');
    out.push('| --- | --: | --: | --- |');
    for (const r of predicted) {
      out.push(`| ${markdownInline(r.label)} | ${formatDuration(r.predicted)} | ${r.actual !== undefined ? formatDuration(r.actual) : ''} | ${markdownInline(r.source)} |`);
    }
    out.push('');
  }

  const gantt = renderGantt(doc);
  if (gantt) out.push(`${h}# Timeline`, '', gantt, '');

  const advice = allUsageAdvice(doc.units);
  if (advice.length > 0) {
    out.push(`${h}# Right-sizing`, '');
    for (const a of advice) out.push(`- **${markdownInline(a.unit)}**: ${markdownInline(a.message)} → consider ${inlineCode(a.suggestion)}`);
    out.push('');
  }

  const failedUnits = doc.units.filter((u) => FAILED.includes(u.status));
  for (const unit of failedUnits) {
    // A service has no attempts: its own log tail (why it never became healthy, say).
    const attempt = unit.attempts[unit.attempts.length - 1];
    const tail = (unit.kind === 'service' ? unit.logTail : attempt?.logTail)?.slice(-tailLines);
    if (!tail || tail.length === 0) continue;
    const which = unit.kind === 'service' ? 'service' : `attempt ${attempt.number}`;
    out.push(`<details><summary>${escapeHtml(unit.id)}: last ${tail.length} log lines (${which})</summary>`, '');
    out.push(codeFence(tail.join('\n')), '', '</details>', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const FAILED = ['failed', 'oom', 'timeout', 'killed'];

/**
 * `**Failed:** postgres (service), unit` — what failed the run, services included: a service that
 * never became healthy is the failure, not the tasks that could not run without it (those are
 * skipped). Empty when nothing failed.
 */
function failures(units: readonly UnitDocument[]): string {
  const failed = units.filter((u) => FAILED.includes(u.status));
  if (failed.length === 0) return '';
  const names = failed.map((u) => markdownInline(`${u.id}${u.kind === 'service' ? ' (service)' : ''}${u.allowFailure ? ' (allowed to fail)' : ''}`));
  return `**Failed:** ${names.join(', ')}`;
}

function counts(units: readonly UnitDocument[]): string {
  const tasks = units.filter((u) => u.kind === 'task');
  const by = new Map<string, number>();
  for (const u of tasks) by.set(statusText(u), (by.get(statusText(u)) ?? 0) + 1);
  const parts = [...by.entries()].map(([status, n]) => `${n} ${status}`);
  return `${tasks.length} task${tasks.length === 1 ? '' : 's'}: ${parts.join(', ') || 'none'}`;
}

function row(unit: UnitDocument, nodeNames?: ReadonlyMap<string, string>): string {
  const last = unit.attempts[unit.attempts.length - 1];
  const duration = unit.start !== undefined && unit.end !== undefined ? formatDuration(unit.end - unit.start) : '';
  const exit = last?.outcome?.exitCode ?? '';
  const peaks = unit.attempts.map((a) => a.outcome?.usage?.peakMemory ?? 0);
  const peak = peaks.some((p) => p > 0) ? formatBytes(Math.max(...peaks)) : '';
  const name = unit.kind === 'service' ? `${unit.id} (service)` : unit.id;
  const note = unit.reason ?? last?.outcome?.message ?? '';
  const node = nodeNames ? ` ${unit.node !== undefined ? markdownInline(nodeNames.get(unit.node) ?? unit.node) : ''} |` : '';
  return `| ${markdownInline(name)} | ${STATUS_ICONS[unit.status] ?? ''} ${markdownInline(statusText(unit))} |${node} ${unit.attempts.length || ''} | ${duration} | ${exit} | ${peak} | ${formatCpuCount(unit.cpus)}, ${formatBytes(unit.memory)} | ${markdownInline(note)} |`;
}

export { renderGantt } from './gantt-md';
