/**
 * A dotenv file the batch file names (`env-file:`) is the batch file's: under `strict`, a fork's.
 * It is read by every `gantry run` and `validate` of the CLI and the action. A double quote left
 * open over the rest of a 1 MiB file (a million empty lines) must cost one pass over it, not one
 * pass per line (which held the runner for about an hour before the file was refused). Without
 * the fix this test does not end within the suite's timeout; with it, it takes a moment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnvFile, readBatchEnvFiles } from '../core/surface/env-file';

const root = mkdtempSync(join(tmpdir(), 'gantry-trust-env-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('env-file: a quote left open', () => {
  it('over a million lines is refused after one pass (the suite timeout, not an hour)', () => {
    const text = `A="${'\n'.repeat(1024 * 1024 - 8)}`;
    writeFileSync(join(root, '.env'), text);
    const read = readBatchEnvFiles({ envFiles: [{ path: '.env', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] } as never, {
      baseDir: root,
      policy: 'strict',
    });
    expect(read.diagnostics.map((d) => [d.code, d.message])).toEqual([['env-file-invalid', 'env-file .env:1: the double quote is not closed.']]);
    // The same with backslashes ending every line, and with a long last line.
    expect(parseEnvFile(`A="${'x\\\n'.repeat(300_000)}`)).toEqual({ line: 1, message: 'the double quote is not closed' });
  });

  it('reads multi-line values as before', () => {
    expect(parseEnvFile('A="one\ntwo \\" still\nthree" # c\nB=2')).toEqual({ env: Object.assign(Object.create(null), { A: 'one\ntwo " still\nthree', B: '2' }) });
    // A backslash at a line's end escapes the line break only; the next line's quote closes.
    expect(parseEnvFile('A="x\\\n"\nB="\\\\"')).toEqual({ env: Object.assign(Object.create(null), { A: 'x\\\n', B: '\\' }) });
    expect(parseEnvFile('A="x\n\\"\n"')).toEqual({ env: Object.assign(Object.create(null), { A: 'x\n"\n' }) });
    expect(parseEnvFile('A="x\nB=1')).toEqual({ line: 1, message: 'the double quote is not closed' });
  });
});
