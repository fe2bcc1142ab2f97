#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  DEFAULT_CANCEL_GRACE_MS,
  DEFAULT_START_OVERHEAD_MS,
  LogNames,
  Scheduler,
  appendHistory,
  atNoTime,
  cacheKeyFiles,
  cachesUnit,
  cachingExecutor,
  estimateSource,
  estimatesFromHistory,
  historyRecord,
  listedSecrets,
  placeUnits,
  plan,
  predictCached,
  readHistory,
  resolveCapacity,
  sanitize,
  selectOnly,
  volumesToKeep,
  withEstimates
} from "./chunk-BTKX2ZP4.js";
import {
  currentOwner
} from "./chunk-B6COJUON.js";
import {
  DescribeUnit,
  GantryError,
  MAX_TIMER_MS,
  UnsafePathError,
  checkHostBinds,
  checkHostBuilds,
  ensureDirs,
  finiteParallel,
  formatBytes,
  formatCapacity,
  formatCpuCount,
  formatCpus,
  formatDuration,
  makeFreshDir,
  realFolders,
  writeNewFile
} from "./chunk-2EUBPREJ.js";
import "./chunk-HJKLCPIG.js";

// core/run/run-batch.ts
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { dirname, join, relative, resolve } from "node:path";

// core/mask.ts
var MIN_LINE = 4;
function maskValues(secret) {
  if (secret.trim() === "") return [];
  const values = /* @__PURE__ */ new Set([secret]);
  for (const line of secret.split(/[\r\n]+/)) {
    const trimmed = line.trim();
    if (trimmed.length >= MIN_LINE) values.add(trimmed);
  }
  return [...values];
}
var Masker = class {
  /** Longest first, so a value containing another is replaced whole. */
  #values = [];
  /** Remembers `secret` (and each of its lines) and returns the values to register with the runner. */
  add(secret) {
    const values = maskValues(secret);
    this.#values = [.../* @__PURE__ */ new Set([...this.#values, ...values])].sort((a, b) => b.length - a.length);
    return values;
  }
  get empty() {
    return this.#values.length === 0;
  }
  /** The values masked, longest first (never to be printed: for registering and redacting). */
  get values() {
    return this.#values;
  }
  mask(text) {
    let out = text;
    for (const value of this.#values) if (out.includes(value)) out = out.split(value).join("***");
    return out;
  }
  /**
   * How many characters at the end of `text` could be the start of a secret that goes on in text
   * not seen yet (0 when none): a long line cut in pieces is cut before them, so no piece ends
   * with half a secret that masking the pieces one by one would miss.
   */
  partialSuffix(text) {
    let longest = 0;
    for (const value of this.#values) {
      for (let k = Math.min(value.length - 1, text.length); k > longest; k--) {
        if (text.endsWith(value.slice(0, k))) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }
  /** Every string in a JSON-like value (objects, arrays) masked; numbers, booleans and the shape kept. */
  maskDeep(value) {
    if (this.empty) return value;
    const walk = (v) => {
      if (typeof v === "string") return this.mask(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value);
  }
};

// core/report/run-document.ts
var RUN_DOCUMENT_VERSION = 1;

// core/report/critical-path.ts
function actualCriticalPath(units) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const ran = units.filter((u) => u.start !== void 0 && u.end !== void 0 && u.kind !== "service");
  if (ran.length === 0) return [];
  let current = ran.reduce((a, b) => b.end > a.end ? b : a);
  const path = [current.id];
  const seen = new Set(path);
  for (; ; ) {
    let next;
    let nextAt = -Infinity;
    for (const id of current.needs) {
      const need = byId.get(id);
      if (!need || seen.has(id)) continue;
      const releasedAt = need.kind === "service" ? need.healthy : need.end;
      if (releasedAt === void 0 || releasedAt > (current.start ?? Infinity)) continue;
      if (releasedAt > nextAt) {
        next = need;
        nextAt = releasedAt;
      }
    }
    if (!next) break;
    path.unshift(next.id);
    seen.add(next.id);
    if (next.kind !== "service") current = next;
  }
  return path;
}

// core/report/run-recorder.ts
var RunRecorder = class {
  document;
  byId = /* @__PURE__ */ new Map();
  constructor(init) {
    const units = init.graph.units.map(
      (u) => ({
        id: u.id,
        kind: u.kind,
        name: u.spec.name,
        status: "pending",
        needs: [...u.needs],
        cpus: u.cpus,
        memory: u.memory,
        estimate: u.estimate,
        estimated: u.spec.estimate !== void 0,
        allowFailure: u.allowFailure,
        attempts: []
      })
    );
    for (const unit of units) this.byId.set(unit.id, unit);
    this.document = {
      gantry: RUN_DOCUMENT_VERSION,
      complete: false,
      runId: init.runId,
      instance: init.instance,
      file: init.file,
      ...init.name !== void 0 ? { name: init.name } : {},
      startedAt: init.startedAt.toISOString(),
      updatedAt: init.startedAt.toISOString(),
      capacity: init.capacity,
      ...init.engine ? { engine: init.engine } : {},
      ...init.nodes && init.nodes.length > 1 ? { nodes: init.nodes } : {},
      ...init.only ? { only: init.only } : {},
      ...init.prediction ? { prediction: init.prediction } : {},
      result: "running",
      makespan: 0,
      units
    };
  }
  /** Folds one scheduler event into the document. */
  apply(event, now = /* @__PURE__ */ new Date()) {
    this.document.updatedAt = now.toISOString();
    if (event.type === "run-end") {
      this.document.result = event.result;
      return;
    }
    const unit = this.byId.get(event.unit);
    if (!unit) return;
    this.document.makespan = Math.max(this.document.makespan, event.at);
    switch (event.type) {
      case "ready":
        if (unit.status === "pending") unit.status = "ready";
        break;
      case "attempt-start":
        unit.status = "running";
        unit.start ??= event.at;
        unit.attempts.push({ number: event.attempt, start: event.at, memory: event.memory });
        if (event.node !== void 0) unit.node = event.node;
        break;
      case "attempt-end": {
        const attempt = unit.attempts.find((a) => a.number === event.attempt);
        if (attempt) {
          attempt.end = event.at;
          attempt.outcome = event.outcome;
        }
        unit.status = event.willRetry ? "retrying" : event.outcome.status;
        unit.end = event.at;
        if (event.outcome.cached && event.outcome.status === "succeeded") unit.cachedFrom = event.outcome.cached.run;
        break;
      }
      case "service-start":
        unit.status = "running";
        unit.start ??= event.at;
        if (event.node !== void 0) unit.node = event.node;
        break;
      case "service-healthy":
        unit.healthy = event.at;
        break;
      case "service-stop":
        unit.end = event.at;
        if (event.failed) unit.reason = event.failed;
        if (event.usage) unit.usage = unit.usage ? mergeUsage(unit.usage, event.usage) : event.usage;
        break;
      case "unit-end":
        unit.status = event.status;
        if (event.reason) unit.reason = event.reason;
        if (unit.start !== void 0) unit.end ??= event.at;
        break;
    }
  }
  /** Records where an attempt's full log is (relative to the run folder). */
  setLog(unitId, attempt, relativePath, tail) {
    const record = this.byId.get(unitId)?.attempts.find((a) => a.number === attempt);
    if (!record) return;
    record.log = relativePath;
    if (tail) record.logTail = tail;
  }
  /** Records where a service's log is (relative to the run folder) and its last lines. */
  setServiceLog(unitId, relativePath, tail) {
    const unit = this.byId.get(unitId);
    if (!unit || unit.kind !== "service") return;
    unit.log = relativePath;
    if (tail) unit.logTail = tail;
  }
  /** Stops the run early with a reason (an engine error, a crash of Gantry itself). */
  fail(message) {
    this.document.error = message;
  }
  /**
   * The final document: the scheduler's result is authoritative for statuses, times and usage;
   * what the events added (log paths, service health times) is kept.
   */
  finish(result, now = /* @__PURE__ */ new Date()) {
    const doc = this.document;
    for (const r of result.units) {
      const unit = this.byId.get(r.id);
      if (!unit) continue;
      unit.status = r.status;
      if (r.reason !== void 0) unit.reason = r.reason;
      if (r.start !== void 0) unit.start = r.start;
      if (r.end !== void 0) unit.end = r.end;
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
          ...seen?.log !== void 0 ? { log: seen.log } : {},
          ...seen?.logTail !== void 0 ? { logTail: seen.logTail } : {}
        };
      });
    }
    for (const unit of doc.units) {
      if (unit.status === "pending" || unit.status === "ready" || unit.status === "running" || unit.status === "retrying") {
        unit.status = result.result === "cancelled" ? "cancelled" : "skipped";
      }
    }
    doc.result = result.result;
    doc.makespan = result.makespan;
    doc.criticalPath = actualCriticalPath(doc.units);
    doc.complete = true;
    doc.updatedAt = now.toISOString();
    return doc;
  }
};
function mergeUsage(a, b) {
  const higher = b.peakMemory > a.peakMemory ? b : a;
  return {
    peakMemory: higher.peakMemory,
    cpuSeconds: Math.round((a.cpuSeconds + b.cpuSeconds) * 1e3) / 1e3,
    ...higher.peakSource ? { peakSource: higher.peakSource } : {},
    workingSet: Math.max(a.workingSet ?? 0, b.workingSet ?? 0),
    samples: (a.samples ?? 0) + (b.samples ?? 0),
    cpuRates: [...a.cpuRates ?? [], ...b.cpuRates ?? []],
    ...a.hostBusy && b.hostBusy ? { hostBusy: [...a.hostBusy, ...b.hostBusy] } : {}
  };
}

