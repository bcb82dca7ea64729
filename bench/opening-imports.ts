/**
 * Opening-book imports benchmark (issue 16: the demo bank's customers and deposits come in through the
 * import-and-review path and the whole quarter builds in ≤ 120 s on PGlite): on PGlite (in memory, the
 * demo bank with the demo quarter's staff roster imported), a CUSTOMERS file of --customers rows and a
 * CORE_DEPOSITS file of one demand account per customer plus --cds certificates are each uploaded by
 * admin and approved by admin2 through the HTTP layer in-process. Upload (parse, validate, stage for
 * review) and approval (apply) are timed apart. The files have the demo's headers
 * (demo/quarter/opening.ts) and its people (demo/quarter/people.ts).
 *
 *   npm run bench -- opening-imports [--customers=6500] [--cds=2200]
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/run.ts opening-imports   (then bench/tools/profile-summary.ts)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp, type HuinongApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { DEMO_PASSWORD } from '../demo/bank.js';
import { csv } from '../demo/quarter/imports.js';
import { demoRoster, LENDING_BRANCHES } from '../demo/quarter/org.js';
import { person } from '../demo/quarter/people.js';
import { rngFor } from '../demo/quarter/rng.js';
import { numberFlag, type BenchOptions } from './support/options.js';

export const description = "the demo's opening book: CUSTOMERS and CORE_DEPOSITS upload and approval on PGlite (target ≤ 8 s together)";
export const usage = `Options:
  --customers=6500   customers (one demand account each in the deposits file)
  --cds=2200         certificates of deposit in the deposits file (on the first customers, at most one each)
  --seed=20260101    the people's seed`;

const OCCUPATIONS = ['农户', '个体经营', '教师', '务工', '养殖户', '公务员', '医生', '司机'];

interface Step {
  name: string;
  /** process.hrtime in µs at the upload's start, between upload and approval, and at the end (the clock of --cpu-prof's samples). */
  marksUs: [number, number, number];
  rows: number;
  uploadSeconds: number;
  approveSeconds: number;
  uploadCpu: number;
  approveCpu: number;
}

