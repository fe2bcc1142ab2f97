/**
 * Finds `${{ … }}` expressions in the source text of a YAML scalar. Scanning the source (not the
 * parsed value) keeps every offset exact, also in quoted and block scalars, so the editor can
 * point at each path segment.
 *
 * Three forms exist: `${{ matrix.KEY }}`, `${{ needs.TASK.outputs.NAME }}` and `${{ env.NAME }}` (a
 * variable of the environment Gantry runs in, in env values only); TASK may name one
 * expansion of a matrix task, as plan shows it: `needs.test[shard=1]` or quoted,
 * `needs['test[shard=1]']` (the quoted form allows any character but the quote in the values).
 * Whether the key, task, expansion or output exists is for validation; this module only checks the
 * shape. `parseExpressionPath` is also what substitution (core/substitute.ts) reads paths with.
 */

export interface FoundExpression {
  /** The whole `${{ … }}` as written. */
  text: string;
  path: string[];
  /** Offsets into the scanned source, end exclusive. */
  start: number;
  end: number;
  segments: Array<[number, number]>;
  /** `[shard=1]` after the task of `needs.test[shard=1]`: the selector inside, and the brackets' offsets. */
  expansion?: { selector: string; start: number; end: number };
}

export interface ExpressionProblem {
  code: 'unclosed-expression' | 'invalid-expression';
  message: string;
  start: number;
  end: number;
}

export const EXPRESSION_FORMS =
  '${{ matrix.KEY }}, ${{ needs.TASK.outputs.NAME }}, for one expansion of a matrix task ${{ needs.TASK[KEY=VALUE].outputs.NAME }}, or (in env values) ${{ env.NAME }}';

/**
 * Scans `source` (the text of one scalar as written) for expressions. `base` is added to every
 * offset, so callers pass the scalar's offset in the file and get file offsets back.
 */
export function scanExpressions(
  source: string,
  base = 0,
): { expressions: FoundExpression[]; problems: ExpressionProblem[] } {
  const expressions: FoundExpression[] = [];
  const problems: ExpressionProblem[] = [];
  let from = 0;
  for (;;) {
    const open = source.indexOf('${{', from);
    if (open < 0) break;
    const close = source.indexOf('}}', open + 3);
    // An opening on one line closed only on a later line is almost always a missing `}}`.
    const lineEnd = source.indexOf('\n', open);
    if (close < 0 || (lineEnd >= 0 && close > lineEnd)) {
      const end = lineEnd >= 0 ? lineEnd : source.length;
      problems.push({
        code: 'unclosed-expression',
        message: 'This "${{" has no closing "}}" on the same line.',
        start: base + open,
        end: base + end,
      });
      from = open + 3;
      continue;
    }
    const end = close + 2;
    const inner = source.slice(open + 3, close);
    const text = source.slice(open, end);
    const found = parseExpressionPath(inner, base + open + 3);
    if (!found || !isKnownForm(found.path)) {
      problems.push({
        code: 'invalid-expression',
        message: `"${text}" is not an expression Gantry knows: write ${EXPRESSION_FORMS}.`,
        start: base + open,
        end: base + end,
      });
    } else {
      const expression: FoundExpression = { text, path: found.path, start: base + open, end: base + end, segments: found.segments };
      if (found.expansion) expression.expansion = found.expansion;
      expressions.push(expression);
    }
    from = end;
  }
  return { expressions, problems };
}

/**
 * Reads the inside of `${{ … }}` (blanks around allowed): dotted segments, where the segment after
 * `needs` may carry an expansion selector (`test[shard=1]`, or the whole id quoted:
 * `['test[shard=1]']`, `["test"]`). Offsets are `base` plus the position in `inner`. Undefined
 * when it is not such a path.
 */
export function parseExpressionPath(inner: string, base = 0): ParsedExpressionPath | undefined {
  let at = inner.length - inner.trimStart().length;
  const stop = inner.trimEnd().length;
  if (at >= stop) return undefined;
  const path: string[] = [];
  const segments: Array<[number, number]> = [];
  let expansion: ParsedExpressionPath['expansion'];
  const word = (from: number): number => {
    let to = from;
    while (to < stop && WORD_CHAR.test(inner[to])) to++;
    return to;
  };
  for (;;) {
    const quoted = path.length === 1 && path[0] === 'needs' && inner[at] === '[' && (inner[at + 1] === "'" || inner[at + 1] === '"');
    if (quoted) {
      // needs['test[shard=1]']: the id between the quotes, then `]`.
      const quote = inner[at + 1];
      const close = inner.indexOf(quote, at + 2);
      if (close < 0 || close >= stop || inner[close + 1] !== ']') return undefined;
      const nameStart = at + 2;
      const nameEnd = word(nameStart);
      if (nameEnd === nameStart) return undefined;
      path.push(inner.slice(nameStart, nameEnd));
      segments.push([base + nameStart, base + nameEnd]);
      if (nameEnd !== close) {
        if (inner[nameEnd] !== '[' || inner[close - 1] !== ']' || close - 1 <= nameEnd + 1) return undefined;
        expansion = { selector: inner.slice(nameEnd + 1, close - 1), start: base + nameEnd, end: base + close };
      }
      at = close + 2;
    } else {
      if (path.length > 0) {
        if (inner[at] !== '.') return undefined;
        at++;
      }
      const end = word(at);
      if (end === at) return undefined;
      path.push(inner.slice(at, end));
      segments.push([base + at, base + end]);
      at = end;
      if (path.length === 2 && path[0] === 'needs' && inner[at] === '[') {
        // needs.test[shard=1]: the selector runs to the first `]`.
        const close = inner.indexOf(']', at);
        if (close < 0 || close >= stop || close === at + 1) return undefined;
        const selector = inner.slice(at + 1, close);
        if (/['"\n]/.test(selector)) return undefined;
        expansion = { selector, start: base + at, end: base + close + 1 };
        at = close + 1;
      }
    }
    if (at >= stop) break;
  }
  return expansion ? { path, segments, expansion } : { path, segments };
}

export interface ParsedExpressionPath {
  path: string[];
  segments: Array<[number, number]>;
  expansion?: { selector: string; start: number; end: number };
}

const WORD_CHAR = /[A-Za-z0-9_-]/;

function isKnownForm(path: string[]): boolean {
  if (path[0] === 'matrix') return path.length === 2;
  // A variable of the environment Gantry runs in (env values only: core/checks/expressions.ts).
  if (path[0] === 'env') return path.length === 2 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(path[1]);
  if (path[0] === 'needs') return path.length === 4 && path[2] === 'outputs';
  return false;
}
