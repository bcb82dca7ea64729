/**
 * End-of-day benchmark:  npm run bench -- eod [--sizes=10000,100000,1000000] [--workers=2]
 *
 * For each portfolio size: a fresh Huinong database (migrated, demo bank seeded), a synthetic portfolio
 * generated set-based (bench/support/eod-portfolio.ts; timed apart), then ONE end-of-day (runEod from the
 * demo business date 2026-01-01 to 2026-01-02) with `workers` in-process workers, timed per step, with the
 * Node RSS sampled every 200 ms. The reference, ../shared/bench/eod_reference.sql, runs on the same server in
 * its own database with its generate_series scaled to the same loan count; its time is the sum of psql's
 * \timing lines, i.e. exactly BEGIN … COMMIT (its setup — table, 1M rows, VACUUM ANALYZE — runs before
 * \timing on and is not counted).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createContext } from '../src/app.js';
import { loadConfig, testConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { DEFAULT_PARTITION_SIZE, runEod, type EodProgress } from '../src/modules/eod/index.js';
import { DEMO_BUSINESS_DATE } from '../demo/bank.js';
import { findPgBinDir } from '../test/support/pg-server.js';
import { generatePortfolio, type PortfolioStats } from './support/eod-portfolio.js';
import { listFlag, numberFlag, boolFlag, type BenchOptions } from './support/options.js';
import { withBenchPostgres } from './support/postgres.js';
import { installSqlTimer, timeStatements } from './support/sql-timer.js';
import { fmt, machineDescription, markdownTable } from './support/stats.js';

export const description = 'one end-of-day over 10k / 100k / 1M generated loans vs ../shared/bench/eod_reference.sql';
export const usage = `Options:
  --sizes=10000,100000           portfolio sizes (loans), each on a fresh database (add 1000000: ≈ 10 min, most of it generating)
  --workers=2                    in-process end-of-day workers
  --partition-size=${DEFAULT_PARTITION_SIZE}         loans per partition (a customer range; on Citus one shard's customers)
  --reference=PATH               the reference script (default ../shared/bench/eod_reference.sql)
  --skip-reference               do not run the reference
  --reference-only               run only the reference (e.g. at 1M when Huinong's day does not fit the run)
  --db-set=name=value[;…]        ALTER DATABASE … SET for the Huinong database (diagnosis, e.g. enable_nestloop=off)
Environment: HUINONG_BENCH_PG_URL (a superuser URL) instead of a throwaway PostgreSQL 15 server.`;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function adminExec(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function psqlBin(): string {
  const dir = findPgBinDir();
  const c = [process.env.HUINONG_PSQL, dir ? path.join(dir, 'psql') : undefined, '/usr/lib/postgresql/15/bin/psql', '/usr/bin/psql'].filter(
    (x): x is string => Boolean(x),
  );
  const f = c.find((p) => existsSync(p));
  if (!f) throw new Error('psql not found; set HUINONG_PSQL');
  return f;
}

function runPsql(url: string, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(psqlBin(), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, url], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`psql exit ${code}:\n${out}`))));
  });
}

interface ReferenceResult {
  loans: number;
  /** Sum of the \timing lines: BEGIN, INSERT journal, UPDATE loans, INSERT snapshot, COMMIT. */
  seconds: number;
  statementsMs: number[];
  wallSeconds: number;
}