export async function run(opts: BenchOptions): Promise<void> {
  const nCustomers = numberFlag(opts, 'customers', 6_500, 1);
  const nCds = Math.min(numberFlag(opts, 'cds', 2_200, 0), nCustomers);
  const seed = numberFlag(opts, 'seed', 20_260_101, 0);
  const app = await createApp(testConfig());
  try {
    const tokens = new Map<string, string>();
    const as = async (username: string) => {
      let t = tokens.get(username);
      if (!t) {
        const res = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
        if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
        t = res.json().token as string;
        tokens.set(username, t);
      }
      return t;
    };
    const timed = async (name: string, type: string, body: string): Promise<Step> => {
      const maker = await as('admin');
      const checker = await as('admin2');
      const c0 = process.cpuUsage();
      const m0 = hrUs();
      const t0 = performance.now();
      const up = await app.server.inject({
        method: 'POST',
        url: `/api/v1/imports?type=${type}&filename=${encodeURIComponent(`${name}.csv`)}`,
        payload: body,
        headers: { authorization: `Bearer ${maker}`, 'content-type': 'text/csv' },
      });
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      const m1 = hrUs();
      const batch = up.json();
      if (up.statusCode >= 300 || batch.status !== 'PENDING_REVIEW') {
        const errs = await app.server.inject({
          method: 'GET',
          url: `/api/v1/imports/${batch.id}/errors?pageSize=5`,
          headers: { authorization: `Bearer ${maker}` },
        });
        throw new Error(`${type}: ${up.statusCode} ${up.body.slice(0, 300)} ${errs.body.slice(0, 600)}`);
      }
      const ok = await app.server.inject({
        method: 'POST',
        url: `/api/v1/review/requests/${batch.reviewRequestId}/approve`,
        payload: { comment: 'bench' },
        headers: { authorization: `Bearer ${checker}` },
      });
      const t2 = performance.now();
      const c2 = process.cpuUsage();
      const m2 = hrUs();
      if (ok.statusCode !== 200) throw new Error(`${type} approve: ${ok.statusCode} ${ok.body.slice(0, 500)}`);
      const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1e6;
      return {
        name,
        marksUs: [m0, m1, m2],
        rows: batch.totalRows,
        uploadSeconds: (t1 - t0) / 1000,
        approveSeconds: (t2 - t1) / 1000,
        uploadCpu: cpu(c0, c1),
        approveCpu: cpu(c1, c2),
      };
    };

    // the roster first (not timed): the customers are spread over the demo quarter's customer managers
    const roster = demoRoster(seed);
    await timed(
      'roster',
      'STAFF',
      csv(
        ['用户名', '姓名', '机构代码', '手机号', '角色'],
        roster.map((m) => [m.username, m.name, m.branch, m.mobile, m.roles.join(',')]),
      ),
    );
    const officers = await officersByBranch(app, await as('admin'), roster);

    const rng = rngFor(seed, 'bench-opening');
    const people = Array.from({ length: nCustomers }, (_, i) => person(rng, 100_000 + i));
    const customerRows = people.map((p, i) => {
      const branch = LENDING_BRANCHES[i % LENDING_BRANCHES.length]!;
      const list = officers.get(branch) ?? [];
      return [
        p.name,
        p.idNumber,
        p.mobile,
        OCCUPATIONS[i % OCCUPATIONS.length]!,
        `${2000 + (i % 80) * 100}.00`,
        list[i % list.length] ?? null,
        branch,
      ];
    });
    const depositRows: Array<Array<string | number | null>> = [];
    people.forEach((p, i) => {
      depositRows.push([
        '活期',
        p.idNumber,
        `62230001${String(10_000_000 + i).padStart(11, '0')}`,
        `${1000 + (i % 500) * 37}.00`,
        '正常',
        '',
        '',
        '',
        '',
        '',
      ]);
      if (i < nCds)
        depositRows.push([
          '定期存单',
          p.idNumber,
          '',
          '',
          '正常',
          `CD2025${String(i).padStart(8, '0')}`,
          `${10_000 + (i % 40) * 5000}.00`,
          '1.75',
          '2025-06-01',
          '2026-06-01',
        ]);
    });

    const steps: Step[] = [];
    steps.push(
      await timed(
        '存量客户',
        'CUSTOMERS',
        csv(['姓名', '身份证号', '手机号', '职业', '月收入(元)', '客户经理工号', '所属机构代码'], customerRows),
      ),
    );
    steps.push(
      await timed(
        '核心存款',
        'CORE_DEPOSITS',
        csv(['类型', '身份证号', '账号', '余额(元)', '状态', '存单号', '本金(元)', '年利率(%)', '开户日', '到期日'], depositRows),
      ),
    );

    const total = steps.reduce((s, x) => s + x.uploadSeconds + x.approveSeconds, 0);
    const lines = [
      `Opening-book imports on PGlite (${nCustomers.toLocaleString('en')} customers; ${nCustomers.toLocaleString('en')} demand accounts + ${nCds.toLocaleString('en')} certificates)`,
      '',
      '| import | rows | upload s | approve s | upload CPU s | approve CPU s | ms a row |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...steps.map(
        (x) =>
          `| ${x.name} | ${x.rows} | ${x.uploadSeconds.toFixed(2)} | ${x.approveSeconds.toFixed(2)} | ${x.uploadCpu.toFixed(2)} | ${x.approveCpu.toFixed(2)} | ${(((x.uploadSeconds + x.approveSeconds) * 1000) / x.rows).toFixed(2)} |`,
      ),
      '',
      `total ${total.toFixed(2)} s (target ≤ 8 s at the demo's size); load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const outDir = path.resolve('.tmp/bench');
    await mkdir(outDir, { recursive: true });
    await writeFile(path.join(outDir, 'opening-imports-pglite.json'), JSON.stringify({ nCustomers, nCds, steps }, null, 2));
  } finally {
    await app.close();
  }
}

const hrUs = () => Number(process.hrtime.bigint() / 1000n);

/** Staff ids of the roster's customer managers, per branch code (the customer list names officers by id). */
async function officersByBranch(app: HuinongApp, token: string, roster: ReturnType<typeof demoRoster>): Promise<Map<string, number[]>> {
  const branchOf = new Map(roster.filter((m) => m.roles.includes('loan_officer')).map((m) => [m.username, m.branch]));
  const out = new Map<string, number[]>();
  for (let page = 1; ; page++) {
    const res = await app.server.inject({
      method: 'GET',
      url: `/api/v1/staff?page=${page}&pageSize=200`,
      headers: { authorization: `Bearer ${token}` },
    });
    const p = res.json() as { items: Array<{ id: number; username: string }>; total: number };
    for (const s of p.items) {
      const b = branchOf.get(s.username);
      if (b) out.set(b, [...(out.get(b) ?? []), s.id]);
    }
    if (page * 200 >= p.total) break;
  }
  return out;
}
