/**
 * The job summary and the pull request comment as a reader sees them: GitHub-flavoured Markdown with
 * every Mermaid chart drawn by the real Mermaid in headless Chromium (test/support/render-gfm.ts), in
 * three time zones. Fails on Mermaid's error graphic (a parse error, "Maximum text size in diagram
 * exceeded"), on a time axis that is not elapsed time from 00:00 or differs between zones, on a bar
 * that vanished, on failed bars that do not stand out, and on a chart too tall to read.
 *
 * Also report.html with no `parallel` limit: no NaN in its SVG (Chromium logs `attribute y1:
 * Expected length, "NaN"`) and a containers chart that shows something.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './e2e/chromium';
import { mermaidPage, renderMarkdown, type RenderedChart } from './support/render-gfm';
import { renderSummary } from '../action/summary';
import { renderComment } from '../action/comment';
import { renderHtml } from '../core/report/report-html';
import { MAX_BARS } from '../core/report/gantt-md';
import type { RunDocument, UnitDocument } from '../core/report/run-document';
import { failedRun, successRun } from './support/action-fixtures';

const ZONES = ['UTC', 'Asia/Kolkata', 'America/New_York'] as const;
const KEYWORDS = ['click', 'call', 'gantt', 'title', 'section', 'excludes', 'includes', 'todaymarker', 'dateFormat', 'axisFormat'];
const MI = 1024 * 1024;

function task(id: string, start: number, end: number, status: UnitDocument['status'] = 'succeeded', name = id.replace(/\[.*$/, '')): UnitDocument {
  const outcome = status === 'succeeded' ? { status: 'succeeded' as const, exitCode: 0 } : { status: 'failed' as const, exitCode: 1, message: 'exit code 1' };
  return {
    id, kind: 'task', name, status, needs: [], cpus: 1, memory: 128 * MI, estimate: 10_000, allowFailure: false, start, end,
    attempts: [{ number: 1, start, end, memory: 128 * MI, outcome, ...(status === 'succeeded' ? {} : { logTail: ['Error: boom'] }) }],
  };
}

function runOf(units: UnitDocument[], result: RunDocument['result'] = 'success'): RunDocument {
  const doc = successRun();
  doc.units = units;
  doc.result = result;
  doc.makespan = Math.max(...units.map((u) => u.end ?? 0));
  doc.criticalPath = [units[0].id];
  return doc;
}

/** The documents rendered, each a summary and a comment. */
const DOCS: Record<string, () => RunDocument> = {
  small: successRun,
  failing: failedRun,
  keywords: () => runOf(KEYWORDS.map((k, i) => task(k, i * 1000, i * 1000 + 5000, i === 2 ? 'failed' : 'succeeded')), 'failure'),
  // 80 tasks: a matrix of 78 and two more, one expansion failed.
  '80 tasks': () => runOf([task('build', 0, 20_000), ...Array.from({ length: 78 }, (_, i) => task(`test[n=${i}]`, 20_000 + (i % 8) * 500, 40_000 + i * 300, i === 41 ? 'failed' : 'succeeded')), task('report', 64_000, 66_000)], 'failure'),
  // A service that never became healthy is the failure; the task that needed it was skipped.
  'failed service': () =>
    runOf([{ ...task('db', 0, 8000, 'failed'), kind: 'service', attempts: [] }, task('migrate', 0, 1000), { ...task('test', 0, 0, 'skipped'), start: undefined, end: undefined, attempts: [] }], 'failure'),
  // Past an hour: the axis in hours and minutes from 00:00.
  'two hours': () => runOf([task('build', 0, 600_000), task('soak', 600_000, 7_200_000), task('lint', 60_000, 1_800_000, 'failed')], 'failure'),
  // Past Mermaid's text limit before: 1,200 bars of ~100 characters.
  '1200 tasks': () => runOf(Array.from({ length: 1200 }, (_, i) => task(`t${i}[os=linux,node=20,shard=${i}]`, i * 50, i * 50 + 4000, 'succeeded', `t${i % 40}`))),
};

const EXPECTED_TICKS: Record<string, string[]> = {
  failing: ['00:00', '00:10', '00:20', '00:30', '00:40', '00:50'],
  'two hours': ['00:00', '00:15', '00:30', '00:45', '01:00', '01:15', '01:30', '01:45', '02:00'],
};

