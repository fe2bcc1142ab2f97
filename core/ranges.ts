/**
 * Source positions for YAML nodes. The `yaml` package reports character offsets into the text
 * (JavaScript string indices, i.e. UTF-16 code units); its `LineCounter` turns them into one-based
 * line/column. Diagnostics use LSP positions: zero-based, UTF-16, end exclusive.
 */
import type { LineCounter, Node } from 'yaml';
import type { Position, Range } from './diagnostics';

/** Zero-based LSP position of a character offset. */
export function positionAt(lineCounter: Pick<LineCounter, 'lineStarts'>, offset: number): Position {
  // LineCounter.linePos's binary search, without the object it returns: this runs several times
  // for every key of a file, and the garbage showed in profiles.
  const starts = lineCounter.lineStarts;
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] < offset) low = mid + 1;
    else high = mid;
  }
  if (starts[low] === offset) return { line: low, character: 0 };
  if (low === 0) return { line: -1, character: offset - 1 };
  return { line: low - 1, character: offset - starts[low - 1] };
}

/** `offset` moved into `text`: at most its length, at least 0, and never inside a `\r\n`. */
export function inText(text: string, offset: number): number {
  if (offset > text.length) return text.length;
  if (!(offset > 0)) return 0;
  return text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset;
}

/**
 * `positionAt` for many offsets of one text, fast when they come in increasing order (as a reader
 * walking the document asks): it looks at the line of the last answer and the next one before
 * searching. The same answers as `positionAt`; asked for the same offset twice in a row, the same
 * object (positions are never changed in place).
 */
export class Positions {
  private line = 0;
  private lastOffset = -1;
  private last?: Position;
  private readonly starts: number[];

  constructor(
    private readonly lineCounter: LineCounter,
    /**
     * The text the line starts are of. With it, every answer is a position in that text: offsets
     * past its end count as its end, and an offset between the `\r` and the `\n` of a line break
     * (where the `yaml` package points some errors) as the `\r`, the line's end — LSP has no
     * position inside a line break.
     */
    private readonly text?: string,
  ) {
    this.starts = lineCounter.lineStarts;
  }

  /** The line starts the answers come from (the LineCounter's own array, shared). */
  get lineStarts(): Pick<LineCounter, 'lineStarts'> {
    return this.lineCounter;
  }

  /** The range `[start, end)`; an `end` before `start` counts as `start`. */
  range(start: number, end: number): Range {
    return { start: this.at(start), end: this.at(Math.max(start, end)) };
  }

  at(offset: number): Position {
    // Ranges often start where the last one did (a name and its whole entry): share the object.
    if (offset === this.lastOffset) return this.last!;
    this.lastOffset = offset;
    return (this.last = this.find(this.text === undefined ? offset : inText(this.text, offset)));
  }

  private find(offset: number): Position {
    const starts = this.starts;
    const n = starts.length;
    let line = this.line;
    if (line < n && starts[line] <= offset) {
      // The same line or one of the next two; else search.
      if (line + 1 < n && starts[line + 1] <= offset) {
        line++;
        if (line + 1 < n && starts[line + 1] <= offset) return this.search(offset);
      }
      this.line = line;
      return { line, character: offset - starts[line] };
    }
    return this.search(offset);
  }

  private search(offset: number): Position {
    const position = positionAt(this.lineCounter, offset);
    if (position.line >= 0) this.line = position.line;
    return position;
  }
}

/**
 * Where a key and its value are written, kept as offsets: `key` and `value` are computed each
 * time they are read. What `UnitSpec.fields` holds for every key of every unit — a Range pair per
 * key was a third of the model of a large file, and only the outline and a few messages read them.
 */
export class FieldSpan {
  // True private fields: equality of the model in tests is what the ranges say (compare
  // `toJSON()`), not how they are stored — the same ranges can come from different offsets and
  // line starts (a unit taken over from an earlier version is pointed at the new text, `repoint`).
  #lines: Pick<LineCounter, 'lineStarts'>;
  #keyStart: number;
  #keyEnd: number;
  #valueStart: number;
  #valueEnd: number;

  constructor(lines: Pick<LineCounter, 'lineStarts'>, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number) {
    this.#lines = lines;
    this.#keyStart = keyStart;
    this.#keyEnd = keyEnd;
    this.#valueStart = valueStart;
    this.#valueEnd = valueEnd;
  }

