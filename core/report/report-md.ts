/**
 * report.md: a status table, a Mermaid Gantt of what really happened (critical path marked), the
 * usage advice and the tails of failed tasks' logs. GitHub renders it as is — in a PR, a job
 * summary (the Action reuses this), or the repository browser. Pure.
 */
import type { RunDocument, UnitDocument } from './run-document';
import { allUsageAdvice } from './usage-advice';
import { formatBytes, formatCpus, formatSeconds, STATUS_ICONS } from './format';

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
  const title = doc.name ? `${doc.name} — ` : '';
  out.push(`${h} Gantry run: ${title}${RESULT[doc.result] ?? doc.result}`, '');
  const facts = [
    `**Run** \`${doc.runId}\``,
    `**File** \`${doc.file}\``,
    `**Makespan** ${formatSeconds(doc.makespan)}${doc.prediction ? ` (plan predicted ${formatSeconds(doc.prediction.makespan)})` : ''}`,
    `**Capacity** ${formatCpus(doc.capacity.cpus)} cpus, ${formatBytes(doc.capacity.memory)}, ${doc.capacity.parallel} at once`,
  ];
  if (doc.only) facts.push(`**Only** ${doc.only.map((n) => `\`${n}\``).join(', ')}`);
  out.push(facts.join(' · '), '');
  if (doc.error) out.push(`> **Stopped early:** ${escapeCell(doc.error)}`, '');
  if (!doc.complete) out.push('> This report is partial: the run had not finished when it was written.', '');

  out.push(counts(doc.units), '');
  out.push('| Task | Status | Attempts | Duration | Exit | Peak memory | Request | Note |');
  out.push('| --- | --- | --: | --: | --: | --: | --- | --- |');
  for (const unit of doc.units) out.push(row(unit));
  out.push('');

  const gantt = renderGantt(doc);
  if (gantt) out.push(`${h}# Timeline`, '', gantt, '');

  const advice = allUsageAdvice(doc.units);
  if (advice.length > 0) {
    out.push(`${h}# Right-sizing`, '');
    for (const a of advice) out.push(`- **${a.unit}**: ${a.message} → consider \`${a.suggestion}\``);
    out.push('');
  }

  const failedUnits = doc.units.filter((u) => ['failed', 'oom', 'timeout', 'killed'].includes(u.status));
  for (const unit of failedUnits) {
    const attempt = unit.attempts[unit.attempts.length - 1];
    const tail = attempt?.logTail?.slice(-tailLines);
    if (!tail || tail.length === 0) continue;
    out.push(`<details><summary>${escapeHtml(unit.id)}: last ${tail.length} log lines (attempt ${attempt.number})</summary>`, '');
    out.push(fence(tail.join('\n')), '', '</details>', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function counts(units: readonly UnitDocument[]): string {
  const tasks = units.filter((u) => u.kind === 'task');
  const by = new Map<string, number>();
  for (const u of tasks) by.set(u.status, (by.get(u.status) ?? 0) + 1);
  const parts = [...by.entries()].map(([status, n]) => `${n} ${status}`);
  return `${tasks.length} task${tasks.length === 1 ? '' : 's'}: ${parts.join(', ') || 'none'}`;
}

function row(unit: UnitDocument): string {
  const last = unit.attempts[unit.attempts.length - 1];
  const duration = unit.start !== undefined && unit.end !== undefined ? formatSeconds(unit.end - unit.start) : '';
  const exit = last?.outcome?.exitCode ?? '';
  const peaks = unit.attempts.map((a) => a.outcome?.usage?.peakMemory ?? 0);
  const peak = peaks.some((p) => p > 0) ? formatBytes(Math.max(...peaks)) : '';
  const name = unit.kind === 'service' ? `${unit.id} (service)` : unit.id;
  const note = unit.reason ?? last?.outcome?.message ?? '';
  return `| ${escapeCell(name)} | ${STATUS_ICONS[unit.status] ?? ''} ${unit.status} | ${unit.attempts.length || ''} | ${duration} | ${exit} | ${peak} | ${formatCpus(unit.cpus)} cpu, ${formatBytes(unit.memory)} | ${escapeCell(note)} |`;
}

/**
 * Mermaid `gantt` with `dateFormat x` (milliseconds): each attempt one bar from its real start to
 * its end, services from start to stop, critical-path bars tagged `crit`.
 */
export function renderGantt(doc: RunDocument): string | undefined {
  const critical = new Set(doc.criticalPath ?? []);
  const lines = ['```mermaid', 'gantt', '  dateFormat x', `  axisFormat ${doc.makespan >= 3_600_000 ? '%H:%M' : '%M:%S'}`];
  let bars = 0;
  for (const kind of ['service', 'task'] as const) {
    const units = doc.units.filter((u) => u.kind === kind && u.start !== undefined);
    if (units.length === 0) continue;
    lines.push(`  section ${kind === 'service' ? 'Services' : 'Tasks'}`);
    for (const unit of units) {
      const spans =
        unit.kind === 'service' || unit.attempts.length === 0
          ? [{ label: unit.id, start: unit.start!, end: unit.end ?? doc.makespan, status: unit.status }]
          : unit.attempts.map((a) => ({
              label: unit.attempts.length > 1 ? `${unit.id} (try ${a.number})` : unit.id,
              start: a.start,
              end: a.end ?? doc.makespan,
              status: a.outcome?.status ?? 'running',
            }));
      for (const span of spans) {
        const tags: string[] = [];
        if (critical.has(unit.id)) tags.push('crit');
        if (span.status === 'running') tags.push('active');
        else if (span.status === 'succeeded' || unit.kind === 'service') tags.push('done');
        const label = `${span.status === 'succeeded' || unit.kind === 'service' ? '' : `${span.status}: `}${span.label}`;
        // At least 1 ms long, or Mermaid drops the bar.
        const end = Math.max(Math.round(span.end), Math.round(span.start) + 1);
        lines.push(`  ${mermaidText(label)} :${[...tags, `b${bars++}`, String(Math.round(span.start)), String(end)].join(', ')}`);
      }
    }
  }
  if (bars === 0) return undefined;
  lines.push('```');
  return lines.join('\n');
}

/** Mermaid gantt task text ends at `:`; `#` and `;` start comments and statements. */
function mermaidText(text: string): string {
  return text.replace(/[:;#]/g, (c) => (c === '#' ? 'no.' : ' ')).replace(/\s+/g, ' ').trim();
}

function escapeCell(text: string): string {
  return escapeHtml(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A code fence longer than any backtick run inside the text. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}\n${ticks}`;
}
