#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  DEFAULT_START_OVERHEAD_MS,
  MAX_TIMER_MS,
  Scheduler,
  checkHostBinds,
  formatDuration,
  plan,
  realFolders,
  resolveAttempt,
  resolveBind,
  resolveCapacity,
  sanitize,
  selectOnly
} from "./chunk-N6TNUJJ2.js";
import {
  LABEL_OWNER,
  LABEL_ROLE,
  LABEL_RUN,
  LABEL_UNIT,
  cleanupRun,
  currentOwner,
  describeOwner,
  describeRemoved,
  engineName,
  isGone,
  oneLine,
  runLabels,
  stateFolderPrefix,
  statusCode,
  sweepLeftovers,
  writeStateRecord
} from "./chunk-3HXEGCPP.js";
import {
  UnsafePathError,
  ensureDirs,
  makeFreshDir,
  openNewFile,
  readRegularFile,
  writeNewFile
} from "./chunk-LAM7EVQU.js";
import {
  connectEngine,
  engineCapacity,
  withTimeout
} from "./chunk-732PRJ6G.js";
import {
  GantryError
} from "./chunk-G3K7PEAI.js";

// core/run/run-batch.ts
import { closeSync as closeSync2, constants as constants2, fstatSync, lstatSync, mkdirSync as mkdirSync2, openSync as openSync2, readSync as readSync2 } from "node:fs";
import { createHash as createHash2, randomBytes } from "node:crypto";
import { dirname, join as join2, relative, resolve } from "node:path";

// core/backends/docker/executor.ts
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync as rmSync2 } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// core/report/format.ts
var BINARY = [
  ["Gi", 1024 ** 3],
  ["Mi", 1024 ** 2],
  ["Ki", 1024]
];
function formatBytes(bytes) {
  for (const [unit, size] of BINARY) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${value >= 100 || Number.isInteger(value) ? Math.round(value) : Math.round(value * 10) / 10}${unit}`;
    }
  }
  return `${Math.round(bytes)}B`;
}
function formatDuration2(ms) {
  if (ms < 1e3) return `${Math.round(ms)}ms`;
  const s = ms / 1e3;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor(total % 3600 / 60);
  const sec = total % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}m${String(sec).padStart(2, "0")}s`;
}
function formatCpus(cpus2) {
  return String(Math.round(cpus2 * 100) / 100);
}
function formatSeconds(ms) {
  return `${(ms / 1e3).toFixed(1)} s`;
}
function finiteParallel(capacity) {
  const p = capacity.parallel;
  return typeof p === "number" && Number.isFinite(p) ? p : void 0;
}
function capacityText(capacity) {
  const parallel = finiteParallel(capacity);
  return `${formatCpus(capacity.cpus)} cpus, ${formatBytes(capacity.memory)}${parallel === void 0 ? "" : `, ${parallel} at once`}`;
}
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

// core/backends/docker/images.ts
var ImageUnavailable = class extends Error {
  name = "ImageUnavailable";
};
var ImageResolver = class {
  constructor(docker, options = {}) {
    this.docker = docker;
    this.options = options;
  }
  docker;
  options;
  images = /* @__PURE__ */ new Map();
  closed = false;
  /**
   * Resolves once `image` is present locally; rejects with `ImageUnavailable` when it is not and
   * could not be pulled. The same promise for every caller of the same image.
   */
  ensure(image) {
    const ref = normalizeReference(image);
    let pending = this.images.get(ref);
    if (!pending) {
      pending = this.resolve(image, ref);
      pending.catch(() => {
      });
      this.images.set(ref, pending);
    }
    return pending;
  }
  /** Stops retrying (teardown): a pull waiting for its backoff gives up at once. */
  close() {
    this.closed = true;
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }
  sleepers = /* @__PURE__ */ new Set();
  async resolve(image, ref) {
    try {
      await this.docker.getImage(ref).inspect();
      return;
    } catch (error) {
      if (statusCode(error) !== 404) {
        throw new ImageUnavailable(`cannot inspect image ${image}: ${oneLine(error)}`);
      }
    }
    const attempts = Math.max(1, this.options.attempts ?? 3);
    const backoff = this.options.backoffMs ?? 2e3;
    const random = this.options.random ?? Math.random;
    this.options.onEvent?.({ type: "pull-start", image: ref });
    let last = "";
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.pullOnce(ref);
        this.options.onEvent?.({ type: "pull-done", image: ref });
        return;
      } catch (error) {
        last = oneLine(error);
      }
      if (attempt === attempts || this.closed) break;
      const delayMs = Math.round(backoff * 2 ** (attempt - 1) * (0.5 + random()));
      this.options.onEvent?.({ type: "pull-retry", image: ref, attempt, error: last, delayMs });
      await this.sleep(delayMs);
      if (this.closed) break;
    }
    this.options.onEvent?.({ type: "pull-failed", image: ref, error: last });
    throw new ImageUnavailable(
      `image ${image} is not available locally and could not be pulled (${attempts} attempt${attempts === 1 ? "" : "s"}): ${last}`
    );
  }
  async pullOnce(ref) {
    await readProgress(await this.docker.pull(ref));
  }
  sleep(ms) {
    return new Promise((resolve2) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve2();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
};
function normalizeReference(image) {
  if (image.includes("@")) return image;
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  return lastSegment.includes(":") ? image : `${image}:latest`;
}
function readProgress(stream) {
  return new Promise((resolve2, reject) => {
    let buffer = "";
    let failure;
    const onLine = (line) => {
      if (!line.trim()) return;
      try {
        const event = JSON.parse(line);
        if (event.error || event.errorDetail) failure ??= event.errorDetail?.message ?? event.error;
      } catch {
      }
    };
    stream.on("data", (chunk) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        onLine(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    stream.on("error", (error) => reject(error));
    stream.on("end", () => {
      onLine(buffer);
      if (failure) reject(new Error(failure));
      else resolve2();
    });
  });
}

// core/backends/docker/logs.ts
import { closeSync, constants, openSync, readSync, rmSync, writeSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
var DEFAULT_LOG_CAP_BYTES = 50 * 1024 * 1024;
var DEFAULT_MAX_LINE = 64 * 1024;
var FrameDemuxer = class {
  constructor(onPayload) {
    this.onPayload = onPayload;
  }
  onPayload;
  header = Buffer.alloc(8);
  headerFill = 0;
  remaining = 0;
  stream = "stdout";
  push(chunk) {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining === 0) {
        const take2 = Math.min(8 - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + take2);
        this.headerFill += take2;
        offset += take2;
        if (this.headerFill < 8) return;
        this.headerFill = 0;
        const type = this.header[0];
        this.stream = type === 1 ? "stdout" : type === 2 ? "stderr" : void 0;
        this.remaining = this.header.readUInt32BE(4);
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - offset);
      if (this.stream) this.onPayload(this.stream, chunk.subarray(offset, offset + take));
      this.remaining -= take;
      offset += take;
    }
  }
  /** True when the stream ended in the middle of a frame (the engine went away). */
  get incomplete() {
    return this.headerFill > 0 || this.remaining > 0;
  }
};
var LineSplitter = class {
  constructor(onLine, maxLine = DEFAULT_MAX_LINE) {
    this.onLine = onLine;
    this.maxLine = maxLine;
  }
  onLine;
  maxLine;
  decoder = new StringDecoder("utf8");
  pending = "";
  write(bytes) {
    this.take(this.decoder.write(bytes));
  }
  end() {
    this.take(this.decoder.end());
    if (this.pending !== "") this.emit(this.pending);
    this.pending = "";
  }
  take(text) {
    if (text === "") return;
    let start = 0;
    for (; ; ) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      const line = this.pending + text.slice(start, nl);
      this.pending = "";
      this.emit(line.endsWith("\r") ? line.slice(0, -1) : line);
      start = nl + 1;
    }
    this.pending += text.slice(start);
    while (this.pending.length > this.maxLine) {
      let cut2 = this.maxLine;
      const code = this.pending.charCodeAt(cut2 - 1);
      if (code >= 55296 && code <= 56319) cut2--;
      this.emit(this.pending.slice(0, cut2));
      this.pending = this.pending.slice(cut2);
    }
  }
  emit(line) {
    this.onLine(line);
  }
};
var WRITE_CHUNK = 64 * 1024;
var CappedLogFile = class {
  constructor(path, capBytes = DEFAULT_LOG_CAP_BYTES) {
    this.path = path;
    this.capBytes = capBytes;
    const usable = Math.max(0, capBytes - MARKER_RESERVE);
    this.headCap = Math.floor(usable / 2);
    this.tailCap = usable - this.headCap;
    this.fd = openNewFile(path);
  }
  path;
  capBytes;
  headCap;
  tailCap;
  fd;
  buffer = Buffer.allocUnsafe(WRITE_CHUNK);
  buffered = 0;
  headBytes = 0;
  inTail = false;
  segment = 0;
  segmentBytes = 0;
  segmentFd;
  hasPrevious = false;
  total = 0;
  closed;
  /** Appends one line (a newline is added). */
  writeLine(line) {
    if (this.closed) return;
    const bytes = Buffer.byteLength(line) + 1;
    this.total += bytes;
    if (!this.inTail && this.headBytes + bytes > this.headCap) {
      this.flush();
      this.inTail = true;
      this.segmentFd = openNewFile(this.segmentPath(0), { replace: true });
    }
    if (!this.inTail) this.headBytes += bytes;
    if (this.buffered + bytes > this.buffer.length) {
      this.flush();
      if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
    }
    this.buffered += this.buffer.write(line, this.buffered);
    this.buffer[this.buffered++] = 10;
  }
  /** Writes the tail after the marker, removes the segments. Idempotent. */
  close() {
    if (this.closed) return this.closed;
    this.flush();
    let omitted = 0;
    if (this.inTail && this.segmentFd !== void 0) {
      closeSync(this.segmentFd);
      this.segmentFd = void 0;
      const current = this.segmentPath(this.segment);
      const previous = this.segmentPath(this.segment - 1);
      if (!this.hasPrevious) {
        copyFile(current, 0, this.fd);
      } else {
        const fromPrevious = Math.max(0, this.tailCap - this.segmentBytes);
        const sources = [];
        if (fromPrevious > 0) {
          sources.push({ path: previous, start: this.previousSize - fromPrevious, size: this.previousSize });
        }
        sources.push({ path: current, start: Math.max(0, this.segmentBytes - this.tailCap), size: this.segmentBytes });
        alignToLineStart(sources[0]);
        const kept = sources.reduce((sum2, s) => sum2 + s.size - s.start, 0);
        omitted = this.total - this.headBytes - kept;
        const marker = `\u2026 [gantry] ${omitted} bytes of output omitted here (log capped at ${this.capBytes} bytes; first and last parts kept) \u2026
`;
        writeAll(this.fd, Buffer.from(marker));
        for (const source of sources) copyFile(source.path, source.start, this.fd);
      }
      rmSync(current, { force: true });
      rmSync(previous, { force: true });
    }
    closeSync(this.fd);
    this.closed = { totalBytes: this.total, omittedBytes: omitted };
    return this.closed;
  }
  previousSize = 0;
  flush() {
    if (this.buffered === 0) return;
    const data = this.buffer.subarray(0, this.buffered);
    this.buffered = 0;
    if (!this.inTail) {
      writeAll(this.fd, data);
      return;
    }
    writeAll(this.segmentFd, data);
    this.segmentBytes += data.length;
    if (this.segmentBytes >= this.tailCap) {
      closeSync(this.segmentFd);
      rmSync(this.segmentPath(this.segment - 1), { force: true });
      this.previousSize = this.segmentBytes;
      this.hasPrevious = true;
      this.segment++;
      this.segmentBytes = 0;
      this.segmentFd = openNewFile(this.segmentPath(this.segment), { replace: true });
    }
  }
  segmentPath(n) {
    return `${this.path}.tail${(n % 2 + 2) % 2}`;
  }
};
var MARKER_RESERVE = 200;
function writeAll(fd, data) {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}
function copyFile(path, start, toFd) {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  try {
    let position = start;
    for (; ; ) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) break;
      writeAll(toFd, chunk.subarray(0, n));
      position += n;
    }
  } finally {
    closeSync(fd);
  }
}
function alignToLineStart(source) {
  if (source.start === 0) return;
  const fd = openSync(source.path, "r");
  try {
    const probe = Buffer.alloc(1);
    if (readSync(fd, probe, 0, 1, source.start - 1) === 1 && probe[0] === 10) return;
    const chunk = Buffer.allocUnsafe(64 * 1024);
    while (source.start < source.size) {
      const n = readSync(fd, chunk, 0, chunk.length, source.start);
      if (n === 0) break;
      const nl = chunk.subarray(0, n).indexOf(10);
      if (nl >= 0) {
        source.start += nl + 1;
        return;
      }
      source.start += n;
    }
    source.start = Math.min(source.start, source.size);
  } finally {
    closeSync(fd);
  }
}
var LastLines = class {
  constructor(size = 20) {
    this.size = size;
  }
  size;
  lines = [];
  push(line) {
    this.lines.push(line.length > 500 ? `${line.slice(0, 500)}\u2026` : line);
    if (this.lines.length > this.size) this.lines.shift();
  }
  get() {
    return [...this.lines];
  }
};
var OutputCapture = class {
  constructor(options) {
    this.options = options;
    this.file = options.filePath ? new CappedLogFile(options.filePath, options.capBytes) : void 0;
    const line = (stream) => (text) => {
      this.file?.writeLine(text);
      this.last.push(text);
      options.onLine?.(stream, text);
    };
    this.splitters = {
      stdout: new LineSplitter(line("stdout"), options.maxLine),
      stderr: new LineSplitter(line("stderr"), options.maxLine)
    };
    this.demuxer = new FrameDemuxer((stream, bytes) => this.splitters[stream].write(bytes));
  }
  options;
  demuxer;
  splitters;
  file;
  last = new LastLines();
  summary;
  /** Raw bytes from a TTY-less attach or logs stream. */
  push(chunk) {
    if (!this.summary) this.demuxer.push(chunk);
  }
  /** Flushes final lines and closes the file. Idempotent. */
  end() {
    if (this.summary) return this.summary;
    this.splitters.stdout.end();
    this.splitters.stderr.end();
    this.summary = this.file?.close() ?? { totalBytes: 0, omittedBytes: 0 };
    return this.summary;
  }
};

