#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  coveredTargets,
  isWithin
} from "./chunk-LAM7EVQU.js";
import {
  GantryError
} from "./chunk-G3K7PEAI.js";

// core/host/binds.ts
import { realpathSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";

// core/ranges.ts
function positionAt(lineCounter, offset) {
  const starts = lineCounter.lineStarts;
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = low + high >> 1;
    if (starts[mid] < offset) low = mid + 1;
    else high = mid;
  }
  if (starts[low] === offset) return { line: low, character: 0 };
  if (low === 0) return { line: -1, character: offset - 1 };
  return { line: low - 1, character: offset - starts[low - 1] };
}
function inText(text, offset) {
  if (offset > text.length) return text.length;
  if (!(offset > 0)) return 0;
  return text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset;
}
var Positions = class {
  constructor(lineCounter, text) {
    this.lineCounter = lineCounter;
    this.text = text;
    this.starts = lineCounter.lineStarts;
  }
  lineCounter;
  text;
  line = 0;
  lastOffset = -1;
  last;
  starts;
  /** The line starts the answers come from (the LineCounter's own array, shared). */
  get lineStarts() {
    return this.lineCounter;
  }
  /** The range `[start, end)`; an `end` before `start` counts as `start`. */
  range(start, end) {
    return { start: this.at(start), end: this.at(Math.max(start, end)) };
  }
  at(offset) {
    if (offset === this.lastOffset) return this.last;
    this.lastOffset = offset;
    return this.last = this.find(this.text === void 0 ? offset : inText(this.text, offset));
  }
  find(offset) {
    const starts = this.starts;
    const n = starts.length;
    let line = this.line;
    if (line < n && starts[line] <= offset) {
      if (line + 1 < n && starts[line + 1] <= offset) {
        line++;
        if (line + 1 < n && starts[line + 1] <= offset) return this.search(offset);
      }
      this.line = line;
      return { line, character: offset - starts[line] };
    }
    return this.search(offset);
  }
  search(offset) {
    const position = positionAt(this.lineCounter, offset);
    if (position.line >= 0) this.line = position.line;
    return position;
  }
};
var FieldSpan = class {
  // True private fields: equality of the model in tests is what the ranges say (compare
  // `toJSON()`), not how they are stored — the same ranges can come from different offsets and
  // line starts (a unit taken over from an earlier version is pointed at the new text, `repoint`).
  #lines;
  #keyStart;
  #keyEnd;
  #valueStart;
  #valueEnd;
  constructor(lines, keyStart, keyEnd, valueStart, valueEnd) {
    this.#lines = lines;
    this.#keyStart = keyStart;
    this.#keyEnd = keyEnd;
    this.#valueStart = valueStart;
    this.#valueEnd = valueEnd;
  }
  get key() {
    return { start: positionAt(this.#lines, this.#keyStart), end: positionAt(this.#lines, this.#keyEnd) };
  }
  get value() {
    return { start: positionAt(this.#lines, this.#valueStart), end: positionAt(this.#lines, Math.max(this.#valueStart, this.#valueEnd)) };
  }
  /**
   * Points this span at another version of the text where the same key and value are written
   * `by` characters further on, on the same lines and columns: what `key` and `value` give does
   * not change, only which text's line starts are kept alive. (Not a copy: a unit taken over
   * from one version to the next is the same object, and must not keep each earlier version's
   * line starts alive.)
   */
  repoint(lines, by) {
    this.#lines = lines;
    this.#keyStart += by;
    this.#keyEnd += by;
    this.#valueStart += by;
    this.#valueEnd += by;
  }
  /** As a plain `{ key, value }` (for JSON and for comparing with one). */
  toJSON() {
    return { key: this.key, value: this.value };
  }
};
function nodeSpan(node, fallback = 0) {
  const r = node?.range;
  return r ? [r[0], r[1]] : [fallback, fallback];
}
function spanRange(lines, start, end) {
  const from = positionAt(lines, start);
  return { start: from, end: end > start ? positionAt(lines, end) : from };
}
var NameAt = class {
  constructor(name, lines, start, end) {
    this.name = name;
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
  }
  name;
  #lines;
  #start;
  #end;
  #range;
  get range() {
    return this.#range ??= spanRange(this.#lines, this.#start, this.#end);
  }
  settle() {
    this.#range ??= spanRange(this.#lines, this.#start, this.#end);
    this.#lines = void 0;
  }
  toJSON() {
    return { name: this.name, range: this.range };
  }
};
var MountAt = class {
  constructor(kind, source, target, readOnly, lines, start, end, sourceStart, sourceEnd) {
    this.kind = kind;
    this.source = source;
    this.target = target;
    this.readOnly = readOnly;
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
    this.#sourceStart = sourceStart;
    this.#sourceEnd = sourceEnd;
  }
  kind;
  source;
  target;
  readOnly;
  #lines;
  #start;
  #end;
  #sourceStart;
  #sourceEnd;
  #range;
  #sourceRange;
  get range() {
    return this.#range ??= spanRange(this.#lines, this.#start, this.#end);
  }
  /** Range of the source part alone (for volume-name references). */
  get sourceRange() {
    return this.#sourceRange ??= spanRange(this.#lines, this.#sourceStart, this.#sourceEnd);
  }
  settle() {
    void this.range;
    void this.sourceRange;
    this.#lines = void 0;
  }
  toJSON() {
    return { kind: this.kind, source: this.source, target: this.target, readOnly: this.readOnly, range: this.range, sourceRange: this.sourceRange };
  }
};
var ExpressionAt = class {
  constructor(text, path, field, lines, start, end, segments) {
    this.text = text;
    this.path = path;
    this.field = field;
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
    const flat = [];
    for (const [from, to] of segments) flat.push(from, to);
    this.#segments = flat;
  }
  text;
  path;
  field;
  #lines;
  #start;
  #end;
  /** Start and end offsets of each dotted segment, one after the other. */
  #segments;
  #range;
  #segmentRanges;
  get range() {
    return this.#range ??= spanRange(this.#lines, this.#start, this.#end);
  }
  /** One range per segment of `path`. */
  get segmentRanges() {
    if (!this.#segmentRanges) {
      const ranges = [];
      for (let i = 0; i < this.#segments.length; i += 2) ranges.push(spanRange(this.#lines, this.#segments[i], this.#segments[i + 1]));
      this.#segmentRanges = ranges;
    }
    return this.#segmentRanges;
  }
  settle() {
    void this.range;
    void this.segmentRanges;
    this.#lines = void 0;
  }
  toJSON() {
    return { text: this.text, path: this.path, range: this.range, segmentRanges: this.segmentRanges, field: this.field };
  }
};

// core/checks/edits.ts
function sourceText(text) {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return { text, lineStarts };
}
function offsetAt({ text, lineStarts }, position) {
  return Math.min(text.length, (lineStarts[position.line] ?? text.length) + position.character);
}
function removeListEntryFix(title, source, entry) {
  const { text, lineStarts } = source;
  const start = offsetAt(source, entry.start);
  const end = offsetAt(source, entry.end);
  const lineStart = lineStarts[entry.start.line] ?? 0;
  const before = text.slice(lineStart, start);
  if (/^\s*-\s+$/.test(before)) {
    const nextLine = text.indexOf("\n", end);
    const cut = nextLine === -1 ? text.length : nextLine + 1;
    return { title, range: { start: { line: entry.start.line, character: 0 }, end: positionAt(source, cut) }, newText: "" };
  }
  const trailing = /[ \t]*,\s*/y;
  trailing.lastIndex = end;
  const after = trailing.exec(text);
  if (after) return { title, range: { start: entry.start, end: positionAt(source, end + after[0].length) }, newText: "" };
  const comma = /,\s*$/.exec(text.slice(Math.max(0, start - 200), start));
  if (comma) return { title, range: { start: positionAt(source, start - comma[0].length), end: entry.end }, newText: "" };
  return { title, range: entry, newText: "" };
}

// core/checks/context.ts
function makeContext(file, options = {}) {
  const all = allUnits(file);
  const indexOf = /* @__PURE__ */ new Map();
  let needs = 0;
  for (let i = 0; i < all.length; i++) {
    const spec = all[i];
    if (!indexOf.has(spec.name)) indexOf.set(spec.name, i);
    needs += spec.needs.length;
  }
  const needStart = new Int32Array(all.length + 1);
  const needTarget = new Int32Array(needs);
  let needsPointBack = true;
  let k = 0;
  for (let i = 0; i < all.length; i++) {
    needStart[i] = k;
    const spec = all[i];
    for (const need of spec.needs) {
      const target = indexOf.get(need.name) ?? -1;
      needTarget[k++] = target;
      if (target > i && need.name !== spec.name) needsPointBack = false;
    }
  }
  needStart[all.length] = k;
  const volumes = /* @__PURE__ */ new Map();
  for (const volume of file.volumes) if (!volumes.has(volume.name)) volumes.set(volume.name, volume);
  const { text } = options;
  let source;
  return {
    file,
    all,
    indexOf,
    needStart,
    needTarget,
    needsPointBack,
    volumes,
    capacity: options.capacity ?? { parallel: Infinity },
    capacitySources: options.capacitySources ?? {},
    // Line starts of the whole text, computed the first time a fix needs them (most files need none).
    get source() {
      return text === void 0 ? void 0 : source ??= sourceText(text);
    }
  };
}
function unitNamed(ctx, name) {
  const i = ctx.indexOf.get(name);
  return i === void 0 ? void 0 : ctx.all[i];
}
function allUnits(file) {
  return [...file.services, ...file.tasks];
}

// core/checks/ranges.ts
function fieldValueRange(spec, key) {
  return spec.fields[key]?.value ?? spec.nameRange;
}
function DescribeUnit(spec) {
  return `${spec.kind === "task" ? "Task" : "Service"} "${spec.name}"`;
}

// core/host/binds.ts
function resolveBind(mount, rules, who = "A unit") {
  const path = resolve(rules.baseDir, mount.source);
  let real;
  try {
    real = realpathSync(path);
  } catch {
    return { ok: true, source: path, covers: [] };
  }
  const via = real === path ? "" : `, which is ${real} on this machine,`;
  const strict = rules.policy === "strict";
  const refuse = (code, what) => ({
    ok: false,
    code,
    message: `${who} binds "${mount.source}"${via} ${what}`
  });
  if (strict) {
    let kind = "other";
    try {
      const stat = statSync(real);
      kind = stat.isSocket() ? "socket" : stat.isCharacterDevice() || stat.isBlockDevice() ? "device" : "other";
    } catch {
    }
    const strictly = " The strict policy refuses it (the file is not trusted).";
    if (kind === "socket" && basename(real).endsWith("docker.sock")) {
      return refuse("policy-docker-socket", `a Docker engine socket, which gives control of the engine and the host.${strictly}`);
    }
    if (kind === "socket") return refuse("policy-bind-socket", `a socket of a host process.${strictly}`);
    if (kind === "device") return refuse("policy-bind-device", `a host device.${strictly}`);
    let workspace;
    try {
      workspace = realpathSync(rules.baseDir);
    } catch {
      workspace = rules.baseDir;
    }
    if (!isWithin(real, workspace)) {
      return refuse("policy-bind-outside", `outside the batch file's folder.${strictly} Bind a folder inside it or use a named volume.`);
    }
  }
  if (!mount.readOnly && rules.hidden.some((folder) => isWithin(real, folder))) {
    return refuse("bind-run-folder", "read-write into Gantry's run folders, which containers may not write. Bind it read-only (`:ro`) or bind another folder.");
  }
  return { ok: true, source: real, covers: coveredTargets(real, mount.target, rules.hidden) };
}
function checkHostBinds(file, rules) {
  const diagnostics = [];
  for (const spec of allUnits(file)) {
    for (const mount of spec.volumes) {
      if (mount.kind !== "bind") continue;
      const resolved = resolveBind(mount, rules, DescribeUnit(spec));
      if (!resolved.ok) diagnostics.push({ code: resolved.code, message: resolved.message, severity: "error", range: mount.sourceRange });
    }
  }
  return diagnostics;
}
function realFolders(paths) {
  const real = [];
  for (const path of paths) {
    try {
      real.push(realpathSync(path));
    } catch {
    }
  }
  return real;
}

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

// core/suggest.ts
function editDistance(a, b, limit = Infinity) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  let prev2 = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}
function suggest(word, candidates) {
  const normal = (s) => s.toLowerCase().replace(/_/g, "-");
  const w = normal(word);
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = normal(candidate) === w ? 0 : editDistance(w, normal(candidate), bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
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

// core/model.ts
var DEFAULT_ESTIMATE = 1e4;

// core/quantity.ts
var CPUS_FORMS = 'a number such as 2 or 0.5, or millicores such as "1500m"';
var MEMORY_FORMS = "bytes such as 1048576, or a number with k, M, G, T (powers of 1000) or Ki, Mi, Gi, Ti (powers of 1024), such as 256Mi";
var DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
var MILLICORES = /^(\d+)m$/;
var MEMORY = /^((?:\d+(?:\.\d*)?|\.\d+))(k|M|G|T|Ki|Mi|Gi|Ti)?$/;
var MEMORY_UNITS = {
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40
};
function parseCpus(value) {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : void 0;
  const text = value.trim();
  const milli = MILLICORES.exec(text);
  if (milli) return Number(milli[1]) / 1e3;
  return DECIMAL.test(text) ? Number(text) : void 0;
}
function formatCpus(cores) {
  if (cores > 0 && cores < 1) {
    const milli = Math.round(cores * 1e3);
    if (Math.abs(milli - cores * 1e3) < 1e-6) return `${milli}m`;
  }
  return String(Math.round(cores * 1e3) / 1e3);
}
function parseMemory(value) {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.round(value) : void 0;
  const match = MEMORY.exec(value.trim());
  if (!match) return void 0;
  const bytes = Number(match[1]) * (match[2] ? MEMORY_UNITS[match[2]] : 1);
  return Number.isFinite(bytes) ? Math.round(bytes) : void 0;
}
var BINARY = [
  ["Ti", 2 ** 40],
  ["Gi", 2 ** 30],
  ["Mi", 2 ** 20],
  ["Ki", 2 ** 10]
];
var DECIMAL_UNITS = [
  ["T", 1e12],
  ["G", 1e9],
  ["M", 1e6],
  ["k", 1e3]
];
function formatMemory(bytes) {
  if (!Number.isFinite(bytes)) return String(bytes);
  const b = Math.round(bytes);
  if (b === 0) return "0";
  for (const [suffix, size] of BINARY) if (b >= size && b % size === 0) return `${b / size}${suffix}`;
  for (const [suffix, size] of DECIMAL_UNITS) if (b >= size && b % size === 0) return `${b / size}${suffix}`;
  for (const [suffix, size] of BINARY) if (b >= size) return `${Math.round(b / size * 100) / 100}${suffix}`;
  return String(b);
}

// core/schedule.ts
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
      if (this.stopping) return this.stopAll(this.stopping.kind, this.stopping.reason);
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
  /** Stops starting work, kills what runs (reason `cancel`), stops services. Safe to call any time. */
  cancel() {
    this.enqueue(() => {
      if (this.finished || this.stopping?.kind === "cancel") return;
      if (!this.started) {
        this.stopping = { kind: "cancel", reason: "the run was cancelled" };
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
    if (this.stopping) return this.finish(i, "skipped", this.stopping.reason);
    const unit = this.units[i];
    const needs = this.ranking.needs[i];
    const taskNeeds = needs.filter((j) => !this.isService[j]);
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
      return this.finish(i, "failed", `service ${this.units[failed].id} ${this.serviceFailure(failed)}`);
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
      return this.finish(i, "failed", `service ${this.units[nowFailed].id} ${this.serviceFailure(nowFailed)}`);
    }
    this.pendingServices[i] = pending;
    if (pending === 0) this.makeReady(i);
    else this.state[i] = GATED;
  }
  serviceFailure(s) {
    return this.status[s] === "failed" ? `failed: ${this.reason[s] ?? "unhealthy"}` : `is ${this.status[s]}: ${this.reason[s] ?? ""}`.trimEnd();
  }
  okForDependents(j) {
    const s = this.status[j];
    return s === "succeeded" || this.units[j].allowFailure && s !== void 0 && FAILURES.has(s);
  }
  /** `2 cpus, 4Gi, 8 containers` (no container count when it is unlimited). */
  capacityText() {
    const slots = Number.isFinite(this.capSlots) ? `, ${this.capSlots} containers` : "";
    return `${this.capCpuM / 1e3} cpus, ${formatMemory(this.capMemory)}${slots}`;
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
    return `it and its services (${names}) need ${cpuM / 1e3} cpus, ${formatMemory(memory)} of memory and ${containers} containers at once, more than the capacity (${this.capacityText()})`;
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
        `it needs ${unit.cpus} cpus and ${formatMemory(this.memory[i])} of memory, more than the capacity (${this.capacityText()})`
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
    if (this.stopping) return;
    for (; ; ) {
      const head = this.headHeap.peekValid(this.isReady);
      if (head === void 0) return this.unstick();
      if (this.fitsNow(this.cpuM[head], this.memory[head])) {
        this.headHeap.pop();
        this.launch(head);
        if (this.stopping) return;
        continue;
      }
      this.backfill(head);
      if (this.stopping) return;
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
          `it cannot fit while ${up ? `services ${up} hold` : "other units hold"} the capacity (${this.units[head].cpus} cpus and ${formatMemory(this.memory[head])} needed; ${this.freeCpuM / 1e3} cpus and ${formatMemory(this.freeMemory)} free)`
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
      if (this.stopping || this.freeSlots < 1) return;
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
        this.armTimeout(run);
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
  needsOutputs(i) {
    const result = /* @__PURE__ */ Object.create(null);
    for (const j of this.ranking.needs[i]) {
      if (this.isService[j]) continue;
      const name = this.units[j].spec.name;
      const into = result[name] ??= /* @__PURE__ */ Object.create(null);
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
      if (st === DONE || this.stopping) continue;
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
    const retryable = status === "failed" || status === "oom" || status === "timeout";
    const willRetry = retryable && !this.stopping && run.attempt.number <= unit.retries.count;
    this.onEvent?.({ type: "attempt-end", at: end, unit: unit.id, attempt: run.attempt.number, outcome: recorded, willRetry });
    if (status === "succeeded") {
      this.outputs[i] = outcome.outputs ?? {};
      return this.finish(i, "succeeded");
    }
    if (willRetry) {
      const lost = this.ranking.needs[i].find((j) => this.isService[j] && this.state[j] !== HEALTHY);
      if (lost !== void 0) {
        this.failedUpstream[i] = 1;
        return this.finish(i, status, `service ${this.units[lost].id} ${this.serviceFailure(lost)}`);
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
    const why = run.killReason === "fail-fast" || run.killReason === "cancel" ? this.stopping?.reason : outcome.message ?? (status === "timeout" ? `timed out after ${unit.timeout} ms` : status);
    this.finish(i, status, why);
  }
  onServiceHealthy(s) {
    if (this.state[s] !== STARTING) return;
    this.state[s] = HEALTHY;
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
        if (ds === BACKOFF) this.clearBackoff(d);
        this.failedUpstream[d] = 1;
        this.finish(d, "failed", `service ${this.units[s].id} ${this.serviceFailure(s)}`);
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
      if (this.options.failFast && !this.stopping) this.stopAll("fail-fast", `not run: --fail-fast after ${unit.id} ${status === "failed" ? "failed" : `ended ${status}`}`);
    }
  }
  /** Service `s` has no dependents left. */
  release(s) {
    const st = this.state[s];
    if (st === DONE) return;
    if (st === STARTING || st === HEALTHY) return this.takeDown(s, this.stopping ? "cancelled" : "succeeded", st === STARTING ? "no longer needed before it became healthy" : void 0);
    this.finish(s, "skipped", this.stopping ? this.stopping.reason : "no dependent ran");
  }
  stopAll(kind, reason) {
    this.stopping = { kind, reason };
    for (const run of [...this.runningByUnit.values()]) {
      if (run.killReason) continue;
      run.killReason = kind;
      this.options.executor.kill(run.attempt.id, kind);
    }
    for (const i of [...this.backoffTimers.keys()]) {
      this.clearBackoff(i);
      const last = this.records[i][this.records[i].length - 1]?.outcome.status ?? "failed";
      if (kind === "cancel") this.finish(i, "cancelled", "cancelled while waiting to retry");
      else this.finish(i, last, `retry not started: ${reason}`);
    }
    for (let i = 0; i < this.n; i++) {
      const st = this.state[i];
      if (st === WAITING || st === DEMANDED || st === GATED || st === READY) {
        if (!this.isService[i] || this.firstStart[i] === void 0) this.finish(i, "skipped", reason);
      }
    }
    for (const s of [...this.upServices]) this.takeDown(s, "cancelled", reason);
  }
  checkDone() {
    if (this.finished || !this.started || this.terminal < this.n || this.runningByUnit.size > 0) return;
    this.finished = true;
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
  const taskPath = path.filter((i) => units[i].kind === "task");
  const onPath = new Set(taskPath);
  const criticalLength = maxOf(bottomLevel);
  let cpuWork = 0;
  let memoryWork = 0;
  for (const u of units) {
    if (u.kind !== "task") continue;
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

// core/duration.ts
var MAX_TIMER_MS = 2 ** 31 - 1;
var DURATION_FORMS = "a number with a unit: 500ms, 30s, 5m, 1h, or combined such as 1m30s";
var UNIT_MS = [36e5, 6e4, 1e3, 1];
var H = 0;
var M = 1;
var S = 2;
var MS = 3;
function parseDuration(text) {
  const s = text.trim();
  if (s === "") return void 0;
  let total = 0;
  let lastUnit = -1;
  let at = 0;
  while (at < s.length) {
    const start = at;
    while (isDigit(s.charCodeAt(at))) at++;
    const whole = at > start;
    if (s.charCodeAt(at) === 46 && isDigit(s.charCodeAt(at + 1))) {
      at++;
      while (isDigit(s.charCodeAt(at))) at++;
    } else if (!whole) return void 0;
    const number = Number(s.slice(start, at));
    const c = s.charCodeAt(at);
    let unit;
    if (c === 109 && s.charCodeAt(at + 1) === 115) unit = MS;
    else if (c === 104) unit = H;
    else if (c === 109) unit = M;
    else if (c === 115) unit = S;
    else return void 0;
    at += unit === MS ? 2 : 1;
    if (unit <= lastUnit) return void 0;
    lastUnit = unit;
    total += number * UNIT_MS[unit];
  }
  return Number.isFinite(total) ? Math.round(total) : void 0;
}
function isDigit(c) {
  return c >= 48 && c <= 57;
}
function formatDuration(ms) {
  if (!Number.isFinite(ms)) return String(ms);
  let rest = Math.round(Math.abs(ms));
  const sign = ms < 0 ? "-" : "";
  if (rest === 0) return "0s";
  if (rest < 1e3) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 36e5);
  rest -= h * 36e5;
  const m = Math.floor(rest / 6e4);
  rest -= m * 6e4;
  const s = rest / 1e3;
  let out = "";
  if (h) out += `${h}h`;
  if (m) out += `${m}m`;
  if (s) out += `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}s`;
  return sign + out;
}

// core/substitute.ts
var EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;
function replaceExpressions(text, resolve2) {
  if (!text.includes("${{")) return text;
  return text.replace(EXPRESSION, (whole, inner) => resolve2(inner.split(".").map((s) => s.trim())) ?? whole);
}
function substituteMatrix(text, matrix) {
  return replaceExpressions(
    text,
    (path) => path[0] === "matrix" ? path.length === 2 && Object.hasOwn(matrix, path[1]) ? matrix[path[1]] : "" : void 0
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
  if (unit.command) resolved.command = unit.command.map(fill);
  else if (unit.run !== void 0) resolved.command = ["sh", "-c", fill(unit.run)];
  if (unit.spec.entrypoint) resolved.entrypoint = unit.spec.entrypoint.map(fill);
  for (const [key, value] of Object.entries(unit.env)) resolved.env[key] = fill(value);
  if (unit.workdir !== void 0) resolved.workdir = fill(unit.workdir);
  if (unit.spec.user !== void 0) resolved.user = fill(unit.spec.user);
  return resolved;
}
function gantryEnv(attempt) {
  const env = {};
  for (const [key, value] of Object.entries(attempt.unit.matrix)) env[envName("GANTRY_MATRIX", key)] = value;
  const needs = attempt.needsOutputs;
  for (const task in needs) {
    const outputs = needs[task];
    for (const name in outputs) env[envName("GANTRY_NEEDS", task, name)] = outputs[name];
  }
  return env;
}
function envName(...parts) {
  return parts.map((p) => p.toUpperCase().replace(/[^A-Z0-9]+/g, "_")).join("_");
}

// core/sanitize.ts
var UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
var UNSAFE_OR_SGR = /(\x1b\[[0-9;:]*m)|[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
var SGR = /\x1b\[[0-9;:]*m/g;
function sanitize(text, options = {}) {
  const multiline = options.multiline ?? false;
  const sgr = options.sgr ?? "show";
  let s = multiline ? text.replace(/\r\n/g, "\n") : text;
  if (sgr === "strip") s = s.replace(SGR, "");
  if (sgr === "keep") return s.replace(UNSAFE_OR_SGR, (all, kept) => kept ?? stand(all, multiline));
  return s.replace(UNSAFE, (c) => stand(c, multiline));
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
  positionAt,
  Positions,
  FieldSpan,
  nodeSpan,
  NameAt,
  MountAt,
  ExpressionAt,
  removeListEntryFix,
  makeContext,
  unitNamed,
  allUnits,
  fieldValueRange,
  DescribeUnit,
  resolveBind,
  checkHostBinds,
  realFolders,
  MAX_TIMER_MS,
  DURATION_FORMS,
  parseDuration,
  formatDuration,
  CPUS_FORMS,
  MEMORY_FORMS,
  parseCpus,
  formatCpus,
  parseMemory,
  formatMemory,
  suggest,
  resolveCapacity,
  capacitySource,
  isCompleteCapacity,
  DEFAULT_ESTIMATE,
  substituteMatrix,
  resolveAttempt,
  selectOnly,
  Scheduler,
  DEFAULT_START_OVERHEAD_MS,
  plan
};
