/**
 * The host side of `build:` (core/fields-build.ts): where a build context is, whether the policy
 * allows it, and the archive of it the engine builds from.
 *
 * - The context resolves against the batch file's folder, through every link (`realpath`); under
 *   `strict` its real path must stay inside the folder's real path (`policy-build-outside`). The
 *   Dockerfile's path stays inside the context by its text (the parser's
 *   `build-dockerfile-outside`), and the engine reads it from the archive, never from the host.
 * - The archive is a stream (a huge context is never held in memory): entries are read with
 *   `lstat`, so a link is sent as a link, never followed (the engine resolves it inside the
 *   context it was sent, which holds nothing else); a file is opened with `O_NOFOLLOW |
 *   O_NONBLOCK` and sent only when it is a regular file, so a FIFO cannot hang the build and a
 *   file swapped for a link after the walk is not followed; FIFOs, sockets and devices are left
 *   out (said in the build's log). `.dockerignore` is honoured (core/dockerignore.ts); the
 *   Dockerfile and the `.dockerignore` are always sent.
 * - A running task with a read-write bind of the context could swap a folder on the path for a
 *   link while the archive is made (`O_NOFOLLOW` guards only the last segment): every folder and
 *   file is opened first and read through its descriptor, and where the opened thing really is
 *   (`/proc/self/fd`) must lie in the context, or it is left out.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, statSync, constants } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { Diagnostic } from '../diagnostics';
import type { BatchFile, BuildSpec, Policy } from '../model';
import { allUnits } from '../checks/context';
import { DescribeUnit, fieldValueRange } from '../checks/ranges';
import { parseDockerignore, type IgnoreMatcher } from '../dockerignore';
import { isWithin, openedWithin, readRegularFile } from './files';

const { O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK, O_RDONLY } = constants;

/** The largest `.dockerignore` read (bytes). */
const MAX_DOCKERIGNORE = 1024 * 1024;
/** Read size for files in the archive. */
const CHUNK = 256 * 1024;

export interface BuildContextRules {
  /** The batch file's folder. */
  baseDir: string;
  policy: Policy;
}

export type ResolvedContext =
  | { ok: true; /** Real path of the context folder. */ dir: string; /** The Dockerfile, `/`-separated, relative to the context. */ dockerfile: string }
  | { ok: false; code: string; message: string };

/** Resolves and judges one build's context (see the module's comment). `who` starts the messages. */
export function resolveBuildContext(build: BuildSpec, rules: BuildContextRules, who = 'A unit'): ResolvedContext {
  const path = resolve(rules.baseDir, build.context);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return { ok: false, code: 'build-context-missing', message: `${who} builds from "${build.context}", which does not exist (${path}).` };
  }
  const via = real === path ? '' : `, which is ${real} on this machine,`;
  if (!statSync(real).isDirectory()) {
    return { ok: false, code: 'build-context-missing', message: `${who} builds from "${build.context}"${via} which is not a folder.` };
  }
  if (rules.policy === 'strict') {
    let workspace: string;
    try {
      workspace = realpathSync(rules.baseDir);
    } catch {
      workspace = rules.baseDir;
    }
    if (!isWithin(real, workspace)) {
      return {
        ok: false,
        code: 'policy-build-outside',
        message: `${who} builds from "${build.context}"${via} outside the batch file's folder. The strict policy refuses it (the file is not trusted).`,
      };
    }
  }
  return { ok: true, dir: real, dockerfile: posix.normalize((build.dockerfile ?? 'Dockerfile').replace(/\\/g, '/')) };
}

/** Diagnostics for every build context of `file` that `resolveBuildContext` refuses, at the context as written. */
export function checkHostBuilds(file: BatchFile, rules: BuildContextRules): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const spec of allUnits(file)) {
    if (!spec.build) continue;
    const resolved = resolveBuildContext(spec.build, rules, DescribeUnit(spec));
    if (resolved.ok) continue;
    const range = spec.fields['build.context']?.value ?? fieldValueRange(spec, 'build');
    diagnostics.push({ code: resolved.code, message: resolved.message, severity: 'error', range });
  }
  return diagnostics;
}

