/**
 * `gantry run --resume [RUN]`: what a resumed run takes over from the run it resumes, and what a
 * failed run keeps on the engine for that.
 *
 * Rules (docs/batch-file.md, "Resuming a run"):
 * - Run again: every task (and build) that did not succeed — failed, cancelled, skipped —, every
 *   task whose recorded outputs lost a secret to `***` (the value it wrote is not known), and
 *   everything that needs one of those, directly or through others (a succeeded `if: always`
 *   unit downstream of a failure ran with a failed need: it runs again with the new result).
 *   The builds (`build:`) those need are made again (a run's built images go with it); services
 *   those need are started again.
 * - Taken over: every other task that succeeded, with its recorded outputs, and every service
 *   that succeeded and that nothing run again needs. They end `succeeded` at once, marked
 *   `resumedFrom`.
 * - Volumes: a run that ended with a failure keeps the volumes the units to run again mount (their
 *   services' too), labelled as before; the resumed run mounts those same volumes. Everything else
 *   goes as usual. A run that succeeded, or was cancelled without failures, keeps nothing.
 * - The file must be byte for byte the one the run ran (its SHA-256 is recorded in report.json).
 *
 * Pure but for reading the run folder (`findResumable`).
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { GantryError } from '../diagnostics';
import type { Graph } from '../model';
import type { KeptVolume, RunDocument } from '../report/run-document';
import { readRegularFile } from '../host/files';
import { engineName } from '../engine-names';
import type { TakenUnit } from '../schedule';

/** What runBatch needs to resume a run (`RunBatchOptions.resume`). */
export interface ResumeSetting {
  /** The run resumed. */
  runId: string;
  /** Units taken over, by id: their outputs and the reason shown. */
  taken: ReadonlyMap<string, TakenUnit>;
  /** The file's volumes that run kept, by name: mounted as they are. */
  volumes: Readonly<Record<string, KeptVolume>>;
  /** The runs the kept volumes are labelled with: the start-of-run sweep leaves them alone. */
  spare: readonly string[];
}

/** The least resumePlan reads of a unit (a report.json unit, or a finished run's unit). */
export interface ResumeUnitView {
  id: string;
  kind: 'task' | 'service' | 'build';
  status: string;
  needs: readonly string[];
  /** A unit taken over itself: the outputs it was handed on with. */
  outputs?: Readonly<Record<string, string>>;
  attempts: readonly { outcome?: { status?: string; outputs?: Record<string, string>; maskedOutputs?: string[] } }[];
}

export interface ResumePlan {
  /** Units to run again (tasks, builds, and the services those need). */
  rerun: Set<string>;
  /** Units taken over: their outputs (tasks) or none (services, builds). */
  taken: Map<string, Record<string, string>>;
  /** Tasks run again only because an output of theirs was masked. */
  masked: string[];
}

/** What a resumed run would do with `units` (a finished run's), by the rules above. */
export function resumePlan(units: readonly ResumeUnitView[]): ResumePlan {
  const byId = new Map(units.map((u) => [u.id, u]));
  const rerun = new Set<string>();
  const masked: string[] = [];
  for (const u of units) {
    if (u.kind === 'service') continue;
    if (u.status !== 'succeeded') rerun.add(u.id);
    else if (maskedOutputs(u).length > 0) {
      rerun.add(u.id);
      masked.push(u.id);
    }
  }
  // Downstream of what runs again: runs again (to a fixpoint; the graph has no cycles to run).
  for (let changed = true; changed; ) {
    changed = false;
    for (const u of units) {
      if (u.kind === 'service' || rerun.has(u.id)) continue;
      if (u.needs.some((n) => rerun.has(n))) {
        rerun.add(u.id);
        changed = true;
      }
    }
  }
  // Built images and services do not outlive a run: made again for what needs them.
  for (const id of [...rerun]) {
    for (const n of byId.get(id)?.needs ?? []) {
      const need = byId.get(n);
      if (need && (need.kind === 'build' || need.kind === 'service')) rerun.add(n);
    }
  }
  // A service may itself need a build (its image built in the run).
  for (const id of [...rerun]) {
    if (byId.get(id)?.kind !== 'service') continue;
    for (const n of byId.get(id)?.needs ?? []) if (byId.get(n)?.kind === 'build') rerun.add(n);
  }
  const taken = new Map<string, Record<string, string>>();
  for (const u of units) {
    if (rerun.has(u.id) || u.status !== 'succeeded') continue;
    taken.set(u.id, u.kind === 'task' ? recordedOutputs(u) : {});
  }
  return { rerun, taken, masked };
}

