/**
 * Markdown as GitHub shows it, for render tests: GitHub-flavoured Markdown (marked, `gfm: true`)
 * with every ```mermaid block drawn by the real Mermaid (node_modules/mermaid, default settings —
 * GitHub's: `maxTextSize` 50,000, local time zone for dates) in headless Chromium. Each chart is
 * rendered on its own with `mermaid.render`, so one broken chart cannot hide another, and what came
 * out is read back from the SVG: whether it is Mermaid's error graphic, the time axis's tick labels,
 * the bars (with their classes: `crit`, `done`, `active`) and their labels, and the chart's size.
 *
 * Time zones are emulated per browser context (`timezoneId`, what `TZ=` does for a process): one
 * browser serves every zone.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { marked } from 'marked';
import type { Browser, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const MERMAID_JS = join(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');

export interface RenderedChart {
  /** Mermaid threw, or drew its error graphic ("Syntax error in text", "Maximum text size …"). */
  error?: string;
  /** The time axis's tick labels, left to right (the bottom axis; the top one when `topAxis`). */
  ticks: string[];
  bars: Array<{ label: string; classes: string }>;
  /** Section titles. */
  sections: string[];
  width: number;
  height: number;
}

export interface RenderedMarkdown {
  html: string;
  charts: RenderedChart[];
}

/** Opens a page in `timezoneId` with Mermaid loaded. */
export async function mermaidPage(browser: Browser, timezoneId: string): Promise<Page> {
  const context = await browser.newContext({ timezoneId, viewport: { width: 1012, height: 800 } });
  const page = await context.newPage();
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="width:1012px"><div id="out"></div></body></html>');
  await page.addScriptTag({ path: MERMAID_JS });
  await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false }));
  return page;
}

/** The ```mermaid blocks of a Markdown text, as marked sees them (so a fence the text breaks is caught). */
export function mermaidBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  marked.walkTokens(marked.lexer(markdown, { gfm: true }), (token) => {
    if (token.type === 'code' && (token as { lang?: string }).lang === 'mermaid') blocks.push((token as { text: string }).text);
  });
  return blocks;
}

export async function renderMarkdown(page: Page, markdown: string): Promise<RenderedMarkdown> {
  const html = await marked.parse(markdown, { gfm: true });
  const charts: RenderedChart[] = [];
  for (const text of mermaidBlocks(markdown)) charts.push(await renderChart(page, text));
  return { html, charts };
}

export async function renderChart(page: Page, text: string): Promise<RenderedChart> {
  return page.evaluate(async (source) => {
    const mermaid = (globalThis as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
    const out = document.getElementById('out')!;
    out.innerHTML = '';
    let svgText: string;
    try {
      svgText = (await mermaid.render(`m${Math.random().toString(36).slice(2)}`, source)).svg;
    } catch (error) {
      return { error: String((error as Error)?.message ?? error), ticks: [], bars: [], sections: [], width: 0, height: 0 };
    }
    out.innerHTML = svgText;
    const svg = out.querySelector('svg')!;
    const box = svg.getBoundingClientRect();
    const texts = Array.from(svg.querySelectorAll('text')).map((t) => t.textContent ?? '');
    const errorText = texts.find((t) => /Syntax error|Maximum text size|error in text/i.test(t));
    if (svg.getAttribute('aria-roledescription') === 'error' || errorText) {
      return { error: errorText ?? 'Mermaid error graphic', ticks: [], bars: [], sections: [], width: box.width, height: box.height };
    }
    const ticks = Array.from(svg.querySelectorAll('g.grid g.tick text')).map((t) => t.textContent ?? '');
    // Mermaid gives a bar's rect the task's id and its label `<id>-text`; it draws them in its own order.
    const rects = Array.from(svg.querySelectorAll('rect.task'));
    // (No named helper functions in here: the test runner's transform would wrap them in `__name`.)
    const byId = new Map(Array.from(svg.querySelectorAll('text')).map((t) => [t.id, t.textContent ?? '']));
    const bars = rects.map((r) => ({ label: (byId.get(`${r.id}-text`) ?? '').replace(/\u200b/g, '').trim(), classes: r.getAttribute('class') ?? '' }));
    const sections = Array.from(svg.querySelectorAll('text.sectionTitle')).map((t) => t.textContent ?? '');
    return { ticks, bars, sections, width: box.width, height: box.height };
  }, text);
}
