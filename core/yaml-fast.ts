/**
 * A fast path for the YAML that batch files are made of, composing straight into `yaml`'s own
 * node objects so that core/parse.ts reads them exactly as it reads `yaml`'s.
 *
 * Why: on a generated 20,000-task file `yaml`'s Parser + Composer take seconds — its Parser reads
 * `process.env` for every token, every node runs `Object.defineProperty`, and the CST is garbage
 * the moment it is composed. This module scans the text once and builds only the final nodes.
 *
 * The subset (everything else returns undefined, and the caller uses `yaml`):
 * - one document whose top level is a block mapping starting at column 0 (no `---`, `...`, `%`);
 * - block mappings and block sequences indented with spaces, including `- key: value` items,
 *   `- - x` and a sequence at its key's own indentation (`needs:\n- a`);
 * - keys that are plain or quoted scalars on one line;
 * - values on one line: plain, single- or double-quoted scalars, and flow sequences / mappings
 *   (nested, no empty or trailing entries, no `key: value` pairs inside a flow sequence);
 * - comments, blank lines, LF or CRLF line breaks.
 * Anchors, aliases, tags, block scalars, multi-line scalars and flow collections, explicit keys,
 * tabs, empty values next to comments, and anything `yaml` would warn or error about go to `yaml`.
 *
 * Equivalence with `yaml` (node kinds, values, scalar types and formats, `range` triples, the
 * document range and the LineCounter's line starts) is what test/yaml-fast.test.ts checks. The
 * triples' third entry follows `yaml`'s rules for where trailing comments and blank lines belong;
 * the comments themselves are not kept (`comment`, `commentBefore`, `spaceBefore` stay unset), and
 * neither is `srcToken`: nothing in Gantry reads them.
 */
import { Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

const NODE_TYPE = Symbol.for('yaml.node.type');

type Range3 = [number, number, number];
type FastNode = FastScalar | FastMap | FastSeq;

/*
 * Node classes whose prototypes chain to yaml's, with the node-type symbol on the prototype:
 * `isScalar` / `isMap` / … and `instanceof` work, and creating one is a plain object allocation
 * (yaml's constructors call Object.defineProperty per node).
 */
class FastScalar {
  declare value: unknown;
  declare source: string;
  declare type: Scalar.Type;
  declare range: Range3;
  // Plain assignments, not class fields: fields are defined with define semantics, which costs
  // more per node than the constructor of yaml's that this avoids.
  constructor(value: unknown, source: string, type: Scalar.Type, range: Range3) {
    this.value = value;
    this.source = source;
    this.type = type;
    this.range = range;
  }
}
class FastPair {
  declare key: FastScalar;
  /** null once a listener has taken the value. */
  declare value: FastNode | null;
  constructor(key: FastScalar, value: FastNode) {
    this.key = key;
    this.value = value;
  }
}
class FastMap {
  declare schema: unknown;
  declare items: FastPair[];
  declare range: Range3;
  declare flow?: boolean;
  constructor(schema: unknown) {
    this.schema = schema;
    this.items = [];
    this.range = [0, 0, 0];
  }
}
class FastSeq {
  declare schema: unknown;
  declare items: FastNode[];
  declare range: Range3;
  declare flow?: boolean;
  constructor(schema: unknown) {
    this.schema = schema;
    this.items = [];
    this.range = [0, 0, 0];
  }
}
function inherit(fast: { prototype: object }, base: { prototype: object }, type: string): void {
  Object.setPrototypeOf(fast.prototype, base.prototype);
  Object.defineProperty(fast.prototype, NODE_TYPE, { value: Symbol.for(type) });
}
inherit(FastScalar, Scalar, 'yaml.scalar');
inherit(FastPair, Pair, 'yaml.pair');
inherit(FastMap, YAMLMap, 'yaml.map');
inherit(FastSeq, YAMLSeq, 'yaml.seq');

/** Thrown (and caught in composeFast) when the text leaves the subset. */
const BAIL = new Error('outside the fast YAML subset');

/** Characters that are never in the subset, wherever they are (tabs, BOM, controls; CR is checked apart). */
const OUTSIDE = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f\ufeff]/;
/** A CR not followed by LF (CRLF line breaks are in the subset). */
const STRAY_CR = /\r(?!\n)/;
/** Document markers and directives at the start of a line. */
const MARKERS = /^(?:---|\.\.\.)(?:[ \r\n]|$)|^%/m;

