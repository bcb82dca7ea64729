/**
 * Batch pre-credit (预授信, issue 14 §7):  npm run bench -- precredit [--people=100000]
 *
 * On the embedded database (PGlite, a throwaway folder): a list of N generated people (Jining ID numbers,
 * income, occupation) is uploaded as a PRE_CREDIT import by a branch head and approved by an approver,
 * through the HTTP API — parse, validation, one list lookup, the credit policy for every person, the
 * staged records and the review request, then on approval the batch and its N entries. In the same run,
 * the decision engine's own rate on the same policy and the same people's white-list inputs
 * (evaluatePolicy + the automatic-approval cap, one after another, nothing else). Target: batch rate
 * ≥ 0.5 × engine rate.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { makeIdNumber } from '../src/kernel/idcard.js';
import { getBusinessDate } from '../src/modules/calendar/index.js';
import { activePolicy, capAutomaticApproval, evaluatePolicy } from '../src/modules/decision/index.js';
import { getLprPct, getProductParams } from '../src/modules/products/index.js';
import { whiteListDecisionInput } from '../src/modules/precredit/index.js';
import { numberFlag, type BenchOptions } from './support/options.js';
import { fmt, machineDescription, markdownTable } from './support/stats.js';

export const description = 'batch pre-credit of 100,000 people (upload → policy → review → entries) vs the decision engine alone';
export const usage = `Options:
  --people=100000                people on the list (at most 100,000: the import limit)`;

const REGIONS = ['370802', '370811', '370812', '370826', '370827', '370828', '370829', '370830', '370831', '370832', '370881', '370883'];
const OCCUPATIONS = ['CIVIL_SERVANT', 'SOE_EMPLOYEE', 'ENTERPRISE_EMPLOYEE', 'SELF_EMPLOYED', 'FARMER', 'OTHER'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';

interface Person {
  name: string;
  idNumber: string;
  mobile: string;
  incomeYuan: number;
  occupation: string;
  birthDate: string;
  regionCode: string;
}

function people(n: number): Person[] {
  const out: Person[] = [];
  for (let i = 0; i < n; i++) {
    const region = REGIONS[i % REGIONS.length]!;
    const year = 1966 + (i % 36);
    const month = 1 + (Math.floor(i / 36) % 12);
    const day = 1 + (Math.floor(i / 432) % 28);
    const seq = String(i % 1000).padStart(3, '0');
    const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    out.push({
      name: `${SURNAMES[i % SURNAMES.length]}${SURNAMES[(i * 7) % SURNAMES.length]}${SURNAMES[(i * 13) % SURNAMES.length]}`,
      idNumber: makeIdNumber(`${region}${birth}${seq}`),
      mobile: `139${String(i).padStart(8, '0')}`,
      incomeYuan: 2000 + ((i * 7919) % 28000),
      occupation: OCCUPATIONS[i % OCCUPATIONS.length]!,
      birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      regionCode: region,
    });
  }
  return out;
}

export async function run(opts: BenchOptions): Promise<void> {
  const n = numberFlag(opts, 'people', 100_000, 1);
  const list = people(n);
  // The same (region, birth date, sequence) never repeats within 100,000 rows: every ID is unique.
  if (new Set(list.map((p) => p.idNumber)).size !== n) throw new Error('generated ID numbers repeat');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'huinong-bench-precredit-'));
  const app = await createApp(testConfig({ dataDir: dir }));
  try {
    const login = async (username: string) => {
      const res = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'Huinong@2026' } });
      return String(res.json().token);
    };
    const head = await login('head1');
    const approver = await login('approver1');
    const db = app.ctx.db;
    const bd = await getBusinessDate(db);
    const product = await getProductParams(db, 'XIN_E_KUAI_DAI', bd);
    const policy = await activePolicy(db, bd);
    const lpr = await getLprPct(db, bd, '1Y');
    const none = { courtEnforcement: false, dishonest: false, bankBlacklist: false };
    const inputs = list.map((p) =>
      whiteListDecisionInput(
        {
          regionCode: p.regionCode,
          birthDate: p.birthDate,
          monthlyIncomeFen: BigInt(p.incomeYuan) * 100n,
          occupation: p.occupation,
          lists: none,
        },
        product,
        bd,
        lpr,
      ),
    );
    // warm-up (compiles the policy version and checks its trace-free plan), then the engine alone
    for (let i = 0; i < Math.min(500, n); i++) capAutomaticApproval(inputs[i]!, await evaluatePolicy(policy, inputs[i]!));
    let approvedByEngine = 0;
    const e0 = performance.now();
    for (const input of inputs)
      if (capAutomaticApproval(input, await evaluatePolicy(policy, input)).outcome === 'APPROVE') approvedByEngine++;
    const engineSeconds = (performance.now() - e0) / 1000;

    const csv = [
      '姓名,身份证号,手机号,月收入,职业',
      ...list.map((p) => `${p.name},${p.idNumber},${p.mobile},${p.incomeYuan}.00,${p.occupation}`),
    ].join('\n');
    const b0 = performance.now();
    const up = await app.server.inject({
      method: 'POST',
      url: '/api/v1/imports?type=PRE_CREDIT&filename=bench.csv',
      headers: { authorization: `Bearer ${head}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    if (up.statusCode !== 201 || up.json().status !== 'PENDING_REVIEW')
      throw new Error(`upload failed: ${up.statusCode} ${up.body.slice(0, 500)}`);
    const b1 = performance.now();
    const ok = await app.server.inject({
      method: 'POST',
      url: `/api/v1/review/requests/${up.json().reviewRequestId}/approve`,
      headers: { authorization: `Bearer ${approver}` },
      payload: {},
    });
    if (ok.statusCode !== 200) throw new Error(`approval failed: ${ok.statusCode} ${ok.body.slice(0, 500)}`);
    const b2 = performance.now();
    const batches = await app.server.inject({
      method: 'GET',
      url: '/api/v1/precredit/batches',
      headers: { authorization: `Bearer ${head}` },
    });
    const batch = batches.json().items[0];
    if (batch.totalRows !== n || batch.approvedRows !== approvedByEngine) {
      throw new Error(`batch ${JSON.stringify(batch)} does not match the engine (${approvedByEngine} approved of ${n})`);
    }
    const batchSeconds = (b2 - b0) / 1000;
    const engineRate = n / engineSeconds;
    const batchRate = n / batchSeconds;
    process.stdout.write(
      `\n${markdownTable(
        ['step', 'seconds', 'people / s'],
        [
          ['decision engine alone (evaluatePolicy + cap), same policy and inputs', fmt(engineSeconds, 2), fmt(engineRate, 0)],
          ['upload → validation → policy → staged for review', fmt((b1 - b0) / 1000, 2), fmt(n / ((b1 - b0) / 1000), 0)],
          ['approval → batch and entries', fmt((b2 - b1) / 1000, 2), fmt(n / ((b2 - b1) / 1000), 0)],
          ['batch pre-credit, end to end', fmt(batchSeconds, 2), fmt(batchRate, 0)],
        ],
      )}\n\n${n} people, ${batch.approvedRows} pre-credited (total ¥${batch.limitTotal}); batch / engine = ${fmt(batchRate / engineRate, 2)} (target ≥ 0.5: ${
        batchRate >= 0.5 * engineRate ? 'met' : 'NOT met'
      })\n${machineDescription()}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}
