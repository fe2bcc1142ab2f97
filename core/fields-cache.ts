/**
 * `cache:` of a task: `{ key: [paths or globs], paths: [container paths] }` (docs/batch-file.md,
 * "Task cache"). `key` entries are relative to the batch file's folder and must stay in it (no
 * absolute path, no `..`): their content is read on the host when the key is computed
 * (core/host/cache-files.ts). `paths` are absolute paths inside the container, each inside one of
 * the task's volumes (core/checks/cache.ts says which volume, or that none holds it). Neither
 * takes `${{ }}`: the key's files and the paths saved are the same for every expansion.
 */
import type { FieldRule } from './fields-read';
import type { CacheEntry, CacheSpec } from './model';
import { isMap, isScalar, isSeq } from './yaml-nodes';
import type { Entry } from './parse';
import type { FieldReader } from './fields-read';

/** Why a `cache.key` entry is refused by its text alone; undefined when it stays in the folder. */
export function cacheKeyProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'it is empty';
  if (pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern)) return "it must be relative to the batch file's folder, not absolute";
  if (pattern.split(/[\\/]+/).includes('..')) return 'it leaves the batch file\'s folder ("..")';
  if (pattern.includes('${{')) return 'it cannot use ${{ }} (the files are the same for every expansion)';
  return undefined;
}

/** Why a `cache.paths` entry is refused by its text alone. */
export function cachePathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'it must be an absolute path inside the container, e.g. /work/node_modules';
  if (path.split('/').includes('..')) return 'it cannot contain ".."';
  if (path.includes('${{')) return 'it cannot use ${{ }}';
  return undefined;
}

export const readCache: FieldRule = (r, f, what, ctx) => {
  const node = r.deref(f.value);
  if (!node || !isMap(node)) {
    r.report('wrong-type', `${what} must be a mapping, e.g. cache: { key: [package-lock.json], paths: [/work/node_modules] }.`, f.valueRange);
    return;
  }
  const e = r.entries(node, what, f.valueRange, 'cache');
  if (!e) return;
  if (ctx.fields) for (const entry of e.values()) ctx.fields[`cache.${entry.key}`] = entry.field();
  const spec: CacheSpec = { key: [], paths: [], range: f.valueRange };
  const keyEntry = e.get('key');
  if (keyEntry) {
    for (const item of pathList(r, keyEntry, `${what}.key`)) {
      const problem = cacheKeyProblem(item.value);
      if (problem) r.report('invalid-cache', `In the ${what}, key "${item.value}" is refused: ${problem}.`, item.range);
      else spec.key.push(item);
    }
  }
  const pathsEntry = e.get('paths');
  if (pathsEntry) {
    for (const item of pathList(r, pathsEntry, `${what}.paths`)) {
      const problem = cachePathProblem(item.value);
      if (problem) r.report('invalid-cache', `In the ${what}, path "${item.value}" is refused: ${problem}.`, item.range);
      else spec.paths.push(item);
    }
  }
  ctx.out.cache = spec;
};

/** A string or a list of strings, each with its place. */
function pathList(r: FieldReader, entry: Entry, what: string): CacheEntry[] {
  const node = r.deref(entry.value);
  if (node && isScalar(node) && !isSeq(node) && node.value !== null && typeof node.value !== 'object') {
    const value = r.string(entry, what, node);
    return value === undefined ? [] : [{ value, range: entry.valueRange }];
  }
  return (r.list(entry, what) ?? []).map((item) => ({ value: item.value, range: r.span(item.start, item.end) }));
}
