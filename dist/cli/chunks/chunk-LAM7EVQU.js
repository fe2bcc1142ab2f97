#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);

// core/host/files.ts
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { isAbsolute, join, posix, relative } from "node:path";
var { O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_WRONLY } = constants;
var UnsafePathError = class extends Error {
  constructor(path, why) {
    super(`refusing to use ${path}: ${why}`);
    this.path = path;
  }
  path;
  name = "UnsafePathError";
};
function ensureDirs(root, ...segments) {
  let path = root;
  for (const segment of segments) {
    path = join(path, segment);
    try {
      mkdirSync(path);
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) throw new UnsafePathError(path, "it is a symbolic link");
    if (!stat.isDirectory()) throw new UnsafePathError(path, "it is not a folder");
  }
  return path;
}
function makeFreshDir(path, mode = 493) {
  try {
    mkdirSync(path, { mode });
  } catch (error) {
    if (error.code === "EEXIST") throw new UnsafePathError(path, "it already exists");
    throw error;
  }
  return path;
}
function openNewFile(path, options = {}) {
  if (options.replace) {
    try {
      unlinkSync(path);
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
    }
  }
  try {
    return openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, options.mode ?? 420);
  } catch (error) {
    const code = error.code;
    if (code === "EEXIST" || code === "ELOOP") throw new UnsafePathError(path, "something else already stands there");
    throw error;
  }
}
function writeNewFile(path, data, options = {}) {
  const fd = openNewFile(path, options);
  try {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  } finally {
    closeSync(fd);
  }
}
function readRegularFile(path, maxBytes) {
  let fd;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
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

export {
  UnsafePathError,
  ensureDirs,
  makeFreshDir,
  openNewFile,
  writeNewFile,
  readRegularFile,
  isWithin,
  coveredTargets
};
