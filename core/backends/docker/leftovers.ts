/**
 * Leftovers of runs whose owner is gone: what the start-of-run sweep, `gantry cleanup` and
 * `gantry cleanup --force` remove.
 *
 * A run's containers, networks and volumes carry its owner (core/host/owner.ts); so does its state
 * folder (`<tmp>/gantry-<run>-XXXXXX/owner`, where `$GANTRY_OUTPUT` files live). A run is removed
 * only when its owner is gone (or with `force`); a live run, or one owned by another host, is
 * left alone and reported as kept. A state folder whose run left nothing on the engine (the
 * process was killed after its teardown, or the engine was reset) is removed on the same rule.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { cleanupRun, type CleanupResult, type CleanupSelector } from './cleanup';
import { withTimeout } from './engine';
import { LABEL_BORROWED_BY, LABEL_ENDED, LABEL_KEPT, LABEL_OWNER, LABEL_RUN, engineName, labelFilter } from './labels';
import { readRegularFile, writeNewFile } from '../../host/files';
import { ownerState, type OwnerState } from '../../host/owner';

export interface LeftoverRun {
  runId: string;
  /** `<host>/<pid>/<start>`; undefined when its resources carry none. */
  owner?: string;
  state: OwnerState;
  /** The run ended with `--keep-failed` and kept what failed: only `--run ID` or `--force` removes it. */
  keptFailed?: boolean;
  /** The run ended keeping volumes for `gantry run --resume`: removed whatever its owner's state. */
  ended?: boolean;
  /** A `gantry run --resume` of it, going on now, mounts its kept volumes: that run's id (left alone). */
  borrowedBy?: string;
}

export interface SweptRun extends LeftoverRun {
  /** What was removed from the engine. */
  removed: CleanupResult;
  /** State folders removed. */
  folders: number;
}

export interface SweepResult {
  /** Runs removed (owner gone, or `force`). */
  removed: SweptRun[];
  /** Runs left alone: their owner is alive, or on another host. */
  kept: LeftoverRun[];
}

export interface SweepOptions {
  /** Remove live runs too (`gantry cleanup --force`). Default false. */
  force?: boolean;
  /** Where state folders are (the executor's `stateRoot`). Default: the OS's temporary folder. */
  stateRoot?: string;
  /** Give up on one engine call after this long (ms). Default 30 000. */
  callTimeoutMs?: number;
  /** Runs left alone whatever their owner's state, unreported (a resumed run spares the one it resumes). */
  spare?: readonly string[];
}

/** What a run's state folder records about it, in a file named `owner`. */
export interface StateFolderRecord {
  runId: string;
  instance: string;
  owner: string;
}

/** The state folder's name prefix of a run: `gantry-<run>-`. */
export function stateFolderPrefix(runId: string): string {
  return `${engineName('gantry', runId)}-`;
}

/** Writes the `owner` record into a fresh state folder. */
export function writeStateRecord(folder: string, record: StateFolderRecord): void {
  writeNewFile(join(folder, 'owner'), `${JSON.stringify(record)}\n`);
}

