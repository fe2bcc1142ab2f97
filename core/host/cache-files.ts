/**
 * The files a task's `cache.key` names, read for its cache key (core/cache-key.ts): paths and
 * globs relative to the batch file's folder, read without ever following a link.
 *
 * - A pattern without `*`, `?` or `[` names one path: a file, or a folder standing for every file
 *   under it. With them it is a glob over the folder's files (`*` and `?` within one name, `**`
 *   any number of folders), matched against `/`-separated relative paths.
 * - Every folder is walked with `lstat`: a link is never followed. Under the `strict` policy a link
 *   met anywhere (the path itself, a folder on the way, a file a glob matches) is refused
 *   (`cache-key-link`): a fork could point it at a host file and learn, from hits and misses,
 *   what it holds. Otherwise a link counts as its target's text.
 * - `.gantry/` (Gantry's own runs, history and cache) is never part of a key.
 * - A path that does not exist, or a glob that matches no file, is an error
 *   (`cache-key-missing`): a key that silently lost a file would hit when it should not.
 * - Bounded: at most `MAX_FILES` files and `MAX_BYTES` read per key (`cache-key-too-large`).
 *
 * Errors are `GantryError`s at the pattern's place in the file.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { GantryError } from '../diagnostics';
import type { CacheKeyFile } from '../cache-key';
import type { CacheEntry, Policy } from '../model';

export const CACHE_KEY_LIMITS = {
  /** Files one task's key may read. */
  maxFiles: 100_000,
  /** Bytes one task's key may read. */
  maxBytes: 2 * 1024 * 1024 * 1024,
};

export interface CacheFilesOptions {
  baseDir: string;
  policy: Policy;
  /** Names the task in messages: `Task "build"`. */
  who: string;
  limits?: typeof CACHE_KEY_LIMITS;
}

/** The files of `patterns`, each once, sorted by path. Throws a positioned `GantryError`. */
export function cacheKeyFiles(patterns: readonly CacheEntry[], options: CacheFilesOptions): CacheKeyFile[] {
  const limits = options.limits ?? CACHE_KEY_LIMITS;
  const found = new Map<string, CacheKeyFile>();
  const budget = { files: 0, bytes: 0 };
  for (const pattern of patterns) {
    const before = found.size;
    const add = (rel: string, abs: string, link: boolean) => {
      if (found.has(rel)) return;
      if (link && options.policy === 'strict') {
        throw new GantryError('cache-key-link', `${options.who}: cache.key "${pattern.value}" reaches "${rel}", a symbolic link. The strict policy refuses links in a cache key (the file is not trusted).`, pattern.range);
      }
      if (++budget.files > limits.maxFiles) throw tooLarge(options.who, pattern, `more than ${limits.maxFiles} files`);
      const file = link ? linkEntry(rel, abs) : fileEntry(rel, abs, budget, limits.maxBytes, () => tooLarge(options.who, pattern, `more than ${limits.maxBytes} bytes`));
      found.set(rel, file);
    };
    const parts = pattern.value.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
    if (!/[*?[]/.test(pattern.value)) {
      // One path: each folder on the way must be a real folder.
      let abs = options.baseDir;
      for (let i = 0; i < parts.length; i++) {
        abs = join(abs, parts[i]);
        const stat = lstatOrUndefined(abs);
        const rel = parts.slice(0, i + 1).join('/');
        if (!stat) throw missing(options.who, pattern);
        if (stat.isSymbolicLink()) {
          if (i === parts.length - 1) add(rel, abs, true);
          else if (options.policy === 'strict') add(rel, abs, true);
          else throw new GantryError('cache-key-link', `${options.who}: cache.key "${pattern.value}" goes through "${rel}", a symbolic link; links are never followed. Name the files behind it instead.`, pattern.range);
          break;
        }
        if (i === parts.length - 1) {
          if (stat.isDirectory()) walk(abs, rel, (r, a, l) => add(r, a, l));
          else if (stat.isFile()) add(rel, abs, false);
          else throw missing(options.who, pattern, 'is neither a file nor a folder');
        } else if (!stat.isDirectory()) throw missing(options.who, pattern);
      }
      if (parts.length === 0) walk(options.baseDir, '', (r, a, l) => add(r, a, l));
    } else {
      const regex = globRegex(parts.join('/'));
      walk(options.baseDir, '', (rel, abs, link) => {
        if (regex.test(rel)) add(rel, abs, link);
      });
    }
    if (found.size === before && !alreadyMatched(pattern, found)) throw missing(options.who, pattern);
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A pattern that added nothing new may still have matched files an earlier pattern added. */
function alreadyMatched(pattern: CacheEntry, found: ReadonlyMap<string, CacheKeyFile>): boolean {
  const parts = pattern.value.split(/[\\/]+/).filter((p) => p !== '' && p !== '.').join('/');
  if (!/[*?[]/.test(pattern.value)) return [...found.keys()].some((p) => p === parts || p.startsWith(`${parts}/`) || parts === '');
  const regex = globRegex(parts);
  return [...found.keys()].some((p) => regex.test(p));
}

/** Every file and link under `abs` (relative paths `/`-separated), never following a link, skipping `.gantry`. */
function walk(abs: string, rel: string, visit: (rel: string, abs: string, link: boolean) => void): void {
  let names: string[];
  try {
    names = readdirSync(abs).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (rel === '' && name === '.gantry') continue;
    const childAbs = join(abs, name);
    const childRel = rel === '' ? name : `${rel}/${name}`;
    const stat = lstatOrUndefined(childAbs);
    if (!stat) continue;
    if (stat.isSymbolicLink()) visit(childRel, childAbs, true);
    else if (stat.isDirectory()) walk(childAbs, childRel, visit);
    else if (stat.isFile()) visit(childRel, childAbs, false);
    // FIFOs, sockets, devices: not content.
  }
}

/** A glob as a regular expression over `/`-separated relative paths. */
export function globRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` : any number of folders (none too); `**` at the end: anything.
      if (glob[i + 2] === '/') {
        out += '(?:[^/]+/)*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function linkEntry(rel: string, abs: string): CacheKeyFile {
  const target = readlinkSync(abs);
  return { path: rel, kind: 'link', size: Buffer.byteLength(target), sha256: createHash('sha256').update(target).digest('hex') };
}

function fileEntry(rel: string, abs: string, budget: { bytes: number }, maxBytes: number, over: () => Error): CacheKeyFile {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw over();
    const hash = createHash('sha256');
    const buffer = Buffer.alloc(1024 * 1024);
    let size = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      size += n;
      budget.bytes += n;
      if (budget.bytes > maxBytes) throw over();
      hash.update(buffer.subarray(0, n));
    }
    return { path: rel, kind: 'file', size, sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

function missing(who: string, pattern: CacheEntry, what = 'matches no file'): GantryError {
  const glob = /[*?[]/.test(pattern.value);
  return new GantryError(
    'cache-key-missing',
    `${who}: cache.key "${pattern.value}" ${glob ? 'matches no file' : what === 'matches no file' ? 'does not exist' : what} in the batch file's folder. A cache key that silently lost a file could hit when it should not.`,
    pattern.range,
    'Fix the path or glob, or remove it from cache.key.',
  );
}

function tooLarge(who: string, pattern: CacheEntry, what: string): GantryError {
  return new GantryError('cache-key-too-large', `${who}: cache.key reads ${what} (at "${pattern.value}"); name fewer files.`, pattern.range);
}
