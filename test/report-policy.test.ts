/**
 * The Gantry Runs view shows a run's report.html under a policy (extension/src/client/report-policy.ts):
 * whatever the report holds — a `<header>` before its head, two heads, no head, a doctype or none —
 * the policy is in force in Chromium: no script runs, nothing remote loads.
 */
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { withPolicy } from '../extension/src/client/report-policy';

const PAYLOAD = `<img src="http://tracker.invalid/pixel.png"><script>document.title = 'ran'</script><p>report</p>`;

const CRAFTED: Record<string, string> = {
  'a header before the head': `<!DOCTYPE html><html><header></header><head></head><body>${PAYLOAD}</body></html>`,
  'a header and no head': `<html><body><header>x</header>${PAYLOAD}</body></html>`,
  'two heads': `<!doctype html><html><head><title>t</title></head><head></head><body>${PAYLOAD}</body></html>`,
  'no html at all': PAYLOAD,
  'a comment first': `<!-- <head> --><!DOCTYPE html><html><head></head><body>${PAYLOAD}</body></html>`,
  'a looser policy of its own': `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src *; script-src 'unsafe-inline'"></head><body>${PAYLOAD}</body></html>`,
};

describe('report.html under the Runs view policy, in Chromium', () => {
  it('runs no script and loads nothing remote, whatever the report holds', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      for (const [name, html] of Object.entries(CRAFTED)) {
        const page = await browser.newPage();
        const requests: string[] = [];
        await page.route('**/*', (route) => {
          requests.push(route.request().url());
          return route.abort();
        });
        await page.setContent(withPolicy(html));
        const seen = await page.evaluate(() => ({
          title: document.title,
          policyInHead: document.head.querySelector('meta[http-equiv="Content-Security-Policy"]') !== null,
          text: document.body.textContent,
        }));
        expect(seen.policyInHead, name).toBe(true);
        expect(seen.title, name).not.toBe('ran');
        expect(requests.filter((u) => u.includes('tracker.invalid')), name).toEqual([]);
        expect(seen.text, name).toContain('report');
        await page.close();
      }
      // Without the policy the same page does both: the checks above can fail.
      const page = await browser.newPage();
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.abort();
      });
      await page.setContent(CRAFTED['a header before the head']);
      expect(await page.title()).toBe('ran');
      expect(requests.some((u) => u.includes('tracker.invalid'))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
