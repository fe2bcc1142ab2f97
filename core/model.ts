/**
 * The batch file as Gantry understands it, after parsing and before matrix expansion.
 *
 * Every node that a user can point at keeps its source range, so validation, the language
 * server (definition, references, rename, hover) and reports can all refer back to the file.
 * Defaults from the file's `defaults:` block are already applied to each task and service.
 *
 * Units: cpus are plain numbers (1.5 = 1500m), memory is bytes, durations are milliseconds.
 */
import type { Range } from './diagnostics';

export type Condition = 'success' | 'failure' | 'always';

export type Policy = 'trusted' | 'strict';

/**
 * The engines a batch runs on: `docker`, the engine the Docker client points at (one machine), or
 * `swarm`, the Docker Swarm whose manager it points at. Chosen by `--engine` (the action's
 * `engine:` input), else the file's `capacity.engine`, else `docker` (core/surface/engines.ts).
 */
export type EngineName = 'docker' | 'swarm';

/** Every engine name, the default first. */
export const ENGINES: readonly EngineName[] = ['docker', 'swarm'];

/** Whether `value` names an engine. */
export function isEngineName(value: string): value is EngineName {
  return (ENGINES as readonly string[]).includes(value);
}

export interface Capacity {
  cpus: number;
  /** Bytes. */
  memory: number;
  /** Containers at once, services included. */
  parallel: number;
}

/** A name used somewhere, with the place it is written (a `needs` entry, a volume source, …). */
export interface NameRef {
  name: string;
  range: Range;
}

/**
 * A `${{ … }}` expression found in a string field. `path` is the dotted path split, e.g.
 * `['matrix', 'shard']` or `['needs', 'build', 'outputs', 'version']`.
 */
export interface Expression {
  /** The whole `${{ … }}` text as written. */
  text: string;
  path: string[];
  /** The range of the whole `${{ … }}` in the file. */
  range: Range;
  /** Ranges of each path segment, parallel to `path` (for completion, rename and references). */
  segmentRanges: Range[];
  /** The field it appears in, e.g. `run`, `env.SHARD`, `command[1]`. */
  field: string;
  /**
   * One expansion of a matrix task, `needs.test[shard=1].outputs.x` (or `needs['test[shard=1]']…`):
   * `shard=1` and the range of `[shard=1]`. `path[1]` stays the task's name.
   */
  expansion?: { selector: string; range: Range };
}

/** An entry of `secrets:`: the variable of the caller's environment, and how the container gets it. */
export interface SecretRef {
  name: string;
  /** `file`: /run/secrets/NAME (read-only, not in the container's environment); `env`: variable NAME. */
  as: 'env' | 'file';
  /** The name as written. */
  range: Range;
}

export interface Mount {
  /** `volume`: a named volume of the run; `bind`: a host path (source starts with `.` or `/`). */
  kind: 'volume' | 'bind';
  /** Volume name, or the host path as written. */
  source: string;
  /** Absolute path inside the container. */
  target: string;
  readOnly: boolean;
  range: Range;
  /** Range of the source part alone (for volume-name references). */
  sourceRange: Range;
}

/** One entry of `cache.key` or `cache.paths`, as written. */
export interface CacheEntry {
  value: string;
  range: Range;
}

/**
 * `cache:` of a task: `key` — files or globs relative to the batch file whose content is part of
 * the task's cache key; `paths` — absolute paths inside the task's volumes saved after a success
 * and restored into the run's volume on a hit (docs/batch-file.md, "Task cache").
 */
export interface CacheSpec {
  key: CacheEntry[];
  paths: CacheEntry[];
  range: Range;
}

export interface Retries {
  /** Extra attempts after the first. */
  count: number;
  /** Delay before the first retry, doubled for each further one (ms). */
  backoff: number;
  /** After an OOM, the memory request is multiplied by this (capped at capacity). */
  memoryFactor: number;
}

export interface HealthCheck {
  /** Shell command (`sh -c`), or argv. */
  run?: string;
  command?: string[];
  interval: number;
  timeout: number;
  retries: number;
  startPeriod: number;
  range: Range;
}

/** A service port published on the host (`ports: ["8080:80"]`). */
export interface PortMapping {
  /** Host address to publish on: 127.0.0.1 unless written. */
  address: string;
  host: number;
  container: number;
  protocol: 'tcp' | 'udp';
  /** The entry as written. */
  range: Range;
}

export interface MatrixAxis {
  key: string;
  keyRange: Range;
  /** Values as strings (numbers and booleans are written as YAML shows them). */
  values: string[];
  range: Range;
}

/**
 * `build:` of a task or service (core/fields-build.ts): the image it runs is built in the run,
 * once per distinct build, by a unit of its own (core/build-units.ts).
 */
export interface BuildSpec {
  /** The context folder as written (`./app`), relative to the batch file's folder. */
  context: string;
  /** The Dockerfile's path inside the context, as written; undefined: `Dockerfile`. */
  dockerfile?: string;
  /** `--build-arg`s, in the file's order. */
  args: Record<string, string>;
  /** The stage to build (`--target`); undefined: the last. */
  target?: string;
  /** The whole value. */
  range: Range;
  /** The context as written (the value itself for `build: ./app`). */
  contextRange: Range;
  dockerfileRange?: Range;
}