// core/report/usage-advice.ts
var MIB = 1024 * 1024;
var MIN_RATES = 2;
var MIN_SAMPLES = 3;
var CPU_HEADROOM_P95 = 1.25;
var CPU_HEADROOM_PEAK = 1.1;
var MEMORY_HEADROOM = 1.25;
var MEMORY_HEADROOM_SAMPLED = 1.5;
var SATURATED = 0.9;
function cpuProfile(rates) {
  const valid = rates.filter((r) => Number.isFinite(r) && r >= 0);
  if (valid.length < MIN_RATES) return void 0;
  const sorted = [...valid].sort((a, b) => a - b);
  const peak = sorted[sorted.length - 1];
  const p95 = sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)];
  const need = Math.max(0.1, roundUpTenth(Math.max(p95 * CPU_HEADROOM_P95, peak * CPU_HEADROOM_PEAK)));
  return { peak, p95, need };
}
function usageAdvice(unit) {
  if (unit.kind === "build") return [];
  const advice = [];
  const say = (kind, message, suggestion) => advice.push({ unit: unit.id, kind, message, suggestion });
  const measured = unit.kind === "service" ? unit.usage && unit.start !== void 0 && unit.end !== void 0 ? [{ usage: unit.usage, ms: unit.end - unit.start, limit: unit.memory, oom: false }] : [] : unit.attempts.filter((a) => a.outcome?.usage && a.end !== void 0).map((a) => ({ usage: a.outcome.usage, ms: a.end - a.start, limit: a.memory, oom: a.outcome.status === "oom" }));
  const oomLimits = unit.attempts.filter((a) => a.outcome?.status === "oom").map((a) => a.memory);
  const oomLimit = oomLimits.length > 0 ? Math.max(...oomLimits) : void 0;
  const peakOf = (m) => m.oom ? Math.max(m.usage.peakMemory, m.limit) : m.usage.peakMemory;
  const peak = measured.length > 0 ? Math.max(...measured.map(peakOf)) : 0;
  const trusted = measured.some((m) => peakOf(m) === peak && (m.oom || isKernelPeak(m.usage)));
  const withHeadroom = (bytes) => {
    const size = roundUpMemory(bytes * (trusted ? MEMORY_HEADROOM : MEMORY_HEADROOM_SAMPLED));
    return oomLimit !== void 0 && size <= oomLimit ? roundUpMemory(oomLimit + 1) : size;
  };
  if (oomLimit !== void 0) {
    const succeeded = measured.filter((m) => !m.oom && isKernelPeak(m.usage));
    const need = succeeded.length > 0 ? withHeadroom(Math.max(...succeeded.map((m) => m.usage.peakMemory))) : roundUpMemory(oomLimit * 2);
    say("memory-oom", `ran out of memory at ${formatBytes(oomLimit)}`, `memory: ${formatBytes(need)}`);
  } else if (peak > 0) {
    const last = measured[measured.length - 1];
    const request = last.limit;
    const enough = measured.some((m) => enoughSamples(m.usage, m.ms));
    if (peak < request * 0.25 && request - peak >= 64 * MIB && enough) {
      say("memory-over", `asked ${formatBytes(request)}, peaked at ${formatBytes(peak)}`, `memory: ${formatBytes(withHeadroom(peak))}`);
    } else if (peak >= request * 0.9 && !mostlyPageCache(last.usage, request)) {
      say("memory-tight", `peaked at ${formatBytes(peak)} of its ${formatBytes(request)} limit`, `memory: ${formatBytes(withHeadroom(peak))}`);
    }
  }
  const rates = measured.flatMap((m) => m.usage.cpuRates ?? []);
  const profile = cpuProfile(rates);
  if (profile) {
    const asked = unit.cpus;
    const used = `used at most ${formatCpus(profile.peak)} (95th percentile ${formatCpus(profile.p95)})`;
    if (profile.need <= asked * 0.75 && asked - profile.need >= 0.25 && !starved(measured.map((m) => m.usage))) {
      say("cpu-over", `asked ${formatCpuCount(asked)}, ${used}`, `cpus: ${formatCpus(profile.need)}`);
    } else if (profile.p95 > asked * 1.2) {
      say("cpu-under", `asked ${formatCpuCount(asked)}, ${used}`, `cpus: ${formatCpus(profile.need)}`);
    }
  }
  return advice;
}
function allUsageAdvice(units) {
  return units.flatMap(usageAdvice);
}
function starved(usages) {
  let saturated = 0;
  let all = 0;
  for (const u of usages) {
    if (!u.hostBusy || u.hostBusy.length !== (u.cpuRates ?? []).length) continue;
    all += u.hostBusy.length;
    saturated += u.hostBusy.filter((b) => b >= SATURATED).length;
  }
  return all > 0 && saturated * 2 > all;
}
function isKernelPeak(usage) {
  return usage.peakSource === "engine" || usage.peakSource === "cgroup" || usage.peakSource === "limit";
}
function enoughSamples(usage, ms) {
  return usage.samples !== void 0 ? usage.samples >= MIN_SAMPLES : ms >= 2e3;
}
function mostlyPageCache(usage, limit) {
  return (usage.peakSource === "engine" || usage.peakSource === "cgroup") && usage.workingSet !== void 0 && usage.workingSet < limit * 0.5;
}
function roundUpTenth(cpus) {
  return Math.ceil(cpus * 10 - 1e-9) / 10;
}
function roundUpMemory(bytes) {
  const step = bytes < 256 * MIB ? 16 * MIB : 64 * MIB;
  return Math.max(step, Math.ceil(bytes / step) * step);
}

// core/report/format.ts
function hasPrediction(doc) {
  return doc.prediction !== void 0 && doc.units.some((u) => u.kind === "task" && u.estimated !== false);
}
var STATUS_ICONS = {
  succeeded: "\u2705",
  failed: "\u274C",
  oom: "\u{1F4A5}",
  timeout: "\u23F1\uFE0F",
  killed: "\u2620\uFE0F",
  cancelled: "\u23F9\uFE0F",
  skipped: "\u23ED\uFE0F",
  pending: "\u23F3",
  ready: "\u23F3",
  running: "\u25B6\uFE0F",
  retrying: "\u{1F501}"
};
function statusText(unit) {
  if (unit.resumedFrom !== void 0) return `${unit.status} (from ${unit.resumedFrom})`;
  if (unit.cachedFrom !== void 0 && unit.status === "succeeded") return `cached (from ${unit.cachedFrom})`;
  return unit.status;
}

