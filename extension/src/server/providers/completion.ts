/**
 * Completion: keys valid at the cursor with their documentation, names in `needs` and
 * `volumes`, allowed values, units for durations and quantities, `${{ matrix.… }}` and
 * `${{ needs.<task>.outputs.… }}`, and image names from the local engine.
 *
 * The cursor is located from the current text (cursor-context.ts); names come from the newest
 * readable analysis, which may be a keystroke old — that is what keeps completion instant on
 * large files.
 */
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { isGantryImage } from '../../../../core/backends/docker/labels';
import { KEYS, type KeyDoc } from '../../../../core/keys';
import type { UnitSpec } from '../../../../core/model';
import type { Analysis } from '../analysis';
import { cursorContext, type CursorContext, type Lines } from '../cursor-context';
import type { ImageProvider } from '../image-provider';
import { contextOf, docAt, keyMarkdown } from '../key-context';

export interface CompletionInput {
  /** Lines of the document as it is now. */
  lines: Lines;
  position: Position;
  /** The newest analysis with the file's names (possibly of an earlier version). */
  analysis: Analysis;
  images: ImageProvider;
}

const DURATION_UNITS = ['s', 'm', 'h', 'ms'];
const MEMORY_UNITS = ['Mi', 'Gi', 'Ki', 'Ti', 'M', 'G', 'k', 'T'];

/**
 * Most items one answer carries. A file of thousands of tasks would otherwise send every name on
 * each keystroke in `needs` (the list's JSON alone costs more than the rest of completion).
 */
export const MAX_ITEMS = 200;

export async function complete(input: CompletionInput): Promise<CompletionList> {
  const ctx = cursorContext(input.lines, input.position);
  const items = ctx.expression ? expressionItems(ctx, input) : await structureItems(ctx, input);
  return capItems(items, ctx.prefix);
}

/**
 * A long list narrowed to what matches the word typed so far (names starting with it first, then
 * those holding its letters in order, as the editor's own filter would), at most MAX_ITEMS, and
 * marked incomplete so the editor asks again as the word grows.
 */
export function capItems(items: CompletionItem[], typed: string): CompletionList {
  if (items.length <= MAX_ITEMS) return { isIncomplete: false, items };
  const query = typed.toLowerCase();
  const starting: CompletionItem[] = [];
  const containing: CompletionItem[] = [];
  for (const item of items) {
    const label = item.label.toLowerCase();
    if (label.startsWith(query)) starting.push(item);
    else if (inOrder(query, label)) containing.push(item);
  }
  return { isIncomplete: true, items: [...starting, ...containing].slice(0, MAX_ITEMS) };
}

