/**
 * The preview of a file on a Docker Swarm in a real browser (Debian's Chromium), as
 * test/preview-render.test.ts draws it: the page the extension builds, under its CSP, fed the
 * data the language server sends with `nodes` (test/lsp-preview-nodes.test.ts). Each Gantt row
 * shows its node (a coloured mark, its name after the bar), the legend lists the nodes, tooltips
 * say where and why pinned; one node or none changes nothing. Screenshots in test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewHtml } from '../extension/src/client/preview-html';
import type { PreviewData, PreviewNode, PreviewUnit } from '../extension/src/protocol';
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

const NODES: PreviewNode[] = [
  { id: 'n1', name: 'manager', cpus: 2, memory: 4 * GiB, home: true },
  { id: 'n2', name: 'worker-1', cpus: 4, memory: 8 * GiB },
];

/** The sample batch on two nodes: the build and what shares its volume on the manager, the rest spread. */
function onTwoNodes(): PreviewData {
  const data = samplePreview();
  const placed: Record<string, [string, string?]> = {
    db: ['n2'],
    build: ['n1', 'its image is built in the run'],
    lint: ['n2'],
    'test[shard=1]': ['n2'],
    'test[shard=2]': ['n1'],
    'test[shard=3]': ['n2'],
    integration: ['n1', 'shares volume cache with build'],
    deploy: ['n2'],
  };
  const units = data.units.map((u): PreviewUnit => ({ ...u, node: placed[u.id][0], ...(placed[u.id][1] ? { pinned: placed[u.id][1] } : {}) }));
  return { ...data, capacity: { cpus: 6, memory: 12 * GiB, parallel: null }, nodes: NODES, units };
}

