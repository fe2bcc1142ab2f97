#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  MountAt,
  NameAt,
  nodeSpan,
  suggest
} from "./chunk-6XMN7VUH.js";

// core/keys.ts
var NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
var NAME_RULE = 'lower-case letters, digits, "-" and "_", starting with a letter or digit';
var VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
var MATRIX_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
var image = {
  key: "image",
  kind: "string",
  type: "string",
  description: "Container image to run, e.g. `busybox` or `node:20`.",
  default: "`defaults.image`; required when there is none",
  example: "image: node:20"
};
var cpus = {
  key: "cpus",
  kind: "cpus",
  type: "cpus",
  description: 'CPUs this container asks for: a number (fractions allowed) or millicores such as `"1500m"`. The scheduler only starts it when this much is free, and the container is limited to it.',
  default: "1",
  example: "cpus: 0.5"
};
var memory = {
  key: "memory",
  kind: "memory",
  type: "memory",
  description: "Memory this container asks for and is limited to: bytes, or a number with `k`, `M`, `G`, `T` (powers of 1000) or `Ki`, `Mi`, `Gi`, `Ti` (powers of 1024).",
  default: "256Mi",
  example: "memory: 512Mi"
};
var env = {
  key: "env",
  kind: "env",
  type: "mapping of strings",
  description: "Environment variables. Merged over `defaults.env` (a task or service wins on the same name). Values may use `${{ matrix.KEY }}` and `${{ needs.TASK.outputs.NAME }}`.",
  default: "`defaults.env`, else none",
  example: 'env: { CI: "true", SHARD: "${{ matrix.shard }}" }'
};
var workdir = {
  key: "workdir",
  kind: "string",
  type: "absolute path",
  description: "Working directory inside the container. Must be absolute.",
  default: "`defaults.workdir`, else the image's",
  example: "workdir: /src"
};
var user = {
  key: "user",
  kind: "string",
  type: "string",
  description: "User (and group) the command runs as: a name or `UID[:GID]`, as in `docker run --user`.",
  default: "`defaults.user`, else the image's",
  example: 'user: "1000:1000"'
};
var timeout = {
  key: "timeout",
  kind: "duration",
  type: "duration",
  description: "Longest an attempt may run; then it is killed and counts as a failure (and may be retried). Durations: `500ms`, `30s`, `5m`, `1h`, `1m30s`.",
  default: "`defaults.timeout`, else no limit",
  example: "timeout: 10m"
};
var retries = {
  key: "retries",
  kind: "retries",
  type: "integer or mapping",
  ref: "retries",
  description: "Extra attempts after a failure: a number, or `{ count, backoff, memory-factor }`. The backoff doubles before each further retry; after an out-of-memory kill the memory request grows by `memory-factor`.",
  default: "`defaults.retries`, else 0",
  example: "retries: { count: 2, backoff: 1s, memory-factor: 2 }"
};
var run = {
  key: "run",
  kind: "string",
  type: "string",
  description: "Shell command, run with `sh -c`. Use either `run` or `command`, not both; with neither, the image's own command runs (as for a database service). May use `${{ matrix.KEY }}` and `${{ needs.TASK.outputs.NAME }}`.",
  example: "run: make test"
};
var command = {
  key: "command",
  kind: "string-list",
  type: "list of strings",
  description: "Command as an argument list, run without a shell (the image's entrypoint, if any, comes first). Use either `run` or `command`, not both; with neither, the image's own command runs.",
  example: "command: [make, test]"
};
var entrypoint = {
  key: "entrypoint",
  kind: "string-list",
  type: "list of strings",
  description: "Replaces the image's entrypoint, as an argument list.",
  default: "the image's",
  example: "entrypoint: [/bin/sh, -e, -c]"
};
var volumes = {
  key: "volumes",
  kind: "mounts",
  type: "list of mounts",
  description: "Mounts as `source:target[:ro]`. A source starting with `.` or `/` binds a host path (relative paths are relative to the batch file's folder); any other source names a volume from the top-level `volumes:`. Append `:ro` for read-only.",
  default: "none",
  example: 'volumes: ["work:/work", ".:/src:ro"]'
};
var privileged = {
  key: "privileged",
  kind: "boolean",
  type: "boolean",
  description: "Run the container privileged. Refused by the `strict` policy (files from forks).",
  default: "false",
  example: "privileged: true"
};
var network = {
  key: "network",
  kind: "enum",
  type: "`host`",
  values: ["host"],
  description: "Use the host's network instead of the run's own network (where services are reachable by name). Refused by the `strict` policy.",
  default: "the run's own network",
  example: "network: host"
};
var capAdd = {
  key: "cap-add",
  kind: "string-list",
  type: "list of strings",
  description: "Linux capabilities to add, e.g. `NET_ADMIN`. Refused by the `strict` policy.",
  default: "none",
  example: "cap-add: [NET_ADMIN]"
};
var unitKeys = [
  image,
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
  capAdd
];
var KEYS = {
  top: [
    {
      key: "version",
      kind: "version",
      type: "1",
      required: true,
      description: "Version of the batch file format. Must be `1`.",
      example: "version: 1"
    },
    {
      key: "name",
      kind: "string",
      type: "string",
      description: "Display name of the batch, shown in reports and the editor.",
      default: "the file name",
      example: "name: checks"
    },
    {
      key: "capacity",
      kind: "object",
      ref: "capacity",
      type: "mapping",
      description: "What the scheduler may use at once. Command-line flags override it; anything left out comes from the engine (or this machine's CPUs and memory).",
      default: "the engine's figures",
      example: "capacity: { cpus: 2, memory: 4Gi, parallel: 8 }"
    },
    {
      key: "defaults",
      kind: "object",
      ref: "defaults",
      type: "mapping",
      description: "Settings applied to every task and service unless it sets its own.",
      default: "none",
      example: "defaults: { image: busybox, memory: 256Mi, timeout: 10m }"
    },
    {
      key: "volumes",
      kind: "named",
      ref: "volume",
      type: "mapping of names",
      description: 'Named volumes that live for one run and are removed after it. Tasks and services mount them with `volumes: ["NAME:/path"]`.',
      default: "none",
      example: "volumes: { work: {} }"
    },
    {
      key: "services",
      kind: "named",
      ref: "service",
      type: "mapping of names",
      description: "Long-running containers (databases, servers) that tasks reach by name. A service starts when its first dependent is about to become ready, must pass its `health` check first, and stops when its last dependent finishes.",
      default: "none",
      example: "services: { db: { image: postgres:16, run: postgres } }"
    },
    {
      key: "tasks",
      kind: "named",
      ref: "task",
      type: "mapping of names",
      description: "The containers to run to completion, as a graph linked by `needs`.",
      default: "none",
      example: "tasks: { build: { run: make } }"
    }
  ],
  capacity: [
    { ...cpus, description: 'CPUs available to the whole batch: a number or millicores such as `"1500m"`.', default: "the engine's CPUs", example: "cpus: 4" },
    {
      ...memory,
      description: "Memory available to the whole batch: bytes, or a number with `k`, `M`, `G`, `T` (powers of 1000) or `Ki`, `Mi`, `Gi`, `Ti` (powers of 1024).",
      default: "the engine's memory",
      example: "memory: 8Gi"
    },
    {
      key: "parallel",
      kind: "integer",
      minimum: 1,
      type: "integer",
      description: "Most containers running at once, services included.",
      default: "no limit beyond cpus and memory",
      example: "parallel: 8"
    }
  ],
  defaults: [
    { ...image, default: "none" },
    cpus,
    memory,
    { ...timeout, description: "Default `timeout` of every task.", default: "no limit" },
    { ...retries, description: "Default `retries` of every task: a number, or `{ count, backoff, memory-factor }`.", default: "0" },
    { ...env, description: "Environment variables of every task and service; theirs are merged over these.", default: "none" },
    { ...workdir, default: "the image's" },
    { ...user, default: "the image's" }
  ],
  volume: [],
  service: [
    ...unitKeys,
    {
      key: "health",
      kind: "object",
      ref: "health",
      type: "mapping",
      description: "How to tell the service is ready: a command run inside it until it succeeds. Dependents start only once it is healthy. Without `health` the service counts as ready once started.",
      default: "ready once started",
      example: 'health: { run: "pg_isready", interval: 1s, retries: 30 }'
    }
  ],
  task: [
    ...unitKeys,
    {
      key: "needs",
      kind: "string-list",
      type: "list of names",
      description: "Tasks that must finish first (with the result `if` asks for) and services that must be healthy. A need on a matrix task waits for all of its expansions.",
      default: "none",
      example: "needs: [build, db]"
    },
    {
      key: "matrix",
      kind: "matrix",
      type: "mapping of lists",
      description: "Runs the task once per combination of values, named like `test[shard=1]`. Use the values as `${{ matrix.KEY }}`.",
      default: "none",
      example: "matrix: { shard: [1, 2, 3] }"
    },
    {
      key: "estimate",
      kind: "duration",
      type: "duration",
      description: "Expected duration of the work, used to plan the schedule (critical path first); plans add ~0.4 s per container for the engine to start it. Does not limit the task.",
      default: "10s",
      example: "estimate: 2m"
    },
    timeout,
    retries,
    {
      key: "if",
      kind: "enum",
      type: "`success` | `failure` | `always`",
      values: ["success", "failure", "always"],
      description: "When to run, given how the needs ended: `success` when all succeeded, `failure` when any failed, `always` in either case.",
      default: "success",
      example: "if: always"
    },
    {
      key: "allow-failure",
      kind: "boolean",
      type: "boolean",
      description: "A failure of this task does not fail the batch (its dependents still see it as failed).",
      default: "false",
      example: "allow-failure: true"
    },
    {
      key: "outputs",
      kind: "string-list",
      type: "list of names",
      description: "Values this task publishes by appending `NAME=value` lines to the file named by `$GANTRY_OUTPUT`. Dependents read them as `${{ needs.TASK.outputs.NAME }}`.",
      default: "none",
      example: "outputs: [version]"
    }
  ],
  health: [
    {
      ...run,
      description: "Health check as a shell command, run inside the service with `sh -c`; exit code 0 means healthy. Use either `run` or `command`.",
      example: "run: wget -q -O- http://localhost:8080/"
    },
    { ...command, description: "Health check as an argument list, run inside the service without a shell. Use either `run` or `command`.", example: "command: [pg_isready]" },
    { key: "interval", kind: "duration", type: "duration", description: "Time between checks.", default: "1s", example: "interval: 2s" },
    { key: "timeout", kind: "duration", type: "duration", description: "Longest one check may take; longer counts as unhealthy.", default: "5s", example: "timeout: 2s" },
    {
      key: "retries",
      kind: "integer",
      minimum: 0,
      type: "integer",
      description: "Failed checks (after the start period) before the service is declared unhealthy and its dependents fail.",
      default: "30",
      example: "retries: 60"
    },
    {
      key: "start-period",
      kind: "duration",
      type: "duration",
      description: "Grace time after start during which failed checks do not count.",
      default: "0s",
      example: "start-period: 10s"
    }
  ],
  retries: [
    { key: "count", kind: "integer", minimum: 0, type: "integer", description: "Extra attempts after the first.", default: "0", example: "count: 2" },
    {
      key: "backoff",
      kind: "duration",
      type: "duration",
      description: "Wait before the first retry; doubled before each further one.",
      default: "1s",
      example: "backoff: 5s"
    },
    {
      key: "memory-factor",
      kind: "number",
      minimum: 1,
      type: "number",
      description: "After an out-of-memory kill, the memory request is multiplied by this for the next attempt (capped at the capacity).",
      default: "1",
      example: "memory-factor: 2"
    }
  ]
};
var KEY_INDEX = Object.fromEntries(
  Object.entries(KEYS).map(([context, docs]) => [context, new Map(docs.map((d) => [d.key, d]))])
);
function keyDoc(context, key) {
  return KEY_INDEX[context].get(key);
}
function keyNames(context) {
  return KEYS[context].map((k) => k.key);
}

