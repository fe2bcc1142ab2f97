/**
 * What the server knows about one version of one document, computed once and on demand:
 * validation (exactly `gantry validate`), the name index, and the predicted schedule (exactly
 * `gantry plan`). Each part is computed the first time a feature asks for it, so typing in a
 * large file pays for validation only, and hover or the preview pay for planning once.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expand } from '../../../core/expand';
import { estimatesFromHistory, withEstimates, type HistoryEstimate } from '../../../core/estimates';
import { readHistory } from '../../../core/host/history';
import type { Capacity, Graph, Policy } from '../../../core/model';
import { DEFAULT_START_OVERHEAD_MS, plan, type Plan } from '../../../core/plan';
import { validate, type ValidateResult } from '../../../core/validate';
import { predictCached, atNoTime, type CachePrediction } from '../../../core/run/cache-plan';
import { NameIndex } from './names';

export type PlannedUnit = Plan['units'][number];

export interface AnalysisOptions {
  policy: Policy;
  /** This machine's figures, for what the file leaves out. */
  machine: Partial<Capacity>;
  /**
   * The history's estimates for a document (see `historyEstimates`), when the caller keeps them
   * between versions; default: read for each version planned.
   */
  estimates?: (uri: string) => ReadonlyMap<string, HistoryEstimate>;
}

export class Analysis {
  private validatedResult?: ValidateResult;
  private indexed?: NameIndex | null;
  private expanded?: Graph | null;
  private planned?: Plan | null;
  private cachedTasks?: { cached: ReadonlyMap<string, CachePrediction>; makespan?: number };
  private split?: string[];
  private grouped?: Map<string, PlannedUnit[]>;

  /** The newest validated analysis of an earlier version, until this one is validated (see `result`). */
  private earlier?: ValidateResult;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    private readonly options: AnalysisOptions,
    /** The analysis this version replaces, if any: what it validated is reused where unchanged. */
    previous?: Analysis,
  ) {
    // Hold one validated result, never a chain of analyses.
    this.earlier = previous?.validatedResult ?? previous?.earlier;
  }

  get lines(): string[] {
    return (this.split ??= this.text.split(/\r?\n/));
  }

  /** True once validation ran; lets completion avoid starting it on a keystroke. */
  get validated(): boolean {
    return this.validatedResult !== undefined;
  }

  /**
   * `gantry validate` of this version. Tasks and services the edits since the earlier version
   * left as they were (before the change, or after it when it kept the lines) are taken over
   * from its validation rather than read again: the same model and problems (see Reuse in
   * core/parse.ts). Every check still runs on the whole file.
   */
  get result(): ValidateResult {
    if (!this.validatedResult) {
      this.validatedResult = validate(this.text, {
        policy: this.options.policy,
        machine: this.options.machine,
        baseDir: baseDirOf(this.uri),
        graph: false,
        reusable: true,
        previous: this.earlier,
      });
      this.earlier = undefined;
    }
    return this.validatedResult;
  }

  /** Names in the file; undefined when the file could not be read as a batch file at all. */
  get names(): NameIndex | undefined {
    if (this.indexed === undefined) {
      const file = this.result.file;
      this.indexed = file ? new NameIndex(file, this.lines) : null;
    }
    return this.indexed ?? undefined;
  }

  /**
   * The expanded graph, as `validate` would give it, with the estimates earlier runs recorded
   * beside the document (`.gantry/history/`, as `gantry plan` reads them); undefined while the
   * file has errors. Expanded on demand: typing pays for diagnostics only.
   */
  get graph(): Graph | undefined {
    if (this.expanded === undefined) {
      const file = this.result.file;
      const graph = file && this.errorCount === 0 ? expand(file).graph : null;
      const estimates = graph && (this.options.estimates ?? historyEstimates)(this.uri);
      this.expanded = graph ? (estimates?.size ? withEstimates(graph, estimates) : graph) : null;
    }
    return this.expanded ?? undefined;
  }

  /** True once the schedule was asked for (and so costs nothing more); lets the code lenses avoid planning on a request. */
  get planReady(): boolean {
    return this.planned !== undefined;
  }

  /** The predicted schedule; undefined while the file has errors (as `gantry plan` refuses then). */
  get schedule(): Plan | undefined {
    if (this.planned === undefined) {
      const graph = this.graph;
      const capacity = this.result.capacity;
      this.planned = graph && capacity ? plan(graph, capacity) : null;
    }
    return this.planned ?? undefined;
  }

  /**
   * The schedule per task or service name: a matrix task's expansions together, in graph
   * order. Empty while there is no schedule.
   */
  get scheduleByName(): Map<string, PlannedUnit[]> {
    if (!this.grouped) {
      this.grouped = new Map();
      const graph = this.graph;
      for (const unit of this.schedule?.units ?? []) {
        const name = graph?.byId.get(unit.id)?.spec.name ?? unit.id;
        const list = this.grouped.get(name);
        if (list) list.push(unit);
        else this.grouped.set(name, [unit]);
      }
    }
    return this.grouped;
  }

  /**
   * The task cache, as `gantry plan` says it: the tasks a run would likely take from
   * `.gantry/cache/` beside the document (cached if their images are unchanged), and the
   * makespan without them. Empty for a document not on disk or with errors.
   */
  get cached(): { cached: ReadonlyMap<string, CachePrediction>; makespan?: number } {
    if (!this.cachedTasks) {
      const graph = this.graph;
      const capacity = this.result.capacity;
      const baseDir = baseDirOf(this.uri);
      let cached: ReadonlyMap<string, CachePrediction> = new Map();
      if (graph && baseDir !== undefined && graph.units.some((u) => u.spec.cache !== undefined)) {
        try {
          cached = predictCached(graph, { baseDir, batchFile: fileURLToPath(this.uri), policy: this.options.policy });
        } catch {
          // The cache is a hint here: never a reason for no preview.
        }
      }
      this.cachedTasks = { cached, ...(cached.size > 0 && graph && capacity ? { makespan: plan(atNoTime(graph, cached), capacity).makespan } : {}) };
    }
    return this.cachedTasks;
  }

  get errorCount(): number {
    return this.result.diagnostics.filter((d) => d.severity === 'error').length;
  }
}

/**
 * The estimates earlier runs recorded beside the document (`.gantry/history/`, as `gantry plan`
 * reads them); empty for a document not on disk or without a history.
 */
export function historyEstimates(uri: string): ReadonlyMap<string, HistoryEstimate> {
  const baseDir = baseDirOf(uri);
  if (baseDir === undefined) return new Map();
  try {
    const { records } = readHistory(baseDir, fileURLToPath(uri));
    return records.length ? estimatesFromHistory(records, { startOverhead: DEFAULT_START_OVERHEAD_MS }) : new Map();
  } catch {
    return new Map();
  }
}

/** The folder host paths are relative to; undefined for documents not on disk (untitled, remote). */
function baseDirOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}
