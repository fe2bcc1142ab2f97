/**
 * Escaping for every renderer that shows run data: report.md, report.html, the Action's job summary,
 * pull request comment and annotations. Unit ids (with matrix values from the batch file), reasons,
 * failure messages and log lines are data: none of them may add HTML, a link or an image, end a
 * code fence, add Mermaid statements or bring a control character along (`core/sanitize.ts`).
 * Pure.
 */
import { sanitize } from '../sanitize';

/** Markdown prose or a table cell, on one line: no HTML, emphasis, links, images or pipes; newlines are spaces. */
export function markdownInline(text: string): string {
  return sanitize(oneLine(text), { sgr: 'strip' })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

/** An inline code span on one line (a backtick inside cannot end it: it becomes `'`). */
export function inlineCode(text: string): string {
  return `\`${sanitize(oneLine(text), { sgr: 'strip' }).replace(/`/g, "'")}\``;
}

/** A fenced code block that no line of `text` can close: the fence is longer than any backtick run. */
export function codeFence(text: string, info = 'text'): string {
  const body = sanitize(text, { multiline: true, sgr: 'strip' });
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/** Text for HTML (an element or a quoted attribute): one line unless `multiline` (inside `<pre>`). */
export function escapeHtml(text: string, options: { multiline?: boolean } = {}): string {
  const clean = options.multiline ? sanitize(text, { multiline: true, sgr: 'strip' }) : sanitize(oneLine(text), { sgr: 'strip' });
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * A Mermaid Gantt task's text: letters, digits, spaces and `_.,=+-()[]/@` only. Everything else
 * could end the text (`:`), start a comment, directive or statement (`#`, `%%`, `;`, a line
 * break), carry HTML into the label, or end the code fence around the chart (a backtick).
 */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, 'no.')
    .replace(/[^\p{L}\p{M}\p{N} _.,=+\-()[\]/@]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim() || '_';
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ');
}
