/**
 * Host files Gantry reads and writes next to containers that may be hostile: run folders, log
 * files, reports, `$GANTRY_OUTPUT`. A task that can write into a folder we later write into (a
 * read-write bind of the workspace holds `.gantry/`) could plant a symbolic link there and make
 * us, often as root, write to `$GITHUB_ENV`, or read `/proc/self/environ` back as an output. So:
 *
 * - folders are made one segment at a time and each must be a real folder, never a link;
 * - a run's own folders are created fresh (`mkdir` without `recursive`: one that already exists
 *   was not made by us);
 * - files are created exclusively (`O_EXCL`) and opened with `O_NOFOLLOW`, so neither a planted
 *   link nor a planted file is ever written through;
 * - files written by containers are read with `O_NOFOLLOW | O_NONBLOCK` and only when they are
 *   regular files (a FIFO would hang the read, a link would leave the container's folder).
 *
 * Containers never see these folders in the first place (see `coveredTargets`); this is the second
 * wall, and the one that also holds for links committed to a repository.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readlinkSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { isAbsolute, join, posix, relative } from 'node:path';

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_WRONLY } = constants;

/** A host path is not what Gantry expects (a link, a file where a folder belongs, …). */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(`refusing to use ${path}: ${why}`);
  }
}

/**
 * `root/seg1/seg2/…`, each segment made when missing and checked to be a real folder (not a
 * link, not a file). `root` itself is the caller's (the batch file's folder). Returns the path.
 */
export function ensureDirs(root: string, ...segments: string[]): string {
  let path = root;
  for (const segment of segments) {
    path = join(path, segment);
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) throw new UnsafePathError(path, 'it is a symbolic link');
    if (!stat.isDirectory()) throw new UnsafePathError(path, 'it is not a folder');
  }
  return path;
}

/** Makes `path` (its parent must exist); fails when anything already stands there. */
export function makeFreshDir(path: string, mode = 0o755): string {
  try {
    mkdirSync(path, { mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UnsafePathError(path, 'it already exists');
    throw error;
  }
  return path;
}

/**
 * Opens a new file for writing: created here and now, never through a link, never an existing
 * file. With `replace`, whatever stands at `path` is unlinked first (a link is removed, not
 * followed), for files that are rewritten (log segments, `report.json.tmp`).
 */
export function openNewFile(path: string, options: { replace?: boolean; mode?: number } = {}): number {
  if (options.replace) {
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  try {
    return openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, options.mode ?? 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ELOOP') throw new UnsafePathError(path, 'something else already stands there');
    throw error;
  }
}

/** Writes a new file in one go (see `openNewFile`). */
export function writeNewFile(path: string, data: string | Uint8Array, options: { replace?: boolean; mode?: number } = {}): void {
  const fd = openNewFile(path, options);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  } finally {
    closeSync(fd);
  }
}

/**
 * The first `maxBytes` of a file a container wrote, or undefined when it is missing or anything
 * but a regular file (a link, a FIFO, a device, a folder). Never follows the last segment.
 */
export function readRegularFile(path: string, maxBytes: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const length = Math.min(stat.size, maxBytes);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Whether `inner` is `outer` or lies below it (both absolute, already resolved). */
/** Where an open descriptor really is lies within `dir`; true where the system cannot say (no /proc). */
export function openedWithin(fd: number, dir: string): boolean {
  let real: string;
  try {
    real = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return true;
  }
  return isWithin(real, dir);
}

export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Where, inside a container, a bind of the host folder `source` (a real path) at `target` shows
 * each of the `hidden` host folders (real paths) that lie within it. Gantry mounts an empty
 * read-only tmpfs at each, so a container never sees, let alone writes, a run folder.
 */
export function coveredTargets(source: string, target: string, hidden: readonly string[]): string[] {
  const targets: string[] = [];
  for (const folder of hidden) {
    if (folder === source || !isWithin(folder, source)) continue;
    targets.push(posix.join(target, relative(source, folder).split('\\').join('/')));
  }
  return targets;
}
