/**
 * What the action needs to know about the workflow run: which repository, which pull request (if
 * any), whether its head comes from a fork, and where the run's page is.
 *
 * Read from the runner's environment and the event payload at `GITHUB_EVENT_PATH`
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/variables). The payload is
 * checked field by field rather than cast: a missing or odd field means "not a pull request", never
 * a crash.
 */
import { readFileSync } from 'node:fs';

export interface PullRequestRef {
  number: number;
  /** The head branch lives in another repository: its code (and batch file) is not trusted. */
  fromFork: boolean;
  /** The head commit (40 hex digits), when the payload has it. */
  headSha?: string;
  /** The base branch's name, when the payload has it. */
  baseRef?: string;
}

export interface RunContext {
  /** `GITHUB_EVENT_NAME`, e.g. `pull_request`, `push`. */
  eventName: string;
  /** `owner/name` from `GITHUB_REPOSITORY`; undefined outside Actions. */
  owner?: string;
  repo?: string;
  /** Set for `pull_request` and `pull_request_target` events only. */
  pullRequest?: PullRequestRef;
  /** The run's page, where the job summary is shown; undefined when the variables are missing. */
  runUrl?: string;
  /** `GITHUB_API_URL`. Default: https://api.github.com. */
  apiUrl: string;
  /** `GITHUB_SERVER_URL`. Default: https://github.com. */
  serverUrl: string;
  /** The commit the run is about: a pull request's head, else `GITHUB_SHA`; 40 hex digits or undefined. */
  sha?: string;
  /**
   * The branch the run is for: a pull request's head branch (`GITHUB_HEAD_REF`), else the pushed
   * branch or tag (`GITHUB_REF_NAME`); undefined when neither is set.
   */
  branch?: string;
  /** The repository's default branch (`repository.default_branch` of the event payload), when the payload has it. */
  defaultBranch?: string;
}

const SHA = /^[0-9a-f]{40}$/;

export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_target']);

export function readRunContext(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const runUrl = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}` : undefined;
  const payload = env.GITHUB_EVENT_PATH ? parsePayload(readFile, env.GITHUB_EVENT_PATH) : undefined;
  const pullRequest = PULL_REQUEST_EVENTS.has(eventName) ? pullRequestOf(payload) : undefined;
  const sha = pullRequest?.headSha ?? (SHA.test(env.GITHUB_SHA ?? '') ? env.GITHUB_SHA : undefined);
  const branch = (PULL_REQUEST_EVENTS.has(eventName) ? env.GITHUB_HEAD_REF : undefined) || env.GITHUB_REF_NAME || undefined;
  const defaultBranch = field(field(payload, 'repository'), 'default_branch');
  return {
    eventName,
    owner: owner || undefined,
    repo: repo || undefined,
    pullRequest,
    runUrl,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    serverUrl: server,
    ...(sha ? { sha } : {}),
    ...(branch ? { branch } : {}),
    ...(typeof defaultBranch === 'string' && defaultBranch !== '' ? { defaultBranch } : {}),
  };
}

function parsePayload(readFile: (path: string) => string, path: string): unknown {
  try {
    return JSON.parse(readFile(path));
  } catch {
    return undefined;
  }
}

function pullRequestOf(payload: unknown): PullRequestRef | undefined {
  const pr = field(payload, 'pull_request');
  const number = field(pr, 'number');
  if (typeof number !== 'number') return undefined;
  const headRepo = field(field(pr, 'head'), 'repo');
  const baseRepo = field(field(pr, 'base'), 'repo');
  const headName = field(headRepo, 'full_name');
  const baseName = field(baseRepo, 'full_name');
  // A deleted fork has `head.repo: null`: still not ours. Otherwise compare names; `fork: true` alone
  // is not enough, since a repository that is itself a fork opens pull requests from its own branches.
  const fromFork = headRepo === null || headRepo === undefined || typeof headName !== 'string' || headName !== baseName;
  const headSha = field(field(pr, 'head'), 'sha');
  const baseRef = field(field(pr, 'base'), 'ref');
  return {
    number,
    fromFork,
    ...(typeof headSha === 'string' && SHA.test(headSha) ? { headSha } : {}),
    ...(typeof baseRef === 'string' && baseRef !== '' ? { baseRef } : {}),
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
