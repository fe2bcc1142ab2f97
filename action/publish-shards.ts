/**
 * One pull request comment for a sharded run: every shard (`shard: i/N`) contributes its own
 * section, and the header shows the whole — result, shards done k/N, failed tasks.
 *
 * Why not every shard editing its section of the one comment: GitHub has no compare-and-swap on
 * comments (no `If-Match` on PATCH). Shard A reads the comment, shard C reads it, A writes
 * "A's section", C writes "C's section" over it from its older read: A's section is gone, and
 * re-reading to verify does not save it — A may have verified before C's late write landed.
 *
 * So no shard's data lives only in the comment. Each shard first stores its part where nobody else
 * writes: a check run of its own on the pull request's head commit (`Gantry: <key> (shard i/N)`,
 * created once, never edited — it doubles as the shard's entry in the Checks tab). The comment is
 * then only a rendering of all the parts, and each shard runs:
 *
 *   1. create its part (a check run);
 *   2. read all parts (check runs of the same app, commit, key and N);
 *   3. render the comment from them and write it (update ours, or create it);
 *   4. read all parts again: unchanged since 2 → done; a part appeared → back to 3.
 *
 * Why no part can be lost: take the comment write that lands last, by shard X, rendered from the
 * parts X read in step 2. A part created before X's step 4 read is either in that render or seen
 * in step 4 — then X writes again, and its write was not the last. A part created after X's step 4
 * belongs to a shard that writes the comment after creating it, so after X's last write —
 * contradiction. Hence the last write shows every part. Each repeat needs a new part, so a shard
 * loops at most N+1 times (capped at N+2, re-runs included).
 *
 * Two shards may both find no comment and both create one: ids grow with creation, and a writer
 * that created a comment looks again and, when an older one of ours exists, deletes its own and
 * updates the older (./sticky-comment.ts `dedupe`). All writers settle on the lowest id.
 *
 * Creating check runs needs `checks: write` and a GitHub App token (the workflow's GITHUB_TOKEN
 * is one; a personal token is not): without it the caller falls back to one comment per shard.
 */
import { createHash } from 'node:crypto';
import type { RunDocument } from '../core/report/run-document';
import { COMMENT_LIMIT, commentMarker, renderComment, type CommentOptions } from './comment';
import { FAILED_STATUSES, escapeInline } from './markdown';
import { inlineCode } from '../core/report/escape';
import { statusOf, identify, type GitHub } from './github';
import { upsertComment, type CommentOutcome } from './sticky-comment';

/** What a shard contributes: its section and the figures the header adds up. */
export interface ShardPart {
  shard: number;
  total: number;
  result: 'success' | 'failure' | 'cancelled';
  /** Ids of the tasks that failed the shard. */
  failed: string[];
  /** The batch's title (its `name:`, else the file). */
  title: string;
  /** The section's Markdown, its heading included (rendered by renderComment's `section`). */
  section: string;
}

const RESULT_ICON = { success: '✅', failure: '❌', cancelled: '⏹️' } as const;
/** Characters kept for the header and the "not finished" lines. */
const HEADER_BUDGET = 4000;
/** Failed task ids named in the header; the rest are counted. */
const HEADER_FAILED_MAX = 20;

/** The budget of one section, so N of them and the header fit GitHub's comment limit. */
export function sectionLimit(total: number, limit = COMMENT_LIMIT): number {
  return Math.max(200, Math.floor((limit - HEADER_BUDGET) / total));
}

/** A shard's part from its run document, the section rendered to fit `sectionLimit(total)`. */
export function shardPart(doc: RunDocument, shard: number, total: number, options: CommentOptions): ShardPart {
  const result = doc.result === 'running' ? 'failure' : doc.result;
  const failed = doc.units.filter((u) => u.kind === 'task' && FAILED_STATUSES.has(u.status) && !u.allowFailure).map((u) => u.id);
  const heading = `#### Shard ${shard}/${total} · ${RESULT_ICON[result]} ${result}`;
  const section = renderComment(doc, { ...options, section: heading, limit: sectionLimit(total), baseline: undefined });
  return { shard, total, result, failed, title: doc.name ?? doc.file, section };
}

/** A shard the partition gave no tasks: done at once, nothing ran. */
export function emptyShardPart(shard: number, total: number, title: string): ShardPart {
  return { shard, total, result: 'success', failed: [], title, section: `#### Shard ${shard}/${total} · ✅ success\n\nNo tasks: the partition gave this shard none (\`gantry plan --shards ${total}\`).\n` };
}

