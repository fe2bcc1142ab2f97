/** Driving VS Code's workbench (code-server in Chromium) as a person does: for the end-to-end tests and bench:editor. */
import type { Page } from 'playwright-core';

/** Runs a command from the Command Palette (F1) by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}
