/**
 * "Gantry: Run Batch": runs `gantry run <file>` as a VS Code task, in the terminal panel.
 *
 * A task with a ProcessExecution, not `sendText` into a shell: the arguments go to gantry as a
 * list, so no shell parses (or mis-quotes) the file's path, whatever the user's shell is; and the
 * task terminal stays open after the run with its exit code, where a plain terminal would close.
 * The same task can be written in tasks.json: `{ "type": "gantry", "file": "gantry.yml" }`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isBatchFile } from './batch-files';

export const TASK_TYPE = 'gantry';

interface GantryTaskDefinition extends vscode.TaskDefinition {
  /** The batch file, absolute or relative to the workspace folder. */
  file: string;
}

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
  const file = folder ? path.relative(folder.uri.fsPath, target.fsPath) : target.fsPath;
  await vscode.tasks.executeTask(runTask({ type: TASK_TYPE, file }, folder));
}

/** The task that runs one batch file; also resolves `gantry` tasks written in tasks.json. */
export function runTask(definition: GantryTaskDefinition, folder: vscode.WorkspaceFolder | undefined): vscode.Task {
  const cwd = folder?.uri.fsPath ?? path.dirname(definition.file);
  const cli = vscode.workspace.getConfiguration('gantry', folder?.uri).get<string>('cliPath', 'gantry') || 'gantry';
  const task = new vscode.Task(
    definition,
    folder ?? vscode.TaskScope.Workspace,
    `run ${definition.file}`,
    'gantry',
    new vscode.ProcessExecution(cli, ['run', definition.file], { cwd }),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

export function registerRunTasks(): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () => [],
    resolveTask: (task) => {
      const definition = task.definition as Partial<GantryTaskDefinition>;
      if (typeof definition.file !== 'string') return undefined;
      const folder = typeof task.scope === 'object' ? task.scope : undefined;
      return runTask({ ...task.definition, type: TASK_TYPE, file: definition.file }, folder);
    },
  });
}
