/**
 * `mode: publish`: the second half of the fork pattern (docs/action.md). A pull request from a fork
 * runs with a read-only token, so its run only uploads its report(s) as artifacts; a workflow on
 * `workflow_run` — which runs in the base repository with a token that may write — downloads them
 * and runs this mode, which writes the pull request comment and a check run on the head commit.
 * Nothing is run, and no code of the fork is.
 *
 * The reports are untrusted (the fork's code wrote them): each is read through
 * ./publish-report.ts (size caps, shape checked field by field, every string sanitised), rendered
 * with the shared escaping, and masked for the token. Where the comment goes is never taken from
 * them: the pull request is the one GitHub names for the workflow run's head commit
 * (`workflow_run.pull_requests`, empty for forks, else the open pull request whose head is that
 * commit, found through the API).
 *
 * Several reports (a sharded run, one artifact per shard) become one comment with a section each,
 * written by this one step — no race to guard against. Exit code 0 when published, whatever the
 * run's result (the check run carries it): the publishing job fails only when it could not do its
 * job (no reports, bad inputs).
 */
import * as core from '@actions/core';
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { GantryError } from '../core/diagnostics';
import { classifyError } from '../core/surface/classify';
import { EXIT } from '../core/surface/exit-codes';
import type { RunDocument } from '../core/report/run-document';
import { readInputs, type ActionInputs } from './inputs';
import { Masker } from './mask';
import { ActionLog } from './logs';
import { commentMarker, renderComment } from './comment';
import { createGitHub, statusOf, type GitHub } from './github';
import { upsertComment } from './sticky-comment';
import { FAILED_STATUSES } from './markdown';
import { NOTHING_RAN, failedOutput, makespanOutput, type ActionOutputs } from './outputs';
import { REPORT_LIMITS, ReportRejected, readUntrustedReport } from './publish-report';
import { renderShardedComment, shardPart, type ShardPart } from './publish-shards';
import { logCommentOutcome } from './publish-outcome';
import type { ActionEnvironment } from './run-action';

/** At most this many report.json files are read (256 shards is the most `shard:` allows). */
export const MAX_REPORTS = 256;
/** How deep a `path` folder is searched (`reports/gantry-report-1/report.json` is depth 2). */
const MAX_DEPTH = 4;

export interface WorkflowRunRef {
  id?: number;
  headSha: string;
  /** `owner:branch` of the head, for finding a fork's pull request. */
  headLabel?: string;
  /** Pull requests GitHub lists for the run (same-repository ones; empty for forks). */
  pullRequests: number[];
  htmlUrl?: string;
}

export async function runPublishAction(environment: ActionEnvironment): Promise<number> {
  const write = environment.write ?? ((text: string) => void process.stdout.write(text));
  const masker = new Masker();
  const log = new ActionLog(write, undefined, (text) => masker.mask(text));
  for (const value of masker.add(core.getInput('github-token'))) log.addMask(value);
  let outputs: ActionOutputs = NOTHING_RAN;
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const result = await publish(environment, inputs, log, masker);
    if (typeof result === 'number') return result;
    outputs = result;
    return EXIT.ok;
  } catch (error) {
    const failure = classifyError(error);
    log.annotate({ severity: 'error', message: failure.hint ? `${failure.line}\n${failure.hint}` : failure.line });
    return failure.exitCode;
  } finally {
    log.command(() => {
      for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
    });
    log.close();
  }
}

