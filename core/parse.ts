/**
 * Batch file text → `BatchFile`, with every syntax and shape problem as a positioned diagnostic.
 *
 * The parser never stops at the first problem and never throws: bad parts are dropped or
 * defaulted, so validation and the language server still work on a half-typed file. It checks
 * shape only (types, names, quantities, known keys); what refers to what (needs, cycles,
 * expressions' targets, policy, capacity) is core/validate.ts's job, on this output.
 *
 * This file is the machinery: the fast YAML path and streaming over it, reuse of unchanged units
 * across versions of a document, positions and diagnostics, and readers of plain values (strings,
 * numbers, durations, lists). The rules per key of a task, service and `defaults:` are the field
 * table's (core/fields.ts), read by core/fields-read.ts through this reader.
 */
import { Composer, LineCounter, Parser } from 'yaml';
import type { Document, Node, Pair, Scalar } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from './yaml-nodes';
import { FILE_START, sortDiagnostics, type Diagnostic, type Fix, type Range, type Severity } from './diagnostics';
import { DURATION_FORMS, MAX_TIMER_MS, parseDuration } from './duration';
import { durationFix } from './duration-fix';
import { formatDurationExact } from './format';
import { scanExpressions } from './expressions';
import { capitalise, checkUnitKeys, DEFAULT_CPUS, DEFAULT_MEMORY, DEFAULT_RETRIES, NONE, type Defaults, type FieldReader, type ListItem, type ReadContext } from './fields-read';
import { unitField } from './fields';
import { keyDoc, keyNames, NAME_PATTERN, NAME_RULE, type KeyContext } from './keys';
import { ENGINES, isEngineName, type BatchFile, type Capacity, type Condition, type EnvFileRef, type Expression, type MatrixAxis, type Mount, type NameRef, type Retries, type SecretRef, type UnitSpec, type VolumeSpec } from './model';
import { findExcessNesting } from './nesting';
import type { ParseCode } from './parse-codes';
import { CPUS_FORMS, MEMORY_FORMS, dockerMemoryMeaning, parseCpus, parseMemory } from './quantity';
import { ExpressionAt, FieldSpan, MountAt, NameAt, nodeSpan, positionAt, Positions } from './ranges';
import { suggest } from './suggest';
import { composeKey } from './compose';
import { addLineStarts, composeFast, type ComposeListener } from './yaml-fast';

export interface ParseResult {
  /** Set whenever the top level is a mapping, even when parts of it are invalid. */
  file?: BatchFile;
  diagnostics: Diagnostic[];
  /**
   * Turns offsets in the text into lines and columns. (The YAML document itself is not kept: the
   * model holds every position a feature needs, and for a 100,000-task file the syntax tree is
   * ~180 MB that `gantry plan` would otherwise carry to the end.)
   */
  lineCounter: LineCounter;
  /** What a later parse of an edited text may reuse (only when asked for with `reusable`). */
  reusable?: ReusableUnits;
}

/**
 * The tasks and services of one parse, by where they were written, for the parse of the next
 * version of the same document (the language server's, as the user types). A unit whose text
 * is unchanged reads the same — same model, same problems — if what it depends on is unchanged
 * too (the text before it and so its positions, and the defaults it was read with), so it is
 * taken over instead of read again. See `Reuse` for when that holds.
 */
interface ReusableUnit {
  /** Offset of the end of the unit's entry. */
  end: number;
  spec: UnitSpec;
  /** Its problems, as the parse reported them. */
  diagnostics: Diagnostic[];
}

export class ReusableUnits {
  // By the offset of the unit's name, in increasing order (units are read in document order):
  // found by binary search. Arrays side by side rather than a Map of objects: one of these is
  // made for every unit of every version typed.
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly specs: UnitSpec[] = [];
  private readonly problems: Diagnostic[][] = [];
  /** Where the `defaults:` entry the units were read with is written; undefined when there is none. */
  defaults?: { start: number; end: number };
  /** How many of these units were taken over from the previous version rather than read (for tests and benchmarks). */
  takenOver = 0;

  constructor(readonly text: string) {}

  add(start: number, end: number, spec: UnitSpec, diagnostics: Diagnostic[]): void {
    this.starts.push(start);
    this.ends.push(end);
    this.specs.push(spec);
    this.problems.push(diagnostics);
  }

  /** How many units there are. */
  get size(): number {
    return this.starts.length;
  }

  /** The unit whose name is at `start`, if any. */
  get(start: number): ReusableUnit | undefined {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid] < start) low = mid + 1;
      else if (starts[mid] > start) high = mid - 1;
      else return { end: this.ends[mid], spec: this.specs[mid], diagnostics: this.problems[mid] };
    }
    return undefined;
  }
}

/** Larger files get one error and are not parsed (5 MiB, counted in UTF-8 bytes). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Deeper nesting is refused: no batch file needs it, and it is how parsers are attacked. */
export const MAX_DEPTH = 64;
/** As yaml's `maxAliasCount`: more aliases than this are refused (billion-laughs style files). */
export const MAX_ALIASES = 100;

/** Defaults when neither the unit nor `defaults:` says (documented in core/keys.ts). */
export { DEFAULT_CPUS, DEFAULT_HEALTH, DEFAULT_MEMORY, DEFAULT_RETRIES } from './fields-read';

export interface ParseOptions {
  /**
   * Compose with the `yaml` package only, skipping the fast path of core/yaml-fast.ts (default
   * false). For the tests and benchmarks that compare the two; the results are the same.
   */
  slowYaml?: boolean;
  /** Keep what the next version's parse can reuse in `ParseResult.reusable` (default false). */
  reusable?: boolean;
  /** The previous version's parse, made with `reusable`: its units that read the same are taken over (see `Reuse`). */
  previous?: ParseResult;
}

export function parseBatchFile(written: string, options: ParseOptions = {}): ParseResult {
  // A `\r` alone ends a line (YAML's rule, LSP's and every editor's), but the `yaml` package reads
  // it as a character of the line: read it as the `\n` it stands for. One character for one, so
  // every offset, and so every range, is the same in the text as written.
  const text = normalizeLineBreaks(written);
  const refusal = refuse(text);
  if (refusal) return { diagnostics: [refusal], lineCounter: new LineCounter() };
  if (!options.slowYaml) {
    let fast: ParseResult | undefined;
    try {
      fast = readFast(text, options);
    } catch (error) {
      if (error !== RESTART) throw error;
      fast = readFast(text, null);
    }
    if (fast) return fast;
  }
  return readYaml(text);
}

/**
 * `text` with each `\r` that is not part of a `\r\n` replaced by `\n` (the same length, so the
 * same offsets): the line breaks YAML and LSP count, as the `yaml` package and the line counter
 * see them. The text itself when it has none (the usual case: one native scan).
 */
export function normalizeLineBreaks(text: string): string {
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) return text.replace(STRAY_CR, '\n');
  }
  return text;
}