// core/backends/docker/netns.ts
import { createHash } from "node:crypto";
var PROGRAM_PATH = "hold";
var IMAGE_REPO = "gantry-netns-holder";
var ROLE = "netns-holder";
var BASE = 4194304;
var ELF_HEADER = 64;
var PROGRAM_HEADER = 56;
var CODE = {
  x86_64: { machine: 62, words: [], bytes: [184, 34, 0, 0, 0, 15, 5, 235, 247] },
  aarch64: {
    machine: 183,
    words: [3531603968, 3531603969, 3531603970, 3531603971, 3531606312, 3556769793, 402653178]
  }
};
var ARCH_ALIASES = { amd64: "x86_64", x86_64: "x86_64", arm64: "aarch64", aarch64: "aarch64" };
function holderProgram(architecture) {
  const arch = ARCH_ALIASES[architecture.toLowerCase()];
  if (!arch) return void 0;
  const { machine, words, bytes } = CODE[arch];
  const code = bytes ? Buffer.from(bytes) : Buffer.alloc(words.length * 4);
  if (!bytes) words.forEach((word, i) => code.writeUInt32LE(word, i * 4));
  const size = ELF_HEADER + PROGRAM_HEADER + code.length;
  const elf = Buffer.alloc(size);
  elf.set([127, 69, 76, 70, 2, 1, 1, 0], 0);
  elf.writeUInt16LE(2, 16);
  elf.writeUInt16LE(machine, 18);
  elf.writeUInt32LE(1, 20);
  elf.writeBigUInt64LE(BigInt(BASE + ELF_HEADER + PROGRAM_HEADER), 24);
  elf.writeBigUInt64LE(BigInt(ELF_HEADER), 32);
  elf.writeUInt16LE(ELF_HEADER, 52);
  elf.writeUInt16LE(PROGRAM_HEADER, 54);
  elf.writeUInt16LE(1, 56);
  const ph = ELF_HEADER;
  elf.writeUInt32LE(1, ph);
  elf.writeUInt32LE(5, ph + 4);
  elf.writeBigUInt64LE(0n, ph + 8);
  elf.writeBigUInt64LE(BigInt(BASE), ph + 16);
  elf.writeBigUInt64LE(BigInt(BASE), ph + 24);
  elf.writeBigUInt64LE(BigInt(size), ph + 32);
  elf.writeBigUInt64LE(BigInt(size), ph + 40);
  elf.writeBigUInt64LE(0x10000n, ph + 48);
  code.copy(elf, ELF_HEADER + PROGRAM_HEADER);
  return elf;
}
function singleFileTar(name, content) {
  const header = Buffer.alloc(512);
  const field = (value, offset, length) => header.write(value.slice(0, length), offset, length, "ascii");
  const octal = (value, length) => value.toString(8).padStart(length - 1, "0") + "\0";
  field(name, 0, 100);
  field(octal(493, 8), 100, 8);
  field(octal(0, 8), 108, 8);
  field(octal(0, 8), 116, 8);
  field(octal(content.length, 12), 124, 12);
  field(octal(0, 12), 136, 12);
  field("        ", 148, 8);
  field("0", 156, 1);
  field("ustar\0", 257, 6);
  field("00", 263, 2);
  let sum2 = 0;
  for (const byte of header) sum2 += byte;
  field(`${sum2.toString(8).padStart(6, "0")}\0 `, 148, 8);
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(padded);
  return Buffer.concat([header, padded, Buffer.alloc(1024)]);
}
var NetnsPool = class {
  constructor(docker, options) {
    this.docker = docker;
    this.options = options;
  }
  docker;
  options;
  slots = [];
  image;
  /** Holders made so far (their names are numbered). */
  made = 0;
  /**
   * The holder image, made once per engine and program (its tag is the program's hash);
   * undefined when the engine's architecture has no holder program or the import failed.
   */
  holderImage() {
    this.image ??= (async () => {
      const { Arch } = await this.docker.version();
      const program = holderProgram(Arch);
      if (!program) return void 0;
      const tag = `${IMAGE_REPO}:${createHash("sha256").update(program).digest("hex").slice(0, 12)}`;
      const present = await this.docker.getImage(tag).inspect().then(() => true, () => false);
      if (!present) {
        const stream = await this.docker.importImage(
          // dockerode pipes whatever it is given as the request body.
          singleFileTar(PROGRAM_PATH, program),
          { repo: IMAGE_REPO, tag: tag.slice(IMAGE_REPO.length + 1), changes: [`LABEL ${LABEL_ROLE}=${ROLE}`] }
        );
        await readProgress(stream);
      }
      return tag;
    })().catch(() => void 0);
    return this.image;
  }
  /**
   * A slot for the container `owner` is about to create. `after`: containers running now that
   * will have exited before `owner` starts (its needs): one of their slots is taken as successor
   * if free of one. Else a slot nobody holds, else a new one. Undefined: no slots on this engine.
   */
  async claim(owner, after = /* @__PURE__ */ new Set()) {
    let slot = (after.size > 0 ? this.slots.find((s) => s.holder !== void 0 && after.has(s.holder) && s.successor === void 0) : void 0) ?? this.freeSlot();
    if (slot?.holder !== void 0) slot.successor = owner;
    else if (slot) slot.holder = owner;
    else {
      const image = await this.holderImage();
      if (!image) return void 0;
      slot = this.freeSlot();
      if (slot) slot.holder = owner;
      else {
        const made = { ready: this.startHolder(image, ++this.made), holder: owner };
        made.ready.catch(() => {
          const at = this.slots.indexOf(made);
          if (at >= 0) this.slots.splice(at, 1);
        });
        this.slots.push(made);
        slot = made;
      }
    }
    try {
      return { id: await slot.ready };
    } catch {
      this.release(owner);
      return void 0;
    }
  }
  /** A slot nobody holds (a successor is only ever set while there is a holder). */
  freeSlot() {
    return this.slots.find((s) => s.holder === void 0);
  }
  /** True when `owner` may start in its slot now (its predecessor has exited). */
  holds(owner) {
    return this.slots.some((s) => s.holder === owner);
  }
  /** `owner` has exited or was removed before it started: its slot goes to the successor, or is free. */
  release(owner) {
    for (const slot of this.slots) {
      if (slot.holder === owner) {
        slot.holder = slot.successor;
        slot.successor = void 0;
      } else if (slot.successor === owner) {
        slot.successor = void 0;
      }
    }
  }
  async startHolder(image, n) {
    const container = await this.docker.createContainer({
      name: `${this.options.namePrefix}-netns-${n}`,
      Image: image,
      Entrypoint: [`/${PROGRAM_PATH}`],
      Labels: { ...this.options.labels, [LABEL_ROLE]: ROLE },
      HostConfig: {
        NetworkMode: this.options.network,
        // docker-init as PID 1 passes SIGTERM on, so even a plain `docker stop` ends it at once.
        Init: true,
        ReadonlyRootfs: true,
        CapDrop: ["ALL"],
        SecurityOpt: ["no-new-privileges"],
        PidsLimit: 8,
        LogConfig: { Type: "none", Config: {} }
      }
    });
    await container.start();
    return container.id;
  }
};

