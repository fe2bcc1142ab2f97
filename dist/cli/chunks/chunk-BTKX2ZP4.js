#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  DEFAULT_ESTIMATE,
  DescribeUnit,
  GantryError,
  UnsafePathError,
  editDistance,
  engineName,
  ensureDirs,
  formatBytes,
  formatCpuCount,
  formatDuration,
  readRegularFile,
  resolveAttempt,
  writeNewFile
} from "./chunk-2EUBPREJ.js";

// core/capacity.ts
function resolveCapacity(flags, file, machine) {
  const pick = (key) => flags?.[key] ?? file?.[key] ?? machine?.[key];
  const resolved = { parallel: pick("parallel") ?? Infinity };
  const cpus = pick("cpus");
  const memory = pick("memory");
  if (cpus !== void 0) resolved.cpus = cpus;
  if (memory !== void 0) resolved.memory = memory;
  return resolved;
}
function capacitySource(key, flags, file, machine) {
  if (flags?.[key] !== void 0) return "flag";
  if (file?.[key] !== void 0) return "file";
  if (machine?.[key] !== void 0) return "machine";
  return void 0;
}
function isCompleteCapacity(capacity) {
  return capacity.cpus !== void 0 && capacity.memory !== void 0;
}

// core/placement.ts
var milli = (cpus) => Math.max(0, Math.round(cpus * 1e3));
function fitsNode(node, cpus, memory) {
  return milli(cpus) <= milli(node.capacity.cpus) && Math.ceil(memory) <= Math.floor(node.capacity.memory);
}
function describeNode(node) {
  return `${node.name || node.id} (${formatCpuCount(node.capacity.cpus)}, ${formatBytes(node.capacity.memory)})`;
}
function largestNode(nodes) {
  let best;
  for (const node of nodes) {
    if (!best || node.capacity.cpus > best.capacity.cpus || node.capacity.cpus === best.capacity.cpus && node.capacity.memory > best.capacity.memory) best = node;
  }
  return best;
}
function homeIndex(nodes) {
  return nodes.length > 1 ? nodes.findIndex((node) => node.home === true) : -1;
}
function namedVolumes(spec) {
  const names = [];
  for (const mount of spec.volumes) if (mount.kind === "volume" && !names.includes(mount.source)) names.push(mount.source);
  return names;
}
function placeUnits(graph, nodes, options = {}) {
  const pinned = /* @__PURE__ */ new Map();
  const why = /* @__PURE__ */ new Map();
  const problems = [];
  const home = options.homeUnavailable !== void 0 ? nodes.length : homeIndex(nodes);
  if (home >= 0) {
    const users = /* @__PURE__ */ new Map();
    for (const unit of graph.units) {
      if (unit.kind === "build") continue;
      for (const name of namedVolumes(unit.spec)) {
        const list = users.get(name);
        if (list) list.push(unit);
        else users.set(name, [unit]);
      }
    }
    for (const unit of graph.units) {
      let reason;
      if (unit.kind === "build") reason = "it builds an image, which stays on the engine Gantry talks to";
      else {
        const volume = namedVolumes(unit.spec)[0];
        if (volume !== void 0) {
          const other = users.get(volume).find((u) => u !== unit);
          reason = other ? `shares volume ${volume} with ${other.id}` : `uses volume ${volume}`;
        } else if (unit.build) reason = `its image is built in the run (${unit.build.unit})`;
        else {
          const bind = unit.spec.volumes.find((mount) => mount.kind !== "volume");
          if (bind) reason = `binds host folder ${bind.source}, which is on the machine Gantry runs on`;
        }
      }
      if (reason === void 0) continue;
      pinned.set(unit.id, home);
      why.set(unit.id, reason);
    }
  }
  const biggest = largestNode(nodes);
  for (const unit of graph.units) {
    const at = pinned.get(unit.id);
    if (at !== void 0 && at >= nodes.length) {
      problems.push({ unit: unit.id, message: `${unit.id} must run on the node Gantry talks to (${why.get(unit.id)}), but ${options.homeUnavailable}` });
      continue;
    }
    if (at !== void 0) {
      const node = nodes[at];
      if (!fitsNode(node, unit.cpus, unit.memory)) {
        problems.push({
          unit: unit.id,
          message: `${unit.id} needs ${formatCpuCount(unit.cpus)} and ${formatBytes(unit.memory)}, more than the home node ${describeNode(node)}, where it must run: ${why.get(unit.id)}`
        });
      }
      continue;
    }
    if (nodes.some((node) => fitsNode(node, unit.cpus, unit.memory))) continue;
    problems.push({
      unit: unit.id,
      message: `${unit.id} needs ${formatCpuCount(unit.cpus)} and ${formatBytes(unit.memory)}, more than any single node has (the largest: ${biggest ? describeNode(biggest) : "none"})`
    });
  }
  if (home >= nodes.length) for (const id of [...pinned.keys()]) pinned.delete(id);
  return { placement: { nodes, pinned, why }, problems };
}

// core/secrets.ts
function listedSecrets(specs) {
  const names = /* @__PURE__ */ new Set();
  for (const spec of specs) for (const secret of spec.secrets) names.add(secret.name);
  return [...names].sort();
}
function isSet(env, name) {
  return Object.hasOwn(env, name) && env[name] !== void 0 && env[name] !== "";
}
function checkSecrets(file, env, policy) {
  if (policy === "strict") return [];
  const diagnostics = [];
  for (const spec of [...file.services, ...file.tasks]) {
    for (const secret of spec.secrets) {
      if (isSet(env, secret.name)) continue;
      diagnostics.push({
        code: "secret-missing",
        severity: "error",
        message: `Secret ${secret.name} of ${spec.kind} "${spec.name}" is not set in the environment Gantry runs in. In a workflow, give it to the step (env: { ${secret.name}: \${{ secrets.${secret.name} }} }); locally, export it or put it in a dotenv file (env-file: in the batch file, or --env-file).`,
        range: secret.range
      });
    }
  }
  return diagnostics;
}
function callerSecrets(file, env, policy) {
  const names = listedSecrets([...file.services, ...file.tasks]);
  if (policy === "strict") return { values: {}, withheld: names };
  const values = {};
  for (const name of names) if (isSet(env, name)) values[name] = env[name];
  return { values, withheld: [] };
}

