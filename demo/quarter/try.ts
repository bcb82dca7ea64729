/**
 * Developer's run of the demo quarter on an in-memory PGlite, for working on the scenario:
 *
 *   npx tsx demo/quarter/try.ts [--to=2026-01-10] [--scale=0.05] [--seed=20260101] [--only=lending,marketing] [--out=DIR]
 *
 * Prints each day's time and, at the end, what the scenario did.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import type { NplReduction } from '../../src/modules/collection/collection.contract.js';
import type { Headline, Portfolio } from '../../src/modules/reports/reports.contract.js';
import { buildDemoQuarter } from './index.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const started = performance.now();
const ctx = await createContext(testConfig({ demo: true, demoQuarter: true, logLevel: 'silent' }), await openDatabase({}));
console.log(`bank ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
let last = performance.now();
const to = arg('to') ?? '2026-01-10';
/** --out=DIR: the last day's reports (JSON) and the period's Word work report are written there. */
const out = arg('out');
const result = await buildDemoQuarter(ctx, {
  seed: Number(arg('seed') ?? 20260101),
  scale: Number(arg('scale') ?? 0.05),
  to,
  only: arg('only')?.split(','),
  afterDay: async (sim, date) => {
    const monthEnd = date.endsWith('-31') || date === '2026-02-28';
    if (date !== '2025-12-31' && date !== '2026-01-01' && date !== to && !monthEnd) return;
    const exec = await sim.as('exec1');
    const h = await exec.get<Headline>(`/api/v1/reports/headline?date=${date}`);
    console.log(
      `headline ${date}: balance ${h.onlineLoanBalance} (${h.balanceChangeYtd}) borrowers ${h.borrowers} (${h.borrowersChangeYtd}) NPL ${h.nplBalance} (${h.nplBalanceChangeYtd}) ratio ${h.nplRatioPct}% (${h.nplRatioChangeYtdPp})`,
    );
    if (date === '2025-12-31') return;
    const p = await exec.get<Portfolio>(`/api/v1/reports/portfolio?date=${date}&groupBy=product`);
    console.log(`  new loans YTD by product: ${p.items.map((r) => `${r.key} ${r.newLoansAmountYtd} (${r.newLoansYtd})`).join(', ')}`);
    const total = p.items.reduce((t, r) => t + Number(r.newLoansAmountYtd), 0);
    const r = await exec.get<NplReduction>(`/api/v1/collection/npl-reduction?from=2026-01-01&to=${date}`);
    console.log(`  new loans YTD ${total.toFixed(2)}; NPL reduction ${JSON.stringify(r.total)}`);
    if (date === to && out) {
      // the quarter's reports as management reads them, for checking against targets.ts
      mkdirSync(out, { recursive: true });
      const q = `from=2026-01-01&to=${date}`;
      for (const [file, url] of [
        ['headline.json', `/api/v1/reports/headline?date=${date}`],
        ['portfolio-product.json', `/api/v1/reports/portfolio?date=${date}&groupBy=product`],
        ['npl-reduction.json', `/api/v1/collection/npl-reduction?${q}`],
        ['period.json', `/api/v1/reports/period?${q}`],
        ['campaign-board.json', `/api/v1/performance/campaign-board?${q}`],
      ] as const)
        writeFileSync(join(out, file), JSON.stringify(await exec.get(url), null, 2));
      writeFileSync(join(out, 'work-report.docx'), (await exec.get<Buffer>(`/api/v1/reports/work-report?${q}&format=docx`)) as Buffer);
      console.log(`  reports written to ${out}`);
    }
  },
  onProgress: (p) => {
    const now = performance.now();
    console.log(`${p.phase} ${p.day ?? ''} ${p.progress.toFixed(0)}% ${p.label} (${((now - last) / 1000).toFixed(2)} s)`);
    last = now;
  },
});
console.log(`built to ${result.businessDate} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(result.counts);
await ctx.database.close();
