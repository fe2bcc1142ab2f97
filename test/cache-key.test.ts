/**
 * The task cache's key (core/cache-key.ts), its files (core/host/cache-files.ts) and the `cache:`
 * key of the batch file: every input changes the key, nothing else does; what a key reads from the
 * batch folder, and what it refuses (links under strict, a missing file, paths outside a volume).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheKey, cacheKeyEncoding, secretDigest, type CacheKeyInput } from '../core/cache-key';
import { cacheKeyFiles, globRegex } from '../core/host/cache-files';
import { GantryError } from '../core/diagnostics';
import { validate } from '../core/validate';
import { resolveAttempt } from '../core/substitute';

const base: CacheKeyInput = {
  imageId: 'sha256:aaaa',
  command: ['sh', '-c', 'make'],
  entrypoint: ['/bin/env'],
  workdir: '/work',
  user: '1000',
  env: { A: '1', B: '2' },
  secrets: { TOKEN: secretDigest('s3cret') },
  files: [
    { path: 'a.txt', kind: 'file', size: 1, sha256: '11' },
    { path: 'b/c.txt', kind: 'file', size: 2, sha256: '22' },
  ],
  needs: { build: { version: '1.0' }, 'test[shard=1]': { ok: 'yes' } },
  outputs: ['out'],
  paths: ['/work/cache'],
};

/** One change per input, each a different key from the base and from every other. */
const changes: Record<string, (i: CacheKeyInput) => CacheKeyInput> = {
  imageId: (i) => ({ ...i, imageId: 'sha256:bbbb' }),
  commandArg: (i) => ({ ...i, command: ['sh', '-c', 'make all'] }),
  commandNone: (i) => {
    const { command: _c, ...rest } = i;
    return rest;
  },
  commandEmpty: (i) => ({ ...i, command: [] }),
  commandSplit: (i) => ({ ...i, command: ['sh', '-c make'] }),
  entrypoint: (i) => ({ ...i, entrypoint: ['/bin/sh'] }),
  workdir: (i) => ({ ...i, workdir: '/src' }),
  user: (i) => ({ ...i, user: '0' }),
  envValue: (i) => ({ ...i, env: { ...i.env, A: '3' } }),
  envAdded: (i) => ({ ...i, env: { ...i.env, C: '' } }),
  envRemoved: (i) => ({ ...i, env: { A: '1' } }),
  envRenamed: (i) => ({ ...i, env: { A: '1', BB: '2' } }),
  secretValue: (i) => ({ ...i, secrets: { TOKEN: secretDigest('other') } }),
  secretWithheld: (i) => ({ ...i, secrets: { TOKEN: 'withheld' } }),
  secretAdded: (i) => ({ ...i, secrets: { ...i.secrets, KEY: secretDigest('k') } }),
  fileContent: (i) => ({ ...i, files: [i.files[0], { ...i.files[1], sha256: '23' }] }),
  fileSize: (i) => ({ ...i, files: [i.files[0], { ...i.files[1], size: 3 }] }),
  fileRenamed: (i) => ({ ...i, files: [i.files[0], { ...i.files[1], path: 'b/d.txt' }] }),
  fileAdded: (i) => ({ ...i, files: [...i.files, { path: 'z', kind: 'file', size: 0, sha256: '00' }] }),
  fileRemoved: (i) => ({ ...i, files: [i.files[0]] }),
  fileLink: (i) => ({ ...i, files: [i.files[0], { ...i.files[1], kind: 'link' }] }),
  needOutput: (i) => ({ ...i, needs: { ...i.needs, build: { version: '1.1' } } }),
  needOutputAdded: (i) => ({ ...i, needs: { ...i.needs, build: { version: '1.0', extra: '' } } }),
  needExpansion: (i) => ({ ...i, needs: { build: { version: '1.0' }, 'test[shard=2]': { ok: 'yes' } } }),
  outputs: (i) => ({ ...i, outputs: ['out', 'more'] }),
  paths: (i) => ({ ...i, paths: ['/work/other'] }),
};