/** True when every character of `query` occurs in `text`, in order. */
function inOrder(query: string, text: string): boolean {
  let at = 0;
  for (const c of query) {
    at = text.indexOf(c, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

async function structureItems(ctx: CursorContext, input: CompletionInput): Promise<CompletionItem[]> {
  if (ctx.kind === 'key') return keyItems(ctx, input.lines, input.position);
  const doc = ctx.key === undefined ? undefined : docAt(ctx.path, ctx.key);
  if (!doc) return [];
  if (ctx.kind === 'item') {
    if (doc.key === 'needs' && ctx.path[0] === 'tasks') return needsItems(ctx, input);
    if (doc.kind === 'mounts') return volumeItems(ctx, input);
    return [];
  }
  return valueItems(ctx, doc, input);
}

function keyItems(ctx: CursorContext, lines: Lines, position: Position): CompletionItem[] {
  const context = contextOf(ctx.path);
  if (!context) return [];
  const present = siblingKeys(lines, position.line, ctx.range.start.character);
  return KEYS[context]
    .filter((doc) => !present.has(doc.key))
    .map((doc, i) => ({
      label: doc.key,
      kind: CompletionItemKind.Property,
      detail: doc.type,
      documentation: { kind: MarkupKind.Markdown, value: keyMarkdown(doc) },
      sortText: String(i).padStart(3, '0'),
      textEdit: { range: ctx.range, newText: insertKey(doc, ctx.range.start.character) },
      // Offer the values at once after a key whose values are known.
      command: doc.values || doc.kind === 'boolean' ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
    }));
}

function insertKey(doc: KeyDoc, indent: number): string {
  if (doc.kind === 'named' || (doc.kind === 'object' && doc.key !== 'retries')) return `${doc.key}:\n${' '.repeat(indent + 2)}`;
  return `${doc.key}: `;
}

/** Keys already written in the mapping whose keys sit at column `indent` around `line`. */
function siblingKeys(lines: Lines, line: number, indent: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const text = lines.at(i) ?? '';
      const trimmed = text.trimStart();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const at = text.length - trimmed.length;
      if (at < indent) return;
      if (at === indent) {
        const m = /^([^\s:#][^:#]*?)\s*:(\s|$)/.exec(trimmed);
        if (m) keys.add(m[1].replace(/^["']|["']$/g, ''));
      }
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return keys;
}

function valueItems(ctx: CursorContext, doc: KeyDoc, input: CompletionInput): CompletionItem[] | Promise<CompletionItem[]> {
  const value = (label: string, detail?: string): CompletionItem => ({
    label,
    kind: CompletionItemKind.Value,
    detail,
    textEdit: { range: ctx.range, newText: label },
  });
  switch (doc.kind) {
    case 'enum':
      return (doc.values ?? []).map((v) => value(v, doc.key === 'if' ? conditionDetail(v) : undefined));
    case 'boolean':
      return [value('true'), value('false')];
    case 'version':
      return [value('1')];
    case 'duration':
      return unitItems(ctx, DURATION_UNITS, /^(?:\d+(?:\.\d+)?(?:h|m|s|ms))*\d+(?:\.\d+)?$/, 'duration');
    case 'memory':
      return unitItems(ctx, MEMORY_UNITS, /^\d+(?:\.\d+)?$/, 'memory');
    case 'cpus':
      return unitItems(ctx, ['m'], /^\d+$/, 'millicores');
    case 'string':
      return doc.key === 'image' ? imageItems(ctx, input) : [];
    default:
      return [];
  }
}

function conditionDetail(condition: string): string {
  return (
    { success: 'run when all needs succeeded (default)', failure: 'run when any need failed', always: 'run however the needs ended' }[condition] ??
    condition
  );
}

/** `30` → `30s`, `30m`, …: the number typed so far with each unit after it. */
function unitItems(ctx: CursorContext, units: string[], number: RegExp, detail: string): CompletionItem[] {
  if (!number.test(ctx.prefix)) return [];
  return units.map((unit, i) => ({
    label: `${ctx.prefix}${unit}`,
    kind: CompletionItemKind.Unit,
    detail,
    sortText: String(i).padStart(2, '0'),
    textEdit: { range: ctx.range, newText: `${ctx.prefix}${unit}` },
  }));
}

async function imageItems(ctx: CursorContext, input: CompletionInput): Promise<CompletionItem[]> {
  // Whatever the provider lists, never an image of Gantry's own making.
  const images = (await input.images.list()).filter((image) => !isGantryImage(image));
  return images.map((image) => ({
    label: image,
    kind: CompletionItemKind.Reference,
    detail: 'local image',
    textEdit: { range: ctx.range, newText: image },
  }));
}

function unitAt(ctx: CursorContext, analysis: Analysis): UnitSpec | undefined {
  const file = analysis.result.file;
  if (!file || ctx.path.length < 2) return undefined;
  const list = ctx.path[0] === 'tasks' ? file.tasks : ctx.path[0] === 'services' ? file.services : undefined;
  return list?.find((u) => u.name === ctx.path[1]);
}

function needsItems(ctx: CursorContext, input: CompletionInput): CompletionItem[] {
  const file = input.analysis.result.file;
  if (!file) return [];
  // The task as the document now names it (the analysis may be older).
  const self = ctx.path[1];
  const listed = listedItems(input.lines, input.position, ctx);
  const cyclic = dependentsOf(self, file.tasks);
  const items: CompletionItem[] = [];
  for (const unit of writtenUnits([...file.tasks, ...file.services], input)) {
    if (unit.name === self || listed.has(unit.name) || cyclic.has(unit.name)) continue;
    items.push({
      label: unit.name,
      kind: unit.kind === 'task' ? CompletionItemKind.Function : CompletionItemKind.Module,
      detail: unit.kind,
      textEdit: { range: ctx.range, newText: unit.name },
    });
  }
  return items;
}

/**
 * The tasks that need `name`, directly or through others: needing one of them would close a
 * cycle. Linear in tasks and needs.
 */
function dependentsOf(name: string, tasks: readonly UnitSpec[]): Set<string> {
  const neededBy = new Map<string, string[]>();
  for (const task of tasks) {
    for (const need of task.needs) {
      const list = neededBy.get(need.name);
      if (list) list.push(task.name);
      else neededBy.set(need.name, [task.name]);
    }
  }
  const found = new Set<string>();
  const queue = [name];
  while (queue.length > 0) {
    for (const dependent of neededBy.get(queue.pop()!) ?? []) {
      if (dependent === name || found.has(dependent)) continue;
      found.add(dependent);
      queue.push(dependent);
    }
  }
  return found;
}

/**
 * The units of the analysis whose names the document still holds, whole, as keys: where the
 * analysis read them, or as many lines further as were added or removed since. The analysis may be
 * a few keystrokes old, and the parser reads a task even from a key still being typed (`  sm`
 * with no colon yet); neither a key without its colon nor one that has since grown (`sm` now
 * `smoke:`) is a name to offer.
 */
function writtenUnits(units: readonly UnitSpec[], input: CompletionInput): UnitSpec[] {
  const shift = input.lines.length - input.analysis.lines.length;
  return units.filter((unit) => {
    const { line, character } = unit.nameRange.start;
    return writtenAt(input.lines, line, character, unit.name) || (shift !== 0 && writtenAt(input.lines, line + shift, character, unit.name));
  });
}

/** True when `name` is written as a key (`name:`, `"name":`) at `character` of the line. */
function writtenAt(lines: Lines, line: number, character: number, name: string): boolean {
  const text = lines.at(line);
  if (text === undefined) return false;
  for (const quote of ['', '"', "'"]) {
    const key = `${quote}${name}${quote}`;
    // A plain key ends at `: ` (`a:b` is a scalar); a quoted one at its colon (`{"a":{…}}`).
    const colon = quote ? /^[ \t]*:/ : /^[ \t]*:(?:[ \t]|$)/;
    if (text.startsWith(key, character) && colon.test(text.slice(character + key.length))) return true;
  }
  return false;
}

/** Items already in the `[a, b]` on this line or the `- a` lines around it, except the one being typed. */
function listedItems(lines: Lines, position: Position, ctx: CursorContext): Set<string> {
  const listed = new Set<string>();
  const line = lines.at(position.line) ?? '';
  // The flow sequence the cursor is in, `[a, b]` (on a task's line there may be others before it).
  const open = line.lastIndexOf('[', ctx.range.start.character - 1);
  const flow = open >= 0 && !line.slice(open, ctx.range.start.character).includes(']') ? /^\[([^\]]*)/.exec(line.slice(open)) : null;
  const clean = (s: string) => s.trim().replace(/^["']|["']$/g, '');
  if (flow) {
    for (const part of flow[1].split(',')) if (clean(part)) listed.add(clean(part));
  } else {
    const indent = line.length - line.trimStart().length;
    for (const step of [-1, 1]) {
      for (let i = position.line + step; i >= 0 && i < lines.length; i += step) {
        const m = /^(\s*)-\s+(.*)$/.exec(lines.at(i) ?? '');
        if (!m || m[1].length !== indent) break;
        listed.add(clean(m[2].replace(/\s+#.*$/, '')));
      }
    }
  }
  const current = clean(line.slice(ctx.range.start.character, ctx.range.end.character));
  listed.delete(current);
  return listed;
}

function volumeItems(ctx: CursorContext, input: CompletionInput): CompletionItem[] {
  const file = input.analysis.result.file;
  // Once the source is written (`work:`), the rest is a path in the container.
  if (!file || ctx.prefix.includes(':') || ctx.prefix.startsWith('.') || ctx.prefix.startsWith('/')) return [];
  return file.volumes.map((volume) => ({
    label: volume.name,
    kind: CompletionItemKind.Folder,
    detail: 'volume',
    textEdit: { range: ctx.range, newText: `${volume.name}:` },
  }));
}

function expressionItems(ctx: CursorContext, input: CompletionInput): CompletionItem[] {
  const segments = ctx.expression?.segments ?? [];
  const unit = unitAt(ctx, input.analysis);
  const item = (label: string, kind: CompletionItemKind, detail: string): CompletionItem => ({
    label,
    kind,
    detail,
    textEdit: { range: ctx.range as Range, newText: label },
  });
  if (segments.length === 0) {
    const roots = [item('needs', CompletionItemKind.Module, 'outputs of the tasks this one needs')];
    if (unit?.kind === 'task' && unit.matrix.length) roots.unshift(item('matrix', CompletionItemKind.Module, 'this expansion\'s matrix values'));
    // `${{ env.NAME }}`: a variable of the environment Gantry runs in, in env values only.
    const inEnv = ctx.path[0] === 'defaults' ? ctx.path[1] === 'env' : ctx.path[2] === 'env';
    if (inEnv) roots.push(item('env', CompletionItemKind.Module, 'a variable of the environment Gantry runs in (strict: only those passed with pass-env)'));
    return roots;
  }
  if (segments[0] === 'matrix' && segments.length === 1) {
    return (unit?.matrix ?? []).map((axis) => item(axis.key, CompletionItemKind.Variable, axis.values.join(', ')));
  }
  if (segments[0] === 'needs') {
    const file = input.analysis.result.file;
    // Tasks the document still names (not a key being typed: see needsItems).
    const tasks = new Map(writtenUnits(file?.tasks ?? [], input).map((t) => [t.name, t]));
    if (segments.length === 1) {
      return (unit?.needs ?? [])
        .filter((need) => tasks.has(need.name))
        .map((need) => item(need.name, CompletionItemKind.Function, 'task'));
    }
    if (segments.length === 2) return [item('outputs', CompletionItemKind.Module, `outputs of ${segments[1]}`)];
    if (segments.length === 3 && segments[2] === 'outputs') {
      // One expansion of a matrix task (`test[shard=1]`) has the task's outputs.
      const task = tasks.get(segments[1].replace(/\[.*$/, ''));
      return (task?.outputs ?? []).map((o) => item(o.name, CompletionItemKind.Variable, `output of ${segments[1]}`));
    }
  }
  return [];
}
