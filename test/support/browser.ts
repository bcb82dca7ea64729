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
