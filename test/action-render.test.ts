/**
 * The job summary and the pull request comment, rendered from hand-made run documents. The
 * snapshots under test/__snapshots__/ were read by a person (and the summary looked at rendered in
 * a browser); a change to them is a change to what users see.
 */
import { describe, expect, it } from 'vitest';
import { renderSummary, SUMMARY_LIMIT } from '../action/summary';
import { COMMENT_LIMIT, commentMarker, renderComment } from '../action/comment';
import { failedRun, hugeRun, successRun } from './support/action-fixtures';
import { renderMarkdown } from '../core/report/report-md';
import { renderHtml } from '../core/report/report-html';

describe('job summary', () => {
  it('renders a failed run: result, table, timeline, critical path, log tails', async () => {
    const md = renderSummary(failedRun(), { reportPath: '.gantry/runs/20260101T120000Z-ab12/report.json' });
    await expect(md).toMatchFileSnapshot('__snapshots__/action-summary-failure.md');
    expect(md).toContain('❌ **failure** · 1 of 5 tasks failed · 1 skipped');
    expect(md).toContain('```mermaid\ngantt');
    expect(md).toContain('**Critical path** (58s): `build` → `test[shard=2]`');
    // The last 30 lines of the last attempt, not of the first, inside a fence the log cannot close.
    expect(md).toContain('Last 30 log lines of attempt 2:');
    expect(md).not.toContain('ok 19 - case 19\n');
    expect(md).toContain('ok 20 - case 20\n');
    expect(md).toContain('````text\n');
    // Failed first in the table; the OOM allowed to fail is a row, not a failure of the batch.
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Task') && !l.startsWith('| ---'));
    expect(rows[0]).toMatch(/^\| test\\\[shard=2\\\] \| ❌ failed/);
    expect(md).toContain('| lint | 💥 oom (allowed)');
  });

  it('renders a successful run without a failures section', async () => {
    const md = renderSummary(successRun());
    await expect(md).toMatchFileSnapshot('__snapshots__/action-summary-success.md');
    expect(md).toContain('✅ **success** · 3 tasks');
    expect(md).not.toContain('### Failed');
  });

  it('says nothing of parallel when it is unlimited', () => {
    const doc = successRun();
    doc.capacity.parallel = Number.POSITIVE_INFINITY;
    expect(renderSummary(doc)).toContain('Capacity: 2 cpus, 4Gi memory · run `20260101T120000Z-ab12`');
  });

  it('claims no plan prediction when no task has an estimate', () => {
    const doc = successRun();
    expect(renderSummary(doc)).toContain('plan predicted 1m');
    for (const u of doc.units) u.estimated = false;
    expect(renderSummary(doc)).not.toContain('plan predicted');
    expect(renderMarkdown(doc)).not.toContain('plan predicted');
    expect(renderHtml(doc)).not.toContain('plan predicted');
  });

  it('never says "Infinity at once" (nor "null at once" once read back from report.json)', () => {
    for (const parallel of [Number.POSITIVE_INFINITY, null]) {
      const doc = successRun();
      (doc.capacity as { parallel: number | null }).parallel = parallel;
      for (const text of [renderSummary(doc), renderMarkdown(doc), renderHtml(doc)]) {
        expect(text).not.toMatch(/(Infinity|null|NaN)/);
        expect(text).not.toContain('at once');
      }
    }
  });

  it('stays under 1 MiB for a huge run, saying what it left out', () => {
    const doc = hugeRun(20_000);
    const md = renderSummary(doc);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(md).toMatch(/\d+ more rows left out to stay under GitHub's summary size limit/);
    expect(md).toContain('❌ **failure** · 20000 of 20000 tasks failed');
  });

  it('drops log tails before the table when only the tails are too big', () => {
    const doc = hugeRun(200); // 200 × 30 × 400 B of tails ≈ 2.4 MB; the table alone is small
    const md = renderSummary(doc);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(md.split('\n').filter((l) => l.startsWith('| shard'))).toHaveLength(200);
    expect(md).toContain('Last 10 log lines of attempt 1:');
  });
});

describe('pull request comment', () => {
  it('starts with the marker and links the job summary', async () => {
    const body = renderComment(failedRun(), { file: 'ci/gantry.yml', runUrl: 'https://github.com/octo/app/actions/runs/42' });
    await expect(body).toMatchFileSnapshot('__snapshots__/action-comment-failure.md');
    expect(body.startsWith(`${commentMarker('ci/gantry.yml')}\n`)).toBe(true);
    expect(body).toContain('[job summary](https://github.com/octo/app/actions/runs/42)');
    // No logs in a comment: it is written through the API, where the runner's masking does not apply.
    expect(body).not.toContain('AssertionError');
  });

  it('is for reviewers: failed tasks first with their first error line, passing ones collapsed, commit, base-branch duration', () => {
    const sha = 'abcdef0123456789abcdef0123456789abcdef01';
    const body = renderComment(failedRun(), {
      file: 'ci/gantry.yml',
      runUrl: 'https://github.com/octo/app/actions/runs/42',
      commit: { sha, url: `https://github.com/octo/app/commit/${sha}` },
      baseline: { makespan: 50_000, ref: 'main' },
    });
    const lines = body.split('\n');
    const failedAt = lines.indexOf('| Failed | Why | First error line |');
    const detailsAt = lines.indexOf('<details>');
    expect(failedAt).toBeGreaterThan(0);
    expect(failedAt).toBeLessThan(detailsAt);
    // The first line that reads like an error, as inline code: its backticks and pipe cannot break the table.
    expect(lines[failedAt + 2]).toBe("| test\\[shard=2\\] | failed: exit code 1 (2 attempts) | `not ok 46 - parses <html> & 'code' \\| pipes` |");
    expect(lines[detailsAt + 1]).toBe('<summary>✅ 3 passed · ⚠️ 1 oom (allowed) · ⏭️ 1 skipped</summary>');
    expect(body).toContain(`commit [\`abcdef0\`](https://github.com/octo/app/commit/${sha}) · makespan 1m5s vs 50s on \`main\` (+15s, +31%)`);
  });

  it('says which selection it shows, and keeps its own marker per key', () => {
    const body = renderComment(successRun(), { file: 'gantry.yml', key: 'gantry.yml#lint', selection: 'only: lint' });
    expect(body.startsWith(`${commentMarker('gantry.yml#lint')}\n`)).toBe(true);
    expect(body).toContain('shows only: lint');
    expect(body).not.toContain('| Failed |');
  });

  it('the marker cannot be closed early by a file name', () => {
    expect(commentMarker('a -->b.yml')).toBe('<!-- gantry:comment a%20--%3Eb.yml -->');
    expect(commentMarker('ci/gantry.yml')).not.toBe(commentMarker('gantry.yml'));
  });

  it('is truncated under 65,536 characters with a link to the summary', () => {
    const body = renderComment(hugeRun(5_000), { file: 'gantry.yml', runUrl: 'https://github.com/octo/app/actions/runs/42' });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toMatch(/_\d+ more failed tasks left out to fit GitHub's comment limit: see the \[job summary\]\(https:\/\/github\.com\/octo\/app\/actions\/runs\/42\)\._/);
    expect(body.startsWith(commentMarker('gantry.yml'))).toBe(true);
  });
});
