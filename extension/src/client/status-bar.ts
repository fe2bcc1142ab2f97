/**
 * The status bar item for the batch file in the active editor: its problems while it has any,
 * else the predicted makespan and how many tasks — the same figures as the preview's header, from
 * the server's `gantry/summary`. A click opens the schedule preview. Hidden for other editors.
 *
 * Asked again when the file's diagnostics change (the server publishes them once per analysed
 * version, so the summary then describes that version), when another editor becomes active, and
 * when the server says a summary it answered from an earlier version's plan (`planOf`, while this
 * version's was being made) has its own now; an answer that arrives after a newer question is dropped.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SUMMARY_CHANGED_NOTIFICATION, SUMMARY_REQUEST, type PreviewParams, type SummaryData } from '../protocol';
import { FILES_SETTING, isBatchFile } from './batch-files';
import { statusText } from './status-text';
import type { GantryLanguageClient } from './language-client';

/** Diagnostics can change several times in a burst (one per file): ask once after it. */
const SETTLE_MS = 100;

export class GantryStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gantry.status', vscode.StatusBarAlignment.Left, 10);
  private readonly listeners: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private asked = 0;

  constructor(private readonly client: GantryLanguageClient) {
    this.item.name = 'Gantry';
    this.item.command = 'gantry.openPreview';
    this.listeners.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.soon()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(FILES_SETTING)) this.soon();
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.soon();
      }),
    );
    client.onStarted((languageClient) => {
      this.listeners.push(languageClient.onNotification(SUMMARY_CHANGED_NOTIFICATION, () => this.soon()));
    });
    this.soon();
  }

  /** Asks again shortly: after a run finished, the prediction (from the history) may have changed. */
  soon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), SETTLE_MS);
  }

  private async refresh(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const ask = ++this.asked;
    if (!document || !isBatchFile(document)) {
      this.item.hide();
      return;
    }
    let languageClient: LanguageClient;
    try {
      languageClient = await this.client.start();
    } catch {
      return; // start() already told the user.
    }
    const params: PreviewParams = { uri: languageClient.code2ProtocolConverter.asUri(document.uri) };
    let data: SummaryData | null;
    try {
      data = await languageClient.sendRequest<SummaryData | null>(SUMMARY_REQUEST, params);
    } catch (error) {
      languageClient.error(`${SUMMARY_REQUEST} failed for ${document.uri.toString()}`, error, false);
      return;
    }
    if (ask !== this.asked) return;
    if (!data) {
      this.item.hide();
      return;
    }
    const shown = statusText(data);
    this.item.text = shown.text;
    this.item.tooltip = shown.tooltip;
    this.item.backgroundColor = data.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const listener of this.listeners.splice(0)) listener.dispose();
    this.item.dispose();
  }
}
