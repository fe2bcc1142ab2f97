/**
 * The history store: what runs learned (core/estimates.ts's records), beside the batch file in
 * `.gantry/history/`, one set of files per batch file name (`gantry.yml` → `gantry.yml.jsonl`):
 *
 * - `<name>.jsonl` — the live log. Each run appends its record as whole lines, each in one
 *   `write` on a descriptor opened `O_APPEND`, so runs going on side by side in the folder never
 *   mix their lines (the kernel places each write at the end as a whole). A run killed mid-write
 *   leaves a truncated last line: readers skip it (it is not JSON), and the next append starts on
 *   a fresh line.
 * - `<name>.compact.jsonl` — the compacted history: only ever replaced whole (written to a new
 *   temporary file, then renamed over it).
 * - Compaction, when the live log passes `HISTORY_LIMITS.liveBytes` after an append, under the
 *   lock file `<name>.lock` (`O_EXCL`; one older than `lockStaleMs` is a crashed compaction's and
 *   is removed): the live log is renamed to `<name>.<random>.rotated` (new appends make a new live
 *   log), the compacted file and every rotated log are merged keeping per unit id the newest
 *   `keepAttempts` attempts and the `keepUnits` unit ids seen last, written as the new compacted
 *   file, and the rotated logs removed. An appender whose write landed in a log that was rotated
 *   meanwhile writes its lines again into the new live log; readers drop the duplicates (same run,
 *   unit and attempt). So the store stays within about `liveBytes` + `keepUnits × keepAttempts`
 *   small entries, whatever the number of runs.
 *
 * Safety, as for run folders (core/host/files.ts): `.gantry` and `.gantry/history` must be real
 * folders (a link is refused: `history-unsafe`, never followed); files are opened `O_NOFOLLOW`
 * and only used when they are regular files; reading takes at most `readBytes` of all files
 * together (newest first, each from its end), lines longer than `lineBytes` and lines that are
 * not valid records are skipped. Readers never throw; the run catches the writer's errors and says them as a notice: history can never
 * fail a run.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { ensureDirs, UnsafePathError, writeNewFile } from './files';
import { parseHistoryLine, type HistoryAttempt, type HistoryRecord, type HistoryUnit } from '../estimates';

const { O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_WRONLY } = constants;

export const HISTORY_LIMITS = {
  /** The live log is compacted once an append leaves it larger than this. */
  liveBytes: 256 * 1024,
  /** Attempts kept per unit id by compaction (the estimate reads the last 10 successful ones). */
  keepAttempts: 20,
  /** Unit ids kept by compaction: those seen in the most recent runs. */
  keepUnits: 1000,
  /** At most this much of the store is read, all files together (newest first, each from its end). */
  readBytes: 8 * 1024 * 1024,
  /** Longer lines are skipped when read and split (by units) when written. */
  lineBytes: 1024 * 1024,
  /** A compaction lock older than this was left by a crash. */
  lockStaleMs: 60_000,
  /** Rotated logs read at most (more exist only after repeated crashes mid-compaction). */
  rotatedFiles: 16,
};

export type HistoryLimits = typeof HISTORY_LIMITS;

/** `<baseDir>/.gantry/history`. */
export function historyDir(baseDir: string): string {
  return join(baseDir, '.gantry', 'history');
}

/**
 * The name the store's files start with for a batch file: its base name, with anything but
 * letters, digits, `.`, `_` and `-` made `_` (and then a hash of the real name, so two names never
 * share a store).
 */
export function historyName(batchFile: string): string {
  const name = basename(batchFile);
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 100) || '_';
  if (safe === name) return safe;
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(name)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return `${safe}-${hash.toString(16).padStart(8, '0')}`;
}

function files(baseDir: string, batchFile: string) {
  const dir = historyDir(baseDir);
  const name = historyName(batchFile);
  return {
    dir,
    name,
    live: join(dir, `${name}.jsonl`),
    compact: join(dir, `${name}.compact.jsonl`),
    lock: join(dir, `${name}.lock`),
  };
}

export interface HistoryRead {
  records: HistoryRecord[];
  /** Why nothing could be read though something is there (a link instead of `.gantry`, …). */
  problem?: string;
}

/**
 * Every record the store holds for `batchFile` (whose folder is `baseDir`), oldest first as
 * written, duplicates merged. Never throws: an unsafe or unreadable store reads as empty, with the
 * `problem` said.
 */
export function readHistory(baseDir: string, batchFile: string, limits: HistoryLimits = HISTORY_LIMITS): HistoryRead {
  const f = files(baseDir, batchFile);
  for (const folder of [join(baseDir, '.gantry'), f.dir]) {
    let stat;
    try {
      stat = lstatSync(folder);
    } catch {
      return { records: [] };
    }
    if (stat.isSymbolicLink()) return { records: [], problem: `${folder} is a symbolic link: history not read` };
    if (!stat.isDirectory()) return { records: [], problem: `${folder} is not a folder: history not read` };
  }
  const paths = [f.compact, ...rotatedLogs(f.dir, f.name).slice(0, limits.rotatedFiles), f.live];
  return { records: dedupe(readWithin(paths, limits)) };
}

