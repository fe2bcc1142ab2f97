import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-io';

const dir = mkdtempSync(join(tmpdir(), 'gantry-cli-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  writeFileSync(join(dir, name), content);
  return name;
};
const gantry = (...argv: string[]) => runCli(argv, { cwd: dir });

const GOOD = 'version: 1\ndefaults: { image: busybox, cpus: 0.5, memory: 64Mi }\ntasks:\n  build: { run: "true" }\n  test: { needs: [build], run: "true" }\n';

describe('gantry validate', () => {
  it('exits 0 for a valid file and says what it holds', async () => {
    const r = await gantry('validate', file('good.yml', GOOD));
    expect(r).toEqual({ code: 0, stdout: 'good.yml: ok (2 tasks, 0 services)\n', stderr: '' });
  });

  it('prints every error as FILE:LINE:COL: severity: message [code] and exits 2', async () => {
    const bad = file('bad.yml', 'version: 1\ndefaults: { image: busybox }\ntasks:\n  build: { run: "true", neds: [x] }\n  test: { needs: [biuld], run: "true" }\n');
    const r = await gantry('validate', bad);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^bad\.yml:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$/);
    expect(r.stderr).toMatch(/^bad\.yml:4:\d+: error: .*neds.*\[unknown-key\]$/m);
    expect(r.stderr).toMatch(/^bad\.yml:5:\d+: error: .*biuld.*$/m);
    expect(r.stdout).toBe('');
  });

  it('checks several files and exits 2 when any has an error', async () => {
    const r = await gantry('validate', file('a.yml', GOOD), 'missing.yml', file('b.yml', GOOD));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('a.yml: ok (2 tasks, 0 services)\nb.yml: ok (2 tasks, 0 services)\n');
    expect(r.stderr).toBe('missing.yml: error: no such file [file-not-found]\n');
  });

  it('refuses folders and files over 5 MiB with one line each; a binary file gets binary-file at its first NUL', async () => {
    mkdirSync(join(dir, 'folder'), { recursive: true });
    const bin = file('image.yml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const big = file('big.yml', `version: 1\n#${'x'.repeat(5 * 1024 * 1024)}\n`);
    const r = await gantry('validate', 'folder', bin, big);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'folder: error: is a folder, not a batch file [file-is-folder]',
      // The documented parse code, at its place: the same as the action and the editor report.
      'image.yml:1:5: error: The file contains NUL bytes, so it is not a text file; it was not read. Is this the right file? [binary-file]',
      'big.yml: error: is 5.0 MiB; batch files may be at most 5 MiB [file-too-large]',
    ]);
  });

  it('applies --policy strict', async () => {
    const priv = file('priv.yml', 'version: 1\ntasks:\n  x: { image: busybox, run: "true", privileged: true }\n');
    expect((await gantry('validate', priv)).code).toBe(0);
    const strict = await gantry('validate', priv, '--policy', 'strict');
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/^priv\.yml:3:\d+: error: .*privileged/m);
  });

  it('rejects unknown flags, a bad policy and no file with usage and exit 2', async () => {
    for (const argv of [['validate', 'x.yml', '--bogus'], ['validate', 'x.yml', '--policy', 'loose'], ['validate']]) {
      const r = await gantry(...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^gantry validate: .+\n\nUsage: gantry validate FILE/);
    }
    const help = await gantry('validate', '--help');
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('--policy P') });
  });
});