// core/heap.ts
var IndexHeap = class {
  constructor(less) {
    this.less = less;
  }
  less;
  items = [];
  get size() {
    return this.items.length;
  }
  push(value) {
    const items = this.items;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const parent = i - 1 >> 1;
      const p = items[parent];
      if (!this.less(value, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = value;
  }
  peek() {
    return this.items[0];
  }
  pop() {
    const items = this.items;
    if (items.length === 0) return void 0;
    const top = items[0];
    const last = items.pop();
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (; ; ) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && this.less(items[child + 1], items[child])) child++;
        if (!this.less(items[child], last)) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
  /** The smallest entry for which `valid` holds, discarding invalid ones on the way. */
  peekValid(valid) {
    for (; ; ) {
      const top = this.peek();
      if (top === void 0 || valid(top)) return top;
      this.pop();
    }
  }
};

// core/schedule.ts
var DEFAULT_CANCEL_GRACE_MS = 5e3;
function planningEstimate(unit) {
  if (unit.kind === "service") return Number.isFinite(unit.healthyAfter) && unit.healthyAfter >= 0 ? unit.healthyAfter : 0;
  return Number.isFinite(unit.estimate) && unit.estimate >= 0 ? unit.estimate : DEFAULT_ESTIMATE;
}
function rankUnits(graph, startOverhead = 0) {
  const units = graph.units;
  const n = units.length;
  const index = /* @__PURE__ */ new Map();
  units.forEach((u, i) => index.set(u.id, i));
  const needs = units.map((u) => {
    const found = [];
    for (const id of u.needs) {
      const j = index.get(id);
      if (j !== void 0) found.push(j);
    }
    if (found.length < 2) return found.length === 0 ? [] : [found[0]];
    found.sort((a, b) => a - b);
    let distinct = 1;
    for (let k = 1; k < found.length; k++) if (found[k] !== found[distinct - 1]) found[distinct++] = found[k];
    return found.slice(0, distinct);
  });
  const dependentCount = new Int32Array(n);
  for (let i = 0; i < n; i++) for (const j of needs[i]) dependentCount[j]++;
  const dependents = Array.from(dependentCount, (count) => new Array(count));
  dependentCount.fill(0);
  for (let i = 0; i < n; i++) for (const j of needs[i]) dependents[j][dependentCount[j]++] = i;
  const indegree = new Int32Array(n);
  for (let i = 0; i < n; i++) indegree[i] = needs[i].length;
  const topo = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) topo.push(i);
  for (let k = 0; k < topo.length; k++) {
    for (const d of dependents[topo[k]]) if (--indegree[d] === 0) topo.push(d);
  }
  const bottomLevel = new Float64Array(n);
  for (let k = topo.length - 1; k >= 0; k--) {
    const i = topo[k];
    let tail = 0;
    for (const d of dependents[i]) if (bottomLevel[d] > tail) tail = bottomLevel[d];
    bottomLevel[i] = planningEstimate(units[i]) + startOverhead + tail;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const ua = units[a];
    const ub = units[b];
    return bottomLevel[b] - bottomLevel[a] || ub.cpus - ua.cpus || ub.memory - ua.memory || (ua.id < ub.id ? -1 : ua.id > ub.id ? 1 : 0);
  });
  const rank = new Int32Array(n);
  order.forEach((i, r) => rank[i] = r);
  return { bottomLevel, rank, topo, dependents, needs };
}
var WAITING = 0;
var DEMANDED = 1;
var GATED = 2;
var READY = 3;
var RUNNING = 4;
var BACKOFF = 5;
var STARTING = 6;
var HEALTHY = 7;
var DONE = 8;
var FAILURES = /* @__PURE__ */ new Set(["failed", "oom", "timeout", "killed"]);
var Scheduler = class {
  constructor(graph, options) {
    this.options = options;
    this.units = graph.units;
    const n = this.n = graph.units.length;
    this.ranking = options.ranking ?? rankUnits(graph, options.startOverhead);
    this.isService = this.units.map((u) => u.kind === "service");
    this.cpuM = Int32Array.from(this.units, (u) => Math.max(0, Math.round(u.cpus * 1e3)));
    this.memory = this.units.map((u) => Math.max(0, Math.ceil(u.memory)));
    this.estimate = Float64Array.from(this.units, (u, i) => this.isService[i] ? Infinity : planningEstimate(u));
    const cap = options.capacity;
    this.capCpuM = this.freeCpuM = Math.round(cap.cpus * 1e3);
    this.capMemory = this.freeMemory = Math.floor(cap.memory);
    this.capSlots = this.freeSlots = Math.floor(cap.parallel);
    this.state = new Uint8Array(n);
    this.status = new Array(n).fill(void 0);
    this.reason = new Array(n).fill(void 0);
    this.failedUpstream = new Uint8Array(n);
    this.pendingTaskNeeds = new Int32Array(n);
    this.pendingServices = new Int32Array(n);
    this.unstartedNeeds = new Int32Array(n);
    this.startedOrDone = new Uint8Array(n);
    this.liveDependents = new Int32Array(n);
    this.attemptNo = new Int32Array(n);
    this.records = this.units.map(() => []);
    this.firstStart = new Array(n).fill(void 0);
    this.endAt = new Array(n).fill(void 0);
    this.outputs = new Array(n).fill(void 0);
    this.healthyAt = new Array(n).fill(void 0);
    this.bucketOf = new Array(n).fill(void 0);
    this.shapeBucket = new Array(n).fill(void 0);
    this.onEvent = options.onEvent?.bind(options);
    const placement = options.placement;
    if (placement && placement.nodes.length > 0) {
      const list = placement.nodes;
      const capCpuM = Float64Array.from(list, (node) => Math.max(0, Math.round(node.capacity.cpus * 1e3)));
      const capMemory = Float64Array.from(list, (node) => Math.max(0, Math.floor(node.capacity.memory)));
      const pin = new Int32Array(n).fill(-1);
      if (placement.pinned.size > 0) {
        this.units.forEach((u, i) => {
          const at = placement.pinned.get(u.id);
          if (at !== void 0 && at >= 0 && at < list.length) pin[i] = at;
        });
      }
      this.nodes = {
        list,
        capCpuM,
        capMemory,
        freeCpuM: capCpuM.slice(),
        freeMemory: capMemory.slice(),
        pin,
        at: new Int32Array(n).fill(-1),
        last: new Int32Array(n).fill(-1),
        shun: /* @__PURE__ */ new Map()
      };
      this.findShunned(this.nodes);
    }
    const rank = this.ranking.rank;
    this.headHeap = new IndexHeap((a, b) => rank[a] < rank[b]);
    for (let i = 0; i < n; i++) {
      const needs = this.ranking.needs[i];
      this.unstartedNeeds[i] = needs.length;
      for (const j of needs) if (!this.isService[j]) this.pendingTaskNeeds[i]++;
      this.liveDependents[i] = this.ranking.dependents[i].length;
    }
  }
  options;
  units;
  n;
  ranking;
  isService;
  /** Requests in millicores, so that sums of fractional cpus never drift. */
  cpuM;
  /** Current memory request (grows after an OOM). */
  memory;
  estimate;
  capCpuM;
  capMemory;
  capSlots;
  freeCpuM;
  freeMemory;
  freeSlots;
  state;
  status;
  reason;
  /** Failed, or skipped because something upstream failed: what `if: failure` looks for. */
  failedUpstream;
  pendingTaskNeeds;
  /** Service needs not yet healthy, for a GATED unit. */
  pendingServices;
  /** Needs that have neither started nor ended: at 0 the executor is told to prepare. */
  unstartedNeeds;
  startedOrDone;
  /** Services: dependents that have not ended yet. */
  liveDependents;
  attemptNo;
  records;
  firstStart;
  endAt;
  outputs;
  backoffTimers = /* @__PURE__ */ new Map();
  /** Tasks with an attempt running, by unit index (a unit runs one attempt at a time). */
  runningByUnit = /* @__PURE__ */ new Map();
  upServices = /* @__PURE__ */ new Set();
  startingServices = 0;
  /** Services stopped to break a deadlock, waiting to be re-queued when a task starts. */
  parked = [];
  headHeap;
  /** Buckets by cpu millicores·2 + (1 for services), then memory: numeric keys, no strings. */
  bucketIndex = /* @__PURE__ */ new Map();
  buckets = [];
  bucketOf;
  readyCount = 0;
  t0 = 0;
  started = false;
  stopping;
  /** After a cancel: when it fires, `if: always` work is stopped too. */
  graceTimer;
  /** Services: when they first passed their health check (clock ms), to say what failed. */
  healthyAt;
  anyFailure = false;
  terminal = 0;
  finished = false;
  /** Optional-call target: `this.onEvent?.({…})` builds no event object when nobody listens. */
  onEvent;
  /** Each unit's bucket for its current request, cached (cleared when an OOM grows the request). */
  shapeBucket;
  /** Set when packing onto several nodes; undefined keeps the single pool's path untouched. */
  nodes;
  queue = [];
  busy = false;
  /** Begins the run. Call once. */
  start() {
    this.enqueue(() => {
      if (this.started) return;
      this.started = true;
      this.t0 = this.options.clock.now();
      const onCycle = new Uint8Array(this.n).fill(1);
      for (const i of this.ranking.topo) onCycle[i] = 0;
      const taken = this.options.taken;
      if (taken && taken.size > 0) {
        for (const service of [true, false]) {
          for (let i = 0; i < this.n; i++) {
            const done = this.isService[i] === service && !onCycle[i] ? taken.get(this.units[i].id) : void 0;
            if (!done) continue;
            if (!service) this.outputs[i] = { ...done.outputs };
            this.finish(i, "succeeded", done.reason);
          }
        }
      }
      for (let i = 0; i < this.n; i++) {
        if (onCycle[i]) this.finish(i, "skipped", "it is part of a dependency cycle");
        else if (this.isService[i] && this.liveDependents[i] === 0 && this.state[i] !== DONE) this.finish(i, "skipped", "nothing needs it");
      }
      if (this.stopping) return this.stopAll(this.stopping.kind, this.stopping.cause, true);
      const byRank = new Int32Array(this.n);
      for (let i = 0; i < this.n; i++) byRank[this.ranking.rank[i]] = i;
      for (const i of byRank) {
        if (this.state[i] === WAITING && !this.isService[i] && this.unstartedNeeds[i] === 0) {
          this.options.executor.prepare?.(this.units[i]);
        }
      }
      for (let i = 0; i < this.n; i++) {
        if (this.state[i] !== WAITING || this.isService[i]) continue;
        if (this.pendingTaskNeeds[i] === 0) this.gate(i);
      }
    });
  }
  /**
   * Stops starting work, kills what runs (reason `cancel`), stops services — except `if: always`
   * units, which may still start once their needs have ended, and run, for `cancelGraceMs`; then
   * they are killed too. Before `start()`, nothing runs at all. Safe to call any time; a second
   * call changes nothing.
   */
  cancel() {
    this.enqueue(() => {
      if (this.finished || this.stopping?.kind === "cancel") return;
      if (!this.started) {
        this.stopping = { kind: "cancel", cause: "the run was cancelled", hard: true };
        return;
      }
      this.stopAll("cancel", "the run was cancelled");
    });
  }
  /**
   * Like `cancel()`, without the grace (a second Ctrl-C): `if: always` units are killed or
   * skipped too. Works after `cancel()` as well as instead of it.
   */
  cancelNow() {
    this.enqueue(() => {
      if (this.finished || this.stopping?.hard) return;
      if (!this.started) {
        this.stopping = { kind: "cancel", cause: "the run was cancelled", hard: true };
        return;
      }
      this.stopAll("cancel", "the run was cancelled at once (a second cancel)", true);
    });
  }
  // -------------------------------------------------------------------------------------------
  // Re-entrancy: executors may call back synchronously (a fake, or a service without a health
  // check). Every entry point runs through this queue so that state changes never interleave.
  enqueue(fn) {
    this.queue.push(fn);
    if (this.busy) return;
    this.busy = true;
    try {
      for (; ; ) {
        for (let k = 0; k < this.queue.length; k++) this.queue[k]();
        this.queue = [];
        if (!this.started || this.finished) break;
        this.dispatch();
        if (this.queue.length === 0) break;
      }
      this.checkDone();
    } finally {
      this.busy = false;
    }
  }
  now() {
    return this.options.clock.now() - this.t0;
  }
  // -------------------------------------------------------------------------------------------
  // Readiness
  /** All task needs of `i` have ended: decide by `if`, then demand its services. */
  gate(i) {
    const st = this.state[i];
    if (st !== WAITING && st !== DEMANDED) return;
    if (this.isService[i] && st !== DEMANDED) return;
    if (this.stopping && !this.survives(i)) return this.finish(i, "skipped", this.notRun());
    const unit = this.units[i];
    const needs = this.ranking.needs[i];
    const taskNeeds = needs.filter((j) => !this.isService[j]);
    if (unit.build && unit.kind !== "build") {
      const build = taskNeeds.find((j) => this.units[j].kind === "build" && this.status[j] !== "succeeded");
      if (build !== void 0) {
        this.failedUpstream[i] = 1;
        const s = this.status[build];
        const id = this.units[build].id;
        if (s === "failed") return this.finish(i, "failed", `its image could not be built (${id}): ${this.reason[build] ?? "failed"}`);
        return this.finish(i, s === "cancelled" ? "cancelled" : "skipped", `its image was not built (${id} ${s === "skipped" ? "was skipped" : `ended ${s}`})`);
      }
    }
    if (unit.if === "success") {
      const bad = taskNeeds.find((j) => !this.okForDependents(j));
      if (bad !== void 0) {
        this.failedUpstream[i] = 1;
        const s = this.status[bad];
        const what = s === "skipped" ? "was skipped" : s === "succeeded" ? "succeeded" : `ended ${s}`;
        return this.finish(i, "skipped", `${this.units[bad].id} ${what}`);
      }
    } else if (unit.if === "failure") {
      if (!taskNeeds.some((j) => this.failedUpstream[j])) {
        return this.finish(i, "skipped", "no need failed (if: failure)");
      }
    }
    const services = needs.filter((j) => this.isService[j]);
    const failed = services.find((j) => this.status[j] !== void 0);
    if (failed !== void 0) {
      this.failedUpstream[i] = 1;
      return this.finish(i, "skipped", this.serviceFailure(failed));
    }
    const together = this.withServices(i, services);
    if (together) return this.finish(i, "failed", together);
    let pending = 0;
    for (const s of services) {
      this.demand(s);
      if (this.state[s] !== HEALTHY) pending++;
    }
    if (this.state[i] === DONE) return;
    const nowFailed = services.find((j) => this.status[j] !== void 0);
    if (nowFailed !== void 0) {
      this.failedUpstream[i] = 1;
      return this.finish(i, "skipped", this.serviceFailure(nowFailed));
    }
    this.pendingServices[i] = pending;
    if (pending === 0) this.makeReady(i);
    else this.state[i] = GATED;
  }
  /**
   * Why service `s`, which has ended, is not there for a dependent: `service db never became
   * healthy`, `service db failed: exited with code 137` (after it had been healthy), `service db
   * could not start: …`. The service's own reason says the rest.
   */
  serviceFailure(s) {
    const id = this.units[s].id;
    const reason = this.reason[s];
    if (this.status[s] !== "failed") return `service ${id} is ${this.status[s]}${reason ? `: ${reason}` : ""}`;
    if (this.healthyAt[s] !== void 0) return `service ${id} failed: ${reason ?? "unhealthy"}`;
    if (this.firstStart[s] === void 0) return `service ${id} could not start: ${reason ?? "failed"}`;
    return `service ${id} never became healthy`;
  }
  /**
   * Whether unit `i` may still start and run while the run is stopping: `if: always` units until
   * a hard stop, `if: failure` units after fail-fast; a service while such a unit that has not
   * ended needs it. Always true when the run is not stopping.
   */
  survives(i) {
    const stop = this.stopping;
    if (!stop) return true;
    if (stop.hard) return false;
    if (this.isService[i]) return this.ranking.dependents[i].some((d) => this.state[d] !== DONE && !this.isService[d] && this.survives(d));
    const condition = this.units[i].if;
    return condition === "always" || condition === "failure" && stop.kind === "fail-fast";
  }
  /** The reason of a unit the stop keeps from starting: `not run: --fail-fast after build failed`. */
  notRun(stop = this.stopping) {
    return `not run: ${stop?.cause ?? "the run stopped"}`;
  }
  /**
   * The reason of a unit that was up when the stop came, after `ms` of it: `ran 5.2s, then
   * stopped by --fail-fast after build failed`, `ran 3s, then stopped because the run was cancelled`.
   */
  stoppedAfter(ms, what = "ran", stop = this.stopping) {
    const cause = stop?.cause ?? "the run stopped";
    return `${what} ${formatDuration(Math.max(0, ms))}, then stopped ${stop?.kind === "fail-fast" ? "by" : "because"} ${cause}`;
  }
  okForDependents(j) {
    const s = this.status[j];
    return s === "succeeded" || this.units[j].allowFailure && s !== void 0 && FAILURES.has(s);
  }
  /** `2 cpus, 4Gi, 8 containers` (no container count when it is unlimited). */
  capacityText() {
    const slots = Number.isFinite(this.capSlots) ? `, ${this.capSlots} containers` : "";
    return `${formatCpuCount(this.capCpuM / 1e3)}, ${formatBytes(this.capMemory)}${slots}`;
  }
  /** Why task `i` and its `services` can never be up together, or undefined when they fit. */
  withServices(i, services) {
    if (this.isService[i] || services.length === 0) return void 0;
    let cpuM = this.cpuM[i];
    let memory = this.memory[i];
    for (const s of services) {
      cpuM += this.cpuM[s];
      memory += this.memory[s];
    }
    const containers = services.length + 1;
    const names = services.map((s) => this.units[s].id).join(", ");
    const nodes = this.nodes;
    if (nodes && nodes.pin[i] >= 0) {
      const k = nodes.pin[i];
      const there = services.filter((s) => nodes.pin[s] === k);
      let c = this.cpuM[i];
      let m = this.memory[i];
      for (const s of there) {
        c += this.cpuM[s];
        m += this.memory[s];
      }
      if (there.length > 0 && (c > nodes.capCpuM[k] || m > nodes.capMemory[k])) {
        return `it and its services ${there.map((s) => this.units[s].id).join(", ")} must run on node ${describeNode(nodes.list[k])} and need ${formatCpuCount(c / 1e3)}, ${formatBytes(m)} of memory there at once, more than it has`;
      }
    }
    if (cpuM <= this.capCpuM && memory <= this.capMemory && containers <= this.capSlots) return void 0;
    return `it and its services (${names}) need ${formatCpuCount(cpuM / 1e3)}, ${formatBytes(memory)} of memory and ${containers} containers at once, more than the capacity (${this.capacityText()})`;
  }
  /** A dependent of service `s` is about to become ready: bring the service up. */
  demand(s) {
    if (this.state[s] !== WAITING) return;
    this.state[s] = DEMANDED;
    if (this.unstartedNeeds[s] === 0) this.options.executor.prepare?.(this.units[s]);
    if (this.pendingTaskNeeds[s] === 0) this.gate(s);
  }
  makeReady(i) {
    const unit = this.units[i];
    if (this.nodes) {
      const why = this.fitsNoNode(i);
      if (why !== void 0) return this.finish(i, "failed", why);
    } else if (this.cpuM[i] > this.capCpuM || this.memory[i] > this.capMemory || this.capSlots < 1) {
      return this.finish(
        i,
        "failed",
        `it needs ${unit.cpus} cpus and ${formatBytes(this.memory[i])} of memory, more than the capacity (${this.capacityText()})`
      );
    }
    this.state[i] = READY;
    let bucket = this.shapeBucket[i];
    if (!bucket) bucket = this.shapeBucket[i] = this.bucketFor(i);
    this.bucketOf[i] = bucket;
    bucket.byRank.push(i);
    bucket.byEstimate.push(i);
    bucket.count++;
    this.headHeap.push(i);
    this.readyCount++;
    this.onEvent?.({ type: "ready", at: this.now(), unit: unit.id });
  }
  bucketFor(i) {
    const nodes = this.nodes;
    const pin = nodes ? nodes.pin[i] : -1;
    const outer = nodes ? (this.cpuM[i] * 2 + (this.isService[i] ? 1 : 0)) * (nodes.list.length + 1) + pin + 1 : this.cpuM[i] * 2 + (this.isService[i] ? 1 : 0);
    let byMemory = this.bucketIndex.get(outer);
    if (!byMemory) this.bucketIndex.set(outer, byMemory = /* @__PURE__ */ new Map());
    let bucket = byMemory.get(this.memory[i]);
    if (!bucket) {
      const rank = this.ranking.rank;
      const est = this.estimate;
      bucket = {
        cpus: this.cpuM[i],
        memory: this.memory[i],
        pin,
        byRank: new IndexHeap((a, b) => rank[a] < rank[b]),
        byEstimate: new IndexHeap((a, b) => est[a] < est[b] || est[a] === est[b] && rank[a] < rank[b]),
        count: 0,
        valid: (j) => this.state[j] === READY && this.bucketOf[j] === bucket
      };
      byMemory.set(this.memory[i], bucket);
      this.buckets.push(bucket);
    }
    return bucket;
  }
  leaveReady(i) {
    this.bucketOf[i].count--;
    this.bucketOf[i] = void 0;
    this.readyCount--;
  }
  isReady = (i) => this.state[i] === READY;
  // -------------------------------------------------------------------------------------------
  // Packing
  fitsNow(cpuM, memory) {
    return cpuM <= this.freeCpuM && memory <= this.freeMemory && this.freeSlots >= 1;
  }
  dispatch() {
    if (this.stopping?.hard) return;
    for (; ; ) {
      const head = this.headHeap.peekValid(this.isReady);
      if (head === void 0) return this.unstick();
      const node = this.nodes ? this.pickNode(this.cpuM[head], this.memory[head], this.nodes.pin[head], -1, head) : this.fitsNow(this.cpuM[head], this.memory[head]) ? 0 : -1;
      if (node >= 0) {
        this.headHeap.pop();
        this.launch(head, node);
        if (this.stopping?.hard) return;
        continue;
      }
      this.backfill(head);
      if (this.stopping?.hard) return;
      if (this.headHeap.peekValid(this.isReady) !== head) continue;
      if (this.runningByUnit.size === 0 && this.startingServices === 0 && this.backoffTimers.size === 0) {
        if (this.nodes && this.isService[head]) {
          const node2 = this.pickNode(this.cpuM[head], this.memory[head], this.nodes.pin[head], -1, head, true);
          if (node2 >= 0) {
            this.headHeap.pop();
            this.launch(head, node2);
            if (this.stopping?.hard) return;
            continue;
          }
        }
        const park = this.parkable(head);
        if (park !== void 0) {
          this.park(park);
          continue;
        }
        const up = [...this.upServices].map((s) => this.units[s].id).join(", ");
        this.headHeap.pop();
        this.finish(
          head,
          "failed",
          `it cannot fit while ${up ? `services ${up} hold` : "other units hold"} the capacity (${formatCpuCount(this.units[head].cpus)} and ${formatBytes(this.memory[head])} needed; ${this.freeText(head)} free)`
        );
        continue;
      }
      return;
    }
  }
  /**
   * Last resort, when nothing is ready, running, starting or backing off while tasks wait for
   * parked services: no event will ever come to re-queue those, so the tasks waiting for them
   * fail rather than the run hanging. Parking is chosen so that this does not happen; this is
   * the guarantee that a run ends whatever the graph.
   */
  unstick() {
    if (this.parked.length === 0 || this.runningByUnit.size > 0 || this.startingServices > 0 || this.backoffTimers.size > 0) return;
    const parked = this.parked;
    this.parked = [];
    for (const s of parked) {
      for (const d of this.ranking.dependents[s]) {
        if (this.state[d] === GATED) {
          this.finish(d, "failed", `its services cannot be up together with the others that hold the capacity (${this.units[s].id} had to make room)`);
        }
      }
    }
    for (const s of parked) if (this.state[s] === DEMANDED && this.liveDependents[s] > 0) this.makeReady(s);
  }
  /**
   * The lowest-priority up service that `head` does not need and no running task uses. When the
   * head is a service, the services needed by the tasks waiting for it count as needed too:
   * parking one of those to start the head would only trade one missing service for another.
   */
  parkable(head) {
    let best;
    const needed = new Set(this.ranking.needs[head]);
    if (this.isService[head]) {
      for (const d of this.ranking.dependents[head]) {
        if (this.state[d] === GATED) for (const j of this.ranking.needs[d]) needed.add(j);
      }
    }
    const nodes = this.nodes;
    const slotBound = this.freeSlots < 1;
    for (const s of this.upServices) {
      if (needed.has(s) || this.state[s] !== HEALTHY) continue;
      if (nodes && !slotBound) {
        const k = nodes.at[s];
        if (k < 0 || nodes.pin[head] >= 0 && k !== nodes.pin[head] || this.cpuM[head] > nodes.capCpuM[k] || this.memory[head] > nodes.capMemory[k]) continue;
      }
      if (this.ranking.dependents[s].some((d) => this.state[d] === RUNNING)) continue;
      if (best === void 0 || this.ranking.rank[s] > this.ranking.rank[best]) best = s;
    }
    return best;
  }
  /**
   * Stops service `s` for now, to break a deadlock where services demanded by different waiting
   * tasks hold all the capacity. Its dependents wait for it again; it is re-queued as soon as a
   * task starts or a unit ends (every park is followed by such progress, so parking cannot loop).
   */
  park(s) {
    this.upServices.delete(s);
    this.give(s, this.memory[s]);
    this.state[s] = DEMANDED;
    const usage = this.options.executor.stopService(this.units[s].id);
    this.onEvent?.({ type: "service-stop", at: this.now(), unit: this.units[s].id, ...usage ? { usage } : {} });
    for (const d of this.ranking.dependents[s]) {
      if (this.state[d] === READY) {
        this.leaveReady(d);
        this.state[d] = GATED;
        this.pendingServices[d] = 1;
      } else if (this.state[d] === GATED) this.pendingServices[d]++;
    }
    this.parked.push(s);
  }
  /** Progress was made (a task started or a unit ended): parked services queue up again. */
  unpark() {
    if (this.parked.length === 0) return;
    const parked = this.parked;
    this.parked = [];
    for (const s of parked) if (this.state[s] === DEMANDED) this.makeReady(s);
  }
  /** Starts lower-priority units that fit now without delaying the blocked head's reservation. */
  backfill(head) {
    if (this.nodes) return this.backfillNodes(head, this.nodes);
    if (this.freeSlots < 1 || this.readyCount <= 1) return;
    if (!this.buckets.some((b) => b.count > 0 && this.fitsNow(b.cpus, b.memory))) return;
    const now = this.options.clock.now();
    const ends = [];
    for (const r of this.runningByUnit.values()) ends.push({ end: Math.max(now, r.start + this.estimate[r.index]), i: r.index });
    ends.sort((a, b) => a.end - b.end || a.i - b.i);
    let cpu = this.freeCpuM;
    let mem = this.freeMemory;
    let slots = this.freeSlots;
    let shadow = Infinity;
    const needCpu = this.cpuM[head];
    const needMem = this.memory[head];
    if (!(cpu >= needCpu && mem >= needMem && slots >= 1)) {
      for (const { end, i } of ends) {
        cpu += this.cpuM[i];
        mem += this.runningByUnit.get(i).attempt.memory;
        slots += 1;
        if (cpu >= needCpu && mem >= needMem && slots >= 1) {
          shadow = end;
          break;
        }
      }
    }
    let extraCpu = cpu - needCpu;
    let extraMem = mem - needMem;
    let extraSlots = slots - 1;
    if (shadow === Infinity) {
      extraCpu = extraMem = extraSlots = Infinity;
    }
    for (; ; ) {
      let best;
      let bestUsesExtra = false;
      for (const bucket of this.buckets) {
        if (bucket.count === 0 || !this.fitsNow(bucket.cpus, bucket.memory)) continue;
        const valid = bucket.valid;
        const top = bucket.byRank.peekValid(valid);
        if (top === void 0) continue;
        const fitsExtra = bucket.cpus <= extraCpu && bucket.memory <= extraMem && extraSlots >= 1;
        let candidate;
        let usesExtra = false;
        if (now + this.estimate[top] <= shadow) candidate = top;
        else if (fitsExtra) {
          candidate = top;
          usesExtra = true;
        } else {
          const short = bucket.byEstimate.peekValid(valid);
          if (short !== void 0 && now + this.estimate[short] <= shadow) candidate = short;
        }
        if (candidate !== void 0 && (best === void 0 || this.ranking.rank[candidate] < this.ranking.rank[best])) {
          best = candidate;
          bestUsesExtra = usesExtra;
        }
      }
      if (best === void 0) return;
      if (bestUsesExtra) {
        extraCpu -= this.cpuM[best];
        extraMem -= this.memory[best];
        extraSlots -= 1;
      }
      this.launch(best, 0);
      if (this.stopping?.hard || this.freeSlots < 1) return;
    }
  }
  // -------------------------------------------------------------------------------------------
  // Several nodes (`SchedulerOptions.placement`)
  /**
   * The node a request starts on now: among the nodes it may use that have room (and a free
   * slot), the one with the least free cpu, then the least free memory, then the first — best
   * fit, so that big holes stay for big units. -1 when none has room.
   */
  pickNode(cpuM, memory, pin, avoid = -1, unit = -1, lenient = false) {
    const nodes = this.nodes;
    if (this.freeSlots < 1) return -1;
    if (unit >= 0 && pin < 0 && nodes.shun.size > 0) {
      const shunned = nodes.shun.get(unit);
      if (shunned) {
        let best2 = -1;
        for (let k = 0; k < nodes.freeCpuM.length; k++) {
          if (k === avoid || shunned.has(k) || cpuM > nodes.freeCpuM[k] || memory > nodes.freeMemory[k]) continue;
          if (best2 < 0 || nodes.freeCpuM[k] < nodes.freeCpuM[best2] || nodes.freeCpuM[k] === nodes.freeCpuM[best2] && nodes.freeMemory[k] < nodes.freeMemory[best2]) best2 = k;
        }
        if (best2 >= 0 || !lenient && this.fitsUnshunned(unit, shunned)) return best2;
      }
    }
    const free = nodes.freeCpuM;
    const freeMemory = nodes.freeMemory;
    if (pin >= 0) return pin !== avoid && cpuM <= free[pin] && memory <= freeMemory[pin] ? pin : -1;
    let best = -1;
    for (let k = 0; k < free.length; k++) {
      if (k === avoid || cpuM > free[k] || memory > freeMemory[k]) continue;
      if (best < 0 || free[k] < free[best] || free[k] === free[best] && freeMemory[k] < freeMemory[best]) best = k;
    }
    return best;
  }
  /** Whether unit `i` is to stay off node `k` for now (`Nodes.shun`): a node it is kept off, while another could hold it. */
  keptOff(i, k) {
    const shunned = this.nodes.shun.get(i);
    return shunned !== void 0 && shunned.has(k) && this.fitsUnshunned(i, shunned);
  }
  /** Whether service `s` fits, when empty, a node it is not kept off. */
  fitsUnshunned(s, shunned) {
    const nodes = this.nodes;
    for (let k = 0; k < nodes.list.length; k++) {
      if (!shunned.has(k) && this.cpuM[s] <= nodes.capCpuM[k] && this.memory[s] <= nodes.capMemory[k]) return true;
    }
    return false;
  }
  /** Fills `nodes.shun`: for each service, the nodes that would keep a dependent task waiting on it. */
  findShunned(nodes) {
    for (let s = 0; s < this.n; s++) {
      if (!this.isService[s] || nodes.pin[s] >= 0) continue;
      for (const d of this.ranking.dependents[s]) {
        if (this.isService[d]) continue;
        let only = nodes.pin[d];
        if (only < 0) {
          for (let k = 0; k < nodes.list.length; k++) {
            if (this.cpuM[d] > nodes.capCpuM[k] || this.memory[d] > nodes.capMemory[k]) continue;
            if (only >= 0) {
              only = -2;
              break;
            }
            only = k;
          }
        }
        if (only < 0) continue;
        if (this.cpuM[d] + this.cpuM[s] <= nodes.capCpuM[only] && this.memory[d] + this.memory[s] <= nodes.capMemory[only]) continue;
        let shunned = nodes.shun.get(s);
        if (!shunned) nodes.shun.set(s, shunned = /* @__PURE__ */ new Set());
        shunned.add(only);
      }
    }
  }
  /** Why unit `i` could never start on the nodes it may use, even with them empty; undefined when it could. */
  fitsNoNode(i) {
    const nodes = this.nodes;
    const need = `it needs ${formatCpuCount(this.cpuM[i] / 1e3)} and ${formatBytes(this.memory[i])} of memory`;
    if (this.capSlots < 1) return `${need}, and no container may run (parallel is ${this.capSlots})`;
    const fits = (k) => this.cpuM[i] <= nodes.capCpuM[k] && this.memory[i] <= nodes.capMemory[k];
    const pin = nodes.pin[i];
    if (pin >= 0) {
      if (fits(pin)) return void 0;
      const why = this.options.placement?.why.get(this.units[i].id);
      return `${need}, more than node ${describeNode(nodes.list[pin])}, the only node it may run on${why ? ` (${why})` : ""}`;
    }
    for (let k = 0; k < nodes.list.length; k++) if (fits(k)) return void 0;
    return `${need}, more than any single node has (${nodes.list.map(describeNode).join(", ")})`;
  }
  /** The most memory unit `i` may get: the largest node it may use. */
  maxMemory(i, nodes) {
    if (nodes.pin[i] >= 0) return nodes.capMemory[nodes.pin[i]];
    let max = 0;
    for (const m of nodes.capMemory) if (m > max) max = m;
    return max;
  }
  /** What is free, for a message: the total, or per node the head may use. */
  freeText(head) {
    const nodes = this.nodes;
    if (!nodes) return `${formatCpuCount(this.freeCpuM / 1e3)} and ${formatBytes(this.freeMemory)}`;
    const ks = nodes.pin[head] >= 0 ? [nodes.pin[head]] : nodes.list.map((_, k) => k);
    return ks.map((k) => `${formatCpuCount(nodes.freeCpuM[k] / 1e3)} and ${formatBytes(nodes.freeMemory[k])} on ${nodes.list[k].name || nodes.list[k].id}`).join(", ");
  }
  /**
   * `backfill` per node. The head's reservation is on one node: the node it may use where enough
   * running tasks end first (shadow time S), with what is left there at S once it has started
   * (the extra E). A lower-priority unit may start on any other node freely, and on the reserved
   * node only if it is expected to end by S or fits within E. Slots stay global: a unit that runs
   * past S takes one of the slots left at S.
   */
  backfillNodes(head, nodes) {
    if (this.freeSlots < 1 || this.readyCount <= 1) return;
    if (!this.buckets.some((b) => b.count > 0 && this.pickNode(b.cpus, b.memory, b.pin) >= 0)) return;
    const now = this.options.clock.now();
    const ends = [];
    for (const r of this.runningByUnit.values()) ends.push({ end: Math.max(now, r.start + this.estimate[r.index]), i: r.index });
    ends.sort((a, b) => a.end - b.end || a.i - b.i);
    const needCpu = this.cpuM[head];
    const needMem = this.memory[head];
    let shadow = Infinity;
    let reserved = -1;
    let extraCpu = Infinity;
    let extraMem = Infinity;
    let extraSlots = Infinity;
    const pin = nodes.pin[head];
    const shunned = nodes.shun.get(head);
    const keepOff = shunned && this.fitsUnshunned(head, shunned) ? shunned : void 0;
    for (let k = pin >= 0 ? pin : 0; k < (pin >= 0 ? pin + 1 : nodes.list.length); k++) {
      if (keepOff?.has(k)) continue;
      let cpu = nodes.freeCpuM[k];
      let mem = nodes.freeMemory[k];
      let slots = this.freeSlots;
      let at = Infinity;
      if (cpu >= needCpu && mem >= needMem && slots >= 1) at = now;
      else {
        for (const { end, i } of ends) {
          slots += 1;
          if (nodes.at[i] === k) {
            cpu += this.cpuM[i];
            mem += this.runningByUnit.get(i).attempt.memory;
          }
          if (cpu >= needCpu && mem >= needMem && slots >= 1) {
            at = end;
            break;
          }
        }
      }
      if (at < shadow) {
        shadow = at;
        reserved = k;
        extraCpu = cpu - needCpu;
        extraMem = mem - needMem;
        extraSlots = slots - 1;
      }
    }
    for (; ; ) {
      let best;
      let bestNode = -1;
      for (const bucket of this.buckets) {
        if (bucket.count === 0 || this.pickNode(bucket.cpus, bucket.memory, bucket.pin) < 0) continue;
        const valid = bucket.valid;
        const top = bucket.byRank.peekValid(valid);
        if (top === void 0) continue;
        let candidate;
        let node = this.backfillNode(bucket, top, now + this.estimate[top] <= shadow, reserved, extraCpu, extraMem, extraSlots);
        if (node >= 0) candidate = top;
        else {
          const short = bucket.byEstimate.peekValid(valid);
          if (short !== void 0 && now + this.estimate[short] <= shadow) {
            node = this.pickNode(bucket.cpus, bucket.memory, bucket.pin, -1, short);
            if (node >= 0) candidate = short;
          }
        }
        if (candidate !== void 0 && (best === void 0 || this.ranking.rank[candidate] < this.ranking.rank[best])) {
          best = candidate;
          bestNode = node;
        }
      }
      if (best === void 0) return;
      if (now + this.estimate[best] > shadow) {
        extraSlots -= 1;
        if (bestNode === reserved) {
          extraCpu -= this.cpuM[best];
          extraMem -= this.memory[best];
        }
      }
      this.launch(best, bestNode);
      if (this.stopping?.hard || this.freeSlots < 1) return;
    }
  }
  /**
   * The node a backfill candidate of `bucket` may start on without delaying the reservation on
   * node `reserved`: any node with room when it ends by the shadow time; otherwise one of the
   * slots left at S, and on the reserved node only within the extra. Best fit among those; -1.
   */
  backfillNode(bucket, unit, endsInTime, reserved, extraCpu, extraMem, extraSlots) {
    if (endsInTime) return this.pickNode(bucket.cpus, bucket.memory, bucket.pin, -1, unit);
    if (extraSlots < 1) return -1;
    const other = this.pickNode(bucket.cpus, bucket.memory, bucket.pin, reserved, unit);
    const onReserved = reserved >= 0 && bucket.cpus <= extraCpu && bucket.memory <= extraMem && this.pickNode(bucket.cpus, bucket.memory, reserved) >= 0 && (bucket.pin < 0 || bucket.pin === reserved) && !this.keptOff(unit, reserved);
    if (other < 0) return onReserved ? reserved : -1;
    if (!onReserved) return other;
    const free = this.nodes.freeCpuM;
    const freeMemory = this.nodes.freeMemory;
    if (free[reserved] < free[other] || free[reserved] === free[other] && (freeMemory[reserved] < freeMemory[other] || freeMemory[reserved] === freeMemory[other] && reserved < other)) return reserved;
    return other;
  }
  take(i, memory, node) {
    this.freeCpuM -= this.cpuM[i];
    this.freeMemory -= memory;
    this.freeSlots -= 1;
    const nodes = this.nodes;
    if (nodes) {
      nodes.freeCpuM[node] -= this.cpuM[i];
      nodes.freeMemory[node] -= memory;
      nodes.at[i] = nodes.last[i] = node;
    }
  }
  give(i, memory) {
    this.freeCpuM += this.cpuM[i];
    this.freeMemory += memory;
    this.freeSlots += 1;
    const nodes = this.nodes;
    if (nodes && nodes.at[i] >= 0) {
      nodes.freeCpuM[nodes.at[i]] += this.cpuM[i];
      nodes.freeMemory[nodes.at[i]] += memory;
      nodes.at[i] = -1;
    }
  }
  /** @param node the node index to run on, with a placement (ignored without). */
  launch(i, node) {
    this.leaveReady(i);
    const unit = this.units[i];
    const at = this.now();
    this.firstStart[i] ??= at;
    this.take(i, this.memory[i], node);
    this.markStarted(i);
    const nodeId = this.nodes?.list[node].id;
    if (this.isService[i]) {
      this.state[i] = STARTING;
      this.startingServices++;
      this.upServices.add(i);
      this.onEvent?.(nodeId === void 0 ? { type: "service-start", at, unit: unit.id } : { type: "service-start", at, unit: unit.id, node: nodeId });
      let reported = false;
      this.options.executor.startService(unit, {
        healthy: () => this.enqueue(() => {
          if (reported) return;
          reported = true;
          this.onServiceHealthy(i);
        }),
        failed: (message) => this.enqueue(() => {
          reported = true;
          this.onServiceFailed(i, message);
        })
      }, nodeId);
      return;
    }
    this.state[i] = RUNNING;
    const number = ++this.attemptNo[i];
    let needsOutputs;
    const scheduler = this;
    const attempt = {
      id: `${unit.id}#${number}`,
      unit,
      number,
      memory: this.memory[i],
      get needsOutputs() {
        return needsOutputs ??= scheduler.needsOutputs(i);
      }
    };
    if (nodeId !== void 0) attempt.node = nodeId;
    const run = { index: i, attempt, start: this.options.clock.now() };
    this.runningByUnit.set(i, run);
    this.onEvent?.(
      nodeId === void 0 ? { type: "attempt-start", at, unit: unit.id, attempt: number, memory: attempt.memory } : { type: "attempt-start", at, unit: unit.id, attempt: number, memory: attempt.memory, node: nodeId }
    );
    this.unpark();
    let exited = false;
    let started = false;
    this.options.executor.start(
      attempt,
      (outcome) => this.enqueue(() => {
        if (exited) return;
        exited = true;
        this.onAttemptExit(run, outcome);
      }),
      // The timeout counts from when the command starts (an image pull or a slow create is not
      // the task's time). Armed at once, not queued: only a timer is set, and the simulator's
      // timers keep the order they had (the timeout before the attempt's own end).
      () => {
        if (started || exited) return;
        started = true;
        run.commandStart = this.options.clock.now();
        this.armTimeout(run);
        this.onEvent?.({ type: "attempt-running", at: this.now(), unit: unit.id, attempt: number });
      }
    );
  }
  /** Sets the attempt's timeout timer, if its unit has one, from now. */
  armTimeout(run) {
    const timeout = run.attempt.unit.timeout;
    if (timeout === void 0 || !(timeout > 0) || run.killReason || this.runningByUnit.get(run.index) !== run) return;
    run.timer = this.options.clock.setTimer(
      timeout,
      () => this.enqueue(() => {
        if (this.runningByUnit.get(run.index) !== run || run.killReason) return;
        run.killReason = "timeout";
        this.options.executor.kill(run.attempt.id, "timeout");
      })
    );
  }
  /**
   * The outputs of `i`'s needed tasks, keyed by unit id: each expansion of a matrix task has its
   * own (`test[shard=1]`), so none overwrites another's; core/substitute.ts reads them.
   */
  needsOutputs(i) {
    const result = /* @__PURE__ */ Object.create(null);
    for (const j of this.ranking.needs[i]) {
      if (this.isService[j]) continue;
      const id = this.units[j].id;
      const into = result[id] ??= /* @__PURE__ */ Object.create(null);
      const outputs = this.outputs[j];
      if (outputs) for (const key in outputs) into[key] = outputs[key];
    }
    return result;
  }
  /** `i` started (or ended without starting): dependents whose needs are all under way may prepare. */
  markStarted(i) {
    if (this.startedOrDone[i]) return;
    this.startedOrDone[i] = 1;
    for (const d of this.ranking.dependents[i]) {
      if (--this.unstartedNeeds[d] !== 0) continue;
      const st = this.state[d];
      if (st === DONE || this.stopping && !this.survives(d) || this.options.taken?.has(this.units[d].id)) continue;
      if (!this.isService[d] || st !== WAITING) this.options.executor.prepare?.(this.units[d]);
    }
  }
  // -------------------------------------------------------------------------------------------
  // Executor callbacks
  onAttemptExit(run, outcome) {
    const i = run.index;
    const unit = this.units[i];
    if (run.timer !== void 0) this.options.clock.clearTimer(run.timer);
    this.runningByUnit.delete(i);
    this.give(i, run.attempt.memory);
    const end = this.now();
    let status = outcome.status;
    if (run.killReason === "timeout" && status !== "succeeded") status = "timeout";
    const recorded = status === outcome.status ? outcome : { ...outcome, status };
    const record = { number: run.attempt.number, start: run.start - this.t0, end, memory: run.attempt.memory, outcome: recorded };
    if (run.attempt.node !== void 0) record.node = run.attempt.node;
    this.records[i].push(record);
    const stop = run.stoppedBy;
    if (stop && status !== "succeeded") {
      this.onEvent?.({ type: "attempt-end", at: end, unit: unit.id, attempt: run.attempt.number, outcome: recorded, willRetry: false });
      if (stop.kind === "fail-fast") this.failedUpstream[i] = 1;
      const why = run.commandStart === void 0 ? `${this.notRun(stop)} (stopped before its command started)` : this.stoppedAfter(this.options.clock.now() - run.commandStart, "ran", stop);
      return this.finish(i, "cancelled", why);
    }
    const retryable = status === "failed" || status === "oom" || status === "timeout";
    const willRetry = retryable && (!this.stopping || this.survives(i)) && run.attempt.number <= unit.retries.count;
    this.onEvent?.({ type: "attempt-end", at: end, unit: unit.id, attempt: run.attempt.number, outcome: recorded, willRetry });
    if (status === "succeeded") {
      this.outputs[i] = outcome.outputs ?? {};
      return this.finish(i, "succeeded", outcome.cached ? `cached: it succeeded in run ${outcome.cached.run} with the same inputs, not run again` : void 0);
    }
    if (willRetry) {
      const lost = this.ranking.needs[i].find((j) => this.isService[j] && this.state[j] !== HEALTHY);
      if (lost !== void 0) {
        this.failedUpstream[i] = 1;
        return this.finish(i, status, this.serviceFailure(lost));
      }
      if (status === "oom") {
        const factor = unit.retries.memoryFactor > 0 ? unit.retries.memoryFactor : 1;
        this.memory[i] = Math.min(this.nodes ? this.maxMemory(i, this.nodes) : this.capMemory, Math.ceil(run.attempt.memory * factor));
        this.shapeBucket[i] = void 0;
      }
      this.state[i] = BACKOFF;
      const delay = Math.max(0, unit.retries.backoff) * 2 ** (run.attempt.number - 1);
      const timer = this.options.clock.setTimer(
        delay,
        () => this.enqueue(() => {
          if (this.backoffTimers.get(i) !== timer) return;
          this.backoffTimers.delete(i);
          this.makeReady(i);
        })
      );
      this.backoffTimers.set(i, timer);
      return;
    }
    this.finish(i, status, outcome.message ?? (status === "timeout" ? `timed out after ${unit.timeout} ms` : status));
  }
  onServiceHealthy(s) {
    if (this.state[s] !== STARTING) return;
    this.state[s] = HEALTHY;
    this.healthyAt[s] ??= this.now();
    this.startingServices--;
    this.onEvent?.({ type: "service-healthy", at: this.now(), unit: this.units[s].id });
    for (const d of this.ranking.dependents[s]) {
      if (this.state[d] === GATED && --this.pendingServices[d] === 0) this.makeReady(d);
    }
  }
  onServiceFailed(s, message) {
    const st = this.state[s];
    if (st !== STARTING && st !== HEALTHY) return;
    this.takeDown(s, "failed", message);
  }
  /** Service `s` failed: dependents that have not started cannot succeed without it. */
  failWaitingDependents(s) {
    for (const d of this.ranking.dependents[s]) {
      const ds = this.state[d];
      if (ds === GATED || ds === READY || ds === BACKOFF) {
        this.failedUpstream[d] = 1;
        if (ds === BACKOFF) {
          this.clearBackoff(d);
          this.finish(d, "failed", this.serviceFailure(s));
        } else this.finish(d, "skipped", this.serviceFailure(s));
      }
    }
  }
  /** Stops a service that is up and records how it ended. */
  takeDown(s, status, reason) {
    if (this.state[s] === STARTING) this.startingServices--;
    this.upServices.delete(s);
    this.give(s, this.memory[s]);
    this.state[s] = WAITING;
    const usage = this.options.executor.stopService(this.units[s].id);
    this.onEvent?.({ type: "service-stop", at: this.now(), unit: this.units[s].id, ...status === "failed" ? { failed: reason ?? "failed" } : {}, ...usage ? { usage } : {} });
    this.finish(s, status, reason);
  }
  clearBackoff(i) {
    const timer = this.backoffTimers.get(i);
    if (timer !== void 0) this.options.clock.clearTimer(timer);
    this.backoffTimers.delete(i);
  }
  // -------------------------------------------------------------------------------------------
  // Ending
  finish(i, status, reason) {
    if (this.state[i] === DONE) return;
    if (this.state[i] === READY) this.leaveReady(i);
    this.state[i] = DONE;
    this.status[i] = status;
    this.reason[i] = reason;
    this.terminal++;
    const at = this.now();
    if (this.firstStart[i] !== void 0) this.endAt[i] = at;
    const unit = this.units[i];
    const failure = FAILURES.has(status);
    if (failure) this.failedUpstream[i] = 1;
    this.onEvent?.({ type: "unit-end", at, unit: unit.id, status, ...reason !== void 0 ? { reason } : {} });
    this.markStarted(i);
    if (!this.isService[i]) {
      for (const d of this.ranking.dependents[i]) if (--this.pendingTaskNeeds[d] === 0) this.queue.push(() => this.gate(d));
    }
    for (const s of this.ranking.needs[i]) {
      if (!this.isService[s] || --this.liveDependents[s] !== 0) continue;
      this.release(s);
    }
    if (failure && this.isService[i]) this.failWaitingDependents(i);
    this.unpark();
    if (failure && !unit.allowFailure) {
      this.anyFailure = true;
      if (this.options.failFast && !this.stopping) this.stopAll("fail-fast", `--fail-fast after ${unit.id} ${status === "failed" ? "failed" : `ended ${status}`}`);
    }
  }
  /** Service `s` has no dependents left. */
  release(s) {
    const st = this.state[s];
    if (st === DONE) return;
    if (st === STARTING || st === HEALTHY) {
      return this.takeDown(s, st === HEALTHY || !this.stopping ? "succeeded" : "cancelled", st === STARTING ? "no longer needed before it became healthy" : void 0);
    }
    this.finish(s, "skipped", this.stopping ? this.notRun() : "no dependent ran");
  }
  /**
   * Stops the run starting work: kills what runs, stops services, skips what waits — sparing the
   * units that `survives()` keeps (unless `hard`). A cancel that spares any starts the grace timer.
   */
  stopAll(kind, cause, hard = false) {
    const stop = { kind, cause, hard };
    this.stopping = stop;
    const at = this.now();
    for (const run of [...this.runningByUnit.values()]) {
      if (run.killReason || this.survives(run.index)) continue;
      run.killReason = kind;
      run.stoppedBy = stop;
      this.options.executor.kill(run.attempt.id, kind);
    }
    for (const i of [...this.backoffTimers.keys()]) {
      if (this.survives(i)) continue;
      this.clearBackoff(i);
      const last = this.records[i][this.records[i].length - 1]?.outcome.status ?? "failed";
      if (kind === "cancel") this.finish(i, "cancelled", "cancelled while waiting to retry");
      else this.finish(i, last, `retry not started: ${cause}`);
    }
    for (const s of [...this.upServices]) {
      if (this.survives(s)) continue;
      const ran = at - (this.firstStart[s] ?? at);
      this.takeDown(s, "cancelled", this.stoppedAfter(ran, this.state[s] === HEALTHY ? "ran" : "was starting for", stop));
    }
    const reason = this.notRun(stop);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < this.n; i++) {
        if (this.isService[i] !== (pass === 1)) continue;
        const st = this.state[i];
        if (st !== WAITING && st !== DEMANDED && st !== GATED && st !== READY) continue;
        if (this.survives(i) || this.isService[i] && this.firstStart[i] !== void 0) continue;
        if (kind === "fail-fast") this.failedUpstream[i] = 1;
        this.finish(i, "skipped", reason);
      }
    }
    if (hard) {
      if (this.graceTimer !== void 0) this.options.clock.clearTimer(this.graceTimer);
      this.graceTimer = void 0;
    } else if (kind === "cancel" && this.graceTimer === void 0 && this.terminal < this.n) {
      const grace = Math.max(0, this.options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
      this.graceTimer = this.options.clock.setTimer(
        grace,
        () => this.enqueue(() => {
          this.graceTimer = void 0;
          if (this.finished || this.stopping?.hard) return;
          this.stopAll("cancel", `${cause} and its ${formatDuration(grace)} grace for if: always work ran out`, true);
        })
      );
    }
  }
  checkDone() {
    if (this.finished || !this.started || this.terminal < this.n || this.runningByUnit.size > 0) return;
    this.finished = true;
    if (this.graceTimer !== void 0) this.options.clock.clearTimer(this.graceTimer);
    this.graceTimer = void 0;
    const result = this.stopping?.kind === "cancel" ? "cancelled" : this.anyFailure ? "failure" : "success";
    let first = Infinity;
    let last = -Infinity;
    const units = this.units.map((u, i) => {
      const start = this.firstStart[i];
      const end = this.endAt[i];
      if (start !== void 0 && start < first) first = start;
      if (end !== void 0 && end > last) last = end;
      return {
        id: u.id,
        kind: u.kind,
        status: this.status[i],
        ...this.reason[i] !== void 0 ? { reason: this.reason[i] } : {},
        ...start !== void 0 ? { start, end } : {},
        cpus: u.cpus,
        memory: this.memory[i],
        attempts: this.records[i],
        ...this.nodes && this.nodes.last[i] >= 0 ? { node: this.nodes.list[this.nodes.last[i]].id } : {}
      };
    });
    const makespan = first === Infinity ? 0 : Math.max(0, last - first);
    this.onEvent?.({ type: "run-end", at: this.now(), result });
    this.options.onDone({ result, makespan, units });
  }
};