/** What a unit of the graph is: a task (one expansion), a service, or an image built in the run. */
export type UnitKind = 'task' | 'service' | 'build';

/** A task or a service, with defaults applied. Which key fills which field, and how: core/fields.ts. */
export interface UnitSpec {
  kind: 'task' | 'service';
  name: string;
  /** The mapping key (the name as written). */
  nameRange: Range;
  /** Key and value together. */
  range: Range;
  image: string;
  /** Run with `sh -c`. Exactly one of `run` and `command` is set for a valid file. */
  run?: string;
  command?: string[];
  entrypoint?: string[];
  env: Record<string, string>;
  workdir?: string;
  user?: string;
  privileged: boolean;
  /** `host`, or undefined for the run's own network. */
  network?: string;
  capAdd: string[];
  volumes: Mount[];
  cpus: number;
  /** Bytes. */
  memory: number;
  /** Expected duration for planning (ms); the scheduler assumes DEFAULT_ESTIMATE when unset. */
  estimate?: number;
  /**
   * `estimate` as written when it holds `${{ matrix.KEY }}` (`"${{ matrix.weight }}s"`): each
   * expansion's estimate is this text with its values, read as a duration at expansion.
   */
  estimateText?: string;
  /** ms; undefined = no limit. */
  timeout?: number;
  retries: Retries;
  needs: NameRef[];
  matrix: MatrixAxis[];
  if: Condition;
  allowFailure: boolean;
  outputs: NameRef[];
  /**
   * `secrets:`: values from the caller's environment this unit is given, by name, as an
   * environment variable or a file under /run/secrets/ (core/secrets.ts).
   */
  secrets: SecretRef[];
  /** `cache:` (tasks only): what the task's cache key reads and what a hit restores (core/cache-key.ts). */
  cache?: CacheSpec;
  /** Services only. */
  health?: HealthCheck;
  /** Services only: host ports published (`ports:`, core/fields-ports.ts). */
  ports?: PortMapping[];
  /** The image is built in the run from this (`build:`); `image` is then empty. */
  build?: BuildSpec;
  /** Every `${{ … }}` in this unit's string fields. */
  expressions: Expression[];
  /** Where each key of this unit is written (key range and value range), for hover and errors. */
  fields: Record<string, { key: Range; value: Range }>;
}

export interface VolumeSpec {
  name: string;
  nameRange: Range;
  range: Range;
}

/** One path of `env-file:`, as written (relative to the batch file's folder), and where. */
export interface EnvFileRef {
  path: string;
  range: Range;
}

export interface BatchFile {
  version: 1;
  name?: string;
  /** What the file says; flags and the engine fill in the rest. */
  capacity: Partial<Capacity>;
  /**
   * `capacity.engine`: the engine the file asks to run on, and where it says so. Absent when the
   * file does not say (the caller's `--engine`, else `docker`).
   */
  engine?: { name: EngineName; range: Range };
  /**
   * `env-file:` — dotenv files for local runs, in order (a later one wins). Read on the host only
   * (core/surface/env-file.ts); the editor judges the text. Empty when the key is absent.
   */
  envFiles: EnvFileRef[];
  volumes: VolumeSpec[];
  services: UnitSpec[];
  tasks: UnitSpec[];
}

/** Planning estimate for a task without `estimate:` (ms). */
export const DEFAULT_ESTIMATE = 10_000;

// ---------------------------------------------------------------------------------------------
// The expanded graph: what the scheduler runs.

/**
 * One schedulable thing: a task (one matrix expansion of it), a service, or the build of an image
 * (kind `build`, id `build:NAME`: see core/build-units.ts).
 */
export interface Unit {
  /** Display name and identity: `build`, `test[shard=1]`, `web`, `build:web`. Unique in the graph. */
  id: string;
  kind: UnitKind;
  /** The task or service it comes from; for a build, the first unit that uses the image. */
  spec: UnitSpec;
  /**
   * Its image is built in the run: `unit` is the id of the build unit (a need of this one), `spec`
   * what it builds. A build unit carries its own id.
   */
  build?: { unit: string; spec: BuildSpec };
  /** This expansion's matrix values (empty when the task has no matrix). */
  matrix: Record<string, string>;
  /** Unit ids this one waits for (a need on a matrix task becomes all its expansions). */
  needs: string[];
  cpus: number;
  memory: number;
  /** ms, DEFAULT_ESTIMATE when the file gives none; from history when a run recorded it (core/estimates.ts). */
  estimate: number;
  /**
   * Services: expected time from start to healthy (ms), from history; unset = 0. Plans hold the
   * service's dependents back this long (plus the start cost).
   */
  healthyAfter?: number;
  /** Set when `estimate` (a service: `healthyAfter`) comes from earlier runs: from how many. */
  history?: { runs: number };
  timeout?: number;
  retries: Retries;
  if: Condition;
  allowFailure: boolean;
  /** `image` with matrix values substituted. */
  image: string;
  /** `run` with matrix values substituted; `${{ needs… }}` stays until the attempt starts. */
  run?: string;
  command?: string[];
  env: Record<string, string>;
  /** `workdir` with matrix values substituted. */
  workdir?: string;
}

export interface Graph {
  /** In file order: services first, then tasks with their expansions in matrix order. */
  units: Unit[];
  byId: Map<string, Unit>;
}
