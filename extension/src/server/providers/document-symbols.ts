/**
 * The outline: every top-level key (`version`, `capacity`, `defaults`, …) in file order; the
 * `tasks`, `services` and `volumes` sections with each name inside, and each task's or service's
 * keys under it.
 */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import type { UnitSpec, VolumeSpec } from '../../../../core/model';
import type { Analysis } from '../analysis';

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const file = analysis.result.file;
  if (!file) return [];
  const sections: DocumentSymbol[] = [];
  const section = (name: string, children: DocumentSymbol[]) => {
    if (!children.length) return;
    const keyLine = findSectionLine(analysis.lines, name, children[0].range.start.line);
    const selectionRange: Range = { start: { line: keyLine, character: 0 }, end: { line: keyLine, character: name.length } };
    const last = children[children.length - 1].range.end;
    sections.push({
      name,
      kind: SymbolKind.Namespace,
      range: { start: selectionRange.start, end: last },
      selectionRange,
      children,
    });
  };
  section('volumes', file.volumes.map(volumeSymbol));
  section('services', file.services.map(unitSymbol));
  section('tasks', file.tasks.map(unitSymbol));
  const named = new Set(sections.map((s) => s.name));
  const others = topLevelKeys(analysis.lines).filter((k) => !named.has(k.name));
  return [...sections, ...others].sort((a, b) => a.range.start.line - b.range.start.line);
}

/** A top-level key of a block mapping: at the start of its line. */
const TOP_KEY = /^(["']?)([A-Za-z_][A-Za-z0-9_-]*)\1\s*:(?:\s|$)/;

/**
 * The file's top-level keys, each from its line to the last line of its value (before the next
 * top-level key; blank and comment lines at the end left out), with a one-line value as detail.
 */
function topLevelKeys(lines: readonly string[]): DocumentSymbol[] {
  const starts: { line: number; name: string }[] = [];
  lines.forEach((text, line) => {
    const m = TOP_KEY.exec(text);
    if (m) starts.push({ line, name: m[2] });
  });
  return starts.map(({ line, name }, i) => {
    let last = (starts[i + 1]?.line ?? lines.length) - 1;
    while (last > line && /^\s*(#.*)?$/.test(lines[last])) last--;
    const keyStart = lines[line].indexOf(name);
    const value = lines[line].slice(lines[line].indexOf(':', keyStart + name.length) + 1).replace(/\s+#.*$/, '').trim();
    return {
      name,
      detail: value.length > 40 ? `${value.slice(0, 39)}…` : value || undefined,
      kind: SymbolKind.Property,
      range: { start: { line, character: 0 }, end: { line: last, character: lines[last].length } },
      selectionRange: { start: { line, character: keyStart }, end: { line, character: keyStart + name.length } },
    };
  });
}

function unitSymbol(unit: UnitSpec): DocumentSymbol {
  const children = Object.entries(unit.fields)
    .map(([key, at]) => ({
      name: key,
      kind: SymbolKind.Property,
      range: { start: at.key.start, end: at.value.end },
      selectionRange: at.key,
    }))
    // Keys from `defaults:` are written elsewhere; the outline shows what this unit says.
    .filter((child) => within(child.range, unit.range))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const detail = unit.kind === 'task' && unit.needs.length ? `needs ${unit.needs.map((n) => n.name).join(', ')}` : unit.image;
  return {
    name: unit.name,
    detail,
    kind: unit.kind === 'task' ? SymbolKind.Function : SymbolKind.Class,
    range: unit.range,
    selectionRange: unit.nameRange,
    children,
  };
}

function volumeSymbol(volume: VolumeSpec): DocumentSymbol {
  return { name: volume.name, kind: SymbolKind.Variable, range: volume.range, selectionRange: volume.nameRange };
}

function within(inner: Range, outer: Range): boolean {
  return inner.start.line >= outer.start.line && inner.end.line <= outer.end.line;
}

/** The line of the top-level `name:` key before the first entry of the section. */
function findSectionLine(lines: readonly string[], name: string, before: number): number {
  for (let i = Math.min(before, lines.length - 1); i >= 0; i--) if (lines[i].startsWith(`${name}:`)) return i;
  return before;
}
