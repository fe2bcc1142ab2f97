/**
 * Document highlights that follow names, not text: with the cursor on a task, service or volume
 * name — where it is defined, in `needs`, in `${{ needs.NAME… }}`, in a volume mount — the places
 * that name that same thing, its definition marked as the written one. The same word elsewhere
 * (`echo build`, a key called like a task) is not highlighted, nor is anything when the cursor is
 * on something else (the editor's textual highlighting would match words in scripts).
 */
import { DocumentHighlightKind, type DocumentHighlight, type Position } from 'vscode-languageserver';
import type { Analysis } from '../analysis';

export function documentHighlights(analysis: Analysis, position: Position): DocumentHighlight[] {
  const names = analysis.names;
  const at = names?.at(position);
  if (!names || !at) return [];
  return names.all(at.name, at.kind).map((o) => ({ range: o.range, kind: o.definition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}
