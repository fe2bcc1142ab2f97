/**
 * The preview webview's script: draws what the extension sends, tells it which unit was clicked.
 * The last data is kept with setState, so a reloaded webview draws at once.
 */
import type { PreviewData } from '../../protocol';
import type { FromWebview, ToWebview } from './messages';
import { Layouts, newViewState, render, type Handlers, type Rendered } from './render';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Quiet time after the last data before it is kept for a reload. */
const KEEP_STATE_AFTER_MS = 1000;

interface State {
  uri?: string;
  data?: PreviewData;
}

function start(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root')!;
  let data = (vscode.getState() as State | undefined)?.data;
  let highlighted: string[] = [];
  let rendered: Rendered | undefined;
  // The filter, open groups, pan, zoom and scroll survive redraws; the layout while the graph's shape does.
  const view = newViewState();
  const layouts = new Layouts();
  let keep: ReturnType<typeof setTimeout> | undefined;

  const handlers: Handlers = {
    unit: (id) => vscode.postMessage({ type: 'reveal', id }),
    problem: (range) => vscode.postMessage({ type: 'reveal', range }),
  };
  const draw = () => {
    if (!data) return;
    rendered = render(root, data, handlers, view, layouts);
    rendered.units.mark('highlight', highlighted);
    document.body.dataset.state = data.errors === 0 ? 'schedule' : data.stale && data.units.length > 0 ? 'stale' : 'problems';
  };

  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const message = event.data;
    if (message.type === 'data') {
      data = message.data;
      // Kept once typing pauses: setState copies the whole data (400 KiB at 2,000 tasks), which on
      // every keystroke would lengthen the task that redraws.
      // The uri at once, though: it is what brings the panel back after a restart.
      if (keep === undefined) vscode.setState({ uri: data.uri } satisfies State);
      clearTimeout(keep);
      const kept = { uri: data.uri, data } satisfies State;
      keep = setTimeout(() => vscode.setState(kept), KEEP_STATE_AFTER_MS);
      draw();
    } else if (message.type === 'highlight') {
      highlighted = message.ids;
      rendered?.units.mark('highlight', highlighted);
      if (highlighted[0]) rendered?.reveal(highlighted[0]);
    }
  });

  // Hovering a unit in one drawing shows it in the other.
  root.addEventListener('mouseover', (event) => {
    const id = event.target instanceof Element ? event.target.closest('[data-id]')?.getAttribute('data-id') : undefined;
    rendered?.units.mark('related', id ? [id] : []);
  });

  // The Gantt spans the panel's width; redraw when it changes.
  let width = root.clientWidth;
  new ResizeObserver(() => {
    if (Math.abs(root.clientWidth - width) < 8) return;
    width = root.clientWidth;
    draw();
  }).observe(root);

  draw();
  vscode.postMessage({ type: 'ready' });
}

start();