const STRAY_CR = /\r(?!\n)/g;

/**
 * The fast YAML path (core/yaml-fast.ts); undefined when the text is outside its subset. Tasks,
 * services and volumes are read as they are composed (unless this is the read again after a
 * RESTART: no options), and each one's syntax tree is dropped once read. The fast path refuses
 * anything nested deeper than MAX_DEPTH, so its documents need no depth check.
 */
function readFast(text: string, options: Pick<ParseOptions, 'reusable' | 'previous'> | null): ParseResult | undefined {
  const lineCounter = new LineCounter();
  addLineStarts(text, lineCounter);
  const diagnostics: Diagnostic[] = [];
  const reuse = options?.previous?.reusable ? new Reuse(options.previous.reusable, text) : undefined;
  const reusable = options?.reusable ? new ReusableUnits(text) : undefined;
  const reader = new Reader(text, lineCounter, diagnostics, true, reuse, reusable);
  let file: BatchFile | undefined;
  try {
    const document = composeFast(text, lineCounter, MAX_DEPTH, options ? reader.listener() : undefined);
    if (!document) return undefined;
    file = reader.read(document);
  } catch (error) {
    if (error === RESTART) throw error;
    // A parser bug must not take an editor or a CLI run down with it: report it at the top.
    diagnostics.push(internalError(error));
  }
  const result: ParseResult = { file, diagnostics: sortDiagnostics(diagnostics), lineCounter };
  if (reusable) result.reusable = reusable;
  return result;
}

/**
 * The previous version's units and what changed since: the text is the old one with one region
 * replaced (the common start and end of the two versions are unchanged). A unit reads the same
 *
 * - when it ends before the change: its text, its positions and the defaults before it are
 *   the same; or
 * - when it starts after a change that kept the number of lines (typing within a line), at the
 *   same column, and the defaults are the same entry (the same text, before the change or after
 *   it): its text, lines and columns are the same, only its offsets moved.
 */
class Reuse {
  /** Length of the text the two versions start with. */
  readonly same: number;
  /** New length minus old: how far the unchanged end moved. */
  readonly delta: number;
  /** Where the unchanged end starts in the new text. */
  readonly changedEnd: number;
  /** The change left every line after it at its line number. */
  readonly linesKept: boolean;

  constructor(
    readonly previous: ReusableUnits,
    readonly text: string,
  ) {
    const old = previous.text;
    const n = Math.min(old.length, text.length);
    const p = commonPrefix(old, text, n);
    const q = commonSuffix(old, text, n - p);
    this.same = p;
    this.delta = text.length - old.length;
    this.changedEnd = text.length - q;
    this.linesKept = countLines(text, p, this.changedEnd) === countLines(old, p, old.length - q);
  }

  /**
   * Whether what starts at `start` in the new text is in the unchanged end, on the same line and
   * column as in the old text: then all of it is the same text at the same positions.
   */
  private intactAfter(start: number): boolean {
    if (!this.linesKept || start < this.changedEnd) return false;
    const was = start - this.delta;
    return start - (this.text.lastIndexOf('\n', start - 1) + 1) === was - (this.previous.text.lastIndexOf('\n', was - 1) + 1);
  }

  /** Whether `defaults:` (where the new text has it) is the same entry as the old units were read with. */
  private sameDefaults(now: { start: number; end: number } | undefined): boolean {
    const before = this.previous.defaults;
    if (!now || !before) return !now && !before;
    if (now.end < this.same) return now.start === before.start && now.end === before.end;
    return this.intactAfter(now.start) && now.start - this.delta === before.start && now.end - this.delta === before.end;
  }

  /** The unit read last time from the same text, if it reads the same now (see the class), and how far on in the text it is now. */
  get(start: number, end: number, defaults: { start: number; end: number } | undefined): { unit: ReusableUnit; offsets: number } | undefined {
    if (end < this.same) {
      const unit = this.previous.get(start);
      return unit && unit.end === end ? { unit, offsets: 0 } : undefined;
    }
    if (!this.intactAfter(start) || !this.sameDefaults(defaults)) return undefined;
    const unit = this.previous.get(start - this.delta);
    return unit && unit.end === end - this.delta ? { unit, offsets: this.delta } : undefined;
  }
}

/**
 * Compared a block at a time as strings (the engine's own comparison, many times faster than a
 * loop here), then character by character within the first block that differs.
 */
const COMPARE_BLOCK = 4096;