// core/backends/docker/stats.ts
function watchStats(container) {
  const usage = { peakMemory: 0, cpuSeconds: 0 };
  let stream;
  let stopped = false;
  let pending = "";
  let samples = 0;
  const take = (sample) => {
    const mem = sample.memory_stats;
    if (!mem?.usage && !sample.cpu_stats?.cpu_usage?.total_usage) return;
    samples++;
    if (mem?.usage !== void 0) {
      const cache = mem.stats?.cache ?? mem.stats?.inactive_file ?? 0;
      usage.peakMemory = Math.max(usage.peakMemory, Math.max(0, mem.usage - cache));
    }
    const cpu = sample.cpu_stats?.cpu_usage?.total_usage;
    if (cpu !== void 0 && cpu / 1e9 > usage.cpuSeconds) usage.cpuSeconds = cpu / 1e9;
  };
  container.stats({ stream: true }).then((s) => {
    const readable = s;
    if (stopped) {
      destroy(readable);
      return;
    }
    stream = readable;
    readable.on("data", (chunk) => {
      pending += chunk.toString();
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (!line) continue;
        try {
          take(JSON.parse(line));
        } catch {
        }
      }
      if (pending.length > 1024 * 1024) pending = "";
    });
    readable.on("error", () => {
    });
  }).catch(() => {
  });
  return {
    current: () => ({ ...usage }),
    stop: () => {
      if (!stopped) {
        stopped = true;
        if (stream) destroy(stream);
      }
      if (samples === 0) return void 0;
      return { ...usage, cpuSeconds: Math.round(usage.cpuSeconds * 1e3) / 1e3 };
    }
  };
}
function destroy(stream) {
  const s = stream;
  s.removeAllListeners("data");
  s.on("error", () => {
  });
  s.destroy?.();
}