describe.skipIf(!chromiumAvailable())('summary and comment rendered by Mermaid in Chromium', () => {
  let browser: Browser;
  const pages = new Map<string, Page>();
  /** zone → document → [summary charts, comment charts] */
  const rendered = new Map<string, Map<string, RenderedChart[][]>>();

  beforeAll(async () => {
    browser = await launchChromium();
    for (const zone of ZONES) {
      const page = await mermaidPage(browser, zone);
      pages.set(zone, page);
      const byDoc = new Map<string, RenderedChart[][]>();
      for (const [name, make] of Object.entries(DOCS)) {
        const summary = await renderMarkdown(page, renderSummary(make()));
        const comment = await renderMarkdown(page, renderComment(make(), { file: 'gantry.yml', runUrl: 'https://github.com/o/r/actions/runs/1' }));
        byDoc.set(name, [summary.charts, comment.charts]);
      }
      rendered.set(zone, byDoc);
    }
  }, 60_000);
  afterAll(async () => browser?.close());

  const charts = (zone: string, doc: string) => rendered.get(zone)!.get(doc)!;

  it.each(Object.keys(DOCS))('%s: one chart in the summary and one in the comment, none of them an error graphic', (doc) => {
    for (const zone of ZONES) {
      const [summary, comment] = charts(zone, doc);
      expect(summary, `${zone} summary`).toHaveLength(1);
      expect(comment, `${zone} comment`).toHaveLength(1);
      for (const chart of [...summary, ...comment]) {
        expect(chart.error, `${zone}`).toBeUndefined();
        expect(chart.bars.length).toBeGreaterThan(0);
      }
    }
  });

  it('the time axis is elapsed time from 00:00, the same in UTC, Asia/Kolkata and America/New_York', () => {
    for (const doc of Object.keys(DOCS)) {
      const utc = charts('UTC', doc)[0][0].ticks;
      expect(utc[0], doc).toBe('00:00');
      if (EXPECTED_TICKS[doc]) expect(utc, doc).toEqual(EXPECTED_TICKS[doc]);
      for (const zone of ZONES) {
        const [[summary], [comment]] = charts(zone, doc);
        expect(summary.ticks, `${doc} summary in ${zone}`).toEqual(utc);
        expect(comment.ticks, `${doc} comment in ${zone}`).toEqual(utc);
      }
    }
  });

  it('task names that are Mermaid keywords are drawn as bars with their names', () => {
    const [[chart]] = charts('UTC', 'keywords');
    expect(chart.bars.map((b) => b.label).sort()).toEqual(KEYWORDS.map((k) => (k === 'gantt' ? '✗ gantt' : k)).sort());
  });

  it('failed bars stand out (crit), and only they', () => {
    for (const doc of ['failing', 'keywords', '80 tasks', 'two hours', 'failed service']) {
      const [[chart]] = charts('UTC', doc);
      const failed = chart.bars.filter((b) => b.label.startsWith('✗'));
      expect(failed.length, doc).toBeGreaterThan(0);
      for (const bar of chart.bars) expect(/\bcrit\d/.test(bar.classes), `${doc}: ${bar.label} ${bar.classes}`).toBe(bar.label.startsWith('✗'));
    }
  });

  it('80 tasks: expansions share a row, so the chart stays short enough to read', () => {
    const [[chart]] = charts('UTC', '80 tasks');
    expect(chart.bars.map((b) => b.label)).toEqual(expect.arrayContaining(['build', '✗ test ×78, 1 failed', 'report']));
    expect(chart.bars.length).toBeLessThanOrEqual(MAX_BARS);
    expect(chart.height).toBeLessThan(600);
  });

  it('1,200 tasks: under the text limit, capped at MAX_BARS rows', () => {
    const [[chart]] = charts('UTC', '1200 tasks');
    expect(chart.bars).toHaveLength(MAX_BARS);
    expect(chart.height).toBeLessThan(1000);
  });

  it('report.html with no parallel limit: no NaN, and the containers chart shows the run', async () => {
    const doc = failedRun();
    (doc.capacity as { parallel: number | null }).parallel = null; // as report.json stores Infinity
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    await page.setContent(renderHtml(doc));
    expect(messages.filter((m) => /NaN|Expected length/.test(m))).toEqual([]);
    const containers = await page.locator('svg.capacity path.area').nth(2).getAttribute('d');
    expect(new Set([...containers!.matchAll(/V([\d.]+)/g)].map((m) => m[1])).size).toBeGreaterThan(2);
    expect(await page.locator('header').innerText()).not.toMatch(/Infinity|null|NaN|at once/);
    await page.close();
  });
});
