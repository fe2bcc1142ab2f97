/**
 * Creates the pull request comment, or updates it in place on later runs.
 *
 * The comment is found by its marker *and* its author being the token's own identity: someone may
 * quote the marker, or another bot may use one like it, and the action must never edit a comment it
 * did not write. Never throws: the outcome says what happened, and the caller turns it into a log
 * line, a notice or a warning — a comment that cannot be written never changes the run's result.
 */
import { identify, statusOf, type GitHub } from './github';

export interface StickyCommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** The hidden marker the body starts with (`commentMarker(key)`). */
  marker: string;
  body: string;
  /**
   * False: only update an existing comment, never create one (`comment: on-failure` after a
   * success: a stale ❌ comment is turned green, no new comment appears). Default: true.
   */
  create?: boolean;
  /** The token's login when already known (identify() once for several writes). Default: asked. */
  author?: string;
  /**
   * Several writers may create the comment at the same moment (shards finishing together): after
   * creating, look again, and when an older comment of ours with the marker exists, delete the new
   * one and update the older. Comment ids grow with creation, so every writer settles on the same
   * (lowest) id. Default: false.
   */
  dedupe?: boolean;
}

export type CommentOutcome =
  | { kind: 'created' | 'updated'; id: number; url: string; author: string | undefined }
  /** Nothing to do: no comment of ours exists and `create` is false. */
  | { kind: 'none' }
  /** The token may not write here (403: read-only token on a fork's pull request, missing `pull-requests: write`). */
  | { kind: 'forbidden'; message: string }
  /** Anything else, including 5xx after the retries. */
  | { kind: 'failed'; message: string };

export async function upsertComment(github: GitHub, target: StickyCommentTarget): Promise<CommentOutcome> {
  const { owner, repo, issueNumber, body } = target;
  try {
    // Unknown identity (GitHub would not say): never edit — a comment that only looks like ours may
    // be someone else's. A new comment is the safe way to report.
    const author = target.author ?? (await identify(github));
    const existing = author === undefined ? undefined : await findOwnComment(github, target, author);
    if (existing !== undefined) {
      const { data } = await github.rest.issues.updateComment({ owner, repo, comment_id: existing, body });
      return { kind: 'updated', id: data.id, url: data.html_url, author };
    }
    if (target.create === false) return { kind: 'none' };
    const { data } = await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    const login = data.user?.login ?? author;
    if (target.dedupe && login !== undefined) {
      const first = await findOwnComment(github, target, login);
      if (first !== undefined && first < data.id) {
        await github.rest.issues.deleteComment({ owner, repo, comment_id: data.id });
        const { data: kept } = await github.rest.issues.updateComment({ owner, repo, comment_id: first, body });
        return { kind: 'updated', id: kept.id, url: kept.html_url, author: login };
      }
    }
    return { kind: 'created', id: data.id, url: data.html_url, author: login };
  } catch (error) {
    const status = statusOf(error);
    const message = error instanceof Error ? error.message : String(error);
    if (status === 403 || status === 401 || status === 404) {
      return { kind: 'forbidden', message: `GitHub answered ${status}: ${firstLine(message)}` };
    }
    return { kind: 'failed', message: status ? `GitHub answered ${status}: ${firstLine(message)}` : firstLine(message) };
  }
}

/** The id of the first comment carrying `marker` written by `author`, if any. */
async function findOwnComment(github: GitHub, target: StickyCommentTarget, author: string): Promise<number | undefined> {
  const pages = github.paginate.iterator(github.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    const mine = page.data.find((c) => c.user?.login === author && (c.body ?? '').startsWith(target.marker));
    if (mine) return mine.id;
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
