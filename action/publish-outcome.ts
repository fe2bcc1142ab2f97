/**
 * The sharded run's comment step (`shard: i/N` on a pull request), and how a comment's outcome is
 * told in the step log — shared by `mode: run` and `mode: publish`. A comment that cannot be
 * written never changes the run's result: it becomes a log line, a notice or a warning.
 */
import type { RunDocument } from '../core/report/run-document';
import type { ShardRef } from '../core/shard';
import type { ActionLog } from './logs';
import type { Masker } from './mask';
import type { RunContext } from './event';
import type { ActionInputs } from './inputs';
import { commentMarker, renderComment, type CommentOptions } from './comment';
import { createGitHub } from './github';
import { upsertComment, type CommentOutcome } from './sticky-comment';
import { emptyShardPart, publishShardPart, shardPart, type ShardCommentOutcome } from './publish-shards';

export function logCommentOutcome(outcome: CommentOutcome | ShardCommentOutcome, log: ActionLog): void {
  switch (outcome.kind) {
    case 'none':
      break;
    case 'created':
    case 'updated':
      log.text(`Pull request comment ${outcome.kind}: ${outcome.url}`);
      break;
    case 'forbidden':
      log.annotate({ severity: 'notice', title: 'Gantry: no pull request comment', message: `The pull request comment could not be written (${outcome.message}). Pull requests from forks get a read-only token (use the two-workflow pattern with \`mode: publish\`, docs/action.md); otherwise give the job \`permissions: pull-requests: write\`. The job summary has the report.` });
      break;
    case 'no-parts':
    case 'failed':
      log.annotate({ severity: 'warning', title: 'Gantry: no pull request comment', message: `The pull request comment could not be written: ${outcome.message}. The run's result is unaffected; the job summary has the report.` });
      break;
  }
}

export interface ShardCommentStep {
  inputs: ActionInputs;
  context: RunContext;
  key: string;
  shard: ShardRef;
  /** Masked already. Undefined: the partition gave this shard no tasks (its part says so). */
  doc: RunDocument | undefined;
  options: CommentOptions;
  /** The batch's `name:`, for an empty shard's part. Default: the file. */
  title?: string;
  masker: Masker;
  log: ActionLog;
}

/**
 * This shard's section of the one comment (./publish-shards.ts). Without check runs to keep the
 * parts in (`checks: write` missing, or a personal token), each shard writes a comment of its own
 * under `<key>#shard-i/N` — never a shared comment it could overwrite another shard's section in.
 */
export async function commentShard(step: ShardCommentStep): Promise<void> {
  const { inputs, context, key, shard, doc, masker, log } = step;
  if (inputs.comment === 'never') return;
  // `on-failure`: an empty shard has nothing to add to a comment that may not exist.
  if (!doc && inputs.comment === 'on-failure') return;
  const pr = context.pullRequest;
  if (!pr || !context.owner || !context.repo) return;
  if (!inputs.githubToken) {
    log.annotate({ severity: 'notice', message: 'No github-token: the pull request comment was not written. The job summary has the report.' });
    return;
  }
  if (pr.fromFork && context.eventName === 'pull_request') {
    // The token is read-only: no check run, no comment. Said once, with the way that works.
    log.annotate({ severity: 'notice', title: 'Gantry: no pull request comment', message: 'A pull request from a fork gets a read-only token. Upload the report (actions/upload-artifact) and publish it from a `workflow_run` workflow with `mode: publish` (docs/action.md). The job summary has the report.' });
    return;
  }
  const github = createGitHub({ token: inputs.githubToken, baseUrl: context.apiUrl, onRetry: (message) => log.text(message) });
  const sha = pr.headSha ?? context.sha;
  const part = doc ? shardPart(doc, shard.index, shard.total, step.options) : emptyShardPart(shard.index, shard.total, step.title ?? step.options.file);
  part.section = masker.mask(part.section);
  let reason = 'the event names no commit';
  if (sha) {
    const outcome = await publishShardPart(github, { owner: context.owner, repo: context.repo, issueNumber: pr.number, sha, key, part, runUrl: context.runUrl, commit: step.options.commit, onFailureOnly: inputs.comment === 'on-failure' });
    if (outcome.kind !== 'no-parts') return logCommentOutcome(outcome, log);
    reason = outcome.message;
  }
  log.annotate({ severity: 'notice', title: 'Gantry: one comment per shard', message: `This shard's part could not be kept as a check run (${reason}), so it wrote a comment of its own. For one comment with every shard, give the job \`permissions: checks: write\` and use the workflow's GITHUB_TOKEN or a GitHub App token.` });
  if (!doc) return;
  const own = `${key}#shard-${shard.index}/${shard.total}`;
  const body = masker.mask(renderComment(doc, { ...step.options, key: own }));
  const create = !(inputs.comment === 'on-failure' && doc.result === 'success');
  logCommentOutcome(await upsertComment(github, { owner: context.owner, repo: context.repo, issueNumber: pr.number, marker: commentMarker(own), body, create }), log);
}
