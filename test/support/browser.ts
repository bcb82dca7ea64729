/**
 * Headless Chromium for end-to-end tests (Debian's chromium, driven by playwright-core).
 *
 *   describe.skipIf(!hasBrowser())('login page', () => {
 *     let browser: Browser;
 *     beforeAll(async () => { browser = (await launchBrowser())!; });
 *     afterAll(async () => { await browser?.close(); });
 *   });
 */
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { inject } from 'vitest';
import type {} from './global-setup.js'; // ProvidedContext augmentation

export type { Browser };

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The Chromium executable found by global setup, or null. */
export function chromiumPath(): string | null {
  return inject('chromiumPath') ?? null;
}

export function hasBrowser(): boolean {
  return chromiumPath() !== null;
}

/** Launches headless Chromium; null when it is absent. The caller closes the browser. */
export async function launchBrowser(opts: Omit<LaunchOptions, 'executablePath'> = {}): Promise<Browser | null> {
  const executablePath = chromiumPath();
  if (!executablePath) return null;
  return chromium.launch({
    headless: true,
    ...opts,
    executablePath,
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
  });
}

/**
 * Picks an option of an antd Select by its visible text and waits until the choice shows in the
 * select; retries when the dropdown was still animating and swallowed the click, or closed before it.
 */
export async function pickAntdOption(
  page: import('playwright-core').Page,
  selectTestId: string,
  optionText: string,
): Promise<void> {
  const select = page.getByTestId(selectTestId);
  for (let attempt = 0; attempt < 4; attempt++) {
    await select.click();
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: optionText }).first();
    await option.waitFor({ state: 'visible' });
    // A dropdown that closes mid-animation (a re-render) takes the option with it: click again from the top.
    await option.click({ timeout: 3000 }).catch(() => undefined);
    const chosen = page.locator(`[data-testid="${selectTestId}"]`).filter({ hasText: optionText });
    if (await chosen.count().catch(() => 0)) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`could not choose "${optionText}" in ${selectTestId}`);
}
