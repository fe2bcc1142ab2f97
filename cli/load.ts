/**
 * Reading a batch file for a CLI command: every command that takes a FILE goes through here, so
 * they all refuse the same bad inputs with the same one-line errors and print diagnostics the
 * same way (`FILE:LINE:COL: error|warning: message [code]`, on stderr).
 */
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostics';
import { checkHostBinds, realFolders } from '../core/host/binds';
import type { BatchFile, Capacity, Graph, Policy } from '../core/model';
import { decodeBatchFile } from '../core/parse';
import { isPolicy, POLICIES } from '../core/policy';
import { parseCpus, parseMemory } from '../core/quantity';
import { validate, type Validation } from '../core/validate';
import type { CliIo } from './io';
import { EXIT } from './io';

/** Larger files are refused before reading: a batch file is configuration, not data. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface LoadOptions {
  /** Default `'trusted'`. */
  policy?: Policy;
  /** Capacity from flags; overrides the file's per field. Default: none. */
  capacity?: Partial<Capacity>;
  /** This machine's figures. Default: `machineCapacity()`. */
  machine?: Partial<Capacity>;
}

/** A file that validated without errors: the graph and the capacity are there. */
export type LoadedValidation = Validation & { file: BatchFile; graph: Graph; capacity: Capacity };

export type Loaded =
  | { ok: true; path: string; text: string; validation: LoadedValidation }
  | { ok: false; code: number };

/** CPUs and memory of this machine: what a run packs against when neither flags nor file say. */
export function machineCapacity(): Pick<Capacity, 'cpus' | 'memory'> {
  return { cpus: availableParallelism(), memory: totalmem() };
}

/**
 * Reads `file` (relative to `io.cwd`), validates it and prints its diagnostics to stderr, with
 * `file` as written by the user. `ok: false` (exit code 2) when the file cannot be read or has
 * errors; warnings alone do not stop it.
 */
export function loadBatchFile(file: string, io: CliIo, options: LoadOptions = {}): Loaded {
  const path = resolve(io.cwd, file);
  const text = readText(file, path, io);
  if (text === undefined) return { ok: false, code: EXIT.invalid };
  const validation = validate(text, {
    policy: options.policy ?? 'trusted',
    capacity: options.capacity,
    machine: options.machine ?? machineCapacity(),
    baseDir: dirname(path),
  });
  // The host is at hand here: binds are judged again by their real paths (host-binds.ts).
  if (validation.file) {
    const baseDir = dirname(path);
    const policy = options.policy ?? 'trusted';
    const seen = new Set(validation.diagnostics.map(diagnosticKey));
    const host = checkHostBinds(validation.file, { baseDir, policy, hidden: realFolders([join(baseDir, '.gantry')]) });
    const added = host.filter((d) => !seen.has(diagnosticKey(d)));
    if (added.length > 0) validation.diagnostics = sortDiagnostics([...validation.diagnostics, ...added]);
  }
  for (const d of validation.diagnostics) io.stderr.write(`${formatDiagnostic(file, d)}\n`);
  if (hasErrors(validation.diagnostics) || !validation.file || !validation.graph || !validation.capacity) {
    return { ok: false, code: EXIT.invalid };
  }
  return { ok: true, path, text, validation: validation as LoadedValidation };
}

/** Diagnostics at the same place with the same code say the same thing. */
function diagnosticKey(d: Diagnostic): string {
  return `${d.code}@${d.range.start.line}:${d.range.start.character}`;
}

/** The file's text, or undefined after printing why it cannot be used. */
function readText(file: string, path: string, io: CliIo): string | undefined {
  const refuse = (message: string, code: string) => {
    io.stderr.write(`${file}: error: ${message} [${code}]\n`);
    return undefined;
  };
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return refuse('is a folder, not a batch file', 'file-is-folder');
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return refuse('no such file', 'file-not-found');
    return refuse(`cannot be read (${code ?? 'unknown error'})`, 'file-unreadable');
  }
  if (size > MAX_FILE_BYTES) {
    return refuse(`is ${(size / 1024 / 1024).toFixed(1)} MB; batch files may be at most 5 MB`, 'file-too-large');
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return refuse('is a folder, not a batch file', 'file-is-folder');
    return refuse(`cannot be read (${code ?? 'unknown error'})`, 'file-unreadable');
  }
  // A NUL byte means this is not a text file (an image, an archive…).
  if (bytes.includes(0)) return refuse('is a binary file, not YAML text', 'file-binary');
  // Bytes that are not UTF-8 are refused by validate() (`invalid-utf8`, with their place), as for
  // the action and the editor: the same check whoever decoded the bytes.
  return decodeBatchFile(bytes);
}

/**
 * `--cpus`, `--memory`, `--parallel` as given on the command line, or a one-line message saying
 * which is wrong and what is expected.
 */
export function capacityFromFlags(values: { cpus?: string; memory?: string; parallel?: string }): Partial<Capacity> | string {
  const capacity: Partial<Capacity> = {};
  if (values.cpus !== undefined) {
    const n = parseCpus(values.cpus);
    if (n === undefined || !(n > 0)) return `--cpus ${values.cpus}: expected a number such as 2 or 0.5, or millicores such as 1500m`;
    capacity.cpus = n;
  }
  if (values.memory !== undefined) {
    const n = parseMemory(values.memory);
    if (n === undefined || !(n > 0)) return `--memory ${values.memory}: expected a size such as 4Gi, 512Mi or 2G`;
    capacity.memory = n;
  }
  if (values.parallel !== undefined) {
    const n = Number(values.parallel);
    if (!/^\d+$/.test(values.parallel.trim()) || !Number.isSafeInteger(n) || n < 1) {
      return `--parallel ${values.parallel}: expected a whole number of at least 1`;
    }
    capacity.parallel = n;
  }
  return capacity;
}

/** `--policy` value, or a message. Default `trusted`. */
export function policyFromFlag(value: string | undefined): Policy | string {
  const policy = value ?? 'trusted';
  return isPolicy(policy) ? policy : `--policy ${policy}: expected ${POLICIES.join(' or ')}`;
}