describe('cacheKey', () => {
  it('is 64 hex digits, and the same for the same input', () => {
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey(structuredClone(base))).toBe(cacheKey(base));
  });

  it('changes with every input, each change to a key of its own', () => {
    const keys = new Map<string, string>([['base', cacheKey(base)]]);
    for (const [name, change] of Object.entries(changes)) {
      const key = cacheKey(change(structuredClone(base)));
      const same = [...keys].find(([, k]) => k === key);
      expect(same, `${name} gives the key of ${same?.[0]}`).toBeUndefined();
      keys.set(name, key);
    }
  });

  it('does not change with the order of env, secrets, files, needs, outputs or paths', () => {
    const reordered: CacheKeyInput = {
      ...base,
      env: { B: '2', A: '1' },
      files: [...base.files].reverse(),
      needs: { 'test[shard=1]': { ok: 'yes' }, build: { version: '1.0' } },
      outputs: ['out', 'out'],
      paths: ['/work/cache', '/work/cache'],
    };
    expect(cacheKey(reordered)).toBe(cacheKey(base));
  });

  it('never holds a secret value in what it hashes', () => {
    expect(cacheKeyEncoding(base)).not.toContain('s3cret');
    expect(secretDigest('s3cret')).not.toContain('s3cret');
  });

  it('is not changed by estimate, retries, timeout, cpus, memory, if or allow-failure', async () => {
    const keyOf = (extra: string) => {
      const text = `version: 1\ntasks:\n  a:\n    image: busybox\n    run: echo hi\n    env: { X: "1" }\n    cache: { key: [] }\n${extra}`;
      const v = validate(text);
      expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const unit = v.graph!.byId.get('a')!;
      const r = resolveAttempt({ id: 'a#1', unit, number: 1, memory: unit.memory, needsOutputs: {} });
      return cacheKey({ imageId: 'sha256:x', ...r, secrets: {}, files: [], needs: {}, outputs: [], paths: [] });
    };
    const plain = keyOf('');
    for (const extra of [
      '    estimate: 5m\n',
      '    retries: 3\n',
      '    timeout: 1m\n',
      '    cpus: 2\n',
      '    memory: 1Gi\n',
      '    if: always\n',
      '    allow-failure: true\n',
    ]) {
      expect(keyOf(extra), extra).toBe(plain);
    }
    expect(keyOf('    user: "1000"\n')).not.toBe(plain);
  });
});

describe('the cache: key of a task', () => {
  const errors = (text: string) => validate(text).diagnostics.filter((d) => d.severity === 'error');

  it('reads key and paths, a string or a list', () => {
    const v = validate('version: 1\nvolumes: { w: }\ntasks:\n  a:\n    image: busybox\n    run: x\n    volumes: ["w:/work"]\n    cache:\n      key: [package-lock.json, "src/**/*.ts"]\n      paths: /work/node_modules\n');
    expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const spec = v.file!.tasks[0];
    expect(spec.cache?.key.map((k) => k.value)).toEqual(['package-lock.json', 'src/**/*.ts']);
    expect(spec.cache?.paths.map((k) => k.value)).toEqual(['/work/node_modules']);
  });

  it('refuses keys outside the folder, relative paths and paths outside volumes, at their place', () => {
    const text = 'version: 1\nvolumes: { w: }\ntasks:\n  a:\n    image: busybox\n    run: x\n    volumes: ["w:/work", ".:/src"]\n    cache:\n      key: [/etc/passwd, ../x, ok]\n      paths: [work, /src/out, /tmp/x, /work/ok]\n';
    const found = errors(text);
    expect(found.map((d) => d.code).sort()).toEqual(['cache-path-outside-volume', 'cache-path-outside-volume', 'invalid-cache', 'invalid-cache', 'invalid-cache']);
    const lines = text.split('\n');
    for (const d of found) expect(lines[d.range.start.line]).toMatch(/key:|paths:/);
    expect(found.find((d) => d.message.includes('/src/out'))?.code).toBe('cache-path-outside-volume');
  });

  it('is a task key: unknown keys inside, and on a service, are errors', () => {
    expect(errors('version: 1\ntasks:\n  a:\n    image: busybox\n    run: x\n    cache: { keys: [a] }\n').map((d) => d.code)).toEqual(['unknown-key']);
    expect(errors('version: 1\nservices:\n  s:\n    image: busybox\n    cache: { key: [a] }\ntasks:\n  a:\n    image: busybox\n    run: x\n    needs: [s]\n').map((d) => d.code)).toEqual(['task-only-key']);
  });
});

