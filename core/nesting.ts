/**
 * A quick, linear estimate of how deeply a YAML text nests, run before the YAML parser: the
 * parser's cost grows much faster than linearly with depth (a 200 kB line of `[` takes seconds),
 * so a hostile or broken file must be refused before it is parsed.
 *
 * The estimate counts block indentation levels, `- ` markers at the start of a line, and open
 * flow collections (`[`, `{` where a value starts), skipping quoted strings, comments and block
 * scalars. It may overestimate slightly on odd files; real batch files nest less than ten deep,
 * far below any sensible limit.
 */

/** Offset of the first place nesting exceeds `limit`, or -1. */
export function findExcessNesting(text: string, limit: number): number {
  // Character codes rather than one-character strings: this walks every character of the file.
  const indents: number[] = [];
  let flow = 0;
  /** The open quote's character code, or 0. */
  let quote = 0;
  /** Lines indented more than this belong to a block scalar (`|`, `>`); -1 when not in one. */
  let blockScalar = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    const indent = i - lineStart;
    const first = text.charCodeAt(i);
    const blank = i >= lineEnd || first === CR || first === HASH;
    let skip = false;
    if (blockScalar >= 0) {
      if (blank || indent > blockScalar) skip = true;
      else blockScalar = -1;
    }
    if (!skip && !blank) {
      let depth = 0;
      if (flow === 0 && quote === 0) {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        // `- - x` and `- a: b` nest once per marker on the same line.
        for (;;) {
          const c = text.charCodeAt(i);
          if (!((c === DASH || c === QUESTION) && (i + 1 >= lineEnd || text.charCodeAt(i + 1) === SPACE))) break;
          depth++;
          i += 2;
          while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
        }
      }
      let valueStart = true;
      let lastSignificant = 0;
      for (; i < lineEnd; i++) {
        const c = text.charCodeAt(i);
        if (quote) {
          if (c === BACKSLASH && quote === DQUOTE) i++;
          else if (c === quote) {
            if (quote === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) i++;
            else quote = 0;
          }
          continue;
        }
        if (c === SPACE || c === TAB) {
          if (lastSignificant === COLON || lastSignificant === DASH || lastSignificant === QUESTION) valueStart = true;
          continue;
        }
        if (c === HASH && (i === lineStart || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) break;
        if (valueStart && (c === DQUOTE || c === SQUOTE)) {
          quote = c;
          valueStart = false;
          continue;
        }
        if ((c === LBRACKET || c === LBRACE) && (valueStart || (flow > 0 && (lastSignificant === COMMA || lastSignificant === LBRACKET || lastSignificant === LBRACE)))) {
          flow++;
          if (indents.length + depth + flow > limit) return i;
        } else if ((c === RBRACKET || c === RBRACE) && flow > 0) flow--;
        else if ((c === PIPE || c === GT) && valueStart && flow === 0) blockScalar = indent;
        valueStart = flow > 0 && (c === COMMA || c === LBRACKET || c === LBRACE);
        lastSignificant = c;
      }
      if (indents.length + depth + flow > limit) return lineStart + indent;
    }
    lineStart = lineEnd + 1;
  }
  return -1;
}

const TAB = 9;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const GT = 62;
const QUESTION = 63;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;
