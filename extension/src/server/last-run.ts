/**
 * The last run of a batch file, for the code lenses and the preview: "last run 4.1s · predicted
 * 3.8s". Read from the newest finished run of the file under `.gantry/runs/` beside it (where
 * `gantry run` writes them, see cli/logs.ts and core/run/resume.ts), in its report.json.
 *
 * A run folder is data a run wrote, and some of it came from containers: report.json is read
 * bounded (MAX_REPORT_BYTES), never through a link (`.gantry`, `runs`, the run folder and the
 * report must be what they say, not symbolic links), and parsed defensively. Nothing read is shown
 * as it stands: units are looked up by the ids of the file as it is now, statuses are mapped to a
 * fixed set, times must be finite numbers, the run id must look like one. So a hostile report can
 * at worst give wrong numbers, never text or markup of its own.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegularFile } from '../../../core/host/files';
import { formatDuration } from '../../../core/format';

/** report.json larger than this is not read (a run of a 2,000-task file writes a few MB). */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;
/** Run folders looked at, newest first, for one of this file that has finished. */
export const MAX_RUNS_LOOKED_AT = 20;
/** A run id as runBatch makes them (core/run/resume.ts): one path segment. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** What became of a unit, in the few words a lens has. */
export type RanStatus = 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'unknown';

export interface UnitRun {
  status: RanStatus;
  /** ms from the run's start; missing for a unit that never started (or one taken over by --resume). */
  start?: number;
  end?: number;
}

export interface LastRun {
  runId: string;
  result: 'success' | 'failure' | 'cancelled';
  /** Unit id → what became of it. */
  units: Map<string, UnitRun>;
}

const FAILED = new Set(['failed', 'oom', 'timeout', 'killed']);

/**
 * The newest finished run of the batch file at `uri` (a `file:` URI), or undefined: none, the
 * document is not on disk, or nothing readable. Partial reports (a run still going, or killed)
 * are passed over.
 */
export function readLastRun(uri: string): LastRun | undefined {
  let file: string;
  try {
    if (!uri.startsWith('file:')) return undefined;
    file = fileURLToPath(uri);
  } catch {
    return undefined;
  }
  const runsDir = join(dirname(file), '.gantry', 'runs');
  if (!isRealDirectory(join(dirname(file), '.gantry')) || !isRealDirectory(runsDir)) return undefined;
  let names: string[];
  try {
    names = readdirSync(runsDir, { withFileTypes: true })
      // Dirent says what the entry is, not what a link points to: a linked run folder is no run.
      .filter((e) => e.isDirectory() && RUN_ID.test(e.name))
      .map((e) => e.name)
      .sort()
      .reverse()
      .slice(0, MAX_RUNS_LOOKED_AT);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const run = readRun(join(runsDir, name, 'report.json'), name, file);
    if (run) return run;
  }
  return undefined;
}

function isRealDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** One run folder's report, when it is a finished run of `file`. */
function readRun(report: string, runId: string, file: string): LastRun | undefined {
  const bytes = readRegularFile(report, MAX_REPORT_BYTES + 1);
  if (!bytes || bytes.length > MAX_REPORT_BYTES) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(doc) || doc.gantry !== 1 || doc.complete !== true || !Array.isArray(doc.units) || typeof doc.file !== 'string') return undefined;
  if (!sameFile(doc.file, file)) return undefined;
  const result = doc.result === 'success' || doc.result === 'failure' || doc.result === 'cancelled' ? doc.result : undefined;
  if (!result) return undefined;
  const units = new Map<string, UnitRun>();
  for (const unit of doc.units as unknown[]) {
    if (!isObject(unit) || typeof unit.id !== 'string' || unit.id.length > 1024) continue;
    const start = time(unit.start);
    const end = time(unit.end);
    units.set(unit.id, { status: statusOf(unit.status), ...(start !== undefined && end !== undefined && end >= start ? { start, end } : {}) });
  }
  return { runId, result, units };
}

/**
 * Whether report.json's `file` (the path as given to `gantry run`: absolute, or relative to where
 * it ran) names `file`. A relative one is taken at its name: the runs folder lies beside the file.
 */
function sameFile(recorded: string, file: string): boolean {
  if (isAbsolute(recorded)) return resolve(recorded) === resolve(file);
  return basename(recorded) === basename(file);
}

function statusOf(status: unknown): RanStatus {
  if (status === 'succeeded') return 'succeeded';
  if (typeof status === 'string' && FAILED.has(status)) return 'failed';
  if (status === 'cancelled' || status === 'skipped') return status;
  return 'unknown';
}

function time(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e12 ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * "last run 4.1s · predicted 3.8s" for the units of one task or service (a matrix task's
 * expansions together: from the first start to the last end), "last run failed after 2s ·
 * predicted 3.8s", "last run cancelled · predicted 3.8s"; undefined when the run had none of them
 * (the task is newer than the run). `predicted` is the lens's own figure (ms). A service's times
 * are how long it was up: "last run up 12s · predicted up 31s".
 */
export function lastRunText(run: LastRun, ids: readonly string[], predicted: number, kind: 'task' | 'service' | 'build' = 'task'): string | undefined {
  const ran = ids.map((id) => run.units.get(id)).filter((u): u is UnitRun => u !== undefined);
  if (ran.length === 0) return undefined;
  const timed = ran.filter((u) => u.start !== undefined && u.end !== undefined);
  const took = timed.length ? Math.max(...timed.map((u) => u.end!)) - Math.min(...timed.map((u) => u.start!)) : undefined;
  const statuses = new Set(ran.map((u) => u.status));
  const status: RanStatus = statuses.has('failed')
    ? 'failed'
    : statuses.has('cancelled')
      ? 'cancelled'
      : statuses.has('skipped')
        ? 'skipped'
        : statuses.has('unknown')
          ? 'unknown'
          : 'succeeded';
  const up = kind === 'service' ? 'up ' : '';
  let said: string;
  if (status === 'succeeded') said = took === undefined ? 'last run succeeded' : `last run ${up}${formatDuration(took)}`;
  else if (took !== undefined && status !== 'skipped') said = `last run ${status} after ${formatDuration(took)}`;
  else said = `last run ${status === 'unknown' ? 'did not finish' : status}`;
  return `${said} · predicted ${up}${formatDuration(predicted)}`;
}
