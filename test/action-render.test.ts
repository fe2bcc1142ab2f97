/**
 * The job summary and the pull request comment, rendered from hand-made run documents. The
 * snapshots under test/__snapshots__/ were read by a person (and the summary looked at rendered in
 * a browser); a change to them is a change to what users see.
 */
import { describe, expect, it } from 'vitest';
import { renderSummary, SUMMARY_LIMIT } from '../action/summary';
import { COMMENT_LIMIT, commentMarker, renderComment } from '../action/comment';
import { failedRun, hugeRun, successRun } from './support/action-fixtures';

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
    expect(renderSummary(doc)).toContain('Capacity: 2 cpus · 4Gi · run `20260101T120000Z-ab12`');
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

  it('the marker cannot be closed early by a file name', () => {
    expect(commentMarker('a -->b.yml')).toBe('<!-- gantry:comment a%20--%3Eb.yml -->');
    expect(commentMarker('ci/gantry.yml')).not.toBe(commentMarker('gantry.yml'));
  });

  it('is truncated under 65,536 characters with a link to the summary', () => {
    const body = renderComment(hugeRun(5_000), { file: 'gantry.yml', runUrl: 'https://github.com/octo/app/actions/runs/42' });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toMatch(/_Truncated: \d+ of 5000 rows left out to fit GitHub's comment limit\. See the \[job summary\]\(https:\/\/github\.com\/octo\/app\/actions\/runs\/42\) for all of them\._/);
    expect(body.startsWith(commentMarker('gantry.yml'))).toBe(true);
  });
});
