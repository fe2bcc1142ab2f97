/**
 * `gantry run` refuses a cache.key that names nothing before anything runs: exit 2, one line with
 * the file's place (FILE:LINE:COL), its code and a hint, never a stack trace.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from './support/cli-io';

const dir = mkdtempSync(join(tmpdir(), 'gantry-cache-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a missing cache.key file: exit 2, gantry.yml:LINE:COL, the code (as validate gives it), a hint', async () => {
  writeFileSync(join(dir, 'gantry.yml'), 'version: 1\ntasks:\n  a:\n    image: busybox:latest\n    run: "true"\n    cache: { key: [nope.txt] }\n');
  const r = await runCli(['run', 'gantry.yml'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    'gantry: error: gantry.yml:6:20: Task "a": cache.key "nope.txt" does not exist in the batch file\'s folder. A cache key that silently lost a file could hit when it should not. [cache-key-missing]\n  hint: Fix the path or glob, or remove it from cache.key.\n',
  );
});
