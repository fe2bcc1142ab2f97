/**
 * The pull request comment, written for a reviewer: one per comment key (default: the batch file),
 * found again by a hidden marker. What broke comes first — each failed task with the first error
 * line of its log — then, collapsed, the tasks that passed, the critical path and the timeline, the
 * commit it ran on, and the makespan against the base branch's last run when the workflow hands in
 * that run's report (`baseline`).
 *
 * One line of each failed task's log goes into the comment (the one a reviewer needs), sanitised,
 * escaped as inline code and masked for the known secrets; whole logs never do — the runner masks
 * every registered secret in what it logs, but a comment is written through the API, where no
 * masking happens. The logs stay in the job summary and the step log.
 *
 * GitHub refuses a comment body over 65,536 characters; the body is cut to COMMENT_LIMIT — the
 * timeline goes first, then rows of the passing table, then failed rows — with a link to the full
 * summary.
 */
import type { RunDocument, UnitDocument } from '../core/report/run-document';
import { renderGantt } from '../core/report/report-md';
import { formatDuration } from '../core/format';
import { inlineCode } from '../core/report/escape';
import { sanitize } from '../core/sanitize';
import { FAILED_STATUSES, TABLE_HEADER, batchTitle, criticalPathLine, escapeInline, failureReason, resultLine, tableRow } from './markdown';
import { secretsNote } from '../core/report/secrets-note';

/** GitHub's limit is 65,536 characters; JS string length (UTF-16 units) never undercounts them. */
export const COMMENT_LIMIT = 65_536;
/** Characters of a first error line shown. */
export const ERROR_LINE_MAX = 200;

/**
 * The hidden marker naming the comment's key (the batch file, or the `comment-key` input), so each
 * key of a repository keeps its own comment. Encoded so that no key can end the HTML comment early.
 */
export function commentMarker(key: string): string {
  return `<!-- gantry:comment ${encodeURIComponent(key)} -->`;
}

export interface CommentOptions {
  /** The batch file as the workflow names it. */
  file: string;
  /** The marker's key. Default: `file`. */
  key?: string;
  /** The run's page, linked for the full summary. Default: no link. */
  runUrl?: string;
  /** The commit the run checked out (40 hex digits), and its page. */
  commit?: { sha: string; url?: string };
  /** The base branch's last run, when the workflow hands its report in. */
  baseline?: { makespan: number; ref?: string };
  /** What part of the batch this comment shows, when not all of it (`only:` selection, a shard). */
  selection?: string;
  /** Default: COMMENT_LIMIT. */
  limit?: number;
  /**
   * Render one shard's section of a shared comment (./publish-shards.ts): this heading line instead
   * of the marker and the batch's heading, and no footer. Default: a whole comment.
   */
  section?: string;
}

export function renderComment(doc: RunDocument, options: CommentOptions): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  const gantt = renderGantt(doc);
  const failed = doc.units.filter(isFailed);
  const rest = doc.units.filter((u) => !isFailed(u));
  // All of it; then without the timeline; then half as many passing rows each time, down to none;
  // then half as many failed rows.
  for (const withTimeline of gantt ? [true, false] : [false]) {
    for (let n = rest.length; ; n = Math.floor(n / 2)) {
      const body = render(doc, options, failed, failed.length, rest, n, withTimeline ? gantt : undefined);
      if (body.length <= limit) return body;
      if (n === 0) break;
    }
  }
  for (let n = Math.floor(failed.length / 2); n > 0; n = Math.floor(n / 2)) {
    const body = render(doc, options, failed, n, rest, 0, undefined);
    if (body.length <= limit) return body;
  }
  return `${options.section ?? commentMarker(options.key ?? options.file)}\n${resultLine(doc)}\n`.slice(0, limit);
}

function isFailed(u: UnitDocument): boolean {
  return FAILED_STATUSES.has(u.status) && !u.allowFailure;
}

