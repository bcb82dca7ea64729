/**
 * Origination benchmark: the whole online path — application → automated decision → credit line →
 * drawdown → disbursement with its core-banking credit and ledger posting — through the HTTP layer
 * in-process (`server.inject`: routing, zod validation, auth, serialisation; no network), on a
 * PostgreSQL 15 server, against pgbench TPC-B on the same server in the same run.
 *
 *   npm run bench -- origination [--steps=20,50,100,150,200] [--step-seconds=15] [--clients=8] …
 *
 * Load is open-loop: arrivals come at a fixed rate whatever the latency, so a slow system builds a
 * queue instead of quietly slowing the load down (no coordinated omission). Latency is measured from
 * each arrival's scheduled time. The rate steps up until p99 > 150 ms or the achieved rate falls below
 * 90 % of the target.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createApp, type HuinongApp } from '../src/app.js';
import { loadConfig, testConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { makeIdNumber } from '../src/kernel/idcard.js';
import {
  activePolicy,
  decisionInputFromApi,
  evaluatePolicy,
  type DecisionInput,
  type DecisionInputApi,
} from '../src/modules/decision/index.js';
import { DEMO_BUSINESS_DATE, DEMO_PASSWORD } from '../demo/bank.js';
import { boolFlag, listFlag, numberFlag, type BenchOptions } from './support/options.js';
import { engineFlag, runPgbench, withBenchPostgres, type PgbenchResult } from './support/postgres.js';
import { distributePgbenchTables, PGBENCH_DISTRIBUTION } from './support/citus.js';
import {
  counterDelta,
  enableStatementCounts,
  postmasterPids,
  readNodeCounters,
  treeCpuSeconds,
  type NodeCounters,
} from './support/node-usage.js';
import { startCpuProfile } from './support/profiler.js';
import { captureStatements, installSqlCounter, sqlDelta, sqlSnapshot, traceStatements, type SqlSnapshot } from './support/sql-counter.js';
import { cpuWindow, fmt, machineDescription, markdownTable, summarize, type CpuWindow, type Summary } from './support/stats.js';
import { arrival, drawdown, type Applicant, type ArrivalResult } from './support/origination-path.js';
import { startApiProcesses, type ApiProcesses } from './support/origination-processes.js';

export const description = 'online origination (application → decision → line → drawdown) over HTTP vs pgbench TPC-B';

export const usage = `Options (defaults in brackets):
  --steps=LIST            arrival rates per second, stepped up in order [20,50,100,150,200; Citus 5,10,20,50,100]; after the
                          last one the rate keeps rising by 100/s while steps pass
  --step-seconds=N        length of each step [15]
  --p99-ms=N              latency bound of a passing step [150]
  --clients=N             PostgreSQL connections: Huinong pool size and pgbench -c [8]
  --max-in-flight=N       arrivals being served at once; later arrivals queue (their wait counts) [64]
  --warmup-seconds=N      unmeasured load before the steps [5]
  --calibration=N         sequential arrivals measured one by one (SQL per request) [30]
  --decision-samples=N    stored decisions re-evaluated in isolation [1000]
  --pgbench-seconds=N     pgbench -T [20]      --pgbench-scale=N   pgbench -i -s [10]
  --pgbench-threads=N     pgbench -j [2]       --skip-pgbench      no reference run (ratio omitted)
  --max-steps=N           at most this many measured steps, the refinement step included [8]
  --no-refine             no extra step between the last passing and the first failing rate
  --processes=N           API processes serving the steps, each with its own app and clients/N connections,
                          arrivals sent to them in turn (as behind a load balancer) [1: this process]
  --cpu-profile           write a V8 CPU profile of the measured steps to .tmp/bench/ (adds some overhead;
                          this process only)
  --engine=postgres|citus a PostgreSQL server [postgres] or a Citus cluster (coordinator + 2 workers; Huinong's
                          tables distributed by its migrations, pgbench's by aid / tid / bid)
Environment: HUINONG_BENCH_PG_URL=postgres://… uses that server (superuser URL) instead of a throwaway one;
HUINONG_BENCH_CITUS_URL=postgres://… that Citus coordinator instead of a throwaway cluster;
HUINONG_PGBENCH=/path/to/pgbench. Results: a Markdown table on stdout and JSON in .tmp/bench/.`;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_RATIO = 0.25;
const DECISION_TARGET_MS = 5;
/** TPC-B as pgbench runs it: BEGIN, 3 UPDATEs, 1 SELECT, 1 INSERT, END. */
const PGBENCH_STATEMENTS_PER_TX = 7;
const CONSENTS = { creditInquiry: true, automatedDecision: true, personalInformation: true };

