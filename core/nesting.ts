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
  const indents: number[] = [];
  let flow = 0;
  let quote = '';
  /** Lines indented more than this belong to a block scalar (`|`, `>`); -1 when not in one. */
  let blockScalar = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    const indent = i - lineStart;
    const blank = i >= lineEnd || text[i] === '\r' || text[i] === '#';
    let skip = false;
    if (blockScalar >= 0) {
      if (blank || indent > blockScalar) skip = true;
      else blockScalar = -1;
    }
    if (!skip && !blank) {
      let depth = 0;
      if (flow === 0 && quote === '') {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        // `- - x` and `- a: b` nest once per marker on the same line.
        while ((text[i] === '-' || text[i] === '?') && (i + 1 >= lineEnd || text[i + 1] === ' ')) {
          depth++;
          i += 2;
          while (i < lineEnd && text.charCodeAt(i) === 32) i++;
        }
      }
      let valueStart = true;
      let lastSignificant = '';
      for (; i < lineEnd; i++) {
        const c = text[i];
        if (quote) {
          if (c === '\\' && quote === '"') i++;
          else if (c === quote) {
            if (quote === "'" && text[i + 1] === "'") i++;
            else quote = '';
          }
          continue;
        }
        if (c === ' ' || c === '\t') {
          if (lastSignificant === ':' || lastSignificant === '-' || lastSignificant === '?') valueStart = true;
          continue;
        }
        if (c === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
        if (valueStart && (c === '"' || c === "'")) {
          quote = c;
          valueStart = false;
          continue;
        }
        if ((c === '[' || c === '{') && (valueStart || (flow > 0 && ',[{'.includes(lastSignificant)))) {
          flow++;
          if (indents.length + depth + flow > limit) return i;
        } else if ((c === ']' || c === '}') && flow > 0) flow--;
        else if ((c === '|' || c === '>') && valueStart && flow === 0) blockScalar = indent;
        valueStart = flow > 0 && (c === ',' || c === '[' || c === '{');
        lastSignificant = c;
      }
      if (indents.length + depth + flow > limit) return lineStart + indent;
    }
    lineStart = lineEnd + 1;
  }
  return -1;
}
