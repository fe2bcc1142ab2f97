/**
 * The local task cache store (core/host/cache-store.ts) on the real file system: entries written
 * and read back, an archive checked against its hash, corrupt entries a miss with a notice,
 * eviction per task and by size, a link as `.gantry/cache` refused, and no temporary file left;
 * binds of `.gantry` (refused under strict, read-only too).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHostBinds, realFolders, resolveBind } from '../core/host/binds';
import { validate } from '../core/validate';
import { cacheDir, CACHE_LIMITS, cacheRecords, lookupCache, saveCache, type CacheRecord } from '../core/host/cache-store';

const root = mkdtempSync(join(tmpdir(), 'gantry-cache-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function folder(): { dir: string; file: string } {
  const dir = join(root, `b${n++}`);
  mkdirSync(dir);
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, 'version: 1\n');
  return { dir, file };
}
const key = (c: string) => c.repeat(64);
const record = (task: string, k: string, when = new Date().toISOString()): CacheRecord => ({ task, key: k, planKey: key('f'), run: '20260101-000000-ab12', when, outputs: { v: '1' } });

describe('the cache store', () => {
  it('writes an entry and reads it back; another key or task is a miss', () => {
    const { dir, file } = folder();
    expect(lookupCache(dir, file, 'a', key('1'))).toEqual({ hit: false });
    expect(saveCache(dir, file, record('a', key('1')), undefined)).toEqual({ saved: true });
    const found = lookupCache(dir, file, 'a', key('1'));
    expect(found.hit && found.record.outputs).toEqual({ v: '1' });
    expect(lookupCache(dir, file, 'a', key('2')).hit).toBe(false);
    expect(lookupCache(dir, file, 'b', key('1')).hit).toBe(false);
    expect(readdirSync(cacheDir(dir, file)).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    expect(cacheRecords(dir, file, 'a').map((r) => r.key)).toEqual([key('1')]);
  });

  it('keeps an archive with its hash; a changed or missing archive is a miss with a notice', () => {
    const { dir, file } = folder();
    const tar = Buffer.from('not really a tar, but bytes');
    saveCache(dir, file, { ...record('a', key('1')), archive: { paths: ['/w/x'], size: 0, sha256: '' } }, tar);
    const found = lookupCache(dir, file, 'a', key('1'));
    expect(found.hit && found.archive?.equals(tar)).toBe(true);
    expect(found.hit && found.record.archive?.paths).toEqual(['/w/x']);
    const tarFile = readdirSync(cacheDir(dir, file)).find((f) => f.endsWith('.tar'))!;
    writeFileSync(join(cacheDir(dir, file), tarFile), 'not really a tar, but bytez');
    const corrupt = lookupCache(dir, file, 'a', key('1'));
    expect(corrupt.hit).toBe(false);
    expect(!corrupt.hit && corrupt.problem).toMatch(/archive .* does not match/);
    rmSync(join(cacheDir(dir, file), tarFile));
    expect(lookupCache(dir, file, 'a', key('1')).hit).toBe(false);
  });

  it('a torn or foreign entry is a miss with a notice, never an error', () => {
    const { dir, file } = folder();
    saveCache(dir, file, record('a', key('1')), undefined);
    const json = readdirSync(cacheDir(dir, file)).find((f) => f.endsWith('.json'))!;
    for (const text of ['{"gantryCache":1,"task":"a"', '[]', '{"gantryCache":1,"task":"a","key":"' + key('1') + '","planKey":"x","run":"\\u001b[31mevil","when":"x","outputs":{}}']) {
      writeFileSync(join(cacheDir(dir, file), json), text);
      const found = lookupCache(dir, file, 'a', key('1'));
      expect(found.hit).toBe(false);
      expect(!found.hit && found.problem).toMatch(/cannot be read/);
    }
  });

  it('keeps the newest entries per task, and the store under its size', () => {
    const { dir, file } = folder();
    for (let i = 0; i < 5; i++) saveCache(dir, file, record('a', key(String(i))), undefined, { ...CACHE_LIMITS, keepPerTask: 2 });
    const kept = ['0', '1', '2', '3', '4'].filter((c) => lookupCache(dir, file, 'a', key(c)).hit);
    expect(kept.length).toBe(2);
    const other = folder();
    const small = { ...CACHE_LIMITS, maxBytes: 1500 };
    saveCache(other.dir, other.file, record('b', key('b')), Buffer.alloc(900, 1), small);
    saveCache(other.dir, other.file, record('c', key('c')), Buffer.alloc(900, 2), small);
    expect(lookupCache(other.dir, other.file, 'c', key('c')).hit).toBe(true);
    expect(lookupCache(other.dir, other.file, 'b', key('b')).hit).toBe(false);
    expect(readdirSync(cacheDir(other.dir, other.file)).filter((f) => f.endsWith('.tar')).length).toBe(1);
  });

  it('does not store an archive over the cap, and says why', () => {
    const { dir, file } = folder();
    const saved = saveCache(dir, file, record('a', key('1')), Buffer.alloc(11), { ...CACHE_LIMITS, maxArchiveBytes: 10 });
    expect(saved.saved).toBe(false);
    expect(!saved.saved && saved.why).toMatch(/over the 10-byte limit/);
    expect(lookupCache(dir, file, 'a', key('1')).hit).toBe(false);
  });

  it('refuses a link as .gantry/cache: never read nor written through', () => {
    const { dir, file } = folder();
    const elsewhere = join(root, `elsewhere${n++}`);
    mkdirSync(elsewhere);
    mkdirSync(join(dir, '.gantry'));
    symlinkSync(elsewhere, join(dir, '.gantry', 'cache'));
    expect(() => saveCache(dir, file, record('a', key('1')), undefined)).toThrow(/symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
    const found = lookupCache(dir, file, 'a', key('1'));
    expect(!found.hit && found.problem).toMatch(/symbolic link/);
    expect(existsSync(join(elsewhere, 'gantry.yml'))).toBe(false);
  });
});

describe('binds of .gantry (where the cache lives)', () => {
  const binds = (dir: string, mount: string, policy: 'strict' | 'trusted') => {
    const v = validate(`version: 1\ntasks:\n  a:\n    image: busybox\n    run: x\n    volumes: ["${mount}"]\n`);
    return checkHostBinds(v.file!, { baseDir: dir, policy, hidden: realFolders([join(dir, '.gantry')]) }).map((d) => d.code);
  };

  it('under strict, any bind into .gantry is refused, read-only too; elsewhere read-write is', () => {
    const { dir, file } = folder();
    saveCache(dir, file, record('a', key('1')), undefined);
    expect(binds(dir, './.gantry:/g:ro', 'strict')).toEqual(['policy-bind-gantry']);
    expect(binds(dir, './.gantry/cache:/c:ro', 'strict')).toEqual(['policy-bind-gantry']);
    expect(binds(dir, './.gantry/cache:/c', 'strict')).toEqual(['policy-bind-gantry']);
    expect(binds(dir, './.gantry/cache:/c', 'trusted')).toEqual(['bind-run-folder']);
    expect(binds(dir, './.gantry/cache:/c:ro', 'trusted')).toEqual([]);
    // The folder holding it: allowed, with .gantry covered in the container.
    expect(binds(dir, '.:/src', 'strict')).toEqual([]);
    const v = validate('version: 1\ntasks:\n  a:\n    image: busybox\n    run: x\n    volumes: [".:/src"]\n');
    const resolved = resolveBind(v.file!.tasks[0].volumes[0], { baseDir: dir, policy: 'strict', hidden: realFolders([join(dir, '.gantry')]) });
    expect(resolved.ok && resolved.covers).toEqual(['/src/.gantry']);
  });
});
