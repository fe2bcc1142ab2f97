/**
 * The pull request comment: one per batch file, found again by a hidden marker, short enough to
 * read in a review — result, table, critical path, and a link to the job summary for the timeline
 * and the logs.
 *
 * Logs never go into the comment: the runner masks secrets in what it logs and shows, but a comment
 * is written through the API, where no masking happens.
 *
 * GitHub refuses a comment body over 65,536 characters; the body is cut to COMMENT_LIMIT, rows last
 * in the table first, with a link to the full summary.
 */
import type { RunDocument } from '../core/report/run-document';
import { TABLE_HEADER, batchTitle, criticalPathLine, escapeInline, failedFirst, resultLine, tableRow } from './markdown';

/** GitHub's limit is 65,536 characters; JS string length (UTF-16 units) never undercounts them. */
export const COMMENT_LIMIT = 65_536;

/**
 * The hidden marker naming the batch file, so each file of a repository keeps its own comment.
 * The path is encoded so that no file name can end the HTML comment early.
 */
export function commentMarker(file: string): string {
  return `<!-- gantry:comment ${encodeURIComponent(file)} -->`;
}

export interface CommentOptions {
  /** The batch file as the workflow names it (the marker's key). */
  file: string;
  /** The run's page, linked for the full summary. Default: no link. */
  runUrl?: string;
  /** Default: COMMENT_LIMIT. */
  limit?: number;
}

export function renderComment(doc: RunDocument, options: CommentOptions): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  // All rows, then half as many each time, down to none.
  for (let n = doc.units.length; ; n = Math.floor(n / 2)) {
    const body = render(doc, options, n);
    if (body.length <= limit) return body;
    if (n === 0) break;
  }
  return `${commentMarker(options.file)}\n${resultLine(doc)}\n`.slice(0, limit);
}

function render(doc: RunDocument, options: CommentOptions, rows: number): string {
  const summaryLink = options.runUrl ? `[job summary](${options.runUrl})` : 'job summary';
  const out = [commentMarker(options.file), `### Gantry: ${escapeInline(batchTitle(doc))}`, '', resultLine(doc), ''];
  // Failed tasks first: a reviewer opens the comment to see what broke.
  out.push(TABLE_HEADER, ...failedFirst(doc.units).slice(0, rows).map(tableRow));
  if (rows < doc.units.length) {
    out.push('', `_Truncated: ${doc.units.length - rows} of ${doc.units.length} rows left out to fit GitHub's comment limit. See the ${summaryLink} for all of them._`);
  }
  out.push('');
  const pathLine = criticalPathLine(doc);
  if (pathLine) out.push(pathLine, '');
  out.push(`<sub>Timeline, logs of failed tasks and right-sizing advice: ${summaryLink}. Updated in place on every run.</sub>`, '');
  return out.join('\n');
}
