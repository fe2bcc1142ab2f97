/**
 * The schedule preview at size (issue 16), in real VS Code: code-server and Debian's Chromium as in
 * vscode.test.ts, on a generated batch file of 200 tasks (bench/lsp/generate.ts: 205 units with
 * matrix expansions and a service). What a person sees and does: the DAG in a window of its own,
 * only what is in view drawn; zoom (buttons, Ctrl+wheel, Fit); the filter by name and Enter to the
 * next match; a folded matrix row opened and closed by a click; a click on a box or a row selecting
 * the unit's name in the editor. Screenshots: test-artifacts/preview-scale-*.png (and -failed-*
 * when a step fails). Needs test/e2e/setup-code-server.sh (run by .ci/setup).
 */
import { mkdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateBatchFile } from '../../bench/lsp/generate';
import { launchChromium } from './chromium';
import { CODE_SERVER, codeServerInstalled, installExtension, startCodeServer, type CodeServer } from './code-server';
import { packExtension } from './pack';
import { runCommand as paletteCommand } from './workbench';

const ARTIFACTS = path.resolve('test-artifacts');
const UI_TIMEOUT = 90_000;
const TASKS = 200;
const BATCH = generateBatchFile(TASKS);
const LINES = BATCH.split('\n');

let root: string;
let server: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page;

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `preview-scale-${name}.png`) });

const runCommand = (title: string): Promise<void> => paletteCommand(page, title);

function preview(): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The zoom the DAG's toolbar shows, in percent. */
const zoom = async () => Number((await preview().locator('.zoom-level').innerText()).replace('%', ''));
const drawn = (selector: string) => preview().locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? e.getAttribute('data-group')));

beforeAll(async () => {
  if (!codeServerInstalled()) throw new Error(`code-server is not installed at ${CODE_SERVER}: run bash test/e2e/setup-code-server.sh`);
  mkdirSync(ARTIFACTS, { recursive: true });
  root = await mkdtemp(path.join(tmpdir(), 'gantry-e2e-scale-'));
  const installed = await installExtension(root, await packExtension(root));
  expect(installed).toMatch(/successfully installed/);
  const workspace = path.join(root, 'workspace');
  await mkdir(workspace, { recursive: true });
  await writeFile(path.join(workspace, 'gantry.yml'), BATCH);
  server = await startCodeServer(root, workspace);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(UI_TIMEOUT);
}, 300_000);

afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && page) await shot(`failed-${context.task.name.replace(/\W+/g, '-').slice(0, 40)}`).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe(`the preview of ${TASKS} tasks in VS Code (code-server)`, { timeout: 240_000 }, () => {
  it('opens with the DAG in a window drawing what is in view, folded matrix rows, and the charts in reach', async () => {
    await page.goto(server!.url);
    await page.waitForSelector('.monaco-workbench');
    await page.getByRole('button', { name: /Yes, I trust the authors/ }).click();
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('gantry.yml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'gantry.yml' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines:has-text("capacity")');
    await page.locator('.monaco-editor .codelens-decoration a').first().waitFor();
    await runCommand('Gantry: Open Schedule Preview');
    await preview().locator('svg.dag .node').first().waitFor();

    await expect(preview().locator('header.summary').innerText()).resolves.toContain('205 units');
    // Not every box: the graph is bigger than its window at a readable zoom.
    const nodes = await drawn('svg.dag .node');
    expect(nodes.length).toBeGreaterThan(10);
    expect(nodes.length).toBeLessThan(205);
    expect(await zoom()).toBe(65);
    // Not every row either, and t7's two shards are one row.
    const rows = await drawn('svg.gantt .row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(200);
    expect(rows).toContain('t7');
    expect(rows.filter((id) => id?.startsWith('t7['))).toEqual([]);
    expect(await preview().locator('.row.group[data-group="t7"] .label').textContent()).toBe('t7 ×2');
    // The capacity charts are right under the Gantt's window, not thousands of pixels down.
    const usage = await preview().locator('svg.usage.cpus').evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
    const viewport = await preview().locator('body').evaluate(() => window.innerHeight);
    expect(usage).toBeLessThan(2 * viewport);
    // The legend and the tooltips say what things are.
    await expect(preview().locator('.legend').innerText()).resolves.toMatch(/task[\s\S]*service[\s\S]*critical path[\s\S]*slack[\s\S]*matrix/);
    const node = preview().locator('svg.dag .node.task').first();
    const id = (await node.getAttribute('data-id'))!;
    const unit = id.replace(/\[.*$/, '');
    const title = await node.locator('title').textContent();
    expect(title).toMatch(/^t\d+(\[shard=\d\])? \(task\)\nstarts \d+:\d\d, ends \d+:\d\d \(.+\), (slack .+|on the critical path)\nestimate \S+ \(from estimate:\)\n(1|0\.5) cpus?, 128Mi memory\nneeds (nothing|[t\d, ]+|cache)\nline \d+$/);
    expect(title!.startsWith(`${id} (task)`)).toBe(true);
    expect(title).toContain(`line ${LINES.indexOf(`  ${unit}:`) + 1}`);
    await shot('open');
  });

  it('zooms the DAG with its buttons, Ctrl+wheel and Fit, the boxes growing and shrinking with it', async () => {
    const width = async () => (await preview().locator('svg.dag .node rect').first().boundingBox())!.width;
    const before = await width();
    await preview().locator('.zoom-button[aria-label^="Zoom in"]').click();
    await expect.poll(zoom).toBe(81);
    await expect.poll(width).toBeGreaterThan(before * 1.2);
    await shot('zoomed-in');

    await preview().locator('.zoom-button', { hasText: 'Fit' }).click();
    await expect.poll(zoom).toBeLessThan(40);
    // The whole graph: every box drawn (text-less when this small), none cut off.
    await expect.poll(async () => (await drawn('svg.dag .node')).length).toBe(205);
    await shot('fit');

    // Ctrl+wheel over the graph zooms in again.
    const box = (await preview().locator('.dag-viewport').boundingBox())!;
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 3);
    const fit = await zoom();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await expect.poll(zoom).toBeGreaterThan(fit);
  });

  it('filters by name, and Enter brings the next match into view in both drawings', async () => {
    const filter = preview().locator('input.filter-input');
    await filter.fill('t15*');
    await expect.poll(() => preview().locator('.filter-count').innerText()).toMatch(/^\d+ of 205 units$/);
    const count = Number((await preview().locator('.filter-count').innerText()).split(' ')[0]);
    // t15, t150–t159 (t157 a matrix of two): 12 units.
    expect(count).toBe(12);
    const rows = await drawn('svg.gantt .row');
    expect(rows.length).toBe(11); // t157's two shards in one row
    expect(rows.every((id) => /^t15\d?$/.test(id!))).toBe(true);
    // Boxes of other units are dimmed, the matches are not.
    const boxes = await preview().locator('svg.dag .node').evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-id')!, dimmed: e.classList.contains('dimmed') })));
    expect(boxes.some((b) => b.dimmed)).toBe(true);
    for (const box of boxes) expect({ id: box.id, dimmed: box.dimmed }).toEqual({ id: box.id, dimmed: !/^t15\d?(\[|$)/.test(box.id) });
    await filter.press('Enter');
    const found = preview().locator('svg.dag .node.found');
    await found.waitFor();
    expect(await found.getAttribute('class')).not.toContain('dimmed');
    expect(await found.getAttribute('data-id')).toMatch(/^t15/);
    await shot('filtered');
    await filter.fill('');
    await expect.poll(() => preview().locator('.filter-count').innerText()).toBe('205 units');
  });

  it('opens a folded matrix row on a click and folds it again', async () => {
    const group = preview().locator('svg.gantt .row.group[data-group="t7"]');
    await group.click();
    await preview().locator('svg.gantt .row.member[data-id="t7[shard=2]"]').waitFor();
    expect(await drawn('svg.gantt .row.member')).toEqual(['t7[shard=1]', 't7[shard=2]']);
    expect(await group.getAttribute('aria-expanded')).toBe('true');
    await shot('matrix-open');
    await group.click();
    await preview().locator('svg.gantt .row.member').first().waitFor({ state: 'detached' });
  });

  it('selects a unit\'s name in the editor when its box or its row is clicked', async () => {
    await preview().locator('.zoom-button', { hasText: 'Fit' }).click();
    await preview().locator('.zoom-button[aria-label^="Zoom in"]').click();
    const at = (id: string) => LINES.indexOf(`  ${id}:`) + 1;
    // A box wholly inside the graph's window (boxes just outside it are drawn too, ready for a pan).
    const id = await preview()
      .locator('.dag-viewport')
      .evaluate((viewport) => {
        const frame = viewport.getBoundingClientRect();
        const inside = Array.from(viewport.querySelectorAll('.node')).filter((n) => {
          const r = n.getBoundingClientRect();
          return r.left >= frame.left && r.right <= frame.right && r.top >= frame.top && r.bottom <= frame.bottom;
        });
        return inside[Math.floor(inside.length / 2)]?.getAttribute('data-id');
      });
    expect(id).toBeTruthy();
    await preview().locator(`svg.dag .node[data-id="${id}"]`).click();
    // A matrix expansion (t57[shard=1]) is defined where its task's name is written.
    const name = id!.replace(/\[.*$/, '');
    await page.locator('.statusbar-item', { hasText: `Ln ${at(name)}, Col 3 (${name.length} selected)` }).first().waitFor();
    // The cursor's unit is highlighted in the preview.
    await preview().locator(`svg.dag .node.highlight[data-id="${id}"]`).waitFor();

    // Likewise a row wholly inside the Gantt's window.
    const rowId = (await preview()
      .locator('.gantt-scroll')
      .evaluate((scroller) => {
        const frame = scroller.getBoundingClientRect();
        const inside = Array.from(scroller.querySelectorAll('.row:not(.group)')).filter((n) => {
          const r = n.getBoundingClientRect();
          return r.top >= frame.top && r.bottom <= frame.bottom;
        });
        return inside[Math.floor(inside.length / 2)]?.getAttribute('data-id');
      }))!;
    expect(rowId).toBeTruthy();
    await preview().locator(`svg.gantt .row[data-id="${rowId}"] .bar`).click();
    const rowName = rowId.replace(/\[.*$/, '');
    await page.locator('.statusbar-item', { hasText: `Ln ${at(rowName)}, Col 3 (${rowName.length} selected)` }).first().waitFor();
    await shot('click-to-source');
  });
});
