/**
 * Hover on the parts of a `${{ … }}` expression (the task name in `needs.TASK` is a name, see
 * hover.ts):
 *
 * - `matrix.KEY` (on `matrix` or the key): the key's values as the file writes them and the
 *   expansions they make, and the line of the `matrix:` that defines it.
 * - `needs.TASK.outputs.NAME` (on `outputs` or the name): where the output is declared
 *   (`outputs:` of TASK, its line) and where TASK's `run` writes it (`NAME=…` lines into
 *   `$GANTRY_OUTPUT`), each with its line; its value is known once TASK has run.
 *
 * Text from the file goes into the hover as code (a fence longer than any run of backticks in it),
 * never as markdown of its own.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Expression, UnitSpec } from '../../../../core/model';
import { rangeContains } from '../../../../core/ranges';
import type { Analysis } from '../analysis';

/** Values and lines listed at most. */
const MAX_LISTED = 12;
/** A quoted line of the file is cut here. */
const MAX_LINE = 120;

export function expressionHover(analysis: Analysis, position: Position): Hover | null {
  const file = analysis.result.file;
  if (!file) return null;
  const units = [...file.services, ...file.tasks];
  const unit = units.find((u) => rangeContains(u.range, position));
  const expr = unit?.expressions.find((e) => rangeContains(e.range, position));
  if (!unit || !expr) return null;
  const segment = expr.segmentRanges.findIndex((r) => rangeContains(r, position));
  const value = expr.path[0] === 'matrix' && segment >= 0 ? matrixHover(analysis, unit, expr) : outputHover(analysis, units, expr, segment);
  return value ? { contents: { kind: MarkupKind.Markdown, value }, range: segment >= 0 ? expr.segmentRanges[segment] : expr.range } : null;
}

function matrixHover(analysis: Analysis, unit: UnitSpec, expr: Expression): string | undefined {
  const key = expr.path[1];
  if (key === undefined) return undefined;
  const axis = unit.matrix.find((a) => a.key === key);
  if (!axis) return `**matrix key** ${code(key)}\n\n${code(unit.name)} has no matrix key ${code(key)}.`;
  const values = axis.values.slice(0, MAX_LISTED).map(code).join(', ') + (axis.values.length > MAX_LISTED ? `, … and ${axis.values.length - MAX_LISTED} more` : '');
  const expansions = unit.matrix.reduce((n, a) => n * a.values.length, 1);
  return [
    `**matrix key** ${code(key)} of ${code(unit.name)} (line ${axis.keyRange.start.line + 1})`,
    '',
    `${axis.values.length} ${axis.values.length === 1 ? 'value' : 'values'}: ${values}`,
    '',
    `Each of the task's ${expansions} ${expansions === 1 ? 'expansion' : 'expansions'} runs with one of them here.`,
    ...quoted(analysis, axis.keyRange.start.line),
  ].join('\n');
}

function outputHover(analysis: Analysis, units: readonly UnitSpec[], expr: Expression, segment: number): string | undefined {
  // needs.TASK.outputs.NAME: on `outputs` (2) or NAME (3).
  if (expr.path[0] !== 'needs' || expr.path[2] !== 'outputs' || segment < 2) return undefined;
  const [, taskName, , name] = expr.path;
  if (name === undefined) return undefined;
  const task = units.find((u) => u.name === taskName && u.kind === 'task');
  if (!task) return undefined;
  const declared = task.outputs.find((o) => o.name === name);
  const head = `**output** ${code(name)} of ${code(task.name)}`;
  if (!declared) return `${head}\n\n${code(task.name)} declares no output ${code(name)} (its \`outputs:\` ${task.outputs.length ? `are ${task.outputs.map((o) => code(o.name)).join(', ')}` : 'are none'}).`;
  const lines = [`${head}, declared on line ${declared.range.start.line + 1}`, ''];
  const writes = writtenAt(analysis, task, name);
  if (writes.length) {
    lines.push(`Written by its \`run\` into \`$GANTRY_OUTPUT\` on ${writes.length === 1 ? 'line' : 'lines'} ${writes.slice(0, MAX_LISTED).map((l) => l + 1).join(', ')}:`);
    lines.push(...quoted(analysis, ...writes.slice(0, 3)));
  } else {
    lines.push(`Its \`run\` writes it as \`${name}=VALUE\` into \`$GANTRY_OUTPUT\` (no such line found in \`run\`).`);
  }
  lines.push('', `Its value is known once ${code(task.name)} has run; this task gets it then.`);
  return lines.join('\n');
}

/** Lines of the task's `run` value that write `NAME=` (into `$GANTRY_OUTPUT`, or a line that mentions it). */
function writtenAt(analysis: Analysis, task: UnitSpec, name: string): number[] {
  const run = task.fields.run?.value;
  if (!run) return [];
  const pattern = new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=`);
  const found: number[] = [];
  for (let line = run.start.line; line <= run.end.line; line++) {
    const text = analysis.lines[line] ?? '';
    if (pattern.test(text)) found.push(line);
  }
  return found;
}

/** File lines as a code block. */
function quoted(analysis: Analysis, ...lineNumbers: number[]): string[] {
  const text = lineNumbers.map((n) => {
    const line = (analysis.lines[n] ?? '').trim();
    return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
  });
  const fence = '`'.repeat(Math.max(3, ...text.map((t) => longestRun(t, '`') + 1)));
  return ['', `${fence}yaml`, ...text, fence];
}

/** Inline code that holds any text (backticks included). */
function code(text: string): string {
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function longestRun(text: string, c: string): number {
  let best = 0;
  let run = 0;
  for (const ch of text) {
    run = ch === c ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
