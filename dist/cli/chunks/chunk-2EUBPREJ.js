#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);

// core/diagnostics.ts
var FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
var GantryError = class extends Error {
  constructor(code, message, range = FILE_START, hint) {
    super(message);
    this.code = code;
    this.range = range;
    this.hint = hint;
  }
  code;
  range;
  hint;
  name = "GantryError";
  toDiagnostic() {
    return { code: this.code, message: this.message, severity: "error", range: this.range };
  }
};
function hasErrors(diagnostics) {
  return diagnostics.some((d) => d.severity === "error");
}
function sortDiagnostics(diagnostics) {
  return [...diagnostics].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code)
  );
}
function formatDiagnostic(file, d) {
  const { line, character } = d.range.start;
  return `${file}:${line + 1}:${character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}

// core/checks/ranges.ts
function fieldValueRange(spec, key) {
  return spec.fields[key]?.value ?? spec.nameRange;
}
function DescribeUnit(spec) {
  return `${spec.kind === "task" ? "Task" : "Service"} "${spec.name}"`;
}

// core/host/files.ts
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readlinkSync, readSync, unlinkSync, writeSync } from "node:fs";
import { isAbsolute, join, posix, relative } from "node:path";
var { O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_WRONLY } = constants;
var UnsafePathError = class extends Error {
  constructor(path2, why) {
    super(`refusing to use ${path2}: ${why}`);
    this.path = path2;
  }
  path;
  name = "UnsafePathError";
};
function ensureDirs(root, ...segments) {
  let path2 = root;
  for (const segment of segments) {
    path2 = join(path2, segment);
    try {
      mkdirSync(path2);
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    const stat = lstatSync(path2);
    if (stat.isSymbolicLink()) throw new UnsafePathError(path2, "it is a symbolic link");
    if (!stat.isDirectory()) throw new UnsafePathError(path2, "it is not a folder");
  }
  return path2;
}
function makeFreshDir(path2, mode = 493) {
  try {
    mkdirSync(path2, { mode });
  } catch (error) {
    if (error.code === "EEXIST") throw new UnsafePathError(path2, "it already exists");
    throw error;
  }
  return path2;
}
function openNewFile(path2, options = {}) {
  if (options.replace) {
    try {
      unlinkSync(path2);
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
    }
  }
  try {
    return openSync(path2, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, options.mode ?? 420);
  } catch (error) {
    const code = error.code;
    if (code === "EEXIST" || code === "ELOOP") throw new UnsafePathError(path2, "something else already stands there");
    throw error;
  }
}
function writeNewFile(path2, data, options = {}) {
  const fd = openNewFile(path2, options);
  try {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  } finally {
    closeSync(fd);
  }
}
function readRegularFile(path2, maxBytes) {
  let fd;
  try {
    fd = openSync(path2, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return void 0;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return void 0;
    const length = Math.min(stat.size, maxBytes);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } catch {
    return void 0;
  } finally {
    closeSync(fd);
  }
}
function openedWithin(fd, dir) {
  let real;
  try {
    real = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return true;
  }
  return isWithin(real, dir);
}
function isWithin(inner, outer) {
  const rel = relative(outer, inner);
  return rel === "" || !rel.startsWith("..") && !isAbsolute(rel);
}
function coveredTargets(source, target, hidden) {
  const targets = [];
  for (const folder of hidden) {
    if (folder === source || !isWithin(folder, source)) continue;
    targets.push(posix.join(target, relative(source, folder).split("\\").join("/")));
  }
  return targets;
}

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
  constructor(text, path2, field, lines, start, end, segments, expansion) {
    this.text = text;
    this.path = path2;
    this.field = field;
    this.#lines = lines;
    if (expansion) this.#expansion = { ...expansion };
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
  #expansion;
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
  /** `needs.test[shard=1]…`: the selector and the range of `[shard=1]`; see `Expression`. */
  get expansion() {
    const e = this.#expansion;
    if (!e) return void 0;
    e.range ??= spanRange(this.#lines, e.start, e.end);
    return { selector: e.selector, range: e.range };
  }
  settle() {
    void this.range;
    void this.segmentRanges;
    void this.expansion;
    this.#lines = void 0;
  }
  toJSON() {
    const json = { text: this.text, path: this.path, range: this.range, segmentRanges: this.segmentRanges, field: this.field };
    const expansion = this.expansion;
    return expansion ? { ...json, expansion } : json;
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
  const volumes2 = /* @__PURE__ */ new Map();
  for (const volume of file.volumes) if (!volumes2.has(volume.name)) volumes2.set(volume.name, volume);
  const { text } = options;
  let source;
  return {
    file,
    all,
    indexOf,
    needStart,
    needTarget,
    needsPointBack,
    volumes: volumes2,
    capacity: options.capacity ?? { parallel: Infinity },
    capacitySources: options.capacitySources ?? {},
    policy: options.policy ?? "trusted",
    baseDir: options.baseDir,
    ...options.passEnv ? { passEnv: options.passEnv } : {},
    ...options.engine ? { engine: options.engine } : {},
    ...options.nodes ? { nodes: options.nodes } : {},
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

// core/host/binds.ts
function resolveBind(mount, rules, who = "A unit") {
  const path2 = resolve(rules.baseDir, mount.source);
  let real;
  try {
    real = realpathSync(path2);
  } catch {
    return { ok: true, source: path2, covers: [] };
  }
  const via = real === path2 ? "" : `, which is ${real} on this machine,`;
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
    if (rules.hidden.some((folder) => isWithin(real, folder))) {
      return refuse("policy-bind-gantry", `into Gantry's own folder (.gantry: runs, history, task cache).${strictly}`);
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
  for (const path2 of paths) {
    try {
      real.push(realpathSync(path2));
    } catch {
    }
  }
  return real;
}

// core/host/build-context.ts
import { closeSync as closeSync2, fstatSync as fstatSync2, lstatSync as lstatSync2, openSync as openSync2, readdirSync, readlinkSync as readlinkSync2, readSync as readSync2, realpathSync as realpathSync2, statSync as statSync2, constants as constants2 } from "node:fs";
import { join as join2, posix as posix2, resolve as resolve2 } from "node:path";
import { Readable } from "node:stream";