// core/yaml-nodes.ts
var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
function typeOf(node) {
  return node !== null && typeof node === "object" ? node[NODE_TYPE] : void 0;
}
var isAlias = (node) => typeOf(node) === ALIAS;
var isMap = (node) => typeOf(node) === MAP;
var isPair = (node) => typeOf(node) === PAIR;
var isScalar = (node) => typeOf(node) === SCALAR;
var isSeq = (node) => typeOf(node) === SEQ;

// core/fields-read.ts
var DEFAULT_CPUS = 1;
var DEFAULT_MEMORY = 256 * 1024 * 1024;
var DEFAULT_RETRIES = Object.freeze({ count: 0, backoff: 1e3, memoryFactor: 1 });
var DEFAULT_HEALTH = { interval: 1e3, timeout: 5e3, retries: 30, startPeriod: 0 };
var CONDITIONS = ["success", "failure", "always"];
var NONE = Object.freeze([]);
function exact(list) {
  return list.length === 0 ? NONE : list.slice();
}
var readImage = (r, f, what, ctx) => {
  const node = r.deref(f.value);
  const image2 = r.string(f, what, node);
  if (image2 !== void 0 && image2.trim() === "") r.report("wrong-type", `${what} must name an image, e.g. busybox.`, f.valueRange);
  else if (image2 !== void 0) ctx.out.image = image2;
  r.expressionsIn(node, "image", ctx.expressions);
};
function stringRule(key) {
  return (r, f, what, ctx) => {
    const node = r.deref(f.value);
    const value = r.string(f, what, node);
    if (value !== void 0) ctx.out[key] = value;
    r.expressionsIn(node, key, ctx.expressions);
  };
}
var readRun = stringRule("run");
var readUser = stringRule("user");
var readCommand = (r, f, what, ctx) => {
  const command2 = commandList(r, f, what, "command", ctx.expressions);
  if (command2) ctx.out.command = command2;
};
var readEntrypoint = (r, f, what, ctx) => {
  const entrypoint2 = commandList(r, f, what, "entrypoint", ctx.expressions);
  if (entrypoint2) ctx.out.entrypoint = entrypoint2;
};
var readEnv = (r, f, what, ctx) => {
  const env2 = envMapping(r, f, what, ctx.expressions, ctx.fields);
  ctx.out.env = ctx.kind === "defaults" ? env2 : Object.freeze({ ...ctx.defaults.env, ...env2 });
};
var readWorkdir = (r, f, what, ctx) => {
  const node = r.deref(f.value);
  const dir = r.string(f, what, node);
  if (dir !== void 0 && !dir.startsWith("/") && !dir.startsWith("${{")) {
    r.report("invalid-workdir", `${what} "${dir}" must be an absolute path inside the container, e.g. /work.`, f.valueRange);
  } else if (dir !== void 0) ctx.out.workdir = dir;
  r.expressionsIn(node, "workdir", ctx.expressions);
};
var readCpus = (r, f, what, ctx) => {
  const cpus2 = r.cpus(f, what);
  if (cpus2 !== void 0) ctx.out.cpus = cpus2;
};
var readMemory = (r, f, what, ctx) => {
  const memory2 = r.memory(f, what);
  if (memory2 !== void 0) ctx.out.memory = memory2;
};
var readVolumes = (r, f, what, ctx) => {
  ctx.out.volumes = mounts(r, f, what);
};
var readPrivileged = (r, f, what, ctx) => {
  ctx.out.privileged = r.boolean(f, what) ?? false;
};
var readNetwork = (r, f, what, ctx) => {
  const network2 = r.string(f, what);
  if (network2 === "host") ctx.out.network = network2;
  else if (network2 !== void 0) {
    r.report("invalid-network", `network "${network2}" is not supported: write "network: host", or leave it out to use the run's own network (where services are reachable).`, f.valueRange);
  }
};
var readCapAdd = (r, f, what, ctx) => {
  ctx.out.capAdd = (r.list(f, what) ?? []).map((i) => i.value);
};
var readHealth = (r, f, _what, ctx) => {
  ctx.out.health = health(r, f, ctx.fields ?? {}, ctx.expressions);
};
var readNeeds = (r, f, what, ctx) => {
  ctx.out.needs = names(r, f, what, "needs");
};
var readMatrix = (r, f, _what, ctx) => {
  ctx.out.matrix = matrix(r, f, ctx.fields ?? {});
};
var readEstimate = (r, f, what, ctx) => {
  const estimate = r.duration(f, what, true, false);
  if (estimate !== void 0) ctx.out.estimate = estimate;
};
var readTimeout = (r, f, what, ctx) => {
  const timeout2 = r.duration(f, what, false);
  if (timeout2 !== void 0) ctx.out.timeout = timeout2;
};
var readRetries = (r, f, what, ctx) => {
  const retries2 = readRetriesValue(r, f, ctx.kind === "defaults" ? what : "retries", ctx.fields);
  if (retries2 !== void 0) ctx.out.retries = retries2;
};
var readIf = (r, f, what, ctx) => {
  const condition = r.string(f, what);
  if (condition === void 0) return;
  if (CONDITIONS.includes(condition)) ctx.out.if = condition;
  else {
    const guess = suggest(condition, CONDITIONS);
    r.report(
      "invalid-if",
      `if: "${condition}" is not a condition: write success (the default), failure or always.${guess ? ` Did you mean "${guess}"?` : ""}`,
      f.valueRange,
      "error",
      guess ? [{ title: `Change to "${guess}"`, range: f.valueRange, newText: guess }] : void 0
    );
  }
};
var readAllowFailure = (r, f, what, ctx) => {
  ctx.out.allowFailure = r.boolean(f, what) ?? false;
};
var readOutputs = (r, f, what, ctx) => {
  ctx.out.outputs = names(r, f, what, "outputs");
};
function checkUnitKeys(r, e, noun) {
  const run2 = e.get("run");
  const command2 = e.get("command");
  if (run2 && command2) {
    r.report("run-and-command", `${capitalise(noun)} has both "run" and "command"; keep one ("run" is a shell string, "command" an argument list).`, command2.keyRange);
  }
}
function capitalise(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
function commandList(r, field, what, name, expressions) {
  const items = r.list(field, what);
  if (!items) return void 0;
  items.forEach((item, i) => r.expressionsIn(item.node, `${name}[${i}]`, expressions));
  return items.map((i) => i.value);
}
function envMapping(r, field, what, expressions, fields) {
  const env2 = {};
  const e = r.entries(field.value, what, field.valueRange);
  if (!e) return env2;
  for (const v of e.values()) {
    if (!VARIABLE_PATTERN.test(v.key)) {
      r.report("invalid-env-name", `"${v.key}" is not a valid environment variable name: use letters, digits and "_", not starting with a digit.`, v.keyRange);
      continue;
    }
    const node = r.deref(v.value);
    const value = r.string(v, what.replace("env", `env.${v.key}`), node);
    if (value === void 0) continue;
    env2[v.key] = value;
    if (fields) fields[`env.${v.key}`] = v.field();
    r.expressionsIn(node, `env.${v.key}`, expressions);
  }
  return env2;
}
function readRetriesValue(r, field, what, fields) {
  const node = r.deref(field.value);
  if (node && isScalar(node) && typeof node.value === "number") {
    const count = r.number(field, what, 0, true, node);
    return count === void 0 ? void 0 : { ...DEFAULT_RETRIES, count };
  }
  if (!node || !isMap(node)) {
    r.report("wrong-type", `${what} must be a number of retries or a mapping { count, backoff, memory-factor }.`, field.valueRange);
    return void 0;
  }
  const e = r.entries(node, `"${what}"`, field.valueRange, "retries");
  if (!e) return void 0;
  const out = { ...DEFAULT_RETRIES };
  for (const f of e.values()) {
    if (fields) fields[`retries.${f.key}`] = f.field();
    if (f.key === "count") out.count = r.number(f, `${what}.count`, 0, true) ?? out.count;
    else if (f.key === "backoff") out.backoff = r.duration(f, `${what}.backoff`, true) ?? out.backoff;
    else if (f.key === "memory-factor") out.memoryFactor = r.number(f, `${what}.memory-factor`, 1, false) ?? out.memoryFactor;
  }
  return out;
}
function mounts(r, field, what) {
  const out = [];
  for (const item of r.list(field, what) ?? []) {
    const written = item.value;
    const first = written.indexOf(":");
    const second = first < 0 ? -1 : written.indexOf(":", first + 1);
    const parts = first < 0 ? 1 : second < 0 ? 2 : written.indexOf(":", second + 1) < 0 ? 3 : 4;
    const source = first < 0 ? written : written.slice(0, first);
    const target = first < 0 ? "" : written.slice(first + 1, second < 0 ? written.length : second);
    const mode = second < 0 ? void 0 : written.slice(second + 1);
    const problem = parts < 2 || parts > 3 ? "write source:target or source:target:ro" : source === "" ? 'the source (before ":") is empty' : !target.startsWith("/") ? `the target "${target}" must be an absolute path inside the container` : mode !== void 0 && mode !== "ro" && mode !== "rw" ? `"${mode}" is not a mode; only ":ro" (read-only) or ":rw" can follow the target` : void 0;
    if (problem) {
      r.report("invalid-mount", `Invalid mount "${item.value}": ${problem}.`, r.span(item.start, item.end));
      continue;
    }
    const [start, end] = nodeSpan(item.node);
    const at = r.text.indexOf(written, start);
    const found = at >= 0 && at + written.length <= end;
    out.push(
      new MountAt(
        source.startsWith(".") || source.startsWith("/") ? "bind" : "volume",
        source,
        target,
        mode === "ro",
        r.lineStarts,
        item.start,
        item.end,
        found ? at : item.start,
        found ? at + source.length : item.end
      )
    );
  }
  return exact(out);
}
function matrix(r, field, fields) {
  const axes = [];
  const e = r.entries(field.value, '"matrix"', field.valueRange);
  if (!e) return axes;
  if (e.size === 0) {
    r.report("matrix-empty", '"matrix" has no axes; add one such as { shard: [1, 2] } or remove it.', field.valueRange);
    return axes;
  }
  for (const axis of e.values()) {
    fields[`matrix.${axis.key}`] = axis.field();
    if (!MATRIX_KEY_PATTERN.test(axis.key)) {
      r.report("invalid-matrix-key", `"${axis.key}" is not a valid matrix key: use letters, digits, "_" and "-", starting with a letter or "_".`, axis.keyRange);
      continue;
    }
    const node = r.deref(axis.value);
    if (!node || !isSeq(node)) {
      r.report("wrong-type", `matrix.${axis.key} must be a list of values, e.g. [1, 2, 3].`, axis.valueRange);
      continue;
    }
    const values = [];
    const seen = /* @__PURE__ */ new Set();
    for (const raw of node.items) {
      const item = r.deref(raw);
      if (!item || !isScalar(item) || item.value === null || typeof item.value === "object") {
        r.report("matrix-value-not-scalar", `Values of matrix.${axis.key} must be single values (a string, number or boolean).`, r.range(item ?? raw, nodeSpan(node)[0]));
        continue;
      }
      const value = r.scalarText(item);
      if (seen.has(value)) {
        r.report("matrix-duplicate-value", `"${value}" appears twice in matrix.${axis.key}.`, r.range(item));
        continue;
      }
      seen.add(value);
      values.push(value);
    }
    if (node.items.length === 0) {
      r.report("matrix-empty", `matrix.${axis.key} has no values; the task would never run.`, axis.valueRange);
      continue;
    }
    if (values.length) axes.push({ key: axis.key, keyRange: axis.keyRange, values, range: axis.valueRange });
  }
  return axes;
}
function health(r, field, fields, expressions) {
  const e = r.entries(field.value, '"health"', field.valueRange, "health");
  if (!e) return void 0;
  const out = { ...DEFAULT_HEALTH, range: field.valueRange };
  for (const f of e.values()) {
    fields[`health.${f.key}`] = f.field();
    const what = `health.${f.key}`;
    switch (f.key) {
      case "run": {
        const node = r.deref(f.value);
        out.run = r.string(f, what, node);
        r.expressionsIn(node, what, expressions);
        break;
      }
      case "command":
        out.command = commandList(r, f, what, what, expressions);
        break;
      case "interval":
        out.interval = r.duration(f, what, false) ?? out.interval;
        break;
      case "timeout":
        out.timeout = r.duration(f, what, false) ?? out.timeout;
        break;
      case "retries":
        out.retries = r.number(f, what, 0, true) ?? out.retries;
        break;
      case "start-period":
        out.startPeriod = r.duration(f, what, true) ?? out.startPeriod;
        break;
    }
  }
  const run2 = e.get("run");
  const command2 = e.get("command");
  if (run2 && command2) {
    r.report("run-and-command", 'health has both "run" and "command"; keep one.', command2.keyRange);
  } else if (!run2 && !command2) {
    r.report("missing-run", 'health needs "run" (a shell command) or "command" (an argument list) to check with.', field.keyRange);
  }
  return out;
}
function names(r, field, what, list) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const item of r.list(field, what) ?? []) {
    if (list === "outputs" && !VARIABLE_PATTERN.test(item.value)) {
      r.report("invalid-output-name", `"${item.value}" is not a valid output name: use letters, digits and "_", not starting with a digit.`, r.span(item.start, item.end));
      continue;
    }
    if (seen.has(item.value)) {
      if (list === "needs") r.report("duplicate-need", `"${item.value}" is already listed in needs.`, r.span(item.start, item.end), "warning");
      else r.report("duplicate-output", `"${item.value}" is already listed in outputs.`, r.span(item.start, item.end));
      continue;
    }
    seen.add(item.value);
    out.push(new NameAt(item.value, r.lineStarts, item.start, item.end));
  }
  return exact(out);
}

