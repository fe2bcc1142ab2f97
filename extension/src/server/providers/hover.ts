/**
 * Hover: the documentation of each key (from core/keys.ts), on a task or service name its
 * predicted start and end, whether it is on the critical path, and its slack, and on the parts
 * of a `${{ … }}` expression what they refer to (expression-hover.ts).
 */
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver';
import { formatBytes, formatClock, formatCpuCount, formatDuration } from '../../../../core/format';
import type { Analysis, PlannedUnit } from '../analysis';
import { estimateOrigin, estimateSource, type EstimateSource } from '../../../../core/estimates';
import { KEY_WORD, parentPath, wordRange } from '../cursor-context';
import { docAt, keyMarkdown } from '../key-context';
import type { NameOccurrence } from '../names';
import { expressionHover } from './expression-hover';

/** A matrix task's hover lists at most this many expansions. */
const MAX_EXPANSIONS = 12;

export function hover(analysis: Analysis, position: Position): Hover | null {
  const name = analysis.names?.at(position);
  if (name) return nameHover(analysis, name);
  const expression = expressionHover(analysis, position);
  if (expression) return expression;
  const key = keyAt(analysis.lines, position);
  if (!key) return null;
  const doc = docAt(key.path, key.key);
  return doc ? { contents: { kind: MarkupKind.Markdown, value: keyMarkdown(doc) }, range: key.range } : null;
}

function nameHover(analysis: Analysis, at: NameOccurrence): Hover | null {
  const definition = analysis.names?.definitions.get(at.name);
  if (!definition || definition.kind !== at.kind) return null;
  const lines: string[] = [];
  if (definition.kind === 'volume') {
    const users = [...(analysis.result.file?.services ?? []), ...(analysis.result.file?.tasks ?? [])]
      .filter((u) => u.volumes.some((m) => m.kind === 'volume' && m.source === at.name))
      .map((u) => `\`${u.name}\``);
    lines.push(`**volume** \`${at.name}\``, '', users.length ? `Mounted by ${users.join(', ')}.` : 'Mounted by nothing.');
  } else {
    const unit = definition.unit;
    lines.push(`**${definition.kind}** \`${at.name}\``);
    if (unit) lines.push('', `\`${unit.image}\` · ${formatCpuCount(unit.cpus)} · ${formatBytes(unit.memory)}`);
    lines.push('', ...scheduleLines(analysis, at.name));
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: at.range };
}

function scheduleLines(analysis: Analysis, name: string): string[] {
  const planned = analysis.scheduleByName.get(name);
  if (!planned?.length) {
    const errors = analysis.errorCount;
    return [errors ? `No predicted schedule while the file has ${errors} error${errors === 1 ? '' : 's'}.` : 'Not in the predicted schedule.'];
  }
  const source = (unit: PlannedUnit) => {
    const u = analysis.graph?.byId.get(unit.id);
    return u ? estimateSource(u) : undefined;
  };
  if (planned.length === 1) return describe(planned[0], source(planned[0]));
  const out = [`${planned.length} expansions:`, ''];
  for (const unit of planned.slice(0, MAX_EXPANSIONS)) out.push(`- \`${unit.id}\`: ${describe(unit, source(unit)).join(' ')}`);
  if (planned.length > MAX_EXPANSIONS) out.push(`- … and ${planned.length - MAX_EXPANSIONS} more`);
  return out;
}

function describe(unit: PlannedUnit, source: EstimateSource | undefined): string[] {
  const when = `Predicted ${formatClock(unit.start)} → ${formatClock(unit.end)} (${formatDuration(unit.end - unit.start)}).`;
  const path = unit.critical
    ? 'On the critical path: any delay delays the run.'
    : `Slack ${formatDuration(unit.slack)}: it could finish that much later without delaying the run.`;
  // Where the figure comes from: earlier runs (.gantry/history/), the file's estimate:, or the default.
  if (!source) return [when, path];
  const from = estimateOrigin(source, true);
  return [when, path, `${unit.kind === 'service' ? 'Healthy after' : 'Estimate'}: ${formatDuration(source.ms)} (${from}).`];
}

/** The key under the cursor (`image` in `    image: busybox` or in `{ image: busybox }`) and where it sits. */
function keyAt(lines: readonly string[], position: Position): { key: string; path: string[]; range: Range } | undefined {
  const text = lines[position.line] ?? '';
  const { range } = wordRange(text, position.line, position.character, KEY_WORD);
  const start = range.start.character;
  const end = range.end.character;
  if (start === end) return undefined;
  const after = text.slice(end).replace(/^["']/, '');
  if (!/^\s*:(\s|$)/.test(after)) return undefined;
  const key = text.slice(start, end);
  const before = text.slice(0, start).replace(/["']$/, '');
  const indent = text.length - text.trimStart().length;
  if (/^\s*(-\s+)?$/.test(before)) return { key, path: parentPath(lines, position.line, start), range };
  // Inside a flow mapping on the line: `outer: { a: 1, key: 2 }`.
  const open = before.lastIndexOf('{');
  if (open < 0 || before.slice(open).includes('}')) return undefined;
  const outer = /([A-Za-z0-9_-]+)["']?\s*:\s*$/.exec(before.slice(0, open));
  if (!outer) return undefined;
  return { key, path: [...parentPath(lines, position.line, indent), outer[1]], range };
}
