/**
 * The catalogue of every key a batch file may contain, per context: the one source of key
 * documentation. The parser reads it to spot unknown keys (and suggest the right one), the
 * language server for completion and hover, and `schema/generate.ts` turns it into
 * `schema/gantry.schema.json` and the key tables of `docs/batch-file.md` — a test keeps all
 * three in step.
 *
 * Descriptions are Markdown, written for the person editing the file.
 */
import { ENGINES } from './model';

/** Where a key can appear. `volume` is the value of one entry under `volumes:`. */
export type KeyContext = 'top' | 'capacity' | 'defaults' | 'volume' | 'service' | 'task' | 'health' | 'retries' | 'build' | 'cache';

export const KEY_CONTEXTS: readonly KeyContext[] = [
  'top',
  'capacity',
  'defaults',
  'volume',
  'service',
  'task',
  'health',
  'retries',
  'build',
  'cache',
];

/** What a key's value is, which decides how it is parsed and how the schema describes it. */
export type ValueKind =
  /** The number 1. */
  | 'version'
  /** A string (numbers and booleans are read as the text they show). */
  | 'string'
  | 'boolean'
  /** A whole number, at least `minimum`. */
  | 'integer'
  /** Any number, at least `minimum`. */
  | 'number'
  /** See core/quantity.ts. */
  | 'cpus'
  | 'memory'
  /**
   * See core/duration.ts. Every duration key but `estimate` becomes a timer, so the parser refuses
   * one longer than MAX_TIMER_MS (596h31m23.647s) with `duration-too-long` (core/parse-codes.ts).
   */
  | 'duration'
  /** A list of strings. */
  | 'string-list'
  /** An argument list, or one string split into arguments as docker compose splits it (no shell). */
  | 'command'
  /** A mapping of environment variable names to strings, or a list of `KEY=VALUE` (docker compose's form). */
  | 'env'
  /** One of `values`. */
  | 'enum'
  /** A list of `source:target[:ro]` strings. */
  | 'mounts'
  /** A mapping of axis names to non-empty lists of scalars. */
  | 'matrix'
  /** A list of variable names, or a mapping of variable names to `env` or `file`. */
  | 'secrets'
  /** A whole number of retries, or a mapping of the `retries` context. */
  | 'retries'
  /** A context folder as a string, or a mapping of the `build` context. */
  | 'build'
  /** A path, or a list of paths (relative to the batch file's folder). */
  | 'paths'
  /** A mapping whose keys are those of the context `ref`. */
  | 'object'
  /** A mapping of names (`[a-z0-9][a-z0-9_-]*`) to mappings of the context `ref`. */
  | 'named';

export interface KeyDoc {
  key: string;
  kind: ValueKind;
  /** The type as a person reads it in hover and docs, e.g. `duration`, `list of names`. */
  type: string;
  /** Markdown. First sentence stands alone (completion shows it). */
  description: string;
  /** The documented default when the key is absent, as a person writes it. */
  default?: string;
  /** Allowed values for `enum` keys, best first. */
  values?: readonly string[];
  /** A YAML snippet showing the key in use. */
  example: string;
  /** For `object`, `named` and `retries`: the context of the nested keys. */
  ref?: KeyContext;
  /** For `integer` and `number`. */
  minimum?: number;
  required?: boolean;
}

/** The name rule shared by tasks, services and volumes. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const NAME_RULE = 'lower-case letters, digits, "-" and "_", starting with a letter or digit';
/** Environment variable and output names. */
export const VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Matrix axis names. */
export const MATRIX_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

// Keys that tasks, services and `defaults` share are written once and reused, so their
// documentation cannot drift apart.

const image: KeyDoc = {
  key: 'image',
  kind: 'string',
  type: 'string',
  description: 'Container image to run, e.g. `busybox` or `node:20`.',
  default: '`defaults.image`; required when there is none',
  example: 'image: node:20',
};