  get key(): Range {
    return { start: positionAt(this.#lines, this.#keyStart), end: positionAt(this.#lines, this.#keyEnd) };
  }

  get value(): Range {
    return { start: positionAt(this.#lines, this.#valueStart), end: positionAt(this.#lines, Math.max(this.#valueStart, this.#valueEnd)) };
  }

  /**
   * Points this span at another version of the text where the same key and value are written
   * `by` characters further on, on the same lines and columns: what `key` and `value` give does
   * not change, only which text's line starts are kept alive. (Not a copy: a unit taken over
   * from one version to the next is the same object, and must not keep each earlier version's
   * line starts alive.)
   */
  repoint(lines: Pick<LineCounter, 'lineStarts'>, by: number): void {
    this.#lines = lines;
    this.#keyStart += by;
    this.#keyEnd += by;
    this.#valueStart += by;
    this.#valueEnd += by;
  }

  /** As a plain `{ key, value }` (for JSON and for comparing with one). */
  toJSON(): { key: Range; value: Range } {
    return { key: this.key, value: this.value };
  }
}

/** Offsets `[start, end)` of a node's value, or an empty span at `fallback`. */
export function nodeSpan(node: Node | null | undefined, fallback = 0): [number, number] {
  const r = node?.range;
  return r ? [r[0], r[1]] : [fallback, fallback];
}

/** True when `pos` lies within `range` (start inclusive, end inclusive so a cursor at the end counts). */
export function rangeContains(range: Range, pos: Position): boolean {
  const afterStart =
    pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return afterStart && beforeEnd;
}

type Lines = Pick<LineCounter, 'lineStarts'>;

function spanRange(lines: Lines, start: number, end: number): Range {
  const from = positionAt(lines, start);
  return { start: from, end: end > start ? positionAt(lines, end) : from };
}

/**
 * A `needs` or `outputs` entry (`NameRef`) whose range is computed the first time it is read.
 * With mounts (`MountAt`), these were most of the Range objects a large file's model held, and
 * only diagnostics, references and renames read them. `settle()` computes the range and lets go
 * of the text's line starts: a unit taken over into the next version of the text must not keep
 * this one's alive (see `Reuse` in parse.ts). Compare with `toJSON()` (the range is not an own
 * property).
 */
export class NameAt {
  #lines: Lines | undefined;
  #start: number;
  #end: number;
  #range: Range | undefined;

  constructor(
    readonly name: string,
    lines: Lines,
    start: number,
    end: number,
  ) {
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
  }

  get range(): Range {
    return (this.#range ??= spanRange(this.#lines!, this.#start, this.#end));
  }

  settle(): void {
    this.#range ??= spanRange(this.#lines!, this.#start, this.#end);
    this.#lines = undefined;
  }

  toJSON(): { name: string; range: Range } {
    return { name: this.name, range: this.range };
  }
}

/** A mount (`Mount`) whose ranges are computed the first time they are read; see `NameAt`. */
export class MountAt {
  #lines: Lines | undefined;
  #start: number;
  #end: number;
  #sourceStart: number;
  #sourceEnd: number;
  #range: Range | undefined;
  #sourceRange: Range | undefined;

  constructor(
    readonly kind: 'volume' | 'bind',
    readonly source: string,
    readonly target: string,
    readonly readOnly: boolean,
    lines: Lines,
    start: number,
    end: number,
    sourceStart: number,
    sourceEnd: number,
  ) {
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
    this.#sourceStart = sourceStart;
    this.#sourceEnd = sourceEnd;
  }

  get range(): Range {
    return (this.#range ??= spanRange(this.#lines!, this.#start, this.#end));
  }

  /** Range of the source part alone (for volume-name references). */
  get sourceRange(): Range {
    return (this.#sourceRange ??= spanRange(this.#lines!, this.#sourceStart, this.#sourceEnd));
  }

  settle(): void {
    void this.range;
    void this.sourceRange;
    this.#lines = undefined;
  }

  toJSON(): { kind: 'volume' | 'bind'; source: string; target: string; readOnly: boolean; range: Range; sourceRange: Range } {
    return { kind: this.kind, source: this.source, target: this.target, readOnly: this.readOnly, range: this.range, sourceRange: this.sourceRange };
  }
}

/** A `${{ … }}` expression (`Expression`) whose ranges are computed when first read; see `NameAt`. */
export class ExpressionAt {
  #lines: Lines | undefined;
  #start: number;
  #end: number;
  /** Start and end offsets of each dotted segment, one after the other. */
  #segments: number[];
  #range: Range | undefined;
  #segmentRanges: Range[] | undefined;
  #expansion: { selector: string; start: number; end: number; range?: Range } | undefined;

  constructor(
    readonly text: string,
    readonly path: string[],
    readonly field: string,
    lines: Lines,
    start: number,
    end: number,
    segments: ReadonlyArray<readonly [number, number]>,
    expansion?: { selector: string; start: number; end: number },
  ) {
    this.#lines = lines;
    if (expansion) this.#expansion = { ...expansion };
    this.#start = start;
    this.#end = end;
    const flat: number[] = [];
    for (const [from, to] of segments) flat.push(from, to);
    this.#segments = flat;
  }

  get range(): Range {
    return (this.#range ??= spanRange(this.#lines!, this.#start, this.#end));
  }

  /** One range per segment of `path`. */
  get segmentRanges(): Range[] {
    if (!this.#segmentRanges) {
      const ranges: Range[] = [];
      for (let i = 0; i < this.#segments.length; i += 2) ranges.push(spanRange(this.#lines!, this.#segments[i], this.#segments[i + 1]));
      this.#segmentRanges = ranges;
    }
    return this.#segmentRanges;
  }

  /** `needs.test[shard=1]…`: the selector and the range of `[shard=1]`; see `Expression`. */
  get expansion(): { selector: string; range: Range } | undefined {
    const e = this.#expansion;
    if (!e) return undefined;
    e.range ??= spanRange(this.#lines!, e.start, e.end);
    return { selector: e.selector, range: e.range };
  }

  settle(): void {
    void this.range;
    void this.segmentRanges;
    void this.expansion;
    this.#lines = undefined;
  }

  toJSON(): { text: string; path: string[]; range: Range; segmentRanges: Range[]; field: string; expansion?: { selector: string; range: Range } } {
    const json = { text: this.text, path: this.path, range: this.range, segmentRanges: this.segmentRanges, field: this.field };
    const expansion = this.expansion;
    return expansion ? { ...json, expansion } : json;
  }
}
