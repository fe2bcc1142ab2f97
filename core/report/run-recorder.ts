/**
 * Builds the run document (report.json's content) from the scheduler's events as they come, then
 * from the final `RunResult`. Pure: the caller decides when to write it out.
 */
import type { ResourceUsage, RunResult, ScheduleEvent } from '../executor';
import type { Capacity, Graph } from '../model';
import { RUN_DOCUMENT_VERSION } from './run-document';
import type { NodeDocument, PredictionDocument, RunDocument, UnitDocument } from './run-document';
import { actualCriticalPath } from './critical-path';

export interface RunRecorderInit {
  runId: string;
  instance: string;
  file: string;
  name?: string;
  startedAt: Date;
  capacity: Capacity;
  graph: Graph;
  only?: string[];
  prediction?: PredictionDocument;
  /** The engine's name (`docker`, `swarm`). */
  engine?: string;
  /** The nodes packed onto, when more than one. */
  nodes?: NodeDocument[];
}

export class RunRecorder {
  readonly document: RunDocument;
  private readonly byId = new Map<string, UnitDocument>();

  constructor(init: RunRecorderInit) {
    const units = init.graph.units.map(
      (u): UnitDocument => ({
        id: u.id,
        kind: u.kind,
        name: u.spec.name,
        status: 'pending',
        needs: [...u.needs],
        cpus: u.cpus,
        memory: u.memory,
        estimate: u.estimate,
        estimated: u.spec.estimate !== undefined,
        allowFailure: u.allowFailure,
        attempts: [],
      }),
    );
    for (const unit of units) this.byId.set(unit.id, unit);
    this.document = {
      gantry: RUN_DOCUMENT_VERSION,
      complete: false,
      runId: init.runId,
      instance: init.instance,
      file: init.file,
      ...(init.name !== undefined ? { name: init.name } : {}),
      startedAt: init.startedAt.toISOString(),
      updatedAt: init.startedAt.toISOString(),
      capacity: init.capacity,
      ...(init.engine ? { engine: init.engine } : {}),
      ...(init.nodes && init.nodes.length > 1 ? { nodes: init.nodes } : {}),
      ...(init.only ? { only: init.only } : {}),
      ...(init.prediction ? { prediction: init.prediction } : {}),
      result: 'running',
      makespan: 0,
      units,
    };
  }

  /** Folds one scheduler event into the document. */
  apply(event: ScheduleEvent, now: Date = new Date()): void {
    this.document.updatedAt = now.toISOString();
    if (event.type === 'run-end') {
      this.document.result = event.result;
      return;
    }
    const unit = this.byId.get(event.unit);
    if (!unit) return;
    this.document.makespan = Math.max(this.document.makespan, event.at);
    switch (event.type) {
      case 'ready':
        if (unit.status === 'pending') unit.status = 'ready';
        break;
      case 'attempt-start':
        unit.status = 'running';
        unit.start ??= event.at;
        unit.attempts.push({ number: event.attempt, start: event.at, memory: event.memory });
        if (event.node !== undefined) unit.node = event.node;
        break;
      case 'attempt-end': {
        const attempt = unit.attempts.find((a) => a.number === event.attempt);
        if (attempt) {
          attempt.end = event.at;
          attempt.outcome = event.outcome;
        }
        unit.status = event.willRetry ? 'retrying' : event.outcome.status;
        unit.end = event.at;
        if (event.outcome.cached && event.outcome.status === 'succeeded') unit.cachedFrom = event.outcome.cached.run;
        break;
      }
      case 'service-start':
        unit.status = 'running';
        unit.start ??= event.at;
        if (event.node !== undefined) unit.node = event.node;
        break;
      case 'service-healthy':
        unit.healthy = event.at;
        break;
      case 'service-stop':
        unit.end = event.at;
        if (event.failed) unit.reason = event.failed;
        if (event.usage) unit.usage = unit.usage ? mergeUsage(unit.usage, event.usage) : event.usage;
        break;
      case 'unit-end':
        unit.status = event.status;
        if (event.reason) unit.reason = event.reason;
        if (unit.start !== undefined) unit.end ??= event.at;
        break;
    }
  }

  /** Records where an attempt's full log is (relative to the run folder). */
  setLog(unitId: string, attempt: number, relativePath: string, tail?: string[]): void {
    const record = this.byId.get(unitId)?.attempts.find((a) => a.number === attempt);
    if (!record) return;
    record.log = relativePath;
    if (tail) record.logTail = tail;
  }

  /** Records where a service's log is (relative to the run folder) and its last lines. */
  setServiceLog(unitId: string, relativePath: string, tail?: string[]): void {
    const unit = this.byId.get(unitId);
    if (!unit || unit.kind !== 'service') return;
    unit.log = relativePath;
    if (tail) unit.logTail = tail;
  }

  /** Stops the run early with a reason (an engine error, a crash of Gantry itself). */
  fail(message: string): void {
    this.document.error = message;
  }

  /**
   * The final document: the scheduler's result is authoritative for statuses, times and usage;
   * what the events added (log paths, service health times) is kept.
   */
  finish(result: RunResult, now: Date = new Date()): RunDocument {
    const doc = this.document;
    for (const r of result.units) {
      const unit = this.byId.get(r.id);
      if (!unit) continue;
      unit.status = r.status;
      if (r.reason !== undefined) unit.reason = r.reason;
      if (r.start !== undefined) unit.start = r.start;
      if (r.end !== undefined) unit.end = r.end;
      unit.cpus = r.cpus;
      unit.memory = r.memory;
      unit.attempts = r.attempts.map((a) => {
        const seen = unit.attempts.find((x) => x.number === a.number);
        return {
          number: a.number,
          start: a.start,
          end: a.end,
          memory: a.memory,
          outcome: a.outcome,
          ...(seen?.log !== undefined ? { log: seen.log } : {}),
          ...(seen?.logTail !== undefined ? { logTail: seen.logTail } : {}),
        };
      });
    }
    // Anything the scheduler never reported on did not run.
    for (const unit of doc.units) {
      if (unit.status === 'pending' || unit.status === 'ready' || unit.status === 'running' || unit.status === 'retrying') {
        unit.status = result.result === 'cancelled' ? 'cancelled' : 'skipped';
      }
    }
    doc.result = result.result;
    doc.makespan = result.makespan;
    doc.criticalPath = actualCriticalPath(doc.units);
    doc.complete = true;
    doc.updatedAt = now.toISOString();
    return doc;
  }
}

/** Two stretches of one service (stopped and started again): the higher peak, the CPU added up. */
export function mergeUsage(a: ResourceUsage, b: ResourceUsage): ResourceUsage {
  const higher = b.peakMemory > a.peakMemory ? b : a;
  return {
    peakMemory: higher.peakMemory,
    cpuSeconds: Math.round((a.cpuSeconds + b.cpuSeconds) * 1000) / 1000,
    ...(higher.peakSource ? { peakSource: higher.peakSource } : {}),
    workingSet: Math.max(a.workingSet ?? 0, b.workingSet ?? 0),
    samples: (a.samples ?? 0) + (b.samples ?? 0),
    cpuRates: [...(a.cpuRates ?? []), ...(b.cpuRates ?? [])],
    ...(a.hostBusy && b.hostBusy ? { hostBusy: [...a.hostBusy, ...b.hostBusy] } : {}),
  };
}