const build: KeyDoc = {
  key: 'build',
  kind: 'build',
  ref: 'build',
  type: 'folder or mapping',
  description:
    "Builds the image this unit runs, as docker compose does: a context folder relative to the batch file (`build: ./app`), or `{ context, dockerfile, args, target }`. The image is built once per run, before the units that use it, as a unit of the schedule (`build:NAME`, with its own log), tagged for this run only and removed after it. Units with the same build share it. Instead of `image`; takes no `${{ }}`. Under the `strict` policy the context must stay inside the batch file's folder.",
  default: 'none',
  example: 'build: { context: ./app, args: { VERSION: "1.2" }, target: test }',
};

const cpus: KeyDoc = {
  key: 'cpus',
  kind: 'cpus',
  type: 'cpus',
  description:
    'CPUs this container asks for: a number (fractions allowed) or millicores such as `"1500m"`. The scheduler only starts it when this much is free, and the container is limited to it.',
  default: '1',
  example: 'cpus: 0.5',
};

const memory: KeyDoc = {
  key: 'memory',
  kind: 'memory',
  type: 'memory',
  description:
    'Memory this container asks for and is limited to: bytes, or a number with `k`, `M`, `G`, `T` (powers of 1000) or `Ki`, `Mi`, `Gi`, `Ti` (powers of 1024).',
  default: '256Mi',
  example: 'memory: 512Mi',
};

const env: KeyDoc = {
  key: 'env',
  kind: 'env',
  type: 'mapping of strings, or list of KEY=VALUE',
  description:
    'Environment variables, as a mapping or (as docker compose allows) a list of `KEY=VALUE`. Merged over `defaults.env` (a task or service wins on the same name). Values may use `${{ matrix.KEY }}`, `${{ needs.TASK.outputs.NAME }}` and `${{ env.NAME }}` (a variable of the environment Gantry runs in; under the `strict` policy only those the workflow passes with `pass-env`).',
  default: '`defaults.env`, else none',
  example: 'env: { CI: "true", SHARD: "${{ matrix.shard }}" }',
};

const workdir: KeyDoc = {
  key: 'workdir',
  kind: 'string',
  type: 'absolute path',
  description: 'Working directory inside the container. Must be absolute.',
  default: "`defaults.workdir`, else the image's",
  example: 'workdir: /src',
};

const user: KeyDoc = {
  key: 'user',
  kind: 'string',
  type: 'string',
  description: 'User (and group) the command runs as: a name or `UID[:GID]`, as in `docker run --user`.',
  default: "`defaults.user`, else the image's",
  example: 'user: "1000:1000"',
};

const timeout: KeyDoc = {
  key: 'timeout',
  kind: 'duration',
  type: 'duration',
  description:
    'Longest an attempt may run; then it is killed and counts as a failure (and may be retried). Durations: `500ms`, `30s`, `5m`, `1h`, `1m30s`.',
  default: '`defaults.timeout`, else no limit',
  example: 'timeout: 10m',
};

const retries: KeyDoc = {
  key: 'retries',
  kind: 'retries',
  type: 'integer or mapping',
  ref: 'retries',
  description:
    'Extra attempts after a failure: a number, or `{ count, backoff, memory-factor }`. The backoff doubles before each further retry; after an out-of-memory kill the memory request grows by `memory-factor`.',
  default: '`defaults.retries`, else 0',
  example: 'retries: { count: 2, backoff: 1s, memory-factor: 2 }',
};

const run: KeyDoc = {
  key: 'run',
  kind: 'string',
  type: 'string',
  description:
    'Shell command, run with `sh -c`. Use either `run` or `command`, not both; with neither, the image\'s own command runs (as for a database service). May use `${{ matrix.KEY }}` and `${{ needs.TASK.outputs.NAME }}`.',
  example: 'run: make test',
};

const command: KeyDoc = {
  key: 'command',
  kind: 'command',
  type: 'list of strings, or a string',
  description:
    "Command as an argument list, run without a shell (the image's entrypoint, if any, comes first). One string is split into arguments as docker compose does (spaces separate, quotes group; `$VAR` and shell operators are refused: use `run` for a shell). Use either `run` or `command`, not both; with neither, the image's own command runs.",
  example: 'command: [make, test]',
};

