/**
 * The extension in real VS Code: code-server 4.100.3 driven through Debian's Chromium.
 *
 * Packs the .vsix, installs it into a fresh code-server, opens a workspace whose batch file has a
 * cycle and checks what a person would see: the cycle in the Problems panel at the line
 * `gantry validate` reports; the file in the `gantry` language (status bar, file icon) with YAML's
 * colours and comment rule, and the extension's icon; after Run Batch, the run's actual times in
 * the code lenses beside the predictions; the `${{ }}` expression coloured by the server's semantic tokens;
 * the schedule preview listing the problem, a click on it revealing its
 * place; then, with the cycle removed in the editor, the DAG and the Gantt drawn in the preview's
 * webview, a click on a task revealing it in the editor, and the cursor highlighting it in the
 * preview; a new task half typed (the file broken again): the schedule kept, dimmed and marked
 * stale, under every problem, and the code lenses kept.
 * Screenshots: test-artifacts/vscode-*.png. Needs test/e2e/setup-code-server.sh (run by .ci/setup).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../../core/format';
import type { RunDocument } from '../../core/report/run-document';
import { validate } from '../../core/validate';
import { launchChromium } from './chromium';
import { CODE_SERVER, codeServerInstalled, installExtension, startCodeServer, type CodeServer } from './code-server';
import { runCommand as paletteCommand } from './workbench';

const ARTIFACTS = path.resolve('test-artifacts');
const UI_TIMEOUT = 60_000;

// `build` needs `deploy`, which (through `test`) needs `build`: a cycle. Line 16 closes it.
const BATCH = `version: 1
capacity: { cpus: 4, memory: 4Gi, parallel: 4 }
defaults:
  image: busybox
  memory: 256Mi
services:
  db:
    run: mkdir -p /w && echo ok > /w/index.html && exec httpd -f -p 8080 -h /w
    health: { run: "wget -q -O- http://localhost:8080/", interval: 1s }
tasks:
  build:
    run: echo build
    cpus: 2
    memory: 1Gi
    estimate: 20s
    needs: [deploy]
  test:
    needs: [build, db]
    matrix: { shard: [1, 2, 3] }
    run: echo "test \${{ matrix.shard }}"
    estimate: 30s
  lint:
    run: echo lint
    estimate: 10s
  deploy:
    needs: [test, lint]
    run: echo deploy
    estimate: 15s
`;
const OTHER_BATCH = `version: 1
tasks:
  only: { image: busybox, run: echo only, estimate: 42s }
`;
const SETTINGS = { 'gantry.files': ['ci/pipeline.yml'] };
const CLOSING_NEED_LINE = 16; // one-based, `    needs: [deploy]`

let root: string;
let server: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
/** The colour of a YAML key in the batch file (the gantry language), for comparing with a YAML file's. */
let yamlKeyColour = '';

const fakeGantry = () => path.join(root, 'bin', 'gantry');

/** The colour of the first token `text` on the editor's lines. */
async function keyColour(text: string): Promise<string> {
  return page.evaluate((t) => {
    const span = Array.from(document.querySelectorAll('.monaco-editor .view-line span > span')).find((s) => s.textContent === t);
    return span ? getComputedStyle(span).color : '';
  }, text);
}

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `vscode-${name}.png`) });

const runCommand = (title: string): Promise<void> => paletteCommand(page, title);

/** The schedule preview's content: the webview's outer iframe, then its active inner frame. */
function preview(): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

