/**
 * End-of-day on the embedded database:  npm run bench -- eod-pglite [--sizes=1000,4600] [--days=30]
 *
 * Issue 16's demo bank lives its quarter on PGlite (in-process, single-threaded) with end-of-day every day,
 * so what matters there is the cost of one day at a county bank's size and how it grows as the days pile up
 * (the journal, the subledger, the snapshots and the report rows all grow daily). For each size: a fresh
 * in-memory PGlite database (migrated, demo bank seeded), the synthetic portfolio of the PostgreSQL benchmark
 * (bench/support/eod-portfolio.ts, generated set-based; timed apart), then `--days` consecutive end-of-days
 * with one worker. Prints each step's CPU time (PGlite runs in this process, so that is the database's work
 * too, and it is steadier than wall time on a shared machine) on the first day, the median day and the last
 * day, the embedded database's maintenance before the day apart, and the whole day's CPU and wall time.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { maintainEmbeddedDatabase } from '../src/db/maintenance.js';
import { runEod, type EodProgress } from '../src/modules/eod/index.js';
import { DEMO_BUSINESS_DATE } from '../demo/bank.js';
import { generatePortfolio } from './support/eod-portfolio.js';
import { boolFlag, listFlag, numberFlag } from './support/options.js';
import type { BenchOptions } from './support/options.js';
import { fmt, machineDescription, markdownTable } from './support/stats.js';

export const description = 'consecutive end-of-days on the embedded database (PGlite) at 1,000 / 4,600 generated loans, per step per day';
export const usage = `Options:
  --sizes=1000,4600              portfolio sizes (loans), each on a fresh in-memory PGlite database
  --days=30                      consecutive end-of-days per size
  --analyze                      ANALYZE the generated tables (default: no planner statistics, as the embedded
                                 database has them: PGlite runs no autovacuum and Huinong never runs ANALYZE)
Prints per step its CPU ms on the first day, the median day and the last day, and the whole day's CPU and
wall ms likewise; the full per-day figures go to .tmp/bench/eod-pglite-*.json.`;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface SizeResult {
  loans: number;
  generationSeconds: number;
  /** Per day: the whole day's wall and CPU ms, and each step's CPU ms. */
  days: Array<{ date: string; wallMs: number; cpuMs: number; steps: Record<string, number> }>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function run(opts: BenchOptions): Promise<void> {
  const sizes = listFlag(opts, 'sizes', [1000, 4600]);
  const dayCount = numberFlag(opts, 'days', 30, 1);
  const analyze = boolFlag(opts, 'analyze');
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  log(
    `machine: ${machineDescription()}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const results: SizeResult[] = [];
  for (const n of sizes) {
    const database = await openDatabase({});
    try {
      log(`${n} loans: migrating, seeding the demo bank …`);
      const ctx = await createContext(testConfig({ logLevel: 'silent' }), database);
      const g0 = performance.now();
      await generatePortfolio(ctx.db, n, DEMO_BUSINESS_DATE, () => undefined, { analyze });
      const generationSeconds = (performance.now() - g0) / 1000;
      log(`${n} loans: generated in ${fmt(generationSeconds, 1)} s; ${dayCount} end-of-days …`);
      const days: SizeResult['days'] = [];
      const maintained: string[] = [];
      const cpuMs = () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      };
      for (let d = 0; d < dayCount; d++) {
        // The embedded database's maintenance first, measured apart (runEod then finds nothing left to do),
        // then the whole call: the plan, the steps, ADVANCE and the audit anchor. PGlite runs in this
        // process, so the process's CPU time is the database's work too; it is what the tables show (the
        // wall time of a shared machine says more about its other users).
        const t0 = performance.now();
        const c0 = cpuMs();
        const m = await maintainEmbeddedDatabase(ctx.db);
        const c1 = cpuMs();
        const steps: Record<string, number> = { '(maintenance)': c1 - c0 };
        let mark = c1;
        const onProgress = (e: EodProgress) => {
          // one worker, one partition: a partition's end is its step's end
          if (e.type === 'day-start') {
            steps['(lease, plan)'] = cpuMs() - mark;
            mark = cpuMs();
          }
          if (e.type === 'partition' || e.type === 'step-done') {
            const now = cpuMs();
            steps[e.step] = (steps[e.step] ?? 0) + now - mark;
            mark = now;
          }
        };
        const res = await runEod(ctx, { workers: 1, onProgress });
        steps['(advance, anchor, summaries)'] = cpuMs() - mark;
        const day = res.days[0]!;
        const rec = { date: day.date, wallMs: performance.now() - t0, cpuMs: cpuMs() - c0, steps };
        maintained.push(`${m.vacuumed.length}v/${m.analyzed.length}a`);
        days.push(rec);
        if (d === 0 || d === dayCount - 1 || (d + 1) % 10 === 0)
          log(`  day ${d + 1} ${day.date}: ${fmt(rec.cpuMs, 0)} ms CPU, ${fmt(rec.wallMs, 0)} ms wall`);
      }
      log(`  tables vacuumed/analyzed before each day: ${maintained.join(' ')}`);
      results.push({ loans: n, generationSeconds, days });
    } finally {
      await database.close();
    }
  }

  const stepNames = [...new Set(results.flatMap((r) => r.days.flatMap((d) => Object.keys(d.steps))))];
  const cols = results.flatMap((r) => [`${r.loans}: first`, `${r.loans}: median`, `${r.loans}: last`]);
  const row = (name: string, pick: (d: SizeResult['days'][number]) => number) => [
    name,
    ...results.flatMap((r) => {
      const xs = r.days.map(pick);
      return [fmt(xs[0], 0), fmt(median(xs), 0), fmt(xs[xs.length - 1], 0)];
    }),
  ];
  const table = markdownTable(
    ['step (CPU ms)', ...cols],
    [...stepNames.map((s) => row(s, (d) => d.steps[s] ?? 0)), row('**day (CPU)**', (d) => d.cpuMs), row('day (wall)', (d) => d.wallMs)],
  );
  process.stdout.write(
    `\nengine: pglite; ${dayCount} days; load average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}\n\n${table}\n`,
  );
  const outDir = path.join(REPO_ROOT, '.tmp', 'bench');
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, `eod-pglite-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify({ machine: machineDescription(), dayCount, results }, null, 2));
  log(`results: ${path.relative(REPO_ROOT, file)}`);
}
