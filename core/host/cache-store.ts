/**
 * The local task cache (docs/batch-file.md, "Task cache"): `.gantry/cache/<file>/` beside the
 * batch file (`<file>` named as the history names it, core/host/history.ts), one entry per task
 * id and key:
 *
 * - `<task>-<key>.json` — the task's outputs, the run it came from, when, and its plan key (the
 *   key with the image left out, for `gantry plan`); `<task>` is a hash of the task id;
 * - `<task>-<key>.tar` — with `cache.paths`, the tar the engine's archive API gave of them
 *   (never extracted on the host: a hit puts it back through the engine), its size and SHA-256
 *   recorded in the JSON and checked when read.
 *
 * Trust, as for the history: `.gantry`, `.gantry/cache` and the file's folder must be real
 * folders (a link is refused, never followed); files are read `O_NOFOLLOW` and only when regular;
 * every file is written to a new temporary name (`O_EXCL`) and renamed into place, the archive
 * before its JSON, so a reader sees a whole entry or none. An entry that cannot be read (torn,
 * not ours, an archive that does not match) is a miss with a notice, never an error. Bounded:
 * `CACHE_LIMITS.keepPerTask` entries per task and `maxBytes` in all (the oldest written go first);
 * an archive over `maxArchiveBytes` is not stored. Nothing here ever fails a run: callers turn
 * thrown errors into notices.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDirs, readRegularFile, UnsafePathError, writeNewFile } from './files';
import { historyName } from './history';

export const CACHE_LIMITS = {
  /** Entries kept per task (the newest written). */
  keepPerTask: 3,
  /** The whole store of one batch file. */
  maxBytes: 1024 * 1024 * 1024,
  /** One entry's archive of `cache.paths`: larger is not stored (a notice says so). */
  maxArchiveBytes: 256 * 1024 * 1024,
  /** An entry's JSON larger than this is not read. */
  maxEntryBytes: 16 * 1024 * 1024,
  /** Temporary files older than this were left by a crash. */
  staleTempMs: 60 * 60 * 1000,
};

export type CacheLimits = typeof CACHE_LIMITS;

/** One stored success. */
export interface CacheRecord {
  /** The task's unit id (`test[shard=1]`). */
  task: string;
  /** core/cache-key.ts `cacheKey`. */
  key: string;
  /** The key with the image ID left out (`PLAN_IMAGE_PLACEHOLDER`): what `gantry plan` matches. */
  planKey: string;
  /** The run the task ran in. */
  run: string;
  /** ISO time the entry was written. */
  when: string;
  outputs: Record<string, string>;
  /** With `cache.paths`: the archive's container paths, size and SHA-256. */
  archive?: { paths: string[]; size: number; sha256: string };
}

/** `<baseDir>/.gantry/cache/<file>`. */
export function cacheDir(baseDir: string, batchFile: string): string {
  return join(baseDir, '.gantry', 'cache', historyName(batchFile));
}

function taskPrefix(task: string): string {
  return createHash('sha256').update(task).digest('hex').slice(0, 16);
}

function entryPaths(baseDir: string, batchFile: string, task: string, key: string) {
  const base = join(cacheDir(baseDir, batchFile), `${taskPrefix(task)}-${key}`);
  return { json: `${base}.json`, tar: `${base}.tar` };
}

/** The store's folder, made when missing; throws `UnsafePathError` for a link or a file in the way. */
function ensureStore(baseDir: string, batchFile: string): string {
  return ensureDirs(baseDir, '.gantry', 'cache', historyName(batchFile));
}

/** Whether the store's folders are all real folders (or missing); a link anywhere is refused. */
function storeProblem(baseDir: string, batchFile: string): string | undefined {
  let path = baseDir;
  for (const segment of ['.gantry', 'cache', historyName(batchFile)]) {
    path = join(path, segment);
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return undefined; // missing: nothing stored yet
    }
    if (stat.isSymbolicLink()) return `${path} is a symbolic link, which Gantry never follows: the task cache is not used`;
    if (!stat.isDirectory()) return `${path} is not a folder: the task cache is not used`;
  }
  return undefined;
}

export type CacheLookup =
  | { hit: true; record: CacheRecord; /** The archive's bytes, when the entry has one. */ archive?: Buffer }
  | { hit: false; /** Why an entry that is there could not be used: said as a notice. */ problem?: string };

/** The entry of `task` with `key`, if there is a usable one. Never throws. */
export function lookupCache(baseDir: string, batchFile: string, task: string, key: string, limits: CacheLimits = CACHE_LIMITS): CacheLookup {
  const unsafe = storeProblem(baseDir, batchFile);
  if (unsafe) return { hit: false, problem: unsafe };
  const paths = entryPaths(baseDir, batchFile, task, key);
  const bytes = readRegularFile(paths.json, limits.maxEntryBytes);
  if (!bytes) return { hit: false };
  const record = parseRecord(bytes);
  const corrupt = (why: string): CacheLookup => ({ hit: false, problem: `the cache entry of ${task} (${paths.json}) ${why}: it is ignored and the task runs` });
  if (!record || record.task !== task || record.key !== key) return corrupt('cannot be read as a Gantry cache entry');
  if (!record.archive) return { hit: true, record };
  const archive = readRegularFile(paths.tar, record.archive.size + 1);
  if (!archive || archive.length !== record.archive.size || createHash('sha256').update(archive).digest('hex') !== record.archive.sha256) {
    return corrupt('has an archive of its cache.paths that is missing or does not match');
  }
  return { hit: true, record, archive };
}

