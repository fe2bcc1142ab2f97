/**
 * Messages between the Gantry language server and its clients beyond standard LSP.
 * Shared by extension/src/server and extension/src/client; any LSP client may use them too.
 */

/** Request: the DAG and predicted schedule of one open batch file, for the preview. */
export const PREVIEW_REQUEST = 'gantry/preview';

export interface PreviewParams {
  /** The document's URI as the client knows it. */
  uri: string;
}

export interface PreviewUnit {
  /** `build`, `test[shard=1]`, `web`, `build:web` (an image built in the run). */
  id: string;
  kind: 'task' | 'service' | 'build';
  /** The task or service name it comes from (for matrix expansions, the base name; a build's id). */
  name: string;
  needs: string[];
  /** Predicted start and end (ms from the start of the run). */
  start: number;
  end: number;
  cpus: number;
  /** Bytes. */
  memory: number;
  critical: boolean;
  /** How long it could slip without delaying the run (ms). */
  slack: number;
  /** Where the task or service is defined (zero-based line and character of its name). */
  line: number;
  character: number;
  /**
   * How the unit did in the file's newest finished run, beside its prediction, as the code lens
   * says it: "last run 4.1s · predicted 3.8s", "last run failed after 2s · predicted 3.8s". Missing
   * when there is no run or the unit was not in it. Plain text (show it as text).
   */
  lastRun?: string;
  /**
   * What became of it in that run (`PreviewData.lastRun`): `failed` stands for failed, out of
   * memory, timed out or killed. Missing when there is no run or the unit was not in it. The
   * preview's "failed (last run)" filter keeps the units whose status is `failed`.
   */
  lastStatus?: 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'unknown';
  /**
   * Its figure and where it came from, as hover says it: "estimate 4.2s (median of 7 earlier
   * runs)", "estimate 2m (from estimate:)", "healthy after 3s (the default)". Plain text.
   */
  estimate?: string;
  /**
   * The task cache: a run would likely not run this task — an earlier success in
   * `.gantry/cache/` matches it on everything but the image ID ("cached if the image is
   * unchanged") — and this is the run it came from. Missing otherwise.
   */
  cached?: string;
  /**
   * The node it would run on (a `PreviewData.nodes` id), when the plan has nodes: a file on a
   * Docker Swarm of several nodes. Missing otherwise.
   */
  node?: string;
  /**
   * Why it may run on the home node only ("shares volume cache with build", "its image is built in
   * the run"), as `gantry plan` says it; missing when it may run on any node. Plain text.
   */
  pinned?: string;
}

/** A node of the swarm a plan packs onto (`Plan.nodes`, core/plan.ts). */
export interface PreviewNode {
  id: string;
  /** For people: the engine's host name, on one line, at most 64 characters. Plain text. */
  name: string;
  cpus: number;
  /** Bytes. */
  memory: number;
  /** The node whose engine Gantry talks to: volumes and images built in the run live there. */
  home?: boolean;
}

export interface PreviewData {
  uri: string;
  /** Document version the data was computed from. */
  version: number;
  /**
   * Errors in the file. While there are any, the file has no schedule of its own: the schedule
   * fields then hold the last one computed without errors, from an earlier version, and `stale`
   * says so; with none to show, `units` is empty. `message` says what is wrong in a line (the
   * first error, or that there is nothing to schedule).
   */
  errors: number;
  message?: string;
  /**
   * While the file has errors: its problems, errors first, then warnings, each in file order — at
   * most `PREVIEW_PROBLEMS_MAX` (the Problems panel has them all); `moreProblems` counts the rest.
   */
  problems?: PreviewProblem[];
  moreProblems?: number;
  /**
   * Set when the schedule fields come from an earlier version of the file (the last one without
   * errors): `version` is that version. Its units' `line` and `character` are moved to where their
   * names are written now, as far as they can be found.
   */
  stale?: { version: number };
  /**
   * `parallel`: most containers at once. Unlimited unless the file or a flag sets it: the server's
   * Infinity, which JSON sends as null (core/format.ts's `formatCapacity` leaves it out).
   */
  capacity?: { cpus: number; memory: number; parallel: number | null };
  makespan?: number;
  lowerBound?: number;
  criticalPath?: string[];
  /** The predicted makespan (ms) when the units marked `cached` take no time; missing when none is. */
  makespanWithoutCached?: number;
  units: PreviewUnit[];
  /** The newest finished run of the file (`.gantry/runs/<runId>/`), whose times the units' `lastRun` give. */
  lastRun?: { runId: string; result: 'success' | 'failure' | 'cancelled' };
  /**
   * The nodes the units are placed on, when the file runs on a Docker Swarm (`capacity.engine:
   * swarm`) of more than one node: each unit then has its `node`, and `capacity` is the nodes'
   * sum. Missing with one node or none.
   */
  nodes?: PreviewNode[];
  /**
   * One line for the header when a file on the swarm is planned on this machine instead:
   * "swarm not reachable: planned on this machine (…)", or while the swarm is being asked. The
   * preview follows once the swarm answers. Plain text.
   */
  engineNotice?: string;
  /** Capacity used over time: a step function, one point per change. */
  profile: { t: number; cpus: number; memory: number; containers: number }[];
}