export interface ShardedCommentOptions {
  key: string;
  total: number;
  runUrl?: string;
  commit?: CommentOptions['commit'];
}

/** The whole comment: the header over every shard, then each shard's section (or that it has not finished). */
export function renderShardedComment(parts: readonly ShardPart[], options: ShardedCommentOptions): string {
  const { total } = options;
  const byShard = new Map<number, ShardPart>();
  for (const p of parts) if (p.total === total && p.shard >= 1 && p.shard <= total) byShard.set(p.shard, p);
  const done = [...byShard.values()].sort((a, b) => a.shard - b.shard);
  const failed = done.flatMap((p) => p.failed);
  const result = done.some((p) => p.result === 'failure') ? 'failure' : done.some((p) => p.result === 'cancelled') ? 'cancelled' : done.length === total ? 'success' : 'running';
  const icon = { ...RESULT_ICON, running: '⏳' }[result];
  const title = done[0]?.title ?? options.key;
  const out = [commentMarker(options.key), `### Gantry: ${escapeInline(title)}`, ''];
  const head = [`${icon} **${result === 'running' ? 'in progress' : result}**`, `shards done ${done.length}/${total}`];
  if (failed.length > 0) {
    const named = failed.slice(0, HEADER_FAILED_MAX).map(inlineCode).join(', ');
    head.push(`${failed.length} failed: ${named}${failed.length > HEADER_FAILED_MAX ? ` and ${failed.length - HEADER_FAILED_MAX} more` : ''}`);
  }
  out.push(head.join(' · '), '');
  if (options.commit && /^[0-9a-f]{7,64}$/.test(options.commit.sha)) {
    const short = options.commit.sha.slice(0, 7);
    out.push(options.commit.url ? `commit [\`${short}\`](${options.commit.url})` : `commit \`${short}\``, '');
  }
  const missing: number[] = [];
  for (let i = 1; i <= total; i++) if (!byShard.has(i)) missing.push(i);
  // Failed shards first, as failed tasks come first in a section.
  for (const p of [...done.filter((p) => p.result !== 'success'), ...done.filter((p) => p.result === 'success')]) out.push(p.section.trimEnd(), '');
  if (missing.length > 0) out.push(`⏳ Not finished yet: ${missing.length <= 40 ? missing.map((i) => `shard ${i}/${total}`).join(', ') : `${missing.length} shards`}.`, '');
  const link = options.runUrl ? `[job summaries](${options.runUrl})` : 'job summaries';
  out.push(`<sub>Each shard adds its section when it finishes; logs of failed tasks are in the ${link}.</sub>`, '');
  return out.join('\n').slice(0, COMMENT_LIMIT);
}

// ---------------------------------------------------------------------------------------------
// Parts kept as check runs.

const PART_MARKER = /^<!-- gantry:part (\{[^\n]*\}) -->\n/;

/** The check run's `external_id`: which key and N a part belongs to (the key hashed: any text is a key). */
export function partExternalId(key: string, shard: number, total: number): string {
  return `gantry:${createHash('sha256').update(key).digest('hex').slice(0, 16)}:${shard}/${total}`;
}

/**
 * `Gantry: <key> (shard i/N)`. Unique per key and shard: GitHub's `filter=latest` keeps one check run
 * per name, so a long key is cut with its hash, never cut alone (two keys would share a name).
 */
export function checkRunName(key: string, shard: number, total: number): string {
  const name = key.length > 80 ? `${key.slice(0, 60)}…${createHash('sha256').update(key).digest('hex').slice(0, 8)}` : key;
  return `Gantry: ${name} (shard ${shard}/${total})`;
}

/** The part as a check run's output summary: a hidden line of data, then the section as shown. */
export function encodePart(part: ShardPart): string {
  const data = { shard: part.shard, total: part.total, result: part.result, failed: part.failed, title: part.title };
  // `-->` cannot appear in JSON.stringify output unescaped: `>` is escaped below.
  return `<!-- gantry:part ${JSON.stringify(data).replace(/>/g, '\\u003e')} -->\n${part.section}`;
}

