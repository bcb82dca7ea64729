/**
 * The README's pictures of the living bank: builds the demo quarter on an in-memory PGlite (at --scale, default
 * 0.05 of the bank's size so it runs in minutes), serves the console, and photographs each role's dashboard
 * with Debian's Chromium into docs/images/dashboard-<user>.png.
 *
 *   npx vite build && npx tsx demo/quarter/screenshots.ts [--scale=0.05]
 *
 * With --url=http://host:port it builds nothing and photographs a running server whose demo quarter has
 * built (e.g. a fresh `npm start`).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { DEMO_PASSWORD } from '../bank.js';
import { buildDemoQuarter } from './index.js';

const ROLES = ['exec1', 'head1', 'officer1', 'inspector1', 'param1', 'approver1'];
const scale = Number(process.argv.find((a) => a.startsWith('--scale='))?.split('=')[1] ?? 0.05);
const out = path.resolve('docs/images');

const url = process.argv.find((a) => a.startsWith('--url='))?.slice('--url='.length);

async function ownServer(): Promise<{ base: string; close: () => Promise<void> }> {
  const app = await createApp(testConfig({ demo: true, demoQuarter: true, logLevel: 'silent' }), await openDatabase({}));
  let lastPrinted = -10;
  await buildDemoQuarter(app.ctx, {
    seed: app.ctx.config.demoSeed,
    scale,
    onProgress: (p) => {
      if (p.progress - lastPrinted < 10 && p.phase !== 'DONE') return;
      lastPrinted = p.progress;
      console.log(`demo ${Math.floor(p.progress)}% ${p.label}`);
    },
  });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.server.address();
  return { base: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, close: () => app.close() };
}

const { base, close } = url ? { base: url.replace(/\/$/, ''), close: async () => undefined } : await ownServer();
const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(exe)) throw new Error('Chromium is needed for the screenshots (apt-get install chromium fonts-wqy-zenhei)');
const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
await mkdir(out, { recursive: true });
for (const username of ROLES) {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
  // the charts draw after their data arrives
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(out, `dashboard-${username}.png`), fullPage: true });
  console.log(`docs/images/dashboard-${username}.png`);
  await ctx.close();
}
await browser.close();
await close();
