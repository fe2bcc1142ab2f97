/**
 * "Gantry: Run Batch": runs `gantry run <file>` as a VS Code task, in the terminal panel.
 *
 * A task with a ProcessExecution, not `sendText` into a shell: the arguments go to gantry as a
 * list, so no shell parses (or mis-quotes) the file's path, whatever the user's shell is; and the
 * task terminal stays open after the run with its exit code, where a plain terminal would close.
 * The same task can be written in tasks.json: `{ "type": "gantry", "file": "gantry.yml" }`.
 *
 * Which gantry: the one shipped in the .vsix (dist/gantry-cli.mjs), run with the editor's own
 * Node (the extension host's executable; `ELECTRON_RUN_AS_NODE` makes VS Code's Electron act as
 * Node), so installing the extension is enough — unless `gantry.cliPath` names another one. A
 * `gantry.cliPath` that does not exist is said as such, with what to do, before any terminal opens.
 */
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isBatchFile } from './batch-files';

export const TASK_TYPE = 'gantry';

interface GantryTaskDefinition extends vscode.TaskDefinition {
  /** The batch file, absolute or relative to the workspace folder. */
  file: string;
}

export async function runBatch(uri: vscode.Uri | undefined, bundledCli: string): Promise<void> {
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
  const configured = configuredCli(folder);
  const problem = configured === undefined ? undefined : missingExecutable(configured, folder);
  if (problem) {
    const open = 'Open Setting';
    const choice = await vscode.window.showErrorMessage(
      `Gantry: gantry.cliPath is "${configured}", ${problem}. Clear the setting to use the gantry that comes with the extension, or point it at an installed gantry.`,
      open,
    );
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'gantry.cliPath');
    return;
  }
  const file = folder ? path.relative(folder.uri.fsPath, target.fsPath) : target.fsPath;
  await vscode.tasks.executeTask(runTask({ type: TASK_TYPE, file }, folder, bundledCli));
}

/** `gantry.cliPath`, trimmed; undefined when not set (the bundled CLI). */
function configuredCli(folder: vscode.WorkspaceFolder | undefined): string | undefined {
  const value = vscode.workspace.getConfiguration('gantry', folder?.uri).get<string>('cliPath', '').trim();
  return value === '' ? undefined : value;
}

/**
 * Why `cli` cannot be started, for a path (absolute, or relative to the workspace folder); a bare
 * name is looked up on the terminal's PATH, which only the terminal knows, so it is not judged.
 */
function missingExecutable(cli: string, folder: vscode.WorkspaceFolder | undefined): string | undefined {
  if (!cli.includes('/') && !cli.includes('\\')) return undefined;
  const full = path.isAbsolute(cli) ? cli : path.join(folder?.uri.fsPath ?? '', cli);
  try {
    accessSync(full, constants.F_OK);
  } catch {
    return 'which does not exist';
  }
  try {
    accessSync(full, constants.X_OK);
  } catch {
    return 'which is not executable';
  }
  return undefined;
}

/** The task that runs one batch file; also resolves `gantry` tasks written in tasks.json. */
export function runTask(definition: GantryTaskDefinition, folder: vscode.WorkspaceFolder | undefined, bundledCli: string): vscode.Task {
  const cwd = folder?.uri.fsPath ?? path.dirname(definition.file);
  const configured = configuredCli(folder);
  const execution =
    configured !== undefined
      ? new vscode.ProcessExecution(configured, ['run', definition.file], { cwd })
      : new vscode.ProcessExecution(process.execPath, [bundledCli, 'run', definition.file], { cwd, env: { ELECTRON_RUN_AS_NODE: '1' } });
  const task = new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, `run ${definition.file}`, 'gantry', execution);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

export function registerRunTasks(bundledCli: string): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () => [],
    resolveTask: (task) => {
      const definition = task.definition as Partial<GantryTaskDefinition>;
      if (typeof definition.file !== 'string') return undefined;
      const folder = typeof task.scope === 'object' ? task.scope : undefined;
      return runTask({ ...task.definition, type: TASK_TYPE, file: definition.file }, folder, bundledCli);
    },
  });
}
