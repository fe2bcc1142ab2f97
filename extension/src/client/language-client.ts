/**
 * Starts the Gantry language server (extension/dist/server.js, a separate Node process over IPC)
 * and the vscode-languageclient client that talks to it, on first need: the extension activates
 * on any YAML file (`onLanguage:yaml`), but the server only starts once a batch file is open.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { RUNS_CHANGED_NOTIFICATION, type GantryInitializationOptions } from '../protocol';
import { FILES_SETTING, batchFileSelector, isBatchFile } from './batch-files';
import { withoutDuplicates } from './yaml-coexistence';

export const CLIENT_ID = 'gantry';
export const CLIENT_NAME = 'Gantry Language Server';

export class GantryLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly listeners: vscode.Disposable[] = [];
  private readonly startedHandlers: ((client: LanguageClient) => void)[] = [];
  /**
   * The client's document selector, and the one the server is sent: one array, refilled in place
   * when `gantry.files` changes, then the server restarted (which re-reads both).
   */
  private readonly selector = batchFileSelector();

  constructor(private readonly context: vscode.ExtensionContext) {
    // Trusting the workspace relaxes the policy the server checks against: start it afresh.
    this.listeners.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.restart()));
    this.listeners.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(FILES_SETTING)) return;
        this.selector.splice(0, this.selector.length, ...batchFileSelector());
        if (this.client) void this.restart();
        else if (vscode.workspace.textDocuments.some(isBatchFile)) void this.start();
      }),
    );
    if (vscode.workspace.textDocuments.some(isBatchFile)) void this.start();
    else {
      const listener = vscode.workspace.onDidOpenTextDocument((document) => {
        if (!isBatchFile(document)) return;
        listener.dispose();
        void this.start();
      });
      this.listeners.push(listener);
    }
  }

  /** Runs `handler` once the client runs (at once when it already does). */
  onStarted(handler: (client: LanguageClient) => void): void {
    if (this.client) handler(this.client);
    else this.startedHandlers.push(handler);
  }

  /** Tells a running server that runs changed (it refreshes the "last run" lenses and previews). */
  notifyRunsChanged(): void {
    if (this.client?.isRunning()) void this.client.sendNotification(RUNS_CHANGED_NOTIFICATION).catch(() => undefined);
  }

  /** The running client, starting it if needed. Rejects when the server cannot start. */
  start(): Promise<LanguageClient> {
    this.starting ??= this.create().catch((error: unknown) => {
      this.starting = undefined;
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`Gantry: the language server did not start: ${message}`);
      throw error;
    });
    return this.starting;
  }

  private async create(): Promise<LanguageClient> {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      // `--inspect` lets a developer attach a debugger to the server (Run and Debug, port 6009).
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    // A function, so a restart after the workspace is trusted sends the new policy.
    const initializationOptions = (): GantryInitializationOptions => ({
      documentSelector: this.selector,
      // A file from an untrusted workspace is checked as `gantry validate --policy strict` would.
      policy: vscode.workspace.isTrusted ? 'trusted' : 'strict',
    });
    const clientOptions: LanguageClientOptions = {
      documentSelector: this.selector,
      initializationOptions,
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => next(uri, withoutDuplicates(uri, diagnostics)),
      },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    await client.start();
    this.client = client;
    for (const handler of this.startedHandlers.splice(0)) handler(client);
    return client;
  }

  /** Restarts a running server (vscode-languageclient keeps the notification handlers). */
  private async restart(): Promise<void> {
    const client = this.client;
    if (!client) return;
    await client.restart().catch((error: unknown) => client.error('Restarting the Gantry server failed', error, 'force'));
  }

  async dispose(): Promise<void> {
    for (const listener of this.listeners.splice(0)) listener.dispose();
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    // stop() fails when the server already died; there is nothing left to clean up then.
    await client?.stop().catch(() => undefined);
  }
}
