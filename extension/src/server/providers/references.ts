/** Find references of a task, service or volume name, from its definition or any use. */
import type { Location, Position } from 'vscode-languageserver';
import type { Analysis } from '../analysis';

export function references(analysis: Analysis, position: Position, includeDeclaration: boolean): Location[] {
  const names = analysis.names;
  const at = names?.at(position);
  if (!names || !at) return [];
  return names
    .all(at.name, at.kind)
    .filter((o) => includeDeclaration || !o.definition)
    .map((o) => ({ uri: analysis.uri, range: o.range }));
}
