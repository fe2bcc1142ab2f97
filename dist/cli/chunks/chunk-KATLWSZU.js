#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  DEFAULT_ESTIMATE,
  GantryError,
  editDistance,
  formatBytes,
  formatCpuCount,
  formatDuration
} from "./chunk-6VST46KE.js";

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
        message: `Secret ${secret.name} of ${spec.kind} "${spec.name}" is not set in the environment Gantry runs in. In a workflow, give it to the step (env: { ${secret.name}: \${{ secrets.${secret.name} }} }); locally, export it or put it in an --env-file.`,
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
  if (unit.kind === "service") return 0;
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
      for (let i = 0; i < this.n; i++) {
        if (onCycle[i]) this.finish(i, "skipped", "it is part of a dependency cycle");
        else if (this.isService[i] && this.liveDependents[i] === 0) this.finish(i, "skipped", "nothing needs it");
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
    if (cpuM <= this.capCpuM && memory <= this.capMemory && containers <= this.capSlots) return void 0;
    const names = services.map((s) => this.units[s].id).join(", ");
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
    if (this.cpuM[i] > this.capCpuM || this.memory[i] > this.capMemory || this.capSlots < 1) {
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
    const outer = this.cpuM[i] * 2 + (this.isService[i] ? 1 : 0);
    let byMemory = this.bucketIndex.get(outer);
    if (!byMemory) this.bucketIndex.set(outer, byMemory = /* @__PURE__ */ new Map());
    let bucket = byMemory.get(this.memory[i]);
    if (!bucket) {
      const rank = this.ranking.rank;
      const est = this.estimate;
      bucket = {
        cpus: this.cpuM[i],
        memory: this.memory[i],
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
      if (this.fitsNow(this.cpuM[head], this.memory[head])) {
        this.headHeap.pop();
        this.launch(head);
        if (this.stopping?.hard) return;
        continue;
      }
      this.backfill(head);
      if (this.stopping?.hard) return;
      if (this.headHeap.peekValid(this.isReady) !== head) continue;
      if (this.runningByUnit.size === 0 && this.startingServices === 0 && this.backoffTimers.size === 0) {
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
          `it cannot fit while ${up ? `services ${up} hold` : "other units hold"} the capacity (${formatCpuCount(this.units[head].cpus)} and ${formatBytes(this.memory[head])} needed; ${formatCpuCount(this.freeCpuM / 1e3)} and ${formatBytes(this.freeMemory)} free)`
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
    for (const s of this.upServices) {
      if (needed.has(s) || this.state[s] !== HEALTHY) continue;
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
    this.options.executor.stopService(this.units[s].id);
    this.onEvent?.({ type: "service-stop", at: this.now(), unit: this.units[s].id });
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
      this.launch(best);
      if (this.stopping?.hard || this.freeSlots < 1) return;
    }
  }
  take(i, memory) {
    this.freeCpuM -= this.cpuM[i];
    this.freeMemory -= memory;
    this.freeSlots -= 1;
  }
  give(i, memory) {
    this.freeCpuM += this.cpuM[i];
    this.freeMemory += memory;
    this.freeSlots += 1;
  }
  launch(i) {
    this.leaveReady(i);
    const unit = this.units[i];
    const at = this.now();
    this.firstStart[i] ??= at;
    this.take(i, this.memory[i]);
    this.markStarted(i);
    if (this.isService[i]) {
      this.state[i] = STARTING;
      this.startingServices++;
      this.upServices.add(i);
      this.onEvent?.({ type: "service-start", at, unit: unit.id });
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
      });
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
    const run = { index: i, attempt, start: this.options.clock.now() };
    this.runningByUnit.set(i, run);
    this.onEvent?.({ type: "attempt-start", at, unit: unit.id, attempt: number, memory: attempt.memory });
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
      if (st === DONE || this.stopping && !this.survives(d)) continue;
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
    this.records[i].push({ number: run.attempt.number, start: run.start - this.t0, end, memory: run.attempt.memory, outcome: recorded });
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
      return this.finish(i, "succeeded");
    }
    if (willRetry) {
      const lost = this.ranking.needs[i].find((j) => this.isService[j] && this.state[j] !== HEALTHY);
      if (lost !== void 0) {
        this.failedUpstream[i] = 1;
        return this.finish(i, status, this.serviceFailure(lost));
      }
      if (status === "oom") {
        const factor = unit.retries.memoryFactor > 0 ? unit.retries.memoryFactor : 1;
        this.memory[i] = Math.min(this.capMemory, Math.ceil(run.attempt.memory * factor));
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
    this.options.executor.stopService(this.units[s].id);
    this.onEvent?.({ type: "service-stop", at: this.now(), unit: this.units[s].id, ...status === "failed" ? { failed: reason ?? "failed" } : {} });
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
        attempts: this.records[i]
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
      this.clock.setTimer((script.healthyAfter ?? 0) + this.overhead, () => {
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
  const taskPath = path.filter((i) => units[i].kind !== "service");
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
  const lowerBound = Math.max(
    criticalLength,
    capacity.cpus > 0 ? cpuWork / capacity.cpus : 0,
    capacity.memory > 0 ? memoryWork / capacity.memory : 0
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
      slack: Math.max(0, latestFinish[i] - end[i])
    });
  });
  return {
    makespan: result.makespan,
    lowerBound,
    criticalPath: taskPath.map((i) => units[i].id),
    units: planned,
    profile: usageProfile(result)
  };
}
function maxOf(values) {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}
function usageProfile(result) {
  let n = 0;
  for (const u of result.units) n += u.kind === "service" ? u.start !== void 0 && u.end !== void 0 ? 2 : 0 : 2 * u.attempts.length;
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
      if (u.start === void 0 || u.end === void 0) continue;
      change(u.start, c, u.memory, 1);
      change(u.end, c, u.memory, -1);
      continue;
    }
    for (const a of u.attempts) {
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
  listedSecrets,
  checkSecrets,
  callerSecrets,
  selectOnly,
  DEFAULT_CANCEL_GRACE_MS,
  Scheduler,
  DEFAULT_START_OVERHEAD_MS,
  plan,
  fileSafeId,
  LogNames
};