beforeAll(async () => {
  if (!codeServerInstalled()) throw new Error(`code-server is not installed at ${CODE_SERVER}: run bash test/e2e/setup-code-server.sh`);
  mkdirSync(ARTIFACTS, { recursive: true });
  root = await mkdtemp(path.join(tmpdir(), 'gantry-e2e-'));

  const packed = await promisify(execFile)(process.execPath, ['extension/scripts/package.mjs'], { timeout: 120_000 });
  const vsix = path.resolve(/^(gantry-[\d.]+\.vsix):/m.exec(packed.stdout)![1]);
  const installed = await installExtension(root, vsix);
  expect(installed).toMatch(/successfully installed/);
  expect(existsSync(path.join(root, 'extensions', 'gantry.gantry-0.1.0', 'dist', 'server.js'))).toBe(true);

  const workspace = path.join(root, 'workspace');
  await mkdir(workspace, { recursive: true });
  await writeFile(path.join(workspace, 'gantry.yml'), BATCH);
  // Another YAML file the extension must leave alone.
  await writeFile(path.join(workspace, 'other.yml'), 'tasks: [not, a, batch, file]\n');
  // "Gantry: Run Batch" runs the gantry bundled in the .vsix unless `gantry.cliPath` names another
  // (a terminal's PATH comes from the login shell, so the setting is the way to point at one):
  // this stand-in shows how it was called.
  await mkdir(path.dirname(fakeGantry()), { recursive: true });
  await writeFile(fakeGantry(), '#!/bin/sh\necho "gantry called in $(pwd) with: $*"\nexit 3\n', { mode: 0o755 });
  await mkdir(path.join(workspace, '.vscode'));
  // A batch file by another name, named in the `gantry.files` setting; and one that is not (yet).
  await mkdir(path.join(workspace, 'ci'));
  await writeFile(path.join(workspace, 'ci', 'pipeline.yml'), OTHER_BATCH);
  await writeFile(path.join(workspace, 'misc.yml'), OTHER_BATCH);
  await writeFile(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(SETTINGS));
  server = await startCodeServer(root, workspace);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(UI_TIMEOUT);
}, 300_000);

