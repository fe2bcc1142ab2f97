/** Messages between the preview panel (extension host) and its webview. Types only. */
import type { PreviewData, PreviewProblem } from '../../protocol';

/** Extension → webview. */
export type ToWebview =
  /** New data for the preview; `undefined` while the server has not answered yet. */
  | { type: 'data'; data: PreviewData }
  /** The editor's cursor is on these units (empty: on none). */
  | { type: 'highlight'; ids: string[] };

/** Webview → extension. */
export type FromWebview =
  /** The script is loaded and listening: send the current state. */
  | { type: 'ready' }
  /** The user clicked a unit: show its definition. */
  | { type: 'reveal'; id: string }
  /** The user clicked a problem: show its place (one of the PreviewData's `problems`' ranges). */
  | { type: 'reveal'; range: PreviewProblem['range'] };
