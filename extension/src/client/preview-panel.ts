/**
 * One schedule preview: a webview panel beside the editor of one batch file. It shows the server's
 * PreviewData for that file, updates on `gantry/previewChanged`, reveals a unit's definition when
 * the user clicks it, and highlights the units under the editor's cursor.
 */
import * as vscode from 'vscode';
import type { PreviewData, PreviewProblem } from '../protocol';
import { previewHtml } from './preview-html';
import type { FromWebview, ToWebview } from './webview/messages';

export const PREVIEW_VIEW_TYPE = 'gantry.preview';

/** A visible editor of the document whose URI string is `key`, if there is one. */
export function visibleEditor(key: string): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
}

export class PreviewPanel implements vscode.Disposable {
  private data: PreviewData | undefined;
  private highlighted: string[] = [];
  private ready = false;
  private disposed = false;
  /** When a click in the preview last moved the caret to the editor (see `revealUnit`). */
  private revealedAt = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  /** A panel options object for `createWebviewPanel` and for restoring a serialized panel. */
  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Only the bundled script and the style sheet; the preview needs nothing else.
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
      enableFindWidget: true,
    };
  }

  constructor(
    readonly document: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    const name = document.path.slice(document.path.lastIndexOf('/') + 1);
    panel.title = `Schedule: ${name}`;
    const webview = panel.webview;
    webview.options = PreviewPanel.options(extensionUri);
    webview.html = previewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'preview.css')).toString(),
      title: name,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: FromWebview) => void this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
      // The click that asked for a reveal also focuses the webview's frame, and that focus can land
      // after the editor took it. A person who clicked a task wants to type in its definition: hand
      // the focus back once, right after a reveal.
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.active || Date.now() - this.revealedAt > 1000) return;
        this.revealedAt = 0;
        const editor = visibleEditor(this.document.toString());
        if (editor) void vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
      }),
    );
  }

  get current(): PreviewData | undefined {
    return this.data;
  }

  /** Shows `data` unless the panel already shows a newer version of the document. */
  update(data: PreviewData): void {
    if (this.data && data.version < this.data.version) return;
    this.data = data;
    this.post({ type: 'data', data });
  }

  highlight(ids: string[]): void {
    if (ids.length === this.highlighted.length && ids.every((id, i) => id === this.highlighted[i])) return;
    this.highlighted = ids;
    this.post({ type: 'highlight', ids });
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  private post(message: ToWebview): void {
    // Before 'ready' the script would miss it; it asks for the state once it listens.
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async receive(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.data) this.post({ type: 'data', data: this.data });
        this.post({ type: 'highlight', ids: this.highlighted });
        return;
      case 'reveal':
        return 'id' in message ? this.revealUnit(message.id) : this.revealProblem(message.range);
    }
  }

  /** Selects the unit's name in an editor of the document, beside the preview. */
  private async revealUnit(id: string): Promise<void> {
    const unit = this.data?.units.find((u) => u.id === id);
    if (!unit) return;
    const start = new vscode.Position(unit.line, unit.character);
    return this.select(start, start.translate(0, unit.name.length));
  }

  /** Selects a problem's range, as the Problems panel does (only the problems the preview was sent). */
  private async revealProblem(range: PreviewProblem['range']): Promise<void> {
    const same = (a: PreviewProblem['range']['start'], b: PreviewProblem['range']['start']) => a.line === b.line && a.character === b.character;
    const problem = this.data?.problems?.find((p) => same(p.range.start, range.start) && same(p.range.end, range.end));
    if (!problem) return;
    const { start, end } = problem.range;
    return this.select(new vscode.Position(start.line, start.character), new vscode.Position(end.line, end.character));
  }

  /** Selects `start`–`end` in an editor of the document, beside the preview, the caret at `start`. */
  private async select(start: vscode.Position, end: vscode.Position): Promise<void> {
    // The range selected, with the caret at its start (where a person reads on from).
    const selection = new vscode.Selection(end, start);
    const visible = visibleEditor(this.document.toString());
    const viewColumn = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(this.document, { viewColumn, preserveFocus: false });
    // Set here, not as a show option: that one takes a Range and would put the caret at the end.
    editor.selection = selection;
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.revealedAt = Date.now();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}