// ---------- applicants ----------

/** mulberry32: seeded, so every run offers the same applicants in the same order. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '孔', '孟', '颜', '曾', '徐', '孙'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞', '平', '刚', '桂英', '建国'];
const OCCUPATIONS = ['ENTERPRISE_EMPLOYEE', 'CIVIL_SERVANT', 'SOE_EMPLOYEE', 'SELF_EMPLOYED'] as const;
/** Birth dates from 1970-01-02 to 2000-12-31: ages 25–55 on the demo business date 2026-01-01. */
const BIRTH_FROM_MS = Date.UTC(1970, 0, 2);
const BIRTH_DAYS = 11_321;
const DAY_MS = 86_400_000;

/** Fresh, valid, local (370812 兖州区) applicants that the default policy approves automatically. */
function applicantFactory(seed: number) {
  const rnd = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  let next = 0;
  return (): Applicant => {
    const index = next++;
    // Index → (birth date, sequence) is one-to-one for 11 million applicants: every ID number is new.
    const birth = new Date(BIRTH_FROM_MS + (index % BIRTH_DAYS) * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
    const seq = String(Math.floor(index / BIRTH_DAYS) % 1000).padStart(3, '0');
    const requestedYuan = 10_000 + 100 * int(0, 400);
    return {
      index,
      requestedYuan,
      payload: {
        productCode: 'XIN_E_DAI',
        channel: 'OFFICER_ASSISTED',
        applicant: {
          name: SURNAMES[int(0, SURNAMES.length - 1)]! + GIVEN[int(0, GIVEN.length - 1)]!,
          idNumber: makeIdNumber(`370812${birth}${seq}`),
          mobile: `139${String(10_000_000 + index).padStart(8, '0')}`,
          occupation: OCCUPATIONS[int(0, OCCUPATIONS.length - 1)],
          monthlyIncome: `${int(6_000, 15_000)}.00`,
        },
        requestedAmount: `${requestedYuan}.00`,
        termMonths: 12,
        repaymentMethod: 'EQUAL_INSTALLMENT',
        consents: CONSENTS,
      },
    };
  };
}

// ---------- open-loop load at a fixed rate ----------

interface StepResult {
  label: string;
  targetPerSec: number;
  seconds: number;
  offered: number;
  completed: number;
  failed: number;
  /** Arrivals still queued when the step's grace period ended: never served. */
  shed: number;
  failures: Record<string, number>;
  achievedPerSec: number;
  /** Whole path from the scheduled arrival (queue wait included), ms. */
  latency: Summary;
  /** Whole path from the moment it was served (no queue wait), ms. */
  service: Summary;
  application: Summary;
  drawdown: Summary;
  queueWait: Summary;
  sql: SqlSnapshot & { perArrival: number };
  cpu: CpuWindow;
  pass: boolean;
  why: string;
  applicationIds: number[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function runStep(
  label: string,
  targetPerSec: number,
  seconds: number,
  opts: {
    arrive: (a: Applicant) => Promise<ArrivalResult>;
    /** API worker processes (--processes); null when the arrivals are served in this process. */
    processes: ApiProcesses | null;
    next: () => Applicant;
    maxInFlight: number;
    p99Ms: number;
  },
): Promise<StepResult> {
  const offered = Math.max(1, Math.round(targetPerSec * seconds));
  const interval = 1000 / targetPerSec;
  const graceMs = Math.max(3000, seconds * 200);
  const latencies: number[] = [];
  const services: number[] = [];
  const apps: number[] = [];
  const dds: number[] = [];
  const waits: number[] = [];
  const failures: Record<string, number> = {};
  const applicationIds: number[] = [];
  let completed = 0;
  let failed = 0;
  let shed = 0;
  let inFlight = 0;
  let lastDone = 0;
  const queue: Array<{ scheduled: number; applicant: Applicant }> = [];

  const procBefore = opts.processes ? await opts.processes.stats() : null;
  const sqlBefore = sqlSnapshot();
  const stopCpu = cpuWindow();
  const start = performance.now();

  const serve = (scheduled: number, applicant: Applicant) => {
    inFlight += 1;
    const began = performance.now();
    waits.push(began - scheduled);
    opts
      .arrive(applicant)
      .then(
        (r) => {
          const end = performance.now();
          lastDone = end;
          if (r.applicationId) applicationIds.push(r.applicationId);
          if (r.ok) {
            completed += 1;
            latencies.push(end - scheduled);
            services.push(end - began);
            apps.push(r.applicationMs);
            dds.push(r.drawdownMs);
          } else {
            failed += 1;
            failures[r.failure!] = (failures[r.failure!] ?? 0) + 1;
          }
        },
        (err: unknown) => {
          failed += 1;
          const key = `exception ${(err as Error)?.message?.slice(0, 80) ?? String(err)}`;
          failures[key] = (failures[key] ?? 0) + 1;
        },
      )
      .finally(() => {
        inFlight -= 1;
        const waiting = queue.shift();
        if (waiting) serve(waiting.scheduled, waiting.applicant);
      });
  };

  // The arrival clock: every arrival whose time has come is served, or queued when maxInFlight are busy.
  for (let i = 0; i < offered; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    const applicant = opts.next();
    if (inFlight < opts.maxInFlight) serve(scheduled, applicant);
    else queue.push({ scheduled, applicant });
  }
  // Grace: the queue may drain for a while after the last arrival; what is still waiting then is shed.
  const graceEnd = start + seconds * 1000 + graceMs;
  while (queue.length > 0 && performance.now() < graceEnd) await sleep(20);
  shed = queue.length;
  queue.length = 0;
  while (inFlight > 0) await sleep(5);
  let cpu = stopCpu();
  let sql = sqlDelta(sqlBefore);
  if (opts.processes && procBefore) {
    // The API processes did the work: their statements, their CPU (plus this process's scheduling), their event loops.
    const procAfter = await opts.processes.stats();
    sql = sqlDelta(procBefore.sql, procAfter.sql);
    const seconds = (performance.now() - start) / 1000;
    const active = procAfter.elu.active - procBefore.elu.active;
    const idle = procAfter.elu.idle - procBefore.elu.idle;
    cpu = {
      ...cpu,
      nodeCores: cpu.nodeCores + (procAfter.cpuMicros - procBefore.cpuMicros) / 1e6 / seconds,
      eventLoopUtilization: active / Math.max(active + idle, 1e-9),
    };
  }
  const elapsedSec = Math.max(seconds, ((lastDone || performance.now()) - start) / 1000);
  const achievedPerSec = completed / elapsedSec;
  const latency = summarize(latencies);
  const failRate = (failed + shed) / offered;
  const reasons: string[] = [];
  if (!(latency.p99 <= opts.p99Ms)) reasons.push(`p99 ${fmt(latency.p99)} ms > ${opts.p99Ms}`);
  if (achievedPerSec < 0.9 * targetPerSec) reasons.push(`achieved ${fmt(achievedPerSec)}/s < 90 % of ${targetPerSec}/s`);
  if (failRate > 0.01) reasons.push(`${fmt(failRate * 100)} % failed or shed`);
  return {
    label,
    targetPerSec,
    seconds,
    offered,
    completed,
    failed,
    shed,
    failures,
    achievedPerSec,
    latency,
    service: summarize(services),
    application: summarize(apps),
    drawdown: summarize(dds),
    queueWait: summarize(waits),
    sql: { ...sql, perArrival: completed + failed > 0 ? sql.statements / (completed + failed) : Number.NaN },
    cpu,
    pass: reasons.length === 0,
    why: reasons.join('; ') || 'ok',
    applicationIds,
  };
}

// ---------- sequential calibration: cost of one request, SQL per request ----------

interface Calibration {
  arrivals: number;
  approved: number;
  applicationMs: Summary;
  drawdownMs: Summary;
  sqlPerApplication: number;
  sqlPerDrawdown: number;
  sqlWallMsPerApplication: number;
  sqlWallMsPerDrawdown: number;
  statementsByKindPerArrival: Record<string, number>;
  topStatements: Array<{ text: string; perArrival: number }>;
  /** Every statement of the first calibration arrival, in order (application, then drawdown). */
  firstArrivalTrace: string[];
}

async function calibrate(server: FastifyInstance, token: string, next: () => Applicant, runTag: string, n: number): Promise<Calibration> {
  const apps: number[] = [];
  const dds: number[] = [];
  let sqlApp = 0;
  let sqlDd = 0;
  let wallApp = 0;
  let wallDd = 0;
  let approved = 0;
  const byKind: Record<string, number> = {};
  const stopCapture = captureStatements();
  const headers = { authorization: `Bearer ${token}` };
  let stopTrace: (() => string[]) | null = traceStatements();
  let firstArrivalTrace: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 1 && stopTrace) {
      firstArrivalTrace = stopTrace();
      stopTrace = null;
    }
    const a = next();
    const s0 = sqlSnapshot();
    const t0 = performance.now();
    const res = await server.inject({ method: 'POST', url: '/api/v1/applications', payload: a.payload, headers });
    const t1 = performance.now();
    const s1 = sqlSnapshot();
    const body = res.json() as { status?: string; creditLineId?: number; decision?: { limit: string } };
    apps.push(t1 - t0);
    const dApp = sqlDelta(s0, s1);
    sqlApp += dApp.statements;
    wallApp += dApp.wallMs;
    if (res.statusCode !== 201 || body.status !== 'APPROVED' || !body.creditLineId) continue;
    approved += 1;
    const dd = await drawdown(server, token, a, runTag, body.creditLineId, body.decision?.limit);
    const t2 = performance.now();
    if (dd.statusCode !== 201) throw new Error(`calibration drawdown failed: ${dd.statusCode} ${dd.body}`);
    dds.push(t2 - t1);
    const dDd = sqlDelta(s1);
    sqlDd += dDd.statements;
    wallDd += dDd.wallMs;
    for (const [k, v] of Object.entries(sqlDelta(s0).byKind)) byKind[k] = (byKind[k] ?? 0) + v;
  }
  const top = stopCapture();
  if (stopTrace) firstArrivalTrace = stopTrace();
  const perArrival = (x: number) => (approved ? x / approved : Number.NaN);
  return {
    arrivals: n,
    approved,
    applicationMs: summarize(apps),
    drawdownMs: summarize(dds),
    sqlPerApplication: sqlApp / n,
    sqlPerDrawdown: perArrival(sqlDd),
    sqlWallMsPerApplication: wallApp / n,
    sqlWallMsPerDrawdown: perArrival(wallDd),
    statementsByKindPerArrival: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, Number(perArrival(v).toFixed(2))])),
    topStatements: top.slice(0, 20).map((s) => ({ text: s.text, perArrival: Number((s.count / n).toFixed(2)) })),
    firstArrivalTrace,
  };
}