async function runReference(url: string, script: string, loans: number): Promise<ReferenceResult> {
  const text = script.replace(/generate_series\(1,\s*1000000\)/, `generate_series(1,${loans})`);
  if (loans !== 1_000_000 && text === script) throw new Error('reference: could not scale generate_series(1,1000000)');
  const file = path.join(os.tmpdir(), `eod_reference_${loans}_${process.pid}.sql`);
  await writeFile(file, text);
  const t0 = performance.now();
  const out = await runPsql(url, file);
  const wallSeconds = (performance.now() - t0) / 1000;
  const ms = [...out.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
  return { loans, seconds: ms.reduce((a, b) => a + b, 0) / 1000, statementsMs: ms, wallSeconds };
}

interface SizeResult {
  loans: number;
  portfolio: PortfolioStats;
  generationSeconds: number;
  eodSeconds: number;
  steps: Array<{ step: string; wallSeconds: number; partitionSecondsSum: number; rows: number }>;
  peakRssMiB: number;
  rssBeforeMiB: number;
  reference: ReferenceResult | null;
  topStatements: Array<{ text: string; count: number; ms: number }>;
  statements: number;
}

export async function run(opts: BenchOptions): Promise<void> {
  const sizes = listFlag(opts, 'sizes', [10_000, 100_000]);
  const workers = numberFlag(opts, 'workers', 2, 1);
  const partitionSize = numberFlag(opts, 'partition-size', DEFAULT_PARTITION_SIZE, 1);
  const refPath =
    typeof opts.flags.reference === 'string' ? opts.flags.reference : path.resolve(REPO_ROOT, '..', 'shared', 'bench', 'eod_reference.sql');
  const skipRef = boolFlag(opts, 'skip-reference');
  const referenceOnly = boolFlag(opts, 'reference-only');
  const dbSet = typeof opts.flags['db-set'] === 'string' ? opts.flags['db-set'].split(';').filter(Boolean) : [];
  const refScript = skipRef ? '' : await readFile(refPath, 'utf8');
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  log(
    `machine: ${machineDescription()}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const results: SizeResult[] = [];

  await withBenchPostgres(async (server) => {
    log(`server: ${server.version} (${server.origin})`);
    for (const n of sizes) {
      let reference: ReferenceResult | null = null;
      if (!skipRef) {
        const refUrl = await server.createDatabase('hn_bench_eodref');
        log(`reference: eod_reference.sql scaled to ${n} loans …`);
        reference = await runReference(refUrl, refScript, n);
        log(
          `reference: BEGIN…COMMIT ${fmt(reference.seconds, 2)} s (${reference.statementsMs.map((x) => fmt(x, 0)).join(' + ')} ms); whole script ${fmt(reference.wallSeconds, 1)} s`,
        );
      }

      if (referenceOnly) {
        process.stdout.write(`reference ${n}: ${JSON.stringify(reference)}\n`);
        continue;
      }
      const url = await server.createDatabase('hn_bench_eod');
      for (const kv of dbSet) {
        const [k, v] = kv.split('=');
        if (!k || v === undefined || !/^[a-z_]+$/.test(k) || !/^[A-Za-z0-9_.]+$/.test(v)) throw new Error(`--db-set: bad setting "${kv}"`);
        const name = new URL(url).pathname.slice(1);
        await adminExec(server.adminUrl, `ALTER DATABASE ${name} SET ${k} = '${v}'`);
        log(`huinong ${n}: ALTER DATABASE SET ${k} = ${v}`);
      }
      const database = await openDatabase({ url, poolSize: workers + 2, preparedStatements: loadConfig().databasePreparedStatements });
      try {
        log(`huinong ${n}: migrating, seeding the demo bank …`);
        const ctx = await createContext(testConfig({ databaseUrl: url, logLevel: 'silent' }), database);
        const g0 = performance.now();
        log(`huinong ${n}: generating the portfolio …`);
        const portfolio = await generatePortfolio(ctx.db, n, DEMO_BUSINESS_DATE, log);
        const generationSeconds = (performance.now() - g0) / 1000;
        log(
          `huinong ${n}: generated in ${fmt(generationSeconds, 1)} s (${Object.entries(portfolio.seconds)
            .map(([k, v]) => `${k} ${fmt(v, 1)}`)
            .join(', ')}): ` +
            `${portfolio.loans} loans, ${portfolio.scheduleRows} schedule rows, ${portfolio.overdueLoans} overdue, ${portfolio.nonAccrualLoans} non-accrual, ${portfolio.dueOnD0} due on ${DEMO_BUSINESS_DATE}`,
        );

        global.gc?.();
        const rssBefore = process.memoryUsage.rss();
        let peakRss = rssBefore;
        const sampler = setInterval(() => {
          peakRss = Math.max(peakRss, process.memoryUsage.rss());
        }, 200);
        const stepStart = new Map<string, number>();
        const stepWall = new Map<string, number>();
        let last = performance.now();
        const onProgress = (e: EodProgress) => {
          if (e.type === 'day-start') last = performance.now();
          if (e.type === 'partition' && !stepStart.has(e.step)) stepStart.set(e.step, last);
          if (e.type === 'step-done') {
            const now = performance.now();
            stepWall.set(e.step, (now - last) / 1000);
            last = now;
            log(`  ${e.step} done in ${fmt(stepWall.get(e.step), 2)} s`);
          }
        };
        installSqlTimer();
        const stopTiming = timeStatements();
        const t0 = performance.now();
        let result;
        try {
          result = await runEod(ctx, { workers, partitionSize, onProgress });
        } finally {
          clearInterval(sampler);
        }
        const timedStatements = stopTiming();
        const statements = timedStatements.reduce((a, b) => a + b.count, 0);
        const topStatements = timedStatements.slice(0, 12);
        for (const t of topStatements.slice(0, 8)) log(`  sql ${fmt(t.ms / 1000, 2)} s ×${t.count}: ${t.text.slice(0, 150)}`);
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        const eodSeconds = (performance.now() - t0) / 1000;
        const day = result.days[0]!;
        const steps = day.steps.map((s) => ({
          step: s.step,
          wallSeconds: stepWall.get(s.step) ?? NaN,
          partitionSecondsSum: s.durationMs / 1000,
          rows: s.rows,
        }));
        log(
          `huinong ${n}: end-of-day ${day.date} → ${result.businessDate} in ${fmt(eodSeconds, 2)} s, peak RSS ${fmt(peakRss / 2 ** 20, 0)} MiB`,
        );
        results.push({
          loans: n,
          portfolio,
          generationSeconds,
          eodSeconds,
          steps,
          peakRssMiB: peakRss / 2 ** 20,
          rssBeforeMiB: rssBefore / 2 ** 20,
          reference,
          topStatements,
          statements,
        });
      } finally {
        await database.close().catch(() => undefined);
      }
    }
  }, log);

  // Report.
  const table = markdownTable(
    ['loans', 'generation s', 'Huinong EOD s', 'µs / loan', 'SQL statements', 'reference s', 'ratio', 'peak RSS MiB (before)'],
    results.map((r) => [
      r.loans.toLocaleString('en'),
      fmt(r.generationSeconds, 1),
      fmt(r.eodSeconds, 2),
      fmt((r.eodSeconds * 1e6) / r.loans, 0),
      r.statements,
      r.reference ? fmt(r.reference.seconds, 2) : '–',
      r.reference ? `${fmt(r.eodSeconds / r.reference.seconds, 1)}×` : '–',
      `${fmt(r.peakRssMiB, 0)} (${fmt(r.rssBeforeMiB, 0)})`,
    ]),
  );
  const stepNames = results[0]?.steps.map((s) => s.step) ?? [];
  const stepTable = markdownTable(
    [
      'step',
      ...results.map((r) => `${r.loans.toLocaleString('en')}: wall s (rows)`),
      ...results.map((r) => `µs/loan @${r.loans.toLocaleString('en')}`),
    ],
    stepNames.map((name) => [
      name,
      ...results.map((r) => {
        const s = r.steps.find((x) => x.step === name);
        return s ? `${fmt(s.wallSeconds, 2)} (${s.rows})` : '–';
      }),
      ...results.map((r) => {
        const s = r.steps.find((x) => x.step === name);
        return s ? fmt((s.wallSeconds * 1e6) / r.loans, 1) : '–';
      }),
    ]),
  );
  process.stdout.write(`\n${table}\n\n${stepTable}\n`);
  const outDir = path.join(REPO_ROOT, '.tmp', 'bench');
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, `eod-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify({ machine: machineDescription(), workers, partitionSize, dbSet, results }, null, 2));
  log(`results: ${path.relative(REPO_ROOT, file)}`);
}
