/**
 * The preview's "failed (last run)" filter in a real browser (Debian's Chromium), as
 * test/preview-render.test.ts draws it: the page the extension builds, under its CSP, fed data with
 * each unit's last-run status (`lastStatus`, test/lsp-last-run.test.ts). The toggle shows only when
 * the last run had failures and names that run in its tooltip; it is a labelled checkbox reached
 * with Tab and set with Space; failed rows (and a folded matrix group with failed expansions) carry
 * a mark and say so to a screen reader. Screenshots in test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewHtml } from '../extension/src/client/preview-html';
import type { PreviewData, PreviewUnit } from '../extension/src/protocol';
import { launchChromium } from './e2e/chromium';
import { samplePreview } from './fixtures/preview-data';

const ORIGIN = 'https://preview.gantry.test';
const ARTIFACTS = 'test-artifacts';
const GiB = 2 ** 30;

const THEMES = {
  light: { class: 'vscode-light', vars: '--vscode-editor-background:#ffffff;--vscode-foreground:#3b3b3b;--vscode-descriptionForeground:#717171;--vscode-charts-blue:#1a85ff;--vscode-charts-orange:#d18616;--vscode-charts-purple:#652d90;--vscode-charts-green:#388a34;--vscode-focusBorder:#005fb8;--vscode-font-family:sans-serif' },
  dark: { class: 'vscode-dark', vars: '--vscode-editor-background:#1f1f1f;--vscode-foreground:#cccccc;--vscode-descriptionForeground:#9d9d9d;--vscode-charts-blue:#3794ff;--vscode-charts-orange:#d18616;--vscode-charts-purple:#b180d7;--vscode-charts-green:#89d185;--vscode-focusBorder:#0078d4;--vscode-font-family:sans-serif' },
};

let browser: Browser;
let script: string;
let style: string;

beforeAll(async () => {
  const bundle = await build({ entryPoints: ['extension/src/client/webview/main.ts'], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false, logLevel: 'silent' });
  script = bundle.outputFiles[0].text;
  style = await readFile('extension/media/preview.css', 'utf8');
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

async function open(theme: keyof typeof THEMES, height = 900): Promise<{ page: Page; send: (m: unknown) => Promise<void>; cspViolations: () => Promise<string[]> }> {
  const page = await browser.newPage({ viewport: { width: 1000, height } });
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = route.request().url();
    if (url.endsWith('/webview.js')) return route.fulfill({ contentType: 'text/javascript', body: script });
    if (url.endsWith('/preview.css')) return route.fulfill({ contentType: 'text/css', body: style });
    if (url.endsWith('/index.html')) return route.fulfill({ contentType: 'text/html', body: previewHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/webview.js`, styleUri: `${ORIGIN}/preview.css`, title: 'gantry.yml' }) });
    return route.abort();
  });
  const { class: bodyClass, vars } = THEMES[theme];
  await page.addInitScript(
    ({ bodyClass, vars }) => {
      const w = window as unknown as Record<string, unknown>;
      const posted: unknown[] = [];
      const violations: string[] = [];
      w.__posted = posted;
      w.__violations = violations;
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      let state: unknown;
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => posted.push(m), getState: () => state, setState: (s: unknown) => (state = s) });
      document.addEventListener('DOMContentLoaded', () => {
        document.body.className = bodyClass;
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(`html { ${vars} }`);
        document.adoptedStyleSheets = [sheet];
      });
    },
    { bodyClass, vars },
  );
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'));
  return {
    page,
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as object),
    cspViolations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
  };
}

/**
 * The sample batch with a last run in which `lint` failed and `deploy` was skipped, plus a
 * 30-shard `suite` (so the page folds matrices) of which two shards failed.
 */
function withFailures(): PreviewData {
  const base = samplePreview();
  const units: PreviewUnit[] = base.units.map((u) => ({ ...u, lastStatus: u.id === 'lint' ? 'failed' : u.id === 'deploy' ? 'skipped' : 'succeeded' }));
  const suite: PreviewUnit[] = Array.from({ length: 30 }, (_, i) => ({
    ...base.units[2], id: `suite[n=${i + 1}]`, name: 'suite', start: 12_000, end: 40_000, slack: 30_000, line: 50,
    lastStatus: i === 4 || i === 17 ? 'failed' : 'succeeded',
  }));
  return { ...base, units: [...units, ...suite], lastRun: { runId: '20261206-061500-ab12', result: 'failure' } };
}

const rowIds = (page: Page) => page.locator('svg.gantt .row').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id') ?? `group:${g.getAttribute('data-group')}`));