// core/report/escape.ts
function markdownInline(text) {
  return sanitize(oneLine(text), { sgr: "strip" }).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/([\\`*_{}[\]()#+!|~])/g, "\\$1");
}
function inlineCode(text) {
  return `\`${sanitize(oneLine(text), { sgr: "strip" }).replace(/`/g, "'")}\``;
}
function codeFence(text, info = "text") {
  const body = sanitize(text, { multiline: true, sgr: "strip" });
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}
${body}
${fence}`;
}
function escapeHtml(text, options = {}) {
  const clean = options.multiline ? sanitize(text, { multiline: true, sgr: "strip" }) : sanitize(oneLine(text), { sgr: "strip" });
  return clean.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
function mermaidText(text) {
  return text.replace(/#/g, "no.").replace(/[^\p{L}\p{M}\p{N} _.,=+\-()[\]/@]/gu, " ").replace(/\s+/g, " ").trim() || "_";
}
function oneLine(text) {
  return text.replace(/\r?\n/g, " ");
}

// core/report/gantt-md.ts
var ORIGIN_DATE = "2000-01-01";
var MAX_BARS = 30;
var LABEL_MAX = 60;
var FAILED = /* @__PURE__ */ new Set(["failed", "oom", "timeout", "killed"]);
var ZWSP = "\u200B";
function renderGantt(doc, options = {}) {
  const maxBars = options.maxBars ?? MAX_BARS;
  const ran = doc.units.filter((u) => u.start !== void 0);
  if (ran.length === 0) return void 0;
  const critical = new Set(doc.criticalPath ?? []);
  let rows = ran.flatMap((u) => unitRows(u, doc, critical.has(u.id)));
  let grouped = false;
  if (rows.length > maxBars) {
    rows = groupByName(ran, doc, critical);
    grouped = true;
  }
  rows.forEach((r, i) => r.order = i);
  let leftOut = 0;
  if (rows.length > maxBars) {
    const rank = (r) => r.status === "failed" ? 0 : r.critical ? 1 : 2;
    const kept = [...rows].sort((a, b) => rank(a) - rank(b) || b.end - b.start - (a.end - a.start) || a.order - b.order).slice(0, maxBars);
    leftOut = rows.length - kept.length;
    rows = kept.sort((a, b) => a.order - b.order);
  }
  rows.forEach((r, i) => r.order = i);
  const span = Math.max(1, ...rows.map((r) => r.end));
  const lines = ["```mermaid", "gantt", "  dateFormat YYYY-MM-DD HH:mm:ss.SSS", `  axisFormat ${span >= 36e5 ? "%H:%M" : "%M:%S"}`, `  tickInterval ${tickInterval(span)}`];
  let bar2 = 0;
  for (const kind of ["service", "task"]) {
    const section = rows.filter((r) => r.kind === kind);
    if (section.length === 0) continue;
    lines.push(`  section ${kind === "service" ? "Services" : "Tasks"}`);
    for (const r of section) {
      const tag = r.status === "failed" ? "crit" : r.critical || r.status === "running" ? "active" : "done";
      const start = Math.max(0, Math.round(r.start));
      const end = Math.max(Math.round(r.end), start + 1);
      lines.push(`  ${ZWSP}${r.label} :${tag}, b${bar2++}, ${wallClock(start)}, ${wallClock(end)}`);
    }
  }
  lines.push("```");
  const notes = [];
  if (grouped) notes.push("matrix expansions share one row per task");
  if (leftOut > 0) notes.push(`${leftOut} more row${leftOut === 1 ? "" : "s"} not drawn (report.html has every task)`);
  return notes.length > 0 ? `${lines.join("\n")}

_Timeline: ${notes.join("; ")}._` : lines.join("\n");
}
function unitRows(unit, doc, critical) {
  if (unit.kind === "service" || unit.attempts.length === 0) {
    const status = unit.kind === "service" && !FAILED.has(unit.status) ? "succeeded" : unit.status;
    return [row(unit.id, unit.start, unit.end ?? doc.makespan, status, critical, unit.kind)];
  }
  return unit.attempts.map(
    (a) => row(unit.attempts.length > 1 ? `${unit.id} (try ${a.number})` : unit.id, a.start, a.end ?? doc.makespan, a.outcome?.status ?? "running", critical, unit.kind)
  );
}
function groupByName(units, doc, critical) {
  const groups = /* @__PURE__ */ new Map();
  for (const u of units) {
    const key = `${u.kind}
${u.name}`;
    const group = groups.get(key);
    if (group) group.push(u);
    else groups.set(key, [u]);
  }
  return [...groups.values()].map((members) => {
    const first = members[0];
    const failed = members.filter((u) => FAILED.has(u.status)).length;
    const running = members.some((u) => u.status === "running" || u.status === "retrying");
    const start = Math.min(...members.map((u) => u.start));
    const end = Math.max(...members.map((u) => u.end ?? doc.makespan));
    const [label, suffix] = members.length > 1 ? [first.name, ` \xD7${members.length}${failed > 0 ? `, ${failed} failed` : ""}`] : [first.id, ""];
    const status = failed > 0 ? "failed" : running ? "running" : first.kind === "service" ? "succeeded" : members.every((u) => u.status === "succeeded") ? "succeeded" : first.status;
    return row(label, start, end, status, members.some((u) => critical.has(u.id)), first.kind, true, suffix);
  });
}
function row(id, start, end, status, critical, kind, grouped = false, suffix = "") {
  const failed = FAILED.has(status) || status === "failed";
  const said = grouped || status === "failed" || status === "succeeded" || status === "running" ? "" : ` (${status})`;
  return { label: `${failed ? "\u2717 " : ""}${cut(mermaidText(id))}${suffix}${said}`, start, end, status: failed ? "failed" : status, critical, kind, order: 0 };
}
function cut(text) {
  return text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}\u2026` : text;
}
function wallClock(ms) {
  const t = new Date(Date.parse(`${ORIGIN_DATE}T00:00:00Z`) + ms);
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(t.getUTCMilliseconds(), 3)}`;
}
function tickInterval(span) {
  const steps = [
    [1e3, "1second"],
    [2e3, "2second"],
    [5e3, "5second"],
    [1e4, "10second"],
    [15e3, "15second"],
    [3e4, "30second"],
    [6e4, "1minute"],
    [12e4, "2minute"],
    [3e5, "5minute"],
    [6e5, "10minute"],
    [9e5, "15minute"],
    [18e5, "30minute"],
    [36e5, "1hour"],
    [72e5, "2hour"],
    [108e5, "3hour"],
    [216e5, "6hour"],
    [432e5, "12hour"],
    [864e5, "1day"]
  ];
  return (steps.find(([ms]) => span / ms <= 10) ?? steps[steps.length - 1])[1];
}

// core/report/secrets-note.ts
function secretsNote(doc) {
  const withheld = doc.secrets?.withheld ?? [];
  if (withheld.length === 0) return void 0;
  return `Secrets not passed: ${withheld.join(", ")}${doc.secrets?.why ? ` (${doc.secrets.why})` : ""}; the units that list them ran without them.`;
}

// core/report/predicted.ts
function predictedRows(doc) {
  const rows = [];
  for (const unit of doc.units) {
    const p = unit.predicted;
    if (!p) continue;
    let actual;
    if (unit.kind === "service") {
      if (unit.start !== void 0 && unit.healthy !== void 0 && unit.healthy >= unit.start) actual = unit.healthy - unit.start;
    } else {
      const last = [...unit.attempts].reverse().find((a) => a.end !== void 0);
      if (last) actual = last.end - last.start;
    }
    rows.push({
      unit,
      label: unit.kind === "service" ? `${unit.id} (service, to healthy)` : unit.id,
      predicted: p.duration,
      ...actual !== void 0 ? { actual } : {},
      source: p.text
    });
  }
  return rows;
}