// core/fields.ts
var BOTH = ["task", "service"];
var TASK = ["task"];
var SERVICE = ["service"];
var UNIT_FIELDS = [
  {
    key: "image",
    units: BOTH,
    defaults: true,
    expressions: "matrix",
    needsRefused: "the image is chosen before the needed tasks finish. Use it in run, command or env instead.",
    substituted: "expansion",
    read: readImage,
    // Lands in `unit.image`, which the executor pulls before the attempt starts.
    expand: (spec, matrix2, unit, substitute) => {
      unit.image = substitute(spec.image, matrix2);
    }
  },
  {
    key: "run",
    units: BOTH,
    expressions: "matrix+needs",
    substituted: "expansion",
    read: readRun,
    expand: (spec, matrix2, unit, substitute) => {
      if (spec.run !== void 0) unit.run = substitute(spec.run, matrix2);
    },
    resolve: (unit, fill, out) => {
      if (!unit.command && unit.run !== void 0) out.command = ["sh", "-c", fill(unit.run)];
    }
  },
  {
    key: "command",
    units: BOTH,
    expressions: "matrix+needs",
    substituted: "expansion",
    read: readCommand,
    expand: (spec, matrix2, unit, substitute) => {
      if (!spec.command) return;
      const command2 = [];
      for (const arg of spec.command) command2.push(substitute(arg, matrix2));
      unit.command = command2;
    },
    resolve: (unit, fill, out) => {
      if (unit.command) out.command = unit.command.map(fill);
    }
  },
  {
    key: "entrypoint",
    units: BOTH,
    expressions: "matrix+needs",
    substituted: "attempt",
    read: readEntrypoint,
    resolve: (unit, fill, out) => {
      if (unit.spec.entrypoint) out.entrypoint = unit.spec.entrypoint.map(fill);
    }
  },
  {
    key: "env",
    units: BOTH,
    defaults: true,
    expressions: "matrix+needs",
    substituted: "expansion",
    read: readEnv,
    expand: (spec, matrix2, unit, substitute) => {
      if (spec.matrix.length === 0) return;
      const env2 = {};
      for (const key in spec.env) env2[key] = substitute(spec.env[key], matrix2);
      unit.env = env2;
    },
    resolve: (unit, fill, out) => {
      for (const key in unit.env) out.env[key] = fill(unit.env[key]);
    }
  },
  {
    key: "workdir",
    units: BOTH,
    defaults: true,
    expressions: "matrix+needs",
    substituted: "expansion",
    read: readWorkdir,
    expand: (spec, matrix2, unit, substitute) => {
      if (spec.workdir !== void 0) unit.workdir = substitute(spec.workdir, matrix2);
    },
    resolve: (unit, fill, out) => {
      if (unit.workdir !== void 0) out.workdir = fill(unit.workdir);
    }
  },
  {
    key: "user",
    units: BOTH,
    defaults: true,
    expressions: "matrix+needs",
    substituted: "attempt",
    read: readUser,
    resolve: (unit, fill, out) => {
      if (unit.spec.user !== void 0) out.user = fill(unit.spec.user);
    }
  },
  { key: "cpus", units: BOTH, defaults: true, expressions: "none", read: readCpus },
  { key: "memory", units: BOTH, defaults: true, expressions: "none", read: readMemory },
  { key: "volumes", units: BOTH, expressions: "none", read: readVolumes },
  { key: "privileged", units: BOTH, expressions: "none", read: readPrivileged },
  { key: "network", units: BOTH, expressions: "none", read: readNetwork },
  { key: "cap-add", units: BOTH, expressions: "none", read: readCapAdd },
  { key: "health", units: SERVICE, expressions: "none", read: readHealth },
  { key: "needs", units: TASK, expressions: "none", read: readNeeds },
  { key: "matrix", units: TASK, expressions: "none", read: readMatrix },
  { key: "estimate", units: TASK, expressions: "none", read: readEstimate },
  { key: "timeout", units: TASK, defaults: true, expressions: "none", read: readTimeout },
  { key: "retries", units: TASK, defaults: true, expressions: "none", read: readRetries },
  { key: "if", units: TASK, expressions: "none", read: readIf },
  { key: "allow-failure", units: TASK, expressions: "none", read: readAllowFailure },
  { key: "outputs", units: TASK, expressions: "none", read: readOutputs }
];
var BY_KEY = new Map(UNIT_FIELDS.map((f) => [f.key, f]));
function unitField(key) {
  return BY_KEY.get(key);
}
var EXPANDED_FIELDS = UNIT_FIELDS.filter((f) => f.expand);
var RESOLVED_FIELDS = UNIT_FIELDS.filter((f) => f.resolve);
var EXPRESSION_FIELD_LIST = (() => {
  const keys = UNIT_FIELDS.filter((f) => f.expressions !== "none").map((f) => f.key);
  return keys.length > 1 ? `${keys.slice(0, -1).join(", ")} and ${keys[keys.length - 1]}` : keys.join("");
})();
function fieldKey(field) {
  return /^[a-z-]+/.exec(field)?.[0] ?? field;
}