/** The outputs a succeeded unit handed on: its own if taken over, else its last attempt's. */
export function recordedOutputs(unit: ResumeUnitView): Record<string, string> {
  if (unit.outputs) return { ...unit.outputs };
  const last = unit.attempts[unit.attempts.length - 1];
  return { ...(last?.outcome?.outputs ?? {}) };
}

function maskedOutputs(unit: ResumeUnitView): string[] {
  if (unit.outputs) return [];
  return unit.attempts[unit.attempts.length - 1]?.outcome?.maskedOutputs ?? [];
}

/** The file's volumes the units in `ids` mount (tasks and services), in the file's order. */
export function volumesOf(graph: Graph, ids: ReadonlySet<string>, declared: readonly string[]): string[] {
  const used = new Set<string>();
  for (const unit of graph.units) {
    if (!ids.has(unit.id)) continue;
    for (const mount of unit.spec.volumes) if (mount.kind === 'volume') used.add(mount.source);
  }
  return declared.filter((name) => used.has(name));
}

/** `sha256:<hex>` of the batch file's text: what a resume compares. */
export function fileHash(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

/** A run id as runBatch makes and accepts them: one path segment. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** report.json larger than this is not read (a run of 100,000 units stays well below). */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** A run found to resume. */
export interface FoundRun {
  runId: string;
  document: RunDocument;
}

/**
 * The run to resume: `runId` under `runsDir`, or (none given) the newest run there of the batch
 * file `path` (leaving out runs refused before any unit started). Throws a `GantryError` (exit 2) for an id that is not a run folder there, a run of
 * another file, a report that cannot be read, or no run of this file at all.
 */
export function findResumable(runsDir: string, path: string, runId: string | undefined, cwd: string): FoundRun {
  const shown = relative(cwd, runsDir) || '.';
  const hint = `\`gantry logs --list --file ${relative(cwd, path) || path}\` lists the runs of this file.`;
  if (runId !== undefined) {
    if (!RUN_ID.test(runId)) throw new GantryError('resume-unknown-run', `--resume ${JSON.stringify(runId)} is not a run id (letters, digits, "_", "." and "-").`, undefined, hint);
    const document = readReport(join(runsDir, runId, 'report.json'));
    if (document === 'missing') throw new GantryError('resume-unknown-run', `No run ${runId} in ${shown}.`, undefined, hint);
    if (document === 'unreadable') throw new GantryError('resume-unreadable', `The report of run ${runId} (${shown}/${runId}/report.json) cannot be read as a Gantry report.`);
    if (resolve(document.file) !== resolve(path)) {
      throw new GantryError('resume-other-file', `Run ${runId} ran ${document.file}, not ${path}: resume it with that file.`);
    }
    return { runId, document };
  }
  let names: string[] = [];
  try {
    names = readdirSync(runsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && RUN_ID.test(e.name))
      .map((e) => e.name)
      .sort()
      .reverse();
  } catch {
    // No runs folder: no run.
  }
  for (const name of names) {
    const document = readReport(join(runsDir, name, 'report.json'));
    if (typeof document !== 'object' || resolve(document.file) !== resolve(path)) continue;
    // A run refused before anything started (a resume whose volumes were gone, say) is no run to resume.
    if (!document.complete && document.units.every((u) => u.status === 'pending')) continue;
    return { runId: name, document };
  }
  throw new GantryError('resume-no-run', `No run of ${relative(cwd, path) || path} in ${shown} to resume.`, undefined, 'Run the file first.');
}

function readReport(file: string): RunDocument | 'missing' | 'unreadable' {
  // The run folder and the folders above it must be real folders: a link planted there (a fork
  // can commit one) would have us read a report from anywhere.
  for (let dir = dirname(file), i = 0; i < 3; dir = dirname(dir), i++) {
    try {
      if (!lstatSync(dir).isDirectory()) return 'missing';
    } catch {
      return 'missing';
    }
  }
  const bytes = readRegularFile(file, MAX_REPORT_BYTES);
  if (!bytes) return 'missing';
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as unknown;
    if (isResumableReport(doc)) return doc;
  } catch {
    // Torn or not ours.
  }
  return 'unreadable';
}