// core/report/report-md.ts
var RESULT = {
  success: "\u2705 success",
  failure: "\u274C failure",
  cancelled: "\u23F9\uFE0F cancelled",
  running: "\u25B6\uFE0F running (partial report)"
};
function renderMarkdown(doc, options = {}) {
  const tailLines = options.tailLines ?? 20;
  const h = "#".repeat(options.headingLevel ?? 2);
  const out = [];
  const title = doc.name ? `${markdownInline(doc.name)} \u2014 ` : "";
  out.push(`${h} Gantry run: ${title}${RESULT[doc.result] ?? doc.result}`, "");
  const facts = [
    `**Run** ${inlineCode(doc.runId)}`,
    `**File** ${inlineCode(doc.file)}`,
    `**Makespan** ${formatDuration(doc.makespan)}${hasPrediction(doc) ? ` (plan predicted ${formatDuration(doc.prediction.makespan)})` : ""}`,
    `**Capacity** ${formatCapacity(doc.capacity)}`
  ];
  if (doc.nodes && doc.nodes.length > 1) {
    facts.push(`**Nodes** ${doc.nodes.map((n) => `${inlineCode(n.name)} (${formatCpuCount(n.cpus)}, ${formatBytes(n.memory)}${n.home ? ", home" : ""})`).join(", ")}`);
  }
  if (doc.only) facts.push(`**Only** ${doc.only.map(inlineCode).join(", ")}`);
  if (doc.resumedFrom) facts.push(`**Resumed** run ${inlineCode(doc.resumedFrom)}`);
  out.push(facts.join(" \xB7 "), "");
  if (doc.error) out.push(`> **Stopped early:** ${markdownInline(doc.error)}`, "");
  if (!doc.complete) out.push("> This report is partial: the run had not finished when it was written.", "");
  const kept = Object.entries(doc.keptVolumes ?? {});
  if (kept.length > 0) {
    out.push(`> **Kept for \`gantry run --resume\`:** ${kept.map(([name, v]) => `${inlineCode(name)} (volume ${inlineCode(v.volume)})`).join(", ")} \u2014 \`gantry cleanup\` or the next full run here removes them.`, "");
  }
  const secrets = secretsNote(doc);
  if (secrets) out.push(`> **${markdownInline(secrets)}**`, "");
  out.push(counts(doc.units), "");
  const failing = failures(doc.units);
  if (failing) out.push(failing, "");
  const nodeNames = doc.nodes && doc.nodes.length > 1 ? new Map(doc.nodes.map((n) => [n.id, n.name])) : void 0;
  out.push(`| Task | Status |${nodeNames ? " Node |" : ""} Attempts | Duration | Exit | Peak memory | Request | Note |`);
  out.push(`| --- | --- |${nodeNames ? " --- |" : ""} --: | --: | --: | --: | --- | --- |`);
  for (const unit of doc.units) out.push(row2(unit, nodeNames));
  out.push("");
  const predicted = predictedRows(doc);
  if (predicted.length > 0) {
    out.push(`${h}# Predicted vs actual`, "");
    out.push("| Unit | Predicted | Actual | Estimate from |");
    out.push("| --- | --: | --: | --- |");
    for (const r of predicted) {
      out.push(`| ${markdownInline(r.label)} | ${formatDuration(r.predicted)} | ${r.actual !== void 0 ? formatDuration(r.actual) : ""} | ${markdownInline(r.source)} |`);
    }
    out.push("");
  }
  const gantt = renderGantt(doc);
  if (gantt) out.push(`${h}# Timeline`, "", gantt, "");
  const advice = allUsageAdvice(doc.units);
  if (advice.length > 0) {
    out.push(`${h}# Right-sizing`, "");
    for (const a of advice) out.push(`- **${markdownInline(a.unit)}**: ${markdownInline(a.message)} \u2192 consider ${inlineCode(a.suggestion)}`);
    out.push("");
  }
  const failedUnits = doc.units.filter((u) => FAILED2.includes(u.status));
  for (const unit of failedUnits) {
    const attempt = unit.attempts[unit.attempts.length - 1];
    const tail = (unit.kind === "service" ? unit.logTail : attempt?.logTail)?.slice(-tailLines);
    if (!tail || tail.length === 0) continue;
    const which = unit.kind === "service" ? "service" : `attempt ${attempt.number}`;
    out.push(`<details><summary>${escapeHtml(unit.id)}: last ${tail.length} log lines (${which})</summary>`, "");
    out.push(codeFence(tail.join("\n")), "", "</details>", "");
  }
  return `${out.join("\n").trimEnd()}
`;
}
var FAILED2 = ["failed", "oom", "timeout", "killed"];
function failures(units) {
  const failed = units.filter((u) => FAILED2.includes(u.status));
  if (failed.length === 0) return "";
  const names = failed.map((u) => markdownInline(`${u.id}${u.kind === "service" ? " (service)" : ""}${u.allowFailure ? " (allowed to fail)" : ""}`));
  return `**Failed:** ${names.join(", ")}`;
}
function counts(units) {
  const tasks = units.filter((u) => u.kind === "task");
  const by = /* @__PURE__ */ new Map();
  for (const u of tasks) by.set(statusText(u), (by.get(statusText(u)) ?? 0) + 1);
  const parts = [...by.entries()].map(([status, n]) => `${n} ${status}`);
  return `${tasks.length} task${tasks.length === 1 ? "" : "s"}: ${parts.join(", ") || "none"}`;
}
function row2(unit, nodeNames) {
  const last = unit.attempts[unit.attempts.length - 1];
  const duration = unit.start !== void 0 && unit.end !== void 0 ? formatDuration(unit.end - unit.start) : "";
  const exit = last?.outcome?.exitCode ?? "";
  const peaks = unit.attempts.map((a) => a.outcome?.usage?.peakMemory ?? 0);
  const peak = peaks.some((p) => p > 0) ? formatBytes(Math.max(...peaks)) : "";
  const name = unit.kind === "service" ? `${unit.id} (service)` : unit.id;
  const note = unit.reason ?? last?.outcome?.message ?? "";
  const node = nodeNames ? ` ${unit.node !== void 0 ? markdownInline(nodeNames.get(unit.node) ?? unit.node) : ""} |` : "";
  return `| ${markdownInline(name)} | ${STATUS_ICONS[unit.status] ?? ""} ${markdownInline(statusText(unit))} |${node} ${unit.attempts.length || ""} | ${duration} | ${exit} | ${peak} | ${formatCpuCount(unit.cpus)}, ${formatBytes(unit.memory)} | ${markdownInline(note)} |`;
}

