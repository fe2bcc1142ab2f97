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
import type { NodeCapacity } from '../../../core/backend';
import type { Capacity, Graph, Policy } from '../../../core/model';
import { DEFAULT_START_OVERHEAD_MS, plan, type Plan, type PlanOptions } from '../../../core/plan';
import { placeUnits, type Placement } from '../../../core/placement';
import { validate, type ValidateResult } from '../../../core/validate';
import { predictCached, atNoTime, type CachePrediction } from '../../../core/run/cache-plan';
import { NameIndex } from './names';
import type { SwarmAnswer } from './node-provider';

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
  /**
   * What the swarm answered when asked for its nodes (node-provider.ts), for a file with
   * `capacity.engine: swarm`: validated against the nodes (`exceeds-node`) and their sum, planned
   * with the placement and the swarm's start overhead, as `gantry plan` does. Default: not asked
   * (yet) — planned on this machine, as any other file.
   */
  swarm?: SwarmAnswer;
  /** Called each time a version's schedule is planned (`schedule`): tests count plans with it. Default: nothing. */
  onPlan?: (uri: string, version: number) => void;
}

/** How a file is planned: the capacity, the plan's options, the placement on several nodes. */
export interface PlanSetting {
  capacity: Capacity;
  options: PlanOptions;
  /** Set when the file runs on a swarm of more than one node. */
  placement?: Placement;
}

export class Analysis {
  private validatedResult?: ValidateResult;
  private indexed?: NameIndex | null;
  private expanded?: Graph | null;
  private planned?: Plan | null;
  private cachedTasks?: { cached: ReadonlyMap<string, CachePrediction>; makespan?: number };
  private split?: string[];
  private grouped?: Map<string, PlannedUnit[]>;
  private setting?: PlanSetting | null;

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
      const answer = this.options.swarm;
      const validateAs = (swarm: boolean, previous: ValidateResult | undefined) =>
        validate(this.text, {
          policy: this.options.policy,
          machine: swarm && answer?.ok ? totalOf(answer.nodes) : this.options.machine,
          ...(swarm && answer?.ok ? { nodes: answer.nodes } : {}),
          baseDir: baseDirOf(this.uri),
          graph: false,
          reusable: true,
          previous,
        });
      // The nodes apply to a file on the swarm only, which the text tells once read: guessed from
      // the word, validated again in the rare case the guess was wrong (`swarm` in a command).
      const guess = answer?.ok === true && this.text.includes('swarm');
      let result = validateAs(guess, this.earlier);
      if (answer?.ok && isSwarm(result) !== guess) result = validateAs(!guess, result);
      this.validatedResult = result;
      this.earlier = undefined;
    }
    return this.validatedResult;
  }

  /** Whether the file asks to run on a Docker Swarm (`capacity.engine: swarm`). */
  get onSwarm(): boolean {
    return isSwarm(this.result);
  }

  /**
   * The swarm's nodes this version was validated and planned against: set when the file runs on
   * a swarm and the swarm answered.
   */
  get nodes(): readonly NodeCapacity[] | undefined {
    const answer = this.options.swarm;
    return this.onSwarm && answer?.ok ? answer.nodes : undefined;
  }

  /**
   * One line for the preview's header when a file on the swarm is planned on this machine instead:
   * the swarm not asked yet, or not reachable. Undefined otherwise (and under `strict`, which
   * refuses the file's swarm).
   */
  get engineNotice(): string | undefined {
    if (!this.onSwarm || this.options.policy === 'strict') return undefined;
    const answer = this.options.swarm;
    if (!answer) return 'asking the swarm for its nodes: planned on this machine meanwhile';
    return answer.ok ? undefined : `swarm not reachable: planned on this machine (${answer.problem})`;
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
      const setting = this.planSetting;
      if (graph && setting) this.options.onPlan?.(this.uri, this.version);
      this.planned = graph && setting ? plan(graph, setting.capacity, setting.options) : null;
    }
    return this.planned ?? undefined;
  }

  /**
   * What the schedule is planned with, as `gantry plan` does (cli/plan.ts): on a swarm of several
   * nodes, each unit placed as the run will (core/placement.ts) in the nodes' sum; on the swarm,
   * its start overhead. Undefined while there is no graph or no capacity.
   */
  get planSetting(): PlanSetting | undefined {
    if (this.setting === undefined) {
      const graph = this.graph;
      const capacity = this.result.capacity;
      this.setting = graph && capacity ? settingFor(graph, capacity, this.nodes, this.onSwarm ? this.options.swarm : undefined) : null;
    }
    return this.setting ?? undefined;
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
      const setting = this.planSetting;
      const baseDir = baseDirOf(this.uri);
      let cached: ReadonlyMap<string, CachePrediction> = new Map();
      if (graph && baseDir !== undefined && graph.units.some((u) => u.spec.cache !== undefined)) {
        try {
          cached = predictCached(graph, { baseDir, batchFile: fileURLToPath(this.uri), policy: this.options.policy });
        } catch {
          // The cache is a hint here: never a reason for no preview.
        }
      }
      this.cachedTasks = { cached, ...(cached.size > 0 && graph && setting ? { makespan: plan(atNoTime(graph, cached), setting.capacity, setting.options).makespan } : {}) };
    }
    return this.cachedTasks;
  }

  get errorCount(): number {
    return this.result.diagnostics.filter((d) => d.severity === 'error').length;
  }
}

function isSwarm(result: ValidateResult): boolean {
  return result.file?.engine?.name === 'swarm';
}

/** The nodes' cpus and memory together: what a run on them packs against (as `BackendCapacity.total`). */
function totalOf(nodes: readonly NodeCapacity[]): Pick<Capacity, 'cpus' | 'memory'> {
  return { cpus: nodes.reduce((sum, node) => sum + node.capacity.cpus, 0), memory: nodes.reduce((sum, node) => sum + node.capacity.memory, 0) };
}

function settingFor(graph: Graph, capacity: Capacity, nodes: readonly NodeCapacity[] | undefined, swarm: SwarmAnswer | undefined): PlanSetting {
  const startOverhead = swarm?.ok ? swarm.startOverhead : undefined;
  const options: PlanOptions = startOverhead !== undefined ? { startOverhead } : {};
  if (!nodes || nodes.length < 2) return { capacity, options };
  // A unit that fits no node is an `exceeds-node` error already (no graph then); should placement
  // still refuse one, the plan is of the one pool rather than none.
  const placed = placeUnits(graph, nodes);
  if (placed.problems.length > 0) return { capacity, options };
  return {
    capacity: { ...totalOf(nodes), parallel: capacity.parallel },
    options: { ...options, placement: placed.placement },
    placement: placed.placement,
  };
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