/** The entries stored for `task` (newest first), for `gantry plan`. Never throws. */
export function cacheRecords(baseDir: string, batchFile: string, task: string, limits: CacheLimits = CACHE_LIMITS): CacheRecord[] {
  if (storeProblem(baseDir, batchFile)) return [];
  const dir = cacheDir(baseDir, batchFile);
  const prefix = `${taskPrefix(task)}-`;
  const records: CacheRecord[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.json'));
  } catch {
    return [];
  }
  for (const name of names) {
    const bytes = readRegularFile(join(dir, name), limits.maxEntryBytes);
    const record = bytes && parseRecord(bytes);
    if (record && record.task === task) records.push(record);
  }
  return records.sort((a, b) => (a.when < b.when ? 1 : a.when > b.when ? -1 : 0));
}

export type CacheSave = { saved: true } | { saved: false; why: string };

/**
 * Stores `record` (and `archive`, the tar of its `cache.paths`), replacing an entry with the same
 * task and key, then evicts beyond the limits. Throws for an unsafe store (`UnsafePathError`) or
 * a failed write: the caller says it as a notice.
 */
export function saveCache(baseDir: string, batchFile: string, record: CacheRecord, archive: Buffer | undefined, limits: CacheLimits = CACHE_LIMITS): CacheSave {
  const unsafe = storeProblem(baseDir, batchFile);
  if (unsafe) throw new UnsafePathError(cacheDir(baseDir, batchFile), unsafe);
  if (archive && archive.length > limits.maxArchiveBytes) {
    return { saved: false, why: `its cache.paths archive is ${archive.length} bytes, over the ${limits.maxArchiveBytes}-byte limit of one entry` };
  }
  const dir = ensureStore(baseDir, batchFile);
  const paths = entryPaths(baseDir, batchFile, record.task, record.key);
  const stored: CacheRecord = { ...record };
  if (archive) {
    stored.archive = { paths: record.archive?.paths ?? [], size: archive.length, sha256: createHash('sha256').update(archive).digest('hex') };
    writeAtomically(dir, paths.tar, archive);
  } else delete stored.archive;
  writeAtomically(dir, paths.json, `${JSON.stringify({ gantryCache: 1, ...stored })}\n`);
  evict(dir, limits);
  return { saved: true };
}

function writeAtomically(dir: string, path: string, data: string | Buffer): void {
  const temp = join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
  writeNewFile(temp, data, { mode: 0o600 });
  try {
    // rename replaces a file; a link standing at `path` is replaced, not followed.
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Gone already.
    }
    throw error;
  }
}

/** Oldest entries out: beyond `keepPerTask` per task, then beyond `maxBytes`; stale temporary files. */
function evict(dir: string, limits: CacheLimits): void {
  const now = Date.now();
  const entries: { base: string; prefix: string; mtime: number; size: number }[] = [];
  const sizes = new Map<string, number>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    if (name.startsWith('.tmp-')) {
      if (now - stat.mtimeMs > limits.staleTempMs) remove(path);
      continue;
    }
    const match = /^([0-9a-f]{16})-([0-9a-f]{64})\.(json|tar)$/.exec(name);
    if (!match || !stat.isFile()) continue;
    const base = `${match[1]}-${match[2]}`;
    sizes.set(base, (sizes.get(base) ?? 0) + stat.size);
    if (match[3] === 'json') entries.push({ base, prefix: match[1], mtime: stat.mtimeMs, size: 0 });
  }
  for (const e of entries) e.size = sizes.get(e.base) ?? 0;
  // Archives without their JSON are a crash's (the JSON is written last): out too.
  for (const base of sizes.keys()) if (!entries.some((e) => e.base === base)) remove(join(dir, `${base}.tar`));
  entries.sort((a, b) => b.mtime - a.mtime);
  const perTask = new Map<string, number>();
  let total = 0;
  for (const e of entries) {
    const n = (perTask.get(e.prefix) ?? 0) + 1;
    perTask.set(e.prefix, n);
    total += e.size;
    if (n > limits.keepPerTask || total > limits.maxBytes) {
      total -= e.size;
      remove(join(dir, `${e.base}.json`));
      remove(join(dir, `${e.base}.tar`));
    }
  }
}

function remove(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already.
  }
}

function parseRecord(bytes: Buffer): CacheRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (v.gantryCache !== 1) return undefined;
  const str = (x: unknown): x is string => typeof x === 'string';
  if (!str(v.task) || !str(v.key) || !str(v.planKey) || !str(v.run) || !str(v.when)) return undefined;
  // Shown in terminals and reports: a run id as runBatch makes them, nothing else.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(v.run) || !/^[0-9a-f]{64}$/.test(v.key)) return undefined;
  if (!v.outputs || typeof v.outputs !== 'object' || Array.isArray(v.outputs)) return undefined;
  const outputs: Record<string, string> = {};
  for (const [k, x] of Object.entries(v.outputs as Record<string, unknown>)) {
    if (!str(x)) return undefined;
    outputs[k] = x;
  }
  const record: CacheRecord = { task: v.task, key: v.key, planKey: v.planKey, run: v.run, when: v.when, outputs };
  if (v.archive !== undefined) {
    const a = v.archive as Record<string, unknown>;
    if (!a || typeof a !== 'object' || !Array.isArray(a.paths) || !a.paths.every(str) || typeof a.size !== 'number' || !str(a.sha256)) return undefined;
    record.archive = { paths: a.paths as string[], size: a.size, sha256: a.sha256 };
  }
  return record;
}
