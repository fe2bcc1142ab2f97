/**
 * Trust boundary: a batch file that is not UTF-8 text gets one code, `invalid-utf8`, at the first
 * bad byte — from `validate()` (the language server's text, where the editor shows the bytes as
 * U+FFFD), from `gantry validate` and from the GitHub Action, which decode the bytes with the same
 * `decodeBatchFile` and leave the check to validate().
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runAction } from '../action/run-action';
import { decodeBatchFile } from '../core/parse';
import { PARSE_CODES } from '../core/parse-codes';
import { validate } from '../core/validate';
import { URI } from './lsp/fixtures';
import { startHarness } from './lsp/harness';
import { runCli } from './support/cli-io';

const dir = mkdtempSync(join(tmpdir(), 'gantry-trust-utf8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `image: caf` then the byte 0xE9 (Latin-1 "é", not UTF-8), on line 4, column 15 (one-based). */
const LATIN1 = Buffer.concat([
  Buffer.from('version: 1\ntasks:\n  a:\n    image: caf', 'utf8'),
  Buffer.from([0xe9]),
  Buffer.from('\n    run: "true"\n', 'utf8'),
]);
const AT = { line: 3, character: 14 };
const GOOD = 'version: 1\ntasks:\n  a:\n    image: café\n    run: "true"\n';

function write(name: string, bytes: Buffer | string): string {
  writeFileSync(join(dir, name), bytes);
  return name;
}

describe('invalid UTF-8', () => {
  it('is a documented code', () => {
    expect(PARSE_CODES).toHaveProperty('invalid-utf8');
  });

  it('validate() refuses the decoded bytes, at the first bad byte', () => {
    const { diagnostics, file } = validate(decodeBatchFile(LATIN1));
    expect(file).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.range])).toEqual([['invalid-utf8', { start: AT, end: { line: AT.line, character: AT.character + 1 } }]]);
  });

  it('validate() gives the same for the text an editor hands the language server (U+FFFD), and for lone surrogates', () => {
    const editor = LATIN1.toString('utf8'); // as Node and VS Code decode it: U+FFFD for the bad byte
    expect(validate(editor).diagnostics.map((d) => [d.code, d.range.start])).toEqual([['invalid-utf8', AT]]);
    expect(validate(GOOD.replace('é', '\ud800')).diagnostics.map((d) => [d.code, d.range.start])).toEqual([['invalid-utf8', AT]]);
    expect(validate(GOOD.replace('é', '\udc00x')).diagnostics.map((d) => [d.code, d.range.start])).toEqual([['invalid-utf8', AT]]);
  });

  it('the language server publishes the same code at the same place', async () => {
    const h = await startHarness();
    try {
      const diagnostics = await h.open(URI, LATIN1.toString('utf8'));
      expect(diagnostics.map((d) => [d.code, d.range.start])).toEqual([['invalid-utf8', AT]]);
    } finally {
      h.close();
    }
  });

  it('accepts UTF-8 text, astral characters and a byte order mark', () => {
    expect(validate(decodeBatchFile(Buffer.from(GOOD))).diagnostics).toEqual([]);
    expect(validate(GOOD.replace('é', '😀')).diagnostics).toEqual([]);
    const bom = decodeBatchFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD)]));
    expect(bom).toBe(GOOD);
  });

  it('gantry validate prints the same code at the same place', async () => {
    const r = await runCli(['validate', write('latin1.yml', LATIN1)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^latin1\.yml:4:15: error: .*\[invalid-utf8\]\n$/);
    expect(await runCli(['validate', write('good.yml', GOOD)], { cwd: dir })).toMatchObject({ code: 0, stderr: '' });
  });

  describe('the GitHub Action', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      process.exitCode = undefined;
    });

    async function action(file: string): Promise<{ code: number; log: string }> {
      let log = '';
      // Inputs as the runner passes them; the runner's files in `dir`.
      Object.assign(process.env, { INPUT_FILE: file, INPUT_COMMENT: 'never', INPUT_POLICY: 'strict' });
      for (const key of ['OUTPUT', 'STATE', 'STEP_SUMMARY']) writeFileSync((process.env[`GITHUB_${key}`] = join(dir, key)), '');
      for (const key of ['GITHUB_ENV', 'GITHUB_EVENT_PATH']) delete process.env[key];
      const code = await runAction({ env: {}, cwd: dir, signal: new AbortController().signal, write: (text) => void (log += text) });
      return { code, log };
    }

    it('reports the same code at the same place, and runs nothing', async () => {
      const { code, log } = await action(write('action-latin1.yml', LATIN1));
      expect(code).toBe(2);
      expect(log).toMatch(/::error [^\n]*line=4,[^\n]*col=15[^\n]*::[^\n]*invalid-utf8/);
    });
  });
});