/** MARKERS.test, without scanning every line of a text that has none of the three anywhere. */
function hasMarkers(text: string): boolean {
  return (text.includes('---') || text.includes('...') || text.includes('%')) && MARKERS.test(text);
}
/** Longest implicit key yaml accepts in strict mode is 1024 characters; keep well away. */
const MAX_KEY = 1000;

const SPACE = 32;
const LF = 10;
const CR = 13;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;
const QUOTE = 34;
const APOS = 39;

/** Trivia left after a value: none, a trivia item (can extend a collection's range), or in an empty value's separator. */
const NONE = 0;
const ITEM = 1;
const SEP = 2;

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown;
}

/**
 * Told of pairs as they are composed, so that a reader can consume a large document while it is
 * being composed and let go of each part once read: the parts then die young instead of the
 * whole tree being built first (for a 100,000-task file, hundreds of MB that the garbage
 * collector had to carry into the old generation).
 */
export interface ComposeListener {
  /** Top-level keys whose block-mapping values are handed over pair by pair (first occurrence only). */
  readonly sections: ReadonlySet<string>;
  /** A top-level pair, its value complete. */
  topPair(pair: Pair<unknown, unknown>): void;
  /** A pair of a section, its value complete; true when it was read: the composer then keeps none of it. */
  sectionPair(section: string, pair: Pair<unknown, unknown>): boolean;
}

/**
 * Composes `text` as `yaml` would (with `uniqueKeys: false`), or returns undefined when the text
 * uses anything outside the subset or nests collections more than `maxDepth` deep (the top-level
 * mapping is depth 1). On success the line starts are added to `lineCounter` (unless the caller
 * has added them already); on undefined it is left untouched, so the caller can hand it to yaml's
 * Parser. A `listener` is called as pairs are composed, also when the text turns out to be
 * outside the subset later on.
 */
