/** Text edits behind quick fixes. Positions are LSP positions (UTF-16), as JS string indexes are. */
import type { Fix, Position, Range } from '../diagnostics';
import { positionAt } from '../ranges';

/** The batch file's text with its line starts, computed once per validation. */
export interface SourceText {
  text: string;
  lineStarts: number[];
}

export function sourceText(text: string): SourceText {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return { text, lineStarts };
}

function offsetAt({ text, lineStarts }: SourceText, position: Position): number {
  return Math.min(text.length, (lineStarts[position.line] ?? text.length) + position.character);
}

/**
 * Removes one entry of a YAML list, whatever its style: the whole `- entry` line of a block
 * sequence, or the entry with one neighbouring comma in a flow sequence (`[a, b]` → `[b]`).
 * Reads only around the entry, so many fixes in a large file stay cheap.
 */
export function removeListEntryFix(title: string, source: SourceText, entry: Range): Fix {
  const { text, lineStarts } = source;
  const start = offsetAt(source, entry.start);
  const end = offsetAt(source, entry.end);
  const lineStart = lineStarts[entry.start.line] ?? 0;
  const before = text.slice(lineStart, start);
  if (/^\s*-\s+$/.test(before)) {
    // Block sequence: drop the whole line, newline included.
    const nextLine = text.indexOf('\n', end);
    const cut = nextLine === -1 ? text.length : nextLine + 1;
    return { title, range: { start: { line: entry.start.line, character: 0 }, end: positionAt(source, cut) }, newText: '' };
  }
  const trailing = /[ \t]*,\s*/y;
  trailing.lastIndex = end;
  const after = trailing.exec(text);
  if (after) return { title, range: { start: entry.start, end: positionAt(source, end + after[0].length) }, newText: '' };
  const comma = /,\s*$/.exec(text.slice(Math.max(0, start - 200), start));
  if (comma) return { title, range: { start: positionAt(source, start - comma[0].length), end: entry.end }, newText: '' };
  return { title, range: entry, newText: '' };
}
