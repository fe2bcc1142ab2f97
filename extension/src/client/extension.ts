/**
 * The extension's entry: wires the language client, the schedule previews and the commands.
 * Everything it creates is owned by the extension context and disposed on deactivation.
 */
import * as vscode from 'vscode';
import { trackActiveBatchFile, treatAsBatchFile } from './batch-files';
import { GantryLanguageClient } from './language-client';
import { Previews } from './previews';
import { registerRunTasks, runBatch } from './run-batch';
import { RunsView } from './runs-view';
import { GantryStatusBar } from './status-bar';

export function activate(context: vscode.ExtensionContext): void {
  const client = new GantryLanguageClient(context);
  const previews = new Previews(context, client);
  // The CLI shipped in the .vsix: Run Batch needs nothing else installed.
  const bundledCli = context.asAbsolutePath('dist/gantry-cli.mjs');
  const statusBar = new GantryStatusBar(client);
  context.subscriptions.push(
    client,
    previews,
    statusBar,
    trackActiveBatchFile(),
    // A finished run changes the last-run lenses and, through the history, the predictions.
    new RunsView(() => {
      client.notifyRunsChanged();
      statusBar.soon();
    }),
    vscode.commands.registerCommand('gantry.treatAsBatchFile', (uri?: vscode.Uri) => treatAsBatchFile(uri)),
    // A URI from the editor title or explorer, or a string from a code lens (sent by the server).
    vscode.commands.registerCommand('gantry.openPreview', (uri?: vscode.Uri | string) =>
      previews.open(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri),
    ),
    vscode.commands.registerCommand('gantry.runBatch', (uri?: vscode.Uri) => runBatch(uri, bundledCli)),
    registerRunTasks(bundledCli),
  );
}

// Nothing to do here: disposing the context's subscriptions stops the language client (it sends
// shutdown and exit), and the server also exits on its own when this extension host goes away.
export function deactivate(): void {}