// core/report/report-html.ts
var COLOR = {
  succeeded: "#2da44e",
  failed: "#cf222e",
  oom: "#8250df",
  timeout: "#bc4c00",
  killed: "#953800",
  cancelled: "#8c959f",
  skipped: "#d0d7de",
  running: "#0969da",
  retrying: "#0969da",
  pending: "#d0d7de",
  ready: "#d0d7de",
  service: "#1b7c83"
};
var WIDTH = 1e3;
var LABEL = 190;
var ROW = 22;
function renderHtml(doc) {
  const title = `Gantry run ${doc.name ? `${doc.name} ` : ""}${doc.runId}`;
  const adviceByUnit = doc.units.map(usageAdvice);
  const advice = adviceByUnit.flat();
  const tasks = doc.units.filter((u) => u.kind === "task");
  const counts2 = /* @__PURE__ */ new Map();
  const colorOf = /* @__PURE__ */ new Map();
  for (const u of tasks) {
    counts2.set(statusText(u), (counts2.get(statusText(u)) ?? 0) + 1);
    colorOf.set(statusText(u), u.status);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>${esc(doc.name ?? "Gantry run")} <span class="badge ${esc(doc.result)}">${esc(doc.result)}</span></h1>
  <p class="facts">Run <code>${esc(doc.runId)}</code> \xB7 <code>${esc(doc.file)}</code> \xB7 started ${esc(doc.startedAt)}
  \xB7 makespan <b>${formatDuration(doc.makespan)}</b>${hasPrediction(doc) ? ` (plan predicted ${formatDuration(doc.prediction.makespan)})` : ""}
  \xB7 capacity ${esc(formatCapacity(doc.capacity))}${doc.nodes && doc.nodes.length > 1 ? ` \xB7 nodes ${doc.nodes.map((n) => `<code>${esc(n.name)}</code> (${formatCpuCount(n.cpus)}, ${formatBytes(n.memory)}${n.home ? ", home" : ""})`).join(", ")}` : ""}${doc.resumedFrom ? ` \xB7 resumed run <code>${esc(doc.resumedFrom)}</code>` : ""}</p>
  ${doc.keptVolumes && Object.keys(doc.keptVolumes).length ? `<p class="facts">Kept for <code>gantry run --resume</code>: ${Object.entries(doc.keptVolumes).map(([name, v]) => `<code>${esc(name)}</code> (volume <code>${esc(v.volume)}</code>)`).join(", ")} \u2014 <code>gantry cleanup</code> or the next full run here removes them.</p>` : ""}
  <p class="counts">${[...counts2.entries()].map(([s, n]) => `<span class="pill" style="--c:${COLOR[colorOf.get(s) ?? s] ?? "#888"}">${n} ${esc(s)}</span>`).join(" ")}</p>
  ${failedLine(doc.units)}
  ${doc.error ? `<p class="error">Stopped early: ${esc(doc.error)}</p>` : ""}
  ${doc.complete ? "" : '<p class="error">Partial report: the run had not finished when this was written.</p>'}
  ${secretsNote(doc) ? `<p class="error">${esc(secretsNote(doc))}</p>` : ""}
</header>
<section>
  <h2>Timeline</h2>
  ${timeline(doc)}
  <p class="legend">${["succeeded", "failed", "oom", "timeout", "killed", "cancelled", "service"].map((s) => `<span><i style="background:${COLOR[s]}"></i>${s}</span>`).join("")}<span><i class="crit"></i>critical path</span></p>
</section>
${predictedSection(doc)}
<section>
  <h2>Capacity use</h2>
  ${capacityChart(doc)}
</section>
${advice.length > 0 ? `<section><h2>Right-sizing</h2><ul class="advice">${advice.map((a) => `<li><b>${esc(a.unit)}</b>: ${esc(a.message)} \u2192 consider <code>${esc(a.suggestion)}</code></li>`).join("")}</ul></section>` : ""}
<section>
  <h2>Tasks</h2>
  ${doc.units.map((u, i) => unitDetails(u, doc, adviceByUnit[i])).join("\n")}
</section>
</body>
</html>
`;
}
function predictedSection(doc) {
  const rows = predictedRows(doc);
  if (rows.length === 0) return "";
  const body = rows.map((r) => `<tr><td>${esc(r.label)}</td><td>${formatDuration(r.predicted)}</td><td>${r.actual !== void 0 ? formatDuration(r.actual) : ""}</td><td>${esc(r.source)}</td></tr>`).join("");
  return `<section>
  <h2>Predicted vs actual</h2>
  <table><thead><tr><th>unit</th><th>predicted</th><th>actual</th><th>estimate from</th></tr></thead><tbody>${body}</tbody></table>
</section>`;
}
function timeline(doc) {
  const units = doc.units;
  const span = Math.max(doc.makespan, 1);
  const plot = WIDTH - LABEL - 10;
  const x = (t) => LABEL + Math.max(0, t) / span * plot;
  const critical = new Set(doc.criticalPath ?? []);
  const height = units.length * ROW + 30;
  const parts = [];
  for (const tick of ticks(span)) {
    parts.push(`<line x1="${x(tick)}" x2="${x(tick)}" y1="0" y2="${height - 20}" class="grid"/>`);
    parts.push(`<text x="${x(tick)}" y="${height - 6}" class="tick">${formatDuration(tick)}</text>`);
  }
  units.forEach((unit, i) => {
    const y = i * ROW + 4;
    const crit = critical.has(unit.id);
    parts.push(`<text x="${LABEL - 8}" y="${y + 13}" class="label${crit ? " crit" : ""}">${esc(truncate(unit.id, 26))}</text>`);
    if (unit.start === void 0) {
      parts.push(`<text x="${LABEL + 4}" y="${y + 13}" class="none">${esc(statusText(unit))}${unit.reason ? `: ${esc(truncate(unit.reason, 80))}` : ""}</text>`);
      return;
    }
    if (unit.kind === "service" || unit.attempts.length === 0) {
      const end = unit.end ?? doc.makespan;
      parts.push(bar(x(unit.start), x(end), y, COLOR.service, crit, `${unit.id} (service): ${formatDuration(end - unit.start)}${unit.reason ? ` \u2014 ${unit.reason}` : ""}`));
      if (unit.healthy !== void 0) parts.push(`<line x1="${x(unit.healthy)}" x2="${x(unit.healthy)}" y1="${y}" y2="${y + 16}" class="healthy"><title>healthy at ${formatDuration(unit.healthy)}</title></line>`);
      return;
    }
    for (const a of unit.attempts) {
      const end = a.end ?? doc.makespan;
      const status = a.outcome?.status ?? "running";
      const tip = `${unit.id} attempt ${a.number}: ${status}${a.outcome?.message ? ` (${a.outcome.message})` : ""}, ${formatDuration(end - a.start)}`;
      parts.push(bar(x(a.start), x(end), y, COLOR[status] ?? "#888", crit, tip));
    }
  });
  return `<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Timeline of the run">${parts.join("")}</svg>`;
}
function bar(x1, x2, y, color, crit, tip) {
  const w = Math.max(2, x2 - x1);
  return `<rect x="${x1.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="16" rx="3" fill="${color}"${crit ? ' class="crit"' : ""}><title>${esc(tip)}</title></rect>`;
}
function intervals(doc) {
  const out = [];
  for (const unit of doc.units) {
    if (unit.kind === "service" || unit.attempts.length === 0) {
      if (unit.start !== void 0) out.push({ start: unit.start, end: unit.end ?? doc.makespan, cpus: unit.cpus, memory: unit.memory });
      continue;
    }
    for (const a of unit.attempts) out.push({ start: a.start, end: a.end ?? doc.makespan, cpus: unit.cpus, memory: a.memory });
  }
  return out;
}
function capacityChart(doc) {
  const list = intervals(doc);
  const times = [...new Set(list.flatMap((i) => [i.start, i.end]))].sort((a, b) => a - b);
  const samples = times.map((t) => {
    const live = list.filter((i) => i.start <= t && t < i.end);
    return { t, cpus: sum(live.map((i) => i.cpus)), memory: sum(live.map((i) => i.memory)), count: live.length };
  });
  const parallel = finiteParallel(doc.capacity);
  const series = [
    { name: "cpus requested", key: "cpus", cap: doc.capacity.cpus, fmt: (v) => formatCpus(v) },
    { name: "memory requested", key: "memory", cap: doc.capacity.memory, fmt: formatBytes },
    { name: "containers", key: "count", cap: parallel, fmt: (v) => String(v) }
  ];
  const span = Math.max(doc.makespan, 1);
  const plot = WIDTH - LABEL - 10;
  const x = (t) => LABEL + Math.max(0, t) / span * plot;
  const h = 60;
  const gap = 18;
  const parts = [];
  series.forEach((s, k) => {
    const top = k * (h + gap) + 6;
    const peak = Math.max(0, ...samples.map((p) => p[s.key]));
    const max = Math.max(s.cap ?? 0, peak, 1e-9);
    const y = (v) => top + h - v / max * h;
    let d = `M${x(0)},${y(0)}`;
    for (const p of samples) d += ` H${x(p.t).toFixed(1)} V${y(p[s.key]).toFixed(1)}`;
    d += ` H${x(span).toFixed(1)} V${y(0)} Z`;
    const used = sum(samples.map((p, i) => p[s.key] * ((samples[i + 1]?.t ?? p.t) - p.t)));
    const mean = used / span;
    parts.push(`<text x="${LABEL - 8}" y="${top + 14}" class="label">${s.name}</text>`);
    if (s.cap !== void 0) {
      parts.push(`<text x="${LABEL - 8}" y="${top + 30}" class="sub">peak ${s.fmt(peak)} of ${s.fmt(s.cap)}</text>`);
      parts.push(`<text x="${LABEL - 8}" y="${top + 44}" class="sub">mean ${Math.round(mean / Math.max(s.cap, 1e-9) * 100)}%</text>`);
    } else {
      parts.push(`<text x="${LABEL - 8}" y="${top + 30}" class="sub">peak ${s.fmt(peak)} (no limit)</text>`);
      parts.push(`<text x="${LABEL - 8}" y="${top + 44}" class="sub">mean ${s.fmt(Math.round(mean * 10) / 10)}</text>`);
    }
    parts.push(`<rect x="${LABEL}" y="${top}" width="${plot}" height="${h}" class="frame"/>`);
    parts.push(`<path d="${d}" class="area"><title>${s.name} over time</title></path>`);
    if (s.cap !== void 0) parts.push(`<line x1="${LABEL}" x2="${LABEL + plot}" y1="${y(s.cap)}" y2="${y(s.cap)}" class="cap"><title>capacity: ${s.fmt(s.cap)}</title></line>`);
  });
  const height = series.length * (h + gap) + 16;
  for (const tick of ticks(span)) parts.push(`<text x="${x(tick)}" y="${height - 4}" class="tick">${formatDuration(tick)}</text>`);
  return `<svg class="capacity" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Capacity use over time">${parts.join("")}</svg>`;
}
function nodeText(unit, doc) {
  if (unit.node === void 0 || !doc.nodes || doc.nodes.length < 2) return "";
  const node = doc.nodes.find((n) => n.id === unit.node);
  return ` \xB7 on node <code>${esc(node?.name ?? unit.node)}</code>`;
}
function unitDetails(unit, doc, advice) {
  const open = FAILED3.includes(unit.status) ? " open" : "";
  const duration = unit.start !== void 0 && unit.end !== void 0 ? formatDuration(unit.end - unit.start) : "\u2014";
  const last = unit.attempts[unit.attempts.length - 1];
  return `<details class="unit"${open} id="${esc(anchor(unit.id))}">
<summary><i style="background:${COLOR[unit.kind === "service" && unit.status === "succeeded" ? "service" : unit.status] ?? "#888"}"></i><b>${esc(unit.id)}</b>${unit.kind === "service" ? ' <span class="sub">service</span>' : ""} <span class="status">${esc(statusText(unit))}</span> <span class="sub">${duration}${unit.reason ? ` \xB7 ${esc(unit.reason)}` : ""}</span></summary>
<p class="sub">requests ${formatCpuCount(unit.cpus)}, ${formatBytes(unit.memory)}${nodeText(unit, doc)}${unit.needs.length ? ` \xB7 needs ${unit.needs.map((n) => `<a href="#${esc(anchor(n))}">${esc(n)}</a>`).join(", ")}` : ""}${unit.allowFailure ? " \xB7 allowed to fail" : ""}${doc.criticalPath?.includes(unit.id) ? " \xB7 on the critical path" : ""}</p>
${advice.length ? `<ul class="advice">${advice.map((a) => `<li>${esc(a.message)} \u2192 consider <code>${esc(a.suggestion)}</code></li>`).join("")}</ul>` : ""}
${unit.attempts.length ? attemptsTable(unit.attempts) : ""}
${logTail(unit.kind === "service" ? unit : last)}
</details>`;
}
var FAILED3 = ["failed", "oom", "timeout", "killed"];
function failedLine(units) {
  const failed = units.filter((u) => FAILED3.includes(u.status));
  if (failed.length === 0) return "";
  const names = failed.map((u) => `<a href="#${esc(anchor(u.id))}">${esc(u.id)}</a>${u.kind === "service" ? " (service)" : ""}${u.allowFailure ? " (allowed to fail)" : ""}`);
  return `<p class="error">Failed: ${names.join(", ")}</p>`;
}
function logTail(source) {
  const tail = source?.logTail;
  if (!source || !tail?.length) return "";
  return `<p class="sub">Last ${tail.length} log lines${source.log ? ` of <code>${esc(source.log)}</code>` : ""}:</p><pre>${escapeHtml(tail.join("\n"), { multiline: true })}</pre>`;
}
function attemptsTable(attempts) {
  const rows = attempts.map((a) => {
    const usage = a.outcome?.usage;
    const seconds = a.end !== void 0 ? (a.end - a.start) / 1e3 : void 0;
    const meanCpu = usage && seconds && seconds > 0 ? formatCpus(usage.cpuSeconds / seconds) : "";
    return `<tr><td>${a.number}</td><td>${formatDuration(a.start)}</td><td>${a.end !== void 0 ? formatDuration(a.end - a.start) : "running"}</td><td><span class="status" style="--c:${COLOR[a.outcome?.status ?? "running"]}">${esc(a.outcome?.status ?? "running")}</span> ${esc(a.outcome?.message ?? "")}</td><td>${a.outcome?.exitCode ?? ""}</td><td>${formatBytes(a.memory)}</td><td>${usage ? formatBytes(usage.peakMemory) : ""}</td><td>${usage ? usage.cpuSeconds.toFixed(2) : ""}</td><td>${meanCpu}</td><td>${a.log ? `<code>${esc(a.log)}</code>` : ""}</td></tr>`;
  });
  return `<table><thead><tr><th>#</th><th>start</th><th>duration</th><th>outcome</th><th>exit</th><th>memory limit</th><th>peak memory</th><th>cpu s</th><th>mean cpus</th><th>log</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
function ticks(span) {
  const steps = [100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5];
  const step = steps.find((s) => span / s <= 8) ?? Math.ceil(span / 8 / 36e5) * 36e5;
  const out = [];
  for (let t = 0; t <= span + 1e-9; t += step) out.push(t);
  return out;
}
function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}
function truncate(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}\u2026` : text;
}
function anchor(id) {
  return `u-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}
function esc(text) {
  return escapeHtml(text);
}
var CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--mut:#59636e;--bg:#fff;--line:#d1d9e0;--area:#0969da33;--areal:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--mut:#9198a1;--bg:#0d1117;--line:#3d444d;--area:#4493f855;--areal:#4493f8}}
body{font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1060px;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}
code,pre{font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#0000000d;border:1px solid var(--line);border-radius:6px;padding:8px 10px;overflow:auto;max-height:360px;white-space:pre-wrap;word-break:break-all}
.facts,.sub,.legend{color:var(--mut)}.sub{font-size:12px}
.badge{font-size:13px;padding:2px 10px;border-radius:12px;color:#fff;vertical-align:middle;background:#8c959f}
.badge.success{background:#2da44e}.badge.failure{background:#cf222e}.badge.running{background:#0969da}
.pill{border:1px solid var(--c);border-radius:12px;padding:1px 8px;font-size:12px}
.error{color:#cf222e;font-weight:600}
svg{width:100%;height:auto;display:block}
svg text{fill:var(--fg);font-size:11px}svg .label{text-anchor:end;font-size:12px}svg .label.crit{font-weight:700}
svg .sub{text-anchor:end;fill:var(--mut);font-size:10.5px}svg .tick{text-anchor:middle;fill:var(--mut);font-size:10px}
svg .none{fill:var(--mut);font-style:italic}
svg .grid{stroke:var(--line);stroke-width:1}svg .frame{fill:none;stroke:var(--line)}
svg rect.crit{stroke:var(--fg);stroke-width:2}svg .healthy{stroke:#fff;stroke-width:2}
svg .area{fill:var(--area);stroke:var(--areal);stroke-width:1.2}svg .cap{stroke:#cf222e;stroke-dasharray:5 4;stroke-width:1.2}
.legend span{margin-right:14px;font-size:12px}.legend i,summary i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:baseline}
.legend i.crit{border:2px solid var(--fg);width:8px;height:8px}
details.unit{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:4px 10px}
details.unit summary{cursor:pointer}details.unit .status{font-weight:600;margin-left:6px}
table{border-collapse:collapse;font-size:12px;margin:6px 0}th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left}
td .status{color:var(--c)}
ul.advice li{margin:2px 0}
`;

// core/run/real-clock.ts
var LongTimer = class {
  current;
};
var RealClock = class {
  origin = performance.now();
  /** Wall-clock time of `now() === 0`, for reports. */
  startedAt = /* @__PURE__ */ new Date();
  now() {
    return performance.now() - this.origin;
  }
  /**
   * Calls `fn` after `delayMs` (negative or NaN: as soon as possible; Infinity: never). A delay
   * past MAX_TIMER_MS is waited out in steps (see LongTimer); no timer is ever set past it.
   */
  setTimer(delayMs, fn) {
    const delay2 = delayMs > 0 ? delayMs : 0;
    if (delay2 <= MAX_TIMER_MS) return setTimeout(fn, delay2);
    const timer = new LongTimer();
    const due = this.now() + delay2;
    const step = () => {
      const left = due - this.now();
      timer.current = left > MAX_TIMER_MS ? setTimeout(step, MAX_TIMER_MS) : setTimeout(fn, Math.max(0, left));
    };
    step();
    return timer;
  }
  clearTimer(handle) {
    clearTimeout(handle instanceof LongTimer ? handle.current : handle);
  }
};

// core/run/report-json.ts
import { renameSync } from "node:fs";
var ReportJsonWriter = class {
  constructor(path, document) {
    this.path = path;
    this.document = document;
  }
  path;
  document;
  pending = false;
  closed = false;
  /** Schedules a rewrite at the end of this event-loop turn (coalescing bursts). */
  update() {
    if (this.pending || this.closed) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      if (!this.closed) this.writeNow();
    });
  }
  /** Writes the document now, atomically. */
  writeNow() {
    const tmp = `${this.path}.tmp`;
    writeNewFile(tmp, `${JSON.stringify(this.document(), null, 2)}
`, { replace: true });
    renameSync(tmp, this.path);
  }
  /** The final write; later updates are ignored. */
  close() {
    this.closed = true;
    this.writeNow();
  }
};

