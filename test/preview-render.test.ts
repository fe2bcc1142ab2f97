/**
 * The preview's webview script in a real browser (Debian's Chromium), outside VS Code: the page
 * the extension builds, under its Content-Security-Policy, fed the messages the extension sends.
 * Screenshots go to test-artifacts/ (light and dark theme; the problems over a stale schedule, many
 * problems, and the problems alone).
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewHtml } from '../extension/src/client/preview-html';
import type { PreviewData, PreviewProblem } from '../extension/src/protocol';
import { launchChromium } from './e2e/chromium';
import { samplePreview } from './fixtures/preview-data';

const ORIGIN = 'https://preview.gantry.test';
const ARTIFACTS = 'test-artifacts';

// Stand-ins for what VS Code gives a webview: a few theme variables and acquireVsCodeApi.
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

interface Harness {
  page: Page;
  posted: () => Promise<unknown[]>;
  cspViolations: () => Promise<string[]>;
  send: (message: unknown) => Promise<void>;
}

async function open(theme: keyof typeof THEMES): Promise<Harness> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = route.request().url();
    if (url.endsWith('/webview.js')) return route.fulfill({ contentType: 'text/javascript', body: script });
    if (url.endsWith('/preview.css')) return route.fulfill({ contentType: 'text/css', body: style });
    if (url.endsWith('/index.html')) {
      const page = previewHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/webview.js`, styleUri: `${ORIGIN}/preview.css`, title: 'gantry.yml' });
      return route.fulfill({ contentType: 'text/html', body: page });
    }
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
      // VS Code sets the theme's class and variables on <html>/<body> before the page's script runs.
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
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    cspViolations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as object),
  };
}

describe('preview webview', () => {
  it('draws the DAG, the Gantt and the capacity under a strict CSP, and reports clicks', async () => {
    const data = samplePreview();
    const { page, posted, cspViolations, send } = await open('light');
    await send({ type: 'data', data });
    await page.waitForSelector('svg.dag .node');

    expect(await page.locator('svg.dag .node').count()).toBe(data.units.length);
    expect(await page.locator('svg.dag .edge').count()).toBe(data.units.reduce((n, u) => n + u.needs.length, 0));
    expect(await page.locator('svg.dag .edge.critical').count()).toBe(2);
    expect(await page.locator('svg.dag .node.critical').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')))).toEqual(['build', 'test[shard=3]', 'deploy']);
    expect(await page.locator('svg.gantt .row').count()).toBe(data.units.length);
    expect(await page.locator('svg.usage.cpus .area').count()).toBe(1);
    expect(await page.locator('svg.usage.memory .capacity').count()).toBe(1);
    await expect(page.locator('header.summary').innerText()).resolves.toContain('critical path: build → test[shard=3] → deploy');

    // The bars sit where the schedule says: deploy starts when test[shard=3] ends.
    const box = async (id: string) => (await page.locator(`svg.gantt .row[data-id="${id}"] .bar`).boundingBox())!;
    const [shard3, deploy] = [await box('test[shard=3]'), await box('deploy')];
    expect(Math.abs(shard3.x + shard3.width - deploy.x)).toBeLessThan(1);

    await page.locator('svg.dag .node[data-id="integration"]').click();
    await page.locator('svg.gantt .row[data-id="lint"] .bar').click();
    expect((await posted()).filter((m) => (m as { type: string }).type === 'reveal')).toEqual([
      { type: 'reveal', id: 'integration' },
      { type: 'reveal', id: 'lint' },
    ]);

    await send({ type: 'highlight', ids: ['test[shard=1]', 'test[shard=2]'] });
    await page.waitForSelector('svg.dag .node.highlight');
    expect(await page.locator('.highlight').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(['test[shard=1]', 'test[shard=2]', 'test[shard=1]', 'test[shard=2]']);

    expect(await cspViolations()).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/preview-light.png`, fullPage: true });
    await page.close();
  });

  it('prints the capacity as every surface does, leaving out an unlimited parallel (null once sent as JSON)', async () => {
    const { page, send } = await open('light');
    const data = samplePreview();
    await send({ type: 'data', data });
    await page.waitForSelector('svg.dag .node');
    await expect(page.locator('header.summary').innerText()).resolves.toContain('capacity 4 cpus, 8Gi memory, 4 containers');
    // The language server's Infinity arrives as null.
    await send({ type: 'data', data: { ...data, version: 2, capacity: JSON.parse(JSON.stringify({ ...data.capacity, parallel: Infinity })) } });
    await page.waitForFunction(() => !document.querySelector('header.summary')?.textContent?.includes('containers'));
    const summary = await page.locator('header.summary').innerText();
    expect(summary).toContain('capacity 4 cpus, 8Gi memory');
    expect(summary).not.toMatch(/null|NaN|Infinity/);
    await page.close();
  });

  it('follows the dark theme through the VS Code variables', async () => {
    const { page, send } = await open('dark');
    await send({ type: 'data', data: samplePreview() });
    await page.waitForSelector('svg.dag .node');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const bar = await page.locator('svg.gantt .row.critical .bar').first().evaluate((e) => getComputedStyle(e).fill);
    expect(background).toBe('rgb(31, 31, 31)');
    expect(bar).toBe('rgb(209, 134, 22)');
    await page.screenshot({ path: `${ARTIFACTS}/preview-dark.png`, fullPage: true });
    await page.close();
  });

  it('keeps the last schedule, dimmed and marked stale, under every problem; a click on one asks to reveal its place', async () => {
    const { page, posted, cspViolations, send } = await open('light');
    const good = samplePreview();
    await send({ type: 'data', data: good });
    await page.waitForSelector('svg.dag .node');
    const range = (line: number, character: number, length: number) => ({ start: { line, character }, end: { line, character: character + length } });
    const problems: PreviewProblem[] = [
      { severity: 'error', code: 'needs-unknown', message: 'Task "deploy" needs "intgration", but there is no task or service of that name. Did you mean "integration"?', range: range(43, 42, 10) },
      // User-controlled text: drawn as text, never as markup.
      { severity: 'error', code: 'invalid-name', message: '"<img src=x onerror=alert(1)>" is not a valid task name.', range: range(47, 2, 28) },
      { severity: 'warning', code: 'duplicate-need', message: '"build" is already listed in needs.', range: range(27, 20, 5) },
    ];
    const broken: PreviewData = { ...good, version: 2, errors: 2, message: `Line 44: ${problems[0].message}`, problems, moreProblems: 0, stale: { version: 1 } };
    await send({ type: 'data', data: broken });
    await page.waitForSelector('section.problems');

    // Every problem, in order, with line:col (one-based), severity, message and code.
    const items = page.locator('ol.problem-list > li > button.problem');
    expect(await items.count()).toBe(3);
    expect(await items.evaluateAll((buttons) => buttons.map((b) => Array.from(b.children, (c) => c.textContent)))).toEqual([
      ['44:43', 'error', problems[0].message, 'needs-unknown'],
      ['48:3', 'error', problems[1].message, 'invalid-name'],
      ['28:21', 'warning', problems[2].message, 'duplicate-need'],
    ]);
    await expect(page.locator('section.problems h1').innerText()).resolves.toBe('gantry.yml: 2 problems');
    expect(await page.locator('section.problems img').count()).toBe(0);
    expect(await page.locator('section.problems .more').count()).toBe(0);

    // The schedule of before is still there, dimmed, and said to be stale.
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('stale');
    await expect(page.locator('.stale-marker').innerText()).resolves.toBe('Stale: the schedule below is from before the current problems. It is redrawn once they are fixed.');
    expect(await page.locator('.stale-schedule svg.dag .node').count()).toBe(good.units.length);
    expect(await page.locator('.stale-schedule svg.gantt .row').count()).toBe(good.units.length);
    expect(Number(await page.locator('.stale-schedule').evaluate((e) => getComputedStyle(e).opacity))).toBeLessThan(0.6);
    // Problems come first: the marker sits between them and the schedule.
    const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
    expect(await top('section.problems')).toBeLessThan(await top('.stale-marker'));
    expect(await top('.stale-marker')).toBeLessThan(await top('.stale-schedule svg.dag'));

    // A click on a problem (mouse or keyboard) asks the extension to reveal its range; units still reveal theirs.
    await items.nth(1).click();
    await items.nth(2).focus();
    await page.keyboard.press('Enter');
    await page.locator('.stale-schedule svg.dag .node[data-id="lint"]').click();
    expect((await posted()).filter((m) => (m as { type: string }).type === 'reveal')).toEqual([
      { type: 'reveal', range: problems[1].range },
      { type: 'reveal', range: problems[2].range },
      { type: 'reveal', id: 'lint' },
    ]);
    expect(await cspViolations()).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/preview-stale.png`, fullPage: true });

    // Fixed: the schedule again, not dimmed, no problems.
    await send({ type: 'data', data: { ...good, version: 3 } });
    await page.waitForFunction(() => document.body.dataset.state === 'schedule');
    expect(await page.locator('section.problems, .stale-schedule, .stale-marker').count()).toBe(0);
    expect(await page.locator('svg.dag .node').count()).toBe(good.units.length);
    await page.close();
  });

  it('lists the problems the server sent of very many, then how many more', async () => {
    const { page, send } = await open('dark');
    const good = samplePreview();
    const problems: PreviewProblem[] = Array.from({ length: 50 }, (_, i) => ({
      severity: 'error',
      code: 'needs-unknown',
      message: `Task "t${i}" needs "nope${i}", but there is no task or service of that name.`,
      range: { start: { line: 50 + 4 * i, character: 12 }, end: { line: 50 + 4 * i, character: 18 } },
    }));
    await send({ type: 'data', data: { ...good, version: 2, errors: 62, problems, moreProblems: 12, stale: { version: 1 } } });
    await page.waitForSelector('section.problems');
    expect(await page.locator('ol.problem-list > li').count()).toBe(50);
    await expect(page.locator('section.problems .more').innerText()).resolves.toBe('and 12 more — see the Problems panel');
    await expect(page.locator('section.problems h1').innerText()).resolves.toBe('gantry.yml: 62 problems');
    // The list scrolls within the page: the stale schedule still begins on the first screen.
    expect((await page.locator('.stale-marker').boundingBox())!.y).toBeLessThan(900);
    await page.screenshot({ path: `${ARTIFACTS}/preview-many-problems.png` });
    await page.close();
  });

  it('shows only the problems while there has been no schedule without errors', async () => {
    const { page, posted, send } = await open('dark');
    const cycle: PreviewProblem = { severity: 'error', code: 'cycle', message: 'Dependency cycle: a → b → a.', range: { start: { line: 5, character: 12 }, end: { line: 5, character: 13 } } };
    const broken: PreviewData = { uri: 'file:///work/gantry.yml', version: 1, errors: 1, message: `Line 6: ${cycle.message}`, problems: [cycle], moreProblems: 0, units: [], profile: [] };
    await send({ type: 'data', data: broken });
    await page.waitForSelector('section.problems');
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('problems');
    expect(await page.locator('svg').count()).toBe(0);
    expect(await page.locator('.stale-marker').count()).toBe(0);
    await expect(page.locator('section.problems').innerText()).resolves.toMatch(/^gantry\.yml: 1 problem\n[\s\S]*6:13\s+ERROR\s+Dependency cycle: a → b → a\.[\s\S]*The schedule is shown once the file has no errors\./);
    await page.locator('button.problem').click();
    expect((await posted()).filter((m) => (m as { type: string }).type === 'reveal')).toEqual([{ type: 'reveal', range: cycle.range }]);
    await page.screenshot({ path: `${ARTIFACTS}/preview-problems.png`, fullPage: true });
    await page.close();
  });

  it('gives a unit\'s tooltip, in the DAG and the Gantt, the last run beside the prediction, as text', async () => {
    const { page, send } = await open('light');
    const data = samplePreview();
    const said = 'last run 4.1s · predicted 3.8s';
    await send({ type: 'data', data: { ...data, lastRun: { runId: 'r1', result: 'success' }, units: data.units.map((u) => (u.id === 'build' ? { ...u, lastRun: said, estimate: 'estimate 4.2s (median of 7 earlier runs)' } : u.id === 'lint' ? { ...u, lastRun: '<b>x</b>' } : u)) } });
    await page.waitForSelector('svg.dag .node');
    const title = (selector: string) => page.locator(selector).evaluate((e) => e.textContent ?? '');
    expect(await title('svg.dag .node[data-id="build"] > title')).toContain(`\n${said}\n`);
    expect(await title('svg.gantt .row[data-id="build"] > title')).toContain(`\n${said}\n`);
    // Where the prediction came from, as hover says it.
    expect(await title('svg.dag .node[data-id="build"] > title')).toContain('\nestimate 4.2s (median of 7 earlier runs)\n');
    expect(await title('svg.dag .node[data-id="deploy"] > title')).not.toContain('last run');
    // Text, never markup.
    expect(await title('svg.dag .node[data-id="lint"] > title')).toContain('<b>x</b>');
    expect(await page.locator('svg b').count()).toBe(0);
    await page.close();
  });

  it('marks the tasks cached if their images are unchanged (DAG, Gantt, tooltips) and says the makespan without them', async () => {
    const { page, send } = await open('light');
    const data = samplePreview();
    await send({ type: 'data', data: { ...data, makespanWithoutCached: 1500, units: data.units.map((u) => (u.id === 'build' ? { ...u, cached: 'r1' } : u)) } });
    await page.waitForSelector('svg.dag .node');
    expect(await page.locator('svg.dag .node.cached').evaluateAll((es) => es.map((e) => e.getAttribute('data-id')))).toEqual(['build']);
    expect(await page.locator('svg.gantt .row.cached').evaluateAll((es) => es.map((e) => e.getAttribute('data-id')))).toEqual(['build']);
    const title = (selector: string) => page.locator(selector).evaluate((e) => e.textContent ?? '');
    expect(await title('svg.dag .node[data-id="build"] > title')).toContain('cached if the image is unchanged (from run r1)');
    expect(await title('svg.dag .node[data-id="deploy"] > title')).not.toContain('cached');
    expect((await page.locator('header.summary .cached-note').textContent())?.trim()).toMatch(/^1 cached if their images are unchanged: \S+ without them$/);
    // Without the figure, no note.
    await send({ type: 'data', data });
    await page.waitForFunction(() => document.querySelector('header.summary .cached-note') === null && document.querySelector('.node.cached') === null);
    await page.close();
  });
});