// core/backends/docker/executor.ts
var OUTPUT_MOUNT = "/.gantry";
var OUTPUT_FILE = `${OUTPUT_MOUNT}/output`;
var MAX_OUTPUT_FILE = 1024 * 1024;
var OUTPUT_DRAIN_MS = 2e3;
var OOM_EVENT_WAIT_MS = 300;
var DEFAULT_PREPARE_AHEAD = 4;
var DockerExecutor = class {
  constructor(options) {
    this.options = options;
    this.docker = options.docker;
    this.networkName = engineName("gantry", options.runId);
    this.labels = runLabels(options.runId, options.instance, options.owner ?? currentOwner());
    this.images = new ImageResolver(options.docker, {
      attempts: options.pullAttempts,
      backoffMs: options.pullBackoffMs,
      onEvent: (event) => this.emit(event)
    });
    this.netns = new NetnsPool(options.docker, {
      network: this.networkName,
      labels: this.labels,
      namePrefix: this.networkName
    });
  }
  options;
  docker;
  images;
  networkName;
  netns;
  stateDir;
  labels;
  attempts = /* @__PURE__ */ new Map();
  services = /* @__PURE__ */ new Map();
  /** Containers created (or being created) ahead of `start`, by unit id. */
  prepared = /* @__PURE__ */ new Map();
  /** Units hinted at by `prepare` and not created yet, oldest first. */
  hinted = /* @__PURE__ */ new Map();
  /** Async work in flight (attempts, services, removals): teardown waits for it. */
  inFlight = /* @__PURE__ */ new Set();
  closing = false;
  /** Attempts' output streams not closed yet. */
  attachedStreams = /* @__PURE__ */ new Set();
  setupDone;
  /** The run's `oom` events (setup to teardown): containers the engine reported, and who waits for one. */
  oom = { events: void 0, seen: /* @__PURE__ */ new Set(), waiters: /* @__PURE__ */ new Map() };
  teardownDone;
  /** The run's network: tasks reach services by their name on it. */
  get network() {
    return this.networkName;
  }
  /** The engine's name of one of the file's volumes for this run. */
  volumeName(name) {
    return engineName("gantry", this.options.runId, name);
  }
  /**
   * Creates the run's network and named volumes, and starts resolving every unit's image, all
   * in parallel (not awaited: a task whose image is local starts while another image pulls; a
   * failed pull fails only the tasks that need it). Throws a plain Error when the network or a
   * volume cannot be created: the run cannot go on.
   */
  setup(units = []) {
    this.setupDone ??= (async () => {
      const stateRoot = this.options.stateRoot ?? tmpdir();
      mkdirSync(stateRoot, { recursive: true });
      this.stateDir = realpathSync(mkdtempSync(join(stateRoot, stateFolderPrefix(this.options.runId))));
      writeStateRecord(this.stateDir, { runId: this.options.runId, instance: this.options.instance, owner: this.labels[LABEL_OWNER] });
      for (const image of new Set(units.map((u) => u.image))) void this.images.ensure(image);
      const labels = this.labels;
      await Promise.all([
        this.docker.createNetwork({ Name: this.networkName, Driver: "bridge", CheckDuplicate: true, Labels: labels }),
        ...this.options.volumes.map((name) => this.docker.createVolume({ Name: this.volumeName(name), Labels: labels })),
        // Made once per engine; never fails (without it tasks get endpoints of their own).
        units.some((u) => this.inSlot(u)) ? this.netns.holderImage() : void 0,
        this.watchOom()
      ]);
    })();
    return this.setupDone;
  }
  /**
   * Stops everything and removes every container, network and volume labelled with this run.
   * Attempts still running end as `cancelled` (their `onExit` is called before this resolves).
   * Idempotent; bounded in time (each engine call has a timeout); resolves with what the final
   * sweep removed.
   */
  teardown() {
    this.teardownDone ??= (async () => {
      this.closing = true;
      this.hinted.clear();
      this.images.close();
      for (const run of this.attempts.values()) {
        run.killReason ??= "cancel";
        if (run.graceTimer) clearTimeout(run.graceTimer);
      }
      for (const service of this.services.values()) this.closeService(service);
      const timeout = this.options.teardownCallTimeoutMs ?? 2e4;
      const first = await cleanupRun(this.docker, { runId: this.options.runId }, { callTimeoutMs: timeout }).catch(
        (error) => {
          this.emit({ type: "warning", message: `cleanup: ${oneLine(error)}` });
          return void 0;
        }
      );
      await withTimeout(Promise.allSettled([...this.inFlight]), timeout, () => new Error("timeout")).catch(() => {
      });
      const last = await cleanupRun(this.docker, { runId: this.options.runId }, { callTimeoutMs: timeout }).catch(
        (error) => {
          this.emit({ type: "warning", message: `cleanup: ${oneLine(error)}` });
          return { containers: 0, networks: 0, volumes: 0, errors: [oneLine(error)] };
        }
      );
      for (const run of this.attempts.values()) {
        this.finish(run, { status: "cancelled", message: "cancelled" });
      }
      for (const attached of [...this.attachedStreams]) destroy2(attached.stream);
      if (this.oom.events) destroy2(this.oom.events);
      for (const wake of this.oom.waiters.values()) wake();
      if (this.stateDir) rmSync2(this.stateDir, { recursive: true, force: true });
      return {
        containers: last.containers + (first?.containers ?? 0),
        networks: last.networks + (first?.networks ?? 0),
        volumes: last.volumes + (first?.volumes ?? 0),
        errors: [...first?.errors ?? [], ...last.errors]
      };
    })();
    return this.teardownDone;
  }
  prepare(unit) {
    if (this.closing || unit.kind !== "task" || this.prepared.has(unit.id) || this.hinted.has(unit.id)) return;
    if (unit.spec.expressions.some((e) => e.path[0] === "needs")) return;
    this.hinted.set(unit.id, unit);
    this.prepareNext();
  }
  /**
   * Creates hinted containers, oldest hint first, while fewer than `prepareAhead` wait to be
   * started. A wide batch hints at every ready task at once; creating them all would keep the
   * engine busy with creates while the first tasks are trying to start.
   */
  prepareNext() {
    const ahead = this.options.prepareAhead ?? DEFAULT_PREPARE_AHEAD;
    for (const [id, unit] of this.hinted) {
      if (this.closing || this.prepared.size >= ahead) return;
      this.hinted.delete(id);
      const created = this.track(
        (async () => {
          await this.setupDone;
          await this.images.ensure(unit.image);
          if (this.closing) return void 0;
          const attempt = { id: `${unit.id}#prepared`, unit, number: 1, memory: unit.memory, needsOutputs: {} };
          const created2 = await this.create(unit, attempt.memory, resolveAttempt(attempt), "task");
          created2.output = await this.attach(created2.container).catch(() => void 0);
          return created2;
        })().catch(() => void 0)
        // start() creates again and reports the real error
      );
      this.prepared.set(unit.id, { memory: unit.memory, created });
    }
  }
  start(attempt, onExit, onStarted) {
    const run = { attempt, onExit, onStarted, started: false, done: false };
    this.attempts.set(attempt.id, run);
    this.track(
      this.runAttempt(run).catch((error) => {
        this.finish(run, {
          status: run.killReason ? statusFor(run.killReason) : "failed",
          message: run.killReason && this.closing ? "cancelled" : `could not run the container: ${oneLine(error)}`
        });
      })
    );
  }
  kill(attemptId, reason) {
    const run = this.attempts.get(attemptId);
    if (!run || run.done || run.killReason) return;
    run.killReason = reason;
    if (run.started) this.signal(run);
  }
  startService(unit, callbacks) {
    const service = { unit, callbacks, stopped: false, state: "none" };
    this.services.set(unit.id, service);
    this.track(
      this.runService(service).catch((error) => {
        this.serviceFailed(service, `service ${unit.id} could not start: ${oneLine(error)}`);
      })
    );
  }
  stopService(unitId) {
    const service = this.services.get(unitId);
    if (!service || service.stopped) return;
    this.closeService(service);
    const created = service.created;
    if (created) this.track(this.remove(created));
  }
  // -------------------------------------------------------------------------------------------
  // Attempts
  async runAttempt(run) {
    const { attempt } = run;
    const unit = attempt.unit;
    await this.setupDone;
    if (run.killReason) return this.finish(run, notStarted(run.killReason));
    try {
      await this.images.ensure(unit.image);
    } catch (error) {
      return this.finish(run, { status: "failed", message: oneLine(error instanceof Error ? error.message : error) });
    }
    const created = await this.takePrepared(unit, attempt.memory, wroteOutputs(attempt)) ?? await this.create(unit, attempt.memory, resolveAttempt(attempt), "task");
    run.created = created;
    if (run.killReason || this.closing) {
      await this.remove(created);
      return this.finish(run, notStarted(run.killReason ?? "cancel"));
    }
    const capture = this.capture(unit.id, attempt.number);
    let stats;
    let state;
    let waitError;
    try {
      let attached = created.output && !created.output.closed ? created.output : void 0;
      if (created.output && !attached) destroy2(created.output.stream);
      created.output = attached ??= await this.attach(created.container);
      const output = attached.stream;
      const drained = drain(output, capture);
      await created.container.start();
      run.started = true;
      if (!run.done) this.callSafe(() => run.onStarted?.());
      stats = watchStats(created.container);
      if (run.killReason) this.signal(run);
      let exit;
      try {
        exit = await created.container.wait();
      } catch (error) {
        waitError = error;
      }
      if (waitError === void 0) this.netns.release(created.name);
      const usage = stats.stop();
      await withTimeout(drained, OUTPUT_DRAIN_MS, () => new Error("drain")).catch(() => destroy2(output));
      capture.end();
      if (waitError === void 0 && exit?.StatusCode === 0 && !exit.Error?.Message) {
        state = { ExitCode: 0, OOMKilled: false };
      } else {
        try {
          state = (await created.container.inspect()).State;
        } catch (error) {
          waitError ??= error;
        }
      }
      const oomEvent = state !== void 0 && state.ExitCode !== 0 && !state.OOMKilled && !run.killReason ? await this.oomEvent(created.container.id, state.ExitCode === 137 ? OOM_EVENT_WAIT_MS : 0) : false;
      const outputs = readOutputs(created.dir, unit);
      this.finish(run, this.outcome(run, state, waitError, usage, outputs, oomEvent));
    } finally {
      if (run.graceTimer) clearTimeout(run.graceTimer);
      stats?.stop();
      capture.end();
      await this.remove(created);
    }
  }
  outcome(run, state, waitError, usage, outputs, oomEvent = false) {
    const base = usage ? { usage } : {};
    if (Object.keys(outputs).length > 0) base.outputs = outputs;
    if (!state) {
      if (run.killReason) return { ...base, status: statusFor(run.killReason), message: killMessage(run, void 0) };
      return { ...base, status: "failed", message: `lost the container's state: ${oneLine(waitError)}` };
    }
    const exitCode = state.ExitCode;
    const signal = signalOf(exitCode);
    const withCode = { ...base, exitCode, ...signal ? { signal } : {} };
    if (run.killReason) {
      return { ...withCode, status: statusFor(run.killReason), message: killMessage(run, exitCode) };
    }
    const limit = run.created?.memory ?? run.attempt.memory;
    if ((state.OOMKilled || oomEvent) && exitCode !== 0) {
      return { ...withCode, status: "oom", message: `out of memory (limit ${formatBytes(limit)})` };
    }
    if (exitCode === 0) return { ...withCode, status: "succeeded" };
    if (state.Error) return { ...withCode, status: "failed", message: `exit code ${exitCode}: ${state.Error}` };
    if (signal) return { ...withCode, status: "killed", message: `killed by ${signal} (exit code ${exitCode})` };
    return { ...withCode, status: "failed", message: `exit code ${exitCode}` };
  }
  /**
   * Listens, for the whole run, to the engine's `oom` events of containers labelled with this
   * run. Never fails the setup: without it OOMKilled alone says what was an OOM kill.
   */
  async watchOom() {
    let events;
    try {
      events = await this.docker.getEvents({
        filters: { type: ["container"], event: ["oom"], label: [`${LABEL_RUN}=${this.options.runId}`] }
      });
    } catch (error) {
      this.emit({ type: "warning", message: `cannot watch the engine's oom events: ${oneLine(error)}` });
      return;
    }
    this.oom.events = events;
    events.on("error", () => {
    });
    if (this.closing) return destroy2(events);
    let pending = "";
    events.on("data", (chunk) => {
      pending += chunk.toString();
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        let id;
        try {
          const event = JSON.parse(line);
          id = event.Actor?.ID ?? event.id;
        } catch {
          continue;
        }
        if (!id) continue;
        this.oom.seen.add(id);
        this.oom.waiters.get(id)?.();
      }
    });
  }
  /** Whether the engine reported an `oom` event for container `id`, waiting up to `waitMs` for it. */
  oomEvent(id, waitMs) {
    if (this.oom.seen.delete(id)) return Promise.resolve(true);
    if (waitMs <= 0 || !this.oom.events || this.closing) return Promise.resolve(false);
    return new Promise((resolve2) => {
      const done = () => {
        clearTimeout(timer);
        this.oom.waiters.delete(id);
        resolve2(this.oom.seen.delete(id));
      };
      const timer = setTimeout(done, waitMs);
      this.oom.waiters.set(id, done);
    });
  }
  signal(run) {
    const container = run.created?.container;
    if (!container || run.done) return;
    run.sent = "SIGTERM";
    container.kill({ signal: "SIGTERM" }).catch(() => {
    });
    const grace = this.options.killGraceMs ?? 5e3;
    run.graceTimer = setTimeout(() => {
      if (run.done) return;
      run.sent = "SIGKILL";
      container.kill({ signal: "SIGKILL" }).catch(() => {
      });
    }, grace);
  }
  finish(run, outcome) {
    if (run.done) return;
    run.done = true;
    if (run.graceTimer) clearTimeout(run.graceTimer);
    this.attempts.delete(run.attempt.id);
    this.callSafe(() => run.onExit(outcome));
  }
  /** `stale`: the container was made without values the attempt has (its needs' outputs, as env). */
  async takePrepared(unit, memory, stale = false) {
    this.hinted.delete(unit.id);
    const entry = this.prepared.get(unit.id);
    if (!entry) return void 0;
    this.prepared.delete(unit.id);
    this.prepareNext();
    const created = await entry.created;
    if (!created) return void 0;
    if (stale || entry.memory !== memory || created.slotted && !this.netns.holds(created.name)) {
      await this.remove(created);
      return void 0;
    }
    return created;
  }
  // -------------------------------------------------------------------------------------------
  // Services
  async runService(service) {
    const { unit } = service;
    await this.setupDone;
    try {
      await this.images.ensure(unit.image);
    } catch (error) {
      return this.serviceFailed(service, `service ${unit.id}: ${error instanceof Error ? error.message : oneLine(error)}`);
    }
    if (service.stopped) return;
    const attempt = { id: `${unit.id}#service`, unit, number: 0, memory: unit.memory, needsOutputs: {} };
    const created = await this.create(unit, unit.memory, resolveAttempt(attempt), "service");
    service.created = created;
    if (service.stopped) return this.remove(created);
    const events = await this.docker.getEvents({
      filters: { type: ["container"], container: [created.container.id], event: ["health_status", "die"] }
    });
    service.events = events;
    let pending = "";
    events.on("data", (chunk) => {
      pending += chunk.toString();
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (!line) continue;
        let action = "";
        try {
          action = String(JSON.parse(line).Action ?? "");
        } catch {
          continue;
        }
        this.track(this.onServiceEvent(service, action).catch(() => {
        }));
      }
    });
    events.on("error", () => {
    });
    events.on("end", () => {
      if (!service.stopped && !this.closing) this.serviceFailed(service, `service ${unit.id}: lost the engine's event stream`);
    });
    service.capture = this.capture(unit.id, 0);
    const output = await created.container.attach({ stream: true, stdout: true, stderr: true });
    service.output = output;
    void drain(output, service.capture).then(() => service.capture?.end());
    if (service.stopped) return;
    await created.container.start();
    if (!unit.spec.health && !service.stopped && service.state === "none") {
      service.state = "healthy";
      this.callSafe(() => service.callbacks.healthy());
    }
  }
  async onServiceEvent(service, action) {
    if (service.stopped || service.state === "failed") return;
    const { unit } = service;
    if (action === "health_status: healthy") {
      if (service.state === "none") {
        service.state = "healthy";
        this.callSafe(() => service.callbacks.healthy());
      }
      return;
    }
    if (action !== "die" && action !== "health_status: unhealthy") return;
    let state;
    try {
      state = (await service.created.container.inspect()).State;
    } catch {
      state = void 0;
    }
    if (service.stopped) return;
    const when = service.state === "healthy" ? "" : " before it became healthy";
    const probe = lastProbe(state);
    const lines = service.capture?.last.get().slice(-5) ?? [];
    const output = lines.length > 0 ? `; last output: ${lines.join(" | ")}` : "";
    if (action === "die") {
      const code = state?.ExitCode;
      const how = state?.OOMKilled ? `ran out of memory (limit ${formatBytes(unit.memory)})` : `exited with code ${code ?? "unknown"}`;
      this.serviceFailed(service, `service ${unit.id} ${how}${when}${probe ? `; last health check: ${probe}` : ""}${output}`);
    } else {
      const retries = unit.spec.health?.retries;
      this.serviceFailed(
        service,
        `service ${unit.id} is unhealthy${retries ? ` (health check failed ${retries} times in a row)` : ""}${probe ? `; last health check: ${probe}` : ""}`
      );
    }
  }
  serviceFailed(service, message) {
    if (service.stopped || service.state === "failed") return;
    service.state = "failed";
    this.callSafe(() => service.callbacks.failed(message));
  }
  closeService(service) {
    service.stopped = true;
    if (service.events) destroy2(service.events);
    if (service.output) destroy2(service.output);
    service.capture?.end();
  }
  // -------------------------------------------------------------------------------------------
  // Containers
  async create(unit, memory, resolved, kind) {
    const spec = unit.spec;
    const name = engineName("gantry", this.options.runId, unit.id, Math.random().toString(36).slice(2, 8));
    if (!this.stateDir) throw new Error("the run was not set up");
    const dir = join(this.stateDir, name);
    mkdirSync(dir);
    chmodSync(dir, 511);
    writeNewFile(join(dir, "output"), "", { mode: 438 });
    chmodSync(join(dir, "output"), 438);
    const mounts = [{ Type: "bind", Source: dir, Target: OUTPUT_MOUNT, ReadOnly: false }];
    const hidden = [...this.options.binds?.hidden ?? [], this.stateDir];
    for (const mount of spec.volumes) {
      if (mount.kind === "volume") {
        if (!this.options.volumes.includes(mount.source)) {
          throw new Error(`volume "${mount.source}" is not declared under volumes:`);
        }
        mounts.push({ Type: "volume", Source: this.volumeName(mount.source), Target: mount.target, ReadOnly: mount.readOnly });
      } else {
        const bind = resolveBind(mount, { baseDir: this.options.baseDir, policy: this.options.binds?.policy ?? "trusted", hidden }, `${unit.kind} ${unit.id}`);
        if (!bind.ok) {
          rmSync2(dir, { recursive: true, force: true });
          throw new Error(`${bind.message} [${bind.code}]`);
        }
        mounts.push({ Type: "bind", Source: bind.source, Target: mount.target, ReadOnly: mount.readOnly });
        for (const target of bind.covers) mounts.push({ Type: "tmpfs", Source: "", Target: target, ReadOnly: true });
      }
    }
    const hostNetwork = spec.network === "host";
    const slot = this.inSlot(unit) ? await this.netns.claim(name, this.runningNeeds(unit)) : void 0;
    const env = { ...resolved.env, GANTRY_OUTPUT: OUTPUT_FILE };
    const health = kind === "service" ? spec.health : void 0;
    const options = {
      name,
      Image: normalizeReference(unit.image),
      Cmd: resolved.command,
      Entrypoint: resolved.entrypoint,
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      WorkingDir: resolved.workdir,
      User: resolved.user,
      Labels: { ...this.labels, [LABEL_UNIT]: unit.id },
      Tty: false,
      OpenStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Healthcheck: health ? {
        Test: health.command ? ["CMD", ...health.command] : ["CMD-SHELL", health.run ?? "true"],
        // The engine wants nanoseconds, and at least 1 ms for intervals (0 = its default).
        Interval: Math.max(1, health.interval) * 1e6,
        Timeout: Math.max(1, health.timeout) * 1e6,
        Retries: health.retries,
        StartPeriod: health.startPeriod * 1e6
      } : void 0,
      HostConfig: {
        ...cpuLimit(unit.cpus),
        Memory: memory > 0 ? memory : void 0,
        // Equal to Memory: no swap, so the limit means what it says and OOM is detected.
        MemorySwap: memory > 0 ? memory : void 0,
        PidsLimit: this.options.pidsLimit ?? 4096,
        Privileged: spec.privileged,
        SecurityOpt: spec.privileged ? [] : ["no-new-privileges"],
        CapAdd: spec.capAdd.length > 0 ? spec.capAdd : void 0,
        NetworkMode: hostNetwork ? "host" : slot ? `container:${slot.id}` : this.networkName,
        Mounts: mounts,
        Init: this.options.init ?? true,
        LogConfig: { Type: "json-file", Config: { "max-size": this.options.engineLogMaxSize ?? "10m", "max-file": "1" } }
      },
      NetworkingConfig: hostNetwork || slot ? void 0 : { EndpointsConfig: { [this.networkName]: { Aliases: [spec.name] } } }
    };
    try {
      const container = await this.docker.createContainer(options);
      return { container, name, dir, memory, slotted: slot !== void 0 };
    } catch (error) {
      this.netns.release(name);
      rmSync2(dir, { recursive: true, force: true });
      throw new Error(redact(oneLine(error), Object.values(resolved.env)));
    }
  }
  /**
   * Whether `unit` runs in a network slot: a task on the run's network that cannot change its
   * namespace for the next task (not privileged, no added capabilities).
   */
  inSlot(unit) {
    const { spec } = unit;
    return this.options.networkSlots !== false && unit.kind === "task" && spec.network !== "host" && !spec.privileged && spec.capAdd.length === 0;
  }
  /** Containers of `unit`'s needs that exist now: they exit before it can start. */
  runningNeeds(unit) {
    const names = /* @__PURE__ */ new Set();
    if (unit.needs.length === 0) return names;
    const needs = new Set(unit.needs);
    for (const run of this.attempts.values()) {
      if (run.created && needs.has(run.attempt.unit.id)) names.add(run.created.name);
    }
    return names;
  }
  /** Where one attempt's output goes (a service's: attempt 0): the live sink and its capped log file. */
  capture(unitId, attempt) {
    return new OutputCapture({
      filePath: this.callSafe(() => this.options.logs?.file?.(unitId, attempt)),
      capBytes: this.options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES,
      onLine: (stream, text) => this.callSafe(() => this.options.logs?.line(unitId, attempt, stream, text))
    });
  }
  /**
   * Attaches to a container's output. Until it is consumed the stream is paused; it is tracked
   * until it closes, so teardown can close the streams of prepared containers that never started
   * (the engine does not end those when it removes the container, and they would keep the
   * process alive).
   */
  async attach(container) {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const attached = { stream, closed: false };
    this.attachedStreams.add(attached);
    const close = () => {
      attached.closed = true;
      this.attachedStreams.delete(attached);
    };
    stream.on("end", close);
    stream.on("close", close);
    stream.on("error", close);
    if (this.closing) destroy2(stream);
    return attached;
  }
  async remove(created) {
    if (created.output) destroy2(created.output.stream);
    this.netns.release(created.name);
    try {
      await withTimeout(
        created.container.remove({ force: true, v: true }),
        this.options.teardownCallTimeoutMs ?? 2e4,
        () => new Error("timeout")
      );
    } catch (error) {
      if (!isGone(error) && !this.closing) this.emit({ type: "warning", message: `could not remove ${created.name}: ${oneLine(error)}` });
    }
    rmSync2(created.dir, { recursive: true, force: true });
  }
  // -------------------------------------------------------------------------------------------
  track(promise) {
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
  emit(event) {
    try {
      this.options.onEvent?.(event);
    } catch {
    }
  }
  callSafe(fn) {
    try {
      return fn();
    } catch (error) {
      this.emit({ type: "callback-error", error });
      return void 0;
    }
  }
};
var MIN_CPU_QUOTA_US = 25e3;
var CPU_PERIOD_US = 1e5;
var MAX_CPU_PERIOD_US = 1e6;
function cpuLimit(cpus2) {
  if (!(cpus2 > 0)) return {};
  if (cpus2 * CPU_PERIOD_US >= MIN_CPU_QUOTA_US) return { NanoCpus: Math.round(cpus2 * 1e9) };
  const period = Math.min(MAX_CPU_PERIOD_US, Math.ceil(MIN_CPU_QUOTA_US / cpus2));
  return { CpuPeriod: period, CpuQuota: Math.max(1e3, Math.round(cpus2 * period)) };
}
function statusFor(reason) {
  return reason === "timeout" ? "timeout" : reason === "cancel" ? "cancelled" : "killed";
}
function notStarted(reason) {
  const why = reason === "timeout" ? "timed out before it started" : reason === "cancel" ? "cancelled before it started" : "stopped before it started (fail-fast)";
  return { status: statusFor(reason), message: why };
}
function killMessage(run, exitCode) {
  const reason = run.killReason;
  const signal = exitCode === void 0 ? run.sent : signalOf(exitCode);
  const how = signal === "SIGKILL" && run.sent === "SIGKILL" ? "stopped with SIGKILL after SIGTERM was ignored" : signal ? `stopped with ${signal}` : exitCode !== void 0 ? `exited with code ${exitCode} after SIGTERM` : "stopped";
  if (reason === "timeout") {
    const limit = run.attempt.unit.timeout;
    return `timed out${limit !== void 0 ? ` after ${formatDuration(limit)}` : ""}; ${how}`;
  }
  if (reason === "cancel") return `cancelled; ${how}`;
  return `stopped by fail-fast; ${how}`;
}
function signalOf(exitCode) {
  if (exitCode === 137) return "SIGKILL";
  if (exitCode === 143) return "SIGTERM";
  const names = { 129: "SIGHUP", 130: "SIGINT", 131: "SIGQUIT", 134: "SIGABRT", 136: "SIGFPE", 139: "SIGSEGV", 141: "SIGPIPE" };
  return names[exitCode];
}
function lastProbe(state) {
  const log = state?.Health?.Log;
  const last = log && log.length > 0 ? log[log.length - 1] : void 0;
  if (!last) return void 0;
  const text = (last.Output ?? "").trim().replace(/\s+/g, " ");
  const clipped = text.length > 300 ? `\u2026${text.slice(-300)}` : text;
  return `exit ${last.ExitCode ?? "?"}${clipped ? `: ${clipped}` : ""}`;
}
function parseOutputs(text, declared) {
  const wanted = new Set(declared);
  const outputs = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([A-Za-z_][A-Za-z0-9_.-]*)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key2, delimiter] = heredoc;
      const value = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
      if (wanted.has(key2)) outputs[key2] = value.join("\n");
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (wanted.has(key)) outputs[key] = line.slice(eq + 1);
  }
  return outputs;
}
function readOutputs(dir, unit) {
  const declared = unit.spec.outputs.map((o) => o.name);
  if (declared.length === 0) return {};
  const bytes = readRegularFile(join(dir, "output"), MAX_OUTPUT_FILE);
  return bytes ? parseOutputs(bytes.toString("utf8"), declared) : {};
}
function wroteOutputs(attempt) {
  const needs = attempt.needsOutputs;
  for (const task in needs) for (const _ in needs[task]) return true;
  return false;
}
function redact(message, values) {
  let text = message;
  for (const value of [...new Set(values)].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {
    text = text.split(value).join("***");
    const line = value.replace(/\s+/g, " ").trim();
    if (line.length >= 4) text = text.split(line).join("***");
  }
  return text.length > 500 ? `${text.slice(0, 500)}\u2026` : text;
}
function drain(stream, capture) {
  return new Promise((resolve2) => {
    stream.on("data", (chunk) => capture.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk));
    stream.on("end", () => resolve2());
    stream.on("close", () => resolve2());
    stream.on("error", () => resolve2());
  });
}
function destroy2(stream) {
  const s = stream;
  s.on("error", () => {
  });
  s.destroy?.();
}