async function publish(environment: ActionEnvironment, inputs: ActionInputs, log: ActionLog, masker: Masker): Promise<ActionOutputs | number> {
  const { env } = environment;
  const key = inputs.commentKey || inputs.file;
  const run = readWorkflowRun(env);
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!run || !owner || !repo) throw new GantryError('input-invalid', 'mode: publish runs on a `workflow_run` event: this event names no workflow run with a head commit.', undefined, 'Trigger the publishing workflow with `on: workflow_run` (docs/action.md, "Pull requests from forks").');

  const base = resolve(environment.cwd, inputs.workingDirectory);
  const files = findReports(resolve(base, inputs.path));
  const docs: Array<{ file: string; doc: RunDocument }> = [];
  for (const file of files) {
    const shown = relative(base, file).split(sep).join('/') || file;
    try {
      docs.push({ file: shown, doc: masker.maskDeep(readUntrustedReport(readCapped(file))) });
    } catch (error) {
      const why = error instanceof ReportRejected ? error.message : 'could not be read';
      log.annotate({ severity: 'warning', title: 'Gantry: report not used', message: `${shown}: ${why}.` });
    }
  }
  if (docs.length === 0) {
    throw new GantryError('input-invalid', `No usable report.json under "${inputs.path}".`, undefined, 'Download the run\'s report artifacts (actions/download-artifact with `run-id: ${{ github.event.workflow_run.id }}`) into that folder first.');
  }
  docs.sort((a, b) => a.file.localeCompare(b.file, 'en', { numeric: true }));
  log.text(`Gantry: publishing ${docs.length} report${docs.length === 1 ? '' : 's'} for ${run.headSha.slice(0, 7)}: ${docs.map((d) => d.file).join(', ')}`);

  const sharded = docs.length > 1 || (inputs.shards ?? 1) > 1;
  const total = Math.max(inputs.shards ?? docs.length, docs.length);
  const commit = { sha: run.headSha, url: `${env.GITHUB_SERVER_URL || 'https://github.com'}/${owner}/${repo}/commit/${run.headSha}` };
  const runUrl = run.htmlUrl && /^https:\/\/[^\s"'<>()]+$/.test(run.htmlUrl) ? run.htmlUrl : undefined;
  let body: string;
  let parts: ShardPart[] = [];
  if (sharded) {
    parts = docs.map((d, i) => shardPart(d.doc, i + 1, total, { file: key, key, runUrl, commit }));
    body = renderShardedComment(parts, { key, total, runUrl, commit });
  } else {
    body = renderComment(docs[0].doc, { file: key, key, runUrl, commit });
  }
  body = masker.mask(body);

  const failed = docs.flatMap((d) => d.doc.units.filter((u) => u.kind === 'task' && FAILED_STATUSES.has(u.status) && !u.allowFailure).map((u) => u.id));
  const results = docs.map((d) => (d.doc.result === 'running' ? 'failure' : d.doc.result));
  const result = results.includes('failure') ? 'failure' : results.includes('cancelled') ? 'cancelled' : 'success';
  const outputs: ActionOutputs = { result, failed: failedOutput(failed), report: '', makespan: makespanOutput(Math.max(...docs.map((d) => d.doc.makespan))) };

  if (!inputs.githubToken) {
    log.annotate({ severity: 'notice', message: 'No github-token: nothing was published.' });
    return outputs;
  }
  const github = createGitHub({ token: inputs.githubToken, baseUrl: env.GITHUB_API_URL || 'https://api.github.com', onRetry: (m) => log.text(m) });
  await checkRun(github, { owner, repo, sha: run.headSha, key, result, failed: failed.length, body, detailsUrl: runUrl }, log);

  if (inputs.comment === 'never') return outputs;
  const number = await pullRequestOf(github, owner, repo, run, log);
  if (number === undefined) return outputs;
  const create = !(inputs.comment === 'on-failure' && result === 'success');
  logCommentOutcome(await upsertComment(github, { owner, repo, issueNumber: number, marker: commentMarker(key), body, create }), log);
  return outputs;
}

/** `workflow_run` from the event payload, checked field by field; undefined when there is none. */
export function readWorkflowRun(env: NodeJS.ProcessEnv): WorkflowRunRef | undefined {
  if (env.GITHUB_EVENT_NAME !== 'workflow_run' || !env.GITHUB_EVENT_PATH) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return undefined;
  }
  const run = field(payload, 'workflow_run');
  const headSha = field(run, 'head_sha');
  if (typeof headSha !== 'string' || !/^[0-9a-f]{40}$/.test(headSha)) return undefined;
  const owner = field(field(field(run, 'head_repository'), 'owner'), 'login');
  const branch = field(run, 'head_branch');
  const prs = field(run, 'pull_requests');
  const id = field(run, 'id');
  const htmlUrl = field(run, 'html_url');
  return {
    headSha,
    ...(typeof id === 'number' ? { id } : {}),
    ...(typeof owner === 'string' && typeof branch === 'string' && owner && branch ? { headLabel: `${owner}:${branch}` } : {}),
    pullRequests: Array.isArray(prs) ? prs.filter((p) => field(field(p, 'head'), 'sha') === headSha || field(field(p, 'head'), 'sha') === undefined).map((p) => field(p, 'number')).filter((n): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0) : [],
    ...(typeof htmlUrl === 'string' ? { htmlUrl } : {}),
  };
}

