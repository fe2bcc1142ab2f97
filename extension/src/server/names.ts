/**
 * Every place a task, service or volume name is written in a batch file: where it is defined,
 * and each `needs` entry, `${{ needs.X… }}` segment and volume mount that refers to it. One index
 * serves go to definition, find references, rename, hover and completion.
 */
import type { Position, Range } from '../../../core/diagnostics';
import type { BatchFile, UnitSpec, VolumeSpec } from '../../../core/model';
import { rangeContains } from '../../../core/ranges';

export type NameKind = 'task' | 'service' | 'volume';

export interface NameOccurrence {
  name: string;
  /** What the name refers to; for a name that is defined nowhere, what the place expects. */
  kind: NameKind;
  /** The name alone, without quotes. */
  range: Range;
  definition: boolean;
}

export interface NameDefinition {
  name: string;
  kind: NameKind;
  range: Range;
  unit?: UnitSpec;
  volume?: VolumeSpec;
}

export class NameIndex {
  readonly definitions = new Map<string, NameDefinition>();
  readonly occurrences: NameOccurrence[] = [];

  constructor(file: BatchFile, lines: readonly string[]) {
    for (const volume of file.volumes) this.define({ name: volume.name, kind: 'volume', range: volume.nameRange, volume }, lines);
    for (const unit of [...file.services, ...file.tasks]) {
      this.define({ name: unit.name, kind: unit.kind, range: unit.nameRange, unit }, lines);
    }
    // Defaults are copied into every unit, so the same mount can appear many times: keep each place once.
    const seen = new Set<string>();
    const add = (name: string, kind: NameKind, range: Range) => {
      const at = unquote(range, lines);
      const key = `${at.start.line}:${at.start.character}`;
      if (seen.has(key)) return;
      seen.add(key);
      this.occurrences.push({ name, kind, range: at, definition: false });
    };
    for (const unit of [...file.services, ...file.tasks]) {
      for (const need of unit.needs) add(need.name, this.definitions.get(need.name)?.kind ?? 'task', need.range);
      for (const expr of unit.expressions) {
        if (expr.path[0] === 'needs' && expr.path.length > 1 && expr.segmentRanges[1]) {
          add(expr.path[1], this.definitions.get(expr.path[1])?.kind ?? 'task', expr.segmentRanges[1]);
        }
      }
      for (const mount of unit.volumes) if (mount.kind === 'volume') add(mount.source, 'volume', mount.sourceRange);
    }
  }

  private define(definition: NameDefinition, lines: readonly string[]): void {
    const range = unquote(definition.range, lines);
    // The first definition wins, as it does for validation's duplicate-name error.
    if (!this.definitions.has(definition.name)) this.definitions.set(definition.name, { ...definition, range });
    this.occurrences.push({ name: definition.name, kind: definition.kind, range, definition: true });
  }

  /** The name under the cursor (touching its start or end counts, as editors expect). */
  at(position: Position): NameOccurrence | undefined {
    return this.occurrences.find((o) => rangeContains(o.range, position));
  }

  /** All places of `name` of the same kind, the definition first. */
  all(name: string, kind: NameKind): NameOccurrence[] {
    const found = this.occurrences.filter((o) => o.name === name && o.kind === kind);
    return found.sort((a, b) => Number(b.definition) - Number(a.definition));
  }
}

/** A name written as `"build"` is renamed and highlighted inside its quotes. */
export function unquote(range: Range, lines: readonly string[]): Range {
  if (range.start.line !== range.end.line) return range;
  const text = lines[range.start.line] ?? '';
  const first = text[range.start.character];
  const last = text[range.end.character - 1];
  if ((first === '"' || first === "'") && last === first && range.end.character - range.start.character >= 2) {
    return {
      start: { line: range.start.line, character: range.start.character + 1 },
      end: { line: range.end.line, character: range.end.character - 1 },
    };
  }
  return range;
}
