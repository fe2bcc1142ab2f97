/**
 * Semantic highlighting of `${{ … }}` expressions: each part of an expression the parse recorded
 * gets a standard token type, so the default themes colour the expression as code inside the
 * YAML string around it. Only what the parse read is coloured (a malformed expression is the
 * parser's `invalid-expression` and is left to the YAML grammar), at the parse's own ranges: the
 * text is not scanned again, and escapes or quotes before an expression cannot shift it.
 *
 * | part                                        | token type        | Dark Modern / Light Modern |
 * | ------------------------------------------- | ----------------- | -------------------------- |
 * | `${{`, `}}`                                 | `keyword`         | purple / magenta           |
 * | `.`, `[`, `]`, `['`, `']`, `=`, `,`         | `operator`        | plain text colour          |
 * | `matrix`, `needs`, `env`, `outputs`         | `namespace`       | teal                       |
 * | TASK of `needs.TASK…`                       | `function`        | yellow / brown             |
 * | … when it names a service (an error)        | `class`           | teal                       |
 * | KEY of `matrix.KEY`, KEY of `[KEY=VALUE]`   | `parameter`       | light blue / dark blue     |
 * | VALUE of `[KEY=VALUE]`                      | `enumMember`      | bright blue                |
 * | NAME of `outputs.NAME`                      | `property`        | light blue / dark blue     |
 * | NAME of `env.NAME`                          | `variable` + `readonly` | bright blue          |
 *
 * Tasks and services are `function` and `class` as in the outline (document-symbols.ts). A name
 * the checks flag (no such task, key or output) keeps its type: the diagnostic marks it.
 */
import type { Range, SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { Expression } from '../../../../core/model';
import type { Analysis } from '../analysis';

export const TOKEN_TYPES = ['keyword', 'operator', 'namespace', 'function', 'class', 'parameter', 'enumMember', 'property', 'variable'] as const;
export const TOKEN_MODIFIERS = ['readonly'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const TYPE_INDEX = new Map<string, number>(TOKEN_TYPES.map((t, i) => [t, i]));
const READONLY = 1 << TOKEN_MODIFIERS.indexOf('readonly');

/** Words of the expression language itself (not names from the file). */
const FIXED = new Set(['matrix', 'needs', 'env', 'outputs']);

/**
 * The tokens of every expression in the document (or of those touching `range`), encoded as
 * LSP wants them: five numbers per token, each relative to the one before.
 */
export function semanticTokens(analysis: Analysis, range?: Range): SemanticTokens {
  const file = analysis.result.file;
  if (!file) return { data: [] };
  const services = new Set(file.services.map((s) => s.name));
  const lines = analysis.lines;
  const raw: number[] = [];
  // An expression under `defaults:` is the same object in every unit that inherits it.
  const seen = new Set<Expression>();
  for (const units of [file.services, file.tasks]) {
    for (const unit of units) {
      for (const expression of unit.expressions) {
        if (seen.has(expression)) continue;
        seen.add(expression);
        const at = expression.range;
        if (range && (at.end.line < range.start.line || at.start.line > range.end.line)) continue;
        tokensOf(expression, lines, services, raw);
      }
    }
  }
  return { data: encode(raw) };
}

/** Appends `line, character, length, type, modifiers` for each part of one expression. */
function tokensOf(expression: Expression, lines: readonly string[], services: ReadonlySet<string>, out: number[]): void {
  const { range, path, segmentRanges } = expression;
  const line = range.start.line;
  // The scanner closes an expression on the line it opens; anything else is not ours to colour.
  if (line < 0 || range.end.line !== line) return;
  const text = lines[line] ?? '';
  const push = (start: number, end: number, type: TokenType, modifiers = 0) => {
    if (end > start) out.push(line, start, end - start, TYPE_INDEX.get(type)!, modifiers);
  };
  // What lies between the parts: dots, brackets and quotes are operators, blanks nothing.
  const between = (from: number, to: number) => {
    let start = -1;
    for (let i = from; i <= to; i++) {
      const blank = i === to || text[i] === ' ' || text[i] === '\t';
      if (!blank && start < 0) start = i;
      else if (blank && start >= 0) {
        push(start, i, 'operator');
        start = -1;
      }
    }
  };

  const open = range.start.character;
  const close = range.end.character;
  push(open, open + 3, 'keyword');
  let cursor = open + 3;
  for (let i = 0; i < path.length; i++) {
    const at = segmentRanges[i];
    if (!at || at.start.line !== line || at.start.character < cursor) return;
    between(cursor, at.start.character);
    push(at.start.character, at.end.character, segmentType(path, i, services), path[0] === 'env' && i === 1 ? READONLY : 0);
    cursor = at.end.character;
    const expansion = i === 1 && path[0] === 'needs' ? expression.expansion : undefined;
    if (expansion && expansion.range.start.line === line && expansion.range.start.character >= cursor) {
      between(cursor, expansion.range.start.character);
      selector(text, expansion.range.start.character, expansion.range.end.character, push);
      cursor = expansion.range.end.character;
    }
  }
  if (close - 2 < cursor) return;
  between(cursor, close - 2);
  push(close - 2, close, 'keyword');
}

function segmentType(path: readonly string[], i: number, services: ReadonlySet<string>): TokenType {
  if (i === 0 || (i === 2 && path[0] === 'needs' && FIXED.has(path[i]))) return 'namespace';
  if (path[0] === 'matrix') return 'parameter';
  if (path[0] === 'env') return 'variable';
  if (i === 1) return services.has(path[1]) ? 'class' : 'function';
  return 'property';
}

/** `[KEY=VALUE,…]` from `start` to `end` (the brackets included). */
function selector(text: string, start: number, end: number, push: (start: number, end: number, type: TokenType) => void): void {
  if (text[start] !== '[' || text[end - 1] !== ']') return;
  push(start, start + 1, 'operator');
  let piece = start + 1;
  for (let i = start + 1; i <= end - 1; i++) {
    if (i < end - 1 && text[i] !== ',') continue;
    const equals = text.indexOf('=', piece);
    if (equals >= 0 && equals < i) {
      push(...trimmed(text, piece, equals), 'parameter');
      push(equals, equals + 1, 'operator');
      push(...trimmed(text, equals + 1, i), 'enumMember');
    } else {
      push(...trimmed(text, piece, i), 'enumMember');
    }
    if (i < end - 1) push(i, i + 1, 'operator');
    piece = i + 1;
  }
  push(end - 1, end, 'operator');
}

function trimmed(text: string, start: number, end: number): [number, number] {
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return [start, end];
}

/** Absolute `line, character, …` quintuples, sorted and without overlaps, made relative. */
function encode(raw: number[]): number[] {
  const count = raw.length / 5;
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => raw[a * 5] - raw[b * 5] || raw[a * 5 + 1] - raw[b * 5 + 1]);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  let lastEnd = -1;
  let lastLine = -1;
  for (const i of order) {
    const l = raw[i * 5];
    const c = raw[i * 5 + 1];
    if (l === lastLine && c < lastEnd) continue;
    data.push(l - line, l === line ? c - character : c, raw[i * 5 + 2], raw[i * 5 + 3], raw[i * 5 + 4]);
    line = l;
    character = c;
    lastLine = l;
    lastEnd = c + raw[i * 5 + 2];
  }
  return data;
}