// ---------- the decision step alone ----------

interface DecisionTiming {
  samples: number;
  /** evaluatePolicy called directly, one after another, on the stored inputs of this run's applications. */
  isolated: Summary;
  /** durationMicros recorded by the engine inside the application requests, under load (ms). */
  inRequest: Summary;
}

async function decisionTiming(app: HuinongApp, token: string, applicationIds: number[], samples: number): Promise<DecisionTiming> {
  const step = Math.max(1, Math.floor(applicationIds.length / Math.max(1, samples)));
  const chosen = applicationIds.filter((_, i) => i % step === 0).slice(0, samples);
  const inputs: DecisionInput[] = [];
  const inRequest: number[] = [];
  // Read the stored decisions through the API (the decision input as the engine got it), 8 at a time.
  for (let i = 0; i < chosen.length; i += 8) {
    const batch = await Promise.all(
      chosen
        .slice(i, i + 8)
        .map((id) =>
          app.server.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: { authorization: `Bearer ${token}` } }),
        ),
    );
    for (const res of batch) {
      if (res.statusCode !== 200) throw new Error(`GET application failed: ${res.statusCode} ${res.body}`);
      const d = (res.json() as { decision: { input: DecisionInputApi; durationMicros: number } | null }).decision;
      if (!d) continue;
      inputs.push(decisionInputFromApi(d.input));
      inRequest.push(d.durationMicros / 1000);
    }
  }
  const policy = await activePolicy(app.ctx.db, DEMO_BUSINESS_DATE);
  const warm = Math.min(200, inputs.length);
  for (let i = 0; i < warm; i++) await evaluatePolicy(policy, inputs[i]!);
  const isolated: number[] = [];
  for (const input of inputs) {
    const t0 = performance.now();
    await evaluatePolicy(policy, input);
    isolated.push(performance.now() - t0);
  }
  return { samples: inputs.length, isolated: summarize(isolated), inRequest: summarize(inRequest) };
}

