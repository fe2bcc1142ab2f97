/**
 * What runs learned, carried between workflow runs through the Actions cache (issue 13): the
 * folders `.gantry/history` (core/host/history.ts) and `.gantry/cache` (the task cache) beside the
 * batch file are restored with @actions/cache before the run and saved by the post step after it —
 * after a failed, cancelled or killed run too (`post-if: always()`): a failure's durations teach
 * the estimates as much as a success's. `.gantry/runs` (report folders) is not cached: it is
 * uploaded as an artifact where wanted.
 *
 * Keys: `gantry-<file>-<branch>-<run id>`, unique per run (an entry is never overwritten); `<file>`
 * is a hash of the batch file's path in the workspace. The lookup takes the newest entry of this
 * file on this branch, else on the pull request's base branch, else on the default branch — GitHub
 * lets a run read its own ref's entries and the base/default branch's, so pull requests learn from
 * main (https://docs.github.com/en/actions/reference/workflows-and-actions/dependency-caching).
 *
 * Trust: entries a run writes are restored by later runs of the same ref — and, under
 * `pull_request_target`, the ref is the base branch. So a run under the `strict` policy or for a
 * pull request from a fork restores but never saves: an untrusted batch file (whose containers may
 * write into the workspace) cannot plant history or cached outputs that a trusted run would take.
 * Restoring checks first that no folder on the way (`<dir>/.gantry/history`) is a symbolic link (a
 * checkout can hold `.gantry -> /elsewhere`, and tar would write through it), and afterwards removes
 * any link or special file the archive brought; history.ts refuses links again when it reads.
 *
 * Never fails the run: the service missing (no `ACTIONS_RUNTIME_TOKEN` or service URL: running
 * locally, or a runner without the cache) is a debug line; the service failing is a warning at
 * most (@actions/cache reports its own failures as warnings and returns).
 */
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Policy } from '../core/model';
import type { RunContext } from './event';
import type { ActionLog } from './logs';

/** The folders under `<batch file folder>/.gantry` that are restored and saved. */
export const CACHED_FOLDERS = ['history', 'cache'] as const;

export interface CachePlan {
  /**
   * `<dir>/.gantry/history` and `<dir>/.gantry/cache`, relative to the workspace and `/`-separated,
   * as @actions/cache wants them (its tar runs in the workspace). The service's entry version is a
   * hash of this list, so restore and save hand it over unchanged.
   */
  paths: string[];
  /** The key this run's entry is saved under; unique to the run. */
  key: string;
  /** Prefixes looked up, in order: this branch, the base branch, the default branch. */
  restoreKeys: string[];
  /** The workspace (absolute); the paths are relative to it. */
  workspace: string;
  /** Why this run's folders are restored but not saved; undefined: saved by the post step. */
  noSave?: string;
}

export interface CachePlanInput {
  /** The `cache` input. */
  enabled: boolean;
  env: NodeJS.ProcessEnv;
  /** The step's working directory. */
  cwd: string;
  /** The batch file (absolute). */
  batchPath: string;
  context: RunContext;
  policy: Policy;
  /** The Gantry run id: makes the key unique. */
  runId: string;
}

