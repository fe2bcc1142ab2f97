/**
 * The open schedule previews, one per batch file: opens and restores them, feeds them the
 * server's data and the editor's cursor.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PREVIEW_CHANGED_NOTIFICATION, PREVIEW_REQUEST, type PreviewData, type PreviewParams } from '../protocol';
import { isBatchFile } from './batch-files';
import { unitsAtLine } from './cursor-unit';
import type { GantryLanguageClient } from './language-client';
import { PREVIEW_VIEW_TYPE, PreviewPanel, visibleEditor } from './preview-panel';

/** What the webview keeps with `setState`, so VS Code can restore the panel after a reload. */
interface PersistedState {
  uri?: string;
}

export class Previews implements vscode.Disposable {
  private readonly panels = new Map<string, PreviewPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: GantryLanguageClient,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: PersistedState | undefined) => {
          if (typeof state?.uri !== 'string') return panel.dispose();
          this.track(new PreviewPanel(vscode.Uri.parse(state.uri), panel, context.extensionUri));
        },
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => this.followCursor(event.textEditor)),
    );
    client.onStarted((languageClient) => {
      this.disposables.push(
        languageClient.onNotification(PREVIEW_CHANGED_NOTIFICATION, (data: PreviewData) => this.receive(languageClient, data)),
      );
      for (const panel of this.panels.values()) void this.refresh(panel.document);
    });
  }

  /** "Gantry: Open Schedule Preview": for `uri` (editor title, explorer) or the active editor. */
  async open(uri?: vscode.Uri): Promise<void> {
    const document = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!document) {
      void vscode.window.showInformationMessage('Gantry: open a batch file (gantry.yml) to preview its schedule.');
      return;
    }
    const opened = await vscode.workspace.openTextDocument(document);
    if (!isBatchFile(opened)) {
      void vscode.window.showInformationMessage(
        'Gantry: this is not a batch file. The preview works on gantry.yml, gantry.yaml, *.gantry.yml and *.gantry.yaml.',
      );
      return;
    }
    const existing = this.panels.get(document.toString());
    if (existing) return existing.reveal();
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      'Schedule',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      PreviewPanel.options(this.context.extensionUri),
    );
    this.track(new PreviewPanel(document, panel, this.context.extensionUri));
  }

  private track(panel: PreviewPanel): void {
    const key = panel.document.toString();
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    const editor = visibleEditor(key);
    if (editor) this.followCursor(editor);
    // Edits arrive as `gantry/previewChanged` from the server; this is the first picture.
    void this.refresh(panel.document);
  }

  /** Asks the server for the document's preview data (starting the server if needed). */
  private async refresh(uri: vscode.Uri): Promise<void> {
    let languageClient: LanguageClient;
    try {
      languageClient = await this.client.start();
    } catch {
      return; // start() already told the user.
    }
    const params: PreviewParams = { uri: languageClient.code2ProtocolConverter.asUri(uri) };
    try {
      const data = await languageClient.sendRequest<PreviewData>(PREVIEW_REQUEST, params);
      this.receive(languageClient, data);
    } catch (error) {
      languageClient.error(`${PREVIEW_REQUEST} failed for ${uri.toString()}`, error, false);
    }
  }

  private receive(languageClient: LanguageClient, data: PreviewData | null): void {
    if (!data) return;
    const key = languageClient.protocol2CodeConverter.asUri(data.uri).toString();
    const panel = this.panels.get(key);
    if (!panel) return;
    panel.update(data);
    const editor = visibleEditor(key);
    if (editor) this.followCursor(editor);
  }

  private followCursor(editor: vscode.TextEditor): void {
    const panel = this.panels.get(editor.document.uri.toString());
    const data = panel?.current;
    // A stale schedule's units are where their names are written now (the server moved them).
    if (!panel || !data || data.units.length === 0) return;
    const document = editor.document;
    const line = editor.selection.active.line;
    panel.highlight(unitsAtLine(data.units, (l) => (l < document.lineCount ? document.lineAt(l).text : ''), line));
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
