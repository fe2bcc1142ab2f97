/**
 * The "Gantry Runs" view (Explorer): the runs under `.gantry/runs/` of the workspace, newest
 * first, each with its result, makespan and when it started; selecting one opens its report.html
 * in a webview. The view appears once a workspace has a run (context key `gantry.hasRuns`) and
 * follows new runs as they write their report.json (and when a Run Batch task ends).
 *
 * A run folder is data a run wrote, and names and log lines in it came from containers: report.json
 * is read bounded and parsed defensively, and report.html (which Gantry renders escaped, with no
 * script) is shown in a webview that allows no script and loads nothing from outside.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatDuration } from '../../../core/format';
import { withPolicy } from './report-policy';

/** The runs listed: enough to find last week's, few enough to read at once. */
const MAX_RUNS = 50;
/** report.json of a huge batch is a few MB; past this it is not read. */
const MAX_REPORT_BYTES = 16 * 1024 * 1024;
const RUNS_GLOB = '**/.gantry/runs/*/report.json';

export interface RunItem {
  report: vscode.Uri;
  runId: string;
  file: string;
  result: string;
  makespan: number;
  startedAt: number;
  tasks: number;
  failed: number;
}

export class RunsView implements vscode.TreeDataProvider<RunItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private timer: NodeJS.Timeout | undefined;

  /** `onRunsChanged`: called (at most every 300 ms) after runs changed, e.g. to tell the language server. */
  constructor(onRunsChanged: () => void = () => undefined) {
    const watcher = vscode.workspace.createFileSystemWatcher(RUNS_GLOB);
    // A hidden view is never asked for its children: the context key that shows it is kept here.
    const refresh = () => {
      this.changed.fire();
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        void this.list();
        onRunsChanged();
      }, 300);
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(refresh),
      watcher.onDidChange(refresh),
      watcher.onDidDelete(refresh),
      // A run started from the editor has written its report when its task ends (file events can lag).
      vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.definition.type === 'gantry') refresh();
      }),
      vscode.window.createTreeView('gantry.runs', { treeDataProvider: this }),
      // From this view (a RunItem), or from a code lens the server sent (a RunReportRef).
      vscode.commands.registerCommand('gantry.openRunReport', (item: RunItem | RunReportRef) => {
        const run = 'reportUri' in item ? fromRef(item) : item;
        if (run) void this.open(run);
      }),
      vscode.commands.registerCommand('gantry.refreshRuns', refresh),
      this.changed,
    );
    // Whether to show the view at all.
    void this.list();
  }

  getChildren(element?: RunItem): Promise<RunItem[]> {
    return element ? Promise.resolve([]) : this.list();
  }

  /** The runs, newest first; sets `gantry.hasRuns`. */
  private async list(): Promise<RunItem[]> {
    const found = await vscode.workspace.findFiles(RUNS_GLOB, '**/node_modules/**', MAX_RUNS * 4);
    const runs = (await Promise.all(found.map((uri) => readRun(uri)))).filter((r): r is RunItem => r !== undefined);
    runs.sort((a, b) => b.startedAt - a.startedAt);
    void vscode.commands.executeCommand('setContext', 'gantry.hasRuns', runs.length > 0);
    return runs.slice(0, MAX_RUNS);
  }

  getTreeItem(run: RunItem): vscode.TreeItem {
    const item = new vscode.TreeItem(`${path.basename(run.file)} · ${run.result}`, vscode.TreeItemCollapsibleState.None);
    item.id = run.report.toString();
    item.description = `${run.result === 'running' ? 'running' : formatDuration(run.makespan)} · ${ago(run.startedAt)}`;
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendText(
      `${run.file}\nrun ${run.runId}, started ${new Date(run.startedAt).toLocaleString()}\n` +
        `${run.tasks - run.failed}/${run.tasks} tasks succeeded${run.failed ? `, ${run.failed} failed` : ''}`,
    );
    item.iconPath = new vscode.ThemeIcon(
      run.result === 'success' ? 'pass' : run.result === 'failure' ? 'error' : run.result === 'running' ? 'loading~spin' : 'circle-slash',
    );
    item.command = { command: 'gantry.openRunReport', title: 'Open Report', arguments: [run] };
    item.contextValue = 'gantryRun';
    return item;
  }

  /** Opens (or reveals) the run's report.html in a webview: no script, nothing from outside. */
  private async open(run: Pick<RunItem, 'report' | 'runId'>): Promise<void> {
    const html = vscode.Uri.joinPath(run.report, '..', 'report.html');
    let text: string;
    try {
      const bytes = await vscode.workspace.fs.readFile(html);
      if (bytes.byteLength > MAX_REPORT_BYTES) throw new Error('larger than 16 MiB');
      text = new TextDecoder().decode(bytes);
    } catch (error) {
      void vscode.window.showErrorMessage(`Gantry: cannot open the report of run ${run.runId}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const key = html.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('gantry.runReport', `Run ${run.runId}`, vscode.ViewColumn.Active, {
      enableScripts: false,
      localResourceRoots: [],
    });
    panel.webview.html = withPolicy(text);
    this.panels.set(key, panel);
    panel.onDidDispose(() => this.panels.delete(key));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const panel of this.panels.values()) panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** A run's report named by the language server's "last run" lens (extension/src/server/providers/code-lens.ts). */
export interface RunReportRef {
  reportUri: string;
  runId: string;
}

/** Only a report.json of a run folder on disk: anything else in a lens's arguments is ignored. */
function fromRef(ref: RunReportRef): Pick<RunItem, 'report' | 'runId'> | undefined {
  if (typeof ref.reportUri !== 'string' || typeof ref.runId !== 'string') return undefined;
  const report = vscode.Uri.parse(ref.reportUri);
  const match = /\/\.gantry\/runs\/([A-Za-z0-9][A-Za-z0-9_.-]{0,127})\/report\.json$/.exec(report.path);
  return report.scheme === 'file' && match?.[1] === ref.runId ? { report, runId: ref.runId } : undefined;
}

/** report.json → what the view shows; undefined for anything that is not a readable run report. */
async function readRun(report: vscode.Uri): Promise<RunItem | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(report);
    if (stat.type !== vscode.FileType.File || stat.size > MAX_REPORT_BYTES) return undefined;
    const doc = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(report))) as Record<string, unknown>;
    const startedAt = typeof doc.startedAt === 'string' ? Date.parse(doc.startedAt) : NaN;
    if (typeof doc.runId !== 'string' || !Number.isFinite(startedAt)) return undefined;
    const units = Array.isArray(doc.units) ? (doc.units as Record<string, unknown>[]) : [];
    const tasks = units.filter((u) => u && u.kind === 'task');
    return {
      report,
      runId: doc.runId,
      file: typeof doc.file === 'string' ? doc.file : report.fsPath,
      result: typeof doc.result === 'string' ? doc.result : 'unknown',
      makespan: typeof doc.makespan === 'number' ? doc.makespan : 0,
      startedAt,
      tasks: tasks.length,
      failed: tasks.filter((u) => ['failed', 'oom', 'timeout', 'killed'].includes(String(u.status))).length,
    };
  } catch {
    return undefined;
  }
}

function ago(at: number): string {
  const s = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}