// core/executors/simulated.ts
var VirtualClock = class {
  time;
  seq = 0;
  /** By slot; fired timers are dropped so their closures can be collected. */
  timers = [];
  /** Pending timers, earliest first; ties fire in the order they were set. */
  heap = new IndexHeap((a, b) => {
    const x = this.timers[a];
    const y = this.timers[b];
    return x.at < y.at || x.at === y.at && x.seq < y.seq;
  });
  /** @param start the initial time (ms). Default 0. */
  constructor(start = 0) {
    this.time = start;
  }
  now() {
    return this.time;
  }
  setTimer(delayMs, fn) {
    const timer = { at: this.time + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    this.heap.push(this.timers.length - 1);
    return timer;
  }
  clearTimer(handle) {
    handle.cancelled = true;
  }
  /** Pending (not cancelled) timers exist. */
  get pending() {
    return this.heap.peekValid((slot) => !this.timers[slot].cancelled) !== void 0;
  }
  /**
   * Fires timers in time order (ties by insertion) until none is left, advancing the clock to each.
   * @param limit stop after this many timers, a guard against a runaway simulation. Default: none.
   * @returns the number of timers fired.
   */
  run(limit = Infinity) {
    let fired = 0;
    while (fired < limit) {
      const slot = this.heap.pop();
      if (slot === void 0) break;
      const timer = this.timers[slot];
      this.timers[slot] = void 0;
      if (timer.cancelled) continue;
      this.time = timer.at;
      fired++;
      timer.fn();
    }
    return fired;
  }
};
var SUCCEEDED = Object.freeze({ status: "succeeded" });
var KILLED = { timeout: "timeout", cancel: "cancelled", "fail-fast": "killed" };
var SimulatedExecutor = class {
  /** @param behaviour scripted outcomes; default: every attempt succeeds after its estimate, services are healthy at once. */
  constructor(clock, behaviour = {}, options = {}) {
    this.clock = clock;
    this.behaviour = behaviour;
    this.overhead = Math.max(0, options.startOverhead ?? 0);
  }
  clock;
  behaviour;
  attempts = /* @__PURE__ */ new Map();
  services = /* @__PURE__ */ new Map();
  overhead;
  prepare(unit) {
    this.behaviour.prepare?.(unit);
  }
  start(attempt, onExit, onStarted) {
    onStarted?.();
    const script = this.behaviour.attempt?.(attempt);
    const duration = (script?.duration ?? attempt.unit.estimate) + this.overhead;
    const outcome = script?.outcome ?? SUCCEEDED;
    const finish = () => {
      this.attempts.delete(attempt.id);
      onExit(outcome);
    };
    const timer = Number.isFinite(duration) ? this.clock.setTimer(duration, finish) : {};
    this.attempts.set(attempt.id, { timer, onExit });
  }
  kill(attemptId, reason) {
    const running = this.attempts.get(attemptId);
    if (!running) return;
    this.attempts.delete(attemptId);
    this.clock.clearTimer(running.timer);
    this.clock.setTimer(0, () => running.onExit({ status: KILLED[reason], message: `killed (${reason})` }));
  }
  startService(unit, callbacks) {
    const script = this.behaviour.service?.(unit) ?? {};
    const timers = [];
    this.services.set(unit.id, timers);
    timers.push(
      this.clock.setTimer((script.healthyAfter ?? unit.healthyAfter ?? 0) + this.overhead, () => {
        if (script.fail !== void 0) return callbacks.failed(script.fail);
        callbacks.healthy();
        if (script.dieAfter !== void 0) {
          timers.push(this.clock.setTimer(script.dieAfter, () => callbacks.failed(script.dieMessage ?? "exited")));
        }
      })
    );
  }
  stopService(unitId) {
    for (const timer of this.services.get(unitId) ?? []) this.clock.clearTimer(timer);
    this.services.delete(unitId);
  }
  /** Attempts started and not yet ended (for tests). */
  get runningAttempts() {
    return [...this.attempts.keys()];
  }
};

// core/plan.ts
var DEFAULT_START_OVERHEAD_MS = 400;
function plan(graph, capacity, options = {}) {
  const overhead = Math.max(0, options.startOverhead ?? DEFAULT_START_OVERHEAD_MS);
  const ranking = rankUnits(graph, overhead);
  const clock = new VirtualClock();
  let result;
  const scheduler = new Scheduler(graph, {
    capacity,
    executor: new SimulatedExecutor(clock, {}, { startOverhead: overhead }),
    clock,
    ranking,
    ...options.placement ? { placement: options.placement } : {},
    onDone: (r) => result = r
  });
  scheduler.start();
  clock.run();
  if (!result) throw new Error("internal: the simulated run did not finish");
  const units = graph.units;
  const n = units.length;
  const length = (i) => planningEstimate(units[i]) + overhead;
  const bottomLevel = ranking.bottomLevel;
  const path = [];
  if (n > 0 && ranking.topo.length > 0) {
    let i = ranking.topo[0];
    for (const k of ranking.topo) {
      if (bottomLevel[k] > bottomLevel[i] || bottomLevel[k] === bottomLevel[i] && ranking.rank[k] < ranking.rank[i]) i = k;
    }
    for (; ; ) {
      path.push(i);
      const rest = bottomLevel[i] - length(i);
      let next;
      for (const d of ranking.dependents[i]) {
        if (bottomLevel[d] === rest && (next === void 0 || ranking.rank[d] < ranking.rank[next])) next = d;
      }
      if (next === void 0) break;
      i = next;
    }
  }
  const taskPath = path.filter((i) => units[i].kind !== "service" || planningEstimate(units[i]) > 0);
  const onPath = new Set(taskPath);
  const criticalLength = maxOf(bottomLevel);
  let cpuWork = 0;
  let memoryWork = 0;
  for (const u of units) {
    if (u.kind === "service") continue;
    const est = planningEstimate(u) + overhead;
    cpuWork += est * u.cpus;
    memoryWork += est * u.memory;
  }
  const nodes = options.placement?.nodes;
  const totalCpus = nodes && nodes.length > 0 ? nodes.reduce((sum, node) => sum + node.capacity.cpus, 0) : capacity.cpus;
  const totalMemory = nodes && nodes.length > 0 ? nodes.reduce((sum, node) => sum + node.capacity.memory, 0) : capacity.memory;
  const lowerBound = Math.max(
    criticalLength,
    totalCpus > 0 ? cpuWork / totalCpus : 0,
    totalMemory > 0 ? memoryWork / totalMemory : 0
  );
  const start = new Float64Array(n).fill(NaN);
  const end = new Float64Array(n).fill(NaN);
  result.units.forEach((u, i) => {
    if (u.start !== void 0 && u.end !== void 0) {
      start[i] = u.start;
      end[i] = u.end;
    }
  });
  let last = 0;
  for (let i = 0; i < n; i++) if (end[i] > last) last = end[i];
  const latestFinish = new Float64Array(n).fill(last);
  for (let k = ranking.topo.length - 1; k >= 0; k--) {
    const i = ranking.topo[k];
    for (const d of ranking.dependents[i]) {
      if (Number.isNaN(start[d])) continue;
      const latestStart = latestFinish[d] - (end[d] - start[d]);
      if (latestStart < latestFinish[i]) latestFinish[i] = latestStart;
    }
  }
  const planned = [];
  result.units.forEach((u, i) => {
    if (Number.isNaN(start[i])) return;
    planned.push({
      id: u.id,
      kind: u.kind,
      start: start[i],
      end: end[i],
      cpus: u.cpus,
      memory: u.memory,
      critical: onPath.has(i),
      slack: Math.max(0, latestFinish[i] - end[i]),
      ...u.node !== void 0 ? { node: u.node } : {}
    });
  });
  return {
    makespan: result.makespan,
    lowerBound,
    criticalPath: taskPath.map((i) => units[i].id),
    units: planned,
    profile: usageProfile(result),
    ...nodes && nodes.length > 0 ? {
      nodes: nodes.map((node) => ({
        id: node.id,
        name: node.name,
        cpus: node.capacity.cpus,
        memory: node.capacity.memory,
        ...node.home ? { home: true } : {},
        profile: usageProfile(result, node.id)
      }))
    } : {}
  };
}
function maxOf(values) {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}
function usageProfile(result, node) {
  let n = 0;
  for (const u of result.units) {
    if (u.kind === "service") n += u.start !== void 0 && u.end !== void 0 && (node === void 0 || u.node === node) ? 2 : 0;
    else for (const a of u.attempts) if (node === void 0 || a.node === node) n += 2;
  }
  const t = new Float64Array(n);
  const cpu = new Float64Array(n);
  const memory = new Float64Array(n);
  const containers = new Int8Array(n);
  let k = 0;
  const change = (at, c, m, sign) => {
    t[k] = at;
    cpu[k] = sign * c;
    memory[k] = sign * m;
    containers[k++] = sign;
  };
  for (const u of result.units) {
    const c = Math.round(u.cpus * 1e3);
    if (u.kind === "service") {
      if (u.start === void 0 || u.end === void 0 || node !== void 0 && u.node !== node) continue;
      change(u.start, c, u.memory, 1);
      change(u.end, c, u.memory, -1);
      continue;
    }
    for (const a of u.attempts) {
      if (node !== void 0 && a.node !== node) continue;
      change(a.start, c, a.memory, 1);
      change(a.end, c, a.memory, -1);
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => t[a] - t[b] || a - b);
  const profile = [];
  let cpus = 0;
  let used = 0;
  let running = 0;
  for (let i = 0; i < n; ) {
    const at = t[order[i]];
    for (; i < n && t[order[i]] === at; i++) {
      const j = order[i];
      cpus += cpu[j];
      used += memory[j];
      running += containers[j];
    }
    const point = { t: at, cpus: cpus / 1e3, memory: used, containers: running };
    const prev = profile[profile.length - 1];
    if (prev && prev.cpus === point.cpus && prev.memory === point.memory && prev.containers === point.containers) continue;
    profile.push(point);
  }
  return profile;
}

// core/run/select-only.ts
function selectOnly(graph, names) {
  const wanted = /* @__PURE__ */ new Set();
  for (const name of names) {
    const matches = graph.units.filter((u) => u.id === name || u.spec.name === name);
    if (matches.length === 0) {
      const known = [...new Set(graph.units.flatMap((u) => [u.spec.name, u.id]))];
      const guess = closest(name, known);
      throw new GantryError(
        "only-unknown",
        `--only ${name}: no task or service of that name${guess ? `; did you mean "${guess}"?` : ""}`,
        void 0,
        `Known names: ${[...new Set(graph.units.map((u) => u.spec.name))].join(", ")}`
      );
    }
    for (const unit of matches) wanted.add(unit.id);
  }
  const stack = [...wanted];
  while (stack.length > 0) {
    const unit = graph.byId.get(stack.pop());
    for (const need of unit?.needs ?? []) {
      if (!wanted.has(need)) {
        wanted.add(need);
        stack.push(need);
      }
    }
  }
  const units = graph.units.filter((u) => wanted.has(u.id));
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}
function closest(name, candidates) {
  let best;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate, bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

// core/run/resume.ts
import { createHash } from "node:crypto";
import { lstatSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
function resumePlan(units) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const rerun = /* @__PURE__ */ new Set();
  const masked = [];
  for (const u of units) {
    if (u.kind === "service") continue;
    if (u.status !== "succeeded") rerun.add(u.id);
    else if (maskedOutputs(u).length > 0) {
      rerun.add(u.id);
      masked.push(u.id);
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const u of units) {
      if (u.kind === "service" || rerun.has(u.id)) continue;
      if (u.needs.some((n) => rerun.has(n))) {
        rerun.add(u.id);
        changed = true;
      }
    }
  }
  for (const id of [...rerun]) {
    for (const n of byId.get(id)?.needs ?? []) {
      const need = byId.get(n);
      if (need && (need.kind === "build" || need.kind === "service")) rerun.add(n);
    }
  }
  for (const id of [...rerun]) {
    if (byId.get(id)?.kind !== "service") continue;
    for (const n of byId.get(id)?.needs ?? []) if (byId.get(n)?.kind === "build") rerun.add(n);
  }
  const taken = /* @__PURE__ */ new Map();
  for (const u of units) {
    if (rerun.has(u.id) || u.status !== "succeeded") continue;
    taken.set(u.id, u.kind === "task" ? recordedOutputs(u) : {});
  }
  return { rerun, taken, masked };
}
function recordedOutputs(unit) {
  if (unit.outputs) return { ...unit.outputs };
  const last = unit.attempts[unit.attempts.length - 1];
  return { ...last?.outcome?.outputs ?? {} };
}
function maskedOutputs(unit) {
  if (unit.outputs) return [];
  return unit.attempts[unit.attempts.length - 1]?.outcome?.maskedOutputs ?? [];
}
function volumesOf(graph, ids, declared) {
  const used = /* @__PURE__ */ new Set();
  for (const unit of graph.units) {
    if (!ids.has(unit.id)) continue;
    for (const mount of unit.spec.volumes) if (mount.kind === "volume") used.add(mount.source);
  }
  return declared.filter((name) => used.has(name));
}
function fileHash(text) {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}
var RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
var MAX_REPORT_BYTES = 256 * 1024 * 1024;
function findResumable(runsDir, path, runId, cwd) {
  const shown = relative(cwd, runsDir) || ".";
  const hint = `\`gantry logs --list --file ${relative(cwd, path) || path}\` lists the runs of this file.`;
  if (runId !== void 0) {
    if (!RUN_ID.test(runId)) throw new GantryError("resume-unknown-run", `--resume ${JSON.stringify(runId)} is not a run id (letters, digits, "_", "." and "-").`, void 0, hint);
    const document = readReport(join(runsDir, runId, "report.json"));
    if (document === "missing") throw new GantryError("resume-unknown-run", `No run ${runId} in ${shown}.`, void 0, hint);
    if (document === "unreadable") throw new GantryError("resume-unreadable", `The report of run ${runId} (${shown}/${runId}/report.json) cannot be read as a Gantry report.`);
    if (resolve(document.file) !== resolve(path)) {
      throw new GantryError("resume-other-file", `Run ${runId} ran ${document.file}, not ${path}: resume it with that file.`);
    }
    return { runId, document };
  }
  let names = [];
  try {
    names = readdirSync(runsDir, { withFileTypes: true }).filter((e) => e.isDirectory() && RUN_ID.test(e.name)).map((e) => e.name).sort().reverse();
  } catch {
  }
  for (const name of names) {
    const document = readReport(join(runsDir, name, "report.json"));
    if (typeof document !== "object" || resolve(document.file) !== resolve(path)) continue;
    if (!document.complete && document.units.every((u) => u.status === "pending")) continue;
    return { runId: name, document };
  }
  throw new GantryError("resume-no-run", `No run of ${relative(cwd, path) || path} in ${shown} to resume.`, void 0, "Run the file first.");
}
function readReport(file) {
  for (let dir = dirname(file), i = 0; i < 3; dir = dirname(dir), i++) {
    try {
      if (!lstatSync(dir).isDirectory()) return "missing";
    } catch {
      return "missing";
    }
  }
  const bytes = readRegularFile(file, MAX_REPORT_BYTES);
  if (!bytes) return "missing";
  try {
    const doc = JSON.parse(bytes.toString("utf8"));
    if (isResumableReport(doc)) return doc;
  } catch {
  }
  return "unreadable";
}
function isResumableReport(doc) {
  if (!isRecord(doc) || doc.gantry !== 1 || typeof doc.file !== "string" || !Array.isArray(doc.units)) return false;
  if (doc.complete !== void 0 && typeof doc.complete !== "boolean") return false;
  if (doc.result !== void 0 && typeof doc.result !== "string") return false;
  if (doc.fileHash !== void 0 && typeof doc.fileHash !== "string") return false;
  if (doc.only !== void 0 && !isStringArray(doc.only)) return false;
  if (doc.keptVolumes !== void 0) {
    if (!isRecord(doc.keptVolumes)) return false;
    for (const kept of Object.values(doc.keptVolumes)) {
      if (!isRecord(kept) || typeof kept.volume !== "string" || typeof kept.run !== "string") return false;
    }
  }
  return doc.units.every(isResumableUnit);
}
function isResumableUnit(u) {
  if (!isRecord(u) || typeof u.id !== "string" || typeof u.status !== "string") return false;
  if (u.kind !== "task" && u.kind !== "service" && u.kind !== "build") return false;
  if (!isStringArray(u.needs) || !Array.isArray(u.attempts)) return false;
  if (u.outputs !== void 0 && !isStringRecord(u.outputs)) return false;
  if (u.resumedFrom !== void 0 && (typeof u.resumedFrom !== "string" || !RUN_ID.test(u.resumedFrom))) return false;
  for (const a of u.attempts) {
    if (!isRecord(a)) return false;
    if (a.outcome === void 0) continue;
    if (!isRecord(a.outcome)) return false;
    if (a.outcome.status !== void 0 && typeof a.outcome.status !== "string") return false;
    if (a.outcome.outputs !== void 0 && !isStringRecord(a.outcome.outputs)) return false;
    if (a.outcome.maskedOutputs !== void 0 && !isStringArray(a.outcome.maskedOutputs)) return false;
  }
  return true;
}
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function isStringArray(v) {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}
function isStringRecord(v) {
  return isRecord(v) && Object.values(v).every((x) => typeof x === "string");
}
var MAX_TAKEN_OUTPUTS = 1024 * 1024;
function decideResume(found, hash, graph, declaredVolumes) {
  const { runId, document } = found;
  if (!document.complete || document.result === "running") {
    throw new GantryError("resume-incomplete", `Run ${runId} did not finish (its report is partial: it was killed, or still runs), so it cannot be resumed.`, void 0, "Run the file in full.");
  }
  if (document.fileHash === void 0) {
    throw new GantryError("resume-no-hash", `Run ${runId} recorded no hash of its batch file (an older Gantry made it), so it cannot be resumed.`, void 0, "Run the file in full.");
  }
  if (document.fileHash !== hash) {
    throw new GantryError(
      "resume-file-changed",
      `${document.file} changed since run ${runId}: a resumed run must run the same file, byte for byte, as the run it takes results from.`,
      void 0,
      "Run the file in full (or undo the change to resume)."
    );
  }
  const ids = new Set(graph.units.map((u) => u.id));
  if (document.units.length !== ids.size || document.units.some((u) => !ids.has(u.id))) {
    throw new GantryError("resume-file-changed", `The units of ${document.file} are not those of run ${runId}, so it cannot be resumed.`, void 0, "Run the file in full.");
  }
  if (document.result === "success") return { kind: "nothing", why: `run ${runId} succeeded: nothing to resume` };
  const plan2 = resumePlan(document.units);
  if (plan2.rerun.size === 0) return { kind: "nothing", why: `every unit of run ${runId} succeeded: nothing to resume` };
  const kept = document.keptVolumes ?? {};
  const takenIds = new Set(plan2.taken.keys());
  const lost = volumesOf(graph, plan2.rerun, declaredVolumes).filter((name) => !Object.hasOwn(kept, name) && volumesOf(graph, takenIds, declaredVolumes).includes(name));
  if (lost.length > 0) {
    throw new GantryError(
      "resume-volume-gone",
      `Cannot resume run ${runId}: it kept no volume ${lost.join(", ")} (a run keeps its volumes only when something failed), and units taken over from it wrote there.`,
      void 0,
      "Run the file in full."
    );
  }
  const volumes = {};
  const spare = /* @__PURE__ */ new Set();
  for (const name of declaredVolumes) {
    if (!Object.hasOwn(kept, name)) continue;
    const { volume, run } = kept[name];
    if (!RUN_ID.test(run) || volume !== engineName("gantry", run, name)) {
      throw new GantryError(
        "resume-unreadable",
        `Run ${runId} names ${JSON.stringify(volume).slice(0, 120)} as its kept volume ${name}, which is not a volume a Gantry run keeps for it (gantry-<run>-${name}): refusing to mount it.`,
        void 0,
        "Run the file in full."
      );
    }
    volumes[name] = { volume, run };
    spare.add(run);
  }
  const taken = /* @__PURE__ */ new Map();
  const byId = new Map(document.units.map((u) => [u.id, u]));
  const unitsById = graph.byId;
  for (const [id, recorded] of plan2.taken) {
    const declared = unitsById.get(id)?.spec.outputs?.map((o) => o.name) ?? [];
    const outputs = {};
    let bytes = 0;
    for (const name of declared) {
      if (!Object.hasOwn(recorded, name)) continue;
      bytes += Buffer.byteLength(name) + Buffer.byteLength(recorded[name]);
      if (bytes > MAX_TAKEN_OUTPUTS) {
        throw new GantryError("resume-unreadable", `The outputs run ${runId} recorded for ${id} are larger than a task can write: refusing to hand them on.`, void 0, "Run the file in full.");
      }
      outputs[name] = recorded[name];
    }
    const from = byId.get(id)?.resumedFrom ?? runId;
    taken.set(id, { outputs, reason: `succeeded in run ${from}, not run again`, from });
  }
  return { kind: "resume", plan: plan2, setting: { runId, taken, volumes, spare: [...spare] } };
}
function volumesToKeep(units, graph, declared) {
  const failed = units.some((u) => ["failed", "oom", "timeout", "killed"].includes(u.status) && !u.allowFailure);
  if (!failed) return [];
  return volumesOf(graph, resumePlan(units).rerun, declared);
}

// core/run/log-name.ts
var UNSAFE = /[^A-Za-z0-9._=,+@[\]-]+/g;
function fileSafeId(unitId) {
  const safe = unitId.replace(UNSAFE, "_").replace(/^\.+/, (dots) => "_".repeat(dots.length));
  return safe === "" ? "_" : safe;
}
var LogNames = class {
  stems = /* @__PURE__ */ new Map();
  taken = /* @__PURE__ */ new Set();
  stem(unitId) {
    const known = this.stems.get(unitId);
    if (known !== void 0) return known;
    const base = fileSafeId(unitId);
    let stem = base;
    for (let n = 2; this.taken.has(stem.toLowerCase()); n++) stem = `${base}~${n}`;
    this.stems.set(unitId, stem);
    this.taken.add(stem.toLowerCase());
    return stem;
  }
  /** `logs/`-relative name: `<stem>.<attempt>.log`, or `<stem>.service.log` for a service (attempt 0). */
  fileName(unitId, attempt) {
    return `${this.stem(unitId)}.${attempt === 0 ? "service" : attempt}.log`;
  }
};

// core/estimates.ts
var HISTORY_VERSION = 1;
var HISTORY_SAMPLES = 10;
var KINDS = /* @__PURE__ */ new Set(["task", "service", "build"]);
var MAX_ID = 1024;
var MAX_ATTEMPTS = 100;
function parseHistoryLine(line) {
  let value;
  try {
    value = JSON.parse(line);
  } catch {
    return void 0;
  }
  if (!isObject(value) || value.v !== HISTORY_VERSION) return void 0;
  if (typeof value.run !== "string" || value.run.length === 0 || value.run.length > 128) return void 0;
  if (typeof value.at !== "string" || value.at.length > 40 || Number.isNaN(Date.parse(value.at))) return void 0;
  if (!isObject(value.units)) return void 0;
  const units = /* @__PURE__ */ Object.create(null);
  for (const [id, raw] of Object.entries(value.units)) {
    if (id.length === 0 || id.length > MAX_ID || !isObject(raw) || typeof raw.kind !== "string" || !KINDS.has(raw.kind)) continue;
    if (!Array.isArray(raw.attempts)) continue;
    const attempts = [];
    for (const a of raw.attempts.slice(0, MAX_ATTEMPTS)) {
      const attempt = parseAttempt(a);
      if (attempt) attempts.push(attempt);
    }
    units[id] = { kind: raw.kind, attempts };
  }
  return { v: HISTORY_VERSION, run: value.run, at: value.at, units };
}
function parseAttempt(a) {
  if (!isObject(a)) return void 0;
  if (!Number.isInteger(a.n) || a.n < 1 || a.n > 1e3) return void 0;
  if (typeof a.result !== "string" || a.result.length > 32) return void 0;
  const attempt = { n: a.n, result: a.result };
  for (const key of ["duration", "setup", "healthy", "peakMemory", "cpuSeconds"]) {
    const v = a[key];
    if (v === void 0) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1e15) return void 0;
    attempt[key] = v;
  }
  return attempt;
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function recentMedian(samples, limit = HISTORY_SAMPLES) {
  const used = samples.slice(0, Math.max(0, limit));
  const k = used.length;
  if (k === 0) return void 0;
  const weighted = used.map((value, i) => ({ value, weight: k - i })).sort((a, b) => a.value - b.value);
  const total = k * (k + 1) / 2;
  let cumulative = 0;
  for (let i = 0; i < weighted.length; i++) {
    cumulative += weighted[i].weight;
    if (cumulative * 2 === total && i + 1 < weighted.length) return (weighted[i].value + weighted[i + 1].value) / 2;
    if (cumulative * 2 >= total) return weighted[i].value;
  }
  return weighted[weighted.length - 1].value;
}
function estimatesFromHistory(records, options) {
  const overhead = Math.max(0, options.startOverhead);
  const limit = options.samples ?? HISTORY_SAMPLES;
  const ordered = records.map((r, i) => ({ r, i, t: Date.parse(r.at) })).sort((a, b) => b.t - a.t || b.i - a.i).map((x) => x.r);
  const samples = /* @__PURE__ */ new Map();
  for (const record of ordered) {
    for (const [id, unit] of Object.entries(record.units)) {
      let entry = samples.get(id);
      if (entry && entry.kind !== unit.kind) continue;
      const attempts = [...unit.attempts].sort((x, y) => y.n - x.n);
      for (const a of attempts) {
        let value = sample(unit.kind, a, overhead);
        if (value === void 0) continue;
        if (unit.kind !== "service") {
          for (const b of attempts) if (b.n < a.n && b.duration !== void 0) value += b.duration;
        }
        if (!entry) samples.set(id, entry = { kind: unit.kind, values: [] });
        if (entry.values.length < limit) entry.values.push(value);
      }
    }
  }
  const estimates = /* @__PURE__ */ new Map();
  for (const [id, { kind, values }] of samples) {
    const ms = recentMedian(values, limit);
    if (ms !== void 0) estimates.set(id, { kind, ms: Math.round(ms), runs: values.length });
  }
  return estimates;
}
function sample(kind, a, overhead) {
  if (kind === "service") {
    if (a.result !== "healthy" || a.healthy === void 0) return void 0;
    return Math.max(0, a.healthy - overhead);
  }
  if (a.result !== "succeeded" || a.duration === void 0) return void 0;
  return Math.max(0, a.duration - overhead);
}
function withEstimates(graph, estimates) {
  if (estimates.size === 0) return graph;
  let changed = false;
  const units = graph.units.map((unit) => {
    const e = estimates.get(unit.id);
    if (!e || e.kind !== unit.kind) return unit;
    changed = true;
    const copy = { ...unit, history: { runs: e.runs } };
    if (unit.kind === "service") copy.healthyAfter = e.ms;
    else copy.estimate = e.ms;
    return copy;
  });
  if (!changed) return graph;
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}
function estimateSource(unit) {
  const ms = unit.kind === "service" ? unit.healthyAfter ?? 0 : unit.estimate;
  if (unit.history) {
    const runs = unit.history.runs;
    return { source: "history", ms, runs, text: `${formatDuration(ms)}, median of ${runs} ${runs === 1 ? "run" : "runs"}` };
  }
  if (unit.kind === "task" && (unit.spec.estimate !== void 0 || unit.spec.estimateText !== void 0)) {
    return { source: "estimate", ms, text: `estimate: ${formatDuration(ms)}` };
  }
  return { source: "default", ms, text: "default" };
}
function historyRecord(run, commandStarts, at) {
  const units = /* @__PURE__ */ Object.create(null);
  for (const u of run.units) {
    if (u.kind === "service") {
      if (u.start === void 0) continue;
      const healthy = u.healthy !== void 0 && u.healthy >= u.start ? u.healthy - u.start : void 0;
      const result = healthy !== void 0 ? "healthy" : u.status === "cancelled" || u.status === "skipped" ? "cancelled" : "unhealthy";
      const attempt = { n: 1, result };
      if (u.end !== void 0 && u.end >= u.start) attempt.duration = round(u.end - u.start);
      if (healthy !== void 0) attempt.healthy = round(healthy);
      units[u.id] = { kind: "service", attempts: [attempt] };
      continue;
    }
    const attempts = [];
    for (const a of u.attempts) {
      if (a.end === void 0 || !a.outcome || a.end < a.start || a.outcome.cached) continue;
      const attempt = { n: a.number, result: a.outcome.status, duration: round(a.end - a.start) };
      const commandStart = commandStarts.get(`${u.id}#${a.number}`);
      if (commandStart !== void 0 && commandStart >= a.start && commandStart <= a.end) attempt.setup = round(commandStart - a.start);
      const usage = a.outcome.usage;
      if (usage && Number.isFinite(usage.peakMemory) && usage.peakMemory > 0) attempt.peakMemory = Math.round(usage.peakMemory);
      if (usage && Number.isFinite(usage.cpuSeconds) && usage.cpuSeconds >= 0) attempt.cpuSeconds = Math.round(usage.cpuSeconds * 1e3) / 1e3;
      attempts.push(attempt);
    }
    if (attempts.length > 0) units[u.id] = { kind: u.kind, attempts };
  }
  return { v: HISTORY_VERSION, run: run.runId, at: at.toISOString(), units };
}
var round = (ms) => Math.round(ms);

// core/host/history.ts
import { closeSync, constants, fstatSync, lstatSync as lstatSync2, openSync, readdirSync as readdirSync2, readSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, join as join2 } from "node:path";
var { O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_WRONLY } = constants;
var HISTORY_LIMITS = {
  /** The live log is compacted once an append leaves it larger than this. */
  liveBytes: 256 * 1024,
  /** Attempts kept per unit id by compaction (the estimate reads the last 10 successful ones). */
  keepAttempts: 20,
  /** Unit ids kept by compaction: those seen in the most recent runs. */
  keepUnits: 1e3,
  /** At most this much of the store is read, all files together (newest first, each from its end). */
  readBytes: 8 * 1024 * 1024,
  /** Longer lines are skipped when read and split (by units) when written. */
  lineBytes: 1024 * 1024,
  /** A compaction lock older than this was left by a crash. */
  lockStaleMs: 6e4,
  /** Rotated logs read at most (more exist only after repeated crashes mid-compaction). */
  rotatedFiles: 16
};
function historyDir(baseDir) {
  return join2(baseDir, ".gantry", "history");
}
function historyName(batchFile) {
  const name = basename(batchFile);
  const safe = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_").slice(0, 100) || "_";
  if (safe === name) return safe;
  let hash = 2166136261;
  for (const byte of Buffer.from(name)) hash = Math.imul(hash ^ byte, 16777619) >>> 0;
  return `${safe}-${hash.toString(16).padStart(8, "0")}`;
}
function files(baseDir, batchFile) {
  const dir = historyDir(baseDir);
  const name = historyName(batchFile);
  return {
    dir,
    name,
    live: join2(dir, `${name}.jsonl`),
    compact: join2(dir, `${name}.compact.jsonl`),
    lock: join2(dir, `${name}.lock`)
  };
}
function readHistory(baseDir, batchFile, limits = HISTORY_LIMITS) {
  const f = files(baseDir, batchFile);
  for (const folder of [join2(baseDir, ".gantry"), f.dir]) {
    let stat;
    try {
      stat = lstatSync2(folder);
    } catch {
      return { records: [] };
    }
    if (stat.isSymbolicLink()) return { records: [], problem: `${folder} is a symbolic link: history not read` };
    if (!stat.isDirectory()) return { records: [], problem: `${folder} is not a folder: history not read` };
  }
  const paths = [f.compact, ...rotatedLogs(f.dir, f.name).slice(0, limits.rotatedFiles), f.live];
  return { records: dedupe(readWithin(paths, limits)) };
}
function readWithin(paths, limits) {
  const read = [];
  let budget = limits.readBytes;
  for (let i = paths.length - 1; i >= 0 && budget > 0; i--) {
    const { records, bytes } = readRecordsSized(paths[i], { ...limits, readBytes: budget });
    read.unshift(records);
    budget -= bytes;
  }
  return read.flat();
}
function rotatedLogs(dir, name) {
  let entries;
  try {
    entries = readdirSync2(dir);
  } catch {
    return [];
  }
  const prefix = `${name}.`;
  return entries.filter((e) => e.startsWith(prefix) && /^[0-9a-f]{16}\.rotated$/.test(e.slice(prefix.length))).sort().map((e) => join2(dir, e));
}
function readRecordsSized(path, limits) {
  let fd;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return { records: [], bytes: 0 };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { records: [], bytes: 0 };
    const length = Math.min(stat.size, limits.readBytes);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, stat.size - length + read);
      if (n === 0) break;
      read += n;
    }
    const lines = buffer.subarray(0, read).toString("utf8").split("\n");
    if (length < stat.size) lines.shift();
    const records = [];
    for (const line of lines) {
      if (line.length === 0 || line.length > limits.lineBytes) continue;
      const record = parseHistoryLine(line);
      if (record) records.push(record);
    }
    return { records, bytes: read };
  } catch {
    return { records: [], bytes: 0 };
  } finally {
    closeSync(fd);
  }
}
function dedupe(records) {
  const byRun = /* @__PURE__ */ new Map();
  const seen = /* @__PURE__ */ new Map();
  for (const r of records) {
    let merged = byRun.get(r.run);
    if (!merged) byRun.set(r.run, merged = { v: r.v, run: r.run, at: r.at, units: /* @__PURE__ */ Object.create(null) });
    if (r.at > merged.at) merged.at = r.at;
    for (const [id, unit] of Object.entries(r.units)) {
      const have = merged.units[id];
      if (!have) {
        const attempts = [];
        const numbers = /* @__PURE__ */ new Set();
        for (const a of unit.attempts) {
          if (numbers.has(a.n)) continue;
          numbers.add(a.n);
          attempts.push(a);
        }
        const added = { kind: unit.kind, attempts };
        merged.units[id] = added;
        seen.set(added, numbers);
      } else if (have.kind === unit.kind) {
        const numbers = seen.get(have);
        for (const a of unit.attempts) {
          if (numbers.has(a.n)) continue;
          numbers.add(a.n);
          have.attempts.push(a);
        }
      }
    }
  }
  return [...byRun.values()];
}
function appendHistory(baseDir, batchFile, record, limits = HISTORY_LIMITS) {
  const f = files(baseDir, batchFile);
  ensureDirs(baseDir, ".gantry", "history");
  const lines = recordLines(record, limits);
  if (lines.length === 0) return;
  let written = appendLines(f.live, lines);
  for (let tries = 0; written.rotated && tries < 3; tries++) written = appendLines(f.live, lines);
  if (written.size > limits.liveBytes) compactHistory(baseDir, batchFile, limits);
}
function appendLines(path, lines) {
  let fd;
  try {
    fd = openSync(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 420);
  } catch (error) {
    if (error.code === "ELOOP") throw new UnsafePathError(path, "it is a symbolic link");
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UnsafePathError(path, "it is not a regular file");
    let prefix = "";
    if (stat.size > 0) {
      const last = Buffer.alloc(1);
      readLastByte(path, stat.size, last);
      if (last[0] !== 10) prefix = "\n";
    }
    lines.forEach((line, i) => {
      const bytes = Buffer.from(i === 0 ? prefix + line : line);
      const n = writeSync(fd, bytes, 0, bytes.length);
      if (n !== bytes.length) throw new Error(`short write to ${path} (${n} of ${bytes.length} bytes)`);
    });
    const after = fstatSync(fd);
    let rotated = after.nlink === 0;
    try {
      rotated ||= lstatSync2(path).ino !== after.ino;
    } catch {
      rotated = true;
    }
    return { size: after.size, rotated };
  } finally {
    closeSync(fd);
  }
}
function readLastByte(path, size, into) {
  let fd;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    readSync(fd, into, 0, 1, size - 1);
  } catch {
    into[0] = 10;
  } finally {
    if (fd !== void 0) closeSync(fd);
  }
}
function recordLines(record, limits = HISTORY_LIMITS) {
  const whole = `${JSON.stringify(record)}
`;
  if (Buffer.byteLength(whole) <= limits.lineBytes) return Object.keys(record.units).length > 0 ? [whole] : [];
  const lines = [];
  let units = /* @__PURE__ */ Object.create(null);
  let size = 0;
  const head = Buffer.byteLength(JSON.stringify({ ...record, units: {} })) + 2;
  const flush = () => {
    if (Object.keys(units).length > 0) lines.push(`${JSON.stringify({ ...record, units })}
`);
    units = /* @__PURE__ */ Object.create(null);
    size = 0;
  };
  for (const [id, unit] of Object.entries(record.units)) {
    const entry = Buffer.byteLength(JSON.stringify({ [id]: unit })) + 1;
    if (head + entry > limits.lineBytes) continue;
    if (head + size + entry > limits.lineBytes) flush();
    units[id] = unit;
    size += entry;
  }
  flush();
  return lines;
}
function compactHistory(baseDir, batchFile, limits = HISTORY_LIMITS) {
  const f = files(baseDir, batchFile);
  ensureDirs(baseDir, ".gantry", "history");
  if (!takeLock(f.lock, limits)) return false;
  try {
    try {
      renameSync(f.live, join2(f.dir, `${f.name}.${randomBytes(8).toString("hex")}.rotated`));
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
    }
    const rotated = rotatedLogs(f.dir, f.name).slice(0, limits.rotatedFiles);
    const records = readWithin([f.compact, ...rotated], limits);
    const kept = compactRecords(dedupe(records), limits);
    const text = kept.flatMap((r) => recordLines(r, limits)).join("");
    const tmp = join2(f.dir, `${f.name}.compact.${randomBytes(8).toString("hex")}.tmp`);
    writeNewFile(tmp, text);
    try {
      renameSync(tmp, f.compact);
    } catch (error) {
      unlinkQuietly(tmp);
      throw error;
    }
    for (const path of rotated) unlinkQuietly(path);
    return true;
  } finally {
    unlinkQuietly(f.lock);
  }
}
function takeLock(path, limits) {
  for (let tries = 0; tries < 2; tries++) {
    try {
      closeSync(openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 420));
      return true;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    let stale = false;
    try {
      const stat = lstatSync2(path);
      stale = !stat.isFile() || Date.now() - stat.mtimeMs > limits.lockStaleMs;
    } catch {
      stale = true;
    }
    if (!stale) return false;
    unlinkQuietly(path);
  }
  return false;
}
function unlinkQuietly(path) {
  try {
    unlinkSync(path);
  } catch {
  }
}
function compactRecords(records, limits) {
  const newestFirst = records.map((r, i) => ({ r, i, t: Date.parse(r.at) })).sort((a, b) => b.t - a.t || b.i - a.i).map((x) => x.r);
  const kept = /* @__PURE__ */ new Map();
  const out = [];
  for (const record of newestFirst) {
    const units = /* @__PURE__ */ Object.create(null);
    for (const [id, unit] of Object.entries(record.units)) {
      const have = kept.get(id);
      if (have === void 0 && kept.size >= limits.keepUnits) continue;
      const room = limits.keepAttempts - (have ?? 0);
      if (room <= 0) continue;
      const attempts = [...unit.attempts].sort((a, b) => b.n - a.n).slice(0, room).reverse();
      kept.set(id, (have ?? 0) + attempts.length);
      if (attempts.length > 0) units[id] = { kind: unit.kind, attempts };
    }
    if (Object.keys(units).length > 0) out.push({ ...record, units });
  }
  return out.reverse();
}