// core/run/run-batch.ts
var CANCEL_GRACE_MS = 3e3;
var TAIL_LINES = 40;
async function runBatch(options) {
  const path = resolve(options.path);
  const baseDir = dirname(path);
  const selected = options.only?.length ? selectOnly(options.validation.graph, options.only) : options.validation.graph;
  let graph = selected;
  let history;
  if (options.history !== false) {
    const read = readHistory(baseDir, path);
    if (read.problem) options.onNotice?.(read.problem);
    history = read.records;
    graph = withEstimates(selected, estimatesFromHistory(read.records, { startOverhead: DEFAULT_START_OVERHEAD_MS }));
  }
  const env = options.env ?? process.env;
  const runId = options.runId ?? newRunId();
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(runId)) {
    throw new GantryError("run-id-invalid", `The run id "${runId}" is not usable: letters, digits, "_", "." and "-" only, starting with a letter or digit.`);
  }
  const instance = options.instance ?? defaultInstance(baseDir);
  const runsDir = options.runsDir === void 0 ? void 0 : resolve(options.runsDir);
  const defaultRuns = runsDir === void 0 || runsDir === join(baseDir, ".gantry", "runs");
  const dir = join(runsDir ?? join(baseDir, ".gantry", "runs"), runId);
  const logsDir = join(dir, "logs");
  const paths = {
    json: join(dir, "report.json"),
    markdown: join(dir, "report.md"),
    html: join(dir, "report.html"),
    logs: {}
  };
  const runsRoot = runFolders(baseDir, runsDir, defaultRuns);
  const hidden = [...new Set(realFolders([runsRoot, join(baseDir, ".gantry")]))];
  const policy = options.policy ?? "trusted";
  const secrets = runSecrets(graph, options.secrets, policy);
  const refused = [...checkHostBinds(options.validation.file, { baseDir, policy, hidden }), ...checkHostBuilds(options.validation.file, { baseDir, policy })];
  if (refused.length > 0) {
    const first = refused[0];
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : "";
    throw new GantryError(first.code, `${first.message}${more}`, first.range);
  }
  if (options.cache !== false) checkCacheKeys(graph, baseDir, policy);
  const backend = options.backend;
  const connection = await backend.connect({ env });
  try {
    return await runConnected(options, connection, { baseDir, graph, selected, history, runId, instance, dir, logsDir, paths, policy, hidden, secrets });
  } finally {
    await connection.close();
  }
}
async function runConnected(options, connection, setting) {
  const { baseDir, runId, instance, dir, logsDir, paths, policy, hidden, secrets } = setting;
  let graph = setting.graph;
  const { masker } = secrets;
  const signal = options.signal;
  const resume = options.resume;
  const swept = await connection.sweep({ instance }, resume?.spare.length ? { spare: resume.spare } : void 0);
  for (const run of swept.removed) {
    options.onNotice?.(`removed what run ${run.runId} left behind (${run.removed}): ${run.why}`);
  }
  for (const run of swept.kept) {
    if (run.keptFailed) options.onNotice?.(`run ${run.runId} left alone: ${run.why}`);
  }
  const engine = await connection.capacity();
  const capacity = resolveCapacity(options.capacity, options.validation.file.capacity, engine.total);
  const startOverhead = engine.startOverhead ?? DEFAULT_START_OVERHEAD_MS;
  if (setting.history && startOverhead !== DEFAULT_START_OVERHEAD_MS) graph = withEstimates(setting.selected, estimatesFromHistory(setting.history, { startOverhead }));
  const placement = engine.nodes.length > 1 || engine.homeUnavailable !== void 0 ? placeFor(graph, engine.nodes, engine.homeUnavailable) : void 0;
  const planOptions = { startOverhead, ...placement ? { placement } : {} };
  const taken = resume ? atNoTime(graph, resume.taken) : graph;
  const likelyCached = options.cache !== false && graph.units.some(cachesUnit) ? predictCached(graph, { baseDir, batchFile: options.path, policy }) : /* @__PURE__ */ new Map();
  const planned = likelyCached.size > 0 ? atNoTime(taken, likelyCached) : taken;
  const predicted = plan(planned, capacity, planOptions);
  options.onPrediction?.({ graph: planned, capacity, makespan: predicted.makespan, plan: planOptions });
  const prediction = {
    makespan: predicted.makespan,
    lowerBound: predicted.lowerBound,
    criticalPath: predicted.criticalPath
  };
  try {
    makeFreshDir(dir);
    makeFreshDir(logsDir);
  } catch (error) {
    throw new GantryError("run-folder-unsafe", `Cannot make the run folder: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const recorder = new RunRecorder({
    runId,
    instance,
    file: options.path,
    ...options.validation.file.name !== void 0 ? { name: options.validation.file.name } : {},
    startedAt: /* @__PURE__ */ new Date(),
    capacity,
    graph,
    ...options.only?.length ? { only: options.only } : {},
    prediction,
    engine: options.backend.name,
    ...placement ? { nodes: placement.nodes.map((n) => ({ id: n.id, name: n.name, cpus: n.capacity.cpus, memory: n.capacity.memory, ...n.home ? { home: true } : {} })) } : {}
  });
  if (secrets.document) recorder.document.secrets = secrets.document;
  if (options.fileHash !== void 0) recorder.document.fileHash = options.fileHash;
  if (resume) recorder.document.resumedFrom = resume.runId;
  for (const unit of recorder.document.units) {
    const taken2 = resume?.taken.get(unit.id);
    if (taken2) {
      unit.resumedFrom = taken2.from ?? resume.runId;
      if (unit.kind === "task") unit.outputs = { ...taken2.outputs };
      continue;
    }
    const source = estimateSource(graph.byId.get(unit.id));
    unit.predicted = { duration: source.ms + startOverhead, source: source.source, text: source.text, ...source.runs !== void 0 ? { runs: source.runs } : {} };
    if (source.source === "history") unit.estimated = true;
  }
  if (secrets.document?.withheld.length) {
    options.onNotice?.(`secrets not passed: ${secrets.document.withheld.join(", ")} (${secrets.document.why}); the units that list them run without them`);
  }
  const writer = new ReportJsonWriter(paths.json, () => masker.maskDeep(recorder.document));
  writer.writeNow();
  const logFiles = /* @__PURE__ */ new Map();
  const commandStarts = /* @__PURE__ */ new Map();
  const logNames = new LogNames();
  const logFile = (unitId, attempt) => {
    const key = `${unitId}#${attempt}`;
    let file = logFiles.get(key);
    if (!file) {
      file = join(logsDir, logNames.fileName(unitId, attempt));
      logFiles.set(key, file);
      if (attempt > 0) (paths.logs[unitId] ??= []).push(file);
    }
    return file;
  };
  let keepForResume = [];
  const declaredVolumes = options.validation.file.volumes.map((v) => v.name);
  const borrowed = {};
  for (const [name, kept2] of Object.entries(resume?.volumes ?? {})) borrowed[name] = kept2.volume;
  const caching = options.cache !== false && graph.units.some(cachesUnit);
  const backendExecutor = connection.executor({
    runId,
    instance,
    baseDir,
    volumes: options.validation.file.volumes.map((v) => v.name),
    owner: currentOwner(),
    binds: { policy, hidden },
    logs: {
      line: (unitId, attempt, stream, text) => options.onLine?.(unitId, attempt, stream, text),
      file: logFile
    },
    ...options.keepFailed ? { keepFailed: true } : {},
    ...Object.keys(borrowed).length > 0 ? { borrowedVolumes: borrowed } : {},
    keepVolumes: () => keepForResume,
    ...Object.keys(secrets.values).length > 0 ? { secrets: { values: secrets.values, masker } } : {},
    // Saved only where entries are written (not under strict).
    ...caching && policy !== "strict" ? { cachePaths: (unit) => (unit.spec.cache?.paths ?? []).map((p) => p.value) } : {}
  });
  const executor = caching ? cachingExecutor(backendExecutor, {
    baseDir,
    batchFile: options.path,
    runId,
    policy,
    secrets: secrets.values,
    write: policy !== "strict",
    notice: (message) => options.onNotice?.(masker.mask(message))
  }) : backendExecutor;
  let result;
  let setupSettled = Promise.resolve();
  try {
    const cancelled = abortPromise(signal);
    const setup = executor.setup(resume ? graph.units.filter((u) => !resume.taken.has(u.id)) : graph.units).catch((error) => {
      if (error instanceof GantryError) throw error;
      throw new GantryError("engine-setup", `Could not prepare the run on ${options.backend.label}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const setupOutcome = await Promise.race([setup.then(() => "ready"), cancelled.promise.then(() => "cancelled")]);
    setupSettled = setup.catch(() => void 0);
    let done;
    const finished = new Promise((r) => done = r);
    const clock = new RealClock();
    recorder.document.startedAt = clock.startedAt.toISOString();
    const scheduler = new Scheduler(graph, {
      capacity,
      executor,
      clock,
      failFast: options.failFast ?? false,
      // Priorities as plan computes them, so the prediction is what this run does.
      startOverhead,
      ...placement ? { placement } : {},
      ...resume ? { taken: resume.taken } : {},
      onEvent: (event) => {
        recorder.apply(event);
        if (event.type === "attempt-running") commandStarts.set(`${event.unit}#${event.attempt}`, event.at);
        if (event.type === "attempt-end") {
          const file = logFiles.get(`${event.unit}#${event.attempt}`);
          if (file) {
            recorder.setLog(event.unit, event.attempt, relative(dir, file));
            options.onAttemptLog?.(event.unit, event.attempt, event.outcome.status, file);
          }
        }
        writer.update();
        options.onEvent?.(event);
      },
      onDone: (r) => done(r)
    });
    if (setupOutcome === "cancelled") scheduler.cancel();
    scheduler.start();
    cancelled.promise.then(() => scheduler.cancel());
    const forced = abortPromise(options.force);
    void Promise.all([cancelled.promise, forced.promise]).then(() => scheduler.cancelNow());
    result = await Promise.race([finished, cancelled.promise.then(() => void 0)]);
    if (!result) {
      result = await Promise.race([finished, delay(DEFAULT_CANCEL_GRACE_MS + CANCEL_GRACE_MS), forced.promise.then(() => void 0)]);
      if (!result) {
        await executor.teardown().catch(() => void 0);
        result = await Promise.race([finished, delay(1e3)]) ?? resultFromDocument(recorder.document, "cancelled");
      }
    }
    cancelled.dispose();
    forced.dispose();
    if (options.resumable) keepForResume = keptForResume(result, graph, declaredVolumes, resume);
  } catch (error) {
    recorder.fail(error instanceof Error ? error.message : String(error));
    throw error instanceof GantryError ? error : new GantryError("run-failed", `The run could not go on: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await Promise.race([setupSettled, delay(CANCEL_GRACE_MS)]);
    await executor.teardown().catch((error) => recorder.fail(`teardown: ${error instanceof Error ? error.message : String(error)}`));
    if (!result) writer.close();
  }
  const keptVolumes = {};
  for (const [name, volume] of Object.entries(executor.keptVolumes?.() ?? {})) {
    keptVolumes[name] = { volume, run: resume?.volumes[name]?.run ?? runId };
  }
  if (Object.keys(keptVolumes).length > 0) recorder.document.keptVolumes = keptVolumes;
  for (const [key, file] of logFiles) {
    const [unitId, attempt] = splitKey(key);
    if (attempt > 0) recorder.setLog(unitId, attempt, relative(dir, file), readTail(file, TAIL_LINES));
    else recorder.setServiceLog(unitId, relative(dir, file), readTail(file, TAIL_LINES));
  }
  const document = masker.maskDeep(recorder.finish(result));
  writer.close();
  writeNewFile(paths.markdown, renderMarkdown(document));
  writeNewFile(paths.html, renderHtml(document));
  if (options.recordHistory !== false) {
    try {
      appendHistory(baseDir, options.path, historyRecord(document, commandStarts, /* @__PURE__ */ new Date()));
    } catch (error) {
      options.onNotice?.(`this run was not recorded in the history: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const kept = executor.kept?.();
  return {
    runId,
    instance,
    dir,
    result,
    graph,
    capacity,
    prediction,
    document,
    paths,
    ...kept ? { kept } : {},
    ...Object.keys(keptVolumes).length > 0 ? { keptVolumes } : {}
  };
}
function checkCacheKeys(graph, baseDir, policy) {
  const seen = /* @__PURE__ */ new Set();
  for (const unit of graph.units) {
    if (!cachesUnit(unit) || seen.has(unit.spec)) continue;
    seen.add(unit.spec);
    cacheKeyFiles(unit.spec.cache.key, { baseDir, policy, who: DescribeUnit(unit.spec) });
  }
}
function keptForResume(result, graph, declared, resume) {
  if (declared.length === 0) return [];
  const units = result.units.map((r) => {
    const unit = graph.byId.get(r.id);
    const taken = resume?.taken.get(r.id);
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      needs: unit?.needs ?? [],
      allowFailure: unit?.allowFailure ?? false,
      ...taken ? { outputs: taken.outputs } : {},
      attempts: r.attempts
    };
  });
  return volumesToKeep(units, graph, declared);
}
function runSecrets(graph, given, policy) {
  const specs = new Set(graph.units.map((u) => u.spec));
  const listed = listedSecrets(specs);
  const masker = new Masker();
  if (listed.length === 0) return { values: {}, masker };
  const values = {};
  const withheld = [];
  for (const name of listed) {
    if (given && Object.hasOwn(given.values, name) && policy !== "strict") {
      values[name] = given.values[name];
      masker.add(values[name]);
    } else if (policy === "strict" || given?.withheld.includes(name)) withheld.push(name);
    else {
      const where = [...specs].flatMap((spec) => spec.secrets.filter((s) => s.name === name).map((s) => ({ spec, s })))[0];
      throw new GantryError(
        "secret-missing",
        `Secret ${name} of ${where.spec.kind} "${where.spec.name}" has no value: it is not set in the environment Gantry runs in.`,
        where.s.range
      );
    }
  }
  const document = { passed: Object.keys(values), withheld };
  if (withheld.length > 0) document.why = policy === "strict" ? "the strict policy passes no secrets (the file is not trusted)" : "not given";
  return { values, masker, document };
}
function runFolders(baseDir, runsDir, isDefault) {
  try {
    if (isDefault) {
      ensureDirs(baseDir, ".gantry", "runs");
      return join(baseDir, ".gantry");
    }
    mkdirSync(runsDir, { recursive: true });
    if (lstatSync(runsDir).isSymbolicLink()) throw new UnsafePathError(runsDir, "it is a symbolic link");
    return runsDir;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new GantryError("run-folder-unsafe", `Cannot make the run folder: ${message}.`, void 0, "Remove what stands in the way (a link named .gantry or .gantry/runs) and run again.");
  }
}
function newRunId(now = /* @__PURE__ */ new Date()) {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}
function defaultInstance(baseDir) {
  return `local-${createHash("sha256").update(baseDir).digest("hex").slice(0, 10)}`;
}
function splitKey(key) {
  const at = key.lastIndexOf("#");
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
function readTail(file, lines) {
  let fd;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString("utf8").replace(/\n$/, "");
    const all = text.split("\n");
    if (length < size) all.shift();
    return all.slice(-lines);
  } catch {
    return void 0;
  } finally {
    if (fd !== void 0) closeSync(fd);
  }
}
function resultFromDocument(doc, outcome) {
  return {
    result: outcome,
    makespan: doc.makespan,
    units: doc.units.map((u) => ({
      id: u.id,
      kind: u.kind,
      status: isFinal(u.status) ? u.status : "cancelled",
      ...u.reason !== void 0 ? { reason: u.reason } : {},
      ...u.start !== void 0 ? { start: u.start, end: u.end ?? doc.makespan } : {},
      cpus: u.cpus,
      memory: u.memory,
      attempts: u.attempts.map((a) => ({
        number: a.number,
        start: a.start,
        end: a.end ?? doc.makespan,
        memory: a.memory,
        outcome: a.outcome ?? { status: "cancelled", message: "cancelled" }
      }))
    }))
  };
}
function isFinal(status) {
  return ["succeeded", "failed", "oom", "timeout", "killed", "cancelled", "skipped"].includes(status);
}
function delay(ms) {
  return new Promise((r) => setTimeout(r, ms).unref());
}
function abortPromise(signal) {
  if (!signal) return { promise: new Promise(() => void 0), dispose: () => void 0 };
  if (signal.aborted) return { promise: Promise.resolve(), dispose: () => void 0 };
  let onAbort;
  const promise = new Promise((r) => onAbort = r);
  signal.addEventListener("abort", onAbort, { once: true });
  return { promise, dispose: () => signal.removeEventListener("abort", onAbort) };
}
function placeFor(graph, nodes, homeUnavailable) {
  const { placement, problems } = placeUnits(graph, nodes, homeUnavailable !== void 0 ? { homeUnavailable } : {});
  if (problems.length > 0) {
    const first = problems[0];
    const unit = graph.units.find((u) => u.id === first.unit);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1, 4).map((p) => p.unit).join(", ")}${problems.length > 4 ? ", \u2026" : ""})` : "";
    throw new GantryError("exceeds-node", `${first.message}${more}`, unit?.spec.range, "Lower the request, or run on nodes that can take it (gantry plan --engine shows where each unit goes).");
  }
  return placement;
}
export {
  defaultInstance,
  newRunId,
  runBatch
};