// ---------- the run ----------

function stepPlan(steps: number[], maxRate: number) {
  let i = 0;
  let last = 0;
  return (): number | null => {
    const rate = i < steps.length ? steps[i]! : last + 100;
    i += 1;
    last = rate;
    return rate <= maxRate ? rate : null;
  };
}

export async function run(opts: BenchOptions): Promise<void> {
  const engine = engineFlag(opts);
  // On Citus one arrival alone takes ≈ 10× longer (two-phase commits, reference-table writes): start lower.
  const steps = listFlag(opts, 'steps', engine === 'citus' ? [5, 10, 20, 50, 100] : [20, 50, 100, 150, 200]);
  const stepSeconds = numberFlag(opts, 'step-seconds', 15, 1);
  const p99Ms = numberFlag(opts, 'p99-ms', 150, 1);
  const clients = numberFlag(opts, 'clients', 8, 1);
  const maxInFlight = numberFlag(opts, 'max-in-flight', 64, 1);
  const warmupSeconds = numberFlag(opts, 'warmup-seconds', 5, 0);
  const calibrationN = numberFlag(opts, 'calibration', 30, 1);
  const decisionSamples = numberFlag(opts, 'decision-samples', 1000, 1);
  const pgbenchSeconds = numberFlag(opts, 'pgbench-seconds', 20, 1);
  const pgbenchScale = numberFlag(opts, 'pgbench-scale', 10, 1);
  const pgbenchThreads = numberFlag(opts, 'pgbench-threads', 2, 1);
  const skipPgbench = boolFlag(opts, 'skip-pgbench');
  const refine = !boolFlag(opts, 'no-refine');
  const maxSteps = numberFlag(opts, 'max-steps', 8, 1);
  const cpuProfile = boolFlag(opts, 'cpu-profile');
  const processCount = numberFlag(opts, 'processes', 1, 1);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = path.join(REPO_ROOT, '.tmp', 'bench');

  const runStarted = Date.now();
  const log = (line: string) => process.stdout.write(`[${((Date.now() - runStarted) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  const loadAtStart = os.loadavg();
  log(`machine: ${machineDescription()}; load average ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}`);

  await withBenchPostgres(
    async (pgServer) => {
      const citus = pgServer.engine === 'citus';
      log(
        `server: ${pgServer.version} (${pgServer.origin}; nodes ${pgServer.nodes.map((x) => `${x.name} :${new URL(x.url).port}`).join(', ')})`,
      );
      const pids = await postmasterPids(pgServer.nodes);
      const nodeNames = pgServer.nodes.map((x) => x.name);
      // 1. The reference: pgbench TPC-B with as many connections as Huinong's pool.
      let pgbench: PgbenchResult | null = null;
      let pgbenchNodeCores: Array<number | null> = [];
      if (!skipPgbench) {
        const url = await pgServer.createDatabase('hn_bench_pgbench');
        log(
          `pgbench: -i -s ${pgbenchScale}${citus ? ` (tables distributed: ${PGBENCH_DISTRIBUTION.map((d) => `${d.table} by ${d.column}`).join(', ')})` : ''}, then -c ${clients} -j ${pgbenchThreads} -T ${pgbenchSeconds} (TPC-B) …`,
        );
        let cpu0: Array<number | null> = [];
        let t0 = 0;
        pgbench = await runPgbench(url, {
          scale: pgbenchScale,
          clients,
          threads: pgbenchThreads,
          seconds: pgbenchSeconds,
          ...(citus ? { afterCreate: distributePgbenchTables } : {}),
          onRun: (phase) => {
            const cpu = treeCpuSeconds(pids);
            if (phase === 'start') {
              cpu0 = cpu;
              t0 = performance.now();
            } else {
              const s = (performance.now() - t0) / 1000;
              pgbenchNodeCores = cpu.map((c, i) => (c !== null && cpu0[i] != null ? (c - cpu0[i]!) / s : null));
            }
          },
        });
        log(
          `pgbench: ${fmt(pgbench.tps)} tps (without connection time), latency avg ${fmt(pgbench.latencyAvgMs, 2)} ms (init ${fmt(pgbench.initSeconds)} s); ` +
            `server CPU (cores) ${nodeNames.map((n, i) => `${n} ${fmt(pgbenchNodeCores[i], 2)}`).join(', ')}`,
        );
      }

      // 2. Huinong on its own database, demo bank seeded, HTTP server built in-process.
      installSqlCounter();
      const appUrl = await pgServer.createDatabase('hn_bench_app');
      log(`huinong: migrating and seeding the demo bank (pool ${clients}) …`);
      const database = await openDatabase({ url: appUrl, poolSize: clients, preparedStatements: loadConfig().databasePreparedStatements });
      let app: HuinongApp;
      let apiProcesses: ApiProcesses | null = null;
      try {
        app = await createApp(testConfig({ databaseUrl: appUrl, logLevel: 'silent' }), database);
      } catch (err) {
        await database.close().catch(() => undefined);
        throw err;
      }
      try {
        const login = await app.server.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'officer1', password: DEMO_PASSWORD },
        });
        if (login.statusCode !== 200) throw new Error(`officer1 login failed: ${login.statusCode} ${login.body}`);
        const token = (login.json() as { token: string }).token;
        const runTag = Date.now().toString(36);
        const next = applicantFactory(20260101);
        const local = { arrive: (a: Applicant) => arrival(app.server, token, a, runTag), processes: null, next, maxInFlight, p99Ms };
        if (processCount > 1) {
          const poolSize = Math.ceil(clients / processCount);
          log(`API processes: starting ${processCount}, ${poolSize} connections each; arrivals go to them in turn …`);
          apiProcesses = await startApiProcesses(processCount, {
            url: appUrl,
            poolSize,
            prepared: loadConfig().databasePreparedStatements,
            token,
            runTag,
          });
        }
        const stepOpts = apiProcesses ? { ...local, arrive: apiProcesses.arrive, processes: apiProcesses } : local;
        const appDb = new URL(appUrl).pathname.slice(1);
        await enableStatementCounts(pgServer.nodes, appDb);
        /** Per measured step: what each server node did (CPU cores over the step, statements, commits). */
        const stepNodes = new Map<string, { seconds: number; completed: number; nodes: NodeCounters[] }>();
        const measuredStep = async (label: string, rate: number): Promise<StepResult> => {
          const before = await readNodeCounters(pgServer.nodes, appDb, pids);
          const t = performance.now();
          const r = await runStep(label, rate, stepSeconds, stepOpts);
          const seconds = (performance.now() - t) / 1000;
          stepNodes.set(label, {
            seconds,
            completed: r.completed,
            nodes: counterDelta(await readNodeCounters(pgServer.nodes, appDb, pids), before),
          });
          return r;
        };

        if (warmupSeconds > 0) {
          log(`warm-up: ${warmupSeconds} s at 20/s (not measured) …`);
          const w = await runStep('warm-up', 20, warmupSeconds, stepOpts);
          if (w.completed === 0) throw new Error(`warm-up: nothing completed; failures: ${JSON.stringify(w.failures)}`);
        }
        log(`calibration: ${calibrationN} arrivals one after another …`);
        const calibration = await calibrate(app.server, token, next, runTag, calibrationN);
        log(
          `calibration: application p50 ${fmt(calibration.applicationMs.p50)} ms (${fmt(calibration.sqlPerApplication)} SQL statements), ` +
            `drawdown p50 ${fmt(calibration.drawdownMs.p50)} ms (${fmt(calibration.sqlPerDrawdown)} statements); approved ${calibration.approved}/${calibration.arrivals}`,
        );

        // 3. Open-loop steps.
        const profiler = cpuProfile ? await startCpuProfile() : null;
        const results: StepResult[] = [];
        const nextRate = stepPlan(steps, 5000);
        let lastPass: number | null = null;
        let firstFail: number | null = null;
        for (let rate = nextRate(); rate !== null && results.length < maxSteps - (refine ? 1 : 0); rate = nextRate()) {
          log(`step ${rate}/s for ${stepSeconds} s …`);
          const r = await measuredStep(`${rate}/s`, rate);
          results.push(r);
          log(
            `  achieved ${fmt(r.achievedPerSec)}/s, p50 ${fmt(r.latency.p50)} p95 ${fmt(r.latency.p95)} p99 ${fmt(r.latency.p99)} ms, ` +
              `${r.failed} failed, ${r.shed} shed, ${fmt(r.sql.perArrival)} SQL/arrival, Node ${fmt(r.cpu.nodeCores, 2)} cores, ` +
              `machine ${fmt(r.cpu.machineCores, 2)} cores → ${r.pass ? 'pass' : `stop (${r.why})`}`,
          );
          if (!r.pass) {
            firstFail = rate;
            break;
          }
          lastPass = rate;
          await sleep(500);
        }
        if (refine && firstFail !== null) {
          const low = lastPass ?? 0;
          const mid = Math.round((low + firstFail) / 2 / 5) * 5;
          if (mid > low && mid < firstFail) {
            log(`refinement step ${mid}/s for ${stepSeconds} s (between ${low || 'none'} and ${firstFail}) …`);
            await sleep(500);
            const r = await measuredStep(`${mid}/s (refine)`, mid);
            results.push(r);
            log(`  achieved ${fmt(r.achievedPerSec)}/s, p99 ${fmt(r.latency.p99)} ms → ${r.pass ? 'pass' : `fail (${r.why})`}`);
          }
        }

        let profileFile: string | null = null;
        if (profiler) {
          await mkdir(outDir, { recursive: true });
          profileFile = path.join(outDir, `origination-${stamp}.cpuprofile`);
          await profiler.stop(profileFile);
          log(`CPU profile of the steps: ${path.relative(process.cwd(), profileFile)} (npx tsx bench/tools/profile-summary.ts <file>)`);
        }

        // 4. The decision step alone, on this run's inputs.
        log(`decision: re-evaluating up to ${decisionSamples} stored inputs in isolation …`);
        const allIds = results.flatMap((r) => r.applicationIds);
        const decision = await decisionTiming(app, token, allIds, decisionSamples);

        // 5. Report.
        const passing = results.filter((r) => r.pass);
        const best = passing.reduce<StepResult | null>((b, r) => (!b || r.achievedPerSec > b.achievedPerSec ? r : b), null);
        const bestRate = best?.achievedPerSec ?? 0;
        const ratio = pgbench ? bestRate / pgbench.tps : null;
        const highest = results.reduce<StepResult | null>((b, r) => (!b || r.achievedPerSec > b.achievedPerSec ? r : b), null);
        const rss = process.memoryUsage().rss;

        const table = markdownTable(
          [
            'step (target/s)',
            'achieved apps/s',
            'completed',
            'failed+shed',
            'p50 ms',
            'p95 ms',
            'p99 ms',
            'SQL/app',
            'Node CPU',
            'machine CPU (load)',
            'result',
          ],
          results.map((r) => [
            r.label,
            fmt(r.achievedPerSec),
            r.completed,
            r.failed + r.shed,
            fmt(r.latency.p50),
            fmt(r.latency.p95),
            fmt(r.latency.p99),
            fmt(r.sql.perArrival),
            `${fmt(r.cpu.nodeCores, 2)} (ELU ${fmt(r.cpu.eventLoopUtilization * 100, 0)} %)`,
            `${fmt(r.cpu.machineCores, 2)} (${fmt(r.cpu.loadAverage1m, 1)})`,
            r.pass ? 'pass' : r.why,
          ]),
        );
        const nodeTable = markdownTable(
          [
            'step (target/s)',
            ...nodeNames.map((n) => `${n} CPU (cores)`),
            ...nodeNames.map((n) => `${n} statements/app`),
            ...nodeNames.map((n) => `${n} commits/app`),
          ],
          results.map((r) => {
            const x = stepNodes.get(r.label);
            const per = (v: number | null | undefined) => (x && x.completed > 0 && v != null ? fmt(v / x.completed, 1) : '–');
            return [
              r.label,
              ...nodeNames.map((_, i) => (x && x.nodes[i]?.cpuSeconds != null ? fmt(x.nodes[i]!.cpuSeconds! / x.seconds, 2) : '–')),
              ...nodeNames.map((_, i) => per(x?.nodes[i]?.statements)),
              ...nodeNames.map((_, i) => per(x?.nodes[i]?.commits)),
            ];
          }),
        );
        const lines = [
          '',
          `## Origination benchmark — ${new Date().toISOString()}`,
          '',
          `Machine: ${machineDescription()}. ${citus ? 'Citus cluster' : 'PostgreSQL'}: ${pgServer.version} (${pgServer.origin}; ${nodeNames.join(', ')}).`,
          `Load average (1/5/15 min) at the start ${loadAtStart.map((x) => x.toFixed(2)).join(' / ')}, at the end ${os
            .loadavg()
            .map((x) => x.toFixed(2))
            .join(' / ')}` + ` — above ${os.cpus().length} (the core count) other processes competed for the CPU.`,
          `Path per arrival: POST /api/v1/applications (信e贷, officer-assisted, auto-approved) → POST /api/v1/credit-lines/:id/drawdowns`,
          `(Idempotency-Key) via server.inject; ${processCount > 1 ? `${processCount} API processes with ${Math.ceil(clients / processCount)} pooled connections each (steps; calibration in this process with ${clients})` : `${clients} pooled connections`}; open loop, ${stepSeconds} s per step, at most ${maxInFlight} in flight;`,
          `latency = scheduled arrival → drawdown response (queue wait included).`,
          '',
          table,
          '',
          `Per database node during each step (CPU of the server's process tree over the step; statements from pg_stat_statements where the server loads it; commits from pg_stat_database; per completed arrival):`,
          '',
          nodeTable,
          '',
          pgbench
            ? `- pgbench's server CPU (cores) during its run: ${nodeNames.map((n, i) => `${n} ${fmt(pgbenchNodeCores[i], 2)}`).join(', ')}`
            : null,
          `- Best sustained rate with p99 ≤ ${p99Ms} ms: **${best ? `${fmt(bestRate)} applications/s` : 'none (no step passed)'}**${best ? ` (step ${best.label})` : ''}`,
          pgbench
            ? `- pgbench TPC-B (scale ${pgbench.scale}, -c ${pgbench.clients} -j ${pgbench.threads} -T ${pgbench.seconds}): **${fmt(pgbench.tps)} tps** (latency avg ${fmt(pgbench.latencyAvgMs, 2)} ms)`
            : '- pgbench: skipped',
          ratio !== null
            ? `- Ratio best applications/s ÷ pgbench tps: **${ratio.toFixed(3)}** (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`
            : '- Ratio: — (no pgbench run)',
          best && pgbench
            ? `- SQL statements per second at the best step: Huinong ${fmt(best.sql.statements / best.seconds, 0)} (${fmt(best.sql.perArrival)} per arrival) vs pgbench ${fmt(pgbench.tps * PGBENCH_STATEMENTS_PER_TX, 0)} (${PGBENCH_STATEMENTS_PER_TX} per TPC-B transaction, BEGIN and END included); at the target ratio Huinong would send ${fmt(TARGET_RATIO * pgbench.tps * best.sql.perArrival, 0)}/s`
            : null,
          highest && highest !== best
            ? `- Highest achieved rate, latency bound ignored: ${fmt(highest.achievedPerSec)} applications/s (step ${highest.label}, p99 ${fmt(highest.latency.p99)} ms)${pgbench ? `, ${(highest.achievedPerSec / pgbench.tps).toFixed(3)} × pgbench tps` : ''}`
            : null,
          `- Decision step (evaluatePolicy alone, ${decision.samples} of this run's inputs, one after another): p50 **${fmt(decision.isolated.p50, 3)} ms**, p99 **${fmt(decision.isolated.p99, 3)} ms** (target p99 ≤ ${DECISION_TARGET_MS} ms: ${decision.isolated.p99 <= DECISION_TARGET_MS ? 'met' : 'NOT met'}); inside the requests under load (engine's durationMicros): p50 ${fmt(decision.inRequest.p50, 3)} ms, p99 ${fmt(decision.inRequest.p99, 3)} ms`,
          `- One request at a time (${calibration.arrivals} arrivals): application p50 ${fmt(calibration.applicationMs.p50, 2)} ms with ${fmt(calibration.sqlPerApplication)} SQL statements (${fmt(calibration.sqlWallMsPerApplication, 2)} ms waiting on SQL), drawdown p50 ${fmt(calibration.drawdownMs.p50, 2)} ms with ${fmt(calibration.sqlPerDrawdown)} statements (${fmt(calibration.sqlWallMsPerDrawdown, 2)} ms on SQL)`,
          `- Node RSS at the end: ${fmt(rss / 2 ** 20, 0)} MiB`,
          '',
        ].filter((l): l is string => l !== null);
        process.stdout.write(lines.join('\n'));

        await mkdir(outDir, { recursive: true });
        const file = path.join(outDir, `origination-${engine}-${stamp}.json`);
        await writeFile(
          file,
          `${JSON.stringify(
            {
              benchmark: 'origination',
              at: new Date().toISOString(),
              machine: machineDescription(),
              postgres: { version: pgServer.version, origin: pgServer.origin, engine: pgServer.engine, nodes: nodeNames },
              settings: {
                steps,
                stepSeconds,
                p99Ms,
                clients,
                processes: processCount,
                maxInFlight,
                warmupSeconds,
                calibrationN,
                decisionSamples,
              },
              pgbench,
              pgbenchNodeCores,
              stepNodes: Object.fromEntries(stepNodes),
              calibration,
              steps: results.map(({ applicationIds: _ids, ...r }) => r),
              best: best ? { step: best.label, applicationsPerSec: bestRate } : null,
              ratio,
              targetRatio: TARGET_RATIO,
              decision,
              decisionTargetMs: DECISION_TARGET_MS,
              loadAverage: { start: loadAtStart, end: os.loadavg() },
              rssBytes: rss,
              cpuProfile: profileFile,
              totalSeconds: (Date.now() - runStarted) / 1000,
            },
            null,
            2,
          )}\n`,
        );
        log(`results written to ${path.relative(process.cwd(), file)}; total ${fmt((Date.now() - runStarted) / 1000)} s`);
      } finally {
        await apiProcesses?.close();
        await app.close();
      }
    },
    log,
    { engine },
  );
}