/** At most this many problems travel in PreviewData. */
export const PREVIEW_PROBLEMS_MAX = 50;

/** One problem of the file, as the Problems panel lists it (positions zero-based). */
export interface PreviewProblem {
  severity: 'error' | 'warning';
  message: string;
  code: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/**
 * Request: the few facts a status bar shows for one open batch file (cheap beside the preview's
 * data: no units). Params: PreviewParams. Result: SummaryData, or null for a document that is not
 * an open batch file.
 */
export const SUMMARY_REQUEST = 'gantry/summary';

export interface SummaryData {
  uri: string;
  version: number;
  errors: number;
  warnings: number;
  /** Tasks after matrix expansion; services. */
  tasks: number;
  services: number;
  /** The predicted makespan (ms); missing while the file has errors or nothing to schedule. */
  makespan?: number;
  /**
   * Set when `makespan` is that of an earlier version's plan (`version`: that version), because
   * this version's plan is still being made; a `gantry/summaryChanged` notification follows once
   * it is. The server plans each version at most once, whoever asks.
   */
  planOf?: { version: number };
}

/**
 * Notification server → client: the summary of a document changed — the plan that an earlier
 * `gantry/summary` answer stood in for (`planOf`) is made. Params: PreviewParams. Ask again.
 */
export const SUMMARY_CHANGED_NOTIFICATION = 'gantry/summaryChanged';

/**
 * Notification client → server: a run of a batch file started, finished or went away (a
 * `.gantry/runs/<run>/report.json` changed, or a Run Batch task ended). The server reads the newest
 * runs again and refreshes the code lenses and previews that show them. No params.
 */
export const RUNS_CHANGED_NOTIFICATION = 'gantry/runsChanged';

/** Notification server → client: the preview data of a document changed. Params: PreviewData. */
export const PREVIEW_CHANGED_NOTIFICATION = 'gantry/previewChanged';

/** The language id the extension gives batch files (package.json `contributes.languages`); YAML underneath. */
export const GANTRY_LANGUAGE = 'gantry';

/**
 * The names of batch files — `gantry.yml`, `gantry.yaml`, `*.gantry.yml`, `*.gantry.yaml` — as globs:
 * the client's document selector and the server's default filter.
 */
export const BATCH_FILE_GLOBS = ['**/gantry.yml', '**/gantry.yaml', '**/*.gantry.yml', '**/*.gantry.yaml'] as const;

/** A document filter as LSP defines it (`pattern` is a glob matched against the file path). */
export interface DocumentFilter {
  language?: string;
  scheme?: string;
  pattern?: string;
}

/**
 * `initializationOptions` the client may send. Every field is optional; a generic LSP editor
 * sends none and gets the defaults.
 */
export interface GantryInitializationOptions {
  /** The documents the server acts on. Default: `gantry.yml`, `gantry.yaml`, `*.gantry.yml`, `*.gantry.yaml`. */
  documentSelector?: DocumentFilter[];
  /** Delay between the last keystroke and new diagnostics (ms). Default: 200. */
  debounceMs?: number;
  /** Policy the file is checked against, as `gantry validate --policy`. Default: `trusted`. */
  policy?: 'trusted' | 'strict';
  /** Complete image names from the local Docker engine when it is reachable. Default: true. */
  dockerImages?: boolean;
}