// core/report/run-document.ts
var RUN_DOCUMENT_VERSION = 1;

// core/report/critical-path.ts
function actualCriticalPath(units) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const ran = units.filter((u) => u.start !== void 0 && u.end !== void 0 && u.kind === "task");
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
        break;
      case "attempt-end": {
        const attempt = unit.attempts.find((a) => a.number === event.attempt);
        if (attempt) {
          attempt.end = event.at;
          attempt.outcome = event.outcome;
        }
        unit.status = event.willRetry ? "retrying" : event.outcome.status;
        unit.end = event.at;
        break;
      }
      case "service-start":
        unit.status = "running";
        unit.start ??= event.at;
        break;
      case "service-healthy":
        unit.healthy = event.at;
        break;
      case "service-stop":
        unit.end = event.at;
        if (event.failed) unit.reason = event.failed;
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

// core/report/usage-advice.ts
var MIB = 1024 * 1024;
var MIN_CPU_SAMPLE_MS = 2e3;
function usageAdvice(unit) {
  if (unit.kind !== "task") return [];
  const advice = [];
  const measured = unit.attempts.filter((a) => a.outcome?.usage && a.end !== void 0);
  const oom = unit.attempts.filter((a) => a.outcome?.status === "oom");
  if (oom.length > 0) {
    const limit = Math.max(...oom.map((a) => a.memory));
    advice.push({
      unit: unit.id,
      kind: "memory-oom",
      message: `ran out of memory at ${formatBytes(limit)}`,
      suggestion: `memory: ${formatBytes(roundUpMemory(limit * 2))}`
    });
  }
  if (measured.length === 0) return advice;
  const peak = Math.max(...measured.map((a) => a.outcome.usage.peakMemory));
  const last = measured[measured.length - 1];
  const request = last.memory;
  if (peak > 0 && oom.length === 0) {
    if (peak < request * 0.25 && request - peak >= 64 * MIB) {
      advice.push({
        unit: unit.id,
        kind: "memory-over",
        message: `asked ${formatBytes(request)}, peaked at ${formatBytes(peak)}`,
        suggestion: `memory: ${formatBytes(roundUpMemory(peak * 1.5))}`
      });
    } else if (peak >= request * 0.9) {
      advice.push({
        unit: unit.id,
        kind: "memory-tight",
        message: `peaked at ${formatBytes(peak)} of its ${formatBytes(request)} limit`,
        suggestion: `memory: ${formatBytes(roundUpMemory(peak * 1.5))}`
      });
    }
  }
  const long = measured.filter((a) => a.end - a.start >= MIN_CPU_SAMPLE_MS);
  if (long.length > 0) {
    const cpuSeconds = long.reduce((s, a) => s + a.outcome.usage.cpuSeconds, 0);
    const seconds = long.reduce((s, a) => s + (a.end - a.start) / 1e3, 0);
    const mean = cpuSeconds / seconds;
    const asked = unit.cpus;
    if (mean < asked * 0.25 && asked - mean >= 0.25) {
      advice.push({
        unit: unit.id,
        kind: "cpu-over",
        message: `asked ${cpus(asked)}, used ${formatCpus(mean)}`,
        suggestion: `cpus: ${formatCpus(Math.max(0.1, Math.ceil(mean * 1.5 * 10) / 10))}`
      });
    } else if (mean > asked * 1.5) {
      advice.push({
        unit: unit.id,
        kind: "cpu-under",
        message: `asked ${cpus(asked)}, used ${formatCpus(mean)}`,
        suggestion: `cpus: ${formatCpus(Math.ceil(mean * 10) / 10)}`
      });
    }
  }
  return advice;
}
function cpus(n) {
  return `${formatCpus(n)} ${n === 1 ? "cpu" : "cpus"}`;
}
function allUsageAdvice(units) {
  return units.flatMap(usageAdvice);
}
function roundUpMemory(bytes) {
  const step = bytes < 256 * MIB ? 16 * MIB : 64 * MIB;
  return Math.max(step, Math.ceil(bytes / step) * step);
}

