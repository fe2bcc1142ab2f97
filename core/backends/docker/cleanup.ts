/**
 * Removes what runs left behind, found by label: used by `gantry cleanup`, at the start of a run
 * (earlier runs of the same instance, and only those), by the executor's teardown and by the
 * GitHub Action's post step.
 */
import type Dockerode from 'dockerode';
import { LABEL_BORROWED_BY, LABEL_ENDED, labelFilter } from './labels';
import { GantryError } from '../../diagnostics';
import { withTimeout } from './engine';

export interface CleanupSelector {
  /** Only what this run created. */
  runId?: string;
  /** Only what runs of this instance created. Neither set: everything labelled by Gantry. */
  instance?: string;
}

export interface CleanupResult {
  /** How many of each were removed. */
  containers: number;
  networks: number;
  volumes: number;
  /** Images built in the run (`build:`, build.ts); missing when none was removed. */
  images?: number;
  /** One line per thing that could not be removed (it is left for the next cleanup). */
  errors: string[];
}

export interface CleanupOptions {
  /** Give up on one engine call after this long, so cleanup never hangs (ms). Default 30 000. */
  callTimeoutMs?: number;
  /**
   * Container names (without the leading `/`) to leave in place (`--keep-failed`: a failed task's
   * container and the services it needed). When any is given, the run's networks and volumes stay too.
   */
  keep?: ReadonlySet<string>;
  /** Volume names to leave in place (kept for `gantry run --resume`). Default: none. */
  keepVolumes?: ReadonlySet<string>;
}

/**
 * Removes containers first (force: a running one is killed), then networks, volumes and the
 * images built in the run (`build:`), which the engine refuses to remove while a container uses
 * them. Never throws for a single failed
 * removal; a listing that fails (engine gone) does throw.
 */
export async function cleanupRun(
  docker: Dockerode,
  selector: CleanupSelector,
  options: CleanupOptions = {},
): Promise<CleanupResult> {
  const timeout = options.callTimeoutMs ?? 30_000;
  const filters = JSON.stringify(labelFilter(selector));
  // Given up after `timeout`, its request aborted too: an unanswered call keeps no socket open.
  const call = <T>(what: string, request: (abortSignal: AbortSignal) => Promise<T>) => {
    const abort = new AbortController();
    return withTimeout(request(abort.signal), timeout, () => {
      abort.abort();
      return new GantryError('engine-timeout', `${what}: the Docker engine did not answer within ${timeout} ms.`);
    });
  };
  const result: CleanupResult = { containers: 0, networks: 0, volumes: 0, errors: [] };

  const containers = await call('list containers', (abortSignal) => docker.listContainers({ all: true, filters, abortSignal }));
  const keep = options.keep ?? new Set<string>();
  await Promise.all(
    containers.map(async (c) => {
      if ((c.Names ?? []).some((n) => keep.has(n.replace(/^\//, '')))) return;
      try {
        await call(`remove container ${c.Id.slice(0, 12)}`, (abortSignal) => docker.getContainer(c.Id).remove({ force: true, v: true, abortSignal }));
        result.containers++;
      } catch (error) {
        if (!isGone(error)) result.errors.push(`container ${c.Names?.[0] ?? c.Id.slice(0, 12)}: ${oneLine(error)}`);
      }
    }),
  );

  if (keep.size > 0) return result;
  const networks = await call('list networks', (abortSignal) => docker.listNetworks({ filters, abortSignal }));
  await Promise.all(
    networks.map(async (n) => {
      try {
        await call(`remove network ${n.Name}`, (abortSignal) => docker.getNetwork(n.Id).remove({ abortSignal }));
        result.networks++;
      } catch (error) {
        if (!isGone(error)) result.errors.push(`network ${n.Name}: ${oneLine(error)}`);
      }
    }),
  );

  const volumes = (await call('list volumes', (abortSignal) => docker.listVolumes({ filters, abortSignal }))).Volumes ?? [];
  await Promise.all(
    volumes.map(async (v) => {
      if (options.keepVolumes?.has(v.Name)) return;
      try {
        await call(`remove volume ${v.Name}`, (abortSignal) => docker.getVolume(v.Name).remove({ force: true, abortSignal }));
        // A marker (labels.ts) is no volume anyone asked for.
        if (v.Labels?.[LABEL_ENDED] !== '1' && v.Labels?.[LABEL_BORROWED_BY] === undefined) result.volumes++;
      } catch (error) {
        if (!isGone(error)) result.errors.push(`volume ${v.Name}: ${oneLine(error)}`);
      }
    }),
  );

  // Built images carry the run's labels (build.ts): their per-run tag goes, and with it the image.
  const images = await call('list images', (abortSignal) => docker.listImages({ filters, abortSignal } as Dockerode.ListImagesOptions));
  await Promise.all(
    images.map(async (image) => {
      try {
        await call(`remove image ${image.Id.slice(7, 19)}`, (abortSignal) => docker.getImage(image.Id).remove({ force: true, abortSignal }));
        result.images = (result.images ?? 0) + 1;
      } catch (error) {
        if (!isGone(error)) result.errors.push(`image ${(image.RepoTags ?? [])[0] ?? image.Id.slice(7, 19)}: ${oneLine(error)}`);
      }
    }),
  );
  return result;
}

/** Someone else (a concurrent cleanup, AutoRemove) removed it first — that is success. */
export function isGone(error: unknown): boolean {
  const code = statusCode(error);
  // 409 "removal … is already in progress": it is going away; the next sweep confirms it.
  return code === 404 || (code === 409 && /already in progress/.test(oneLine(error)));
}

export function statusCode(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'statusCode' in error && typeof error.statusCode === 'number') {
    return error.statusCode;
  }
  return undefined;
}

/** The engine's own message when it sent one (`(HTTP code 404) no such container - …`), on one line. */
export function oneLine(error: unknown): string {
  let text: string;
  if (error && typeof error === 'object' && 'json' in error) {
    const json = (error as { json?: unknown }).json;
    if (json && typeof json === 'object' && 'message' in json && typeof json.message === 'string') text = json.message;
    else text = error instanceof Error ? error.message : String(error);
  } else {
    text = error instanceof Error ? error.message : String(error);
  }
  return text.replace(/\s+/g, ' ').trim();
}