/** How many characters `a` and `b` start with alike, up to `max`. */
function commonPrefix(a: string, b: string, max: number): number {
  let p = 0;
  while (p + COMPARE_BLOCK <= max && a.slice(p, p + COMPARE_BLOCK) === b.slice(p, p + COMPARE_BLOCK)) p += COMPARE_BLOCK;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** How many characters `a` and `b` end with alike, up to `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let q = 0;
  while (q + COMPARE_BLOCK <= max && a.slice(a.length - q - COMPARE_BLOCK, a.length - q) === b.slice(b.length - q - COMPARE_BLOCK, b.length - q)) {
    q += COMPARE_BLOCK;
  }
  while (q < max && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  return q;
}

/** Line breaks in `text` between `from` and `to`. */
function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** The `yaml` package's parser, for any text; the nesting estimate runs first (its cost grows with depth). */
function readYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const deep = tooDeep(text);
  if (deep) return { diagnostics: [deep], lineCounter };
  const diagnostics: Diagnostic[] = [];
  let file: BatchFile | undefined;
  try {
    const document = parseYaml(text, lineCounter);
    const reader = new Reader(text, lineCounter, diagnostics, false);
    file = reader.read(document);
  } catch (error) {
    diagnostics.push(internalError(error));
  }
  return { file, diagnostics: sortDiagnostics(diagnostics), lineCounter };
}

function internalError(error: unknown): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal-error',
    message: `Gantry could not read this file because of a bug in its parser (${detail}). Please report it with the file.`,
    severity: 'error',
    range: FILE_START,
  };
}

/** Size and binary checks: texts no parser should see. */
function refuse(text: string): Diagnostic | undefined {
  if (utf8Length(text, MAX_FILE_BYTES) > MAX_FILE_BYTES) {
    return {
      code: 'file-too-large',
      message: `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB, too large for a batch file; it was not read. Split it, or generate fewer tasks with a matrix.`,
      severity: 'error',
      range: FILE_START,
    };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const at = plainPosition(text, nul);
    return {
      code: 'binary-file',
      message: 'The file contains NUL bytes, so it is not a text file; it was not read. Is this the right file?',
      severity: 'error',
      range: { start: at, end: { line: at.line, character: at.character + 1 } },
    };
  }
  const bad = notUtf8(text);
  if (bad >= 0) {
    const at = plainPosition(text, bad);
    return {
      code: 'invalid-utf8',
      message: 'The file is not UTF-8 text: the bytes here are not a UTF-8 character (editors show them as "\ufffd"); it was not read. Save the file as UTF-8.',
      severity: 'error',
      range: { start: at, end: { line: at.line, character: at.character + 1 } },
    };
  }
  return undefined;
}

/**
 * A batch file's bytes as text, for every reader of one (the CLI, the action): UTF-8, with a
 * leading byte order mark left out as editors leave it out. Bytes that are not UTF-8 become
 * U+FFFD, as in an editor, and `parseBatchFile` refuses the text (`invalid-utf8`, at the first
 * one): one check, one code, whether the bytes were decoded here or by the editor.
 */
export function decodeBatchFile(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Where `text` stops being UTF-8 text, or -1: the first U+FFFD (what a decoder, ours or an
 * editor's, makes of bytes that are not UTF-8) or lone surrogate (which no UTF-8 can encode).
 */
function notUtf8(text: string): number {
  const replaced = text.indexOf('\ufffd');
  const wellFormed = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (wellFormed ? wellFormed.call(text) : !LONE_SURROGATE.test(text)) return replaced;
  const lone = LONE_SURROGATE.exec(text)!.index;
  return replaced < 0 ? lone : Math.min(replaced, lone);
}

/** The nesting estimate that must run before yaml's parser sees the text (its cost grows with depth). */
function tooDeep(text: string): Diagnostic | undefined {
  const deep = findExcessNesting(text, MAX_DEPTH);
  if (deep < 0) return undefined;
  const at = plainPosition(text, deep);
  return {
    code: 'too-deep',
    message: `The YAML nests deeper than ${MAX_DEPTH} levels here; no batch file needs that, so it was not read.`,
    severity: 'error',
    range: { start: at, end: { line: at.line, character: at.character + 1 } },
  };
}

const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 length, stopping early once past `cap` (a 5 MiB check need not walk 50 MB). */
function utf8Length(text: string, cap: number): number {
  if (text.length > cap) return text.length;
  // Every UTF-16 unit is at most 3 UTF-8 bytes, so short texts need no walk; nor do ASCII ones.
  if (text.length * 3 <= cap || !NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= cap; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** LSP position of an offset without a LineCounter (for texts we refuse to parse). */
function plainPosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/**
 * yaml's `parseDocument`, spelled out so the options are ours: duplicate keys are reported by us
 * (with the first occurrence named), aliases are counted by us as they are followed.
 */
function parseYaml(text: string, lineCounter: LineCounter): Document.Parsed {
  // Line starts from the text itself, not from the Parser's callback: the Parser reports only the
  // line breaks of the tokens it reads as such, and misses those inside a token it could not place
  // (`Unexpected scalar token` spanning lines), so every later line was numbered too low.
  addLineStarts(text, lineCounter);
  const parser = new Parser();
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false });
  let first: Document.Parsed | undefined;
  for (const doc of composer.compose(parser.parse(text), true, text.length)) {
    if (!first) first = doc;
    else {
      const second = doc.range;
      const lineEnd = text.indexOf('\n', second[0]);
      const end = lineEnd < 0 || lineEnd > second[1] ? second[1] : lineEnd;
      first.errors.push(
        Object.assign(new Error('multiple documents'), {
          name: 'YAMLParseError' as const,
          code: 'MULTIPLE_DOCS' as const,
          pos: [second[0], end] as [number, number],
          message: 'This file holds more than one YAML document ("---"); a batch file is a single document.',
        }) as unknown as Document.Parsed['errors'][number],
      );
      break;
    }
  }
  // compose(…, forceDoc = true) always yields a document, even for empty text.
  return first as Document.Parsed;
}

/**
 * One key of a mapping, as read. Its ranges are computed when first asked for: most keys of a
 * large file never need one (only those with a problem, and those the model keeps), and a Range
 * per key was much of what a parse allocated.
 */
export class Entry {
  private keyAt?: Range;
  private valueAt?: Range;

  constructor(
    private readonly positions: Positions,
    readonly key: string,
    /** Set to null by `Reader.release` once read. */
    public value: Node | null,
    /** The pair in the document, so `Reader.release` can let go of the value once it is read; then null. */
    public pair: Pair<unknown, unknown> | null,
    /** Offsets of the key (trailing space trimmed). */
    readonly start: number,
    readonly keyEnd: number,
    /** Offsets of the value, or of the key when the value is empty (nothing to underline). */
    readonly valueStart: number,
    /** The end of the value (trimmed), or of the key: also the end of key and value together. */
    readonly end: number,
  ) {}

  get keyRange(): Range {
    return (this.keyAt ??= this.positions.range(this.start, this.keyEnd));
  }

  get valueRange(): Range {
    return (this.valueAt ??= this.positions.range(this.valueStart, this.end));
  }

  /** Where key and value are written, for `UnitSpec.fields` (ranges computed when read). */
  field(): FieldSpan {
    return new FieldSpan(this.positions.lineStarts, this.start, this.keyEnd, this.valueStart, this.end);
  }
}

/** What `Reader.entry` needs to know of the keys before: where one was set first. */
interface KeyLookup {
  get(key: string): { readonly keyRange: Range } | undefined;
}

/**
 * The keys of a streamed section, for its duplicate-key check: only where each was first written,
 * not its entry (which would keep every unit's key and pair alive until the parse ends).
 */
class SeenKeys implements KeyLookup {
  private readonly starts = new Map<string, number>();

  constructor(private readonly positions: Positions) {}

  get(key: string): { readonly keyRange: Range } | undefined {
    const start = this.starts.get(key);
    return start === undefined ? undefined : { keyRange: this.positions.range(start, start) };
  }

  add(entry: Entry): void {
    this.starts.set(entry.key, entry.start);
  }
}

/**
 * A mapping's entries in the order written, found by key. Most mappings (a unit's keys) are small
 * enough that a scan beats a Map's allocation; the big ones (the sections) get a Map as they grow.
 */
export class Entries {
  private readonly list: Entry[] = [];
  private index?: Map<string, Entry>;

  get size(): number {
    return this.list.length;
  }

  get(key: string): Entry | undefined {
    if (this.index) return this.index.get(key);
    for (const entry of this.list) if (entry.key === key) return entry;
    return undefined;
  }

  /** Adds an entry whose key is not there yet. */
  add(entry: Entry): void {
    this.list.push(entry);
    if (this.index) this.index.set(entry.key, entry);
    else if (this.list.length > 16) this.index = new Map(this.list.map((e) => [e.key, e]));
  }

  values(): readonly Entry[] {
    return this.list;
  }
}

/** Thrown when streaming went wrong (a `defaults:` came after a section read without it): read again without streaming. */
const RESTART = new Error('read the file again without streaming');

/** Top-level keys whose entries the reader takes while the fast path composes them. */
const SECTIONS: ReadonlySet<string> = new Set(['volumes', 'services', 'tasks']);

const NO_DEFAULTS: Readonly<Defaults> = Object.freeze({ env: Object.freeze({}), expressions: [] });

/** Reads one document. Holds per-parse state only (diagnostics, alias count, what is read so far). */
class Reader implements FieldReader {
  private aliases = 0;
  private aliasReported = false;
  /** Start positions (`line:character`) of aliases not followed; they already have their one error. */
  private readonly dropped = new Set<string>();

  /** Offsets to positions; the reader asks in mostly increasing order, which it exploits. */
  private readonly positions: Positions;
  private doc!: Document.Parsed;

  /** What the sections hold, in the order written; names claimed so far (one namespace for all three). */
  private readonly volumes: VolumeSpec[] = [];
  private readonly services: UnitSpec[] = [];
  private readonly tasks: UnitSpec[] = [];
  /** Names claimed so far, and where each was written first (an offset). */
  private readonly taken = new Map<string, number>();

  // Streaming (see `listener`): the defaults and the sections read while composing.
  private streamedDefaults?: Defaults;
  private readonly streamed = new Map<string, SeenKeys>();
  private streamStopped = false;
  /** Where the streamed defaults are written. */
  private defaultsSpan?: { start: number; end: number };

  constructor(
    readonly text: string,
    lc: LineCounter,
    private readonly diagnostics: Diagnostic[],
    /** The document comes from the fast path: no aliases, depth already bounded, trees may be released. */
    private readonly fast: boolean,
    /** Units of the previous version to take over where unchanged (streamed sections only). */
    private readonly reuse?: Reuse,
    /** Where to keep this version's units for the next. */
    private readonly reusable?: ReusableUnits,
  ) {
    this.positions = new Positions(lc, text);
  }

  /** Line starts for the model's lazily positioned objects. */
  get lineStarts(): Pick<LineCounter, 'lineStarts'> {
    return this.positions.lineStarts;
  }

  /** The batch file in `doc`, with every problem reported. */
  read(doc: Document.Parsed): BatchFile | undefined {
    this.doc = doc;
    this.yamlProblems();
    if (!this.fast) this.checkDepth();
    return this.batchFile();
  }

  /**
   * For the fast path's composer: reads `defaults:` and then each task, service and volume as soon
   * as it is composed, and lets the composer drop its tree. A section is read this way only if
   * `defaults:` comes before it (or nowhere), and once one is not, no later one is (names are
   * claimed in the order written). `batchFile` then reads only what was not streamed.
   */
  listener(): ComposeListener {
    // A cheap look ahead: is there a top-level `defaults:` line at all? If the look misses one
    // (it cannot in the fast path's subset, but to be sure), RESTART reads the file again.
    const defaultsAhead = /^(?:defaults|"defaults"|'defaults') *:/m.test(this.text);
    let defaultsSeen = false;
    return {
      sections: SECTIONS,
      topPair: (pair) => {
        if (defaultsSeen || !isScalar(pair.key) || pair.key.value !== 'defaults') return;
        defaultsSeen = true;
        if (this.streamed.size) throw RESTART;
        const entry = this.entry(pair, 'the batch file', new Entries(), 'top');
        if (!entry) return;
        this.streamedDefaults = this.defaults(entry);
        this.defaultsSpan = { start: entry.start, end: entry.end };
        if (this.reusable) this.reusable.defaults = this.defaultsSpan;
      },
      sectionPair: (section, pair) => {
        if (this.streamStopped || (defaultsAhead && !defaultsSeen)) {
          this.streamStopped = true;
          return false;
        }
        let keys = this.streamed.get(section);
        if (!keys) this.streamed.set(section, (keys = new SeenKeys(this.positions)));
        const entry = this.entry(pair, `"${section}"`, keys);
        if (entry) {
          keys.add(entry);
          this.claim(sectionKind(section), entry, this.streamedDefaults ?? NO_DEFAULTS, true);
        }
        return true;
      },
    };
  }

  // ---- reporting -----------------------------------------------------------------------------

  report(code: ParseCode, message: string, range: Range, severity: Severity = 'error', fixes?: Fix[]): void {
    if (this.dropped.size && code !== 'too-many-aliases' && this.isDropped(range)) return;
    const d: Diagnostic = { code, message, severity, range };
    if (fixes?.length) d.fixes = fixes;
    this.diagnostics.push(d);
  }

  private isDropped(range: Range): boolean {
    return this.dropped.has(`${range.start.line}:${range.start.character}`);
  }

  span(start: number, end: number): Range {
    return this.positions.range(start, end);
  }

  /**
   * Drops a task's, service's or volume's syntax tree once its model is built, so that on a large
   * file the tree is collected while the rest is read rather than held to the end (for 100,000
   * tasks, ~180 MB). Only without aliases: an alias elsewhere may still need to find its anchor
   * here (the fast YAML path never composes aliases; yaml's documents keep their trees).
   */
  private release(entry: Entry): void {
    if (!this.fast) return;
    entry.value = null;
    if (entry.pair) entry.pair.value = null;
    entry.pair = null;
  }

  private entryRange(entry: Entry): Range {
    return this.span(entry.start, entry.end);
  }

  /** A node's range, without the line break and blank lines a block collection ends with. */
  range(node: Node | null | undefined, fallback = 0): Range {
    const [s, e] = nodeSpan(node, fallback);
    return this.span(s, this.trimEnd(s, e));
  }

  private trimEnd(start: number, end: number): number {
    let e = end;
    while (e > start && isSpace(this.text.charCodeAt(e - 1))) e--;
    return e;
  }

  private yamlProblems(): void {
    for (const e of this.doc.errors) {
      const code: ParseCode =
        e.code === 'MULTIPLE_DOCS' ? 'multiple-documents' : e.code === 'RESOURCE_EXHAUSTION' ? 'too-deep' : 'yaml-syntax';
      this.report(code, yamlMessage(e.message), this.span(e.pos[0], e.pos[1]));
    }
    for (const w of this.doc.warnings) this.report('yaml-warning', yamlMessage(w.message), this.span(w.pos[0], w.pos[1]), 'warning');
  }

  /** The exact depth check on the tree, iterative so depth itself cannot overflow the stack. */
  private checkDepth(): void {
    // Two parallel stacks rather than one of [node, depth] pairs: this visits every node.
    const nodes: unknown[] = [this.doc.contents];
    const depths: number[] = [1];
    while (nodes.length) {
      const node = nodes.pop();
      const depth = depths.pop()!;
      if (!isMap(node) && !isSeq(node)) continue;
      if (depth > MAX_DEPTH) {
        this.report('too-deep', `The YAML nests deeper than ${MAX_DEPTH} levels here; no batch file needs that.`, this.range(node));
        return;
      }
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          if (item.key !== null && typeof item.key === 'object') nodes.push(item.key), depths.push(depth + 1);
          if (item.value !== null && typeof item.value === 'object') nodes.push(item.value), depths.push(depth + 1);
        } else if (item !== null && typeof item === 'object') nodes.push(item), depths.push(depth + 1);
      }
    }
  }

  /** Follows an alias (counting, so a billion-laughs file stops after MAX_ALIASES). */
  deref(node: unknown): Node | null {
    if (!isAlias(node)) return (node as Node | null) ?? null;
    this.aliases++;
    if (this.aliases > MAX_ALIASES) {
      const at = this.range(node).start;
      this.dropped.add(`${at.line}:${at.character}`);
      if (!this.aliasReported) {
        this.aliasReported = true;
        this.report(
          'too-many-aliases',
          `More than ${MAX_ALIASES} aliases are used; the rest are ignored. Use defaults: instead of YAML anchors.`,
          this.range(node),
        );
      }
      return null;
    }
    const target = node.resolve(this.doc);
    if (!target) {
      const at = this.range(node);
      this.report('yaml-syntax', `Unknown alias "*${node.source}": no anchor "&${node.source}" comes before it.`, at);
      this.dropped.add(`${at.start.line}:${at.start.character}`);
      return null;
    }
    return isAlias(target) ? null : (target as Node);
  }

  // ---- generic readers ------------------------------------------------------------------------

  /**
   * Reads a mapping's entries. With a context, unknown keys are reported (with a did-you-mean fix)
   * and left out. Duplicate keys are reported and the first kept. Returns undefined (after a
   * `wrong-type`) when the node is not a mapping; an empty value reads as an empty mapping.
   */
  entries(node: Node | null, what: string, where: Range, context?: KeyContext, unit?: 'task' | 'service'): Entries | undefined {
    const map = this.deref(node);
    if (map === null || (isScalar(map) && map.value === null)) return new Entries();
    if (!isMap(map)) {
      this.report('wrong-type', `${what} must be a mapping of keys.`, map.range ? this.range(map) : where);
      return undefined;
    }
    const out = new Entries();
    for (const pair of map.items as Pair<unknown, unknown>[]) {
      const entry = this.entry(pair, what, out, context, unit);
      if (entry) out.add(entry);
    }
    return out;
  }

  /**
   * One pair of a mapping as an Entry, or undefined after reporting why it is left out: a key
   * that is not a plain name, already in `out` (the first is kept), or unknown in `context`.
   */
  private entry(pair: Pair<unknown, unknown>, what: string, out: KeyLookup, context?: KeyContext, unit?: 'task' | 'service'): Entry | undefined {
    const keyNode = this.deref(pair.key);
    if (!keyNode || !isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
      const r = keyNode ? this.range(keyNode) : this.range(pair.value as Node);
      this.report('wrong-type', `Keys in ${what} must be plain names.`, r);
      return undefined;
    }
    const written = this.scalarText(keyNode);
    const keySpan = keyNode.range;
    const keyStart = keySpan ? keySpan[0] : 0;
    const keyEnd = keySpan ? this.trimEnd(keyStart, keySpan[1]) : 0;
    // A known key is carried on as the catalogue's own string: equal, and already interned, so
    // the switches on it and the properties named by it (UnitSpec.fields) take the fast path.
    const doc = context ? keyDoc(context, written) : undefined;
    const key = doc ? doc.key : written;
    const value = (pair.value as Node | null) ?? null;
    const previous = out.get(key);
    if (previous) {
      this.report(
        'duplicate-key',
        `"${key}" is already set in ${what} on line ${previous.keyRange.start.line + 1}; this one is ignored.`,
        this.span(keyStart, keyEnd),
      );
      return undefined;
    }
    // An empty value has nothing to underline: the key stands for it.
    let valueStart = keyStart;
    let end = keyEnd;
    const valueSpan = value?.range;
    if (valueSpan && valueSpan[1] > valueSpan[0]) {
      valueStart = valueSpan[0];
      end = this.trimEnd(valueSpan[0], valueSpan[1]);
    }
    const entry = new Entry(this.positions, key, value, pair, keyStart, keyEnd, valueStart, end);
    if (context && !doc) {
      this.unknownKey(entry, what, context, unit);
      return undefined;
    }
    return entry;
  }

  private unknownKey(entry: Entry, what: string, context: KeyContext, unit?: 'task' | 'service'): void {
    const { key, keyRange } = entry;
    if (unit === 'service' && keyDoc('task', key)) {
      this.report('task-only-key', `"${key}" is for tasks only; services cannot have it.`, keyRange);
      return;
    }
    if (unit === 'task' && keyDoc('service', key)) {
      this.report('service-only-key', `"${key}" is for services only; tasks cannot have it.`, keyRange);
      return;
    }
    if (key === '<<') {
      this.report('unknown-key', `YAML merge keys ("<<") are not supported; put shared settings under defaults:.`, keyRange);
      return;
    }
    const compose = composeKey(context, key, what, keyRange, this.entryRange(entry), entry.value);
    if (compose) {
      this.report('unknown-key', compose.message, keyRange, 'error', compose.fixes);
      return;
    }
    const candidates = keyNames(context);
    const guess = suggest(key, candidates);
    const known = candidates.length ? ` Known keys: ${candidates.join(', ')}.` : ` ${what} takes no keys.`;
    this.report(
      'unknown-key',
      guess ? `Unknown key "${key}" in ${what}. Did you mean "${guess}"?` : `Unknown key "${key}" in ${what}.${known}`,
      keyRange,
      'error',
      guess ? [{ title: `Change to "${guess}"`, range: keyRange, newText: guess }] : undefined,
    );
  }

  /** The text of a scalar as a person reads it: plain scalars exactly as written (`1.0` stays `1.0`). */
  scalarText(node: Scalar): string {
    if (node.type === 'PLAIN' && typeof node.source === 'string' && node.value !== null) return node.source;
    return node.value === null ? '' : String(node.value);
  }

  /**
   * A scalar value as a string; reports `wrong-type` for lists, mappings and empty values. Callers
   * that also read the node (for its expressions) follow it once and pass it: each `deref` counts
   * towards MAX_ALIASES.
   */
  string(entry: Entry, what: string, node = this.deref(entry.value)): string | undefined {
    if (!node || !isScalar(node) || node.value === null) {
      this.report('wrong-type', node && !isScalar(node) ? `${what} must be a string, not a ${isSeq(node) ? 'list' : 'mapping'}.` : `${what} needs a value.`, entry.valueRange);
      return undefined;
    }
    if (typeof node.value === 'object') {
      this.report('wrong-type', `${what} must be a string.`, entry.valueRange);
      return undefined;
    }
    return this.scalarText(node);
  }

  boolean(entry: Entry, what: string): boolean | undefined {
    const node = this.deref(entry.value);
    if (node && isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.report('wrong-type', `${what} must be true or false.`, entry.valueRange);
    return undefined;
  }

  number(entry: Entry, what: string, minimum: number, integer: boolean, node = this.deref(entry.value)): number | undefined {
    const value = node && isScalar(node) ? node.value : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      this.report('wrong-type', `${what} must be ${integer ? 'a whole number' : 'a number'}.`, entry.valueRange);
      return undefined;
    }
    if (value < minimum) {
      this.report('invalid-number', `${what} must be at least ${minimum}.`, entry.valueRange);
      return undefined;
    }
    return value;
  }

  private quantityInput(entry: Entry): number | string | undefined {
    const node = this.deref(entry.value);
    if (node && isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'string')) return node.value;
    return undefined;
  }

  cpus(entry: Entry, what: string): number | undefined {
    const input = this.quantityInput(entry);
    const cores = input === undefined ? undefined : parseCpus(input);
    if (cores === undefined || cores <= 0) {
      const shown = input === undefined ? '' : ` "${input}"`;
      this.report('invalid-cpus', `${what}${shown} is not a CPU quantity above zero: write ${CPUS_FORMS}.`, entry.valueRange);
      return undefined;
    }
    return cores;
  }

  memory(entry: Entry, what: string): number | undefined {
    const input = this.quantityInput(entry);
    const bytes = input === undefined ? undefined : parseMemory(input);
    if (bytes === undefined || bytes <= 0) {
      const shown = input === undefined ? '' : ` "${input}"`;
      // Docker's spelling (`64m`, `1g`): say what it means here, and offer it.
      const meant = input === undefined ? undefined : dockerMemoryMeaning(String(input));
      if (meant !== undefined) {
        this.report('invalid-memory', `${what}${shown} is docker's spelling; here it is "${meant}" (Ki, Mi, Gi are powers of 1024; k, M, G of 1000).`, entry.valueRange, 'error', [
          { title: `Change to "${meant}"`, range: entry.valueRange, newText: meant },
        ]);
        return undefined;
      }
      this.report('invalid-memory', `${what}${shown} is not a memory quantity above zero: write ${MEMORY_FORMS}.`, entry.valueRange);
      return undefined;
    }
    return bytes;
  }

  /**
   * A duration in ms; `allowZero` for start periods and estimates. A duration that becomes a timer
   * (all but `estimate`, which only plans) may be at most MAX_TIMER_MS: Node would run a longer
   * one after 1 ms, so `timeout: 600h` would kill every attempt at once.
   */
  duration(entry: Entry, what: string, allowZero: boolean, timer = true): number | undefined {
    const node = this.deref(entry.value);
    const input = node && isScalar(node) && node.value !== null ? this.scalarText(node) : undefined;
    const ms = node && isScalar(node) && typeof node.value === 'string' ? parseDuration(node.value) : undefined;
    if (ms === undefined || (!allowZero && ms === 0)) {
      const zero = ms === 0 ? ' It must be more than zero.' : '';
      const bare = isScalar(node) && typeof node.value === 'number' ? ` A bare number has no unit; write e.g. "${input}s".` : '';
      const shown = input === undefined ? '' : ` "${input}"`;
      // A bare number or units in words: offer what it probably meant (never for a zero that is refused).
      const fix = input === undefined || ms !== undefined ? undefined : durationFix(input);
      const fixedMs = fix === undefined ? undefined : parseDuration(fix)!;
      const fixes = fix && fixedMs !== undefined && (allowZero || fixedMs > 0) && (!timer || fixedMs <= MAX_TIMER_MS) ? [{ title: `Change to "${fix}"`, range: entry.valueRange, newText: fix }] : undefined;
      this.report('invalid-duration', `${what}${shown} is not a duration: write ${DURATION_FORMS}.${bare}${zero}`, entry.valueRange, 'error', fixes);
      return undefined;
    }
    if (timer && ms > MAX_TIMER_MS) {
      this.report(
        'duration-too-long',
        `${what} "${input}" is longer than ${formatDurationExact(MAX_TIMER_MS)} (about 24.8 days), the longest wait Gantry can time: write a shorter duration.`,
        entry.valueRange,
      );
      return undefined;
    }
    return ms;
  }

  /** A list of scalar strings, each with its offsets (end trimmed, as `range` has it). */
  list(entry: Entry, what: string): ListItem[] | undefined {
    const node = this.deref(entry.value);
    if (node && isScalar(node) && node.value === null) return [];
    if (!node || !isSeq(node)) {
      this.report('wrong-type', `${what} must be a list, e.g. ${listExample(entry.key)}.`, entry.valueRange);
      return undefined;
    }
    const out: ListItem[] = [];
    for (const raw of node.items) {
      const item = this.deref(raw);
      if (!item || !isScalar(item) || item.value === null || typeof item.value === 'object') {
        this.report('wrong-type', `Each entry of ${what} must be a string.`, this.range((item ?? raw) as Node, nodeSpan(node)[0]));
        continue;
      }
      const [start, end] = nodeSpan(item);
      out.push({ value: this.scalarText(item), node: item, start, end: this.trimEnd(start, end) });
    }
    return out;
  }

  /** Adds the `${{ … }}` of a scalar to `out`, reporting malformed ones. */
  expressionsIn(node: Node | null, field: string, out: Expression[]): void {
    if (!node || !isScalar(node) || typeof node.value !== 'string' || !node.range) return;
    const [start, end] = node.range;
    const source = this.text.slice(start, end);
    if (!source.includes('${{')) return;
    const found = scanExpressions(source, start);
    for (const p of found.problems) this.report(p.code, p.message, this.span(p.start, p.end));
    for (const e of found.expressions) {
      out.push(new ExpressionAt(e.text, e.path, field, this.positions.lineStarts, e.start, e.end, e.segments, e.expansion));
    }
  }

  // ---- the batch file -------------------------------------------------------------------------

  batchFile(): BatchFile | undefined {
    const contents = this.deref(this.doc.contents);
    if (!contents || (isScalar(contents) && contents.value === null)) {
      if (this.doc.errors.length === 0) this.report('empty-file', 'The file is empty. A batch file starts with "version: 1".', FILE_START);
      return undefined;
    }
    if (!isMap(contents)) {
      this.report('not-a-mapping', 'A batch file is a mapping of keys (version, tasks, …), not a single value or a list.', this.range(contents));
      return undefined;
    }
    const top = this.entries(contents, 'the batch file', FILE_START, 'top') ?? new Entries();

    const version = top.get('version');
    if (!version) {
      this.report('missing-version', 'The batch file needs "version: 1" at the top.', FILE_START);
    } else {
      const node = this.deref(version.value);
      if (!(node && isScalar(node) && node.value === 1)) {
        const shown = node && isScalar(node) && node.value !== null ? `version ${this.scalarText(node)} is not supported` : 'version needs a value';
        this.report('unsupported-version', `${shown}: this Gantry reads "version: 1".`, version.valueRange);
      }
    }

    const file: BatchFile = { version: 1, capacity: {}, envFiles: [], volumes: [], services: [], tasks: [] };
    const name = top.get('name');
    if (name) file.name = this.string(name, '"name"');
    if (file.name === undefined) delete file.name;
    const capacity = top.get('capacity');
    if (capacity) file.capacity = this.capacity(capacity, file);
    const envFile = top.get('env-file');
    if (envFile) file.envFiles = this.envFiles(envFile);
    const defaultsEntry = top.get('defaults');
    const defaults = this.streamedDefaults ?? (defaultsEntry ? this.defaults(defaultsEntry) : NO_DEFAULTS);

    // Sections not read while composing, in the order written (after those that were).
    const sections = ['volumes', 'services', 'tasks']
      .map((k) => top.get(k))
      .filter((e): e is Entry => e !== undefined && !this.streamed.has(e.key))
      .sort((a, b) => a.start - b.start);
    for (const section of sections) {
      const named = this.entries(section.value, `"${section.key}"`, section.valueRange);
      for (const entry of named?.values() ?? []) this.claim(sectionKind(section.key), entry, defaults);
    }
    file.volumes = this.volumes;
    file.services = this.services;
    file.tasks = this.tasks;
    return file;
  }

  /** A task, service or volume: its name checked and claimed, its model built, its tree released. */
  private claim(kind: 'volume' | 'service' | 'task', entry: Entry, defaults: Readonly<Defaults>, streamed = false): void {
    if (!NAME_PATTERN.test(entry.key)) {
      this.report('invalid-name', `"${entry.key}" is not a valid ${kind} name: use ${NAME_RULE}.`, entry.keyRange);
    }
    const other = this.taken.get(entry.key);
    if (other !== undefined) {
      this.report(
        'duplicate-name',
        `"${entry.key}" is already used on line ${this.positions.at(other).line + 1}; tasks, services and volumes share one set of names.`,
        entry.keyRange,
      );
      return;
    }
    this.taken.set(entry.key, entry.start);
    if (kind === 'volume') this.volumes.push(this.volume(entry));
    else (kind === 'service' ? this.services : this.tasks).push(this.unitOnce(kind, entry, defaults, streamed));
    this.release(entry);
  }

  /**
   * `unit`, or the previous version's same unit when it reads the same (see `Reuse`): the same
   * object, its problems reported again. Only for streamed units, whose defaults come before
   * them (or are nowhere).
   */
  private unitOnce(kind: 'task' | 'service', entry: Entry, defaults: Readonly<Defaults>, streamed: boolean): UnitSpec {
    const found = streamed ? this.reuse?.get(entry.start, entry.end, this.defaultsSpan) : undefined;
    // Its fields hold offsets: they are pointed at this version's text, so that no unit keeps an
    // earlier version's line starts alive (one per edit, typing all day).
    if (found && found.unit.spec.kind === kind && found.unit.spec.name === entry.key && repointFields(found.unit.spec.fields, this.positions.lineStarts, found.offsets)) {
      const { spec, diagnostics } = found.unit;
      settleSpans(spec);
      this.diagnostics.push(...diagnostics);
      if (this.reusable) {
        this.reusable.add(entry.start, entry.end, spec, diagnostics);
        this.reusable.takenOver++;
      }
      return spec;
    }
    const before = this.diagnostics.length;
    const spec = this.unit(kind, entry, defaults);
    if (streamed && this.reusable) {
      const diagnostics = this.diagnostics.length > before ? this.diagnostics.slice(before) : NONE;
      this.reusable.add(entry.start, entry.end, spec, diagnostics);
    }
    return spec;
  }

  /** `capacity:` — its figures, returned; its `engine`, set on `file`. */
  private capacity(entry: Entry, file: BatchFile): Partial<Capacity> {
    const out: Partial<Capacity> = {};
    const e = this.entries(entry.value, '"capacity"', entry.valueRange, 'capacity');
    if (!e) return out;
    const engine = e.get('engine');
    if (engine) {
      const name = this.string(engine, 'capacity.engine');
      if (name !== undefined && isEngineName(name)) file.engine = { name, range: engine.valueRange };
      else if (name !== undefined) {
        const guess = suggest(name, ENGINES);
        // The value as written, cut short: a megabyte of it would fill every surface's message.
        const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
        this.report(
          'invalid-engine',
          `capacity.engine "${shown}" is not an engine Gantry runs on: write docker (the default: the Docker engine the client points at) or swarm (the Docker Swarm whose manager it points at).${guess ? ` Did you mean "${guess}"?` : ''}`,
          engine.valueRange,
          'error',
          guess ? [{ title: `Change to "${guess}"`, range: engine.valueRange, newText: guess }] : undefined,
        );
      }
    }
    const cpus = e.get('cpus');
    if (cpus) out.cpus = this.cpus(cpus, 'capacity.cpus');
    const memory = e.get('memory');
    if (memory) out.memory = this.memory(memory, 'capacity.memory');
    const parallel = e.get('parallel');
    if (parallel) out.parallel = this.number(parallel, 'capacity.parallel', 1, true);
    for (const k of Object.keys(out) as Array<keyof Capacity>) if (out[k] === undefined) delete out[k];
    return out;
  }

  /** `env-file:` — one path, or a list of paths; each a non-empty string, with its place. */
  private envFiles(entry: Entry): EnvFileRef[] {
    const node = this.deref(entry.value);
    const what = '"env-file"';
    if (node && isSeq(node)) {
      const out: EnvFileRef[] = [];
      for (const item of this.list(entry, what) ?? []) {
        const range = this.span(item.start, item.end);
        if (item.value === '') this.report('wrong-type', `Each entry of ${what} must be the path of a dotenv file, not empty.`, range);
        else out.push({ path: item.value, range });
      }
      return out;
    }
    if (node && !isScalar(node)) {
      this.report('wrong-type', `${what} must be a path or a list of paths, e.g. env-file: .env or env-file: [.env, .env.local], not a mapping.`, entry.valueRange);
      return [];
    }
    const path = this.string(entry, what, node);
    if (path === undefined) return [];
    if (path === '') {
      this.report('wrong-type', `${what} must be the path of a dotenv file, not empty.`, entry.valueRange);
      return [];
    }
    return [{ path, range: entry.valueRange }];
  }

  private defaults(entry: Entry): Defaults {
    const out = this.readDefaults(entry);
    // Shared by every unit that does not set its own (see `unit`).
    Object.freeze(out.env);
    if (out.retries) Object.freeze(out.retries);
    return out;
  }

  /** `defaults:`, each key read by its field's rule (core/fields.ts). */
  private readDefaults(entry: Entry): Defaults {
    const out: Defaults = { env: {}, expressions: [] };
    const e = this.entries(entry.value, '"defaults"', entry.valueRange, 'defaults');
    if (!e) return out;
    const ctx: ReadContext = { kind: 'defaults', noun: 'defaults', out, expressions: out.expressions, defaults: NO_DEFAULTS };
    for (const field of e.values()) {
      const rule = unitField(field.key);
      if (rule?.defaults) rule.read(this, field, `defaults.${field.key}`, ctx);
    }
    return out;
  }

  private volume(entry: Entry): VolumeSpec {
    // Volumes take no keys yet; reading the body still reports any that are written.
    this.entries(entry.value, `volume "${entry.key}"`, entry.valueRange, 'volume');
    return { name: entry.key, nameRange: entry.keyRange, range: this.entryRange(entry) };
  }

  /** A task or service: defaults applied, then each key read by its field's rule (core/fields.ts). */
  private unit(kind: 'task' | 'service', entry: Entry, defaults: Defaults): UnitSpec {
    const noun = `${kind} "${entry.key}"`;
    const spec: UnitSpec = new ParsedUnit(kind, entry, this.positions.lineStarts, defaults);
    if (kind === 'task' && defaults.timeout !== undefined) spec.timeout = defaults.timeout;
    if (defaults.workdir !== undefined) spec.workdir = defaults.workdir;
    if (defaults.user !== undefined) spec.user = defaults.user;

    const e = this.entries(entry.value, noun, entry.valueRange, kind, kind);
    const own: Expression[] = [];
    if (e) {
      const ctx: ReadContext = { kind, noun, out: spec, fields: spec.fields, expressions: own, defaults };
      for (const f of e.values()) {
        spec.fields[f.key] = f.field();
        // Keys unknown here were left out by `entries` (core/keys.ts says which are known).
        unitField(f.key)?.read(this, f, `${f.key} of ${noun}`, ctx);
      }
      checkUnitKeys(this, e, noun);
    }

    // Inherited values keep their expressions (pointing into defaults:), except where the unit overrides them.
    const inherited = defaults.expressions.filter((x) => !(x.field in spec.fields));
    if (inherited.length || own.length) spec.expressions = inherited.length ? [...inherited, ...own] : own;

    // An image written but unreadable was reported by its rule (the spec keeps '').
    // `build:` (core/fields-build.ts) instead of an image: `image` stays empty, `defaults.image` does not apply.
    const build = e?.get('build');
    if (build && e?.get('image')) {
      this.report('build-with-image', `${capitalise(noun)} has both "build" and "image": the built image is tagged for each run, so keep one.`, e.get('image')!.keyRange);
    } else if (!e?.get('image') && !build) {
      if (defaults.image !== undefined) spec.image = defaults.image;
      else this.report('missing-image', `${capitalise(noun)} has no image: set "image" or "build", or give an image under defaults.`, entry.keyRange);
    }
    return spec;
  }
}

