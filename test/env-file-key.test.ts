/**
 * The batch file's `env-file:` key: dotenv files beside the batch file, for local runs. The key's
 * form and (under `strict`) its text are checked everywhere, the editor included; the files are
 * read on the host only, by the shared loader (core/surface/load-file.ts), under the environment
 * given: files of `env-file:` < `--env-file` < the environment Gantry runs in.
 *
 * Validation and the loader without the engine; `gantry run` in-process (cli/main.ts) on the real
 * engine for the values that reach a container.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../core/validate';
import { loadBatchFile } from '../core/surface/load-file';
import { readBatchEnvFiles } from '../core/surface/env-file';
import { runCliInCi, type Captured } from './support/cli-io';

const root = mkdtempSync(join(tmpdir(), 'gantry-env-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder with `gantry.yml` holding `yaml` and the other `files`; returns the batch file's path. */
function batch(yaml: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, yaml);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return file;
}

function gantry(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Captured> {
  return runCliInCi(argv, env, cwd);
}

const HEAD = 'version: 1\ndefaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }\n';
const TASK = 'tasks:\n  a:\n    run: echo "[$V]"\n    env: { V: "${{ env.FROM }}" }\n';

/** [code, line, character, severity] of each diagnostic. */
const where = (ds: readonly { code: string; severity: string; range: { start: { line: number; character: number } } }[]) =>
  ds.map((d) => [d.code, d.range.start.line, d.range.start.character, d.severity]);

describe('env-file: the key (parse, validate; the editor sees only this)', () => {
  it('takes a path or a list of paths, each with its place', () => {
    const one = validate(`${HEAD}env-file: .env\n${TASK}`);
    expect(one.diagnostics).toEqual([]);
    expect(one.file!.envFiles).toEqual([{ path: '.env', range: { start: { line: 2, character: 10 }, end: { line: 2, character: 14 } } }]);
    const list = validate(`${HEAD}env-file: [.env, "conf/.env.local"]\n${TASK}`);
    expect(list.diagnostics).toEqual([]);
    expect(list.file!.envFiles.map((e) => [e.path, e.range.start.line, e.range.start.character, e.range.end.character])).toEqual([
      ['.env', 2, 11, 15],
      ['conf/.env.local', 2, 17, 34],
    ]);
    const block = validate(`${HEAD}env-file:\n  - .env\n  - .env.local\n${TASK}`);
    expect(block.file!.envFiles.map((e) => [e.path, e.range.start.line, e.range.start.character])).toEqual([
      ['.env', 3, 4],
      ['.env.local', 4, 4],
    ]);
    expect(validate(`${HEAD}${TASK}`).file!.envFiles).toEqual([]);
  });

  it('refuses anything else with wrong-type at the value', () => {
    expect(where(validate(`${HEAD}env-file: { a: .env }\n${TASK}`).diagnostics)).toEqual([['wrong-type', 2, 10, 'error']]);
    // No value: at the key, as for every key.
    expect(where(validate(`${HEAD}env-file:\n${TASK}`).diagnostics)).toEqual([['wrong-type', 2, 0, 'error']]);
    expect(where(validate(`${HEAD}env-file: ""\n${TASK}`).diagnostics)).toEqual([['wrong-type', 2, 10, 'error']]);
    expect(where(validate(`${HEAD}env-file: [.env, [x], ""]\n${TASK}`).diagnostics)).toEqual([
      ['wrong-type', 2, 17, 'error'],
      ['wrong-type', 2, 22, 'error'],
    ]);
    // A typo of the key is an unknown key with its did-you-mean.
    const typo = validate(`${HEAD}env_file: .env\n${TASK}`).diagnostics;
    expect(typo.map((d) => d.code)).toEqual(['unknown-key']);
    expect(typo[0].message).toContain('env-file');
  });

  it('under strict, judges the text: outside the folder (.. or absolute) is policy-env-file-outside at the path', () => {
    const text = `${HEAD}env-file: [.env, ../up.env, /etc/environment, sub/../.env]\n${TASK}`;
    expect(where(validate(text, { policy: 'strict', baseDir: '/work/p', passEnv: ['FROM'] }).diagnostics)).toEqual([
      ['policy-env-file-outside', 2, 17, 'error'],
      ['policy-env-file-outside', 2, 28, 'error'],
    ]);
    expect(validate(text, { baseDir: '/work/p' }).diagnostics).toEqual([]);
    // Strict's rule for ${{ env.NAME }} stands whatever the key says.
    expect(where(validate(`${HEAD}env-file: .env\n${TASK}`, { policy: 'strict', baseDir: '/work/p' }).diagnostics)).toEqual([['policy-env', 6, 23, 'error']]);
  });
});

describe('env-file: read on the host (the shared loader)', () => {
  it('later files win; the given environment wins over them; values reach the graph', () => {
    const path = batch(`${HEAD}env-file: [a.env, b.env]\ntasks:\n  a:\n    run: "true"\n    env: { X: "\${{ env.ONE }}/\${{ env.TWO }}/\${{ env.THREE }}" }\n`, {
      'a.env': 'ONE=a1\nTWO=a2\nTHREE=a3\n',
      'b.env': 'TWO=b2\nTHREE=b3\n',
    });
    const loaded = loadBatchFile(path, { callerEnv: { THREE: 'shell' } });
    expect(loaded.ok && loaded.validation.graph.byId.get('a')!.env).toEqual({ X: 'a1/b2/shell' });
    expect(loaded.ok && loaded.callerEnv).toMatchObject({ ONE: 'a1', TWO: 'b2', THREE: 'shell' });
    // Without an environment (validate, plan) the files are still read and judged, and nothing is bound.
    const plain = loadBatchFile(path);
    expect(plain.ok && plain.diagnostics).toEqual([]);
    expect(plain.ok && plain.callerEnv).toBeUndefined();
  });

  it('a missing file is a warning at its path; a variable it would give is then env-unset', () => {
    const path = batch(`${HEAD}env-file: [gone.env]\n${TASK}`);
    expect(where(loadBatchFile(path).diagnostics)).toEqual([['env-file-missing', 2, 11, 'warning']]);
    expect(loadBatchFile(path).ok).toBe(true);
    const run = loadBatchFile(path, { callerEnv: {} });
    expect(where(run.diagnostics)).toEqual([['env-file-missing', 2, 11, 'warning'], ['env-unset', 6, 23, 'error']]);
    expect(loadBatchFile(path, { callerEnv: { FROM: 'ci' } }).ok).toBe(true);
  });

  it('a malformed file is env-file-invalid at its path, naming the line, never a value', () => {
    const path = batch(`${HEAD}env-file: .env\n${TASK}`, { '.env': '# c\nFROM=x\nSECRET_VALUE_123 is here\n' });
    const loaded = loadBatchFile(path, { callerEnv: {} });
    expect(loaded.ok).toBe(false);
    // Only the file's own error: its variables are not also reported unset.
    expect(where(loaded.diagnostics)).toEqual([['env-file-invalid', 2, 10, 'error']]);
    expect(loaded.diagnostics[0].message).toBe('env-file .env:3: not NAME=VALUE.');
    const quoted = batch(`${HEAD}env-file: .env\n${TASK}`, { '.env': 'FROM="s3cr3t-never-shown\n' });
    const d = loadBatchFile(quoted).diagnostics[0];
    expect(d.message).toBe('env-file .env:1: the double quote is not closed.');
    const folder = batch(`${HEAD}env-file: dir\n${TASK}`, { 'dir/x': '' });
    expect(loadBatchFile(folder).diagnostics.map((x) => [x.code, x.message])).toEqual([['env-file-invalid', 'env-file "dir" is a folder, not a dotenv file.']]);
    const big = batch(`${HEAD}env-file: big.env\n${TASK}`, { 'big.env': `A=${'x'.repeat(1024 * 1024)}\n` });
    expect(loadBatchFile(big).diagnostics.map((x) => x.message)).toEqual(['env-file "big.env" is larger than 1 MiB.']);
    const binary = batch(`${HEAD}env-file: bin.env\n${TASK}`, { 'bin.env': 'A=\u0000\n' });
    expect(loadBatchFile(binary).diagnostics.map((x) => x.code)).toEqual(['env-file-invalid']);
  });

  it('a FIFO never hangs the loader: refused as not a regular file (trusted) or by policy (strict)', () => {
    const path = batch(`${HEAD}env-file: pipe.env\n${TASK}`);
    execFileSync('mkfifo', [join(path, '..', 'pipe.env')]);
    expect(loadBatchFile(path).diagnostics.map((d) => [d.code, d.message])).toEqual([['env-file-invalid', 'env-file "pipe.env" is a FIFO, not a regular file.']]);
    expect(loadBatchFile(path, { policy: 'strict', passEnv: ['FROM'] }).diagnostics.map((d) => d.code)).toEqual(['policy-env-file-outside']);
    // The --env-file reader too.
    const dir = join(path, '..');
    return gantry(['run', 'gantry.yml', '--env-file', 'pipe.env'], {}, dir).then((r) => {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--env-file pipe.env: is a FIFO, not a regular file. [env-file-invalid]');
    });
  });

  it('under strict: a link (in or out), a file reached through a linked folder, or a device is refused; a regular file inside is read', () => {
    const outside = mkdtempSync(join(root, 'outside-'));
    writeFileSync(join(outside, 'host.env'), 'FROM=host\n');
    const path = batch(`${HEAD}env-file: [in.env, link-in.env, link-out.env, linked/host.env, null.env]\n${TASK}`, { 'in.env': 'FROM=inside\n' });
    const dir = join(path, '..');
    symlinkSync('in.env', join(dir, 'link-in.env'));
    symlinkSync(join(outside, 'host.env'), join(dir, 'link-out.env'));
    symlinkSync(outside, join(dir, 'linked'));
    symlinkSync('/dev/null', join(dir, 'null.env'));
    const strict = loadBatchFile(path, { policy: 'strict', callerEnv: {}, passEnv: ['FROM'] });
    expect(where(strict.diagnostics)).toEqual([
      ['policy-env-file-outside', 2, 19, 'error'],
      ['policy-env-file-outside', 2, 32, 'error'],
      ['policy-env-file-outside', 2, 46, 'error'],
      ['policy-env-file-outside', 2, 63, 'error'],
    ]);
    const messages = strict.diagnostics.map((d) => d.message);
    expect(messages[0]).toBe('env-file "link-in.env" is a symbolic link. The strict policy refuses it (the file is not trusted): use a regular file inside the batch file\'s folder.');
    expect(messages[2]).toContain(`is ${join(outside, 'host.env')} on this machine, outside the batch file's folder`);
    // Only the regular file inside was read.
    expect(readBatchEnvFiles({ envFiles: [{ path: 'in.env', range: strict.diagnostics[0].range }] }, { baseDir: dir, policy: 'strict' }).env).toEqual({ FROM: 'inside' });
    // Trusted follows links (the user's own file): the last one read wins, /dev/null is refused as a device.
    const trusted = loadBatchFile(path, { callerEnv: {} });
    expect(trusted.diagnostics.map((d) => [d.code, d.message])).toEqual([['env-file-invalid', 'env-file "null.env" is a device, not a regular file.']]);
  });
});

describe('env-file: through the real CLI', () => {
  beforeAll(() => {
    execFileSync('docker', ['image', 'inspect', 'busybox:latest'], { stdio: 'ignore' });
  });

  it('values from the files reach the container; precedence env-file: < --env-file < the environment; a missing file only warns', async () => {
    const path = batch(
      `${HEAD}env-file: [base.env, absent.env, local.env]\ntasks:\n  a:\n    secrets: [TOKEN]\n    run: echo "[$A] [$B] [$C] [$D] [$TOKEN]"\n    env: { A: "\${{ env.A }}", B: "\${{ env.B }}", C: "\${{ env.C }}", D: "\${{ env.D }}" }\n`,
      {
        'base.env': 'A=base-a\nB=base-b\nC=base-c\nD=base-d\nTOKEN=f1le-t0ken-value\n',
        'local.env': 'B=local-b\nC=local-c\nD=local-d\n',
        'flag.env': 'C=flag-c\nD=flag-d\n',
      },
    );
    const dir = join(path, '..');
    const r = await gantry(['run', 'gantry.yml', '--env-file', 'flag.env'], { D: 'shell-d' }, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('[base-a] [local-b] [flag-c] [shell-d] [***]');
    expect(r.stdout + r.stderr).not.toContain('f1le-t0ken');
    expect(r.stderr).toContain('gantry.yml:3:22: warning: env-file "absent.env": no such file');
    expect(r.stderr).toContain('[env-file-missing]');
    // validate and plan see the key too: the warning, exit 0.
    const v = await gantry(['validate', 'gantry.yml'], {}, dir);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr).toContain('gantry.yml:3:22: warning: env-file "absent.env": no such file');
    expect((await gantry(['plan', 'gantry.yml'], {}, dir)).stderr).toContain('[env-file-missing]');
  }, 90_000);

  it('a malformed file is exit 2 with FILE:LINE:COL and the dotenv line, before anything runs', async () => {
    const path = batch(`${HEAD}env-file:\n  - good.env\n  - bad.env\n${TASK}`, { 'good.env': 'FROM=x\n', 'bad.env': 'FROM=y\n\nno equals sign here\n' });
    const dir = join(path, '..');
    for (const command of ['run', 'validate']) {
      const r = await gantry([command, 'gantry.yml'], {}, dir);
      expect(r.code, command).toBe(2);
      expect(r.stderr).toContain('gantry.yml:5:5: error: env-file bad.env:3: not NAME=VALUE. [env-file-invalid]');
    }
    expect(() => readdirSync(join(dir, '.gantry'))).toThrow();
  }, 60_000);

  it('--policy strict: a link out is refused with its place; a file inside gives pass-env names only, and no secret', async () => {
    const outside = mkdtempSync(join(root, 'outside-'));
    writeFileSync(join(outside, 'runner.env'), 'FROM=runner\n');
    const linked = batch(`${HEAD}env-file: .env\n${TASK}`);
    symlinkSync(join(outside, 'runner.env'), join(linked, '..', '.env'));
    const refused = await gantry(['validate', 'gantry.yml', '--policy', 'strict', '--pass-env', 'FROM'], {}, join(linked, '..'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/gantry\.yml:3:11: error: env-file "\.env" is a symbolic link\. The strict policy refuses it .*\[policy-env-file-outside\]/);

    const path = batch(
      `${HEAD}env-file: .env\ntasks:\n  a:\n    secrets: [TOKEN]\n    run: echo "[$P] [\${TOKEN:-no token}]"\n    env: { P: "\${{ env.PASSED }}" }\n`,
      { '.env': 'PASSED=from-file\nOTHER=not-passed\nTOKEN=f1le-s3cret\n' },
    );
    const dir = join(path, '..');
    const r = await gantry(['run', 'gantry.yml', '--policy', 'strict', '--pass-env', 'PASSED'], {}, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('[from-file] [no token]');
    expect(r.stdout + r.stderr).not.toContain('f1le-s3cret');
    // A name the workflow does not pass stays refused, whatever the file sets.
    writeFileSync(path, `${HEAD}env-file: .env\ntasks:\n  a:\n    run: echo "[$O]"\n    env: { O: "\${{ env.OTHER }}" }\n`);
    const leak = await gantry(['run', 'gantry.yml', '--policy', 'strict', '--pass-env', 'PASSED'], {}, dir);
    expect(leak.code).toBe(2);
    expect(leak.stderr).toMatch(/gantry\.yml:7:24: error: .*OTHER.*\[policy-env\]/);
    expect(leak.stdout + leak.stderr).not.toContain('not-passed');
  }, 90_000);
});
