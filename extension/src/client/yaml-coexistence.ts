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

import { withoutGenericYaml } from './yaml-codes';

export const RED_HAT_YAML = 'redhat.vscode-yaml';

/** Whether the YAML extension is installed, enabled and validating documents like `uri`. */
export function yamlExtensionValidates(uri: vscode.Uri): boolean {
  if (!vscode.extensions.getExtension(RED_HAT_YAML)) return false;
  return vscode.workspace.getConfiguration('yaml', uri).get<boolean>('validate', true);
}

/** Removes the diagnostics the YAML extension already shows for `uri`. */
export function withoutDuplicates(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return withoutGenericYaml(diagnostics, yamlExtensionValidates(uri));
}
