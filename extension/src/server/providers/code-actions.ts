/**
 * Quick fixes, straight from `Diagnostic.fixes`: core decides what fixes a problem (did you
 * mean `needs`, remove the need that closes a cycle); the server only offers them. Fixes are
 * looked up in the current analysis, so their ranges always match the text being edited.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { SOURCE } from './diagnostics';

export function codeActions(analysis: Analysis, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const actions: CodeAction[] = [];
  for (const shown of params.context.diagnostics) {
    if (shown.source !== SOURCE) continue;
    const found = analysis.result.diagnostics.find(
      (d) =>
        d.code === shown.code &&
        d.range.start.line === shown.range.start.line &&
        d.range.start.character === shown.range.start.character &&
        d.range.end.line === shown.range.end.line &&
        d.range.end.character === shown.range.end.character,
    );
    (found?.fixes ?? []).forEach((fix, i) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [shown],
        isPreferred: i === 0,
        edit: { changes: { [analysis.uri]: [{ range: fix.range, newText: fix.newText }] } },
      });
    });
  }
  return actions;
}
