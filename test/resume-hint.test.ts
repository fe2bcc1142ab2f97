/**
 * What a failed `gantry run` prints about the volumes it kept for `--resume` (cli/run.ts
 * `resumeHint`): both commands ready to paste, their comments lined up, the cleanup naming the run
 * (a bare `gantry cleanup` would remove every ended run's leftovers on the engine); and `--resume`
 * reading FILE and RUN in either order.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeHint } from '../cli/run';
import { runCli } from './support/cli-io';

describe('resume hint', () => {
  it('names the run in the cleanup and lines the comments up', () => {
    const text = resumeHint({ data: { volume: 'gantry-20250101-120000-ab12-data', run: '20250101-120000-ab12' } }, 'ci/gantry.yml', '20250101-120000-ab12');
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toEqual([
      'kept for --resume: volume data (gantry-20250101-120000-ab12-data)',
      `  gantry run ci/gantry.yml --resume${' '.repeat(11)}# runs again only what failed or did not run`,
      '  gantry cleanup --run 20250101-120000-ab12   # removes them (so does the next full run here)',
    ]);
    expect(lines[1].indexOf('#')).toBe(lines[2].indexOf('#'));
  });
});

describe('--resume FILE RUN', () => {
  it('takes the batch file first and the run second too (not the run as a file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-resume-args-'));
    try {
      writeFileSync(join(dir, 'gantry.yml'), 'version: 1\ntasks:\n  a: { image: busybox:latest, run: "true" }\n');
      for (const argv of [
        ['run', '--resume', 'gantry.yml', '20990101-000000-abcd'],
        ['run', '--resume', '20990101-000000-abcd', 'gantry.yml'],
        ['run', 'gantry.yml', '--resume', '20990101-000000-abcd'],
      ]) {
        const r = await runCli(argv, { cwd: dir });
        expect(r.code, argv.join(' ')).toBe(2);
        expect(r.stderr, argv.join(' ')).toContain('No run 20990101-000000-abcd in .gantry/runs');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
