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

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** Indices into `TOKEN_TYPES` (numbers, not names: a large file has tens of thousands of tokens). */
const enum T {
  Keyword,
  Operator,
  Namespace,
  Function,
  Class,
  Parameter,
  EnumMember,
  Property,
  Variable,
}
const READONLY = 1;

/**
 * The tokens of every expression in the document (or of those touching `range`), encoded as
 * LSP wants them: five numbers per token, each relative to the one before.
 */
export function semanticTokens(analysis: Analysis, range?: Range): SemanticTokens {
  const file = analysis.result.file;
  if (!file) return { data: [] };
  // An expression under `defaults:` is the same object in every unit that inherits it.
  const seen = new Set<Expression>();
  const expressions: Expression[] = [];
  for (const units of [file.services, file.tasks]) {
    for (const unit of units) {
      for (const expression of unit.expressions) {
        if (seen.has(expression)) continue;
        seen.add(expression);
        const at = expression.range;
        if (range && (at.end.line < range.start.line || at.start.line > range.end.line)) continue;
        expressions.push(expression);
      }
    }
  }
  // Sorted by expression (mostly in order already), not by token: an expression's tokens come in order.
  expressions.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const out = new Tokens(analysis.lines, new Set(file.services.map((s) => s.name)));
  for (const expression of expressions) out.expression(expression);
  return { data: out.data };
}

/** LSP's encoding, built left to right: five numbers per token, its line and start relative to the token before. */
class Tokens {
  readonly data: number[] = [];
  private lastLine = 0;
  private lastStart = 0;
  private lastEnd = 0;
  /** The line of the expression being added, and its text. */
  private line = 0;
  private text = '';

  constructor(
    private readonly lines: readonly string[],
    private readonly services: ReadonlySet<string>,
  ) {}

  /** Adds the tokens of one expression's parts, left to right. */
  expression(expression: Expression): void {
    const { range, path, segmentRanges } = expression;
    const line = range.start.line;
    // The scanner closes an expression on the line it opens; anything else is not ours to colour,
    // nor an expression at a place already coloured.
    if (line < 0 || range.end.line !== line || !this.free(line, range.start.character)) return;
    this.line = line;
    this.text = this.lines[line] ?? '';
    const open = range.start.character;
    const close = range.end.character;
    this.token(open, open + 3, T.Keyword);
    let cursor = open + 3;
    for (let i = 0; i < path.length; i++) {
      const at = segmentRanges[i];
      if (!at || at.start.line !== line || at.start.character < cursor) return;
      this.between(cursor, at.start.character);
      this.token(at.start.character, at.end.character, segmentType(path, i, this.services), path[0] === 'env' && i === 1 ? READONLY : 0);
      cursor = at.end.character;
      if (i === 1 && path[0] === 'needs' && expression.expansion) {
        const { start, end } = expression.expansion.range;
        if (start.line !== line || start.character < cursor) continue;
        this.between(cursor, start.character);
        this.selector(start.character, end.character);
        cursor = end.character;
      }
    }
    if (close - 2 < cursor) return;
    this.between(cursor, close - 2);
    this.token(close - 2, close, T.Keyword);
  }

  /** Whether a token may start at `line`, `character`: after the last one's end. */
  private free(line: number, character: number): boolean {
    return line > this.lastLine || (line === this.lastLine && character >= this.lastEnd);
  }

  private token(start: number, end: number, type: T, modifiers = 0): void {
    if (end <= start || !this.free(this.line, start)) return;
    const line = this.line;
    this.data.push(line - this.lastLine, line === this.lastLine ? start - this.lastStart : start, end - start, type, modifiers);
    this.lastLine = line;
    this.lastStart = start;
    this.lastEnd = end;
  }

  /** What lies between two parts: dots, brackets and quotes are operators, blanks nothing. */
  private between(from: number, to: number): void {
    const text = this.text;
    let start = -1;
    for (let i = from; i <= to; i++) {
      const blank = i === to || text[i] === ' ' || text[i] === '\t';
      if (!blank && start < 0) start = i;
      else if (blank && start >= 0) {
        this.token(start, i, T.Operator);
        start = -1;
      }
    }
  }

  /** `[KEY=VALUE,…]` from `start` to `end` (the brackets included). */
  private selector(start: number, end: number): void {
    const text = this.text;
    if (text[start] !== '[' || text[end - 1] !== ']') return;
    this.token(start, start + 1, T.Operator);
    let piece = start + 1;
    for (let i = start + 1; i <= end - 1; i++) {
      if (i < end - 1 && text[i] !== ',') continue;
      const equals = text.indexOf('=', piece);
      if (equals >= 0 && equals < i) {
        this.trimmed(piece, equals, T.Parameter);
        this.token(equals, equals + 1, T.Operator);
        this.trimmed(equals + 1, i, T.EnumMember);
      } else {
        this.trimmed(piece, i, T.EnumMember);
      }
      if (i < end - 1) this.token(i, i + 1, T.Operator);
      piece = i + 1;
    }
    this.token(end - 1, end, T.Operator);
  }

  /** A token for `start`–`end` without the blanks around it. */
  private trimmed(start: number, end: number, type: T): void {
    const text = this.text;
    while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
    while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    this.token(start, end, type);
  }
}

/** `matrix`, `needs`, `env` and `outputs` are words of the expression language; the rest are names from the file. */
function segmentType(path: readonly string[], i: number, services: ReadonlySet<string>): T {
  if (i === 0 || (i === 2 && path[0] === 'needs')) return T.Namespace;
  if (path[0] === 'matrix') return T.Parameter;
  if (path[0] === 'env') return T.Variable;
  if (i === 1) return services.has(path[1]) ? T.Class : T.Function;
  return T.Property;
}
