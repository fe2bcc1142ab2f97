/**
 * Living next to Red Hat's YAML extension (redhat.vscode-yaml) without showing anything twice.
 *
 * - Completion, hover and schema diagnostics: Gantry contributes nothing to `yaml.schemas` or
 *   `yamlValidation` and the batch file names are not in SchemaStore's catalogue, so the YAML
 *   extension has no schema for a batch file and offers none of these; only Gantry does.
 * - YAML syntax errors: both servers parse the file with the same `yaml` library and would report
 *   the same error at the same place. While the YAML extension is enabled and validating
 *   (`yaml.validate`, default true), Gantry leaves those to it and keeps its own schema and
 *   semantic diagnostics.
 */
import * as vscode from 'vscode';

export const RED_HAT_YAML = 'redhat.vscode-yaml';

/**
 * Codes (core/parse-codes.ts) of problems any YAML validator reports: the YAML parser's errors and
 * warnings, and duplicate keys (yaml-language-server's "Map keys must be unique").
 */
export const GENERIC_YAML_CODES: ReadonlySet<string> = new Set(['yaml-syntax', 'yaml-warning', 'duplicate-key']);

export function isYamlSyntaxDiagnostic(diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return typeof code === 'string' && GENERIC_YAML_CODES.has(code);
}

/** Whether the YAML extension is installed, enabled and validating documents like `uri`. */
export function yamlExtensionValidates(uri: vscode.Uri): boolean {
  if (!vscode.extensions.getExtension(RED_HAT_YAML)) return false;
  return vscode.workspace.getConfiguration('yaml', uri).get<boolean>('validate', true);
}

/** Removes the diagnostics the YAML extension already shows for `uri`. */
export function withoutDuplicates(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return yamlExtensionValidates(uri) ? diagnostics.filter((d) => !isYamlSyntaxDiagnostic(d)) : diagnostics;
}
