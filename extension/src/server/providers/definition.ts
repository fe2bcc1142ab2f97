/** Go to definition for task, service and volume names: from a `needs` entry, `${{ needs.X… }}` or a mount. */
import type { Location, Position } from 'vscode-languageserver';
import type { Analysis } from '../analysis';

export function definition(analysis: Analysis, position: Position): Location | null {
  const names = analysis.names;
  const at = names?.at(position);
  const target = at && names?.definitions.get(at.name);
  if (!target || target.kind !== at.kind) return null;
  return { uri: analysis.uri, range: target.range };
}