const entrypoint: KeyDoc = {
  key: 'entrypoint',
  kind: 'command',
  type: 'list of strings, or a string',
  description: "Replaces the image's entrypoint, as an argument list (or one string, split as for `command`).",
  default: "the image's",
  example: 'entrypoint: [/bin/sh, -e, -c]',
};

const volumes: KeyDoc = {
  key: 'volumes',
  kind: 'mounts',
  type: 'list of mounts',
  description:
    'Mounts as `source:target[:ro]`. A source starting with `.` or `/` binds a host path (relative paths are relative to the batch file\'s folder); any other source names a volume from the top-level `volumes:`. Append `:ro` for read-only.',
  default: 'none',
  example: 'volumes: ["work:/work", ".:/src:ro"]',
};

const privileged: KeyDoc = {
  key: 'privileged',
  kind: 'boolean',
  type: 'boolean',
  description: 'Run the container privileged. Refused by the `strict` policy (files from forks).',
  default: 'false',
  example: 'privileged: true',
};

const network: KeyDoc = {
  key: 'network',
  kind: 'enum',
  type: '`host`',
  values: ['host'],
  description:
    "Use the host's network instead of the run's own network (where services are reachable by name). Refused by the `strict` policy.",
  default: "the run's own network",
  example: 'network: host',
};

const capAdd: KeyDoc = {
  key: 'cap-add',
  kind: 'string-list',
  type: 'list of strings',
  description: 'Linux capabilities to add, e.g. `NET_ADMIN`. Refused by the `strict` policy.',
  default: 'none',
  example: 'cap-add: [NET_ADMIN]',
};

const secrets: KeyDoc = {
  key: 'secrets',
  kind: 'secrets',
  type: 'list of names, or mapping of names to `env` | `file`',
  description:
    "Secrets from the caller's environment (the action step's `env:`, e.g. `NPM_TOKEN: ${{ secrets.NPM_TOKEN }}`; the shell or `--env-file` locally), by variable name. `[NAME]` gives the container the variable `NAME`; `{ NAME: file }` gives it the file `/run/secrets/NAME` instead (read-only, not in `docker inspect`). Their values are masked as `***` in logs, outputs and reports. A secret missing from the caller's environment is an error before anything runs; under the `strict` policy (forks) no secret is passed.",
  default: 'none',
  example: 'secrets: [NPM_TOKEN]',
};

const unitKeys: readonly KeyDoc[] = [
  image,
  build,
  run,
  command,
  entrypoint,
  env,
  workdir,
  user,
  cpus,
  memory,
  volumes,
  privileged,
  network,
  capAdd,
  secrets,
];

