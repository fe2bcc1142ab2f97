/**
 * Which documents are Gantry batch files: those named `gantry.yml`, `gantry.yaml`, `*.gantry.yml`,
 * `*.gantry.yaml`, and whatever the `gantry.files` setting adds (globs relative to the workspace
 * folder, e.g. `ci/pipeline.yml`; "Gantry: Treat This File as a Batch File" adds the active file
 * there), in either of two languages, and any document in the `gantry` language.
 *
 * The extension gives the default names the `gantry` language (package.json: its own file icon and
 * "Gantry" in the status bar; VS Code's YAML grammar, comment and indentation rules underneath),
 * the way VS Code gives compose files `dockercompose`. A file can keep `yaml` instead — files named
 * in `gantry.files`, or all of them when the user sets `"files.associations": {"gantry.yml": "yaml"}`
 * for a YAML tool that only acts on the `yaml` language — and Gantry treats it the same.
 *
 * The context key `gantry.activeIsBatchFile` says it of the active editor, for package.json's
 * `when` clauses (menus and the command palette).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BATCH_FILE_GLOBS, GANTRY_LANGUAGE } from '../protocol';

/** The languages a batch file can have. */
const LANGUAGES = ['yaml', GANTRY_LANGUAGE] as const;

/** The setting that names more batch files. */
export const FILES_SETTING = 'gantry.files';

/**
 * Documents named like a batch file (the defaults, then `gantry.files`) in `yaml` or `gantry`, and
 * any `gantry` document; in any scheme.
 */
export function batchFileSelector(): { language: string; pattern?: string }[] {
  const named = [...BATCH_FILE_GLOBS, ...configuredGlobs()].flatMap((pattern) => LANGUAGES.map((language) => ({ language, pattern })));
  return [...named, { language: GANTRY_LANGUAGE }];
}

/** `gantry.files`, each made to match at any depth unless it starts at the root (`/`) or with `**`. */
function configuredGlobs(): string[] {
  const value = vscode.workspace.getConfiguration().get<unknown>(FILES_SETTING, []);
  if (!Array.isArray(value)) return [];
  return value
    .filter((g): g is string => typeof g === 'string' && g.trim() !== '')
    .map((g) => g.trim().replace(/\\/g, '/').replace(/^\.\//, ''))
    .map((g) => (g.startsWith('/') || g.startsWith('**') ? g : `**/${g}`));
}

/** True when `document` is a batch file (see batchFileSelector). */
export function isBatchFile(document: vscode.TextDocument): boolean {
  return vscode.languages.match(batchFileSelector(), document) > 0;
}

/** Keeps the `gantry.activeIsBatchFile` context key true while the active editor shows a batch file. */
export function trackActiveBatchFile(): vscode.Disposable {
  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', 'gantry.activeIsBatchFile', document !== undefined && isBatchFile(document));
  };
  update();
  const listeners = [
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(FILES_SETTING)) update();
    }),
  ];
  return vscode.Disposable.from(...listeners);
}

/** "Gantry: Treat This File as a Batch File": adds the active YAML file to `gantry.files`. */
export async function treatAsBatchFile(uri?: vscode.Uri): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage('Gantry: open the YAML file to treat as a batch file.');
    return;
  }
  const document = await vscode.workspace.openTextDocument(target);
  if (!(LANGUAGES as readonly string[]).includes(document.languageId)) {
    void vscode.window.showErrorMessage(`Gantry: ${path.basename(target.path)} is not a YAML file.`);
    return;
  }
  if (isBatchFile(document)) {
    void vscode.window.showInformationMessage(`Gantry: ${path.basename(target.path)} is already a batch file.`);
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(target);
  const glob = folder ? path.posix.relative(folder.uri.path, target.path) : target.path;
  const config = vscode.workspace.getConfiguration('gantry', folder?.uri);
  const current = config.get<unknown>('files', []);
  const files = Array.isArray(current) ? current.filter((g): g is string => typeof g === 'string') : [];
  await config.update('files', [...files, glob], folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(`Gantry: ${glob} is now a batch file (setting gantry.files).`);
}
