/**
 * bench:editor (issue 16, "The editor at scale"): the extension in real VS Code (code-server and
 * Debian's Chromium, as test/e2e runs them) on generated batch files (bench/lsp/generate.ts).
 *
 *   npm run bench:editor [-- --sizes 2000,20000 --rounds 12]
 *
 * For each size, a fresh code-server with the packed extension (bundles built in a scratch folder):
 * - open:      Enter in Quick Open → the first code lens drawn;
 * - preview:   "Open Schedule Preview" → the Gantt drawn in the webview;
 * - keystroke: at the end of an `estimate:` line in the middle of the file, 'x' (an error) then
 *              Backspace (fixed), `rounds` times each: the key's keydown → the error's squiggle
 *              drawn or gone (keystroke to diagnostic); the preview's data message received in the
 *              webview → the redrawn page's next frame (redraw after the server's result);
 * - long tasks: every main-thread task over 50 ms in the webview (PerformanceObserver 'longtask')
 *              while typing, and while opening and scrolling the preview;
 * - size:      the preview's last message (JSON characters) and the webview's element count.
 * Prints one table per size; docs/benchmarks.md records the figures.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { generateBatchFile } from '../lsp/generate';
import { launchChromium } from '../../test/e2e/chromium';
import { codeServerInstalled, CODE_SERVER, installExtension, startCodeServer } from '../../test/e2e/code-server';
import { packExtension } from '../../test/e2e/pack';
import { runCommand } from '../../test/e2e/workbench';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const SIZES = arg('sizes', '2000,20000').split(',').map(Number);
const ROUNDS = Number(arg('rounds', '12'));
const SHOTS = arg('shots', path.resolve('test-artifacts'));
/** Typing is measured up to this size (the targets at 20,000 are opening and staying interactive). */
const TYPE_UP_TO = Number(arg('type-up-to', '5000'));

const quantile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : '—');

async function webviewFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 600; i++) {
    for (const frame of page.frames()) {
      const ok = await frame.evaluate(() => !!document.querySelector('main#root')).catch(() => false);
      if (ok) return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('no preview webview');
}

/**
 * In the webview: long tasks; for each data message, when it arrived (a capturing listener at the
 * target runs before the preview's own), when the preview's handler was done (a listener added
 * after it runs after it) and the next frame after that (painted).
 */
function instrumentWebview(): void {
  const w = window as unknown as { bench: { longtasks: number[]; workbench: number[]; received: number[]; handled: number[]; painted: number[]; last?: unknown } };
  if (w.bench) return;
  w.bench = { longtasks: [], workbench: [], received: [], handled: [], painted: [] };
  // In code-server the webview's frame shares its thread with the workbench: count only the tasks
  // the Long Tasks API attributes to this frame ('self'), not the editor's ('same-origin-ancestor').
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) (e.name === 'self' ? w.bench.longtasks : w.bench.workbench).push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  window.addEventListener(
    'message',
    (event) => {
      if ((event.data as { type?: string })?.type !== 'data') return;
      w.bench.received.push(Date.now());
      w.bench.last = event.data;
    },
    true,
  );
  window.addEventListener('message', (event) => {
    if ((event.data as { type?: string })?.type !== 'data') return;
    w.bench.handled.push(Date.now());
    requestAnimationFrame(() => w.bench.painted.push(Date.now()));
  });
}

/**
 * In the workbench: keydowns, and when the count of error squiggles changes (checked every frame).
 * A string, not a function: tsx would put its `__name` helper into a function's source.
 */
const INSTRUMENT_WORKBENCH = `(() => {
  if (window.bench) return;
  window.bench = { keys: [], squiggles: [] };
  window.addEventListener('keydown', () => window.bench.keys.push(Date.now()), true);
  let last = -1;
  const tick = () => {
    const n = document.querySelectorAll('.monaco-editor .squiggly-error').length;
    if (n !== last) window.bench.squiggles.push({ t: Date.now(), n });
    last = n;
    requestAnimationFrame(tick);
  };
  tick();
})()`;

interface Result {
  tasks: number;
  lines: number;
  firstLens: number;
  previewOpen: number;
  dagOpen: number;
  openLongest: number;
  keyToDiagnostic: number[];
  redraw: number[];
  diagnosticToRedraw: number[];
  typingLongtasks: number[];
  /** Long tasks of the workbench (the editor) while typing, seen from the webview's thread. */
  workbenchLongtasks: number[];
  scrollLongest: number;
  messageChars: number;
  elements: number;
}

