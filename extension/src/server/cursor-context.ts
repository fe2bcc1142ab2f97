/**
 * Where the cursor is in a batch file, read from the lines around it rather than from the YAML
 * tree: while someone types, the file is usually not valid YAML (`  ima` has no colon yet), and
 * completion must still know it is inside `tasks.build`. Indentation is what the user sees and
 * what YAML block structure is made of, so it is what we follow.
 */
import type { Position, Range } from '../../../core/diagnostics';

/**
 * The document's lines, read one at a time: an array, or the open document itself (whose line
 * index the editor keeps up to date), so a keystroke never splits a large file.
 */
export interface Lines {
  readonly length: number;
  at(index: number): string | undefined;
}

/** Lines of a `vscode-languageserver-textdocument` document, without copying its text. */
export function documentLines(document: {
  lineCount: number;
  getText(range: { start: Position; end: Position }): string;
}): Lines {
  return {
    length: document.lineCount,
    at(index) {
      if (index < 0 || index >= document.lineCount) return undefined;
      return document.getText({ start: { line: index, character: 0 }, end: { line: index + 1, character: 0 } }).replace(/\r?\n$/, '');
    },
  };
}

export type CursorKind =
  /** Typing a key of the mapping at `path`. */
  | 'key'
  /** Typing the scalar value of `key` in the mapping at `path`. */
  | 'value'
  /** Typing an item of the sequence that is the value of `key` (block `- x` or flow `[x, y]`). */
  | 'item';

export interface CursorContext {
  /** Keys from the root to the mapping the cursor is in: `[]`, `['tasks', 'build']`, … */
  path: string[];
  kind: CursorKind;
  /** For `value` and `item`: the key whose value is being typed. */
  key?: string;
  /** The word being typed, up to the cursor. */
  prefix: string;
  /** The text a completion replaces: the word around the cursor. */
  range: Range;
  /** Set when the cursor is inside `${{ … }}`: the dotted segments before the one being typed. */
  expression?: { segments: string[] };
}

/** A word as completion sees it: names, keys, quantities (`1.5`, `256Mi`), image refs (`a/b:c`). */
const WORD = /[A-Za-z0-9_.\-/:@]/;
export const KEY_WORD = /[A-Za-z0-9_-]/;

interface Line {
  indent: number;
  /** `key` when the line is `key:` or `key: value` (after any `- `). */
  key?: string;
  /** The line opens a block: `key:` with nothing (or only a comment) after the colon. */
  opens: boolean;
  /** The line starts with `- `. */
  item: boolean;
  blank: boolean;
}

