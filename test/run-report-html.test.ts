/**
 * report.html as a person sees it: rendered by headless Chromium (Debian's), offline, and
 * screenshotted to test-artifacts/ for review. Checks the page loads nothing from the network and
 * lays out the timeline, capacity chart and task details.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { renderHtml } from '../core/report/report-html';
import { scriptedRun } from './fixtures/scripted-run';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts');

describe('report.html in Chromium', () => {
  it('renders offline with a timeline, capacity use and task details', async () => {
    const { doc } = scriptedRun();
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'report.html');
    writeFileSync(file, renderHtml(doc));
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(`file://${file}`);
      expect(requests).toEqual([]);
      expect(await page.locator('svg.timeline rect').count()).toBe(7); // db, build, 2 tries of shard 1, shards 2 and 3, report
      expect(await page.locator('svg.capacity path.area').count()).toBe(3);
      expect(await page.locator('details.unit[open]').count()).toBe(1); // the failed shard opens itself
      const box = await page.locator('svg.timeline').boundingBox();
      expect(box!.width).toBeGreaterThan(900);
      await page.screenshot({ path: join(ARTIFACTS, 'report-html.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