// core/dockerignore.ts
import path from "node:path";
function parseDockerignore(text) {
  const rules = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    let exception = false;
    if (line.startsWith("!")) {
      exception = true;
      line = line.slice(1).trim();
      if (line === "") continue;
    }
    let cleaned = path.posix.normalize(line.replace(/\\(?=[^*?[\]\\])/g, "/"));
    cleaned = cleaned.replace(/^\/+/, "").replace(/\/+$/, "");
    if (cleaned === "" || cleaned === ".") cleaned = ".";
    rules.push({ regex: patternRegex(cleaned), exception });
  }
  const hasExceptions = rules.some((r) => r.exception);
  return {
    hasExceptions,
    excluded(relative2) {
      const parents = parentPaths(relative2);
      let excluded = false;
      for (const rule of rules) {
        if (rule.exception !== excluded) continue;
        if (parents.some((p) => rule.regex.test(p))) excluded = !rule.exception;
      }
      return excluded;
    }
  };
}
function parentPaths(relative2) {
  const parts = relative2.split("/");
  const out = [];
  for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join("/"));
  return out;
}
function patternRegex(pattern) {
  let out = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") {
      if (pattern[i + 1] === "*") {
        i++;
        if (pattern[i + 1] === "/") {
          i++;
          out += "(?:.*/)?";
        } else out += ".*";
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "\\" && i + 1 < pattern.length) {
      i++;
      out += escapeRegex(pattern[i]);
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) {
        out += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith("^") || body.startsWith("!")) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, "\\\\")}]`;
      i = end;
    } else out += escapeRegex(c);
  }
  return new RegExp(`${out}$`);
}
function escapeRegex(c) {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

// core/host/build-context.ts
var { O_DIRECTORY, O_NOFOLLOW: O_NOFOLLOW2, O_NONBLOCK: O_NONBLOCK2, O_RDONLY: O_RDONLY2 } = constants2;
var MAX_DOCKERIGNORE = 1024 * 1024;
var CHUNK = 256 * 1024;
function resolveBuildContext(build2, rules, who = "A unit") {
  const path2 = resolve2(rules.baseDir, build2.context);
  let real;
  try {
    real = realpathSync2(path2);
  } catch {
    return { ok: false, code: "build-context-missing", message: `${who} builds from "${build2.context}", which does not exist (${path2}).` };
  }
  const via = real === path2 ? "" : `, which is ${real} on this machine,`;
  if (!statSync2(real).isDirectory()) {
    return { ok: false, code: "build-context-missing", message: `${who} builds from "${build2.context}"${via} which is not a folder.` };
  }
  if (rules.policy === "strict") {
    let workspace;
    try {
      workspace = realpathSync2(rules.baseDir);
    } catch {
      workspace = rules.baseDir;
    }
    if (!isWithin(real, workspace)) {
      return {
        ok: false,
        code: "policy-build-outside",
        message: `${who} builds from "${build2.context}"${via} outside the batch file's folder. The strict policy refuses it (the file is not trusted).`
      };
    }
  }
  return { ok: true, dir: real, dockerfile: posix2.normalize((build2.dockerfile ?? "Dockerfile").replace(/\\/g, "/")) };
}
function checkHostBuilds(file, rules) {
  const diagnostics = [];
  for (const spec of allUnits(file)) {
    if (!spec.build) continue;
    const resolved = resolveBuildContext(spec.build, rules, DescribeUnit(spec));
    if (resolved.ok) continue;
    const range = spec.fields["build.context"]?.value ?? fieldValueRange(spec, "build");
    diagnostics.push({ code: resolved.code, message: resolved.message, severity: "error", range });
  }
  return diagnostics;
}
function listFolder(dir, folder) {
  const fd = openSync2(join2(dir, folder), O_RDONLY2 | O_DIRECTORY | O_NOFOLLOW2);
  try {
    if (!openedWithin(fd, dir)) throw new Error("it now leads out of the context (replaced by a link)");
    try {
      return readdirSync(`/proc/self/fd/${fd}`);
    } catch {
      return readdirSync(join2(dir, folder));
    }
  } finally {
    closeSync2(fd);
  }
}
function packContext(dir, options) {
  const text = readRegularFile(join2(dir, ".dockerignore"), MAX_DOCKERIGNORE);
  const ignore = text ? parseDockerignore(text.toString("utf8")) : void 0;
  return Readable.from(entries(dir, ignore, { ...options, dir }), { objectMode: false });
}
async function* entries(dir, ignore, options) {
  const always = /* @__PURE__ */ new Set([options.dockerfile, ".dockerignore"]);
  const stack = [""];
  while (stack.length > 0) {
    const folder = stack.pop();
    let names2;
    try {
      names2 = listFolder(dir, folder).sort();
    } catch (error) {
      options.onSkip?.(`left out ${folder || "."}/: ${error.message}`);
      continue;
    }
    const subfolders = [];
    for (const name of names2) {
      const relative2 = folder ? `${folder}/${name}` : name;
      const full = join2(dir, relative2);
      let stat;
      try {
        stat = lstatSync2(full);
      } catch {
        continue;
      }
      const excluded = ignore?.excluded(relative2) === true && !always.has(relative2);
      if (stat.isDirectory()) {
        if (excluded && !ignore.hasExceptions && ![...always].some((a) => a.startsWith(`${relative2}/`))) continue;
        if (!excluded) yield header({ name: `${relative2}/`, type: "5", mode: stat.mode, size: 0, mtime: stat.mtimeMs });
        subfolders.push(relative2);
      } else if (excluded) {
        continue;
      } else if (stat.isSymbolicLink()) {
        let target;
        try {
          target = readlinkSync2(full);
        } catch {
          continue;
        }
        yield header({ name: relative2, type: "2", mode: stat.mode, size: 0, mtime: stat.mtimeMs, linkname: target });
      } else if (stat.isFile()) {
        yield* regularFile(full, relative2, options);
      } else {
        const what = stat.isFIFO() ? "a FIFO" : stat.isSocket() ? "a socket" : "a device";
        options.onSkip?.(`left out ${relative2}: ${what}, not a regular file`);
      }
    }
    for (let k = subfolders.length - 1; k >= 0; k--) stack.push(subfolders[k]);
  }
  yield Buffer.alloc(1024);
}
async function* regularFile(full, relative2, options) {
  let fd;
  try {
    fd = openSync2(full, O_RDONLY2 | O_NOFOLLOW2 | O_NONBLOCK2);
  } catch (error) {
    options.onSkip?.(`left out ${relative2}: ${error.code ?? error.message}`);
    return;
  }
  try {
    const stat = fstatSync2(fd);
    if (!stat.isFile()) {
      options.onSkip?.(`left out ${relative2}: not a regular file`);
      return;
    }
    if (!openedWithin(fd, options.dir)) {
      options.onSkip?.(`left out ${relative2}: it now leads out of the context (a folder on its path was replaced by a link)`);
      return;
    }
    const size = stat.size;
    yield header({ name: relative2, type: "0", mode: stat.mode, size, mtime: stat.mtimeMs });
    let sent = 0;
    while (sent < size) {
      const buffer = Buffer.alloc(Math.min(CHUNK, size - sent));
      const n = readSync2(fd, buffer, 0, buffer.length, sent);
      if (n === 0) {
        yield Buffer.alloc(size - sent);
        sent = size;
        break;
      }
      sent += n;
      yield n === buffer.length ? buffer : buffer.subarray(0, n);
    }
    const pad = (512 - size % 512) % 512;
    if (pad) yield Buffer.alloc(pad);
  } finally {
    closeSync2(fd);
  }
}
function header(h) {
  const pax = [];
  const fits = (s, max) => Buffer.byteLength(s) <= max && /^[\x20-\x7e]*$/.test(s);
  let name = h.name;
  let prefix = "";
  if (!fits(name, 100)) {
    const cut = name.lastIndexOf("/", name.length - 2);
    if (cut > 0 && fits(name.slice(0, cut), 155) && fits(name.slice(cut + 1), 100)) {
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    } else {
      pax.push(record("path", h.name));
      name = name.replace(/[^\x20-\x7e]/g, "_").slice(-100);
    }
  }
  let linkname = h.linkname ?? "";
  if (!fits(linkname, 100)) {
    pax.push(record("linkpath", linkname));
    linkname = "";
  }
  if (h.size > 8589934591) pax.push(record("size", String(h.size)));
  const block = ustar({ ...h, name, linkname, prefix });
  if (pax.length === 0) return block;
  const body = Buffer.from(pax.join(""));
  const paxHeader = ustar({ name: "PaxHeader", type: "x", mode: 420, size: body.length, mtime: h.mtime, linkname: "", prefix: "" });
  const pad = Buffer.alloc((512 - body.length % 512) % 512);
  return Buffer.concat([paxHeader, body, pad, block]);
}
function record(key, value) {
  const body = ` ${key}=${value}
`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}
function ustar(h) {
  const b = Buffer.alloc(512);
  const octal = (value, offset, length) => {
    b.write(`${Math.floor(value).toString(8).padStart(length - 1, "0")}\0`, offset, length, "ascii");
  };
  b.write(h.name, 0, 100, "utf8");
  octal(h.mode & 4095, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(h.size > 8589934591 ? 0 : h.size, 124, 12);
  octal(Math.max(0, h.mtime / 1e3), 136, 12);
  b.write("        ", 148, 8, "ascii");
  b.write(h.type, 156, 1, "ascii");
  b.write(h.linkname, 157, 100, "utf8");
  b.write("ustar\x0000", 257, 8, "binary");
  b.write(h.prefix, 345, 155, "utf8");
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += b[i];
  b.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return b;
}

// core/model.ts
var ENGINES = ["docker", "swarm"];
function isEngineName(value) {
  return ENGINES.includes(value);
}
var DEFAULT_ESTIMATE = 1e4;

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

// core/format.ts
var UNKNOWN = "\u2014";
function formatDuration(ms) {
  if (!Number.isFinite(ms)) return UNKNOWN;
  const sign = ms < 0 ? "-" : "";
  const abs = Math.abs(ms);
  if (Math.round(abs) === 0) return "0s";
  if (Math.round(abs) < 1e3) return `${sign}${Math.round(abs)}ms`;
  const tenths = Math.round(abs / 100) / 10;
  if (tenths < 10) return `${sign}${tenths}s`;
  const seconds = Math.round(abs / 1e3);
  if (seconds < 60) return `${sign}${seconds}s`;
  if (seconds < 3600) {
    const s = seconds % 60;
    return `${sign}${Math.floor(seconds / 60)}m${s ? `${s}s` : ""}`;
  }
  const minutes = Math.round(abs / 6e4);
  const m = minutes % 60;
  return `${sign}${Math.floor(minutes / 60)}h${m ? `${m}m` : ""}`;
}
function formatDurationExact(ms) {
  if (!Number.isFinite(ms)) return UNKNOWN;
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
function formatCpus(cores) {
  if (!Number.isFinite(cores)) return UNKNOWN;
  return String(Math.round(cores * 1e3) / 1e3 + 0);
}
function formatCpuCount(cores) {
  const text = formatCpus(cores);
  return `${text} ${text === "1" ? "cpu" : "cpus"}`;
}
var BINARY = [
  ["Ti", 2 ** 40],
  ["Gi", 2 ** 30],
  ["Mi", 2 ** 20],
  ["Ki", 2 ** 10]
];
var DECIMAL = [
  ["T", 1e12],
  ["G", 1e9],
  ["M", 1e6],
  ["k", 1e3]
];
function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return UNKNOWN;
  const sign = bytes < 0 ? "-" : "";
  const b = Math.round(Math.abs(bytes));
  if (b < 1024) return `${sign}${b}`;
  const u = BINARY.findIndex(([, size2]) => b >= size2);
  const [suffix, size] = BINARY[u];
  const hundredths = b / size * 100;
  if (Math.abs(hundredths - Math.round(hundredths)) < 1e-6) return `${sign}${Math.round(hundredths) / 100}${suffix}`;
  for (const [dSuffix, dSize] of DECIMAL) if (b >= dSize && b % dSize === 0) return `${sign}${b / dSize}${dSuffix}`;
  const value = b / size;
  const digits = value < 10 ? 100 : value < 100 ? 10 : 1;
  const rounded = Math.round(value * digits) / digits;
  if (rounded >= 1024 && u > 0) return `${sign}1${BINARY[u - 1][0]}`;
  return `${sign}${rounded}${suffix}`;
}
function finiteParallel(capacity) {
  const p = capacity.parallel;
  return typeof p === "number" && Number.isFinite(p) ? p : void 0;
}
function formatCapacity(capacity) {
  const parallel = finiteParallel(capacity);
  const containers = parallel === void 0 ? "" : `, ${parallel} ${parallel === 1 ? "container" : "containers"}`;
  return `${formatCpuCount(capacity.cpus)}, ${formatBytes(capacity.memory)} memory${containers}`;
}

// core/engine-names.ts
function engineName(...parts) {
  const name = parts.join("-").replace(/[^a-zA-Z0-9_.-]+/g, "-").replace(/-+/g, "-").replace(/^[^a-zA-Z0-9]+|-+$/g, "");
  return (name || "gantry").slice(0, 200);
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

// core/expressions.ts
var EXPRESSION_FORMS = "${{ matrix.KEY }}, ${{ needs.TASK.outputs.NAME }}, for one expansion of a matrix task ${{ needs.TASK[KEY=VALUE].outputs.NAME }}, or (in env values) ${{ env.NAME }}";
function scanExpressions(source, base = 0) {
  const expressions = [];
  const problems = [];
  let from = 0;
  for (; ; ) {
    const open = source.indexOf("${{", from);
    if (open < 0) break;
    const close = source.indexOf("}}", open + 3);
    const lineEnd = source.indexOf("\n", open);
    if (close < 0 || lineEnd >= 0 && close > lineEnd) {
      const end2 = lineEnd >= 0 ? lineEnd : source.length;
      problems.push({
        code: "unclosed-expression",
        message: 'This "${{" has no closing "}}" on the same line.',
        start: base + open,
        end: base + end2
      });
      from = open + 3;
      continue;
    }
    const end = close + 2;
    const inner = source.slice(open + 3, close);
    const text = source.slice(open, end);
    const found = parseExpressionPath(inner, base + open + 3);
    if (!found || !isKnownForm(found.path)) {
      problems.push({
        code: "invalid-expression",
        message: `"${text}" is not an expression Gantry knows: write ${EXPRESSION_FORMS}.`,
        start: base + open,
        end: base + end
      });
    } else {
      const expression = { text, path: found.path, start: base + open, end: base + end, segments: found.segments };
      if (found.expansion) expression.expansion = found.expansion;
      expressions.push(expression);
    }
    from = end;
  }
  return { expressions, problems };
}
function parseExpressionPath(inner, base = 0) {
  let at = inner.length - inner.trimStart().length;
  const stop = inner.trimEnd().length;
  if (at >= stop) return void 0;
  const path2 = [];
  const segments = [];
  let expansion;
  const word = (from) => {
    let to = from;
    while (to < stop && WORD_CHAR.test(inner[to])) to++;
    return to;
  };
  for (; ; ) {
    const quoted = path2.length === 1 && path2[0] === "needs" && inner[at] === "[" && (inner[at + 1] === "'" || inner[at + 1] === '"');
    if (quoted) {
      const quote = inner[at + 1];
      const close = inner.indexOf(quote, at + 2);
      if (close < 0 || close >= stop || inner[close + 1] !== "]") return void 0;
      const nameStart = at + 2;
      const nameEnd = word(nameStart);
      if (nameEnd === nameStart) return void 0;
      path2.push(inner.slice(nameStart, nameEnd));
      segments.push([base + nameStart, base + nameEnd]);
      if (nameEnd !== close) {
        if (inner[nameEnd] !== "[" || inner[close - 1] !== "]" || close - 1 <= nameEnd + 1) return void 0;
        expansion = { selector: inner.slice(nameEnd + 1, close - 1), start: base + nameEnd, end: base + close };
      }
      at = close + 2;
    } else {
      if (path2.length > 0) {
        if (inner[at] !== ".") return void 0;
        at++;
      }
      const end = word(at);
      if (end === at) return void 0;
      path2.push(inner.slice(at, end));
      segments.push([base + at, base + end]);
      at = end;
      if (path2.length === 2 && path2[0] === "needs" && inner[at] === "[") {
        const close = inner.indexOf("]", at);
        if (close < 0 || close >= stop || close === at + 1) return void 0;
        const selector = inner.slice(at + 1, close);
        if (/['"\n]/.test(selector)) return void 0;
        expansion = { selector, start: base + at, end: base + close + 1 };
        at = close + 1;
      }
    }
    if (at >= stop) break;
  }
  return expansion ? { path: path2, segments, expansion } : { path: path2, segments };
}
var WORD_CHAR = /[A-Za-z0-9_-]/;
function isKnownForm(path2) {
  if (path2[0] === "matrix") return path2.length === 2;
  if (path2[0] === "env") return path2.length === 2 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(path2[1]);
  if (path2[0] === "needs") return path2.length === 4 && path2[2] === "outputs";
  return false;
}

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
var build = {
  key: "build",
  kind: "build",
  ref: "build",
  type: "folder or mapping",
  description: "Builds the image this unit runs, as docker compose does: a context folder relative to the batch file (`build: ./app`), or `{ context, dockerfile, args, target }`. The image is built once per run, before the units that use it, as a unit of the schedule (`build:NAME`, with its own log), tagged for this run only and removed after it. Units with the same build share it. Instead of `image`; takes no `${{ }}`. Under the `strict` policy the context must stay inside the batch file's folder.",
  default: "none",
  example: 'build: { context: ./app, args: { VERSION: "1.2" }, target: test }'
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
  type: "mapping of strings, or list of KEY=VALUE",
  description: "Environment variables, as a mapping or (as docker compose allows) a list of `KEY=VALUE`. Merged over `defaults.env` (a task or service wins on the same name). Values may use `${{ matrix.KEY }}`, `${{ needs.TASK.outputs.NAME }}` and `${{ env.NAME }}` (a variable of the environment Gantry runs in; under the `strict` policy only those the workflow passes with `pass-env`).",
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
  kind: "command",
  type: "list of strings, or a string",
  description: "Command as an argument list, run without a shell (the image's entrypoint, if any, comes first). One string is split into arguments as docker compose does (spaces separate, quotes group; `$VAR` and shell operators are refused: use `run` for a shell). Use either `run` or `command`, not both; with neither, the image's own command runs.",
  example: "command: [make, test]"
};
var entrypoint = {
  key: "entrypoint",
  kind: "command",
  type: "list of strings, or a string",
  description: "Replaces the image's entrypoint, as an argument list (or one string, split as for `command`).",
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
var secrets = {
  key: "secrets",
  kind: "secrets",
  type: "list of names, or mapping of names to `env` | `file`",
  description: "Secrets from the caller's environment (the action step's `env:`, e.g. `NPM_TOKEN: ${{ secrets.NPM_TOKEN }}`; the shell or `--env-file` locally), by variable name. `[NAME]` gives the container the variable `NAME`; `{ NAME: file }` gives it the file `/run/secrets/NAME` instead (read-only, not in `docker inspect`). Their values are masked as `***` in logs, outputs and reports. A secret missing from the caller's environment is an error before anything runs; under the `strict` policy (forks) no secret is passed.",
  default: "none",
  example: "secrets: [NPM_TOKEN]"
};
var unitKeys = [
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
  secrets
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
      key: "env-file",
      kind: "paths",
      type: "path or list of paths",
      description: "A dotenv file beside the batch file, for local runs: its variables stand in for what a workflow step's `env:` gives, so `secrets:` and `${{ env.NAME }}` read them. A list is read in order, a later file winning; `gantry run --env-file` wins over these files, and the environment Gantry runs in wins over both (as with docker compose). Paths are relative to the batch file's folder. A missing file is a warning (`env-file-missing`: in CI the step's `env:` gives the values); a malformed one an error naming its line. Read by `gantry validate/plan/run` and the action, never by the editor. Under the `strict` policy the file must be a regular file inside the batch file's folder, not a link; strict still passes no secrets and only `pass-env` variables, whatever the file says. Keep it out of version control.",
      default: "none",
      example: "env-file: [.env, .env.local]"
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
    },
    {
      key: "engine",
      kind: "enum",
      type: "`docker` | `swarm`",
      values: [...ENGINES],
      description: "Where the batch runs: `docker`, the Docker engine the client points at (`DOCKER_HOST`, one machine), or `swarm`, the Docker Swarm whose manager it points at. `gantry run --engine` and the action's `engine:` input win over it. Under the `strict` policy (files from forks) the file cannot choose `swarm`: only the workflow can (`policy-engine-swarm`).",
      default: "`docker`",
      example: "engine: swarm"
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
    },
    {
      key: "ports",
      kind: "string-list",
      type: "list of ports",
      description: 'Publishes service ports on the host while the service runs, for local debugging: `"HOST:CONTAINER"` (on 127.0.0.1), or `"ADDRESS:HOST:CONTAINER"`, with `/udp` for UDP. Tasks do not need it: they reach a service by its name. Refused by the `strict` policy.',
      default: "none",
      example: 'ports: ["8080:80"]'
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
      description: 'Expected duration of the work, used to plan the schedule (critical path first); plans add ~0.4 s per container for the engine to start it. Does not limit the task. Once `gantry run` has recorded successful runs of the task beside the file (`.gantry/history/`), the weighted median of its last 10 wins over this (`--no-history` ignores them). In a matrix, each expansion may have its own: `estimate: "${{ matrix.weight }}s"`.',
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
    },
    {
      key: "cache",
      kind: "object",
      ref: "cache",
      type: "mapping",
      description: "Skips the task when an earlier success had the same inputs: its image (the engine's image ID), resolved command, entrypoint, workdir, user and env (secrets by hash), the content of the `key` files and its needs' outputs. A hit restores its outputs (and its `paths` into the run's volumes) and the reports show it `cached (from RUN)`. Stored in `.gantry/cache/` beside the batch file; `gantry run --no-cache` runs everything. See \"Task cache\" in docs/batch-file.md.",
      default: "none (the task always runs)",
      example: 'cache: { key: [package-lock.json, "src/**"], paths: [/work/node_modules] }'
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
  build: [
    {
      key: "context",
      kind: "string",
      type: "folder",
      required: true,
      description: "The folder sent to the engine to build from, relative to the batch file's folder. Its `.dockerignore` is honoured (patterns, `**`, `!` exceptions); links are sent as links, never followed, and FIFOs, sockets and devices are left out.",
      example: "context: ./app"
    },
    {
      key: "dockerfile",
      kind: "string",
      type: "path",
      description: "The Dockerfile, relative to the context and inside it.",
      default: "`Dockerfile`",
      example: "dockerfile: docker/ci.Dockerfile"
    },
    {
      key: "args",
      kind: "env",
      type: "mapping of strings",
      description: "Build arguments (`ARG` in the Dockerfile), as `docker build --build-arg`: a mapping, or a list of `KEY=VALUE`.",
      default: "none",
      example: 'args: { VERSION: "1.2" }'
    },
    {
      key: "target",
      kind: "string",
      type: "string",
      description: "The stage of a multi-stage Dockerfile to build, as `docker build --target`.",
      default: "the last stage",
      example: "target: test"
    }
  ],
  cache: [
    {
      key: "key",
      kind: "paths",
      type: "path, glob or list of them",
      description: "Files whose content is part of the cache key, relative to the batch file's folder: paths or globs (`*` and `?` within a name, `**` across folders). A folder stands for every file under it. A path or glob that matches no file is an error when the key is computed (`cache-key-missing`); links are refused under the `strict` policy, and read as the link's text otherwise (never followed).",
      default: "none (the key is the image, command, env and needs' outputs)",
      example: 'key: [package-lock.json, "src/**/*.ts"]'
    },
    {
      key: "paths",
      kind: "string-list",
      type: "list of paths",
      description: "Absolute paths inside the container, each inside one of the task's volumes: saved from the finished container after a success (at most 256 MiB per entry) and restored into the run's volume on a hit, before the task's dependents start.",
      default: "none (only outputs are restored)",
      example: "paths: [/work/node_modules]"
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

// core/compose.ts
var COMPOSE_RENAMES = {
  environment: "env",
  depends_on: "needs",
  healthcheck: "health",
  mem_limit: "memory",
  mem_reservation: "memory",
  working_dir: "workdir",
  network_mode: "network",
  cap_add: "cap-add",
  start_period: "start-period"
};
var COMPOSE_ONLY = {
  container_name: "Gantry names containers itself (per run, so parallel runs never collide); a service is reachable by its name under services:.",
  restart: "tasks run to completion; use retries: for a task that may fail and should run again.",
  links: "every task reaches every service by its name on the run's own network; list the service in the task's needs.",
  networks: `every unit is on the run's own network, where services are reachable by name; "network: host" uses the host's.`,
  expose: 'tasks reach a service on any port by its name; "ports" publishes a service port on the host.',
  deploy: "write cpus: and memory: on the task or service itself (what compose puts under deploy.resources.limits); the scheduler reserves them.",
  cpu_shares: 'write cpus: (e.g. 0.5 or "1500m"); the scheduler reserves it and the container is limited to it.',
  memswap_limit: "write memory:; the container is limited to it.",
  stdin_open: 'Gantry runs batch containers without a terminal; use "gantry run --keep-failed" to keep a failed task for docker exec.',
  tty: 'Gantry runs batch containers without a terminal; use "gantry run --keep-failed" to keep a failed task for docker exec.'
};
var MISPLACED = {
  depends_on: `services have no "needs": a service starts when a task that needs it is about to run. List the service in that task's needs.`,
  healthcheck: 'only services have health checks ("health:"); a task is done when its command exits.'
};
function composeKey(context, key, where, keyRange, entryRange, value) {
  if (context === "health" && key === "test") return healthTest(where, keyRange, entryRange, value);
  const to = COMPOSE_RENAMES[key];
  if (to !== void 0) {
    if (keyDoc(context, to)) {
      return {
        message: `Unknown key "${key}" in ${where}: docker compose's "${key}" is "${to}" in Gantry.`,
        fixes: [{ title: `Rename to "${to}"`, range: keyRange, newText: to }]
      };
    }
    const why = MISPLACED[key];
    if (why) return { message: `Unknown key "${key}" in ${where}: ${why}` };
  }
  const instead = COMPOSE_ONLY[key];
  if (instead && (context === "task" || context === "service" || context === "defaults")) {
    return { message: `Unknown key "${key}" in ${where}: Gantry has no docker compose "${key}"; ${instead}` };
  }
  return void 0;
}
function healthTest(where, keyRange, entryRange, value) {
  const lead = `Unknown key "test" in ${where}: docker compose's "test" is "run" (a shell command) or "command" (an argument list) in Gantry.`;
  if (isScalar(value) && typeof value.value === "string") {
    return { message: lead, fixes: [{ title: 'Rename to "run"', range: keyRange, newText: "run" }] };
  }
  if (isSeq(value)) {
    const items = value.items.map((i) => isScalar(i) && (typeof i.value === "string" || typeof i.value === "number") ? String(i.value) : void 0);
    if (items.every((i) => i !== void 0)) {
      if (items[0] === "CMD-SHELL" && items.length === 2) {
        return { message: lead, fixes: [{ title: 'Change to "run"', range: entryRange, newText: `run: ${JSON.stringify(items[1])}` }] };
      }
      if (items[0] === "CMD" && items.length > 1) {
        return { message: lead, fixes: [{ title: 'Change to "command"', range: entryRange, newText: `command: ${JSON.stringify(items.slice(1))}` }] };
      }
    }
  }
  return { message: lead };
}
function splitCommand(text) {
  const args = [];
  let current = "";
  let inWord = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "$" && text.startsWith("${{", i)) {
      const close = text.indexOf("}}", i + 3);
      const end = close < 0 ? n : close + 2;
      current += text.slice(i, end);
      inWord = true;
      i = end;
      continue;
    }
    if (c === " " || c === "	" || c === "\n") {
      if (inWord) args.push(current);
      current = "";
      inWord = false;
      i++;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { problem: "it has an unclosed single quote" };
      current += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; ; ) {
        if (j >= n) return { problem: "it has an unclosed double quote" };
        const d = text[j];
        if (d === '"') break;
        if (d === "\\" && j + 1 < n && '"\\$`'.includes(text[j + 1])) {
          current += text[j + 1];
          j += 2;
          continue;
        }
        if (d === "$" && !text.startsWith("${{", j)) return { problem: dollar() };
        if (d === "$") {
          const close = text.indexOf("}}", j + 3);
          const end = close < 0 ? n : close + 2;
          current += text.slice(j, end);
          j = end;
          continue;
        }
        current += d;
        j++;
      }
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === "\\") {
      if (i + 1 < n) current += text[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "$") return { problem: dollar() };
    if ("|&;<>`".includes(c)) {
      return { problem: `"${c}" is shell syntax and no shell runs it: use run: for a shell command, or write command as a list` };
    }
    current += c;
    inWord = true;
    i++;
  }
  if (inWord) args.push(current);
  return { args };
}
function dollar() {
  return `a "$" variable is not filled in (docker compose fills it from the host's environment, and no shell runs the command): use run: for a shell command, env: for values, or write command as a list`;
}
function envEntry(text) {
  const eq = text.indexOf("=");
  if (eq < 0) {
    return {
      problem: `"${text}" has no value: write "${text}=VALUE". (Docker compose passes a bare name from the host's environment; Gantry does not pass the caller's environment through.)`
    };
  }
  return { name: text.slice(0, eq), value: text.slice(eq + 1) };
}

// core/fields-compose.ts
function commandString(r, field, what, name, node, expressions) {
  const split = splitCommand(String(node.value));
  if ("problem" in split) {
    r.report("invalid-command", `${what} is split into arguments like docker compose does, but ${split.problem}.`, field.valueRange);
    return void 0;
  }
  if (split.args.length === 0) {
    r.report("invalid-command", `${what} is empty: write the program and its arguments, e.g. "make test".`, field.valueRange);
    return void 0;
  }
  r.expressionsIn(node, name, expressions);
  return split.args;
}
function envList(r, field, what, expressions, fields) {
  const env2 = {};
  const seen = /* @__PURE__ */ new Map();
  for (const item of r.list(field, what) ?? []) {
    const range = r.span(item.start, item.end);
    const entry = envEntry(item.value);
    if ("problem" in entry) {
      r.report("env-without-value", `${what}: ${entry.problem}`, range);
      continue;
    }
    if (!VARIABLE_PATTERN.test(entry.name)) {
      r.report("invalid-env-name", `"${entry.name}" is not a valid environment variable name: use letters, digits and "_", not starting with a digit.`, range);
      continue;
    }
    const before = seen.get(entry.name);
    if (before !== void 0) {
      r.report("duplicate-key", `"${entry.name}" is already set in ${what} on line ${before + 1}; this one is ignored.`, range);
      continue;
    }
    seen.set(entry.name, range.start.line);
    env2[entry.name] = entry.value;
    if (fields) {
      const [start, end] = nodeSpan(item.node);
      const at = r.text.indexOf(item.value, start);
      const found = at >= 0 && at + item.value.length <= end;
      const keyStart = found ? at : item.start;
      const keyEnd = found ? at + entry.name.length : item.end;
      fields[`env.${entry.name}`] = new FieldSpan(r.lineStarts, keyStart, keyEnd, found ? keyEnd + 1 : item.start, found ? at + item.value.length : item.end);
    }
    r.expressionsIn(item.node, `env.${entry.name}`, expressions);
  }
  return env2;
}

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
  const node = r.deref(f.value);
  if (node && isScalar(node) && typeof node.value === "string" && node.value.includes("${{")) {
    ctx.out.estimateText = node.value;
    r.expressionsIn(node, "estimate", ctx.expressions);
    return;
  }
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
var readSecrets = (r, f, what, ctx) => {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  const add = (name, as, range) => {
    if (!VARIABLE_PATTERN.test(name)) {
      r.report("invalid-secret", `"${name}" is not a valid secret name: use letters, digits and "_", not starting with a digit (the name of a variable of the caller's environment).`, range);
      return;
    }
    if (seen.has(name)) {
      r.report("invalid-secret", `"${name}" is already listed in secrets.`, range);
      return;
    }
    seen.add(name);
    out.push({ name, as, range });
  };
  const node = r.deref(f.value);
  if (node && isMap(node)) {
    const e = r.entries(f.value, what, f.valueRange);
    for (const v of e?.values() ?? []) {
      const as = r.string(v, `${what}.${v.key}`);
      if (as === void 0) continue;
      if (as !== "env" && as !== "file") {
        r.report("invalid-secret", `secret ${v.key}: "${as}" is not a way to pass a secret: write env (an environment variable ${v.key}) or file (/run/secrets/${v.key}).`, v.valueRange);
        continue;
      }
      add(v.key, as, v.keyRange);
    }
  } else {
    for (const item of r.list(f, what) ?? []) add(item.value, "env", r.span(item.start, item.end));
  }
  ctx.out.secrets = exact(out);
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
  const written = r.deref(field.value);
  if (isScalar(written) && typeof written.value === "string") return commandString(r, field, what, name, written, expressions);
  const items = r.list(field, what);
  if (!items) return void 0;
  items.forEach((item, i) => r.expressionsIn(item.node, `${name}[${i}]`, expressions));
  return items.map((i) => i.value);
}
function envMapping(r, field, what, expressions, fields) {
  if (isSeq(r.deref(field.value))) return envList(r, field, what, expressions, fields);
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

// core/fields-ports.ts
var PORT = /^\d{1,5}$/;
var ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|localhost)$/;
function parsePort(written) {
  let text = written.trim();
  let protocol = "tcp";
  const slash = text.lastIndexOf("/");
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (p !== "tcp" && p !== "udp") return { problem: `"${p}" is not a protocol; write /tcp or /udp` };
    protocol = p;
    text = text.slice(0, slash);
  }
  const last = text.lastIndexOf(":");
  if (last < 0) return { problem: 'write HOST:CONTAINER, e.g. "8080:80" (Gantry publishes only the host ports you name)' };
  const container = text.slice(last + 1);
  const rest = text.slice(0, last);
  const colon = rest.lastIndexOf(":");
  const host = colon < 0 ? rest : rest.slice(colon + 1);
  let address = colon < 0 ? "127.0.0.1" : rest.slice(0, colon);
  if (address === "localhost") address = "127.0.0.1";
  if (address.startsWith("[")) address = address.slice(1, -1);
  if (colon >= 0 && !ADDRESS.test(rest.slice(0, colon))) return { problem: `"${rest.slice(0, colon)}" is not an IP address to publish on, e.g. 127.0.0.1` };
  for (const [what, port] of [["host", host], ["container", container]]) {
    if (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535) {
      return { problem: `the ${what} port "${port}" is not a port number from 1 to 65535 (ranges are not supported)` };
    }
  }
  return { address, host: Number(host), container: Number(container), protocol };
}
var readPorts = (r, f, what, ctx) => {
  const out = [];
  for (const item of r.list(f, what) ?? []) {
    const range = r.span(item.start, item.end);
    const port = parsePort(item.value);
    if ("problem" in port) {
      r.report("invalid-port", `Invalid port "${item.value}" in ${what}: ${port.problem}.`, range);
      continue;
    }
    out.push({ ...port, range });
  }
  ctx.out.ports = out;
};

// core/fields-build.ts
function dockerfileProblem(dockerfile) {
  if (dockerfile.startsWith("/") || /^[A-Za-z]:[\\/]/.test(dockerfile)) return "it must be a path inside the context, not an absolute path";
  const parts = dockerfile.split(/[\\/]+/);
  let depth = 0;
  for (const part of parts) {
    if (part === "..") depth--;
    else if (part !== "." && part !== "") depth++;
    if (depth < 0) return 'it leaves the context ("..")';
  }
  if (depth === 0) return "it names the context itself, not a file in it";
  return void 0;
}
var readBuild = (r, f, what, ctx) => {
  const node = r.deref(f.value);
  const refuseExpressions = (text, range) => {
    if (text !== void 0 && text.includes("${{")) {
      r.report("build-expression", `${what} cannot use \${{ }}: the image is built once, before any task runs, for every expansion.`, range);
      return true;
    }
    return false;
  };
  if (!node || !isMap(node)) {
    const context2 = r.string(f, what, node);
    if (context2 === void 0) return;
    if (context2.trim() === "") return r.report("wrong-type", `${what} must name a context folder, e.g. ./app.`, f.valueRange);
    if (refuseExpressions(context2, f.valueRange)) return;
    ctx.out.build = { context: context2, args: {}, range: f.valueRange, contextRange: f.valueRange };
    return;
  }
  const e = r.entries(node, `"${what}"`, f.valueRange, "build");
  if (!e) return;
  if (ctx.fields) for (const entry of e.values()) ctx.fields[`build.${entry.key}`] = entry.field();
  const contextEntry = e.get("context");
  if (!contextEntry) {
    r.report("wrong-type", `${what} needs a "context": the folder to build, e.g. { context: ./app }.`, f.valueRange);
    return;
  }
  const context = r.string(contextEntry, `${what}.context`);
  if (context === void 0 || refuseExpressions(context, contextEntry.valueRange)) return;
  if (context.trim() === "") return r.report("wrong-type", `${what}.context must name a folder, e.g. ./app.`, contextEntry.valueRange);
  const spec = { context, args: {}, range: f.valueRange, contextRange: contextEntry.valueRange };
  let ok = true;
  const dockerfileEntry = e.get("dockerfile");
  if (dockerfileEntry) {
    const dockerfile = r.string(dockerfileEntry, `${what}.dockerfile`);
    if (dockerfile === void 0 || refuseExpressions(dockerfile, dockerfileEntry.valueRange)) ok = false;
    else {
      const problem = dockerfileProblem(dockerfile);
      if (problem) {
        r.report("build-dockerfile-outside", `${what}.dockerfile "${dockerfile}" is refused: ${problem}. The engine reads the Dockerfile from the context.`, dockerfileEntry.valueRange);
        ok = false;
      } else {
        spec.dockerfile = dockerfile;
        spec.dockerfileRange = dockerfileEntry.valueRange;
      }
    }
  }
  const targetEntry = e.get("target");
  if (targetEntry) {
    const target = r.string(targetEntry, `${what}.target`);
    if (target === void 0 || refuseExpressions(target, targetEntry.valueRange)) ok = false;
    else spec.target = target;
  }
  const argsEntry = e.get("args");
  if (argsEntry) {
    const expressions = [];
    spec.args = envMapping(r, argsEntry, `${what}.args`, expressions);
    if (expressions.length > 0) {
      r.report("build-expression", `${what}.args cannot use \${{ }}: the image is built once, before any task runs, for every expansion.`, expressions[0].range);
      ok = false;
    }
  }
  if (ok) ctx.out.build = spec;
};

// core/fields-cache.ts
function cacheKeyProblem(pattern) {
  if (pattern.trim() === "") return "it is empty";
  if (pattern.startsWith("/") || /^[A-Za-z]:[\\/]/.test(pattern)) return "it must be relative to the batch file's folder, not absolute";
  if (pattern.split(/[\\/]+/).includes("..")) return `it leaves the batch file's folder ("..")`;
  if (pattern.includes("${{")) return "it cannot use ${{ }} (the files are the same for every expansion)";
  return void 0;
}
function cachePathProblem(path2) {
  if (!path2.startsWith("/")) return "it must be an absolute path inside the container, e.g. /work/node_modules";
  if (path2.split("/").includes("..")) return 'it cannot contain ".."';
  if (path2.includes("${{")) return "it cannot use ${{ }}";
  return void 0;
}
var readCache = (r, f, what, ctx) => {
  const node = r.deref(f.value);
  if (!node || !isMap(node)) {
    r.report("wrong-type", `${what} must be a mapping, e.g. cache: { key: [package-lock.json], paths: [/work/node_modules] }.`, f.valueRange);
    return;
  }
  const e = r.entries(node, what, f.valueRange, "cache");
  if (!e) return;
  if (ctx.fields) for (const entry of e.values()) ctx.fields[`cache.${entry.key}`] = entry.field();
  const spec = { key: [], paths: [], range: f.valueRange };
  const keyEntry = e.get("key");
  if (keyEntry) {
    for (const item of pathList(r, keyEntry, `${what}.key`)) {
      const problem = cacheKeyProblem(item.value);
      if (problem) r.report("invalid-cache", `In the ${what}, key "${item.value}" is refused: ${problem}.`, item.range);
      else spec.key.push(item);
    }
  }
  const pathsEntry = e.get("paths");
  if (pathsEntry) {
    for (const item of pathList(r, pathsEntry, `${what}.paths`)) {
      const problem = cachePathProblem(item.value);
      if (problem) r.report("invalid-cache", `In the ${what}, path "${item.value}" is refused: ${problem}.`, item.range);
      else spec.paths.push(item);
    }
  }
  ctx.out.cache = spec;
};
function pathList(r, entry, what) {
  const node = r.deref(entry.value);
  if (node && isScalar(node) && !isSeq(node) && node.value !== null && typeof node.value !== "object") {
    const value = r.string(entry, what, node);
    return value === void 0 ? [] : [{ value, range: entry.valueRange }];
  }
  return (r.list(entry, what) ?? []).map((item) => ({ value: item.value, range: r.span(item.start, item.end) }));
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
  // Read into `spec.build`; core/build-units.ts makes one build unit per distinct build.
  { key: "build", units: BOTH, expressions: "none", read: readBuild },
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
  // The values come from the caller's environment, not the file: the executor gets them apart
  // from the resolved attempt (core/secrets.ts), so they never pass through `${{ }}` or reports.
  { key: "secrets", units: BOTH, expressions: "none", read: readSecrets },
  { key: "health", units: SERVICE, expressions: "none", read: readHealth },
  { key: "ports", units: SERVICE, expressions: "none", read: readPorts },
  { key: "needs", units: TASK, expressions: "none", read: readNeeds },
  { key: "matrix", units: TASK, expressions: "none", read: readMatrix },
  {
    key: "estimate",
    units: TASK,
    expressions: "matrix",
    needsRefused: 'the estimate plans the run before any task finishes. Use a matrix value, e.g. "${{ matrix.weight }}s".',
    substituted: "expansion",
    read: readEstimate,
    // Each expansion its own estimate; a value that is not a duration is checks/matrix.ts's error.
    expand: (spec, matrix2, unit, substitute) => {
      if (spec.estimateText !== void 0) unit.estimate = parseDuration(substitute(spec.estimateText, matrix2)) ?? DEFAULT_ESTIMATE;
    }
  },
  { key: "timeout", units: TASK, defaults: true, expressions: "none", read: readTimeout },
  { key: "retries", units: TASK, defaults: true, expressions: "none", read: readRetries },
  { key: "if", units: TASK, expressions: "none", read: readIf },
  { key: "allow-failure", units: TASK, expressions: "none", read: readAllowFailure },
  { key: "outputs", units: TASK, expressions: "none", read: readOutputs },
  // Read by the run (core/run/cache-run.ts), never by the container.
  { key: "cache", units: TASK, expressions: "none", read: readCache }
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
function replaceExpressions(text, resolve3) {
  if (!text.includes("${{")) return text;
  return text.replace(EXPRESSION, (whole, inner) => {
    const parsed = parseExpressionPath(inner);
    return (parsed && resolve3(parsed)) ?? whole;
  });
}
function substituteMatrix(text, matrix2) {
  return replaceExpressions(
    text,
    ({ path: path2 }) => path2[0] === "matrix" ? path2.length === 2 && Object.hasOwn(matrix2, path2[1]) ? matrix2[path2[1]] : "" : void 0
  );
}
function substituteMatrixAndEnv(text, matrix2, env2) {
  return replaceExpressions(text, ({ path: path2 }) => {
    if (path2[0] === "matrix") return path2.length === 2 && Object.hasOwn(matrix2, path2[1]) ? matrix2[path2[1]] : "";
    if (path2[0] === "env") return path2.length === 2 && Object.hasOwn(env2, path2[1]) ? env2[path2[1]] ?? "" : "";
    return void 0;
  });
}
function substituteNeeds(text, needsOutputs) {
  return replaceExpressions(text, ({ path: path2, expansion }) => {
    if (path2[0] !== "needs") return void 0;
    if (path2.length !== 4 || path2[2] !== "outputs") return "";
    const [, task, , name] = path2;
    const id = expansion ? `${task}[${expansion.selector}]` : task;
    const outputs = Object.hasOwn(needsOutputs, id) ? needsOutputs[id] : void 0;
    if (outputs) return Object.hasOwn(outputs, name) ? outputs[name] : "";
    if (expansion) return "";
    const all = expansionsOf(needsOutputs, task);
    return all.length === 0 ? "" : expansionsJson(all, name);
  });
}
function expansionsOf(needsOutputs, task) {
  const prefix = `${task}[`;
  const found = [];
  for (const id in needsOutputs) if (id.startsWith(prefix)) found.push([id, needsOutputs[id]]);
  return found;
}
function expansionsJson(expansions, name) {
  const object = {};
  for (const [id, outputs] of expansions) object[id] = Object.hasOwn(outputs, name) ? outputs[name] : null;
  return JSON.stringify(object);
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
  const made = /* @__PURE__ */ new Map();
  const clashed = /* @__PURE__ */ new Set();
  const put = (name, value) => {
    if (clashed.has(name)) return;
    const before = made.get(name);
    if (before === void 0 || before === value) made.set(name, value);
    else {
      made.delete(name);
      clashed.add(name);
    }
  };
  const matrixTasks = /* @__PURE__ */ new Map();
  for (const id in needs) {
    const outputs = needs[id];
    const bracket = id.indexOf("[");
    if (bracket > 0) {
      const task = id.slice(0, bracket);
      let names2 = matrixTasks.get(task);
      if (!names2) matrixTasks.set(task, names2 = /* @__PURE__ */ new Set());
      for (const name in outputs) names2.add(name);
    }
    const part = bracket > 0 ? `${id.slice(0, bracket)}_${envName(id.slice(bracket + 1, -1)).replace(/^_+|_+$/g, "")}` : id;
    for (const name in outputs) put(envName("GANTRY_NEEDS", part, name), outputs[name]);
  }
  for (const [task, names2] of matrixTasks) {
    const all = expansionsOf(needs, task);
    for (const name of names2) put(envName("GANTRY_NEEDS", task, name), expansionsJson(all, name));
  }
  for (const [name, value] of made) env2[name] = value;
  return env2;
}
function envName(...parts) {
  return parts.map((p) => p.toUpperCase().replace(/[^A-Z0-9]+/g, "_")).join("_");
}

export {
  FILE_START,
  GantryError,
  hasErrors,
  sortDiagnostics,
  formatDiagnostic,
  fieldValueRange,
  DescribeUnit,
  UnsafePathError,
  ensureDirs,
  makeFreshDir,
  openNewFile,
  writeNewFile,
  readRegularFile,
  openedWithin,
  isWithin,
  ENGINES,
  isEngineName,
  DEFAULT_ESTIMATE,
  editDistance,
  suggest,
  formatDuration,
  formatDurationExact,
  formatCpus,
  formatCpuCount,
  formatBytes,
  finiteParallel,
  formatCapacity,
  engineName,
  scanExpressions,
  MAX_TIMER_MS,
  DURATION_FORMS,
  parseDuration,
  NAME_PATTERN,
  NAME_RULE,
  keyDoc,
  keyNames,
  positionAt,
  Positions,
  FieldSpan,
  nodeSpan,
  NameAt,
  MountAt,
  ExpressionAt,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  composeKey,
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
  substituteMatrixAndEnv,
  resolveAttempt,
  removeListEntryFix,
  makeContext,
  unitNamed,
  resolveBind,
  checkHostBinds,
  realFolders,
  resolveBuildContext,
  checkHostBuilds,
  packContext
};
