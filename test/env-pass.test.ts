/**
 * The caller's environment in env values (issue 12): `${{ env.NAME }}` reads a variable of the
 * environment Gantry runs in — in env values only; under `strict` only the names the workflow
 * passes (`--pass-env`, the action's `pass-env`), never the file itself; an unset variable is a
 * positioned error before anything runs. `--env-file` gives local runs what a workflow's `env:`
 * gives the action, for `${{ env.NAME }}` and `secrets:` alike.
 *
 * Validation without the engine; `gantry run` in-process (cli/main.ts) on the real engine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../core/validate';
import { parseEnvFile } from '../core/surface/env-file';
import { readInputs } from '../action/inputs';
import { runCliInCi, type Captured } from './support/cli-io';

const root = mkdtempSync(join(tmpdir(), 'gantry-env-pass-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function batch(yaml: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, yaml);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return file;
}

function gantry(argv: string[], env: NodeJS.ProcessEnv, cwd = root): Promise<Captured> {
  return runCliInCi(argv, env, cwd);
}

const HEAD = 'version: 1\ndefaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }\ntasks:\n';

const codes = (text: string, options: Parameters<typeof validate>[1] = {}) =>
  validate(text, options).diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]);

describe('${{ env.NAME }}: validation', () => {
  const FILE = `${HEAD}  a:\n    run: echo "$V"\n    env: { V: "x-\${{ env.GREETING }}" }\n`;

  it('is allowed in env values (tasks, services, defaults), and nowhere else', () => {
    expect(codes(FILE)).toEqual([]);
    expect(codes(`version: 1\ndefaults: { image: busybox, env: { A: "\${{ env.A }}" } }\nservices:\n  db: { run: "sleep 9", env: { P: "\${{ env.P }}" } }\ntasks:\n  a: { run: "true", needs: [db] }\n`)).toEqual([]);
    expect(codes(`${HEAD}  a:\n    run: echo \${{ env.GREETING }}\n`)).toEqual([['expression-not-allowed', 4, 14]]);
    // Not a name: the parser's.
    expect(codes(`${HEAD}  a:\n    run: "true"\n    env: { V: "\${{ env.A.B }}" }\n`)[0][0]).toBe('invalid-expression');
  });

  it('under strict is refused at the name unless the workflow passes it', () => {
    expect(codes(FILE, { policy: 'strict' })).toEqual([['policy-env', 5, 25]]);
    expect(codes(FILE, { policy: 'strict', passEnv: ['GREETING'] })).toEqual([]);
    expect(codes(FILE, { policy: 'strict', passEnv: ['OTHER'] })).toEqual([['policy-env', 5, 25]]);
  });
});

describe('--env-file: the format', () => {
  it('reads NAME=VALUE, export, comments, quotes (single as written, double with escapes, over lines)', () => {
    const parsed = parseEnvFile(
      ['# comment', '', 'A=plain value # note', 'export B = spaced', "C='lit $X \\n'", 'D="two\\nlines \\"q\\""', 'E="multi', 'line"', 'F=', 'G=a#b'].join('\n'),
    );
    expect(parsed).toEqual({ env: { A: 'plain value', B: 'spaced', C: 'lit $X \\n', D: 'two\nlines "q"', E: 'multi\nline', F: '', G: 'a#b' } });
    expect(parseEnvFile('A=1\nnot a line\n')).toEqual({ line: 2, message: 'not NAME=VALUE' });
    expect(parseEnvFile('A="open\n')).toEqual({ line: 1, message: 'the double quote is not closed' });
  });
});

describe('the action input pass-env', () => {
  it('is a list of variable names; anything else is refused', () => {
    const inputs = (value: string) => readInputs((name) => (name === 'pass-env' ? value : ''));
    expect(inputs('A, B\nC_1').passEnv).toEqual(['A', 'B', 'C_1']);
    expect(inputs('').passEnv).toEqual([]);
    expect(() => inputs('A,$(id)')).toThrow(/pass-env.*\$\(id\)/);
  });
});

describe('${{ env.NAME }} and --env-file on the real engine (gantry run)', () => {
  beforeAll(() => {
    execFileSync('docker', ['image', 'inspect', 'busybox:latest'], { stdio: 'ignore' });
  });

  it('fills the variable in, with matrix values in one pass (a value is never read as an expression)', async () => {
    const file = batch(`${HEAD}  a:\n    matrix: { n: [1] }\n    run: echo "[$V]"\n    env: { V: "\${{ matrix.n }}-\${{ env.GREETING }}" }\n`);
    const r = await gantry(['run', file], { GREETING: 'hello ${{ env.OTHER }}', OTHER: 'no' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('[1-hello ${{ env.OTHER }}]');
  }, 60_000);

  it('an unset variable is a positioned error before anything runs (exit 2)', async () => {
    const file = batch(`${HEAD}  a:\n    run: echo "$V"\n    env: { V: "\${{ env.NOPE_UNSET }}" }\n`);
    const r = await gantry(['run', file], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gantry\.yml:6:24: error: .*NOPE_UNSET, which is not set .*\[env-unset\]/);
    expect(() => readdirSync(join(file, '..', '.gantry'))).toThrow();
  }, 60_000);

  it('under --policy strict: refused with its place (exit 2) unless --pass-env names it', async () => {
    const file = batch(`${HEAD}  a:\n    run: echo "[$V]"\n    env: { V: "\${{ env.GREETING }}" }\n`);
    const refused = await gantry(['run', file, '--policy', 'strict'], { GREETING: 'hi' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/gantry\.yml:6:24: error: .*GREETING.*--pass-env GREETING.*\[policy-env\]/);
    const passed = await gantry(['run', file, '--policy', 'strict', '--pass-env', 'GREETING'], { GREETING: 'hi' });
    expect(passed.code, passed.stderr).toBe(0);
    expect(passed.stdout).toContain('[hi]');
    expect((await gantry(['run', file, '--pass-env', 'NOT-A-NAME'], {})).code).toBe(2);
    // gantry validate judges a fork's file as the action would, with what the workflow passes.
    expect((await gantry(['validate', file, '--policy', 'strict'], {})).code).toBe(2);
    expect((await gantry(['validate', file, '--policy', 'strict', '--pass-env', 'GREETING'], {})).code).toBe(0);
  }, 60_000);

  it('--env-file gives ${{ env.NAME }} and secrets their values; the environment wins; a bad file is exit 2 with its line', async () => {
    const file = batch(
      `${HEAD}  a:\n    secrets: [TOKEN]\n    run: echo "[$V] [$W] [$TOKEN]"\n    env: { V: "\${{ env.FROM_FILE }}", W: "\${{ env.BOTH }}" }\n`,
      { 'local.env': 'FROM_FILE=file value\nBOTH=from file\nTOKEN="t0p-s3cr3t-from-file"\n', 'bad.env': 'A=1\nB\n' },
    );
    const dir = join(file, '..');
    const r = await gantry(['run', 'gantry.yml', '--env-file', 'local.env'], { BOTH: 'from env' }, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('[file value] [from env] [***]');
    expect(r.stdout).not.toContain('t0p-s3cr3t');
    const runs = join(dir, '.gantry', 'runs');
    const report = readFileSync(join(runs, readdirSync(runs)[0], 'report.json'), 'utf8');
    expect(report).not.toContain('t0p-s3cr3t');

    const bad = await gantry(['run', 'gantry.yml', '--env-file', 'bad.env'], {}, dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--env-file bad.env:2: not NAME=VALUE. [env-file-invalid]');
    const missing = await gantry(['run', 'gantry.yml', '--env-file', 'nope.env'], {}, dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--env-file nope.env: no such file');
  }, 90_000);
});