/**
 * The records of `paths` (oldest first), reading at most `readBytes` in all: the live log first,
 * then the rotated logs, then the compacted file, each from its end. A store planted with many
 * large files (a checkout can commit them) costs one bound, not one per file, on every run,
 * plan and editor analysis.
 */
function readWithin(paths: readonly string[], limits: HistoryLimits): HistoryRecord[] {
  const read: HistoryRecord[][] = [];
  let budget = limits.readBytes;
  for (let i = paths.length - 1; i >= 0 && budget > 0; i--) {
    const { records, bytes } = readRecordsSized(paths[i], { ...limits, readBytes: budget });
    read.unshift(records);
    budget -= bytes;
  }
  return read.flat();
}

/** The rotated logs of `name` in `dir`, oldest name first. */
function rotatedLogs(dir: string, name: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const prefix = `${name}.`;
  return entries
    .filter((e) => e.startsWith(prefix) && /^[0-9a-f]{16}\.rotated$/.test(e.slice(prefix.length)))
    .sort()
    .map((e) => join(dir, e));
}

/** The valid records of one file (its last `readBytes`), never through a link, and how many bytes it read. */
function readRecordsSized(path: string, limits: HistoryLimits): { records: HistoryRecord[]; bytes: number } {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return { records: [], bytes: 0 };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { records: [], bytes: 0 };
    const length = Math.min(stat.size, limits.readBytes);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, stat.size - length + read);
      if (n === 0) break;
      read += n;
    }
    const lines = buffer.subarray(0, read).toString('utf8').split('\n');
    // Read from the middle: the first line is cut.
    if (length < stat.size) lines.shift();
    const records: HistoryRecord[] = [];
    for (const line of lines) {
      if (line.length === 0 || line.length > limits.lineBytes) continue;
      const record = parseHistoryLine(line);
      if (record) records.push(record);
    }
    return { records, bytes: read };
  } catch {
    return { records: [], bytes: 0 };
  } finally {
    closeSync(fd);
  }
}

/** Records merged by run id; a unit's attempt seen twice (an append written again) kept once. */
function dedupe(records: readonly HistoryRecord[]): HistoryRecord[] {
  const byRun = new Map<string, HistoryRecord>();
  // The attempt numbers each merged unit holds: a planted store can repeat one run's unit on
  // every line, and a scan of its attempts per attempt read would cost their square.
  const seen = new Map<HistoryUnit, Set<number>>();
  for (const r of records) {
    let merged = byRun.get(r.run);
    if (!merged) byRun.set(r.run, (merged = { v: r.v, run: r.run, at: r.at, units: Object.create(null) }));
    if (r.at > merged.at) merged.at = r.at;
    for (const [id, unit] of Object.entries(r.units)) {
      const have = merged.units[id];
      if (!have) {
        const attempts: HistoryAttempt[] = [];
        const numbers = new Set<number>();
        for (const a of unit.attempts) {
          if (numbers.has(a.n)) continue;
          numbers.add(a.n);
          attempts.push(a);
        }
        const added = { kind: unit.kind, attempts };
        merged.units[id] = added;
        seen.set(added, numbers);
      } else if (have.kind === unit.kind) {
        const numbers = seen.get(have)!;
        for (const a of unit.attempts) {
          if (numbers.has(a.n)) continue;
          numbers.add(a.n);
          have.attempts.push(a);
        }
      }
    }
  }
  return [...byRun.values()];
}

/**
 * Appends one run's record for `batchFile` (in `baseDir`) and compacts the store when the live log
 * has grown past its bound. Throws (an `UnsafePathError` for a link or a file where a folder
 * belongs, an fs error otherwise); the caller decides what that means (runBatch: a notice).
 */
export function appendHistory(baseDir: string, batchFile: string, record: HistoryRecord, limits: HistoryLimits = HISTORY_LIMITS): void {
  const f = files(baseDir, batchFile);
  ensureDirs(baseDir, '.gantry', 'history');
  const lines = recordLines(record, limits);
  if (lines.length === 0) return;
  let written = appendLines(f.live, lines);
  // Rotated while we wrote: again, into the new live log (readers drop the duplicate).
  for (let tries = 0; written.rotated && tries < 3; tries++) written = appendLines(f.live, lines);
  if (written.size > limits.liveBytes) compactHistory(baseDir, batchFile, limits);
}

/**
 * Appends `lines` (each ending in `\n`) with one write each. `rotated`: the file was renamed away
 * (compacted) while we wrote, so the lines may have been missed: the caller writes them again.
 */