// core/host/cache-files.ts
import { closeSync as closeSync2, constants as constants2, fstatSync as fstatSync2, lstatSync as lstatSync3, openSync as openSync2, readdirSync as readdirSync3, readlinkSync, readSync as readSync2 } from "node:fs";
import { createHash as createHash2 } from "node:crypto";
import { join as join3 } from "node:path";
var CACHE_KEY_LIMITS = {
  /** Files one task's key may read. */
  maxFiles: 1e5,
  /** Bytes one task's key may read. */
  maxBytes: 2 * 1024 * 1024 * 1024
};
function cacheKeyFiles(patterns, options) {
  const limits = options.limits ?? CACHE_KEY_LIMITS;
  const found = /* @__PURE__ */ new Map();
  const budget = { files: 0, bytes: 0 };
  for (const pattern of patterns) {
    const before = found.size;
    const add = (rel, abs, link) => {
      if (found.has(rel)) return;
      if (link && options.policy === "strict") {
        throw new GantryError("cache-key-link", `${options.who}: cache.key "${pattern.value}" reaches "${rel}", a symbolic link. The strict policy refuses links in a cache key (the file is not trusted).`, pattern.range);
      }
      if (++budget.files > limits.maxFiles) throw tooLarge(options.who, pattern, `more than ${limits.maxFiles} files`);
      const file = link ? linkEntry(rel, abs) : fileEntry(rel, abs, budget, limits.maxBytes, () => tooLarge(options.who, pattern, `more than ${limits.maxBytes} bytes`));
      found.set(rel, file);
    };
    const parts = pattern.value.split(/[\\/]+/).filter((p) => p !== "" && p !== ".");
    if (!/[*?[]/.test(pattern.value)) {
      let abs = options.baseDir;
      for (let i = 0; i < parts.length; i++) {
        abs = join3(abs, parts[i]);
        const stat = lstatOrUndefined(abs);
        const rel = parts.slice(0, i + 1).join("/");
        if (!stat) throw missing(options.who, pattern);
        if (stat.isSymbolicLink()) {
          if (i === parts.length - 1) add(rel, abs, true);
          else if (options.policy === "strict") add(rel, abs, true);
          else throw new GantryError("cache-key-link", `${options.who}: cache.key "${pattern.value}" goes through "${rel}", a symbolic link; links are never followed. Name the files behind it instead.`, pattern.range);
          break;
        }
        if (i === parts.length - 1) {
          if (stat.isDirectory()) walk(abs, rel, (r, a, l) => add(r, a, l));
          else if (stat.isFile()) add(rel, abs, false);
          else throw missing(options.who, pattern, "is neither a file nor a folder");
        } else if (!stat.isDirectory()) throw missing(options.who, pattern);
      }
      if (parts.length === 0) walk(options.baseDir, "", (r, a, l) => add(r, a, l));
    } else {
      const regex = globRegex(parts.join("/"));
      walk(options.baseDir, "", (rel, abs, link) => {
        if (regex.test(rel)) add(rel, abs, link);
      });
    }
    if (found.size === before && !alreadyMatched(pattern, found)) throw missing(options.who, pattern);
  }
  return [...found.values()].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
function alreadyMatched(pattern, found) {
  const parts = pattern.value.split(/[\\/]+/).filter((p) => p !== "" && p !== ".").join("/");
  if (!/[*?[]/.test(pattern.value)) return [...found.keys()].some((p) => p === parts || p.startsWith(`${parts}/`) || parts === "");
  const regex = globRegex(parts);
  return [...found.keys()].some((p) => regex.test(p));
}
function walk(abs, rel, visit) {
  let names;
  try {
    names = readdirSync3(abs).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (rel === "" && name === ".gantry") continue;
    const childAbs = join3(abs, name);
    const childRel = rel === "" ? name : `${rel}/${name}`;
    const stat = lstatOrUndefined(childAbs);
    if (!stat) continue;
    if (stat.isSymbolicLink()) visit(childRel, childAbs, true);
    else if (stat.isDirectory()) walk(childAbs, childRel, visit);
    else if (stat.isFile()) visit(childRel, childAbs, false);
  }
}
function globRegex(glob) {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      if (glob[i + 2] === "/") {
        out += "(?:[^/]+/)*";
        i += 2;
      } else {
        out += ".*";
        i += 1;
      }
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0) out += "\\[";
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, "\\\\");
        out += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}
function lstatOrUndefined(path) {
  try {
    return lstatSync3(path);
  } catch {
    return void 0;
  }
}
function linkEntry(rel, abs) {
  const target = readlinkSync(abs);
  return { path: rel, kind: "link", size: Buffer.byteLength(target), sha256: createHash2("sha256").update(target).digest("hex") };
}
function fileEntry(rel, abs, budget, maxBytes, over) {
  const fd = openSync2(abs, constants2.O_RDONLY | constants2.O_NOFOLLOW | constants2.O_NONBLOCK);
  try {
    const stat = fstatSync2(fd);
    if (!stat.isFile()) throw over();
    const hash = createHash2("sha256");
    const buffer = Buffer.alloc(1024 * 1024);
    let size = 0;
    for (; ; ) {
      const n = readSync2(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      size += n;
      budget.bytes += n;
      if (budget.bytes > maxBytes) throw over();
      hash.update(buffer.subarray(0, n));
    }
    return { path: rel, kind: "file", size, sha256: hash.digest("hex") };
  } finally {
    closeSync2(fd);
  }
}
function missing(who, pattern, what = "matches no file") {
  const glob = /[*?[]/.test(pattern.value);
  return new GantryError(
    "cache-key-missing",
    `${who}: cache.key "${pattern.value}" ${glob ? "matches no file" : what === "matches no file" ? "does not exist" : what} in the batch file's folder. A cache key that silently lost a file could hit when it should not.`,
    pattern.range,
    "Fix the path or glob, or remove it from cache.key."
  );
}
function tooLarge(who, pattern, what) {
  return new GantryError("cache-key-too-large", `${who}: cache.key reads ${what} (at "${pattern.value}"); name fewer files.`, pattern.range);
}

// core/cache-key.ts
import { createHash as createHash3 } from "node:crypto";
var CACHE_KEY_VERSION = 1;
function cacheKey(input) {
  return createHash3("sha256").update(cacheKeyEncoding(input), "utf8").digest("hex");
}
function cacheKeyEncoding(input) {
  const pairs = (record) => Object.keys(record).sort().map((k) => [k, record[k]]);
  const files2 = [...input.files].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0).map((f) => [f.path, f.kind, f.size, f.sha256]);
  const needs = Object.keys(input.needs).sort().map((id) => [id, pairs(input.needs[id])]);
  return JSON.stringify([
    "gantry-task-cache",
    CACHE_KEY_VERSION,
    input.imageId,
    input.command ? [...input.command] : null,
    input.entrypoint ? [...input.entrypoint] : null,
    input.workdir ?? null,
    input.user ?? null,
    pairs(input.env),
    pairs(input.secrets),
    files2,
    needs,
    [...new Set(input.outputs)].sort(),
    [...new Set(input.paths)].sort()
  ]);
}
function secretDigest(value) {
  return `sha256:${createHash3("sha256").update("gantry-secret\0").update(value, "utf8").digest("hex")}`;
}
var PLAN_IMAGE_PLACEHOLDER = "image-unknown-to-plan";

// core/host/cache-store.ts
import { createHash as createHash4, randomBytes as randomBytes2 } from "node:crypto";
import { lstatSync as lstatSync4, readdirSync as readdirSync4, renameSync as renameSync2, unlinkSync as unlinkSync2 } from "node:fs";
import { join as join4 } from "node:path";
var CACHE_LIMITS = {
  /** Entries kept per task (the newest written). */
  keepPerTask: 3,
  /** The whole store of one batch file. */
  maxBytes: 1024 * 1024 * 1024,
  /** One entry's archive of `cache.paths`: larger is not stored (a notice says so). */
  maxArchiveBytes: 256 * 1024 * 1024,
  /** An entry's JSON larger than this is not read. */
  maxEntryBytes: 16 * 1024 * 1024,
  /** Temporary files older than this were left by a crash. */
  staleTempMs: 60 * 60 * 1e3
};
function cacheDir(baseDir, batchFile) {
  return join4(baseDir, ".gantry", "cache", historyName(batchFile));
}
function taskPrefix(task) {
  return createHash4("sha256").update(task).digest("hex").slice(0, 16);
}
function entryPaths(baseDir, batchFile, task, key) {
  const base = join4(cacheDir(baseDir, batchFile), `${taskPrefix(task)}-${key}`);
  return { json: `${base}.json`, tar: `${base}.tar` };
}
function ensureStore(baseDir, batchFile) {
  return ensureDirs(baseDir, ".gantry", "cache", historyName(batchFile));
}
function storeProblem(baseDir, batchFile) {
  let path = baseDir;
  for (const segment of [".gantry", "cache", historyName(batchFile)]) {
    path = join4(path, segment);
    let stat;
    try {
      stat = lstatSync4(path);
    } catch {
      return void 0;
    }
    if (stat.isSymbolicLink()) return `${path} is a symbolic link, which Gantry never follows: the task cache is not used`;
    if (!stat.isDirectory()) return `${path} is not a folder: the task cache is not used`;
  }
  return void 0;
}
function lookupCache(baseDir, batchFile, task, key, limits = CACHE_LIMITS) {
  const unsafe = storeProblem(baseDir, batchFile);
  if (unsafe) return { hit: false, problem: unsafe };
  const paths = entryPaths(baseDir, batchFile, task, key);
  const bytes = readRegularFile(paths.json, limits.maxEntryBytes);
  if (!bytes) return { hit: false };
  const record = parseRecord(bytes);
  const corrupt = (why) => ({ hit: false, problem: `the cache entry of ${task} (${paths.json}) ${why}: it is ignored and the task runs` });
  if (!record || record.task !== task || record.key !== key) return corrupt("cannot be read as a Gantry cache entry");
  if (!record.archive) return { hit: true, record };
  const archive = readRegularFile(paths.tar, record.archive.size + 1);
  if (!archive || archive.length !== record.archive.size || createHash4("sha256").update(archive).digest("hex") !== record.archive.sha256) {
    return corrupt("has an archive of its cache.paths that is missing or does not match");
  }
  return { hit: true, record, archive };
}
function cacheRecords(baseDir, batchFile, task, limits = CACHE_LIMITS) {
  if (storeProblem(baseDir, batchFile)) return [];
  const dir = cacheDir(baseDir, batchFile);
  const prefix = `${taskPrefix(task)}-`;
  const records = [];
  let names = [];
  try {
    names = readdirSync4(dir).filter((n) => n.startsWith(prefix) && n.endsWith(".json"));
  } catch {
    return [];
  }
  for (const name of names) {
    const bytes = readRegularFile(join4(dir, name), limits.maxEntryBytes);
    const record = bytes && parseRecord(bytes);
    if (record && record.task === task) records.push(record);
  }
  return records.sort((a, b) => a.when < b.when ? 1 : a.when > b.when ? -1 : 0);
}
function saveCache(baseDir, batchFile, record, archive, limits = CACHE_LIMITS) {
  const unsafe = storeProblem(baseDir, batchFile);
  if (unsafe) throw new UnsafePathError(cacheDir(baseDir, batchFile), unsafe);
  if (archive && archive.length > limits.maxArchiveBytes) {
    return { saved: false, why: `its cache.paths archive is ${archive.length} bytes, over the ${limits.maxArchiveBytes}-byte limit of one entry` };
  }
  const dir = ensureStore(baseDir, batchFile);
  const paths = entryPaths(baseDir, batchFile, record.task, record.key);
  const stored = { ...record };
  if (archive) {
    stored.archive = { paths: record.archive?.paths ?? [], size: archive.length, sha256: createHash4("sha256").update(archive).digest("hex") };
    writeAtomically(dir, paths.tar, archive);
  } else delete stored.archive;
  writeAtomically(dir, paths.json, `${JSON.stringify({ gantryCache: 1, ...stored })}
`);
  evict(dir, limits);
  return { saved: true };
}
function writeAtomically(dir, path, data) {
  const temp = join4(dir, `.tmp-${randomBytes2(6).toString("hex")}`);
  writeNewFile(temp, data, { mode: 384 });
  try {
    renameSync2(temp, path);
  } catch (error) {
    try {
      unlinkSync2(temp);
    } catch {
    }
    throw error;
  }
}
function evict(dir, limits) {
  const now = Date.now();
  const entries = [];
  const sizes = /* @__PURE__ */ new Map();
  for (const name of readdirSync4(dir)) {
    const path = join4(dir, name);
    let stat;
    try {
      stat = lstatSync4(path);
    } catch {
      continue;
    }
    if (name.startsWith(".tmp-")) {
      if (now - stat.mtimeMs > limits.staleTempMs) remove(path);
      continue;
    }
    const match = /^([0-9a-f]{16})-([0-9a-f]{64})\.(json|tar)$/.exec(name);
    if (!match || !stat.isFile()) continue;
    const base = `${match[1]}-${match[2]}`;
    sizes.set(base, (sizes.get(base) ?? 0) + stat.size);
    if (match[3] === "json") entries.push({ base, prefix: match[1], mtime: stat.mtimeMs, size: 0 });
  }
  for (const e of entries) e.size = sizes.get(e.base) ?? 0;
  for (const base of sizes.keys()) if (!entries.some((e) => e.base === base)) remove(join4(dir, `${base}.tar`));
  entries.sort((a, b) => b.mtime - a.mtime);
  const perTask = /* @__PURE__ */ new Map();
  let total = 0;
  for (const e of entries) {
    const n = (perTask.get(e.prefix) ?? 0) + 1;
    perTask.set(e.prefix, n);
    total += e.size;
    if (n > limits.keepPerTask || total > limits.maxBytes) {
      total -= e.size;
      remove(join4(dir, `${e.base}.json`));
      remove(join4(dir, `${e.base}.tar`));
    }
  }
}
function remove(path) {
  try {
    unlinkSync2(path);
  } catch {
  }
}
function parseRecord(bytes) {
  let value;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    return void 0;
  }
  if (!value || typeof value !== "object") return void 0;
  const v = value;
  if (v.gantryCache !== 1) return void 0;
  const str = (x) => typeof x === "string";
  if (!str(v.task) || !str(v.key) || !str(v.planKey) || !str(v.run) || !str(v.when)) return void 0;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(v.run) || !/^[0-9a-f]{64}$/.test(v.key)) return void 0;
  if (!v.outputs || typeof v.outputs !== "object" || Array.isArray(v.outputs)) return void 0;
  const outputs = {};
  for (const [k, x] of Object.entries(v.outputs)) {
    if (!str(x)) return void 0;
    outputs[k] = x;
  }
  const record = { task: v.task, key: v.key, planKey: v.planKey, run: v.run, when: v.when, outputs };
  if (v.archive !== void 0) {
    const a = v.archive;
    if (!a || typeof a !== "object" || !Array.isArray(a.paths) || !a.paths.every(str) || typeof a.size !== "number" || !str(a.sha256)) return void 0;
    record.archive = { paths: a.paths, size: a.size, sha256: a.sha256 };
  }
  return record;
}

