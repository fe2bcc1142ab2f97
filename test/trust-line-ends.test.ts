/**
 * Trust boundary: a file with old-Mac line ends (`\r` alone) is read as the lines it has — as
 * YAML, LSP and every editor count them — not as one long line (or, when it starts with a comment,
 * as an empty file). `gantry validate` and `validate()` agree: the CLI reads through validate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../core/diagnostics';
import { parseBatchFile } from '../core/parse';
import { validate } from '../core/validate';
import { URI } from './lsp/fixtures';
import { startHarness } from './lsp/harness';
import { runCli } from './support/cli-io';

const GOOD = '# a comment first\nversion: 1\ndefaults: { image: busybox, cpus: 0.5, memory: 64Mi }\ntasks:\n  build:\n    run: "true"\n  test:\n    needs:\n      - build\n    run: |\n      echo one\n      echo two\n';
const BAD = 'version: 1\ndefaults: { image: busybox }\ntasks:\n  build:\n    run: "true"\n    neds: [x]\n  test:\n    needs: [biuld]\n    timeout: 0s\n';

const cr = (text: string) => text.replace(/\n/g, '\r');
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

const dir = mkdtempSync(join(tmpdir(), 'gantry-trust-eol-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CR-only line ends', () => {
  it('read as the same file as with LF or CRLF', () => {
    const lf = validate(GOOD);
    expect(lf.diagnostics).toEqual([]);
    for (const text of [cr(GOOD), crlf(GOOD)]) {
      const v = validate(text);
      expect(v.diagnostics).toEqual([]);
      expect(v.file?.tasks.map((t) => [t.name, t.run, t.needs.map((n) => n.name)])).toEqual([
        ['build', 'true', []],
        ['test', 'echo one\necho two\n', ['build']],
      ]);
      expect(v.graph?.units.map((u) => u.id)).toEqual(lf.graph?.units.map((u) => u.id));
    }
  });

  it('each problem on its own line, at the same line and column as with LF (both YAML readers)', () => {
    for (const slowYaml of [false, true]) {
      const lf = validate(BAD, { slowYaml }).diagnostics;
      expect(lf.map((d) => d.code)).toEqual(['unknown-key', 'needs-unknown', 'invalid-duration']);
      expect(validate(cr(BAD), { slowYaml }).diagnostics).toEqual(lf);
      expect(validate(crlf(BAD), { slowYaml }).diagnostics).toEqual(lf);
    }
  });

  it('a file starting with a comment is not empty, and its lines are counted', () => {
    const r = parseBatchFile(cr(GOOD));
    expect(r.diagnostics).toEqual([]);
    expect(r.lineCounter.lineStarts.length).toBe(GOOD.split('\n').length);
  });

  it('mixed line ends count every break once', () => {
    const mixed = 'version: 1\rtasks:\r\n  a:\n    image: busybox\r    run: x\r\n    neds: [y]\r';
    expect(validate(mixed).diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character])).toEqual([['unknown-key', 5, 4]]);
  });

  it('the language server publishes them at the lines the editor shows', async () => {
    const h = await startHarness();
    try {
      const lf = (await h.open(URI, BAD)).map((d) => [d.code, d.range]);
      expect(lf.map(([code]) => code)).toEqual(['unknown-key', 'needs-unknown', 'invalid-duration']);
      expect((await h.change(URI, cr(BAD))).map((d) => [d.code, d.range])).toEqual(lf);
    } finally {
      h.close();
    }
  });

  it('gantry validate agrees with validate()', async () => {
    writeFileSync(join(dir, 'good-cr.yml'), cr(GOOD));
    writeFileSync(join(dir, 'bad-cr.yml'), cr(BAD));
    const good = await runCli(['validate', 'good-cr.yml'], { cwd: dir });
    expect(good).toEqual({ code: 0, stdout: 'good-cr.yml: ok (2 tasks, 0 services)\n', stderr: '' });
    const bad = await runCli(['validate', 'bad-cr.yml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(validate(BAD).diagnostics.map((d) => `${formatDiagnostic('bad-cr.yml', d)}\n`).join(''));
  });
});
