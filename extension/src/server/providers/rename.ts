/**
 * Rename a task, service or volume: its definition and every `needs` entry, `${{ needs.X… }}`
 * and mount that names it. Anything else under the cursor is refused by prepareRename, and a new
 * name that breaks the name rule or is taken is refused with a message.
 */
import { ErrorCodes, ResponseError, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import { NAME_PATTERN, NAME_RULE } from '../../../../core/keys';
import type { Analysis } from '../analysis';

export function prepareRename(analysis: Analysis, position: Position): { range: Range; placeholder: string } | null {
  const at = analysis.names?.at(position);
  // A name used but defined nowhere is an error to fix, not something to rename.
  if (!at || !analysis.names?.definitions.has(at.name)) return null;
  return { range: at.range, placeholder: at.name };
}

export function rename(analysis: Analysis, position: Position, newName: string): WorkspaceEdit | null {
  const names = analysis.names;
  const at = names?.at(position);
  if (!names || !at || !names.definitions.has(at.name)) return null;
  if (!NAME_PATTERN.test(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a valid name: use ${NAME_RULE}.`);
  }
  if (newName !== at.name && names.definitions.has(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is already the name of a ${names.definitions.get(newName)?.kind}.`);
  }
  const edits = names.all(at.name, at.kind).map((o) => ({ range: o.range, newText: newName }));
  return { changes: { [analysis.uri]: edits } };
}
