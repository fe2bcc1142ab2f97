/**
 * The task cache's key (docs/batch-file.md, "Task cache"): a SHA-256 over a canonical, versioned
 * encoding of everything that decides what a task does, taken when it would start — after its
 * needs ended and its image was resolved:
 *
 * - the image as the engine resolved it (its image ID), not the name written;
 * - the resolved command, entrypoint, workdir and user (`resolveAttempt`, every `${{ }}` filled);
 * - the environment after substitution (the file's `env:`, `GANTRY_MATRIX_*`, the needs' outputs
 *   as variables), and each secret the task is given by name and a hash of its value (the value is
 *   never part of what is hashed, and nothing here is stored but the final key);
 * - the content of the files `cache.key` names (sorted paths, each with its size and SHA-256;
 *   core/host/cache-files.ts reads them);
 * - the outputs of its needs (what it can read: `${{ needs.… }}` and `GANTRY_NEEDS_*`);
 * - what a hit restores: the output names it declares and its `cache.paths`.
 *
 * Nothing else: `estimate`, `retries`, `timeout`, `cpus`, `memory`, `if`, `allow-failure` and the
 * run's capacity change how or whether a task is scheduled, not what it computes. Pure.
 */
import { createHash } from 'node:crypto';

/** Bumped when the encoding changes: every earlier entry then misses. */
export const CACHE_KEY_VERSION = 1;

/** One file of `cache.key`: its path relative to the batch file's folder (`/`-separated). */
export interface CacheKeyFile {
  path: string;
  /** `file` for a regular file, `link` for a symbolic link (its target text is what was hashed; trusted files only). */
  kind: 'file' | 'link';
  size: number;
  /** Hex SHA-256 of the bytes (a link: of its target text). */
  sha256: string;
}

export interface CacheKeyInput {
  /** The engine's ID of the image the container would run (`sha256:…`). */
  imageId: string;
  command?: readonly string[];
  entrypoint?: readonly string[];
  workdir?: string;
  user?: string;
  /** The environment the container would get from the file and Gantry (no secrets). */
  env: Readonly<Record<string, string>>;
  /** Secrets passed to the task: name → `secretDigest(value)` (or `withheld`). */
  secrets: Readonly<Record<string, string>>;
  files: readonly CacheKeyFile[];
  /** The needs' outputs, by unit id (`Attempt.needsOutputs`). */
  needs: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Output names the task declares. */
  outputs: readonly string[];
  /** `cache.paths`. */
  paths: readonly string[];
}

/** The key: 64 hex digits. */
export function cacheKey(input: CacheKeyInput): string {
  return createHash('sha256').update(cacheKeyEncoding(input), 'utf8').digest('hex');
}

/**
 * The canonical text hashed: one JSON array, fields in a fixed order, every mapping as a list of
 * `[name, value]` pairs sorted by name, files sorted by path, outputs and paths sorted (their order
 * in the file changes nothing). Absent fields are `null`, so `command: []` and no command differ.
 */
export function cacheKeyEncoding(input: CacheKeyInput): string {
  const pairs = (record: Readonly<Record<string, string>>) =>
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]);
  const files = [...input.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => [f.path, f.kind, f.size, f.sha256]);
  const needs = Object.keys(input.needs)
    .sort()
    .map((id) => [id, pairs(input.needs[id])]);
  return JSON.stringify([
    'gantry-task-cache',
    CACHE_KEY_VERSION,
    input.imageId,
    input.command ? [...input.command] : null,
    input.entrypoint ? [...input.entrypoint] : null,
    input.workdir ?? null,
    input.user ?? null,
    pairs(input.env),
    pairs(input.secrets),
    files,
    needs,
    [...new Set(input.outputs)].sort(),
    [...new Set(input.paths)].sort(),
  ]);
}

/** What a secret's value contributes to a key: a hash, so the value is never in what is hashed. */
export function secretDigest(value: string): string {
  return `sha256:${createHash('sha256').update('gantry-secret\0').update(value, 'utf8').digest('hex')}`;
}

/**
 * The key `gantry plan` can know without an engine: the same input with a placeholder for the
 * image ID ("cached if the image is unchanged").
 */
export const PLAN_IMAGE_PLACEHOLDER = 'image-unknown-to-plan';