describe('the preview on several nodes', () => {
  it('shows each row\'s node, lists the nodes in the legend, and says where and why pinned in the tooltips', async () => {
    const { page, send, cspViolations } = await open('light');
    const data = onTwoNodes();
    await send({ type: 'data', data });
    await page.waitForSelector('svg.gantt .row .node-tag');

    // Every row names its node after the bar, in its node's colour at the row's start.
    const rows = await page.locator('svg.gantt .row[data-id]').evaluateAll((gs) =>
      gs.map((g) => [g.getAttribute('data-id'), g.querySelector('.node-tag .node-name')?.textContent, g.querySelector('.node-tag')?.getAttribute('class')]),
    );
    const nameOf = (id: string) => NODES.find((n) => n.id === id)!.name;
    expect(rows).toHaveLength(data.units.length);
    for (const [id, name, cls] of rows) {
      const unit = data.units.find((u) => u.id === id)!;
      expect(name).toBe(nameOf(unit.node!));
      expect(cls).toBe(`node-tag ${unit.node === 'n1' ? 'node-0' : 'node-1'}`);
    }
    // The two colours differ.
    const fill = (id: string) => page.locator(`svg.gantt .row[data-id="${id}"] .node-mark`).evaluate((e) => getComputedStyle(e).fill);
    expect(await fill('build')).not.toBe(await fill('lint'));
    expect(await fill('build')).toBe(await fill('integration'));
    // The name sits right after the bar.
    const bar = (await page.locator('svg.gantt .row[data-id="lint"] .bar').boundingBox())!;
    const tag = (await page.locator('svg.gantt .row[data-id="lint"] .node-name').boundingBox())!;
    expect(tag.x).toBeGreaterThan(bar.x + bar.width);

    // The legend: each node's name, cpus, memory, and which is home.
    expect(await page.locator('.legend.nodes .legend-item').evaluateAll((items) => items.map((i) => i.textContent))).toEqual(['manager 2 cpus, 4Gi, home', 'worker-1 4 cpus, 8Gi']);
    await expect(page.locator('header.summary').innerText()).resolves.toContain('capacity 6 cpus, 12Gi memory on 2 nodes');

    // Tooltips, in the Gantt and the DAG.
    const title = (selector: string) => page.locator(selector).evaluate((e) => e.textContent ?? '');
    expect(await title('svg.gantt .row[data-id="build"] > title')).toContain('\nnode: manager (pinned: its image is built in the run)\n');
    expect(await title('svg.dag .node[data-id="integration"] > title')).toContain('\nnode: manager (pinned: shares volume cache with build)\n');
    expect(await title('svg.gantt .row[data-id="lint"] > title')).toContain('\nnode: worker-1\n');
    expect(await title('svg.gantt .row[data-id="lint"] > title')).not.toContain('pinned');
    expect(await page.locator('svg.gantt .row[data-id="lint"]').getAttribute('aria-label')).toMatch(/, node: worker-1$/);

    expect(await cspViolations()).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/preview-nodes-light.png`, fullPage: true });
    await page.close();
  });

  it('draws the dark theme, a matrix group spread over nodes, a hostile node name as text, and the notice of a swarm not reached', async () => {
    const { page, send, cspViolations } = await open('dark');
    // More than FOLD_FROM units: the matrix is folded into one row spread over both nodes.
    const base = onTwoNodes();
    const extra: PreviewUnit[] = Array.from({ length: 30 }, (_, i) => ({ ...base.units[2], id: `check-${i}`, name: `check-${i}`, start: 80_000, end: 95_000, slack: 0, line: 60 + i, node: i % 2 ? 'n1' : 'n2' }));
    const hostile = '<img src=x onerror=alert(1)>';
    const data: PreviewData = { ...base, nodes: [NODES[0], { ...NODES[1], name: hostile }], units: [...base.units, ...extra] };
    await send({ type: 'data', data });
    await page.waitForSelector('svg.gantt .row.group');
    expect(await page.locator('svg.gantt .row.group[data-group="test"] .node-name').textContent()).toBe('2 nodes');
    expect(await page.locator('svg.gantt .row.group[data-group="test"] > title').textContent()).toContain(`\nnodes: ${hostile}, manager`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('.legend.nodes .legend-item').nth(1).textContent()).toBe(`${hostile} 4 cpus, 8Gi`);
    expect(await cspViolations()).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/preview-nodes-dark.png`, fullPage: true });

    // The swarm not reached: planned on this machine, said in the header; no nodes drawn.
    const notice = 'swarm not reachable: planned on this machine (The Docker engine at unix:///var/run/docker.sock is not part of a swarm (its swarm state is inactive).)';
    await send({ type: 'data', data: { ...samplePreview(), version: 2, engineNotice: notice } });
    await page.waitForFunction(() => document.querySelector('.node-tag') === null);
    expect(await page.locator('header.summary .engine-notice').textContent()).toBe(notice);
    expect(await page.locator('.legend.nodes').count()).toBe(0);
    await page.close();
  });

  it('changes nothing with one node or none', async () => {
    const { page, send } = await open('light');
    const plain = samplePreview();
    await send({ type: 'data', data: plain });
    await page.waitForSelector('svg.gantt .row');
    const before = await page.locator('#root').innerHTML();
    expect(await page.locator('.node-tag, .legend.nodes, .engine-notice').count()).toBe(0);
    // One node: the server sends none, but a client may get one; the page is the same.
    await send({ type: 'data', data: { ...plain, nodes: [NODES[0]], units: plain.units.map((u) => ({ ...u, node: 'n1' })) } });
    await page.waitForSelector('svg.gantt .row');
    expect(await page.locator('#root').innerHTML()).toBe(before);
    await page.close();
  });

  it('draws only the rows in view at 2,000 tasks on three nodes, each with its node', async () => {
    const { page, send } = await open('light', 700);
    const nodes: PreviewNode[] = [...NODES, { id: 'n3', name: 'worker-2', cpus: 4, memory: 8 * GiB }];
    const units: PreviewUnit[] = Array.from({ length: 2000 }, (_, i) => ({
      id: `t${i}`, kind: 'task', name: `t${i}`, needs: i > 0 && i % 10 ? [`t${i - 1}`] : [], start: (i % 10) * 1000, end: (i % 10) * 1000 + 1000,
      cpus: 1, memory: GiB, critical: false, slack: 0, line: i, character: 2, node: nodes[i % 3].id,
    }));
    await send({ type: 'data', data: { ...samplePreview(), units, nodes, criticalPath: [], makespan: 10_000, lowerBound: 10_000, profile: [] } });
    await page.waitForSelector('svg.gantt .row .node-tag');
    const drawn = await page.locator('svg.gantt .row').count();
    expect(drawn).toBeLessThan(100);
    expect(await page.locator('svg.gantt .row .node-tag').count()).toBe(drawn);
    // Scrolled to the end: the last rows (start order: t999 ends it), with their nodes.
    await page.locator('.gantt-scroll').evaluate((e) => (e.scrollTop = e.scrollHeight));
    await page.waitForSelector('svg.gantt .row[data-id="t999"]');
    expect(await page.locator('svg.gantt .row[data-id="t999"] .node-name').textContent()).toBe(nodes[999 % 3].name);
    expect(await page.locator('svg.gantt .row .node-tag').count()).toBe(await page.locator('svg.gantt .row').count());
    await page.close();
  });
});
