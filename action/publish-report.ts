/**
 * A report.json handed to `mode: publish` — read as untrusted input. In the fork pattern the report
 * comes from an artifact the fork's run uploaded: the fork's code wrote it, so it may be anything
 * (huge, deeply nested, wrong types, HTML, control characters, Mermaid or Markdown injection, ids
 * of other pull requests). Nothing of it is cast: each field is checked and copied into a fresh
 * RunDocument, with caps on the file size, the number of units and attempts, and every string's
 * length; every string is sanitised (`core/sanitize.ts`) here, and the renderers escape it again
 * where it lands (`core/report/escape.ts`). What the report says never chooses where the comment
 * goes: the pull request comes from GitHub's own answer about the workflow run (./publish.ts).
 *
 * Fields the comment does not show (log paths, outputs, usage) are dropped.
 */
import type { AttemptDocument, PredictionDocument, RunDocument, SecretsDocument, UnitDocument } from '../core/report/run-document';
import type { AttemptOutcome, AttemptStatus } from '../core/executor';
import { sanitize } from '../core/sanitize';

export const REPORT_LIMITS = {
  /** Bytes of one report.json. */
  fileBytes: 8 * 1024 * 1024,
  units: 5000,
  attempts: 50,
  needs: 500,
  logTailLines: 40,
  /** Characters of an id, a name or a one-line message. */
  text: 300,
  /** Characters of one log line. */
  logLine: 500,
} as const;

const ATTEMPT_STATUSES: readonly AttemptStatus[] = ['succeeded', 'failed', 'oom', 'timeout', 'killed', 'cancelled'];
const UNIT_STATUSES: readonly string[] = [...ATTEMPT_STATUSES, 'skipped', 'pending', 'ready', 'running', 'retrying'];
const RESULTS = ['success', 'failure', 'cancelled', 'running'] as const;

/** Why a report was refused: one line, safe to print. */
export class ReportRejected extends Error {}

