/**
 * How the reports show a task the task cache did not run: `cached (from RUN)` in report.md,
 * report.html, the action's summary table and comment counts; a report read as untrusted input
 * (mode: publish) keeps `cachedFrom` only when it is a run id.
 */
import { describe, expect, it } from 'vitest';
import { successRun } from './support/action-fixtures';
import { renderMarkdown } from '../core/report/report-md';
import { renderHtml } from '../core/report/report-html';
import { tableRow } from '../action/markdown';
import { renderComment } from '../action/comment';
import { readUntrustedReport } from '../action/publish-report';
import type { RunDocument } from '../core/report/run-document';

function cachedRun(from = '20260101-000000-ab12'): RunDocument {
  const doc = successRun();
  const unit = doc.units.find((u) => u.kind === 'task')!;
  unit.cachedFrom = from;
  unit.attempts[0].outcome = { status: 'succeeded', cached: { run: from } };
  return doc;
}

describe('a cached task in the reports', () => {
  it('reads cached (from RUN) in report.md, report.html and the action table', () => {
    const doc = cachedRun();
    const unit = doc.units.find((u) => u.cachedFrom)!;
    expect(renderMarkdown(doc)).toContain('cached (from 20260101-000000-ab12)');
    expect(renderHtml(doc)).toContain('cached (from 20260101-000000-ab12)');
    expect(tableRow(unit)).toMatch(/cached \\?\(from 20260101-000000-ab12\\?\)/);
    // The fixture: a service and three tasks succeeded, one of the tasks from the cache.
    expect(renderComment(doc, { file: 'gantry.yml' })).toContain('✅ 3 passed · ♻️ 1 cached');
  });

  it('keeps cachedFrom of an untrusted report only when it is a run id', () => {
    const good = readUntrustedReport(JSON.stringify(cachedRun()));
    expect(good.units.some((u) => u.cachedFrom === '20260101-000000-ab12')).toBe(true);
    const bad = readUntrustedReport(JSON.stringify(cachedRun('x](http://evil) <b>')));
    expect(bad.units.some((u) => u.cachedFrom !== undefined)).toBe(false);
  });
});