export const KEYS: Readonly<Record<KeyContext, readonly KeyDoc[]>> = {
  top: [
    {
      key: 'version',
      kind: 'version',
      type: '1',
      required: true,
      description: 'Version of the batch file format. Must be `1`.',
      example: 'version: 1',
    },
    {
      key: 'name',
      kind: 'string',
      type: 'string',
      description: 'Display name of the batch, shown in reports and the editor.',
      default: 'the file name',
      example: 'name: checks',
    },
    {
      key: 'capacity',
      kind: 'object',
      ref: 'capacity',
      type: 'mapping',
      description:
        "What the scheduler may use at once. Command-line flags override it; anything left out comes from the engine (or this machine's CPUs and memory).",
      default: "the engine's figures",
      example: 'capacity: { cpus: 2, memory: 4Gi, parallel: 8 }',
    },
    {
      key: 'defaults',
      kind: 'object',
      ref: 'defaults',
      type: 'mapping',
      description: 'Settings applied to every task and service unless it sets its own.',
      default: 'none',
      example: 'defaults: { image: busybox, memory: 256Mi, timeout: 10m }',
    },
    {
      key: 'env-file',
      kind: 'paths',
      type: 'path or list of paths',
      description:
        "A dotenv file beside the batch file, for local runs: its variables stand in for what a workflow step's `env:` gives, so `secrets:` and `${{ env.NAME }}` read them. A list is read in order, a later file winning; `gantry run --env-file` wins over these files, and the environment Gantry runs in wins over both (as with docker compose). Paths are relative to the batch file's folder. A missing file is a warning (`env-file-missing`: in CI the step's `env:` gives the values); a malformed one an error naming its line. Read by `gantry validate/plan/run` and the action, never by the editor. Under the `strict` policy the file must be a regular file inside the batch file's folder, not a link; strict still passes no secrets and only `pass-env` variables, whatever the file says. Keep it out of version control.",
      default: 'none',
      example: 'env-file: [.env, .env.local]',
    },
    {
      key: 'volumes',
      kind: 'named',
      ref: 'volume',
      type: 'mapping of names',
      description:
        'Named volumes that live for one run and are removed after it. Tasks and services mount them with `volumes: ["NAME:/path"]`.',
      default: 'none',
      example: 'volumes: { work: {} }',
    },
    {
      key: 'services',
      kind: 'named',
      ref: 'service',
      type: 'mapping of names',
      description:
        'Long-running containers (databases, servers) that tasks reach by name. A service starts when its first dependent is about to become ready, must pass its `health` check first, and stops when its last dependent finishes.',
      default: 'none',
      example: 'services: { db: { image: postgres:16, run: postgres } }',
    },
    {
      key: 'tasks',
      kind: 'named',
      ref: 'task',
      type: 'mapping of names',
      description: 'The containers to run to completion, as a graph linked by `needs`.',
      default: 'none',
      example: 'tasks: { build: { run: make } }',
    },
  ],
  capacity: [
    { ...cpus, description: 'CPUs available to the whole batch: a number or millicores such as `"1500m"`.', default: "the engine's CPUs", example: 'cpus: 4' },
    {
      ...memory,
      description:
        'Memory available to the whole batch: bytes, or a number with `k`, `M`, `G`, `T` (powers of 1000) or `Ki`, `Mi`, `Gi`, `Ti` (powers of 1024).',
      default: "the engine's memory",
      example: 'memory: 8Gi',
    },
    {
      key: 'parallel',
      kind: 'integer',
      minimum: 1,
      type: 'integer',
      description: 'Most containers running at once, services included.',
      default: 'no limit beyond cpus and memory',
      example: 'parallel: 8',
    },
    {
      key: 'engine',
      kind: 'enum',
      type: '`docker` | `swarm`',
      values: [...ENGINES],
      description:
        "Where the batch runs: `docker`, the Docker engine the client points at (`DOCKER_HOST`, one machine), or `swarm`, the Docker Swarm whose manager it points at. `gantry run --engine` and the action's `engine:` input win over it. Under the `strict` policy (files from forks) the file cannot choose `swarm`: only the workflow can (`policy-engine-swarm`).",
      default: '`docker`',
      example: 'engine: swarm',
    },
  ],
  defaults: [
    { ...image, default: 'none' },
    cpus,
    memory,
    { ...timeout, description: 'Default `timeout` of every task.', default: 'no limit' },
    { ...retries, description: 'Default `retries` of every task: a number, or `{ count, backoff, memory-factor }`.', default: '0' },
    { ...env, description: 'Environment variables of every task and service; theirs are merged over these.', default: 'none' },
    { ...workdir, default: "the image's" },
    { ...user, default: "the image's" },
  ],
  volume: [],
  service: [
    ...unitKeys,
    {
      key: 'health',
      kind: 'object',
      ref: 'health',
      type: 'mapping',
      description:
        'How to tell the service is ready: a command run inside it until it succeeds. Dependents start only once it is healthy. Without `health` the service counts as ready once started.',
      default: 'ready once started',
      example: 'health: { run: "pg_isready", interval: 1s, retries: 30 }',
    },
    {
      key: 'ports',
      kind: 'string-list',
      type: 'list of ports',
      description:
        'Publishes service ports on the host while the service runs, for local debugging: `"HOST:CONTAINER"` (on 127.0.0.1), or `"ADDRESS:HOST:CONTAINER"`, with `/udp` for UDP. Tasks do not need it: they reach a service by its name. Refused by the `strict` policy.',
      default: 'none',
      example: 'ports: ["8080:80"]',
    },
  ],
  task: [
    ...unitKeys,
    {
      key: 'needs',
      kind: 'string-list',
      type: 'list of names',
      description:
        'Tasks that must finish first (with the result `if` asks for) and services that must be healthy. A need on a matrix task waits for all of its expansions.',
      default: 'none',
      example: 'needs: [build, db]',
    },
    {
      key: 'matrix',
      kind: 'matrix',
      type: 'mapping of lists',
      description:
        'Runs the task once per combination of values, named like `test[shard=1]`. Use the values as `${{ matrix.KEY }}`.',
      default: 'none',
      example: 'matrix: { shard: [1, 2, 3] }',
    },
    {
      key: 'estimate',
      kind: 'duration',
      type: 'duration',
      description:
        'Expected duration of the work, used to plan the schedule (critical path first); plans add ~0.4 s per container for the engine to start it. Does not limit the task. Once `gantry run` has recorded successful runs of the task beside the file (`.gantry/history/`), the weighted median of its last 10 wins over this (`--no-history` ignores them). In a matrix, each expansion may have its own: `estimate: "${{ matrix.weight }}s"`.',
      default: '10s',
      example: 'estimate: 2m',
    },
    timeout,
    retries,
    {
      key: 'if',
      kind: 'enum',
      type: '`success` | `failure` | `always`',
      values: ['success', 'failure', 'always'],
      description:
        'When to run, given how the needs ended: `success` when all succeeded, `failure` when any failed, `always` in either case.',
      default: 'success',
      example: 'if: always',
    },
    {
      key: 'allow-failure',
      kind: 'boolean',
      type: 'boolean',
      description: 'A failure of this task does not fail the batch (its dependents still see it as failed).',
      default: 'false',
      example: 'allow-failure: true',
    },
    {
      key: 'outputs',
      kind: 'string-list',
      type: 'list of names',
      description:
        'Values this task publishes by appending `NAME=value` lines to the file named by `$GANTRY_OUTPUT`. Dependents read them as `${{ needs.TASK.outputs.NAME }}`.',
      default: 'none',
      example: 'outputs: [version]',
    },
    {
      key: 'cache',
      kind: 'object',
      ref: 'cache',
      type: 'mapping',
      description:
        "Skips the task when an earlier success had the same inputs: its image (the engine's image ID), resolved command, entrypoint, workdir, user and env (secrets by hash), the content of the `key` files and its needs' outputs. A hit restores its outputs (and its `paths` into the run's volumes) and the reports show it `cached (from RUN)`. Stored in `.gantry/cache/` beside the batch file; `gantry run --no-cache` runs everything. See \"Task cache\" in docs/batch-file.md.",
      default: 'none (the task always runs)',
      example: 'cache: { key: [package-lock.json, "src/**"], paths: [/work/node_modules] }',
    },
  ],
  health: [
    {
      ...run,
      description: 'Health check as a shell command, run inside the service with `sh -c`; exit code 0 means healthy. Use either `run` or `command`.',
      example: 'run: wget -q -O- http://localhost:8080/',
    },
    { ...command, description: 'Health check as an argument list, run inside the service without a shell. Use either `run` or `command`.', example: 'command: [pg_isready]' },
    { key: 'interval', kind: 'duration', type: 'duration', description: 'Time between checks.', default: '1s', example: 'interval: 2s' },
    { key: 'timeout', kind: 'duration', type: 'duration', description: 'Longest one check may take; longer counts as unhealthy.', default: '5s', example: 'timeout: 2s' },
    {
      key: 'retries',
      kind: 'integer',
      minimum: 0,
      type: 'integer',
      description: 'Failed checks (after the start period) before the service is declared unhealthy and its dependents fail.',
      default: '30',
      example: 'retries: 60',
    },
    {
      key: 'start-period',
      kind: 'duration',
      type: 'duration',
      description: 'Grace time after start during which failed checks do not count.',
      default: '0s',
      example: 'start-period: 10s',
    },
  ],
  build: [
    {
      key: 'context',
      kind: 'string',
      type: 'folder',
      required: true,
      description:
        "The folder sent to the engine to build from, relative to the batch file's folder. Its `.dockerignore` is honoured (patterns, `**`, `!` exceptions); links are sent as links, never followed, and FIFOs, sockets and devices are left out.",
      example: 'context: ./app',
    },
    {
      key: 'dockerfile',
      kind: 'string',
      type: 'path',
      description: 'The Dockerfile, relative to the context and inside it.',
      default: '`Dockerfile`',
      example: 'dockerfile: docker/ci.Dockerfile',
    },
    {
      key: 'args',
      kind: 'env',
      type: 'mapping of strings',
      description: "Build arguments (`ARG` in the Dockerfile), as `docker build --build-arg`: a mapping, or a list of `KEY=VALUE`.",
      default: 'none',
      example: 'args: { VERSION: "1.2" }',
    },
    {
      key: 'target',
      kind: 'string',
      type: 'string',
      description: 'The stage of a multi-stage Dockerfile to build, as `docker build --target`.',
      default: 'the last stage',
      example: 'target: test',
    },
  ],
  cache: [
    {
      key: 'key',
      kind: 'paths',
      type: 'path, glob or list of them',
      description:
        "Files whose content is part of the cache key, relative to the batch file's folder: paths or globs (`*` and `?` within a name, `**` across folders). A folder stands for every file under it. A path or glob that matches no file is an error when the key is computed (`cache-key-missing`); links are refused under the `strict` policy, and read as the link's text otherwise (never followed).",
      default: 'none (the key is the image, command, env and needs\' outputs)',
      example: 'key: [package-lock.json, "src/**/*.ts"]',
    },
    {
      key: 'paths',
      kind: 'string-list',
      type: 'list of paths',
      description:
        "Absolute paths inside the container, each inside one of the task's volumes: saved from the finished container after a success (at most 256 MiB per entry) and restored into the run's volume on a hit, before the task's dependents start.",
      default: 'none (only outputs are restored)',
      example: 'paths: [/work/node_modules]',
    },
  ],
  retries: [
    { key: 'count', kind: 'integer', minimum: 0, type: 'integer', description: 'Extra attempts after the first.', default: '0', example: 'count: 2' },
    {
      key: 'backoff',
      kind: 'duration',
      type: 'duration',
      description: 'Wait before the first retry; doubled before each further one.',
      default: '1s',
      example: 'backoff: 5s',
    },
    {
      key: 'memory-factor',
      kind: 'number',
      minimum: 1,
      type: 'number',
      description: 'After an out-of-memory kill, the memory request is multiplied by this for the next attempt (capped at the capacity).',
      default: '1',
      example: 'memory-factor: 2',
    },
  ],
};

/** KEYS by context and key, built once: the parser looks up every key of a file. */
const KEY_INDEX = Object.fromEntries(
  Object.entries(KEYS).map(([context, docs]) => [context, new Map(docs.map((d) => [d.key, d]))]),
) as unknown as Readonly<Record<KeyContext, ReadonlyMap<string, KeyDoc>>>;

/** The documentation of `key` in `context`, if it is a key there. */
export function keyDoc(context: KeyContext, key: string): KeyDoc | undefined {
  return KEY_INDEX[context].get(key);
}

/** The keys of a context, in catalogue order (the order completion offers them). */
export function keyNames(context: KeyContext): string[] {
  return KEYS[context].map((k) => k.key);
}
