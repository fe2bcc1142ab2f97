/**
 * `core/surface/` is the surfaces' shared I/O layer: what the `gantry` CLI (`cli/`) and the GitHub
 * Action (`action/`) both do at their edge — read a batch file from disk, read capacity and policy
 * as the user typed them, turn an error into an exit code and a line — done once here, so the two
 * refuse the same inputs with the same codes and messages. Nothing here prints: each surface shows
 * the result its own way (stderr lines, annotations). The pure core stays free of I/O; this folder
 * is the one place besides `core/host/` and `core/backends/` that touches the file system.
 *
 * This file: reading a batch file and validating it with what only the host can tell (binds judged
 * by their real paths, the dotenv files of `env-file:` read).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FILE_START, sortDiagnostics, hasErrors, type Diagnostic } from '../diagnostics';
import { checkHostBinds, realFolders } from '../host/binds';
import { checkHostBuilds } from '../host/build-context';
import type { BatchFile, Capacity, EngineName, Graph, Policy } from '../model';
import { decodeBatchFile, MAX_FILE_BYTES } from '../parse';
import { validate, type Validation } from '../validate';
import { checkSecrets, type CallerEnv } from '../secrets';
import { bindCallerEnv, checkCallerEnv } from '../caller-env';
import { readBatchEnvFiles } from './env-file';

export { MAX_FILE_BYTES };

/** Codes of a file refused before it is read (or while reading it): nothing in it has a place. */
export type RefusalCode = 'file-not-found' | 'file-is-folder' | 'file-unreadable' | 'file-too-large';

/**
 * A refusal: a diagnostic at the start of the file whose message reads after the file's name as
 * the user wrote it (`gantry.yml: no such file [file-not-found]`).
 */
export interface Refusal extends Diagnostic {
  code: RefusalCode;
}

export type ReadResult = { ok: true; text: string } | { ok: false; refusal: Refusal };

const MIB = 1024 * 1024;

/**
 * The text of the batch file at `path` (absolute), or why it cannot be used: missing, a folder,
 * unreadable, or over `MAX_FILE_BYTES` (5 MiB) — found from the file's size, and never more than
 * that read even when the size lies (a FIFO, a device, a file still growing): a batch file is
 * configuration, not data. Bytes are decoded with `decodeBatchFile`; NUL bytes and bytes that are
 * not UTF-8 are left to `validate()` (`binary-file`, `invalid-utf8`, at their place), the same
 * check as for the text an editor hands the language server.
 */
export function readBatchFile(path: string): ReadResult {
  const refuse = (code: RefusalCode, message: string): ReadResult => ({
    ok: false,
    refusal: { code, message, severity: 'error', range: FILE_START },
  });
  const unreadable = (error: unknown): ReadResult => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return refuse('file-not-found', 'no such file');
    if (code === 'EISDIR') return refuse('file-is-folder', 'is a folder, not a batch file');
    return refuse('file-unreadable', `cannot be read (${code ?? 'unknown error'})`);
  };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return unreadable(error);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return refuse('file-is-folder', 'is a folder, not a batch file');
    const tooLarge = (what: string) => refuse('file-too-large', `is ${what}; batch files may be at most ${MAX_FILE_BYTES / MIB} MiB`);
    if (stat.size > MAX_FILE_BYTES) return tooLarge(`${(stat.size / MIB).toFixed(1)} MiB`);
    // Read up to one byte past the limit, whatever the size said: a file still growing, a FIFO or
    // a device is refused at the limit too, never read whole.
    let bytes = Buffer.allocUnsafe(Math.min(stat.size, MAX_FILE_BYTES) + 1);
    let length = 0;
    for (;;) {
      if (length === bytes.length) {
        if (length > MAX_FILE_BYTES) return tooLarge(`over ${MAX_FILE_BYTES / MIB} MiB`);
        const larger = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
        bytes.copy(larger, 0, 0, length);
        bytes = larger;
      }
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, text: decodeBatchFile(bytes.subarray(0, length)) };
  } catch (error) {
    return unreadable(error);
  } finally {
    closeSync(fd);
  }
}

