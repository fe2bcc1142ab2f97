/**
 * Diagnostics: exactly what `gantry validate` reports for the file — same list, same codes,
 * same ranges — as LSP diagnostics.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../../../../core/diagnostics';
import type { Analysis } from '../analysis';

export const SOURCE = 'gantry';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: SOURCE,
    message: d.message,
  };
}

export function diagnose(analysis: Analysis): LspDiagnostic[] {
  return analysis.result.diagnostics.map(toLspDiagnostic);
}
