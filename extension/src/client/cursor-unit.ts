/**
 * Which units the editor's cursor is in, for highlighting them in the preview. Pure: reads the
 * document's lines through a function, so it is tested without VS Code.
 *
 * A unit is defined by its name key (`line`, `character`); its block runs until the next line
 * indented no deeper than that key. Blank and comment-only lines belong to whatever surrounds them.
 */
import type { PreviewUnit } from '../protocol';

type Located = Pick<PreviewUnit, 'id' | 'name' | 'line' | 'character'>;

/** The ids of the units whose definition contains `line` (every matrix expansion of a task). */
export function unitsAtLine(units: readonly Located[], lineAt: (line: number) => string, line: number): string[] {
  let owner: Located | undefined;
  for (const unit of units) {
    if (unit.line <= line && (!owner || unit.line > owner.line)) owner = unit;
  }
  if (!owner) return [];
  for (let l = owner.line + 1; l <= line; l++) {
    const text = lineAt(l);
    const trimmed = text.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (text.length - trimmed.length <= owner.character) return [];
  }
  const name = owner.name;
  const definedAt = owner.line;
  return units.filter((u) => u.name === name && u.line === definedAt).map((u) => u.id);
}
