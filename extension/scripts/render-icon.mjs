// Renders the extension icon, media/icons/gantry.png (128×128, what the Marketplace and the
// Extensions view show; they take no SVG), from media/icons/gantry.svg with Debian's Chromium:
// `node extension/scripts/render-icon.mjs`. The PNG is committed; run this after changing the SVG.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const icons = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'media', 'icons');
const svg = readFileSync(path.join(icons, 'gantry.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.GANTRY_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(icons, 'gantry.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('media/icons/gantry.png');
