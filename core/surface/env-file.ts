/**
 * Dotenv files for local runs — the batch file's `env-file:` and `gantry run --env-file FILE` —
 * standing in for what a workflow's `env:` gives the action: the values `secrets:` and
 * `${{ env.NAME }}` read. Lowest to highest: the files of `env-file:` (in order), `--env-file`,
 * the environment Gantry runs in (as docker compose: the shell wins).
 *
 * The format, as docker compose reads it without interpolation: one `NAME=VALUE` per line,
 * optionally after `export `; blank lines and lines starting with `#` are skipped; a value in
 * single quotes is taken as written, one in double quotes understands `\n`, `\t`, `\"` and `\\`
 * (and may span lines); an unquoted value ends at ` #` (a comment) and is trimmed. `$VAR` is not
 * expanded. A line that is none of these is an error naming its line.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { GantryError, type Diagnostic } from '../diagnostics';
import type { BatchFile, Policy } from '../model';
import { isInside } from '../checks/policy';
import { isWithin, openedWithin } from '../host/files';

const { O_NOFOLLOW, O_NONBLOCK, O_RDONLY } = constants;

/** Largest env file read: configuration, not data. */
const MAX_ENV_FILE = 1024 * 1024;

/** The variables of a dotenv text, or the first problem with its 1-based line. */
export function parseEnvFile(text: string): { env: Record<string, string> } | { line: number; message: string } {
  // No prototype: a line `__proto__=x` is a variable like any other.
  const env: Record<string, string> = Object.create(null) as Record<string, string>;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) return { line: i + 1, message: 'not NAME=VALUE' };
    const [, name, rest] = match;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { line: i + 1, message: `"${name}" is not a variable name (letters, digits and "_")` };
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end < 0) return { line: i + 1, message: 'the single quote is not closed on this line' };
      env[name] = rest.slice(1, end);
    } else if (rest.startsWith('"')) {
      // A double-quoted value may go on over the next lines until its closing quote.
      // Each line is scanned once (a quote left open over many lines must not cost their square).
      const parts = [rest.slice(1)];
      const start = i;
      let closed = closingQuote(parts[0]);
      while (closed < 0 && i + 1 < lines.length) {
        // A backslash ending a line escapes only the line break: the next line is read afresh.
        const next = lines[++i];
        parts.push(next);
        closed = closingQuote(next);
      }
      if (closed < 0) return { line: start + 1, message: 'the double quote is not closed' };
      parts[parts.length - 1] = parts[parts.length - 1].slice(0, closed);
      env[name] = parts.join('\n').replace(/\\([nt"\\])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    } else {
      const comment = rest.search(/\s#/);
      env[name] = (comment >= 0 ? rest.slice(0, comment) : rest).trim();
    }
  }
  return { env };
}

/** The index of the first `"` not escaped by a backslash, or -1. */
function closingQuote(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Why an env file's text could not be had; `missing` is only a warning for `env-file:`. */
type EnvText =
  | { ok: true; text: string }
  | { ok: false; kind: 'missing' | 'invalid' | 'policy'; why: string };

/**
 * The text of the env file at `path` (absolute), never hanging and never reading more than 1 MiB:
 * opened with `O_NONBLOCK` (a FIFO opens at once, and is then refused as not a regular file) and
 * judged on the open descriptor. With `strictBase` (the real path of the batch file's folder, under
 * `strict`) the file must also be a regular file that is not a symbolic link (`O_NOFOLLOW`), whose
 * folder, through every link, and whose open descriptor lie inside that folder: a link swapped in
 * between the checks and the open is refused, not followed.
 */
function readEnvText(path: string, strictBase?: string): EnvText {
  const missing = (): EnvText => ({ ok: false, kind: 'missing', why: 'no such file' });
  const invalid = (why: string): EnvText => ({ ok: false, kind: 'invalid', why });
  const policy = (why: string): EnvText => ({ ok: false, kind: 'policy', why });
  const failed = (error: unknown): EnvText => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return missing();
    if (code === 'ELOOP' && strictBase !== undefined) return policy('is a symbolic link');
    return invalid(`cannot be read (${code ?? 'unknown error'})`);
  };
  const notRegular = (stat: Stats): EnvText | undefined => {
    if (stat.isFile()) return undefined;
    if (stat.isDirectory()) return invalid('is a folder, not a dotenv file');
    const what = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a regular file';
    return strictBase !== undefined ? policy(`is ${what}, not a regular file`) : invalid(what === 'not a regular file' ? what : `is ${what}, not a regular file`);
  };
  if (strictBase !== undefined) {
    let folder: string;
    try {
      folder = realpathSync(dirname(path));
    } catch (error) {
      return failed(error);
    }
    const real = join(folder, basename(path));
    if (!isWithin(real, strictBase)) return policy(`is ${real} on this machine, outside the batch file's folder`);
    let stat: Stats;
    try {
      stat = lstatSync(path);
    } catch (error) {
      return failed(error);
    }
    if (stat.isSymbolicLink()) return policy('is a symbolic link');
    const refused = notRegular(stat);
    if (refused) return refused;
  }
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NONBLOCK | (strictBase !== undefined ? O_NOFOLLOW : 0));
  } catch (error) {
    return failed(error);
  }
  try {
    const stat = fstatSync(fd);
    const refused = notRegular(stat);
    if (refused) return refused;
    if (strictBase !== undefined && !openedWithin(fd, strictBase)) return policy("now leads outside the batch file's folder (replaced while it was opened)");
    const tooLarge = invalid(`is larger than ${MAX_ENV_FILE / 1024 / 1024} MiB`);
    if (stat.size > MAX_ENV_FILE) return tooLarge;
    // One byte past the limit at most, whatever the size said (a file still growing).
    const bytes = Buffer.allocUnsafe(MAX_ENV_FILE + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_ENV_FILE) return tooLarge;
    }
    const content = bytes.subarray(0, length);
    if (content.includes(0)) return invalid('holds NUL bytes, so it is not a text file');
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(content) };
    } catch {
      return invalid('is not UTF-8 text');
    }
  } catch (error) {
    return failed(error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the env file at `path` (absolute) for `--env-file`. Throws a `GantryError`
 * (`env-file-invalid`) naming the file as `shown` and the line; never quotes a value (the file may
 * hold secrets). The flag is the user's own: any readable regular file, links followed.
 */
export function readEnvFile(path: string, shown: string): Record<string, string> {
  const read = readEnvText(path);
  if (!read.ok) throw new GantryError('env-file-invalid', `--env-file ${shown}: ${read.why}.`);
  const parsed = parseEnvFile(read.text);
  if ('line' in parsed) throw new GantryError('env-file-invalid', `--env-file ${shown}:${parsed.line}: ${parsed.message}.`);
  return parsed.env;
}

export interface EnvFileRules {
  /** The batch file's folder (absolute): the paths are relative to it; under strict, files stay in it. */
  baseDir: string;
  policy: Policy;
}

/**
 * The variables of the batch file's `env-file:` (a later file wins), and a diagnostic at the path's
 * value in the batch file for each that could not be used:
 *
 * - missing → `env-file-missing`, a warning: in CI the file is normally absent (the step's `env:`
 *   gives the values), and a variable it would have given is then `env-unset` / `secret-missing`;
 * - not a regular file, too large, not text, or a line that is not `NAME=VALUE` →
 *   `env-file-invalid`, naming the dotenv file's line (`.env:3: not NAME=VALUE`), never a value;
 * - under `strict`, a file whose real path lies outside the batch file's folder, or that is a
 *   symbolic link, a FIFO, a socket or a device → `policy-env-file-outside`. A path whose text
 *   leaves the folder is not even looked at (core/checks/policy.ts reports it).
 */
export function readBatchEnvFiles(file: Pick<BatchFile, 'envFiles'>, rules: EnvFileRules): { env: Record<string, string>; diagnostics: Diagnostic[] } {
  const env: Record<string, string> = Object.create(null) as Record<string, string>;
  const diagnostics: Diagnostic[] = [];
  if (file.envFiles.length === 0) return { env, diagnostics };
  const strict = rules.policy === 'strict';
  let strictBase: string | undefined;
  if (strict) {
    try {
      strictBase = realpathSync(rules.baseDir);
    } catch {
      strictBase = resolve(rules.baseDir);
    }
  }
  for (const ref of file.envFiles) {
    if (strict && !isInside(ref.path, rules.baseDir)) continue;
    const shown = `env-file "${ref.path}"`;
    const read = readEnvText(resolve(rules.baseDir, ref.path), strictBase);
    if (!read.ok) {
      if (read.kind === 'missing') {
        diagnostics.push({
          code: 'env-file-missing',
          severity: 'warning',
          message: `${shown}: no such file, so its variables are not set. (Expected in CI, where the workflow step's env: gives them.)`,
          range: ref.range,
        });
      } else if (read.kind === 'policy') {
        diagnostics.push({
          code: 'policy-env-file-outside',
          severity: 'error',
          message: `${shown} ${read.why}. The strict policy refuses it (the file is not trusted): use a regular file inside the batch file's folder.`,
          range: ref.range,
        });
      } else {
        diagnostics.push({ code: 'env-file-invalid', severity: 'error', message: `${shown} ${read.why}.`, range: ref.range });
      }
      continue;
    }
    const parsed = parseEnvFile(read.text);
    if ('line' in parsed) {
      diagnostics.push({ code: 'env-file-invalid', severity: 'error', message: `env-file ${ref.path}:${parsed.line}: ${parsed.message}.`, range: ref.range });
      continue;
    }
    Object.assign(env, parsed.env);
  }
  return { env, diagnostics };
}
