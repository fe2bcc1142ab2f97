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
    policy: options.policy ?? "trusted",
    baseDir: options.baseDir,
    ...options.passEnv ? { passEnv: options.passEnv } : {},
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
function resolveBuildContext(build, rules, who = "A unit") {
  const path2 = resolve2(rules.baseDir, build.context);
  let real;
  try {
    real = realpathSync2(path2);
  } catch {
    return { ok: false, code: "build-context-missing", message: `${who} builds from "${build.context}", which does not exist (${path2}).` };
  }
  const via = real === path2 ? "" : `, which is ${real} on this machine,`;
  if (!statSync2(real).isDirectory()) {
    return { ok: false, code: "build-context-missing", message: `${who} builds from "${build.context}"${via} which is not a folder.` };
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
        message: `${who} builds from "${build.context}"${via} outside the batch file's folder. The strict policy refuses it (the file is not trusted).`
      };
    }
  }
  return { ok: true, dir: real, dockerfile: posix2.normalize((build.dockerfile ?? "Dockerfile").replace(/\\/g, "/")) };
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
    let names;
    try {
      names = listFolder(dir, folder).sort();
    } catch (error) {
      options.onSkip?.(`left out ${folder || "."}/: ${error.message}`);
      continue;
    }
    const subfolders = [];
    for (const name of names) {
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

// core/model.ts
var DEFAULT_ESTIMATE = 1e4;

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
  resolveBind,
  checkHostBinds,
  realFolders,
  resolveBuildContext,
  checkHostBuilds,
  packContext,
  MAX_TIMER_MS,
  DURATION_FORMS,
  parseDuration,
  formatDuration,
  formatDurationExact,
  formatCpus,
  formatCpuCount,
  formatBytes,
  finiteParallel,
  formatCapacity,
  editDistance,
  suggest,
  DEFAULT_ESTIMATE
};