/** Back from a check run's summary; undefined when it is not one of ours or is malformed. */
export function decodePart(summary: string): ShardPart | undefined {
  const m = PART_MARKER.exec(summary);
  if (!m) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(m[1]);
  } catch {
    return undefined;
  }
  const d = data as Record<string, unknown>;
  const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 256;
  if (typeof d !== 'object' || d === null || !int(d.shard) || !int(d.total) || !['success', 'failure', 'cancelled'].includes(d.result as string)) return undefined;
  if (!Array.isArray(d.failed) || !d.failed.every((f) => typeof f === 'string') || typeof d.title !== 'string') return undefined;
  return { shard: d.shard as number, total: d.total as number, result: d.result as ShardPart['result'], failed: d.failed as string[], title: d.title, section: summary.slice(m[0].length) };
}

export interface ShardCommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** The pull request's head commit the shards ran on: where the parts are kept. */
  sha: string;
  key: string;
  part: ShardPart;
  runUrl?: string;
  commit?: CommentOptions['commit'];
  /** `comment: on-failure`: create the comment only when a shard failed (an existing one is still brought up to date). */
  onFailureOnly?: boolean;
}

export type ShardCommentOutcome =
  | CommentOutcome
  /** The part could not be kept as a check run (no `checks: write`, or not an App token). */
  | { kind: 'no-parts'; message: string };

/** Steps 1–4 above. Never throws. */
export async function publishShardPart(github: GitHub, target: ShardCommentTarget): Promise<ShardCommentOutcome> {
  const { owner, repo, sha, key, part } = target;
  const externalId = partExternalId(key, part.shard, part.total);
  let appId: number | undefined;
  try {
    const { data } = await github.rest.checks.create({
      owner,
      repo,
      name: checkRunName(key, part.shard, part.total),
      head_sha: sha,
      external_id: externalId,
      status: 'completed',
      conclusion: part.result === 'success' ? 'success' : part.result === 'cancelled' ? 'cancelled' : 'failure',
      output: { title: `Shard ${part.shard}/${part.total}: ${part.result}${part.failed.length ? `, ${part.failed.length} failed` : ''}`, summary: encodePart(part).slice(0, 65_535) },
    });
    appId = data.app?.id;
  } catch (error) {
    const status = statusOf(error);
    const message = `${status ? `GitHub answered ${status}: ` : ''}${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
    return status !== undefined && status >= 400 && status < 500 ? { kind: 'no-parts', message } : { kind: 'failed', message };
  }
  const prefix = externalId.slice(0, externalId.lastIndexOf(':') + 1);
  const readParts = async (): Promise<{ ids: string; parts: ShardPart[] }> => {
    const runs = await github.paginate(github.rest.checks.listForRef, { owner, repo, ref: sha, filter: 'latest', per_page: 100, ...(appId !== undefined ? { app_id: appId } : {}) });
    const ours = runs.filter((r) => (appId === undefined || r.app?.id === appId) && r.external_id?.startsWith(prefix) && r.external_id.endsWith(`/${part.total}`));
    const parts: ShardPart[] = [];
    const ids: number[] = [];
    for (const r of ours) {
      const p = decodePart(r.output?.summary ?? '');
      if (p && p.total === part.total && r.external_id === partExternalId(key, p.shard, p.total)) {
        parts.push(p);
        ids.push(r.id);
      }
    }
    return { ids: ids.sort((a, b) => a - b).join(','), parts };
  };
  try {
    const author = await identify(github);
    let outcome: CommentOutcome = { kind: 'none' };
    let seen = await readParts();
    for (let round = 0; round < part.total + 2; round++) {
      // Our own part is in, whatever the listing's lag.
      const parts = seen.parts.some((p) => p.shard === part.shard) ? seen.parts : [...seen.parts, part];
      const body = renderShardedComment(parts, { key, total: part.total, runUrl: target.runUrl, commit: target.commit });
      outcome = await upsertComment(github, { owner, repo, issueNumber: target.issueNumber, marker: commentMarker(key), body, author, dedupe: true, create: !target.onFailureOnly || parts.some((p) => p.result !== 'success') });
      if (outcome.kind !== 'created' && outcome.kind !== 'updated' && outcome.kind !== 'none') return outcome;
      const again = await readParts();
      if (again.ids === seen.ids) return outcome;
      seen = again;
    }
    return outcome;
  } catch (error) {
    const status = statusOf(error);
    return { kind: 'failed', message: `${status ? `GitHub answered ${status}: ` : ''}${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` };
  }
}
