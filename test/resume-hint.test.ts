/**
 * What a failed `gantry run` prints about the volumes it kept for `--resume` (cli/run.ts
 * `resumeHint`): both commands ready to paste, their comments lined up, the cleanup naming the run
 * (a bare `gantry cleanup` would remove every ended run's leftovers on the engine).
 */
import { describe, expect, it } from 'vitest';
import { resumeHint } from '../cli/run';

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