function appendLines(path: string, lines: string[]): { size: number; rotated: boolean } {
  let fd: number;
  try {
    fd = openSync(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new UnsafePathError(path, 'it is a symbolic link');
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UnsafePathError(path, 'it is not a regular file');
    // A run killed mid-write left a line without its end: start on a fresh line.
    let prefix = '';
    if (stat.size > 0) {
      const last = Buffer.alloc(1);
      readLastByte(path, stat.size, last);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    lines.forEach((line, i) => {
      const bytes = Buffer.from(i === 0 ? prefix + line : line);
      const n = writeSync(fd, bytes, 0, bytes.length);
      if (n !== bytes.length) throw new Error(`short write to ${path} (${n} of ${bytes.length} bytes)`);
    });
    const after = fstatSync(fd);
    let rotated = after.nlink === 0;
    try {
      rotated ||= lstatSync(path).ino !== after.ino;
    } catch {
      rotated = true;
    }
    return { size: after.size, rotated };
  } finally {
    closeSync(fd);
  }
}

function readLastByte(path: string, size: number, into: Buffer): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    readSync(fd, into, 0, 1, size - 1);
  } catch {
    into[0] = 0x0a;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The record as lines of at most `lineBytes`, units split across lines when it is larger. */
export function recordLines(record: HistoryRecord, limits: HistoryLimits = HISTORY_LIMITS): string[] {
  const whole = `${JSON.stringify(record)}\n`;
  if (Buffer.byteLength(whole) <= limits.lineBytes) return Object.keys(record.units).length > 0 ? [whole] : [];
  const lines: string[] = [];
  let units: Record<string, HistoryUnit> = Object.create(null);
  let size = 0;
  const head = Buffer.byteLength(JSON.stringify({ ...record, units: {} })) + 2;
  const flush = () => {
    if (Object.keys(units).length > 0) lines.push(`${JSON.stringify({ ...record, units })}\n`);
    units = Object.create(null);
    size = 0;
  };
  for (const [id, unit] of Object.entries(record.units)) {
    const entry = Buffer.byteLength(JSON.stringify({ [id]: unit })) + 1;
    if (head + entry > limits.lineBytes) continue; // one unit alone is too large: left out
    if (head + size + entry > limits.lineBytes) flush();
    units[id] = unit;
    size += entry;
  }
  flush();
  return lines;
}

/**
 * Merges the live log into the compacted file under the lock (see the module's comment). Returns
 * false when another process holds the lock (it compacts) or the store is not safe to use.
 */
export function compactHistory(baseDir: string, batchFile: string, limits: HistoryLimits = HISTORY_LIMITS): boolean {
  const f = files(baseDir, batchFile);
  ensureDirs(baseDir, '.gantry', 'history');
  if (!takeLock(f.lock, limits)) return false;
  try {
    try {
      renameSync(f.live, join(f.dir, `${f.name}.${randomBytes(8).toString('hex')}.rotated`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const rotated = rotatedLogs(f.dir, f.name).slice(0, limits.rotatedFiles);
    const records = readWithin([f.compact, ...rotated], limits);
    const kept = compactRecords(dedupe(records), limits);
    const text = kept.flatMap((r) => recordLines(r, limits)).join('');
    const tmp = join(f.dir, `${f.name}.compact.${randomBytes(8).toString('hex')}.tmp`);
    writeNewFile(tmp, text);
    try {
      renameSync(tmp, f.compact);
    } catch (error) {
      unlinkQuietly(tmp);
      throw error;
    }
    for (const path of rotated) unlinkQuietly(path);
    return true;
  } finally {
    unlinkQuietly(f.lock);
  }
}

function takeLock(path: string, limits: HistoryLimits): boolean {
  for (let tries = 0; tries < 2; tries++) {
    try {
      closeSync(openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let stale = false;
    try {
      const stat = lstatSync(path);
      stale = !stat.isFile() || Date.now() - stat.mtimeMs > limits.lockStaleMs;
    } catch {
      stale = true; // gone meanwhile: try again
    }
    if (!stale) return false;
    unlinkQuietly(path);
  }
  return false;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}

/**
 * What compaction keeps: per unit id its newest `keepAttempts` attempts, and only the `keepUnits`
 * ids seen most recently; records left without units are dropped. Oldest record first.
 */
export function compactRecords(records: readonly HistoryRecord[], limits: Pick<HistoryLimits, 'keepAttempts' | 'keepUnits'>): HistoryRecord[] {
  const newestFirst = records
    .map((r, i) => ({ r, i, t: Date.parse(r.at) }))
    .sort((a, b) => b.t - a.t || b.i - a.i)
    .map((x) => x.r);
  const kept = new Map<string, number>();
  const out: HistoryRecord[] = [];
  for (const record of newestFirst) {
    const units: Record<string, HistoryUnit> = Object.create(null);
    for (const [id, unit] of Object.entries(record.units)) {
      const have = kept.get(id);
      if (have === undefined && kept.size >= limits.keepUnits) continue;
      const room = limits.keepAttempts - (have ?? 0);
      if (room <= 0) continue;
      const attempts: HistoryAttempt[] = [...unit.attempts].sort((a, b) => b.n - a.n).slice(0, room).reverse();
      kept.set(id, (have ?? 0) + attempts.length);
      if (attempts.length > 0) units[id] = { kind: unit.kind, attempts };
    }
    if (Object.keys(units).length > 0) out.push({ ...record, units });
  }
  return out.reverse();
}