/** Whitespace as the regular expression `\s` sees it, for the characters a YAML text can hold. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

function listExample(key: string): string {
  switch (key) {
    case 'needs':
      return '[build, test]';
    case 'outputs':
      return '[version]';
    case 'volumes':
      return '["work:/work"]';
    case 'cap-add':
      return '[NET_ADMIN]';
    default:
      return '[make, test]';
  }
}

/** yaml's messages sometimes end with a source excerpt; keep only the sentence. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0].trim();
  return first.endsWith('.') || first.endsWith(':') ? first.replace(/:$/, '.') : `${first}.`;
}

/** `FieldSpan.repoint` for each of a unit's fields; false (nothing changed) for fields not from a parse. */
function repointFields(fields: UnitSpec['fields'], lineStarts: Pick<LineCounter, 'lineStarts'>, by: number): boolean {
  for (const key in fields) if (!(fields[key] instanceof FieldSpan)) return false;
  for (const key in fields) (fields[key] as FieldSpan).repoint(lineStarts, by);
  return true;
}

/**
 * A task or service as read. Its name's range and its whole entry's are computed the first time
 * they are read, as `NameAt` does for needs: with them, most of a large file's Range objects were
 * never read. Compare with `toJSON()` (those two ranges are not own properties).
 */
class ParsedUnit implements UnitSpec {
  kind: 'task' | 'service';
  name: string;
  image = '';
  // What a unit does not set is shared, frozen, with the defaults and the other units: on a
  // large file these were most of the model's objects.
  env: Record<string, string>;
  privileged = false;
  capAdd: string[] = NONE;
  volumes: Mount[] = NONE;
  cpus: number;
  memory: number;
  retries: Retries;
  needs: NameRef[] = NONE;
  matrix: MatrixAxis[] = NONE;
  if: Condition = 'success';
  allowFailure = false;
  outputs: NameRef[] = NONE;
  secrets: SecretRef[] = NONE;
  expressions: Expression[] = NONE;
  fields: UnitSpec['fields'] = {};
  #lines: Pick<LineCounter, 'lineStarts'> | undefined;
  #start: number;
  #keyEnd: number;
  #end: number;
  #nameRange: Range | undefined;
  #range: Range | undefined;

