/**
 * Headless Chromium for end-to-end tests (Debian's chromium, driven by playwright-core).
 *
 *   describe.skipIf(!hasBrowser())('login page', () => {
 *     let browser: Browser;
 *     beforeAll(async () => { browser = (await launchBrowser())!; });
 *     afterAll(async () => { await browser?.close(); });
 *   });
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { testConfig } from '../../src/config.js';
import { client, createTestApp, loginAs } from './app.js';
import type { HuinongApp } from '../../src/app.js';
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
export async function pickAntdOption(page: import('playwright-core').Page, selectTestId: string, optionText: string): Promise<void> {
  const select = page.getByTestId(selectTestId);
  for (let attempt = 0; attempt < 4; attempt++) {
    await select.click();
    const option = page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: optionText })
      .first();
    await option.waitFor({ state: 'visible' });
    // A dropdown that closes mid-animation (a re-render) takes the option with it: click again from the top.
    await option.click({ timeout: 3000 }).catch(() => undefined);
    const chosen = page.locator(`[data-testid="${selectTestId}"]`).filter({ hasText: optionText });
    if (await chosen.count().catch(() => 0)) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`could not choose "${optionText}" in ${selectTestId}`);
}

/** Where browser tests leave their screenshots. */
export const SCREENSHOTS = path.resolve('test-results/screenshots');

/** True when the web pages the test server serves (HUINONG_WEB_DIR or dist/web) are built. */
export function webBuilt(): boolean {
  return existsSync(path.join(testConfig().webDir, 'index.html'));
}

/** A test server on a loopback port with the demo bank, and a browser to drive it. */
export interface BrowserApp {
  app: HuinongApp;
  browser: Browser;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
}

export async function startBrowserApp(): Promise<BrowserApp> {
  const app = await createTestApp('pglite');
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const browser = (await launchBrowser())!;
  await mkdir(SCREENSHOTS, { recursive: true });
  return { app, browser, base };
}

/** The latest one-time code the embedded SMS gateway sent to `mobile`, read from the outbox as officer1. */
export async function latestOtp(server: FastifyInstance, mobile: string): Promise<string> {
  const officer = client(server, await loginAs(server, 'officer1'));
  const masked = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
  for (let i = 0; i < 20; i++) {
    const outbox = (await officer.get('/api/v1/sms/outbox?pageSize=50')).json();
    const m = outbox.items.find((x: { mobileMasked: string; text: string }) => x.mobileMasked === masked && /验证码/.test(x.text));
    if (m) return /(\d{6})/.exec(m.text)![1];
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no code sent to ${masked}`);
}