const KEY_LINE = /^(\s*)(-\s+)?(["']?)([^\s:"'#][^:#]*?)\3\s*:(?:\s+(.*))?$/;

function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

function readLine(text: string): Line {
  const trimmed = text.trimStart();
  const indent = text.length - trimmed.length;
  if (trimmed === '' || trimmed.startsWith('#') || trimmed === '---') return { indent, opens: false, item: false, blank: true };
  const m = KEY_LINE.exec(text.replace(/\s+#.*$/, ''));
  const item = /^-(\s|$)/.test(trimmed);
  if (!m) return { indent, opens: false, item, blank: false };
  const value = (m[5] ?? '').trim();
  return { indent, key: m[4].trim(), opens: value === '' || value.startsWith('|') || value.startsWith('>'), item, blank: false };
}

/** The keys of the mappings that contain a line indented by `indent`, found by walking up. */
export function parentPath(lines: Lines, lineIndex: number, indent: number, sequenceItem = false): string[] {
  const path: string[] = [];
  let limit = indent;
  // A block sequence may sit at the same indentation as its key (`needs:\n- a`).
  let allowEqual = sequenceItem;
  for (let i = lineIndex - 1; i >= 0 && limit > 0; i--) {
    const raw = lines.at(i) ?? '';
    // Most lines above are deeper than the block we look for: skip them without parsing.
    const lead = indentOf(raw);
    if (lead > limit || (lead === limit && !allowEqual && raw.length > lead)) continue;
    const line = readLine(raw);
    if (line.blank) continue;
    if (line.indent < limit || (allowEqual && line.indent === limit && !line.item)) {
      if (line.key === undefined || !line.opens || line.item) {
        // A sequence of mappings, a flow value or a scalar: not a place for keys. Keep looking
        // for the enclosing key, from this line's indentation.
        if (line.item && line.key !== undefined && line.opens) path.unshift(line.key);
        limit = line.indent;
        allowEqual = line.item;
        continue;
      }
      path.unshift(line.key);
      limit = line.indent;
      allowEqual = false;
    }
  }
  return path;
}

/** The run of `word` characters around `character` on `line`, and the part of it before `character`. */
export function wordRange(text: string, line: number, character: number, word: RegExp): { range: Range; prefix: string } {
  let start = character;
  while (start > 0 && word.test(text[start - 1])) start--;
  let end = character;
  while (end < text.length && word.test(text[end])) end++;
  return {
    prefix: text.slice(start, character),
    range: { start: { line, character: start }, end: { line, character: end } },
  };
}

export function cursorContext(lines: Lines, position: Position): CursorContext {
  const text = lines.at(position.line) ?? '';
  const character = Math.min(position.character, text.length);
  const before = text.slice(0, character);

  const exprStart = before.lastIndexOf('${{');
  if (exprStart >= 0 && !before.slice(exprStart).includes('}}')) {
    const inner = before.slice(exprStart + 3).trimStart();
    const parts = inner.split('.');
    const { range, prefix } = wordRange(text, position.line, character, KEY_WORD);
    const base = locate(lines, position.line, text, character);
    return { ...base, prefix, range, expression: { segments: parts.slice(0, -1).map((s) => s.trim()) } };
  }
  return locate(lines, position.line, text, character);
}

function locate(lines: Lines, lineIndex: number, text: string, character: number): CursorContext {
  const before = text.slice(0, character);
  const indent = before.length - before.trimStart().length;
  const rest = before.slice(indent);

  // `- item` of a block sequence.
  const itemMatch = /^-\s+(.*)$/.exec(rest) ?? (/^-$/.test(rest) ? ['', ''] : null);
  if (itemMatch) {
    const owner = ownerOfItem(lines, lineIndex, indent);
    const { range, prefix } = wordRange(text, lineIndex, character, WORD);
    const strip = stripQuote(prefix, range);
    return { path: owner.path, kind: 'item', key: owner.key, ...strip };
  }

  const keyMatch = /^(["']?)([^\s:"'#][^:#]*?)\1\s*:(\s*)(.*)$/.exec(rest);
  if (keyMatch) {
    const key = keyMatch[2].trim();
    const value = keyMatch[4];
    const path = parentPath(lines, lineIndex, indent);
    // `key: { x: 1, needs: [a, b`: a flow sequence in a flow mapping (a task written on one line).
    const open = openFlows(value);
    const innermost = open.at(-1);
    if (innermost?.kind === '[' && innermost.key !== undefined && open.slice(0, -1).every((f, i) => f.kind === '{' && (i === 0 || f.key !== undefined))) {
      const { range, prefix } = wordRange(text, lineIndex, character, WORD);
      const inner = open.slice(1, -1).map((f) => f.key as string);
      return { path: [...path, key, ...inner], kind: 'item', key: innermost.key, ...stripQuote(prefix.replace(/^.*[,[]\s*/, ''), range) };
    }
    // `key: [a, b` or `key: { x: 1, y`: inside a flow collection.
    const flowSeq = value.lastIndexOf('[');
    if (flowSeq >= 0 && !value.slice(flowSeq).includes(']')) {
      const { range, prefix } = wordRange(text, lineIndex, character, WORD);
      return { path, kind: 'item', key, ...stripQuote(prefix.replace(/^.*[,[]\s*/, ''), range) };
    }
    const flowMap = value.lastIndexOf('{');
    if (flowMap >= 0 && !value.slice(flowMap).includes('}')) {
      const inner = value.slice(flowMap + 1).split(',').pop() ?? '';
      const { range, prefix } = wordRange(text, lineIndex, character, KEY_WORD);
      const innerKey = /^\s*([^:]+):\s*(.*)$/.exec(inner);
      if (innerKey) return { path: [...path, key], kind: 'value', key: innerKey[1].trim(), prefix, range };
      return { path: [...path, key], kind: 'key', prefix, range };
    }
    const { range, prefix } = wordRange(text, lineIndex, character, WORD);
    return { path, kind: 'value', key, ...stripQuote(prefix, range) };
  }

  // A key being typed (no colon yet), or a blank line.
  const { range, prefix } = wordRange(text, lineIndex, character, KEY_WORD);
  const keyIndent = rest === '' ? character : indent;
  return { path: parentPath(lines, lineIndex, keyIndent), kind: 'key', prefix, range };
}

interface OpenFlow {
  kind: '{' | '[';
  /** The key whose value it is, when it sits in a flow mapping. */
  key?: string;
}

/**
 * The flow collections still open at the end of `text` (`{ image: x, needs: [a, b`), outermost
 * first. Quoted text is skipped; a `:` counts as a key's end only before a blank (`node:20` is a value).
 */
function openFlows(text: string): OpenFlow[] {
  const open: OpenFlow[] = [];
  let entry = 0;
  let key: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) break;
      i = end;
    } else if (c === '{' || c === '[') {
      open.push({ kind: c, key });
      key = undefined;
      entry = i + 1;
    } else if (c === '}' || c === ']') {
      open.pop();
      key = undefined;
    } else if (c === ',') {
      key = undefined;
      entry = i + 1;
    } else if (c === ':' && open.at(-1)?.kind === '{' && key === undefined && (i + 1 === text.length || /\s/.test(text[i + 1]))) {
      key = text.slice(entry, i).trim().replace(/^(["'])(.*)\1$/, '$2');
    }
  }
  return open;
}

/** The key a `- item` at `indent` belongs to, and the path of the mapping holding that key. */
function ownerOfItem(lines: Lines, lineIndex: number, indent: number): { path: string[]; key?: string } {
  for (let i = lineIndex - 1; i >= 0; i--) {
    const line = readLine(lines.at(i) ?? '');
    if (line.blank) continue;
    if (line.item && line.indent === indent) continue;
    if (line.indent <= indent && line.key !== undefined && line.opens && !line.item) {
      return { path: parentPath(lines, i, line.indent), key: line.key };
    }
    if (line.indent < indent) break;
  }
  return { path: parentPath(lines, lineIndex, indent, true) };
}

function stripQuote(prefix: string, range: Range): { prefix: string; range: Range } {
  return { prefix: prefix.replace(/^["']/, ''), range };
}