/** Removes what runs matching `selector` left behind, if their owners are gone (see the module's comment). */
export async function sweepLeftovers(
  docker: Dockerode,
  selector: CleanupSelector,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const timeout = options.callTimeoutMs ?? 30_000;
  const call = <T>(what: string, promise: Promise<T>) =>
    withTimeout(promise, timeout, () => new Error(`${what}: the engine did not answer within ${timeout} ms`));
  const filters = JSON.stringify(labelFilter(selector));
  const [containers, networks, volumes, images] = await Promise.all([
    call('list containers', docker.listContainers({ all: true, filters })),
    call('list networks', docker.listNetworks({ filters })),
    call('list volumes', docker.listVolumes({ filters })),
    // Images built in a run (`build:`, build.ts): a run that left only those is found too.
    call('list images', docker.listImages({ filters } as Dockerode.ListImagesOptions)),
  ]);
  const owners = new Map<string, string | undefined>();
  const note = (labels: Record<string, string> | undefined | null) => {
    const runId = labels?.[LABEL_RUN];
    if (runId === undefined) return;
    const owner = labels?.[LABEL_OWNER];
    if (!owners.has(runId) || (owners.get(runId) === undefined && owner !== undefined)) owners.set(runId, owner);
  };
  // Markers of resumes that mount a run's kept volumes (labels.ts): the resume's owner, not the run's.
  const borrowers = new Map<string, { by: string; owner: string | undefined }[]>();
  for (const c of containers) note(c.Labels);
  for (const n of networks) note(n.Labels);
  for (const v of volumes.Volumes ?? []) {
    const by = v.Labels?.[LABEL_BORROWED_BY];
    const runId = v.Labels?.[LABEL_RUN];
    if (by === undefined || runId === undefined) {
      note(v.Labels);
      continue;
    }
    borrowers.set(runId, [...(borrowers.get(runId) ?? []), { by, owner: v.Labels?.[LABEL_OWNER] }]);
    if (!owners.has(runId)) owners.set(runId, undefined);
  }
  for (const i of images) note(i.Labels);
  // Runs that ended keeping their failures (`--keep-failed`): never taken as dead leftovers.
  const keptFailed = new Set<string>();
  for (const v of volumes.Volumes ?? []) {
    const runId = v.Labels?.[LABEL_RUN];
    if (runId !== undefined && v.Labels?.[LABEL_KEPT] === '1') keptFailed.add(runId);
  }
  // Runs that ended keeping volumes for `--resume`: over, even when their process lives on.
  const ended = new Set<string>();
  for (const v of volumes.Volumes ?? []) {
    const runId = v.Labels?.[LABEL_RUN];
    if (runId !== undefined && v.Labels?.[LABEL_ENDED] === '1') ended.add(runId);
  }

  const root = options.stateRoot ?? tmpdir();
  const folders = stateFolders(root, selector);
  const result: SweepResult = { removed: [], kept: [] };
  const decide = (runId: string, owner: string | undefined): LeftoverRun => ({
    runId,
    ...(owner !== undefined ? { owner } : {}),
    state: ownerState(owner),
  });
  for (const [runId, owner] of owners) {
    if (options.spare?.includes(runId)) continue;
    const run: LeftoverRun = { ...decide(runId, owner), ...(ended.has(runId) && !keptFailed.has(runId) ? { ended: true } : {}) };
    // A marker whose owner is gone (a resume that crashed) holds nothing: it goes with the run.
    const borrower = borrowers.get(runId)?.find((b) => ownerState(b.owner) !== 'gone');
    if (borrower && !options.force) {
      result.kept.push({ ...run, borrowedBy: borrower.by });
      continue;
    }
    if (keptFailed.has(runId)) {
      // It has ended: asked for by id (or `force`), it goes whatever its owner's state.
      if (selector.runId === undefined && !options.force) {
        result.kept.push({ ...run, keptFailed: true });
        continue;
      }
    } else if (run.state !== 'gone' && !run.ended && !options.force) {
      result.kept.push(run);
      continue;
    }
    const removed = await cleanupRun(docker, { runId }, { callTimeoutMs: timeout });
    const mine = folders.filter((f) => f.record?.runId === runId || (f.record === undefined && f.name.startsWith(stateFolderPrefix(runId))));
    result.removed.push({ ...run, removed, folders: removeFolders(root, mine) });
  }
  // Folders of runs that left nothing on the engine.
  const byRun = new Map<string, StateFolder[]>();
  for (const folder of folders) {
    const runId = folder.record?.runId;
    if (runId === undefined || owners.has(runId)) continue;
    byRun.set(runId, [...(byRun.get(runId) ?? []), folder]);
  }
  for (const [runId, list] of byRun) {
    const run = decide(runId, list[0].record?.owner);
    if (run.state !== 'gone' && !options.force) continue;
    result.removed.push({ ...run, removed: { containers: 0, networks: 0, volumes: 0, errors: [] }, folders: removeFolders(root, list) });
  }
  return result;
}

interface StateFolder {
  name: string;
  record?: StateFolderRecord;
}

/** State folders under `root` that match `selector` (by their record, or by name for `runId`). */
function stateFolders(root: string, selector: CleanupSelector): StateFolder[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const folders: StateFolder[] = [];
  for (const name of names) {
    if (!name.startsWith('gantry-')) continue;
    try {
      const stat = lstatSync(join(root, name));
      if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) continue;
    } catch {
      continue;
    }
    const record = readRecord(join(root, name, 'owner'));
    if (!record) {
      // Only a named run claims a folder without a record (made by an older Gantry).
      if (selector.runId !== undefined && name.startsWith(stateFolderPrefix(selector.runId))) folders.push({ name });
      continue;
    }
    if (selector.runId !== undefined && record.runId !== selector.runId) continue;
    if (selector.instance !== undefined && record.instance !== selector.instance) continue;
    folders.push({ name, record });
  }
  return folders;
}

function readRecord(path: string): StateFolderRecord | undefined {
  const bytes = readRegularFile(path, 4096);
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Partial<StateFolderRecord>;
    if (typeof value.runId === 'string' && typeof value.instance === 'string' && typeof value.owner === 'string') {
      return { runId: value.runId, instance: value.instance, owner: value.owner };
    }
  } catch {
    // Not ours, or torn: left alone.
  }
  return undefined;
}

function removeFolders(root: string, folders: readonly StateFolder[]): number {
  let removed = 0;
  for (const folder of folders) {
    try {
      rmSync(join(root, folder.name), { recursive: true, force: true });
      removed++;
    } catch {
      // Left for the next sweep.
    }
  }
  return removed;
}

/** `3 containers, 1 network, 2 volumes` (what was non-zero), or `nothing`. */
export function describeRemoved(removed: CleanupResult, folders = 0): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const parts = [
    removed.containers ? count(removed.containers, 'container') : '',
    removed.networks ? count(removed.networks, 'network') : '',
    removed.volumes ? count(removed.volumes, 'volume') : '',
    removed.images ? count(removed.images, 'built image') : '',
    folders ? count(folders, 'state folder') : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing';
}

/** Why a run was removed or kept, for people. */
export function describeOwner(run: LeftoverRun): string {
  if (run.keptFailed) return `kept by --keep-failed; remove with gantry cleanup --run ${run.runId}`;
  if (run.borrowedBy !== undefined) return `run ${run.borrowedBy} (gantry run --resume) is using the volumes it kept`;
  if (run.ended) return 'it ended, keeping volumes for gantry run --resume';
  const pid = run.owner?.split('/')[1];
  switch (run.state) {
    case 'gone':
      return run.owner === undefined ? 'it records no owner' : `its gantry process ${pid} is gone`;
    case 'alive':
      return `its gantry process ${pid} is still running`;
    default:
      return `it belongs to another machine (${run.owner?.split('/')[0]})`;
  }
}