describe('the failed (last run) filter', () => {
  it('is offered only after a run with failures; marks failed rows; Tab and Space keep the failed units, a matrix group its failed shards', async () => {
    const { page, send, cspViolations } = await open('light');
    // No run: no toggle, no marks.
    await send({ type: 'data', data: samplePreview() });
    await page.waitForSelector('svg.gantt .row');
    expect(await page.locator('.filter-failed, .failed-mark, .legend .swatch.failed').count()).toBe(0);

    const data = withFailures();
    await send({ type: 'data', data: { ...data, version: 2 } });
    await page.waitForSelector('.filter-failed');
    const toggle = page.getByRole('checkbox', { name: /failed \(last run\)/ });
    expect(await toggle.count()).toBe(1);
    expect(await toggle.getAttribute('title')).toBe('Only the 3 units that failed, ran out of memory, timed out or were killed in the last run: 20261206-061500-ab12 (failure)');
    expect(await page.locator('.legend .legend-item').filter({ has: page.locator('.swatch.failed') }).textContent()).toBe('failed in the last run');

    // The marks: on `lint`, on the folded suite (two of its shards failed), nowhere else.
    const marked = await page.locator('svg.gantt .row:has(.failed-mark)').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id') ?? `group:${g.getAttribute('data-group')}`));
    expect(marked.sort()).toEqual(['group:suite', 'lint']);
    expect(await page.locator('svg.gantt .row[data-id="lint"]').getAttribute('aria-label')).toMatch(/, failed in the last run$/);
    expect(await page.locator('svg.gantt .row.group[data-group="suite"]').getAttribute('aria-label')).toBe('suite ×30: matrix of 30, 2 failed in the last run. Press Enter to list them.');
    expect(await page.locator('svg.gantt .row.group[data-group="suite"] > title').textContent()).toContain('\n2 of 30 failed in the last run');
    // The DAG draws the nodes in its window only: those drawn with the mark are failed ones, `lint` among them.
    const FAILED = ['lint', 'suite[n=18]', 'suite[n=5]'];
    const dagFailed = await page.locator('svg.dag .node.failed').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')!));
    expect(dagFailed).toContain('lint');
    for (const id of dagFailed) expect(FAILED).toContain(id);
    expect(await page.locator('.filter-count').textContent()).toBe('38 units');
    await page.screenshot({ path: `${ARTIFACTS}/preview-failed-light.png`, fullPage: true });

    // From the critical-path toggle, Tab reaches it and Space sets it.
    await page.focus('.filter-critical');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('filter-failed');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('.filter-count')?.textContent === '3 of 38 units');
    // The suite's two failed shards stay as a group of two.
    expect(await rowIds(page)).toEqual(['lint', 'group:suite']);
    expect(await page.locator('svg.gantt .row.group[data-group="suite"]').getAttribute('aria-label')).toMatch(/^suite ×2: matrix of 2, 2 failed/);
    const undimmed = await page.locator('svg.dag .node:not(.dimmed)').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')!));
    expect(undimmed).toContain('lint');
    for (const id of undimmed) expect(FAILED).toContain(id);
    // With the critical path as well: none is both.
    await page.locator('.filter-critical').check();
    await page.waitForSelector('.empty-rows', { state: 'visible' });
    expect(await rowIds(page)).toEqual([]);
    await page.locator('.filter-critical').uncheck();
    await page.screenshot({ path: `${ARTIFACTS}/preview-failed-filtered-light.png`, fullPage: true });

    // A redraw (the next keystroke) keeps it set.
    await send({ type: 'data', data: { ...data, version: 3 } });
    await page.waitForFunction(() => document.querySelector('.filter-count')?.textContent === '3 of 38 units');
    expect(await page.locator('.filter-failed').isChecked()).toBe(true);

    // A newer run without failures: the toggle goes, and with it the filter; every unit is back.
    const passed = { ...data, version: 4, units: data.units.map((u) => ({ ...u, lastStatus: 'succeeded' as const })), lastRun: { runId: '20261206-062000-cd34', result: 'success' as const } };
    await send({ type: 'data', data: passed });
    await page.waitForFunction(() => document.querySelector('.filter-count')?.textContent === '38 units');
    expect(await page.locator('.filter-failed, .failed-mark').count()).toBe(0);
    expect(await cspViolations()).toEqual([]);
    await page.close();
  });

  it('draws the dark theme with the filter on', async () => {
    const { page, send, cspViolations } = await open('dark');
    await send({ type: 'data', data: withFailures() });
    await page.waitForSelector('.filter-failed');
    await page.locator('.filter-failed').check();
    await page.waitForFunction(() => document.querySelector('.filter-count')?.textContent === '3 of 38 units');
    await page.locator('svg.gantt .row.group[data-group="suite"]').press('Enter');
    await page.waitForSelector('svg.gantt .row[data-id="suite[n=5]"]');
    expect(await rowIds(page)).toEqual(['lint', 'group:suite', 'suite[n=18]', 'suite[n=5]']);
    expect(await cspViolations()).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/preview-failed-dark.png`, fullPage: true });
    await page.close();
  });
});