  constructor(kind: 'task' | 'service', entry: Entry, lines: Pick<LineCounter, 'lineStarts'>, defaults: Defaults) {
    this.kind = kind;
    this.name = entry.key;
    this.env = defaults.env;
    this.cpus = defaults.cpus ?? DEFAULT_CPUS;
    this.memory = defaults.memory ?? DEFAULT_MEMORY;
    this.retries = (kind === 'task' && defaults.retries) || DEFAULT_RETRIES;
    this.#lines = lines;
    this.#start = entry.start;
    this.#keyEnd = entry.keyEnd;
    this.#end = entry.end;
  }

  get nameRange(): Range {
    return (this.#nameRange ??= { start: positionAt(this.#lines!, this.#start), end: positionAt(this.#lines!, this.#keyEnd) });
  }

  get range(): Range {
    return (this.#range ??= { start: this.nameRange.start, end: positionAt(this.#lines!, Math.max(this.#start, this.#end)) });
  }

  /** Computes both ranges and lets go of the line starts (the unit is taken over; see `settleSpans`). */
  settle(): void {
    void this.range;
    this.#lines = undefined;
  }

  toJSON(): UnitSpec {
    return { ...this, nameRange: this.nameRange, range: this.range };
  }
}

/**
 * Computes the ranges of a unit, its needs, outputs and mounts now and lets go of the line starts
 * they were read with (see `NameAt`): the unit lives on into a later version of the text. Its
 * ranges are still right there: a unit is only taken over where it sits on the same lines.
 */
function settleSpans(spec: UnitSpec): void {
  if (spec instanceof ParsedUnit) spec.settle();
  for (const need of spec.needs) if (need instanceof NameAt) need.settle();
  for (const output of spec.outputs) if (output instanceof NameAt) output.settle();
  for (const mount of spec.volumes) if (mount instanceof MountAt) mount.settle();
  for (const expression of spec.expressions) if (expression instanceof ExpressionAt) expression.settle();
}

function sectionKind(section: string): 'volume' | 'service' | 'task' {
  return section === 'volumes' ? 'volume' : section === 'services' ? 'service' : 'task';
}