export interface LoadOptions {
  /** What the file may ask for. Default `'trusted'`. */
  policy?: Policy;
  /** Capacity the user gave (flags, action inputs); overrides the file's per field. Default: none. */
  capacity?: Partial<Capacity>;
  /** The machine's figures, for fields neither `capacity` nor the file give. Default: none (see `ValidateOptions.machine`). */
  machine?: Partial<Capacity>;
  /**
   * The environment the run's secrets come from (core/secrets.ts): given, a listed secret it does
   * not set is `secret-missing` at its place (not under `strict`, which passes none). Also what
   * `${{ env.NAME }}` reads: a variable it does not set is `env-unset`, and the graph gets the
   * values (core/caller-env.ts). The variables of the file's `env-file:` go under it (it wins);
   * the result is `Loaded.callerEnv`. Default: not checked, `${{ env.… }}` left as written.
   */
  callerEnv?: CallerEnv;
  /** What `${{ env.NAME }}` may read under `strict` (`ValidateOptions.passEnv`). Default: nothing. */
  passEnv?: readonly string[];
  /** The engine the caller chose (`--engine`, the action's `engine:`; `ValidateOptions.engine`). Default: none. */
  engine?: EngineName;
}

/** A file that validated without errors: the parsed file and the graph are there. */
export type LoadedValidation = Validation & { file: BatchFile; graph: Graph };

export type Loaded =
  | {
      ok: true;
      path: string;
      text: string;
      /** Warnings, if any, sorted. */
      diagnostics: Diagnostic[];
      validation: LoadedValidation;
      /**
       * With `LoadOptions.callerEnv`: it over the variables of the file's `env-file:` — what the
       * run's secrets (and their masks) must be taken from. Without: none.
       */
      callerEnv?: CallerEnv;
    }
  | {
      ok: false;
      path: string;
      /** The refusal when the file could not be read at all: then `diagnostics` is just it. */
      refusal?: Refusal;
      /** Every problem, sorted; at least one error. */
      diagnostics: Diagnostic[];
    };

/**
 * Reads the batch file at `path` (absolute) and validates it under `options`, then judges its
 * binds again by their real paths on this host (`core/host/binds.ts`), adding what the text alone
 * could not tell. `ok: false` when it cannot be read or has an error; warnings alone do not stop it.
 */
export function loadBatchFile(path: string, options: LoadOptions = {}): Loaded {
  const read = readBatchFile(path);
  if (!read.ok) return { ok: false, path, refusal: read.refusal, diagnostics: [read.refusal] };
  const baseDir = dirname(path);
  const policy = options.policy ?? 'trusted';
  const validation = validate(read.text, {
    policy,
    capacity: options.capacity,
    ...(options.machine ? { machine: options.machine } : {}),
    baseDir,
    ...(options.passEnv ? { passEnv: options.passEnv } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
  });
  let callerEnv = options.callerEnv;
  if (validation.file) {
    // `env-file:`: read here, on the host, never by the editor; under the environment given.
    const envFiles = readBatchEnvFiles(validation.file, { baseDir, policy });
    if (callerEnv) callerEnv = { ...envFiles.env, ...callerEnv };
    const seen = new Set(validation.diagnostics.map(diagnosticKey));
    // `.gantry/` holds the run folders: never writable from a container (host/binds.ts).
    const host = [
      ...checkHostBinds(validation.file, { baseDir, policy, hidden: realFolders([join(baseDir, '.gantry')]) }),
      // Build contexts judged by their real paths (a link out of the folder), and missing ones.
      ...checkHostBuilds(validation.file, { baseDir, policy }),
      ...envFiles.diagnostics,
    ];
    // A broken env file's variables would all be reported unset: its own error says what to fix.
    const caller = callerEnv && !hasErrors(envFiles.diagnostics)
      ? [...checkSecrets(validation.file, callerEnv, policy), ...checkCallerEnv(validation.file, callerEnv, policy, options.passEnv)]
      : [];
    const added = [...host, ...caller].filter((d) => !seen.has(diagnosticKey(d)));
    if (added.length > 0) validation.diagnostics = sortDiagnostics([...validation.diagnostics, ...added]);
  }
  if (hasErrors(validation.diagnostics) || !validation.file || !validation.graph) {
    return { ok: false, path, diagnostics: validation.diagnostics };
  }
  if (callerEnv) bindCallerEnv(validation.graph, callerEnv);
  return { ok: true, path, text: read.text, diagnostics: validation.diagnostics, validation: validation as LoadedValidation, ...(callerEnv ? { callerEnv } : {}) };
}

/** Diagnostics at the same place with the same code say the same thing. */
function diagnosticKey(d: Diagnostic): string {
  return `${d.code}@${d.range.start.line}:${d.range.start.character}`;
}