// core/run/cache-run.ts
function cachesUnit(unit) {
  return unit.kind === "task" && unit.spec.cache !== void 0;
}
function attemptCacheKeys(attempt, imageId, options) {
  const unit = attempt.unit;
  const spec = unit.spec;
  const resolved = resolveAttempt(attempt);
  const secrets = {};
  for (const s of spec.secrets) secrets[s.name] = Object.hasOwn(options.secrets, s.name) ? secretDigest(options.secrets[s.name]) : "withheld";
  const input = {
    imageId,
    ...resolved.command ? { command: resolved.command } : {},
    ...resolved.entrypoint ? { entrypoint: resolved.entrypoint } : {},
    ...resolved.workdir !== void 0 ? { workdir: resolved.workdir } : {},
    ...resolved.user !== void 0 ? { user: resolved.user } : {},
    env: resolved.env,
    secrets,
    files: cacheKeyFiles(spec.cache?.key ?? [], { baseDir: options.baseDir, policy: options.policy, who: DescribeUnit(spec) }),
    needs: attempt.needsOutputs,
    outputs: spec.outputs.map((o) => o.name),
    paths: (spec.cache?.paths ?? []).map((p) => p.value)
  };
  return { key: cacheKey(input), planKey: cacheKey({ ...input, imageId: PLAN_IMAGE_PLACEHOLDER }) };
}
function cachingExecutor(inner, options) {
  const deciding = /* @__PURE__ */ new Map();
  const imageId = inner.imageId?.bind(inner);
  const decide = async (attempt, onExit, onStarted) => {
    const state = { delegated: false };
    deciding.set(attempt.id, state);
    const run = (keys2) => {
      state.delegated = true;
      inner.start(
        attempt,
        (outcome) => {
          deciding.delete(attempt.id);
          if (keys2 && options.write && outcome.status === "succeeded") store(attempt, keys2, outcome);
          else inner.takeArchive?.(attempt.id);
          onExit(outcome);
        },
        onStarted
      );
      if (state.kill) inner.kill(attempt.id, state.kill);
    };
    const killed = () => {
      if (!state.kill) return false;
      deciding.delete(attempt.id);
      onExit({ status: state.kill === "timeout" ? "timeout" : state.kill === "cancel" ? "cancelled" : "killed", message: "stopped before its command started" });
      return true;
    };
    let keys;
    try {
      const id = await imageId(attempt.unit);
      keys = attemptCacheKeys(attempt, id, options);
    } catch (error) {
      if (killed()) return;
      if (error instanceof GantryError) {
        deciding.delete(attempt.id);
        onExit({ status: "failed", message: error.message });
        return;
      }
      return run();
    }
    if (killed()) return;
    const found = lookupCache(options.baseDir, options.batchFile, attempt.unit.id, keys.key);
    if (!found.hit) {
      if (found.problem) options.notice(found.problem);
      return run(keys);
    }
    if (found.archive) {
      try {
        await inner.restoreArchive(attempt.unit, found.archive);
      } catch (error) {
        options.notice(`${attempt.unit.id}: the cache.paths cached by run ${found.record.run} could not be restored (${error instanceof Error ? error.message : String(error)}), so it runs`);
        if (killed()) return;
        return run(keys);
      }
    }
    if (killed()) return;
    deciding.delete(attempt.id);
    onExit({ status: "succeeded", ...Object.keys(found.record.outputs).length > 0 ? { outputs: { ...found.record.outputs } } : {}, cached: { run: found.record.run } });
  };
  const store = (attempt, keys, outcome) => {
    const taken = inner.takeArchive?.(attempt.id);
    const unit = attempt.unit;
    if (outcome.maskedOutputs?.length) {
      options.notice(`${unit.id} is not cached: its output ${outcome.maskedOutputs.join(", ")} held a secret`);
      return;
    }
    const paths = (unit.spec.cache?.paths ?? []).map((p) => p.value);
    if (paths.length > 0 && !taken?.archive) {
      options.notice(`${unit.id} is not cached: its cache.paths could not be saved (${taken?.problem ?? "no archive was taken"})`);
      return;
    }
    try {
      const saved = saveCache(
        options.baseDir,
        options.batchFile,
        {
          task: unit.id,
          key: keys.key,
          planKey: keys.planKey,
          run: options.runId,
          when: (/* @__PURE__ */ new Date()).toISOString(),
          outputs: { ...outcome.outputs ?? {} },
          ...paths.length > 0 ? { archive: { paths, size: 0, sha256: "" } } : {}
        },
        taken?.archive
      );
      if (!saved.saved) options.notice(`${unit.id} is not cached: ${saved.why}`);
    } catch (error) {
      options.notice(`${unit.id} is not cached: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    prepare(unit) {
      if (!cachesUnit(unit)) inner.prepare?.(unit);
    },
    start(attempt, onExit, onStarted) {
      if (!cachesUnit(attempt.unit) || !imageId || !inner.restoreArchive) return inner.start(attempt, onExit, onStarted);
      decide(attempt, onExit, onStarted).catch((error) => {
        deciding.delete(attempt.id);
        onExit({ status: "failed", message: `the task cache failed: ${error instanceof Error ? error.message : String(error)}` });
      });
    },
    kill(attemptId, reason) {
      const state = deciding.get(attemptId);
      if (state && !state.delegated) {
        state.kill ??= reason;
        return;
      }
      inner.kill(attemptId, reason);
    },
    startService: (unit, callbacks, node) => inner.startService(unit, callbacks, node),
    stopService: (unitId) => inner.stopService(unitId),
    setup: (units) => inner.setup(units),
    teardown: () => inner.teardown(),
    ...inner.kept ? { kept: () => inner.kept() } : {},
    ...inner.keptVolumes ? { keptVolumes: () => inner.keptVolumes() } : {}
  };
}

// core/run/cache-plan.ts
function predictCached(graph, options) {
  const predicted = /* @__PURE__ */ new Map();
  const decided = /* @__PURE__ */ new Set();
  const visit = (unit) => {
    if (decided.has(unit.id)) return;
    decided.add(unit.id);
    if (!cachesUnit(unit) || unit.spec.secrets.length > 0) return;
    const needsOutputs = {};
    for (const id of unit.needs) {
      const need = graph.byId.get(id);
      if (!need || need.kind === "service") continue;
      if (need.kind === "build") {
        needsOutputs[id] = {};
        continue;
      }
      visit(need);
      const found = predicted.get(id);
      if (!found) return;
      needsOutputs[id] = found.outputs;
    }
    const records = cacheRecords(options.baseDir, options.batchFile, unit.id);
    if (records.length === 0) return;
    let planKey;
    try {
      const attempt = { id: `${unit.id}#1`, unit, number: 1, memory: unit.memory, needsOutputs };
      planKey = attemptCacheKeys(attempt, PLAN_IMAGE_PLACEHOLDER, { baseDir: options.baseDir, policy: options.policy ?? "trusted", secrets: {} }).planKey;
    } catch {
      return;
    }
    const match = records.find((r) => r.planKey === planKey);
    if (match) predicted.set(unit.id, { run: match.run, outputs: match.outputs });
  };
  for (const unit of graph.units) visit(unit);
  return predicted;
}
function atNoTime(graph, ids) {
  const units = graph.units.map((u) => ids.has(u.id) ? { ...u, estimate: 0, ...u.kind === "service" ? { healthyAfter: 0 } : {} } : u);
  return { units, byId: new Map(units.map((u) => [u.id, u])) };
}

// core/sanitize.ts
var UNSAFE2 = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
var UNSAFE_OR_SGR = /(\x1b\[[0-9;:]*m)|[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
var SGR = /\x1b\[[0-9;:]*m/g;
function sanitize(text, options = {}) {
  const multiline = options.multiline ?? false;
  const sgr = options.sgr ?? "show";
  let s = multiline ? text.replace(/\r\n/g, "\n") : text;
  if (sgr === "strip") s = s.replace(SGR, "");
  if (sgr === "keep") return s.replace(UNSAFE_OR_SGR, (all, kept) => kept ?? stand(all, multiline));
  return s.replace(UNSAFE2, (c) => stand(c, multiline));
}
function stand(c, multiline) {
  const code = c.charCodeAt(0);
  if (c === "\n" && multiline) return c;
  if (code < 32) return String.fromCharCode(9216 + code);
  if (code === 127) return "\u2421";
  if (code <= 255) return `\\x${code.toString(16).padStart(2, "0")}`;
  return `\\u${code.toString(16).padStart(4, "0")}`;
}

export {
  sanitize,
  resolveCapacity,
  capacitySource,
  isCompleteCapacity,
  describeNode,
  largestNode,
  homeIndex,
  namedVolumes,
  placeUnits,
  listedSecrets,
  checkSecrets,
  callerSecrets,
  DEFAULT_CANCEL_GRACE_MS,
  Scheduler,
  DEFAULT_START_OVERHEAD_MS,
  plan,
  selectOnly,
  fileHash,
  findResumable,
  decideResume,
  volumesToKeep,
  fileSafeId,
  LogNames,
  estimatesFromHistory,
  withEstimates,
  estimateSource,
  historyRecord,
  readHistory,
  appendHistory,
  cacheKeyFiles,
  cachesUnit,
  cachingExecutor,
  predictCached,
  atNoTime
};