/**
 * report.json is read as untrusted data: a checkout (a fork's pull request) can hold a
 * `.gantry/runs/<run>/report.json` Gantry never wrote. Every field resuming reads must have the
 * shape Gantry writes, or the report is not used at all.
 */
function isResumableReport(doc: unknown): doc is RunDocument {
  if (!isRecord(doc) || doc.gantry !== 1 || typeof doc.file !== 'string' || !Array.isArray(doc.units)) return false;
  if (doc.complete !== undefined && typeof doc.complete !== 'boolean') return false;
  if (doc.result !== undefined && typeof doc.result !== 'string') return false;
  if (doc.fileHash !== undefined && typeof doc.fileHash !== 'string') return false;
  if (doc.only !== undefined && !isStringArray(doc.only)) return false;
  if (doc.keptVolumes !== undefined) {
    if (!isRecord(doc.keptVolumes)) return false;
    for (const kept of Object.values(doc.keptVolumes)) {
      if (!isRecord(kept) || typeof kept.volume !== 'string' || typeof kept.run !== 'string') return false;
    }
  }
  return doc.units.every(isResumableUnit);
}

function isResumableUnit(u: unknown): boolean {
  if (!isRecord(u) || typeof u.id !== 'string' || typeof u.status !== 'string') return false;
  if (u.kind !== 'task' && u.kind !== 'service' && u.kind !== 'build') return false;
  if (!isStringArray(u.needs) || !Array.isArray(u.attempts)) return false;
  if (u.outputs !== undefined && !isStringRecord(u.outputs)) return false;
  if (u.resumedFrom !== undefined && (typeof u.resumedFrom !== 'string' || !RUN_ID.test(u.resumedFrom))) return false;
  for (const a of u.attempts) {
    if (!isRecord(a)) return false;
    if (a.outcome === undefined) continue;
    if (!isRecord(a.outcome)) return false;
    if (a.outcome.status !== undefined && typeof a.outcome.status !== 'string') return false;
    if (a.outcome.outputs !== undefined && !isStringRecord(a.outcome.outputs)) return false;
    if (a.outcome.maskedOutputs !== undefined && !isStringArray(a.outcome.maskedOutputs)) return false;
  }
  return true;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** Most bytes of outputs a taken-over task hands on (what a task's `$GANTRY_OUTPUT` is read up to). */
const MAX_TAKEN_OUTPUTS = 1024 * 1024;

/** What to do about a found run: nothing (it succeeded), or resume it with this setting. */
export type ResumeDecision =
  | { kind: 'nothing'; why: string }
  | { kind: 'resume'; setting: ResumeSetting; plan: ResumePlan };

/**
 * Checks that `found` can be resumed with the file as it is now (`hash` of its text, `graph`
 * after the run's own `--only`, its `volumes:`), and works out what to take over. Throws a
 * `GantryError` (exit 2) when it cannot: the run had not finished, the file changed, a volume
 * a taken-over unit wrote into was not kept.
 */
export function decideResume(found: FoundRun, hash: string, graph: Graph, declaredVolumes: readonly string[]): ResumeDecision {
  const { runId, document } = found;
  if (!document.complete || document.result === 'running') {
    throw new GantryError('resume-incomplete', `Run ${runId} did not finish (its report is partial: it was killed, or still runs), so it cannot be resumed.`, undefined, 'Run the file in full.');
  }
  if (document.fileHash === undefined) {
    throw new GantryError('resume-no-hash', `Run ${runId} recorded no hash of its batch file (an older Gantry made it), so it cannot be resumed.`, undefined, 'Run the file in full.');
  }
  if (document.fileHash !== hash) {
    throw new GantryError(
      'resume-file-changed',
      `${document.file} changed since run ${runId}: a resumed run must run the same file, byte for byte, as the run it takes results from.`,
      undefined,
      'Run the file in full (or undo the change to resume).',
    );
  }
  // The same file and the same --only give the same units; anything else is not the same run.
  const ids = new Set(graph.units.map((u) => u.id));
  if (document.units.length !== ids.size || document.units.some((u) => !ids.has(u.id))) {
    throw new GantryError('resume-file-changed', `The units of ${document.file} are not those of run ${runId}, so it cannot be resumed.`, undefined, 'Run the file in full.');
  }
  if (document.result === 'success') return { kind: 'nothing', why: `run ${runId} succeeded: nothing to resume` };
  const plan = resumePlan(document.units);
  if (plan.rerun.size === 0) return { kind: 'nothing', why: `every unit of run ${runId} succeeded: nothing to resume` };
  const kept = document.keptVolumes ?? {};
  const takenIds = new Set(plan.taken.keys());
  // A volume a unit to run again mounts, not kept, that a taken-over unit wrote into: its files
  // are gone, and the unit would find an empty volume where the first run had them.
  const lost = volumesOf(graph, plan.rerun, declaredVolumes).filter((name) => !Object.hasOwn(kept, name) && volumesOf(graph, takenIds, declaredVolumes).includes(name));
  if (lost.length > 0) {
    throw new GantryError(
      'resume-volume-gone',
      `Cannot resume run ${runId}: it kept no volume ${lost.join(', ')} (a run keeps its volumes only when something failed), and units taken over from it wrote there.`,
      undefined,
      'Run the file in full.',
    );
  }
  const volumes: Record<string, KeptVolume> = {};
  const spare = new Set<string>();
  for (const name of declaredVolumes) {
    if (!Object.hasOwn(kept, name)) continue;
    const { volume, run } = kept[name];
    // Only a volume a run made for this name (`gantry-<run>-<name>`): the report is not trusted,
    // and any other volume of the engine would be mounted into the run — and removed at its end.
    if (!RUN_ID.test(run) || volume !== engineName('gantry', run, name)) {
      throw new GantryError(
        'resume-unreadable',
        `Run ${runId} names ${JSON.stringify(volume).slice(0, 120)} as its kept volume ${name}, which is not a volume a Gantry run keeps for it (gantry-<run>-${name}): refusing to mount it.`,
        undefined,
        'Run the file in full.',
      );
    }
    volumes[name] = { volume, run };
    spare.add(run);
  }
  const taken = new Map<string, TakenUnit>();
  const byId = new Map(document.units.map((u) => [u.id, u]));
  const unitsById = graph.byId;
  for (const [id, recorded] of plan.taken) {
    // Only the outputs the task declares, as a task's own are read, and no more of them than a
    // task can write.
    const declared = unitsById.get(id)?.spec.outputs?.map((o) => o.name) ?? [];
    const outputs: Record<string, string> = {};
    let bytes = 0;
    for (const name of declared) {
      if (!Object.hasOwn(recorded, name)) continue;
      bytes += Buffer.byteLength(name) + Buffer.byteLength(recorded[name]);
      if (bytes > MAX_TAKEN_OUTPUTS) {
        throw new GantryError('resume-unreadable', `The outputs run ${runId} recorded for ${id} are larger than a task can write: refusing to hand them on.`, undefined, 'Run the file in full.');
      }
      outputs[name] = recorded[name];
    }
    // In a chain of resumes a unit keeps the run where it really ran.
    const from = byId.get(id)?.resumedFrom ?? runId;
    taken.set(id, { outputs, reason: `succeeded in run ${from}, not run again`, from });
  }
  return { kind: 'resume', plan, setting: { runId, taken, volumes, spare: [...spare] } };
}

/**
 * Whether a run that ended with `units` keeps volumes for `--resume`: only when a unit failed
 * (not allowed to). Then which of the file's volumes: those the units to run again mount.
 */
export function volumesToKeep(
  units: readonly (ResumeUnitView & { allowFailure?: boolean })[],
  graph: Graph,
  declared: readonly string[],
): string[] {
  const failed = units.some((u) => ['failed', 'oom', 'timeout', 'killed'].includes(u.status) && !u.allowFailure);
  if (!failed) return [];
  return volumesOf(graph, resumePlan(units).rerun, declared);
}
