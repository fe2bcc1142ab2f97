/**
 * Finds `${{ … }}` expressions in the source text of a YAML scalar. Scanning the source (not the
 * parsed value) keeps every offset exact, also in quoted and block scalars, so the editor can
 * point at each path segment.
 *
 * Two forms exist: `${{ matrix.KEY }}` and `${{ needs.TASK.outputs.NAME }}`. Whether the key, task
 * or output exists is for validation; this module only checks the shape.
 */

export interface FoundExpression {
  /** The whole `${{ … }}` as written. */
  text: string;
  path: string[];
  /** Offsets into the scanned source, end exclusive. */
  start: number;
  end: number;
  segments: Array<[number, number]>;
}

export interface ExpressionProblem {
  code: 'unclosed-expression' | 'invalid-expression';
  message: string;
  start: number;
  end: number;
}

export const EXPRESSION_FORMS = '${{ matrix.KEY }} or ${{ needs.TASK.outputs.NAME }}';

const SEGMENT = /^[A-Za-z0-9_-]+$/;

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
    const found = splitPath(inner, base + open + 3);
    if (!found || !isKnownForm(found.path)) {
      problems.push({
        code: 'invalid-expression',
        message: `"${text}" is not an expression Gantry knows: write ${EXPRESSION_FORMS}.`,
        start: base + open,
        end: base + end,
      });
    } else {
      expressions.push({ text, path: found.path, start: base + open, end: base + end, segments: found.segments });
    }
    from = end;
  }
  return { expressions, problems };
}

function splitPath(inner: string, base: number): { path: string[]; segments: Array<[number, number]> } | undefined {
  const lead = inner.length - inner.trimStart().length;
  const body = inner.trim();
  if (body === '') return undefined;
  const path: string[] = [];
  const segments: Array<[number, number]> = [];
  let at = base + lead;
  for (const part of body.split('.')) {
    if (!SEGMENT.test(part)) return undefined;
    path.push(part);
    segments.push([at, at + part.length]);
    at += part.length + 1;
  }
  return { path, segments };
}

function isKnownForm(path: string[]): boolean {
  if (path[0] === 'matrix') return path.length === 2;
  if (path[0] === 'needs') return path.length === 4 && path[2] === 'outputs';
  return false;
}