async function measure(tasks: number): Promise<Result> {
  const text = generateBatchFile(tasks);
  const lines = text.split('\n');
  const root = await mkdtemp(path.join(tmpdir(), 'gantry-bench-editor-'));
  const server = { stop: async () => undefined } as { stop: () => Promise<void> };
  const browser = await launchChromium();
  try {
    const vsix = await packExtension(root);
    await installExtension(root, vsix);
    const workspace = path.join(root, 'workspace');
    await mkdir(workspace, { recursive: true });
    await writeFile(path.join(workspace, 'gantry.yml'), text);
    Object.assign(server, await startCodeServer(root, workspace));
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(120_000);
    await page.goto((server as unknown as { url: string }).url);
    await page.waitForSelector('.monaco-workbench');
    await page.getByRole('button', { name: /Yes, I trust the authors/ }).click();

    // Open → first lens.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('gantry.yml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'gantry.yml' }).first().waitFor();
    const opened = Date.now();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .codelens-decoration a').first().waitFor({ timeout: 600_000 });
    const firstLens = Date.now() - opened;

    // Preview → drawn.
    await page.locator('.monaco-editor .view-lines').first().click();
    const asked = Date.now();
    await runCommand(page, 'Gantry: Open Schedule Preview');
    const frame = await webviewFrame(page);
    await frame.waitForSelector('svg.gantt', { timeout: 300_000 });
    const previewOpen = Date.now() - asked;
    await frame.waitForSelector('svg.dag', { timeout: 300_000 });
    const dagOpen = Date.now() - asked;
    await frame.evaluate(instrumentWebview);
    const openLongest = Math.max(0, ...(await frame.evaluate(() => (window as unknown as { bench: { longtasks: number[] } }).bench.longtasks)));
    await page.screenshot({ path: path.join(SHOTS, `bench-editor-${tasks}-open.png`) });

    // Scroll the preview through (the Gantt's rows), one wheel step a frame.
    await frame.evaluate(() => {
      const b = (window as unknown as { bench: { longtasks: number[]; workbench: number[] } }).bench;
      b.longtasks = [];
      b.workbench = [];
    });
    const box = (await page.locator('iframe.webview.ready').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 600);
    await page.waitForTimeout(1500);
    const scrollLongest = Math.max(0, ...(await frame.evaluate(() => (window as unknown as { bench: { longtasks: number[] } }).bench.longtasks)));
    await page.screenshot({ path: path.join(SHOTS, `bench-editor-${tasks}-scrolled.png`) });
    console.log(`\n${tasks} tasks (${lines.length} lines)`);
    console.log(`  open → first lens                 ${ms(firstLens)}`);
    console.log(`  open preview → Gantt drawn        ${ms(previewOpen)}, DAG drawn ${ms(dagOpen)}  (longest webview task while opening ${ms(openLongest)})`);
    console.log(`  scrolling the preview             longest webview task ${ms(scrollLongest)}`);
    const nothingTyped = { keyToDiagnostic: [], redraw: [], diagnosticToRedraw: [], typingLongtasks: [], workbenchLongtasks: [] };
    if (tasks > TYPE_UP_TO) {
      const { messageChars, elements } = await frame.evaluate(() => ({
        messageChars: JSON.stringify((window as unknown as { bench: { last: unknown } }).bench.last ?? null).length,
        elements: document.getElementsByTagName('*').length,
      }));
      return { tasks, lines: lines.length, firstLens, previewOpen, dagOpen, openLongest, ...nothingTyped, scrollLongest, messageChars, elements };
    }

    // Typing: the middle task's estimate line.
    const line = lines.findIndex((l, i) => i > lines.length / 2 && l.startsWith('    estimate:')) + 1;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.evaluate(INSTRUMENT_WORKBENCH);
    await frame.evaluate(() => {
      const b = (window as unknown as { bench: { longtasks: number[]; workbench: number[] } }).bench;
      b.longtasks = [];
      b.workbench = [];
    });
    const keyToDiagnostic: number[] = [];
    const redraw: number[] = [];
    const diagnosticToRedraw: number[] = [];
    for (let round = 0; round < ROUNDS * 2; round++) {
      const wantErrors = round % 2 === 0;
      const receivedBefore = await frame.evaluate(() => (window as unknown as { bench: { received: number[] } }).bench.received.length);
      await page.keyboard.press(wantErrors ? 'x' : 'Backspace');
      await page.waitForFunction((want) => {
        const s = (window as unknown as { bench: { squiggles: { n: number }[] } }).bench.squiggles;
        return s.length > 0 && (s[s.length - 1].n > 0) === want;
      }, wantErrors);
      const { key, squiggle } = await page.evaluate(() => {
        const b = (window as unknown as { bench: { keys: number[]; squiggles: { t: number; n: number }[] } }).bench;
        return { key: b.keys[b.keys.length - 1], squiggle: b.squiggles[b.squiggles.length - 1].t };
      });
      keyToDiagnostic.push(squiggle - key);
      // The preview's redraw for this version: a message received after the key, and the frame after its handler.
      await frame.waitForFunction(
        (r0) => {
          const b = (window as unknown as { bench: { received: number[]; painted: number[] } }).bench;
          return b.received.length > r0 && b.painted.length >= b.received.length;
        },
        receivedBefore,
        { timeout: 60_000 },
      );
      await page.waitForTimeout(300); // let any later message for the same version land
      const { received, painted } = await frame.evaluate(() => {
        const b = (window as unknown as { bench: { received: number[]; painted: number[] } }).bench;
        return { received: b.received[b.received.length - 1], painted: b.painted[b.painted.length - 1] };
      });
      redraw.push(painted - received);
      diagnosticToRedraw.push(painted - squiggle);
      if (round === 0) await page.screenshot({ path: path.join(SHOTS, `bench-editor-${tasks}-typing.png`) });
    }
    const { typingLongtasks, workbenchLongtasks } = await frame.evaluate(() => {
      const b = (window as unknown as { bench: { longtasks: number[]; workbench: number[] } }).bench;
      return { typingLongtasks: b.longtasks, workbenchLongtasks: b.workbench };
    });
    const { messageChars, elements } = await frame.evaluate(() => ({
      messageChars: JSON.stringify((window as unknown as { bench: { last: unknown } }).bench.last).length,
      elements: document.getElementsByTagName('*').length,
    }));
    await page.screenshot({ path: path.join(SHOTS, `bench-editor-${tasks}-end.png`) });
    return { tasks, lines: lines.length, firstLens, previewOpen, dagOpen, openLongest, keyToDiagnostic, redraw, diagnosticToRedraw, typingLongtasks, workbenchLongtasks, scrollLongest, messageChars, elements };
  } finally {
    await browser.close();
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

if (!codeServerInstalled()) {
  console.error(`bench:editor: code-server is not installed at ${CODE_SERVER}: run bash test/e2e/setup-code-server.sh`);
  process.exitCode = 2;
} else {
  await mkdir(SHOTS, { recursive: true });
  for (const size of SIZES) {
    const r = await measure(size);
    if (r.keyToDiagnostic.length > 0) {
      const longest = Math.max(0, ...r.typingLongtasks);
      console.log(`  (${ROUNDS} errors typed and fixed)`);
      console.log(`  keystroke → diagnostic            median ${ms(quantile(r.keyToDiagnostic, 0.5))}  p95 ${ms(quantile(r.keyToDiagnostic, 0.95))}  worst ${ms(Math.max(...r.keyToDiagnostic))}`);
      console.log(`  data received → redrawn (painted) median ${ms(quantile(r.redraw, 0.5))}  p95 ${ms(quantile(r.redraw, 0.95))}  worst ${ms(Math.max(...r.redraw))}`);
      console.log(`  diagnostic → preview painted      median ${ms(quantile(r.diagnosticToRedraw, 0.5))}  p95 ${ms(quantile(r.diagnosticToRedraw, 0.95))}`);
      console.log(`  webview long tasks while typing   ${r.typingLongtasks.length} over 50 ms, longest ${ms(longest)}, over 100 ms: ${r.typingLongtasks.filter((t) => t > 100).length}`);
      console.log(`  (the workbench's, same thread)    ${r.workbenchLongtasks.length} over 50 ms, longest ${ms(Math.max(0, ...r.workbenchLongtasks))}`);
    }
    console.log(`  last message ${(r.messageChars / 1024).toFixed(0)} KiB of JSON, ${r.elements} elements in the webview`);
  }
}