const root = mkdtempSync(join(tmpdir(), 'gantry-cache-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('cacheKeyFiles', () => {
  const range = { start: { line: 8, character: 6 }, end: { line: 8, character: 10 } };
  const entry = (value: string) => ({ value, range });
  let n = 0;
  const tree = () => {
    const dir = join(root, `t${n++}`);
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    mkdirSync(join(dir, '.gantry', 'cache'), { recursive: true });
    writeFileSync(join(dir, 'package-lock.json'), '{}');
    writeFileSync(join(dir, 'src', 'a.ts'), 'a');
    writeFileSync(join(dir, 'src', 'deep', 'b.ts'), 'b');
    writeFileSync(join(dir, 'src', 'deep', 'c.js'), 'c');
    writeFileSync(join(dir, '.gantry', 'cache', 'x.ts'), 'x');
    return dir;
  };
  const files = (dir: string, patterns: string[], policy: 'strict' | 'trusted' = 'trusted') =>
    cacheKeyFiles(patterns.map(entry), { baseDir: dir, policy, who: 'Task "a"' });

  it('reads paths, folders and globs (never .gantry), each file once, sorted', () => {
    const dir = tree();
    expect(files(dir, ['src/**/*.ts', 'package-lock.json', 'src/a.ts']).map((f) => f.path)).toEqual(['package-lock.json', 'src/a.ts', 'src/deep/b.ts']);
    expect(files(dir, ['src']).map((f) => f.path)).toEqual(['src/a.ts', 'src/deep/b.ts', 'src/deep/c.js']);
    expect(files(dir, ['**/*.ts']).map((f) => f.path)).toEqual(['src/a.ts', 'src/deep/b.ts']);
    expect(files(dir, ['src/*.ts']).map((f) => f.path)).toEqual(['src/a.ts']);
  });

  it('gives the content: a changed byte is another digest', () => {
    const dir = tree();
    const before = files(dir, ['src/a.ts'])[0];
    writeFileSync(join(dir, 'src', 'a.ts'), 'b');
    expect(files(dir, ['src/a.ts'])[0].sha256).not.toBe(before.sha256);
  });

  it('a missing path or an empty glob is a positioned error', () => {
    const dir = tree();
    for (const p of ['nope.txt', 'src/*.md', 'src/a.ts/x']) {
      let error: unknown;
      try {
        files(dir, [p]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GantryError);
      expect((error as GantryError).code).toBe('cache-key-missing');
      expect((error as GantryError).range).toEqual(range);
    }
    // A pattern whose files another pattern already read is no error.
    expect(files(dir, ['src', 'src/a.ts']).length).toBe(3);
  });

  it('never follows a link: under strict refused, else its text counts', () => {
    const dir = tree();
    symlinkSync('/etc/hostname', join(dir, 'src', 'host'));
    symlinkSync('/etc', join(dir, 'etc'));
    expect(() => files(dir, ['src/**'], 'strict')).toThrow(/symbolic link/);
    expect(() => files(dir, ['src/host'], 'strict')).toThrow(/strict policy/);
    expect(() => files(dir, ['etc/hostname'], 'strict')).toThrow(/symbolic link/);
    expect(() => files(dir, ['etc/hostname'])).toThrow(/never followed/);
    const link = files(dir, ['src/host'])[0];
    expect(link).toMatchObject({ path: 'src/host', kind: 'link', size: '/etc/hostname'.length });
  });

  it('globs: * and ? within a name, ** across folders', () => {
    expect(globRegex('src/**/*.ts').test('src/a.ts')).toBe(true);
    expect(globRegex('src/**/*.ts').test('src/x/y/a.ts')).toBe(true);
    expect(globRegex('src/*.ts').test('src/x/a.ts')).toBe(false);
    expect(globRegex('a?.txt').test('ab.txt')).toBe(true);
    expect(globRegex('a.txt').test('abtxt')).toBe(false);
    expect(globRegex('[ab].txt').test('b.txt')).toBe(true);
  });
});