/**
 * The open pull request whose head is the run's commit. GitHub lists same-repository pull requests
 * in the payload; for a fork's it does not, so ask for open pull requests from the head's
 * `owner:branch` and keep the one whose head is that very commit (a newer push makes it stale:
 * then nothing is written on the pull request, the check run stays on its commit).
 */
async function pullRequestOf(github: GitHub, owner: string, repo: string, run: WorkflowRunRef, log: ActionLog): Promise<number | undefined> {
  if (run.pullRequests.length > 0) return run.pullRequests[0];
  if (!run.headLabel) {
    log.text('Gantry: the workflow run names no head branch; no pull request comment.');
    return undefined;
  }
  try {
    const { data } = await github.rest.pulls.list({ owner, repo, state: 'open', head: run.headLabel, per_page: 100 });
    const pr = data.find((p) => p.head.sha === run.headSha);
    if (!pr) log.text(`Gantry: no open pull request has ${run.headSha.slice(0, 7)} as its head (closed, or pushed to since); no pull request comment.`);
    return pr?.number;
  } catch (error) {
    log.annotate({ severity: 'warning', title: 'Gantry: no pull request comment', message: `The pull request could not be found: ${firstLine(error)}` });
    return undefined;
  }
}

interface CheckRunTarget {
  owner: string;
  repo: string;
  sha: string;
  key: string;
  result: 'success' | 'failure' | 'cancelled';
  failed: number;
  body: string;
  detailsUrl?: string;
}

async function checkRun(github: GitHub, t: CheckRunTarget, log: ActionLog): Promise<void> {
  const name = `Gantry: ${t.key.length > 80 ? `${t.key.slice(0, 79)}…` : t.key}`;
  try {
    const { data } = await github.rest.checks.create({
      owner: t.owner,
      repo: t.repo,
      name,
      head_sha: t.sha,
      status: 'completed',
      conclusion: t.result,
      ...(t.detailsUrl ? { details_url: t.detailsUrl } : {}),
      output: { title: t.result === 'success' ? 'All tasks succeeded' : t.result === 'cancelled' ? 'Cancelled' : `${t.failed} task${t.failed === 1 ? '' : 's'} failed`, summary: t.body.slice(0, 65_535) },
    });
    log.text(`Check run created: ${data.html_url ?? data.id}`);
  } catch (error) {
    const status = statusOf(error);
    log.annotate({ severity: status !== undefined && status < 500 ? 'notice' : 'warning', title: 'Gantry: no check run', message: `The check run could not be created (${firstLine(error)}). Give the publishing job \`permissions: checks: write\`.` });
  }
}

/** report.json files at `path` (a file, or a folder searched `MAX_DEPTH` deep); links are not followed. */
export function findReports(path: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      if (found.length >= MAX_REPORTS) return;
      const full = join(dir, name);
      const st = lstatSync(full, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory() && depth < MAX_DEPTH) walk(full, depth + 1);
      else if (st.isFile() && name === 'report.json') found.push(full);
    }
  };
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (st?.isFile()) return [path];
  if (st?.isDirectory()) walk(path, 0);
  return found;
}

/** A regular file's text, refused past REPORT_LIMITS.fileBytes; a link is not followed. */
function readCapped(file: string): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ReportRejected('not a regular file');
    if (st.size > REPORT_LIMITS.fileBytes) throw new ReportRejected(`over ${REPORT_LIMITS.fileBytes} bytes`);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function firstLine(error: unknown): string {
  const status = statusOf(error);
  return `${status ? `GitHub answered ${status}: ` : ''}${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
}