function render(doc: RunDocument, options: CommentOptions, failed: readonly UnitDocument[], failedRows: number, rest: readonly UnitDocument[], restRows: number, gantt: string | undefined): string {
  const summaryLink = options.runUrl ? `[job summary](${options.runUrl})` : 'job summary';
  const out = options.section !== undefined ? [options.section, ''] : [commentMarker(options.key ?? options.file), `### Gantry: ${escapeInline(batchTitle(doc))}`, ''];
  out.push(resultLine(doc), '');
  const facts = factsLine(doc, options);
  if (facts) out.push(facts, '');
  const secrets = secretsNote(doc);
  if (secrets) out.push(`> ${escapeInline(secrets)}`, '');

  if (failed.length > 0) {
    out.push('| Failed | Why | First error line |', '| --- | --- | --- |');
    for (const unit of failed.slice(0, failedRows)) out.push(failedRow(unit));
    if (failedRows < failed.length) out.push('', `_${failed.length - failedRows} more failed tasks left out to fit GitHub's comment limit: see the ${summaryLink}._`);
    out.push('');
  }

  if (rest.length > 0) {
    const counts = countsByStatus(rest);
    out.push('<details>', `<summary>${counts}</summary>`, '');
    out.push(TABLE_HEADER, ...rest.slice(0, restRows).map(tableRow));
    if (restRows < rest.length) out.push('', `_${rest.length - restRows} of ${rest.length} rows left out to fit GitHub's comment limit: see the ${summaryLink}._`);
    out.push('', '</details>', '');
  }

  const pathLine = criticalPathLine(doc);
  if (pathLine) out.push(pathLine, '');
  if (gantt) out.push('<details>', '<summary>Timeline</summary>', '', gantt, '', '</details>', '');
  if (options.section === undefined) out.push(`<sub>Logs of failed tasks and right-sizing advice: ${summaryLink}. Updated in place on every run.</sub>`, '');
  return out.join('\n');
}

/** `commit abc1234 · makespan vs main: 58s → 1m05s (+7.0s) · shows: only test` */
function factsLine(doc: RunDocument, options: CommentOptions): string {
  const parts: string[] = [];
  if (options.commit && /^[0-9a-f]{7,64}$/.test(options.commit.sha)) {
    const short = options.commit.sha.slice(0, 7);
    parts.push(options.commit.url ? `commit [\`${short}\`](${options.commit.url})` : `commit \`${short}\``);
  }
  if (options.baseline && Number.isFinite(options.baseline.makespan) && options.baseline.makespan > 0) {
    const delta = doc.makespan - options.baseline.makespan;
    const sign = delta >= 0 ? '+' : '−';
    const pct = Math.round((Math.abs(delta) / options.baseline.makespan) * 100);
    const ref = options.baseline.ref ? ` on ${inlineCode(options.baseline.ref)}` : ' on the base branch';
    parts.push(`makespan ${formatDuration(doc.makespan)} vs ${formatDuration(options.baseline.makespan)}${ref} (${sign}${formatDuration(Math.abs(delta))}, ${sign}${pct}%)`);
  }
  if (options.selection) parts.push(`shows ${escapeInline(options.selection)}`);
  return parts.join(' · ');
}

function failedRow(unit: UnitDocument): string {
  const attempts = unit.attempts.length > 1 ? ` (${unit.attempts.length} attempts)` : '';
  const line = firstErrorLine(unit);
  // A pipe ends a table cell even inside a code span (GFM): escaped, it shows as itself.
  return `| ${escapeInline(unit.id)} | ${escapeInline(`${unit.status}: ${failureReason(unit)}`)}${attempts} | ${line === undefined ? '–' : inlineCode(line).replace(/\|/g, '\\|')} |`;
}

const ERROR_LINE = /\b(error|errors|fail|failed|failure|fatal|panic|exception|assert\w*|traceback|not ok)\b/i;

/** The first line of the last attempt's log tail that reads like an error, else its last line. */
export function firstErrorLine(unit: UnitDocument): string | undefined {
  const tail = (unit.attempts[unit.attempts.length - 1]?.logTail ?? []).map((l) => sanitize(l, { sgr: 'strip' }).trim()).filter((l) => l !== '');
  const line = tail.find((l) => ERROR_LINE.test(l)) ?? tail[tail.length - 1];
  if (line === undefined) return undefined;
  return line.length > ERROR_LINE_MAX ? `${line.slice(0, ERROR_LINE_MAX - 1)}…` : line;
}

/** `✅ 3 passed · ♻️ 2 cached · ⏭️ 1 skipped · 💥 1 oom (allowed)` */
function countsByStatus(units: readonly UnitDocument[]): string {
  const counts = new Map<string, number>();
  for (const u of units) {
    const key = u.status === 'succeeded' && u.cachedFrom !== undefined ? '♻️ {n} cached' : u.status === 'succeeded' ? '✅ {n} passed' : u.status === 'skipped' ? '⏭️ {n} skipped' : FAILED_STATUSES.has(u.status) ? `⚠️ {n} ${u.status} (allowed)` : `{n} ${u.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([k, n]) => k.replace('{n}', String(n))).join(' · ');
}