// core/report/escape.ts
function markdownInline(text) {
  return sanitize(oneLine2(text), { sgr: "strip" }).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/([\\`*_{}[\]()#+!|~])/g, "\\$1");
}
function inlineCode(text) {
  return `\`${sanitize(oneLine2(text), { sgr: "strip" }).replace(/`/g, "'")}\``;
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
  const clean = options.multiline ? sanitize(text, { multiline: true, sgr: "strip" }) : sanitize(oneLine2(text), { sgr: "strip" });
  return clean.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
function mermaidText(text) {
  return text.replace(/#/g, "no.").replace(/[^\p{L}\p{M}\p{N} _.,=+\-()[\]/@]/gu, " ").replace(/\s+/g, " ").trim() || "_";
}
function oneLine2(text) {
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
    return [row(unit.id, unit.start, unit.end ?? doc.makespan, unit.kind === "service" ? "succeeded" : unit.status, critical, unit.kind)];
  }
  return unit.attempts.map(
    (a) => row(unit.attempts.length > 1 ? `${unit.id} (try ${a.number})` : unit.id, a.start, a.end ?? doc.makespan, a.outcome?.status ?? "running", critical, "task")
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
    `**Makespan** ${formatSeconds(doc.makespan)}${hasPrediction(doc) ? ` (plan predicted ${formatSeconds(doc.prediction.makespan)})` : ""}`,
    `**Capacity** ${capacityText(doc.capacity)}`
  ];
  if (doc.only) facts.push(`**Only** ${doc.only.map(inlineCode).join(", ")}`);
  out.push(facts.join(" \xB7 "), "");
  if (doc.error) out.push(`> **Stopped early:** ${markdownInline(doc.error)}`, "");
  if (!doc.complete) out.push("> This report is partial: the run had not finished when it was written.", "");
  out.push(counts(doc.units), "");
  out.push("| Task | Status | Attempts | Duration | Exit | Peak memory | Request | Note |");
  out.push("| --- | --- | --: | --: | --: | --: | --- | --- |");
  for (const unit of doc.units) out.push(row2(unit));
  out.push("");
  const gantt = renderGantt(doc);
  if (gantt) out.push(`${h}# Timeline`, "", gantt, "");
  const advice = allUsageAdvice(doc.units);
  if (advice.length > 0) {
    out.push(`${h}# Right-sizing`, "");
    for (const a of advice) out.push(`- **${markdownInline(a.unit)}**: ${markdownInline(a.message)} \u2192 consider ${inlineCode(a.suggestion)}`);
    out.push("");
  }
  const failedUnits = doc.units.filter((u) => ["failed", "oom", "timeout", "killed"].includes(u.status));
  for (const unit of failedUnits) {
    const attempt = unit.attempts[unit.attempts.length - 1];
    const tail = attempt?.logTail?.slice(-tailLines);
    if (!tail || tail.length === 0) continue;
    out.push(`<details><summary>${escapeHtml(unit.id)}: last ${tail.length} log lines (attempt ${attempt.number})</summary>`, "");
    out.push(codeFence(tail.join("\n")), "", "</details>", "");
  }
  return `${out.join("\n").trimEnd()}
`;
}
function counts(units) {
  const tasks = units.filter((u) => u.kind === "task");
  const by = /* @__PURE__ */ new Map();
  for (const u of tasks) by.set(u.status, (by.get(u.status) ?? 0) + 1);
  const parts = [...by.entries()].map(([status, n]) => `${n} ${status}`);
  return `${tasks.length} task${tasks.length === 1 ? "" : "s"}: ${parts.join(", ") || "none"}`;
}
function row2(unit) {
  const last = unit.attempts[unit.attempts.length - 1];
  const duration = unit.start !== void 0 && unit.end !== void 0 ? formatSeconds(unit.end - unit.start) : "";
  const exit = last?.outcome?.exitCode ?? "";
  const peaks = unit.attempts.map((a) => a.outcome?.usage?.peakMemory ?? 0);
  const peak = peaks.some((p) => p > 0) ? formatBytes(Math.max(...peaks)) : "";
  const name = unit.kind === "service" ? `${unit.id} (service)` : unit.id;
  const note = unit.reason ?? last?.outcome?.message ?? "";
  return `| ${markdownInline(name)} | ${STATUS_ICONS[unit.status] ?? ""} ${unit.status} | ${unit.attempts.length || ""} | ${duration} | ${exit} | ${peak} | ${formatCpus(unit.cpus)} cpu, ${formatBytes(unit.memory)} | ${markdownInline(note)} |`;
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
  for (const u of tasks) counts2.set(u.status, (counts2.get(u.status) ?? 0) + 1);
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
  \xB7 makespan <b>${formatSeconds(doc.makespan)}</b>${hasPrediction(doc) ? ` (plan predicted ${formatSeconds(doc.prediction.makespan)})` : ""}
  \xB7 capacity ${esc(capacityText(doc.capacity))}</p>
  <p class="counts">${[...counts2.entries()].map(([s, n]) => `<span class="pill" style="--c:${COLOR[s] ?? "#888"}">${n} ${esc(s)}</span>`).join(" ")}</p>
  ${doc.error ? `<p class="error">Stopped early: ${esc(doc.error)}</p>` : ""}
  ${doc.complete ? "" : '<p class="error">Partial report: the run had not finished when this was written.</p>'}
</header>
<section>
  <h2>Timeline</h2>
  ${timeline(doc)}
  <p class="legend">${["succeeded", "failed", "oom", "timeout", "killed", "cancelled", "service"].map((s) => `<span><i style="background:${COLOR[s]}"></i>${s}</span>`).join("")}<span><i class="crit"></i>critical path</span></p>
</section>
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
    parts.push(`<text x="${x(tick)}" y="${height - 6}" class="tick">${formatDuration2(tick)}</text>`);
  }
  units.forEach((unit, i) => {
    const y = i * ROW + 4;
    const crit = critical.has(unit.id);
    parts.push(`<text x="${LABEL - 8}" y="${y + 13}" class="label${crit ? " crit" : ""}">${esc(truncate(unit.id, 26))}</text>`);
    if (unit.start === void 0) {
      parts.push(`<text x="${LABEL + 4}" y="${y + 13}" class="none">${esc(unit.status)}${unit.reason ? `: ${esc(truncate(unit.reason, 80))}` : ""}</text>`);
      return;
    }
    if (unit.kind === "service" || unit.attempts.length === 0) {
      const end = unit.end ?? doc.makespan;
      parts.push(bar(x(unit.start), x(end), y, COLOR.service, crit, `${unit.id} (service): ${formatDuration2(end - unit.start)}${unit.reason ? ` \u2014 ${unit.reason}` : ""}`));
      if (unit.healthy !== void 0) parts.push(`<line x1="${x(unit.healthy)}" x2="${x(unit.healthy)}" y1="${y}" y2="${y + 16}" class="healthy"><title>healthy at ${formatDuration2(unit.healthy)}</title></line>`);
      return;
    }
    for (const a of unit.attempts) {
      const end = a.end ?? doc.makespan;
      const status = a.outcome?.status ?? "running";
      const tip = `${unit.id} attempt ${a.number}: ${status}${a.outcome?.message ? ` (${a.outcome.message})` : ""}, ${formatDuration2(end - a.start)}`;
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
  for (const tick of ticks(span)) parts.push(`<text x="${x(tick)}" y="${height - 4}" class="tick">${formatDuration2(tick)}</text>`);
  return `<svg class="capacity" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Capacity use over time">${parts.join("")}</svg>`;
}
function unitDetails(unit, doc, advice) {
  const open = ["failed", "oom", "timeout", "killed"].includes(unit.status) ? " open" : "";
  const duration = unit.start !== void 0 && unit.end !== void 0 ? formatDuration2(unit.end - unit.start) : "\u2014";
  const last = unit.attempts[unit.attempts.length - 1];
  return `<details class="unit"${open} id="${esc(anchor(unit.id))}">
<summary><i style="background:${COLOR[unit.kind === "service" && unit.status === "succeeded" ? "service" : unit.status] ?? "#888"}"></i><b>${esc(unit.id)}</b>${unit.kind === "service" ? ' <span class="sub">service</span>' : ""} <span class="status">${esc(unit.status)}</span> <span class="sub">${duration}${unit.reason ? ` \xB7 ${esc(unit.reason)}` : ""}</span></summary>
<p class="sub">requests ${formatCpus(unit.cpus)} cpus, ${formatBytes(unit.memory)}${unit.needs.length ? ` \xB7 needs ${unit.needs.map((n) => `<a href="#${esc(anchor(n))}">${esc(n)}</a>`).join(", ")}` : ""}${unit.allowFailure ? " \xB7 allowed to fail" : ""}${doc.criticalPath?.includes(unit.id) ? " \xB7 on the critical path" : ""}</p>
${advice.length ? `<ul class="advice">${advice.map((a) => `<li>${esc(a.message)} \u2192 consider <code>${esc(a.suggestion)}</code></li>`).join("")}</ul>` : ""}
${unit.attempts.length ? attemptsTable(unit.attempts) : ""}
${last?.logTail?.length ? `<p class="sub">Last ${last.logTail.length} log lines${last.log ? ` of <code>${esc(last.log)}</code>` : ""}:</p><pre>${escapeHtml(last.logTail.join("\n"), { multiline: true })}</pre>` : ""}
</details>`;
}
function attemptsTable(attempts) {
  const rows = attempts.map((a) => {
    const usage = a.outcome?.usage;
    const seconds = a.end !== void 0 ? (a.end - a.start) / 1e3 : void 0;
    const meanCpu = usage && seconds && seconds > 0 ? formatCpus(usage.cpuSeconds / seconds) : "";
    return `<tr><td>${a.number}</td><td>${formatDuration2(a.start)}</td><td>${a.end !== void 0 ? formatDuration2(a.end - a.start) : "running"}</td><td><span class="status" style="--c:${COLOR[a.outcome?.status ?? "running"]}">${esc(a.outcome?.status ?? "running")}</span> ${esc(a.outcome?.message ?? "")}</td><td>${a.outcome?.exitCode ?? ""}</td><td>${formatBytes(a.memory)}</td><td>${usage ? formatBytes(usage.peakMemory) : ""}</td><td>${usage ? usage.cpuSeconds.toFixed(2) : ""}</td><td>${meanCpu}</td><td>${a.log ? `<code>${esc(a.log)}</code>` : ""}</td></tr>`;
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
  const graph = options.only?.length ? selectOnly(options.validation.graph, options.only) : options.validation.graph;
  const env = options.env ?? process.env;
  const runId = options.runId ?? newRunId();
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(runId)) {
    throw new GantryError("run-id-invalid", `The run id "${runId}" is not usable: letters, digits, "_", "." and "-" only, starting with a letter or digit.`);
  }
  const instance = options.instance ?? defaultInstance(baseDir);
  const runsDir = options.runsDir === void 0 ? void 0 : resolve(options.runsDir);
  const defaultRuns = runsDir === void 0 || runsDir === join2(baseDir, ".gantry", "runs");
  const dir = join2(runsDir ?? join2(baseDir, ".gantry", "runs"), runId);
  const logsDir = join2(dir, "logs");
  const paths = {
    json: join2(dir, "report.json"),
    markdown: join2(dir, "report.md"),
    html: join2(dir, "report.html"),
    logs: {}
  };
  const signal = options.signal;
  const runsRoot = runFolders(baseDir, runsDir, defaultRuns);
  const hidden = realFolders([runsRoot]);
  const policy = options.policy ?? "trusted";
  const refused = checkHostBinds(options.validation.file, { baseDir, policy, hidden });
  if (refused.length > 0) {
    const first = refused[0];
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : "";
    throw new GantryError(first.code, `${first.message}${more}`, first.range);
  }
  const docker = await connectEngine(env);
  const swept = await sweepLeftovers(docker, { instance });
  for (const run of swept.removed) {
    options.onNotice?.(`removed what run ${run.runId} left behind (${describeRemoved(run.removed, run.folders)}): ${describeOwner(run)}`);
  }
  const capacity = resolveCapacity(options.capacity, options.validation.file.capacity, await engineCapacity(docker));
  const predicted = plan(graph, capacity);
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
    prediction
  });
  const writer = new ReportJsonWriter(paths.json, () => recorder.document);
  writer.writeNow();
  const logFiles = /* @__PURE__ */ new Map();
  const logFile = (unitId, attempt) => {
    const key = `${unitId}#${attempt}`;
    let file = logFiles.get(key);
    if (!file) {
      file = join2(logsDir, `${safeFileName(unitId)}.${attempt === 0 ? "service" : attempt}.log`);
      logFiles.set(key, file);
      if (attempt > 0) (paths.logs[unitId] ??= []).push(file);
    }
    return file;
  };
  const executor = new DockerExecutor({
    docker,
    runId,
    instance,
    baseDir,
    volumes: options.validation.file.volumes.map((v) => v.name),
    owner: currentOwner(),
    binds: { policy, hidden },
    logs: {
      line: (unitId, attempt, stream, text) => options.onLine?.(unitId, attempt, stream, text),
      file: logFile
    }
  });
  let result;
  let setupSettled = Promise.resolve();
  try {
    const cancelled = abortPromise(signal);
    const setup = executor.setup(graph.units).catch((error) => {
      if (error instanceof GantryError) throw error;
      throw new GantryError("engine-setup", `Could not prepare the run on the Docker engine: ${error instanceof Error ? error.message : String(error)}`);
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
      startOverhead: DEFAULT_START_OVERHEAD_MS,
      onEvent: (event) => {
        recorder.apply(event);
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
    result = await Promise.race([finished, cancelled.promise.then(() => void 0)]);
    if (!result) {
      result = await Promise.race([finished, delay(CANCEL_GRACE_MS)]);
      if (!result) {
        await executor.teardown().catch(() => void 0);
        result = await Promise.race([finished, delay(1e3)]) ?? resultFromDocument(recorder.document, "cancelled");
      }
    }
    cancelled.dispose();
  } catch (error) {
    recorder.fail(error instanceof Error ? error.message : String(error));
    throw error instanceof GantryError ? error : new GantryError("run-failed", `The run could not go on: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await Promise.race([setupSettled, delay(CANCEL_GRACE_MS)]);
    await executor.teardown().catch((error) => recorder.fail(`teardown: ${error instanceof Error ? error.message : String(error)}`));
    if (!result) writer.close();
  }
  for (const [key, file] of logFiles) {
    const [unitId, attempt] = splitKey(key);
    if (attempt > 0) recorder.setLog(unitId, attempt, relative(dir, file), readTail(file, TAIL_LINES));
  }
  const document = recorder.finish(result);
  writer.close();
  writeNewFile(paths.markdown, renderMarkdown(document));
  writeNewFile(paths.html, renderHtml(document));
  return { runId, instance, dir, result, graph, capacity, prediction, document, paths };
}
function runFolders(baseDir, runsDir, isDefault) {
  try {
    if (isDefault) {
      ensureDirs(baseDir, ".gantry", "runs");
      return join2(baseDir, ".gantry");
    }
    mkdirSync2(runsDir, { recursive: true });
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
  return `local-${createHash2("sha256").update(baseDir).digest("hex").slice(0, 10)}`;
}
function safeFileName(id) {
  return id.replace(/[^A-Za-z0-9._=-]+/g, "_");
}
function splitKey(key) {
  const at = key.lastIndexOf("#");
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
function readTail(file, lines) {
  let fd;
  try {
    fd = openSync2(file, constants2.O_RDONLY | constants2.O_NOFOLLOW);
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync2(fd, buffer, 0, length, size - length);
    const text = buffer.toString("utf8").replace(/\n$/, "");
    const all = text.split("\n");
    if (length < size) all.shift();
    return all.slice(-lines);
  } catch {
    return void 0;
  } finally {
    if (fd !== void 0) closeSync2(fd);
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
export {
  defaultInstance,
  newRunId,
  runBatch
};