// core/substitute.ts
var EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;
function replaceExpressions(text, resolve) {
  if (!text.includes("${{")) return text;
  return text.replace(EXPRESSION, (whole, inner) => resolve(inner.split(".").map((s) => s.trim())) ?? whole);
}
function substituteMatrix(text, matrix2) {
  return replaceExpressions(
    text,
    (path) => path[0] === "matrix" ? path.length === 2 && Object.hasOwn(matrix2, path[1]) ? matrix2[path[1]] : "" : void 0
  );
}
function substituteNeeds(text, needsOutputs) {
  return replaceExpressions(text, (path) => {
    if (path[0] !== "needs") return void 0;
    if (path.length !== 4 || path[2] !== "outputs") return "";
    const outputs = Object.hasOwn(needsOutputs, path[1]) ? needsOutputs[path[1]] : void 0;
    return outputs && Object.hasOwn(outputs, path[3]) ? outputs[path[3]] : "";
  });
}
function resolveAttempt(attempt) {
  const { unit, needsOutputs } = attempt;
  const fill = (text) => substituteNeeds(substituteMatrix(text, unit.matrix), needsOutputs);
  const resolved = { env: gantryEnv(attempt) };
  for (const field of RESOLVED_FIELDS) field.resolve(unit, fill, resolved);
  return resolved;
}
function gantryEnv(attempt) {
  const env2 = {};
  for (const [key, value] of Object.entries(attempt.unit.matrix)) env2[envName("GANTRY_MATRIX", key)] = value;
  const needs = attempt.needsOutputs;
  for (const task in needs) {
    const outputs = needs[task];
    for (const name in outputs) env2[envName("GANTRY_NEEDS", task, name)] = outputs[name];
  }
  return env2;
}
function envName(...parts) {
  return parts.map((p) => p.toUpperCase().replace(/[^A-Z0-9]+/g, "_")).join("_");
}

export {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  NAME_PATTERN,
  NAME_RULE,
  keyDoc,
  keyNames,
  DEFAULT_CPUS,
  DEFAULT_MEMORY,
  DEFAULT_RETRIES,
  NONE,
  checkUnitKeys,
  capitalise,
  unitField,
  EXPANDED_FIELDS,
  EXPRESSION_FIELD_LIST,
  fieldKey,
  substituteMatrix,
  resolveAttempt
};