/** What this run restores and saves, or why the cache is not used at all (said as a debug line). */
export function planCache(input: CachePlanInput): { plan: CachePlan } | { skipped: string } {
  const { env, context } = input;
  if (!input.enabled) return { skipped: 'the cache input is false' };
  const unavailable = serviceUnavailable(env);
  if (unavailable) return { skipped: unavailable };
  const workspace = resolve(env.GITHUB_WORKSPACE!);
  if (resolve(input.cwd) !== workspace) return { skipped: `the step does not run in the workspace (${input.cwd})` };
  const dir = relative(workspace, dirname(input.batchPath));
  if (dir.startsWith('..') || isAbsolute(dir)) return { skipped: 'the batch file is outside the workspace' };
  const base = dir === '' ? '.gantry' : `${dir.split(sep).join('/')}/.gantry`;
  // @actions/cache reads its paths as glob patterns: a folder named with pattern characters would
  // match other folders (or none).
  if (/[*?[\]{}!#~\\\n\r]/.test(base)) return { skipped: `the batch file's folder has characters the cache reads as a pattern (${dir})` };
  const branch = context.branch;
  if (!branch) return { skipped: 'the branch is unknown (no GITHUB_HEAD_REF or GITHUB_REF_NAME)' };
  const file = createHash('sha256').update(relative(workspace, input.batchPath).split(sep).join('/')).digest('hex').slice(0, 16);
  const prefix = (b: string) => `gantry-${file}-${keyPart(b)}-`;
  const restoreKeys = [...new Set([branch, context.pullRequest?.baseRef, context.defaultBranch].filter((b): b is string => !!b).map(prefix))];
  const noSave =
    input.policy === 'strict'
      ? 'the strict policy: an untrusted batch file must not write entries a trusted run would restore'
      : context.pullRequest?.fromFork
        ? 'the pull request comes from a fork: its batch file must not write entries a trusted run would restore'
        : undefined;
  return {
    plan: {
      paths: CACHED_FOLDERS.map((f) => `${base}/${f}`),
      key: `${prefix(branch)}${input.runId}`,
      restoreKeys,
      workspace,
      ...(noSave ? { noSave } : {}),
    },
  };
}

/**
 * Restores the newest entry the plan's keys find into the workspace. Skipped (with a line saying
 * why) when the folders are already there — a self-hosted runner that keeps its workspace has newer
 * history than any entry — or when a link stands on the way. Never throws.
 */
export async function restoreRunCache(plan: CachePlan, log: ActionLog): Promise<void> {
  const unsafe = unsafeOnTheWay(plan.workspace, plan.paths);
  if (unsafe) {
    log.annotate({ severity: 'warning', message: `Gantry: the cache was not restored: ${unsafe}.` });
    return;
  }
  if (plan.paths.some((p) => hasEntries(join(plan.workspace, p)))) {
    log.text(`Gantry: ${plan.paths.join(' and ')} already hold what earlier runs learned; nothing restored from the cache.`);
    return;
  }
  let hit: string | undefined;
  try {
    // Outside a stop-commands stretch: @actions/cache writes its own lines and `::add-mask::`s.
    hit = await log.command(() => cache.restoreCache([...plan.paths], plan.key, [...plan.restoreKeys], { segmentTimeoutInMs: 120_000 }));
  } catch (error) {
    log.annotate({ severity: 'warning', message: `Gantry: the cache was not restored: ${message(error)}` });
    return;
  }
  if (!hit) {
    log.text(`Gantry: nothing learned in earlier runs found in the cache (keys ${plan.restoreKeys.join(', ')}).`);
    return;
  }
  const removed = removeUnsafe(plan.workspace, plan.paths);
  if (removed.length > 0) {
    log.annotate({ severity: 'warning', message: `Gantry: removed what the cache entry ${hit} restored that is not a regular file or folder: ${removed.slice(0, 5).join(', ')}${removed.length > 5 ? ` and ${removed.length - 5} more` : ''}.` });
  }
  log.text(`Gantry: restored what earlier runs learned from the cache (${hit}).`);
}

/** What the main step hands the post step (`STATE.cache`): the plan of a run whose folders are saved. */
export function cacheState(plan: CachePlan): string {
  return JSON.stringify({ paths: plan.paths, key: plan.key, workspace: plan.workspace });
}

/**
 * The post step: saves the folders under the key the main step chose (`state`, from `cacheState`).
 * Nothing when the main step chose not to save (empty state), when the service is not there, when
 * neither folder exists. Never throws.
 */
export async function saveRunCache(state: string, env: NodeJS.ProcessEnv, cwd: string, log: ActionLog): Promise<void> {
  if (!state) return;
  let saved: { paths: string[]; key: string; workspace: string };
  try {
    saved = JSON.parse(state) as typeof saved;
    if (!Array.isArray(saved.paths) || !saved.paths.every((p) => typeof p === 'string') || typeof saved.key !== 'string' || typeof saved.workspace !== 'string') throw new Error('not a cache plan');
  } catch (error) {
    log.annotate({ severity: 'warning', message: `Gantry: the cache was not saved: the main step's state is unreadable (${message(error)}).` });
    return;
  }
  const unavailable = serviceUnavailable(env);
  if (unavailable || resolve(cwd) !== resolve(saved.workspace)) {
    log.command(() => core.debug(`Gantry: the cache was not saved: ${unavailable ?? 'the post step does not run in the workspace'}`));
    return;
  }
  const unsafe = unsafeOnTheWay(saved.workspace, saved.paths);
  if (unsafe) {
    log.annotate({ severity: 'warning', message: `Gantry: the cache was not saved: ${unsafe}.` });
    return;
  }
  if (!saved.paths.some((p) => hasEntries(join(saved.workspace, p)))) {
    log.command(() => core.debug(`Gantry: the cache was not saved: ${saved.paths.join(' and ')} hold nothing`));
    return;
  }
  try {
    // -1: not saved; @actions/cache has said why (another job saving the same key, the service failing).
    const id = await log.command(() => cache.saveCache([...saved.paths], saved.key));
    if (id !== -1) log.text(`Gantry: saved what this run learned to the cache (${saved.key}).`);
  } catch (error) {
    log.annotate({ severity: 'warning', message: `Gantry: the cache was not saved: ${message(error)}` });
  }
}

/** Why the cache service cannot be used here, or undefined. The variables the runner sets for actions and @actions/cache reads. */
function serviceUnavailable(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_ACTIONS !== 'true' || !env.RUNNER_TEMP || !env.GITHUB_WORKSPACE) return 'not running on a GitHub Actions runner';
  if (!env.ACTIONS_RUNTIME_TOKEN) return 'no cache service (ACTIONS_RUNTIME_TOKEN is not set)';
  if (!env.ACTIONS_RESULTS_URL && !env.ACTIONS_CACHE_URL) return 'no cache service (ACTIONS_RESULTS_URL is not set)';
  return undefined;
}

/** A branch name as a key part: commas end a key, so anything but `[A-Za-z0-9._/-]` becomes `_`; at most 200 characters. */
function keyPart(branch: string): string {
  return branch.replace(/[^A-Za-z0-9._/-]/g, '_').slice(0, 200);
}

/**
 * The first folder on the way from the workspace to each path that is a symbolic link or not a
 * folder, said for people; undefined when every part that exists is a real folder.
 */
function unsafeOnTheWay(workspace: string, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    let at = workspace;
    for (const part of path.split('/')) {
      at = join(at, part);
      let stat;
      try {
        stat = lstatSync(at);
      } catch {
        break;
      }
      if (stat.isSymbolicLink()) return `${relative(workspace, at)} is a symbolic link`;
      if (!stat.isDirectory()) return `${relative(workspace, at)} is not a folder`;
    }
  }
  return undefined;
}

function hasEntries(dir: string): boolean {
  try {
    return lstatSync(dir).isDirectory() && readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

/**
 * After extraction: every link or special file on the way to and inside the restored folders is
 * removed (the link itself, never what it points to). Returns their workspace-relative paths.
 */
function removeUnsafe(workspace: string, paths: readonly string[]): string[] {
  const removed: string[] = [];
  const remove = (path: string) => {
    rmSync(path, { force: true });
    removed.push(relative(workspace, path));
  };
  const walk = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory() && depth < 64) walk(path, depth + 1);
      else if (!stat.isFile()) remove(path);
    }
  };
  for (const path of paths) {
    let at = workspace;
    let whole = true;
    for (const part of path.split('/')) {
      at = join(at, part);
      let stat;
      try {
        stat = lstatSync(at);
      } catch {
        whole = false;
        break;
      }
      if (!stat.isDirectory()) {
        remove(at);
        whole = false;
        break;
      }
    }
    if (whole) walk(at, 0);
  }
  return removed;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