/** JSON text → a RunDocument of checked, capped, sanitised fields; throws ReportRejected. */
export function readUntrustedReport(text: string): RunDocument {
  if (text.length > REPORT_LIMITS.fileBytes) throw new ReportRejected(`over ${REPORT_LIMITS.fileBytes} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ReportRejected('not JSON');
  }
  const r = obj(raw, 'the report');
  if (r.gantry !== 1) throw new ReportRejected('not a Gantry report of version 1 (`gantry: 1`)');
  const result = oneOf(r.result, RESULTS, 'result');
  const units = arr(r.units, 'units', REPORT_LIMITS.units).map((u, i) => unit(u, `units[${i}]`));
  const ids = new Set(units.map((u) => u.id));
  if (ids.size !== units.length) throw new ReportRejected('units: ids are not unique');
  for (const u of units) u.needs = u.needs.filter((n) => ids.has(n));
  const doc: RunDocument = {
    gantry: 1,
    complete: r.complete === true,
    runId: str(r.runId, 'runId', REPORT_LIMITS.text),
    instance: optStr(r.instance, 'instance') ?? '',
    file: str(r.file, 'file', REPORT_LIMITS.text),
    ...(r.name !== undefined ? { name: str(r.name, 'name', REPORT_LIMITS.text) } : {}),
    startedAt: optStr(r.startedAt, 'startedAt') ?? '',
    updatedAt: optStr(r.updatedAt, 'updatedAt') ?? '',
    capacity: capacity(r.capacity),
    ...(r.only !== undefined ? { only: arr(r.only, 'only', REPORT_LIMITS.units).map((s, i) => str(s, `only[${i}]`, REPORT_LIMITS.text)) } : {}),
    ...(r.prediction !== undefined && r.prediction !== null ? { prediction: prediction(r.prediction, ids) } : {}),
    result,
    makespan: num(r.makespan, 'makespan'),
    units,
    ...(r.criticalPath !== undefined ? { criticalPath: arr(r.criticalPath, 'criticalPath', REPORT_LIMITS.units).map((s, i) => str(s, `criticalPath[${i}]`, REPORT_LIMITS.text)).filter((id) => ids.has(id)) } : {}),
    ...(r.error !== undefined ? { error: str(r.error, 'error', REPORT_LIMITS.text) } : {}),
    ...(r.secrets !== undefined ? { secrets: secrets(r.secrets) } : {}),
  };
  return doc;
}

/** `secrets`: names only (anything that is not a variable name is left out), and why some were withheld. */
function secrets(value: unknown): SecretsDocument {
  const s = obj(value, 'secrets');
  const names = (list: unknown, where: string) =>
    arr(list ?? [], where, REPORT_LIMITS.units)
      .map((n, i) => str(n, `${where}[${i}]`, REPORT_LIMITS.text))
      .filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  return {
    passed: names(s.passed, 'secrets.passed'),
    withheld: names(s.withheld, 'secrets.withheld'),
    ...(s.why !== undefined ? { why: str(s.why, 'secrets.why', REPORT_LIMITS.text) } : {}),
  };
}

function unit(value: unknown, where: string): UnitDocument {
  const u = obj(value, where);
  const kind = oneOf(u.kind, ['task', 'service'] as const, `${where}.kind`);
  return {
    id: str(u.id, `${where}.id`, REPORT_LIMITS.text),
    kind,
    name: str(u.name, `${where}.name`, REPORT_LIMITS.text),
    status: oneOf(u.status, UNIT_STATUSES, `${where}.status`) as UnitDocument['status'],
    ...(u.reason !== undefined ? { reason: str(u.reason, `${where}.reason`, REPORT_LIMITS.text) } : {}),
    needs: arr(u.needs ?? [], `${where}.needs`, REPORT_LIMITS.needs).map((n, i) => str(n, `${where}.needs[${i}]`, REPORT_LIMITS.text)),
    cpus: num(u.cpus, `${where}.cpus`),
    memory: num(u.memory, `${where}.memory`),
    estimate: num(u.estimate, `${where}.estimate`),
    ...(typeof u.estimated === 'boolean' ? { estimated: u.estimated } : {}),
    ...optNum(u.start, 'start', where),
    ...optNum(u.end, 'end', where),
    ...optNum(u.healthy, 'healthy', where),
    ...(u.logTail !== undefined ? { logTail: logTail(u.logTail, `${where}.logTail`) } : {}),
    allowFailure: u.allowFailure === true,
    // Shown as `cached (from RUN)`: only a run id, nothing else a fork could put there.
    ...(typeof u.cachedFrom === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(u.cachedFrom) ? { cachedFrom: u.cachedFrom } : {}),
    attempts: arr(u.attempts ?? [], `${where}.attempts`, REPORT_LIMITS.attempts).map((a, i) => attempt(a, `${where}.attempts[${i}]`)),
  };
}

function attempt(value: unknown, where: string): AttemptDocument {
  const a = obj(value, where);
  let outcome: AttemptOutcome | undefined;
  if (a.outcome !== undefined && a.outcome !== null) {
    const o = obj(a.outcome, `${where}.outcome`);
    outcome = {
      status: oneOf(o.status, ATTEMPT_STATUSES, `${where}.outcome.status`),
      ...(o.exitCode !== undefined ? { exitCode: num(o.exitCode, `${where}.outcome.exitCode`) } : {}),
      ...(o.message !== undefined ? { message: str(o.message, `${where}.outcome.message`, REPORT_LIMITS.text) } : {}),
    };
  }
  return {
    number: num(a.number, `${where}.number`),
    start: num(a.start, `${where}.start`),
    ...optNum(a.end, 'end', where),
    memory: num(a.memory, `${where}.memory`),
    ...(outcome ? { outcome } : {}),
    ...(a.logTail !== undefined ? { logTail: logTail(a.logTail, `${where}.logTail`) } : {}),
  };
}

function prediction(value: unknown, ids: ReadonlySet<string>): PredictionDocument {
  const p = obj(value, 'prediction');
  return {
    makespan: num(p.makespan, 'prediction.makespan'),
    lowerBound: num(p.lowerBound, 'prediction.lowerBound'),
    criticalPath: arr(p.criticalPath ?? [], 'prediction.criticalPath', REPORT_LIMITS.units).map((s, i) => str(s, `prediction.criticalPath[${i}]`, REPORT_LIMITS.text)).filter((id) => ids.has(id)),
  };
}

function capacity(value: unknown): RunDocument['capacity'] {
  const c = obj(value, 'capacity');
  // JSON has no Infinity: an unlimited `parallel` is written as null.
  return { cpus: num(c.cpus, 'capacity.cpus'), memory: num(c.memory, 'capacity.memory'), parallel: c.parallel === null || c.parallel === undefined ? Infinity : num(c.parallel, 'capacity.parallel') };
}

function logTail(value: unknown, where: string): string[] {
  // Only the last lines are shown; more are dropped, not refused.
  const lines = arr(value, where, 10_000).slice(-REPORT_LIMITS.logTailLines);
  return lines.map((l, i) => str(l, `${where}[${i}]`, REPORT_LIMITS.logLine));
}

function obj(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ReportRejected(`${where} is not an object`);
  return value as Record<string, unknown>;
}

function arr(value: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new ReportRejected(`${where} is not a list`);
  if (value.length > max) throw new ReportRejected(`${where} has more than ${max} entries`);
  return value;
}

/** A string, sanitised and cut to `max` characters (with `…`). */
function str(value: unknown, where: string, max: number): string {
  if (typeof value !== 'string') throw new ReportRejected(`${where} is not a string`);
  const clean = sanitize(value.length > max * 4 ? value.slice(0, max * 4) : value, { sgr: 'strip' });
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function optStr(value: unknown, where: string): string | undefined {
  return value === undefined ? undefined : str(value, where, 64);
}

/** A finite number not below 0 (times, sizes, counts). Exit codes may be any finite number. */
function num(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ReportRejected(`${where} is not a finite number`);
  if (value < 0 && !where.endsWith('exitCode')) throw new ReportRejected(`${where} is negative`);
  return value;
}

function optNum(value: unknown, key: string, where: string): Record<string, number> {
  return value === undefined || value === null ? {} : { [key]: num(value, `${where}.${key}`) };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw new ReportRejected(`${where} is not one of ${allowed.join(', ')}`);
  return value as T;
}
