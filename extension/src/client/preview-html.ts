/**
 * The preview webview's HTML shell. Everything it shows is drawn by extension/dist/webview.js;
 * the page itself loads only that script and media/preview.css, both from the extension.
 *
 * Content-Security-Policy: nothing by default; styles only from the extension's files (no inline
 * styles, the script sets none); the one script only with this page's nonce; no network at all.
 * https://code.visualstudio.com/api/extension-guides/webview#content-security-policy
 */
import { randomBytes } from 'node:crypto';

export interface PreviewHtmlOptions {
  /** `webview.cspSource`: the origin the webview serves extension files from. */
  cspSource: string;
  /** Webview URIs of the script and the style sheet. */
  scriptUri: string;
  styleUri: string;
  /** Shown until the first data arrives, e.g. the file name. */
  title: string;
  /** Default: a fresh random nonce. */
  nonce?: string;
}

export function previewHtml(options: PreviewHtmlOptions): string {
  const nonce = options.nonce ?? randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource}`,
    `img-src ${options.cspSource} data:`,
    `font-src ${options.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="status">Computing the schedule of ${escapeHtml(options.title)}…</p></main>
<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
