/**
 * The outline: `tasks`, `services` and `volumes` sections, each name inside, and each task's or
 * service's keys under it.
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
  return sections.sort((a, b) => a.range.start.line - b.range.start.line);
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