/** The names in a folder of the context, read through a descriptor that is checked to lie in it. */
function listFolder(dir: string, folder: string): string[] {
  const fd = openSync(join(dir, folder), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  try {
    if (!openedWithin(fd, dir)) throw new Error('it now leads out of the context (replaced by a link)');
    try {
      return readdirSync(`/proc/self/fd/${fd}`);
    } catch {
      return readdirSync(join(dir, folder));
    }
  } finally {
    closeSync(fd);
  }
}

export interface PackOptions {
  /** The Dockerfile, relative to the context: always sent. */
  dockerfile: string;
  /** A line for the build's log about something left out (a FIFO, a device, an unreadable file). */
  onSkip?(message: string): void;
}

/** The context folder `dir` (a real path) as a tar stream, produced as it is read. */
export function packContext(dir: string, options: PackOptions): Readable {
  const text = readRegularFile(join(dir, '.dockerignore'), MAX_DOCKERIGNORE);
  const ignore = text ? parseDockerignore(text.toString('utf8')) : undefined;
  return Readable.from(entries(dir, ignore, { ...options, dir }), { objectMode: false });
}

async function* entries(dir: string, ignore: IgnoreMatcher | undefined, options: PackOptions & { dir: string }): AsyncGenerator<Buffer> {
  const always = new Set([options.dockerfile, '.dockerignore']);
  // Folders to walk, depth first, each with its path in the archive ('' for the context).
  const stack: string[] = [''];
  while (stack.length > 0) {
    const folder = stack.pop()!;
    let names: string[];
    try {
      names = listFolder(dir, folder).sort();
    } catch (error) {
      options.onSkip?.(`left out ${folder || '.'}/: ${(error as Error).message}`);
      continue;
    }
    const subfolders: string[] = [];
    for (const name of names) {
      const relative = folder ? `${folder}/${name}` : name;
      const full = join(dir, relative);
      let stat;
      try {
        stat = lstatSync(full);
      } catch {
        continue; // gone since the listing
      }
      const excluded = ignore?.excluded(relative) === true && !always.has(relative);
      if (stat.isDirectory()) {
        // An excluded folder is still walked when an exception may bring back something in it.
        if (excluded && !ignore!.hasExceptions && ![...always].some((a) => a.startsWith(`${relative}/`))) continue;
        if (!excluded) yield header({ name: `${relative}/`, type: '5', mode: stat.mode, size: 0, mtime: stat.mtimeMs });
        subfolders.push(relative);
      } else if (excluded) {
        continue;
      } else if (stat.isSymbolicLink()) {
        let target: string;
        try {
          target = readlinkSync(full);
        } catch {
          continue;
        }
        yield header({ name: relative, type: '2', mode: stat.mode, size: 0, mtime: stat.mtimeMs, linkname: target });
      } else if (stat.isFile()) {
        yield* regularFile(full, relative, options);
      } else {
        const what = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : 'a device';
        options.onSkip?.(`left out ${relative}: ${what}, not a regular file`);
      }
    }
    // Depth first in name order: push in reverse.
    for (let k = subfolders.length - 1; k >= 0; k--) stack.push(subfolders[k]);
  }
  yield Buffer.alloc(1024); // end of archive
}

/** A regular file's header and content; opened without following links, checked after opening. */
async function* regularFile(full: string, relative: string, options: PackOptions & { dir: string }): AsyncGenerator<Buffer> {
  let fd: number;
  try {
    fd = openSync(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    options.onSkip?.(`left out ${relative}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      options.onSkip?.(`left out ${relative}: not a regular file`);
      return;
    }
    if (!openedWithin(fd, options.dir)) {
      options.onSkip?.(`left out ${relative}: it now leads out of the context (a folder on its path was replaced by a link)`);
      return;
    }
    const size = stat.size;
    yield header({ name: relative, type: '0', mode: stat.mode, size, mtime: stat.mtimeMs });
    let sent = 0;
    while (sent < size) {
      const buffer = Buffer.alloc(Math.min(CHUNK, size - sent));
      const n = readSync(fd, buffer, 0, buffer.length, sent);
      if (n === 0) {
        // Shrunk while read: the header said `size`, so the rest is zeros.
        yield Buffer.alloc(size - sent);
        sent = size;
        break;
      }
      sent += n;
      yield n === buffer.length ? buffer : buffer.subarray(0, n);
    }
    const pad = (512 - (size % 512)) % 512;
    if (pad) yield Buffer.alloc(pad);
  } finally {
    closeSync(fd);
  }
}

interface Header {
  name: string;
  /** `0` file, `2` symbolic link, `5` folder. */
  type: '0' | '2' | '5';
  mode: number;
  size: number;
  mtime: number;
  linkname?: string;
}

/**
 * A ustar header, preceded by a PAX extended header when the name or link does not fit (or is
 * not ASCII). Owner and group are 0: a build's COPY gives files to root unless told otherwise.
 */
function header(h: Header): Buffer {
  const pax: string[] = [];
  const fits = (s: string, max: number) => Buffer.byteLength(s) <= max && /^[\x20-\x7e]*$/.test(s);
  let name = h.name;
  let prefix = '';
  if (!fits(name, 100)) {
    const cut = name.lastIndexOf('/', name.length - 2);
    if (cut > 0 && fits(name.slice(0, cut), 155) && fits(name.slice(cut + 1), 100)) {
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    } else {
      pax.push(record('path', h.name));
      name = name.replace(/[^\x20-\x7e]/g, '_').slice(-100);
    }
  }
  let linkname = h.linkname ?? '';
  if (!fits(linkname, 100)) {
    pax.push(record('linkpath', linkname));
    linkname = '';
  }
  if (h.size > 0o77777777777) pax.push(record('size', String(h.size)));
  const block = ustar({ ...h, name, linkname, prefix });
  if (pax.length === 0) return block;
  const body = Buffer.from(pax.join(''));
  const paxHeader = ustar({ name: 'PaxHeader', type: 'x', mode: 0o644, size: body.length, mtime: h.mtime, linkname: '', prefix: '' });
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([paxHeader, body, pad, block]);
}

/** One PAX record: `LEN key=value\n`, LEN counting itself. */
function record(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

function ustar(h: { name: string; type: string; mode: number; size: number; mtime: number; linkname: string; prefix: string }): Buffer {
  const b = Buffer.alloc(512);
  const octal = (value: number, offset: number, length: number) => {
    b.write(`${Math.floor(value).toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
  };
  b.write(h.name, 0, 100, 'utf8');
  octal(h.mode & 0o7777, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(h.size > 0o77777777777 ? 0 : h.size, 124, 12);
  octal(Math.max(0, h.mtime / 1000), 136, 12);
  b.write('        ', 148, 8, 'ascii');
  b.write(h.type, 156, 1, 'ascii');
  b.write(h.linkname, 157, 100, 'utf8');
  b.write('ustar\u000000', 257, 8, 'binary');
  b.write(h.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += b[i];
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return b;
}
