/**
 * "Gantry: Run Batch": runs `gantry run <file>` in a terminal. The terminal's process is gantry
 * itself with its arguments as a list, so no shell parses (or mis-quotes) the file's path, and the
 * terminal stays open after the run with its exit code.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isBatchFile } from './batch-files';

export async function runBatch(uri?: vscode.Uri): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage('Gantry: open a batch file (gantry.yml) to run it.');
    return;
  }
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Gantry: cannot run ${target.toString()}: gantry runs files on disk.`);
    return;
  }
  const document = await vscode.workspace.openTextDocument(target);
  if (!isBatchFile(document)) {
    void vscode.window.showInformationMessage('Gantry: this is not a batch file (gantry.yml, *.gantry.yml).');
    return;
  }
  // gantry reads the file from disk: run what the user sees.
  if (document.isDirty && !(await document.save())) return;
  const folder = vscode.workspace.getWorkspaceFolder(target);
  const cwd = folder?.uri.fsPath ?? path.dirname(target.fsPath);
  const cli = vscode.workspace.getConfiguration('gantry', target).get<string>('cliPath', 'gantry') || 'gantry';
  const terminal = vscode.window.createTerminal({
    name: `Gantry: ${path.basename(target.fsPath)}`,
    cwd,
    shellPath: cli,
    shellArgs: ['run', path.relative(cwd, target.fsPath) || target.fsPath],
    iconPath: new vscode.ThemeIcon('play'),
  });
  terminal.show();
}