// What the screen showed when a step failed.
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && page) await shot(`failed-${context.task.name.replace(/\W+/g, '-').slice(0, 40)}`).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('Gantry in VS Code (code-server)', { timeout: 180_000 }, () => {
  it('shows the cycle in the Problems panel at the line gantry validate reports', async () => {
    const expected = validate(BATCH).diagnostics.find((d) => d.code === 'cycle')!;
    expect(expected).toBeDefined();

    await page.goto(server!.url);
    await page.waitForSelector('.monaco-workbench');
    // The workspace-trust dialog: trust it, as a person opening their own project would.
    await page.getByRole('button', { name: /Yes, I trust the authors/ }).click();

    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('gantry.yml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'gantry.yml' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines:has-text("needs: [deploy]")');

    await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Dependency cycle' });
    await row.first().waitFor();
    const text = await row.first().innerText();
    const { line, character } = expected.range.start;
    expect(text).toContain(expected.message);
    expect(text).toContain(`[Ln ${line + 1}, Col ${character + 1}]`);
    expect(text).toContain('gantry');
    // The status bar says so too.
    await page.locator('.statusbar-item', { hasText: 'Gantry: 1 problem' }).waitFor();
    await shot('problems');
  });

  it('shows the file as Gantry (status bar, file icon), with YAML\'s colours and comments underneath', async () => {
    // The language mode in the status bar.
    await page.locator('#status\\.editor\\.mode', { hasText: /^Gantry$/ }).waitFor();
    // The file icon of the gantry language: the editor tab's and the Explorer's, drawn from the light SVG (Light Modern).
    const icons = page.locator('.monaco-icon-label.gantry-lang-file-icon', { hasText: 'gantry.yml' });
    await icons.first().waitFor();
    const drawn = await icons.evaluateAll((labels) => labels.map((l) => getComputedStyle(l, '::before').backgroundImage));
    expect(drawn.length).toBeGreaterThanOrEqual(1);
    // (a resource URL of code-server's, the path maybe encoded)
    for (const image of drawn) expect(image).toMatch(/media(\/|%2F)icons(\/|%2F)file-light\.svg/);
    const tab = (await page.locator('.tabs-container .tab', { hasText: 'gantry.yml' }).first().boundingBox())!;
    await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-language-tab.png'), clip: { x: 0, y: tab.y - 40, width: Math.min(1600, tab.x + tab.width + 40), height: 200 } });
    // VS Code's YAML grammar colours the keys, as in any YAML file (compared with other.yml later).
    yamlKeyColour = await keyColour('capacity');
    expect(yamlKeyColour).not.toBe(await page.evaluate(() => getComputedStyle(document.querySelector('.monaco-editor .view-lines')!).color));
    // YAML's comment rule: Toggle Line Comment writes `# `, and takes it away again.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+/');
    await page.waitForSelector('.monaco-editor .view-lines:has-text("# capacity: { cpus: 4")');
    await page.keyboard.press('Control+/');
    await page.waitForSelector('.monaco-editor .view-lines:not(:has-text("# capacity"))');
    await shot('language');
  });

  it('shows the extension\'s icon in the Extensions view', async () => {
    await runCommand('Extensions: Show Enabled Extensions');
    const icon = page.locator('.extension-list-item', { hasText: 'Gantry' }).locator('img.icon');
    await icon.first().waitFor();
    await page.waitForFunction((img) => img !== null && (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await icon.first().elementHandle());
    expect(await icon.first().evaluate((img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight])).toEqual([128, 128]);
    expect(await icon.first().getAttribute('src')).toMatch(/media(\/|%2F)icons(\/|%2F)gantry\.png/);
    const item = (await page.locator('.extension-list-item', { hasText: 'Gantry' }).first().boundingBox())!;
    await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-extension-icon.png'), clip: { x: item.x, y: item.y, width: item.width, height: item.height } });
    await runCommand('View: Show Explorer');
    await page.locator('.tabs-container .tab', { hasText: 'gantry.yml' }).first().click();
  });

  it('colours the parts of a ${{ }} expression apart from the string around it (semantic tokens)', async () => {
    // `    run: echo "test ${{ matrix.shard }}"`: the YAML grammar makes the whole scalar one string;
    // the server's tokens split the expression out, each part in its own colour.
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('.monaco-editor .view-line span > span')).some((s) => s.textContent === 'matrix'),
    );
    // Decorations (bracket pairs, diagnostics) are drawn after the tokens: judge the settled line.
    await page.waitForTimeout(1500);
    const parts = await page.evaluate(() => {
      const line = Array.from(document.querySelectorAll('.monaco-editor .view-line')).find((l) => l.textContent?.includes('matrix.shard'));
      return Array.from(line?.querySelectorAll('span > span') ?? []).map((s) => ({ text: (s.textContent ?? '').replace(/\u00a0/g, ' '), colour: getComputedStyle(s).color }));
    });
    // The colour of each character of the line (the editor may split a token into several spans).
    const line = parts.map((p) => p.text).join('');
    const colours = parts.flatMap((p) => Array.from(p.text, () => p.colour));
    const at = (needle: string, offset = 0) => colours[line.indexOf(needle) + offset];
    expect(line).toContain('run: echo "test ${{ matrix.shard }}"');
    // Without the server's tokens the scalar is one span in the string's colour.
    const string = at('echo');
    const [open, context, key] = [at('${{'), at('matrix'), at('shard')];
    // The delimiters, the context and the key: three colours, none of them the string's.
    expect(new Set([string, open, context, key]).size).toBe(4);
    expect([at('${{', 1), at('${{', 2), at('}}'), at('}}', 1)]).toEqual([open, open, open, open]);
    expect([at('matrix', 5), at('shard', 4)]).toEqual([context, key]);
    expect(at('.shard')).not.toBe(string);
    const box = (await page.locator('.monaco-editor .view-line', { hasText: 'matrix.shard' }).boundingBox())!;
    await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-expression-colours-line.png'), clip: { x: box.x - 60, y: box.y - 40, width: 560, height: box.height + 80 } });
    await shot('expression-colours');
  });

  it('opens the schedule preview, which lists the problem (no schedule yet), and reveals it when clicked', async () => {
    const cycle = validate(BATCH).diagnostics.find((d) => d.code === 'cycle')!;
    const { line, character } = cycle.range.start;
    await page.locator('.monaco-editor .view-lines').first().click();
    // The editor-title button is there for a batch file; the test uses the command palette.
    await page.locator('.editor-actions .action-label[aria-label*="Open Schedule Preview"]').waitFor();
    await runCommand('Gantry: Open Schedule Preview');
    await preview().locator('section.problems').waitFor();
    await expect(preview().locator('section.problems').innerText()).resolves.toMatch(/^gantry\.yml: 1 problem\n/);
    const problem = preview().locator('section.problems button.problem');
    expect(await problem.count()).toBe(1);
    expect(await problem.innerText()).toMatch(new RegExp(`^${line + 1}:${character + 1}\\s+error\\s+Dependency cycle`, 'i'));
    // No schedule without errors has been seen: nothing stale to show.
    expect(await preview().locator('svg').count()).toBe(0);
    expect(await preview().locator('.stale-marker').count()).toBe(0);
    await shot('preview-problems');
    await problem.click();
    const length = cycle.range.end.character - character;
    await page.locator('.statusbar-item', { hasText: `Ln ${line + 1}, Col ${character + 1} (${length} selected)` }).first().waitFor();
  });

  it('draws the DAG and the Gantt once the cycle is removed in the editor', async () => {
    // Delete the need that closes the cycle, as a person would: go to the line, delete it.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(CLOSING_NEED_LINE));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Shift+K');
    await page.waitForSelector('.monaco-editor .view-lines:not(:has-text("needs: [deploy]"))');

    const dag = preview().locator('svg.dag');
    await dag.locator('.node').first().waitFor();
    // db, build, test × 3, lint, deploy.
    expect(await dag.locator('.node').count()).toBe(7);
    expect(await dag.locator('.edge').count()).toBe(1 /* db→test */ * 3 + 3 /* build→test */ + 3 /* test→deploy */ + 1 /* lint→deploy */);
    expect(await dag.locator('.node.critical').count()).toBeGreaterThan(0);
    const gantt = preview().locator('svg.gantt');
    expect(await gantt.locator('.row').count()).toBe(7);
    expect(await preview().locator('svg.usage.cpus .area').count()).toBe(1);
    await expect(preview().locator('header.summary').innerText()).resolves.toMatch(/predicted[\s\S]*critical path: .*build.*deploy/);
    // The problem is gone from the Problems panel too.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'Dependency cycle' }).waitFor({ state: 'detached' });
    // The status bar gives the predicted makespan, as the preview's header does.
    const status = page.locator('.statusbar-item', { hasText: /Gantry: \S+ predicted/ });
    await status.waitFor();
    const header = await preview().locator('header.summary .figure').innerText();
    const [m, s] = header.split(':').map(Number);
    expect(await status.innerText()).toContain(`Gantry: ${m > 0 ? `${m}m${s ? `${s}s` : ''}` : `${s}s`} predicted`);
    await shot('preview');
  });

  it('reveals a task clicked in the preview, and highlights the task under the cursor', async () => {
    await preview().locator('svg.dag .node[data-id="deploy"]').click();
    // The editor's cursor moves to deploy's name, shown in the status bar. Its zero-based index in
    // BATCH is its one-based line now that a line above it is deleted.
    const deployLine = BATCH.split('\n').indexOf('  deploy:');
    await page.locator('.statusbar-item', { hasText: `Ln ${deployLine}, Col 3 (6 selected)` }).first().waitFor();
    await preview().locator('svg.dag .node.highlight[data-id="deploy"]').waitFor();

    // Cursor into `lint`'s block: the preview highlights lint.
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(deployLine - 2)); // `    run: echo lint`
    await page.keyboard.press('Enter');
    await preview().locator('svg.dag .node.highlight[data-id="lint"]').waitFor();
    expect(await preview().locator('svg.gantt .row.highlight').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(['lint']);
    await shot('highlight');
  });

  it('keeps the schedule, dimmed and stale, under every problem while a new task is half typed; the lenses stay', async () => {
    const lenses = page.locator('.monaco-editor .codelens-decoration a');
    await lenses.filter({ hasText: 'critical path' }).first().waitFor();
    const before = await lenses.count();
    expect(before).toBe(5); // db, build, test, lint, deploy
    const fixed = BATCH.split('\n').filter((_, i) => i !== CLOSING_NEED_LINE - 1).join('\n');
    const broken = fixed.replace('  build:\n', '  newtask\n  build:\n');
    const problems = validate(broken).diagnostics;
    expect(problems.map((d) => d.code)).toEqual(['invalid-name', 'yaml-syntax', 'needs-unknown']);

    // A line above build (VS Code starts it unindented here), then the new task's name, its colon not typed yet.
    const buildLine = fixed.split('\n').indexOf('  build:') + 1;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(buildLine));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Shift+Enter');
    await page.keyboard.type('  newtask');
    await page.waitForSelector('.monaco-editor .view-lines:has-text("newtask")');

    // The preview: every problem, then the schedule of before, dimmed and marked stale.
    const list = preview().locator('section.problems button.problem');
    await preview().locator('.stale-marker').waitFor();
    await expect(preview().locator('section.problems h1').innerText()).resolves.toBe('gantry.yml: 3 problems');
    expect(await list.count()).toBe(problems.length);
    const shown = await list.evaluateAll((buttons) => buttons.map((b) => b.textContent));
    expect(shown).toEqual(problems.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}${d.severity}${d.message}${d.code}`));
    await expect(preview().locator('.stale-marker').innerText()).resolves.toContain('Stale: the schedule below is from before the current problems');
    expect(await preview().locator('.stale-schedule svg.dag .node').count()).toBe(7);
    expect(await preview().locator('.stale-schedule svg.gantt .row').count()).toBe(7);
    expect(Number(await preview().locator('.stale-schedule').evaluate((e) => getComputedStyle(e).opacity))).toBeLessThan(1);

    // The lenses stay, one per task and service, said to be from before the errors.
    await lenses.filter({ hasText: '(before current errors)' }).nth(before - 1).waitFor();
    expect(await lenses.count()).toBe(before);
    await shot('preview-stale');

    // A click on the third problem selects its place in the editor.
    const needs = problems[2].range;
    await list.nth(2).click();
    await page.locator('.statusbar-item', { hasText: `Ln ${needs.start.line + 1}, Col ${needs.start.character + 1} (${needs.end.character - needs.start.character} selected)` }).first().waitFor();
    expect(await lenses.count()).toBe(before);

    // The half-typed line removed: the schedule of now, not dimmed, and lenses of now.
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(buildLine));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Shift+K');
    await page.waitForSelector('.monaco-editor .view-lines:not(:has-text("newtask"))');
    await preview().locator('.stale-marker').waitFor({ state: 'detached' });
    expect(await preview().locator('section.problems').count()).toBe(0);
    expect(await preview().locator('svg.dag .node').count()).toBe(7);
    await lenses.filter({ hasText: '(before current errors)' }).first().waitFor({ state: 'detached' });
    expect(await lenses.count()).toBe(before);
  });

  it('puts each task\'s predicted place in a code lens that opens the preview', async () => {
    // The preview goes away; the lens over `build` brings it back.
    await runCommand('View: Close Editors in Other Groups');
    await preview().locator('svg.dag').waitFor({ state: 'detached' });
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'critical path' });
    await lens.first().waitFor();
    expect(await lens.first().innerText()).toMatch(/^critical path · starts 0:00 · /);
    await shot('code-lens');
    await lens.first().click();
    await preview().locator('svg.dag .node').first().waitFor();
  });

  it('runs the batch for real with the gantry that comes with the extension (nothing on PATH), in a task terminal', async () => {
    await runCommand('Gantry: Run Batch');
    const terminal = page.locator('.terminal-wrapper .xterm-rows');
    // The real run: the service, every task, the result line of `gantry run`.
    await terminal.filter({ hasText: /succeeded: \d+\/\d+ tasks succeeded/ }).first().waitFor({ timeout: 120_000 });
    const text = await terminal.first().innerText();
    expect(text).toMatch(/succeeded: 6\/6 tasks succeeded/);
    expect(text).toContain('deploy');
    expect(existsSync(path.join(root, 'workspace', '.gantry', 'runs'))).toBe(true);
    await shot('run-batch');
    // The task has ended (the next test starts another).
    await terminal.filter({ hasText: 'Terminal will be reused by tasks' }).first().waitFor();
  });

  it('puts the run\'s actual times beside the predictions in the code lenses once it has finished', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'gantry.yml' }).first().click();
    const lastRun = page.locator('.monaco-editor .codelens-decoration a', { hasText: /^last run / });
    // db, build, test, lint, deploy: each beside its prediction's lens.
    await lastRun.nth(4).waitFor();
    expect(await lastRun.count()).toBe(5);
    const runs = path.join(root, 'workspace', '.gantry', 'runs');
    const [runId] = await readdir(runs);
    const report = JSON.parse(await readFile(path.join(runs, runId, 'report.json'), 'utf8')) as RunDocument;
    const build = report.units.find((u) => u.id === 'build')!;
    expect(build.status).toBe('succeeded');
    const titles = await lastRun.allInnerTexts();
    expect(titles).toContain(titles.find((t) => t.startsWith(`last run ${formatDuration(build.end! - build.start!)} · predicted `)));
    // A service's: how long it was up.
    for (const title of titles) expect(title).toMatch(/^last run (up )?[\dms.]+ · predicted (up )?[\dms.]+$/);
    expect(titles.filter((t) => t.startsWith('last run up '))).toHaveLength(1);
    // The prediction now comes from the run's history: the status bar follows the preview's header.
    await expect(preview().locator('header.summary .figure').innerText()).resolves.toMatch(/^\d+:\d\d$/);
    const header = await preview().locator('header.summary .figure').innerText();
    const [m, s] = header.split(':').map(Number);
    // The header shows whole seconds (0:07), the status bar the duration as formatted (7.3s).
    const item = page.locator('.statusbar-item', { hasText: /Gantry: [\dms.]+ predicted/ }).first();
    await item.waitFor();
    const said = /Gantry: (?:(\d+)m)?(?:([\d.]+)s)? predicted/.exec(await item.innerText())!;
    const seconds = Number(said[1] ?? 0) * 60 + Number(said[2] ?? 0);
    expect(Math.abs(seconds - (m * 60 + s))).toBeLessThan(1);
    const box = (await lastRun.first().boundingBox())!;
    await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-last-run-lens.png'), clip: { x: 300, y: box.y - 30, width: 900, height: 330 } });
    await shot('last-run');
  });

  it('lists the run in the Gantry Runs view, and opens its report from there', async () => {
    const view = page.locator('.pane-header', { hasText: 'Gantry Runs' });
    await view.waitFor();
    if ((await view.getAttribute('aria-expanded')) === 'false') await view.click();
    const row = page.locator('.monaco-list-row', { hasText: 'gantry.yml · success' }).first();
    await row.waitFor();
    expect(await row.innerText()).toMatch(/gantry\.yml · success\s*[\d.]+m?s · (just now|\d+ min ago)/);
    await row.click();
    // The report's webview (the preview is a webview too): the frame whose page is the report.
    let text = '';
    for (let i = 0; i < 100 && !text; i++) {
      for (const frame of page.frames()) {
        const body = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
        if (body.includes('Gantry run') && body.includes('Predicted vs actual')) text = body;
      }
      if (!text) await page.waitForTimeout(200);
    }
    expect(text).toMatch(/Gantry run\s+success/);
    expect(text).toContain('deploy');
    await shot('runs-view');
    // Back to the batch file, for the tests after this one.
    await page.locator('.tabs-container .tab', { hasText: 'gantry.yml' }).first().click();
    await page.waitForSelector('.monaco-editor .view-lines:has-text("echo build")');
  });

  it('says what to do when gantry.cliPath does not exist; runs the gantry it names when it does', async () => {
    const settings = path.join(root, 'workspace', '.vscode', 'settings.json');
    const missing = path.join(root, 'nowhere', 'gantry');
    await writeFile(settings, JSON.stringify({ ...SETTINGS, 'gantry.cliPath': missing }));
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'gantry.cliPath' });
    // The settings file is watched; asking before the new value is seen would start a real run.
    await page.waitForTimeout(3000);
    await runCommand('Gantry: Run Batch');
    await toast.first().waitFor();
    expect(await toast.first().innerText()).toContain(`gantry.cliPath is "${missing}", which does not exist. Clear the setting to use the gantry that comes with the extension`);
    await shot('run-batch-missing-cli');
    await toast.first().locator('.codicon-notifications-clear, .codicon-close').first().click().catch(() => undefined);

    await writeFile(settings, JSON.stringify({ ...SETTINGS, 'gantry.cliPath': fakeGantry() }));
    const terminal = page.locator('.terminal-wrapper .xterm-rows');
    const called = terminal.filter({ hasText: 'gantry called in' });
    await page.waitForTimeout(3000);
    await runCommand('Gantry: Run Batch');
    await called.first().waitFor();
    expect(await called.first().innerText()).toContain(`gantry called in ${path.join(root, 'workspace')} with: run gantry.yml`);
    await terminal.filter({ hasText: 'exit code: 3' }).first().waitFor();
  });

  it('leaves other YAML files alone', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('other.yml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'other.yml' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines:has-text("not, a, batch, file")');
    // YAML, not Gantry; its keys in the colour of the batch file's.
    await page.locator('#status\\.editor\\.mode', { hasText: /^YAML$/ }).waitFor();
    expect(await keyColour('tasks')).toBe(yamlKeyColour);
    // No Gantry diagnostics (a batch file would need `version`), and no preview button.
    await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    expect(await page.locator('.markers-panel .monaco-list-row', { hasText: 'other.yml' }).count()).toBe(0);
    expect(await page.locator('.editor-actions .action-label[aria-label*="Open Schedule Preview"]').count()).toBe(0);
    expect(await page.locator('.statusbar-item', { hasText: 'Gantry:' }).count()).toBe(0);
  });

  it('treats a file named in gantry.files as a batch file, and adds one with "Treat This File as a Batch File"', async () => {
    const open = async (name: string) => {
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').fill(name);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(name) }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.waitForSelector('.monaco-editor .view-lines:has-text("echo only")');
    };
    const status = page.locator('.statusbar-item', { hasText: 'Gantry: 42s predicted' });
    await open('ci/pipeline.yml');
    await status.waitFor();
    await page.locator('.editor-actions .action-label[aria-label*="Open Schedule Preview"]').waitFor();

    await open('misc.yml');
    await status.waitFor({ state: 'detached' });
    expect(await page.locator('.editor-actions .action-label[aria-label*="Open Schedule Preview"]').count()).toBe(0);
    await runCommand('Gantry: Treat This File as a Batch File');
    await status.waitFor();
    await shot('treat-as-batch-file');
    const saved = JSON.parse(await readFile(path.join(root, 'workspace', '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(saved['gantry.files']).toEqual(['ci/pipeline.yml', 'misc.yml']);
  });
});
