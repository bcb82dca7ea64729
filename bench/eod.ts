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
 *
 * `--engine=citus`: the same on a Citus cluster (bench/support/postgres.ts), the migrations distributing
 * Huinong's tables; the reference's tables are distributed by the loan before they are loaded
 * (bench/support/citus.ts). Per node (coordinator, workers — or the one PostgreSQL server): CPU seconds of
 * the day and of each step, statements, commits and rows written during the day, and where the loans are.
 * A day that fails reports the step and the error, with the reference and the steps that ran.
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
import { citusPlacement, citusQueryCounters, distributeReferenceScript, type NodePlacement } from './support/citus.js';
import {
  counterDelta,
  enableStatementCounts,
  postmasterPids,
  readNodeCounters,
  treeCpuSeconds,
  type NodeCounters,
} from './support/node-usage.js';
import { engineFlag, withBenchPostgres } from './support/postgres.js';
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
  --engine=postgres|citus        a PostgreSQL server (default) or a Citus cluster (coordinator + 2 workers); the
                                 reference runs on the same engine, its tables distributed by the loan on Citus
Environment: HUINONG_BENCH_PG_URL (a superuser URL) instead of a throwaway PostgreSQL 15 server;
HUINONG_BENCH_CITUS_URL (a coordinator's superuser URL, its postgres database knowing its workers) instead of a
throwaway Citus cluster.`;

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

async function runReference(url: string, script: string, loans: number, citus: boolean): Promise<ReferenceResult> {
  const scaled = script.replace(/generate_series\(1,\s*1000000\)/, `generate_series(1,${loans})`);
  if (loans !== 1_000_000 && scaled === script) throw new Error('reference: could not scale generate_series(1,1000000)');
  const text = citus ? distributeReferenceScript(scaled) : scaled;
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
  /** Set when generation or the day failed: where, and the error. The steps that ran are in `steps`. */
  failure: { step: string; error: string } | null;
  /** Per node during the day: CPU seconds, statements, commits, rows (pg_stat_database). */
  nodes: NodeCounters[];
  /** Per step and node: CPU seconds (from /proc; null when the servers are not on this machine). */
  stepNodeCpu: Array<{ step: string; cpuSeconds: Array<number | null> }>;
  /** Citus: each worker's shards, their size and its loans. */
  placement: NodePlacement[] | null;
  /** Citus: the coordinator's queries on one shard and on several during the day (citus_stat_counters). */
  citusQueries: { singleShard: number; multiShard: number } | null;
}

/** The database's own message first (drizzle's names the query), then the query's first line. */
function errorText(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  const first = (e.message ?? String(err)).split('\n')[0]!.slice(0, 200);
  return e.cause?.message ? `${e.cause.message} (${first} …)` : first;
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
  const engine = engineFlag(opts);
  const citus = engine === 'citus';
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

  await withBenchPostgres(
    async (server) => {
      log(`server: ${server.version} (${server.origin}; nodes ${server.nodes.map((x) => `${x.name} :${new URL(x.url).port}`).join(', ')})`);
      const pids = await postmasterPids(server.nodes);
      if (pids.some((p) => p === null)) log('  (some nodes are not on this machine: no CPU figures for them)');
      for (const n of sizes) {
        let reference: ReferenceResult | null = null;
        if (!skipRef) {
          const refUrl = await server.createDatabase('hn_bench_eodref');
          log(`reference: eod_reference.sql scaled to ${n} loans …`);
          reference = await runReference(refUrl, refScript, n, citus);
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
          if (!k || v === undefined || !/^[a-z_]+(\.[a-z_]+)?$/.test(k) || !/^[A-Za-z0-9_.]+$/.test(v))
            throw new Error(`--db-set: bad setting "${kv}"`);
          const name = new URL(url).pathname.slice(1);
          await adminExec(server.adminUrl, `ALTER DATABASE ${name} SET ${k} = '${v}'`);
          log(`huinong ${n}: ALTER DATABASE SET ${k} = ${v}`);
        }
        const dbName = new URL(url).pathname.slice(1);
        const database = await openDatabase({ url, poolSize: workers + 2, preparedStatements: loadConfig().databasePreparedStatements });
        let databaseOpen = true;
        let stage = 'MIGRATE';
        try {
          log(`huinong ${n}: migrating, seeding the demo bank …`);
          const ctx = await createContext(testConfig({ databaseUrl: url, logLevel: 'silent' }), database);
          const g0 = performance.now();
          log(`huinong ${n}: generating the portfolio …`);
          stage = 'GENERATE';
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
          const stepRows = new Map<string, number>();
          const stepNodeCpu: SizeResult['stepNodeCpu'] = [];
          let dayStepNames: string[] = [];
          let last = performance.now();
          let lastCpu = treeCpuSeconds(pids);
          const onProgress = (e: EodProgress) => {
            if (e.type === 'day-start') {
              last = performance.now();
              lastCpu = treeCpuSeconds(pids);
              dayStepNames = e.steps;
            }
            if (e.type === 'partition') {
              if (!stepStart.has(e.step)) stepStart.set(e.step, last);
              stepRows.set(e.step, (stepRows.get(e.step) ?? 0) + e.rows);
            }
            if (e.type === 'step-done') {
              const now = performance.now();
              const cpu = treeCpuSeconds(pids);
              stepWall.set(e.step, (now - last) / 1000);
              stepNodeCpu.push({
                step: e.step,
                cpuSeconds: cpu.map((c, i) => (c !== null && lastCpu[i] != null ? c - lastCpu[i]! : null)),
              });
              last = now;
              lastCpu = cpu;
              log(`  ${e.step} done in ${fmt(stepWall.get(e.step), 2)} s`);
            }
          };
          await enableStatementCounts(server.nodes, dbName);
          const countersBefore = await readNodeCounters(server.nodes, dbName, pids);
          const citusBefore = citus ? await citusQueryCounters(url) : null;
          installSqlTimer();
          const stopTiming = timeStatements();
          const t0 = performance.now();
          let result: Awaited<ReturnType<typeof runEod>> | null = null;
          let failure: SizeResult['failure'] = null;
          stage = 'DAY';
          try {
            result = await runEod(ctx, { workers, partitionSize, onProgress });
          } catch (err) {
            const step = dayStepNames.find((x) => !stepWall.has(x)) ?? '(before the first step)';
            failure = { step, error: errorText(err) };
            log(`huinong ${n}: END-OF-DAY FAILED at ${step}: ${failure.error}`);
          } finally {
            clearInterval(sampler);
          }
          const timedStatements = stopTiming();
          const statements = timedStatements.reduce((a, b) => a + b.count, 0);
          const topStatements = timedStatements.slice(0, 12);
          for (const t of topStatements.slice(0, 8)) log(`  sql ${fmt(t.ms / 1000, 2)} s ×${t.count}: ${t.text.slice(0, 150)}`);
          peakRss = Math.max(peakRss, process.memoryUsage.rss());
          const eodSeconds = (performance.now() - t0) / 1000;
          const day = result?.days[0];
          const steps = day
            ? day.steps.map((s) => ({
                step: s.step,
                wallSeconds: stepWall.get(s.step) ?? NaN,
                partitionSecondsSum: s.durationMs / 1000,
                rows: s.rows,
              }))
            : [...stepWall.entries()].map(([step, wallSeconds]) => ({
                step,
                wallSeconds,
                partitionSecondsSum: NaN,
                rows: stepRows.get(step) ?? 0,
              }));
          if (day && result) {
            log(
              `huinong ${n}: end-of-day ${day.date} → ${result.businessDate} in ${fmt(eodSeconds, 2)} s, peak RSS ${fmt(peakRss / 2 ** 20, 0)} MiB`,
            );
          }
          const citusAfter = citus ? await citusQueryCounters(url) : null;
          const placement = citus ? await citusPlacement(url, server.nodes.slice(1), 'loans') : null;
          // The servers' statistics are flushed when their backends go idle or exit: close the pool first
          // (on Citus its backends' connections to the workers end with it).
          await database.close().catch(() => undefined);
          databaseOpen = false;
          await new Promise((r) => setTimeout(r, 1500));
          const nodes = counterDelta(await readNodeCounters(server.nodes, dbName, pids), countersBefore);
          for (const x of nodes) {
            log(
              `  ${x.node}: CPU ${fmt(x.cpuSeconds, 2)} s, ${x.statements ?? '–'} statements, ${x.commits} commits, rows +${x.rowsInserted} ~${x.rowsUpdated} -${x.rowsDeleted}, read ${x.rowsRead}`,
            );
          }
          results.push({
            failure,
            nodes,
            stepNodeCpu,
            placement,
            citusQueries:
              citusBefore && citusAfter
                ? {
                    singleShard: citusAfter.singleShard - citusBefore.singleShard,
                    multiShard: citusAfter.multiShard - citusBefore.multiShard,
                  }
                : null,
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
        } catch (err) {
          // generation (or migration) failed: report it with the reference, and go on with the next size
          log(`huinong ${n}: FAILED in ${stage}: ${errorText(err)}`);
          results.push({
            loans: n,
            portfolio: { loans: 0, scheduleRows: 0, overdueLoans: 0, nonAccrualLoans: 0, dueOnD0: 0, seconds: {} },
            generationSeconds: NaN,
            eodSeconds: NaN,
            steps: [],
            peakRssMiB: NaN,
            rssBeforeMiB: NaN,
            reference,
            topStatements: [],
            statements: 0,
            failure: { step: stage, error: errorText(err) },
            nodes: [],
            stepNodeCpu: [],
            placement: null,
            citusQueries: null,
          });
        } finally {
          if (databaseOpen) await database.close().catch(() => undefined);
        }
      }
    },
    log,
    { engine },
  );

  // Report.
  const nodeNames = results.find((r) => r.nodes.length)?.nodes.map((x) => x.node) ?? [];
  const table = markdownTable(
    ['loans', 'generation s', 'Huinong EOD s', 'µs / loan', 'SQL statements', 'reference s', 'ratio', 'peak RSS MiB (before)', 'result'],
    results.map((r) => [
      r.loans.toLocaleString('en'),
      fmt(r.generationSeconds, 1),
      fmt(r.eodSeconds, 2),
      r.failure ? '–' : fmt((r.eodSeconds * 1e6) / r.loans, 0),
      r.statements,
      r.reference ? fmt(r.reference.seconds, 2) : '–',
      r.reference && !r.failure ? `${fmt(r.eodSeconds / r.reference.seconds, 1)}×` : '–',
      `${fmt(r.peakRssMiB, 0)} (${fmt(r.rssBeforeMiB, 0)})`,
      r.failure ? `**failed at ${r.failure.step}**` : 'ok',
    ]),
  );
  const stepNames = [...new Set(results.flatMap((r) => r.steps.map((s) => s.step)))];
  const stepTable = markdownTable(
    [
      'step',
      ...results.map((r) => `${r.loans.toLocaleString('en')}: wall s (rows)`),
      ...results.map((r) => `µs/loan @${r.loans.toLocaleString('en')}`),
      ...results.flatMap((r) =>
        r.stepNodeCpu.length ? [`CPU s per node @${r.loans.toLocaleString('en')} (${nodeNames.join(' / ')})`] : [],
      ),
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
      ...results.flatMap((r) => {
        if (!r.stepNodeCpu.length) return [];
        const c = r.stepNodeCpu.find((x) => x.step === name);
        return [c ? c.cpuSeconds.map((x) => fmt(x, 2)).join(' / ') : '–'];
      }),
    ]),
  );
  const nodeTable = markdownTable(
    [
      'loans',
      'node',
      'CPU s (day)',
      'statements',
      'commits',
      'rows inserted',
      'rows updated',
      'rows read',
      'shards',
      'distributed MiB',
      'loans on node',
    ],
    results.flatMap((r) =>
      r.nodes.map((x) => {
        const p = r.placement?.find((y) => y.node === x.node);
        return [
          r.loans.toLocaleString('en'),
          x.node,
          fmt(x.cpuSeconds, 2),
          x.statements ?? '–',
          x.commits,
          x.rowsInserted,
          x.rowsUpdated,
          x.rowsRead,
          p ? p.shards : '–',
          p ? fmt(p.distributedBytes / 2 ** 20, 0) : '–',
          p ? p.rows : '–',
        ];
      }),
    ),
  );
  // The warning step against one set-based UPDATE pass over the same number of loans on the same server in
  // the same run: the reference script's `UPDATE ref_loans` (its third timed statement, after BEGIN and the
  // journal INSERT). Issue 13's target: WARN at most 2 × that UPDATE at 1,000,000 loans.
  const warnLines = results
    .filter((r) => r.reference && r.reference.statementsMs.length >= 3)
    .map((r) => {
      const warn = r.steps.find((x) => x.step === 'WARN');
      const updateSeconds = r.reference!.statementsMs[2] / 1000;
      return warn
        ? `- ${r.loans.toLocaleString('en')} loans: WARN ${fmt(warn.wallSeconds, 2)} s (${warn.rows} firings) vs the reference's UPDATE ref_loans ${fmt(updateSeconds, 2)} s: ${fmt(warn.wallSeconds / updateSeconds, 2)}× (target ≤ 2×)`
        : `- ${r.loans.toLocaleString('en')} loans: no WARN step ran`;
    });
  const failures = results
    .filter((r) => r.failure)
    .map((r) => `- ${r.loans.toLocaleString('en')} loans: failed at ${r.failure!.step}: ${r.failure!.error.split('\n')[0]}`);
  const citusLines = results
    .filter((r) => r.citusQueries)
    .map(
      (r) =>
        `- ${r.loans.toLocaleString('en')} loans: the coordinator ran ${r.citusQueries!.singleShard} single-shard and ${r.citusQueries!.multiShard} multi-shard queries (citus_stat_counters)`,
    );
  process.stdout.write(
    `\nengine: ${engine}; load average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(
        ' ',
      )}\n\n${table}\n\n${stepTable}\n${warnLines.length ? `\nWarning step against one set-based UPDATE pass:\n\n${warnLines.join('\n')}\n` : ''}\nPer node during the day (CPU of the server's process tree; statements: pg_stat_statements where loaded; commits and rows: pg_stat_database):\n\n${nodeTable}\n${[...citusLines, ...failures].length ? `\n${[...citusLines, ...failures].join('\n')}\n` : ''}`,
  );
  const outDir = path.join(REPO_ROOT, '.tmp', 'bench');
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, `eod-${engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify({ machine: machineDescription(), engine, workers, partitionSize, dbSet, results }, null, 2));
  log(`results: ${path.relative(REPO_ROOT, file)}`);
}