export function composeFast(text: string, lineCounter: LineCounter, maxDepth = Infinity, listener?: ComposeListener): Document.Parsed | undefined {
  if (OUTSIDE.test(text) || (text.includes('\r') && STRAY_CR.test(text)) || hasMarkers(text)) return undefined;
  const doc = new Document(undefined, { uniqueKeys: false, prettyErrors: false }) as unknown as Document.Parsed;
  let contents: FastMap;
  let lastEmpty: boolean;
  try {
    const composer = new FastComposer(text, doc, maxDepth, listener);
    contents = composer.document();
    lastEmpty = composer.pending === SEP;
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
  const contentEnd = contents.range[2];
  doc.contents = contents as unknown as Document.Parsed['contents'];
  doc.range = [contents.range[0], contentEnd, lastEmpty ? contentEnd : text.length];
  doc.errors = [];
  doc.warnings = [];
  if (lineCounter.lineStarts.length === 0) addLineStarts(text, lineCounter);
  return doc;
}

/** The line starts of `text`, as yaml's Parser reports them to a LineCounter. */
export function addLineStarts(text: string, lineCounter: LineCounter): void {
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
}

class FastComposer {
  private readonly schema: unknown;
  private readonly tags: ScalarTag[];
  private readonly keyTags: ScalarTag[];
  private readonly options: unknown;
  private readonly end: number;
  /**
   * The core schema's null and plain float tags, whose `resolve` builds a whole yaml Scalar
   * (a costly constructor) only to carry the value and, for floats, `minFractionDigits`:
   * resolvePlain gives the same without it.
   */
  private readonly nullTag?: ScalarTag;
  private readonly floatTag?: ScalarTag;
  /**
   * The core schema without BigInts: there `123` can only be its int and `1.50` its float (no tag
   * before them matches digits, with or without one dot), so those skip the tag tests.
   */
  private readonly coreNumbers: boolean;

  // The next content line, as found by nextContent(): its start, indentation and first character
  // (`nextAt` is -1 at the end of the text), and the trivia before it.
  private lineStart = 0;
  private nextIndent = 0;
  private nextAt = -1;
  private triviaMaxComment = -1;
  /** What the trivia after the last value is (NONE, ITEM, SEP) and where it ends. */
  pending = NONE;
  private pendingEnd = 0;
  /** Collections open around the one being composed. */
  private depth = 0;
  /** Top-level keys seen so far (a section is handed over at its first occurrence only). */
  private readonly topKeys = new Set<unknown>();

  constructor(
    private readonly text: string,
    doc: Document.Parsed,
    private readonly maxDepth: number,
    private readonly listener?: ComposeListener,
  ) {
    this.end = text.length;
    this.schema = doc.schema;
    this.options = doc.options;
    const tags = doc.schema.tags as unknown as ScalarTag[] & Array<{ collection?: string }>;
    this.tags = tags.filter((t) => t.default === true && t.test && !(t as { collection?: string }).collection);
    this.keyTags = tags.filter((t) => (t.default === true || t.default === 'key') && t.test && !(t as { collection?: string }).collection);
    this.nullTag = this.tags.find((t) => t.test!.test('null'));
    this.floatTag = this.tags.find((t) => t.test!.test('1.50') && !t.format);
    this.coreNumbers = (doc.schema as { name?: string }).name === 'core' && !(doc.options as { intAsBigInt?: boolean }).intAsBigInt;
  }

  document(): FastMap {
    this.nextContent(0);
    if (this.nextAt < 0 || this.nextIndent !== 0) throw BAIL;
    if (this.keyColon(this.nextAt) < 0) throw BAIL;
    const map = this.blockMap(0, this.nextAt);
    if (this.nextAt >= 0) throw BAIL;
    return map;
  }

  /** The section a top-level key opens, if the listener wants it and it is the key's first occurrence. */
  private section(key: FastScalar): string | undefined {
    const name = key.value;
    if (!this.listener || typeof name !== 'string' || !this.listener.sections.has(name) || this.topKeys.has(name)) return undefined;
    return name;
  }

  /** Counts one more open collection; past `maxDepth` the text goes to yaml (and the depth check). */
  private enter(): void {
    if (++this.depth > this.maxDepth) throw BAIL;
  }

  // ---- lines --------------------------------------------------------------------------------

  /** Position after the line break of the line holding `i` (or the end of the text). */
  private afterLine(i: number): number {
    const nl = this.text.indexOf('\n', i);
    return nl < 0 ? this.end : nl + 1;
  }

  /** Skips blank and comment lines from the line start `from`; sets the next content line and the trivia. */
  private nextContent(from: number): void {
    const t = this.text;
    let maxComment = -1;
    let ls = from;
    while (ls < this.end) {
      let i = ls;
      while (t.charCodeAt(i) === SPACE) i++;
      const c = t.charCodeAt(i);
      if (c === LF || c === CR || i >= this.end) {
        ls = this.afterLine(i);
        continue;
      }
      if (c === HASH) {
        if (i - ls > maxComment) maxComment = i - ls;
        ls = this.afterLine(i);
        continue;
      }
      this.lineStart = ls;
      this.nextIndent = i - ls;
      this.nextAt = i;
      this.triviaMaxComment = maxComment;
      this.pending = i > from ? ITEM : NONE;
      this.pendingEnd = i;
      return;
    }
    this.lineStart = this.end;
    this.nextAt = -1;
    this.nextIndent = -1;
    this.triviaMaxComment = maxComment;
    this.pending = this.end > from ? ITEM : NONE;
    this.pendingEnd = this.end;
  }

  /**
   * After a value that ends its line: comment lines indented deeper than the collection (`indent`)
   * that follow it, with only blank lines between, belong to the value (yaml's parser appends them
   * to the value's end tokens). Returns the end of the last such line, or `from`.
   */
  private absorb(indent: number, from: number): number {
    const t = this.text;
    let end = from;
    let ls = from;
    while (ls < this.end) {
      let i = ls;
      while (t.charCodeAt(i) === SPACE) i++;
      const c = t.charCodeAt(i);
      if (c === LF || c === CR || i >= this.end) {
        ls = this.afterLine(i);
        continue;
      }
      if (c === HASH && i - ls > indent) {
        ls = this.afterLine(i);
        end = ls;
        continue;
      }
      break;
    }
    return end;
  }

  /** After a value on this line (ending at `i`): spaces, an optional comment, the line break. Returns the line's end. */
  private lineRest(i: number): number {
    const t = this.text;
    const start = i;
    while (t.charCodeAt(i) === SPACE) i++;
    const c = t.charCodeAt(i);
    if (i >= this.end || c === LF) return i >= this.end ? this.end : i + 1;
    if (c === CR) return i + 2;
    if (c === HASH && i > start) return this.afterLine(i);
    throw BAIL;
  }

  /** When a collection at `indent` ends: trailing trivia with a comment at or beyond its indentation stays in it. */
  private closeCollection(node: FastMap | FastSeq, indent: number): void {
    if (this.pending === ITEM && indent > 0 && this.triviaMaxComment >= indent) {
      node.range[2] = this.pendingEnd;
      this.pending = NONE;
    }
  }

  // ---- block collections --------------------------------------------------------------------

  private isDash(i: number): boolean {
    if (this.text.charCodeAt(i) !== DASH) return false;
    const c = this.text.charCodeAt(i + 1);
    return c === SPACE || c === LF || c === CR || i + 1 >= this.end;
  }

  /** `section`: this map is a section's value, whose pairs go to the listener as they are done. */
  private blockMap(indent: number, keyAt: number, section?: string): FastMap {
    const t = this.text;
    this.enter();
    const map = new FastMap(this.schema);
    const first = keyAt;
    let last: FastNode | undefined;
    for (;;) {
      const colon = this.keyColon(keyAt);
      if (colon < 0) throw BAIL;
      const key = this.key(keyAt, colon);
      let i = colon + 1;
      while (t.charCodeAt(i) === SPACE) i++;
      const c = t.charCodeAt(i);
      let value: FastNode;
      if (i >= this.end || c === LF || c === CR || c === HASH) {
        // The value is on the next lines, or empty.
        const hasComment = c === HASH;
        this.nextContent(this.afterLine(i));
        const at = this.nextAt;
        if (at >= 0 && this.nextIndent >= indent && this.isDash(at)) {
          value = this.blockSeq(this.nextIndent, at);
        } else if (at >= 0 && this.nextIndent > indent) {
          value = this.blockMap(this.nextIndent, at, this.depth === 1 ? this.section(key) : undefined);
        } else {
          if (hasComment || this.triviaMaxComment >= 0) throw BAIL;
          value = new FastScalar(null, '', 'PLAIN', [i, i, i]);
          value.value = this.resolvePlain('', false);
          this.pending = SEP;
        }
      } else {
        if (c === DASH && this.isDash(i)) throw BAIL; // `key: - x`
        value = this.flowNode(i, false);
        const rest = this.lineRest(value.range[1]);
        const end = this.absorb(indent, rest);
        value.range[2] = end;
        this.nextContent(end);
      }
      const pair = new FastPair(key, value);
      last = value;
      // A pair the listener has taken is not kept at all: its section is read already.
      const taken = section !== undefined && this.listener!.sectionPair(section, pair as unknown as Pair<unknown, unknown>);
      if (taken) pair.value = null;
      else map.items.push(pair);
      if (this.listener && this.depth === 1) {
        this.topKeys.add(key.value);
        this.listener.topPair(pair as unknown as Pair<unknown, unknown>);
      }
      if (this.nextAt < 0 || this.nextIndent < indent) break;
      if (this.nextIndent > indent || this.isDash(this.nextAt)) throw BAIL;
      this.pending = NONE;
      keyAt = this.nextAt;
    }
    const valueEnd = last!.range[2];
    map.range = [first, valueEnd, valueEnd];
    this.closeCollection(map, indent);
    this.depth--;
    return map;
  }

  private blockSeq(indent: number, dashAt: number): FastSeq {
    const t = this.text;
    this.enter();
    const seq = new FastSeq(this.schema);
    const first = dashAt;
    let last: FastNode | undefined;
    for (;;) {
      if (t.charCodeAt(dashAt + 1) !== SPACE) throw BAIL; // `-` alone: empty item or content below
      let i = dashAt + 2;
      while (t.charCodeAt(i) === SPACE) i++;
      const c = t.charCodeAt(i);
      if (i >= this.end || c === LF || c === CR || c === HASH) throw BAIL;
      const column = i - this.lineStart;
      let item: FastNode;
      if (this.isDash(i)) {
        item = this.blockSeq(column, i);
      } else if (this.keyColon(i) >= 0) {
        item = this.blockMap(column, i);
      } else {
        item = this.flowNode(i, false);
        const rest = this.lineRest(item.range[1]);
        const end = this.absorb(indent, rest);
        item.range[2] = end;
        this.nextContent(end);
      }
      seq.items.push(item);
      last = item;
      if (this.nextAt < 0 || this.nextIndent < indent) break;
      if (this.nextIndent > indent) throw BAIL;
      if (!this.isDash(this.nextAt)) break; // a key at the same column: this was `key:\n- item`
      this.pending = NONE;
      dashAt = this.nextAt;
    }
    const valueEnd = last!.range[2];
    seq.range = [first, valueEnd, valueEnd];
    this.closeCollection(seq, indent);
    this.depth--;
    return seq;
  }

  // ---- keys ---------------------------------------------------------------------------------

  /**
   * If a block mapping key starts at `i` (a plain or quoted scalar on this line, then `:` and a
   * space or the line's end), the position of its `:`; otherwise -1.
   */
  private keyColon(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    let j: number;
    if (c === QUOTE || c === APOS) {
      j = this.quotedEnd(i);
      if (j < 0) return -1;
      while (t.charCodeAt(j) === SPACE) j++;
      if (t.charCodeAt(j) !== COLON) return -1;
    } else {
      if (!this.plainStart(i, false)) return -1;
      j = i + 1;
      for (;;) {
        const d = t.charCodeAt(j);
        if (j >= this.end || d === LF || d === CR) return -1;
        if (d === HASH && t.charCodeAt(j - 1) === SPACE) return -1;
        if (d === COLON) {
          const e = t.charCodeAt(j + 1);
          if (e === SPACE || e === LF || e === CR || j + 1 >= this.end) break;
        }
        j++;
      }
    }
    const e = t.charCodeAt(j + 1);
    if (!(e === SPACE || e === LF || e === CR || j + 1 >= this.end)) return -1;
    return j;
  }

  private key(at: number, colon: number): FastScalar {
    const t = this.text;
    const c = t.charCodeAt(at);
    let end: number;
    let node: FastScalar;
    if (c === QUOTE || c === APOS) {
      end = this.quotedEnd(at);
      node = this.quoted(at, end);
    } else {
      end = colon;
      while (t.charCodeAt(end - 1) === SPACE) end--;
      const source = t.slice(at, end);
      node = new FastScalar(null, source, 'PLAIN', [at, end, end]);
      node.value = this.resolvePlain(source, true, node);
    }
    if (end - at > MAX_KEY) throw BAIL;
    return node;
  }

  // ---- flow nodes ---------------------------------------------------------------------------

  /** A scalar or flow collection at `i`; range[2] is set to the end of its value (callers extend it). */
  private flowNode(i: number, inFlow: boolean): FastNode {
    const c = this.text.charCodeAt(i);
    if (c === 91 /* [ */) return this.flowSeq(i);
    if (c === 123 /* { */) return this.flowMap(i);
    if (c === QUOTE || c === APOS) {
      const end = this.quotedEnd(i);
      if (end < 0) throw BAIL;
      return this.quoted(i, end);
    }
    return this.plain(i, inFlow);
  }

  /** Skips spaces after a flow item, setting its range[2] to where they end. */
  private afterFlowItem(node: FastNode): number {
    let i = node.range[1];
    while (this.text.charCodeAt(i) === SPACE) i++;
    node.range[2] = i;
    return i;
  }

  private flowSeq(start: number): FastSeq {
    const t = this.text;
    this.enter();
    const seq = new FastSeq(this.schema);
    seq.flow = true;
    let i = start + 1;
    while (t.charCodeAt(i) === SPACE) i++;
    if (t.charCodeAt(i) !== 93 /* ] */) {
      for (;;) {
        const item = this.flowNode(i, true);
        seq.items.push(item);
        i = this.afterFlowItem(item);
        const c = t.charCodeAt(i);
        if (c === 93) break;
        if (c !== COMMA) throw BAIL; // `:` (a pair), a comment, the line's end, …
        i++;
        while (t.charCodeAt(i) === SPACE) i++;
        if (t.charCodeAt(i) === 93 || t.charCodeAt(i) === COMMA) throw BAIL; // trailing or empty entry
      }
    }
    seq.range = [start, i + 1, i + 1];
    this.depth--;
    return seq;
  }

  private flowMap(start: number): FastMap {
    const t = this.text;
    this.enter();
    const map = new FastMap(this.schema);
    map.flow = true;
    let i = start + 1;
    while (t.charCodeAt(i) === SPACE) i++;
    if (t.charCodeAt(i) !== 125 /* } */) {
      for (;;) {
        const k = t.charCodeAt(i);
        if (k === 91 || k === 123) throw BAIL; // collection as a key
        const key = this.flowNode(i, true) as FastScalar;
        i = key.range[1];
        while (t.charCodeAt(i) === SPACE) i++;
        if (t.charCodeAt(i) !== COLON || t.charCodeAt(i + 1) !== SPACE) throw BAIL; // `{a}`, `"a":b`, …
        i += 2;
        while (t.charCodeAt(i) === SPACE) i++;
        const v = t.charCodeAt(i);
        if (v === COMMA || v === 125 || v === LF || v === CR || i >= this.end) throw BAIL; // empty value
        const value = this.flowNode(i, true);
        map.items.push(new FastPair(key, value));
        i = this.afterFlowItem(value);
        const c = t.charCodeAt(i);
        if (c === 125) break;
        if (c !== COMMA) throw BAIL;
        i++;
        while (t.charCodeAt(i) === SPACE) i++;
        if (t.charCodeAt(i) === 125 || t.charCodeAt(i) === COMMA) throw BAIL;
      }
    }
    map.range = [start, i + 1, i + 1];
    this.depth--;
    return map;
  }

  // ---- scalars ------------------------------------------------------------------------------

  /** Whether a plain scalar may start at `i` (no indicator that starts something else). */
  private plainStart(i: number, inFlow: boolean): boolean {
    const t = this.text;
    const c = t.charCodeAt(i);
    switch (c) {
      case 45: // -
      case 63: // ?
      case COLON: {
        const d = t.charCodeAt(i + 1);
        if (d === SPACE || d === LF || d === CR || i + 1 >= this.end) return false;
        if (inFlow && (d === COMMA || d === 91 || d === 93 || d === 123 || d === 125)) return false;
        return true;
      }
      case COMMA:
      case 91: // [
      case 93: // ]
      case 123: // {
      case 125: // }
      case HASH:
      case 38: // &
      case 42: // *
      case 33: // !
      case 124: // |
      case 62: // >
      case APOS:
      case QUOTE:
      case 37: // %
      case 64: // @
      case 96: // `
      case SPACE:
      case LF:
      case CR:
        return false;
    }
    return i < this.end;
  }

  private plain(start: number, inFlow: boolean): FastScalar {
    const t = this.text;
    if (!this.plainStart(start, inFlow)) throw BAIL;
    let i = start + 1;
    let end = i;
    for (; i < this.end; i++) {
      const c = t.charCodeAt(i);
      if (c === LF || c === CR) break;
      if (c === SPACE) continue;
      if (c === HASH && t.charCodeAt(i - 1) === SPACE) break;
      if (c === COLON) {
        const d = t.charCodeAt(i + 1);
        // `: ` ends the scalar (a flow map's key; in a block value the caller bails on it).
        if (d === SPACE || d === LF || d === CR || i + 1 >= this.end) break;
        if (inFlow) throw BAIL; // `a:b` and `a:,` in flow: yaml's rules there are subtle
      }
      if (inFlow && (c === COMMA || c === 91 || c === 93 || c === 123 || c === 125)) break;
      end = i + 1;
    }
    if (inFlow && t.charCodeAt(i) === HASH) throw BAIL; // a comment inside a flow collection
    const source = t.slice(start, end);
    const node = new FastScalar(null, source, 'PLAIN', [start, end, end]);
    node.value = this.resolvePlain(source, false, node);
    return node;
  }

  /** The position after the closing quote of the quoted scalar at `i`, or -1 if it does not close on this line. */
  private quotedEnd(i: number): number {
    const t = this.text;
    const q = t.charCodeAt(i);
    for (let j = i + 1; j < this.end; j++) {
      const c = t.charCodeAt(j);
      if (c === LF || c === CR) return -1;
      if (q === QUOTE && c === 92 /* \ */) {
        j++;
        if (t.charCodeAt(j) === LF || t.charCodeAt(j) === CR) return -1;
        continue;
      }
      if (c === q) {
        if (q === APOS && t.charCodeAt(j + 1) === APOS) {
          j++;
          continue;
        }
        return j + 1;
      }
    }
    return -1;
  }

  private quoted(start: number, end: number): FastScalar {
    const t = this.text;
    const after = t.charCodeAt(end);
    // yaml wants white space (or an indicator) after a quoted scalar; `"a"b` is an error.
    if (!(end >= this.end || after === SPACE || after === LF || after === CR || after === COLON || after === COMMA || after === 93 || after === 125)) throw BAIL;
    const single = t.charCodeAt(start) === APOS;
    const inner = t.slice(start + 1, end - 1);
    const value = single ? (inner.includes("'") ? inner.replace(/''/g, "'") : inner) : inner.includes('\\') ? unescape(inner) : inner;
    return new FastScalar(value, value, single ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', [start, end, end]);
  }

  /** The core schema's value for a plain scalar, exactly as yaml's findScalarTagByTest + resolve. */
  private resolvePlain(source: string, atKey: boolean, node?: FastScalar): unknown {
    const c = source.charCodeAt(0);
    const n = source.length;
    // Only these can match a non-string tag of the core schema (null, bool, int, float: `~`, `null`,
    // `true`, `False`, `0x1F`, `-1`, `+.5`, `.inf`, `.NaN`); the rest are strings.
    const maybe =
      n === 0 ||
      (c >= 48 && c <= 57) ||
      c === 43 ||
      c === 45 ||
      c === 46 ||
      c === 126 ||
      ((c === 110 || c === 78 || c === 116 || c === 84) && n === 4) ||
      ((c === 102 || c === 70) && n === 5);
    if (!maybe) return source;
    // …and every such match ends in a digit, a hex digit, `.`, `~` or the last letter of `null`,
    // `nan`, `inf`, `true`/`false`: `23s`, `5m` and `1h` are strings without trying the tags.
    const last = source.charCodeAt(n - 1);
    const ends =
      n === 0 ||
      (last >= 48 && last <= 57) ||
      (last >= 65 && last <= 70) ||
      (last >= 97 && last <= 102) ||
      last === 46 ||
      last === 126 ||
      last === 108 ||
      last === 76 ||
      last === 110 ||
      last === 78;
    if (!ends) return source;
    let tag: ScalarTag | undefined;
    const digits = this.coreNumbers ? digitsEnd(source, 0) : 0;
    if (digits > 0 && digits === n) return parseInt(source, 10); // the core int tag's resolve, base 10
    if (digits > 0 && source.charCodeAt(digits) === 46 && digitsEnd(source, digits + 1) === n) tag = this.floatTag;
    const tags = atKey ? this.keyTags : this.tags;
    for (let i = 0; tag === undefined && i < tags.length; i++) {
      if (tags[i].test!.test(source)) tag = tags[i];
    }
    if (!tag) return source;
    if (tag === this.nullTag) return null;
    if (tag === this.floatTag) {
      // As yaml's float: parseFloat, and the digits written after the dot when the last is a 0.
      const dot = source.indexOf('.');
      if (node && dot !== -1 && source.charCodeAt(n - 1) === 48) (node as { minFractionDigits?: number }).minFractionDigits = n - dot - 1;
      return parseFloat(source);
    }
    let failed = false;
    const res = tag.resolve(source, () => (failed = true), this.options);
    if (failed) throw BAIL;
    if (node && tag.format) (node as { format?: string }).format = tag.format;
    if (res instanceof Scalar) {
      // float and null resolve to a Scalar of their own (float may set minFractionDigits).
      if (node) {
        for (const k of Object.keys(res)) if (k !== 'value') (node as unknown as Record<string, unknown>)[k] = (res as unknown as Record<string, unknown>)[k];
      }
      return res.value;
    }
    return res;
  }
}

/** The end of the run of ASCII digits in `text` that starts at `from` (`from` itself when there is none). */
function digitsEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** A one-line double-quoted scalar's escapes, as yaml's doubleQuotedValue; anything it would report, bails. */
function unescape(inner: string): string {
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = inner[++i];
    const simple = ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const length = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (!length) throw BAIL;
    const hex = inner.substr(i + 1, length);
    if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) throw BAIL;
    out += String.fromCodePoint(code);
    i += length;
  }
  return out;
}
