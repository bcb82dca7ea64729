/**
 * Loan-migration benchmark (issue 16 §1, the ONLINE_LOANS import: "5,000 rows validated and applied on
 * PGlite in well under 15 s"): on PGlite (in memory, the demo bank), customers with demand accounts and
 * the pledge customers' certificates are set up (not timed); then a file of --rows existing online loans
 * of every product (93% current, 5% 1–30 days past due, 2% over 90 days) is uploaded through the HTTP
 * layer in-process — parse, validate every row against its schedule, stage for review — and approved by a
 * second person — lines, pledges, guarantees, loans with schedules, drawdowns and opening entries in the
 * approval's transaction. Both are timed.
 *
 *   npm run bench -- loan-migration [--rows=5000]
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { withTx } from '../src/db/client.js';
import { addDays, makeIdNumber, type IsoDate } from '../src/kernel/index.js';
import { getBusinessDate } from '../src/modules/calendar/index.js';
import { seedDemoDeposits } from '../src/modules/core/index.js';
import { ensureCustomer } from '../src/modules/customers/index.js';
import { branchByCode } from '../src/modules/org/index.js';
import { migrationRowFigures } from '../src/modules/origination/index.js';
import { DEMO_PASSWORD } from '../demo/bank.js';
import { numberFlag, type BenchOptions } from './support/options.js';

export const description =
  'a 5,000-row file of existing online loans validated and applied through review on PGlite (target well under 15 s)';
export const usage = `Options:
  --rows=5000      loans in the file (about 1.25 per customer; every product, 7% past due)`;

const HEADER =
  '客户身份证号,产品代码,授信额度,授信到期日,借据号,贷款本金,放款日,期限月数,还款方式,年利率,贷款余额,逾期天数,五级分类,客户经理,质押存单号,保证人身份证号';

function idOf(n: number): string {
  const year = 1960 + (n % 40);
  const day = 1 + (Math.floor(n / 40) % 28);
  const month = 1 + (Math.floor(n / 1120) % 12);
  const seq = String(Math.floor(n / 13440) % 1000).padStart(3, '0');
  return makeIdNumber(`370812${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`);
}

export async function run(opts: BenchOptions): Promise<void> {
  const rows = numberFlag(opts, 'rows', 5_000, 1);
  const customers = Math.ceil(rows / 1.25);
  const app = await createApp(testConfig());
  try {
    const login = async (username: string) => {
      const res = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
      return res.json().token as string;
    };
    const M = await getBusinessDate(app.ctx.db);
    const branchId = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    const setup0 = performance.now();
    const cdOf = new Map<number, string>();
    await withTx(app.ctx.db, async (tx) => {
      for (let n = 0; n < customers; n++) {
        const c = await ensureCustomer(tx, app.ctx.crypto, {
          name: '存量客户',
          idNumber: idOf(n),
          mobile: `139${String(n).padStart(8, '0')}`,
          branchId,
          officerId: null,
        });
        const pledge = n % 20 === 0;
        const seeded = await seedDemoDeposits(tx, c.customer.id, branchId, {
          demandFen: 0n,
          certificates: pledge
            ? [{ principalFen: 100_000_00n, annualRatePct: '1.75', openDate: addDays(M, -100), maturityDate: addDays(M, 600) }]
            : [],
        });
        if (pledge) cdOf.set(n, seeded.cdNos[0]);
      }
    });
    const setupSeconds = (performance.now() - setup0) / 1000;

    const lines = [HEADER];
    for (let i = 0; i < rows; i++) {
      const n = i % customers;
      const second = i >= customers;
      const product =
        cdOf.has(n) && !second
          ? 'ZHIYA_E_DAI'
          : n % 10 === 3
            ? 'BAOZHENG_E_DAI'
            : n % 10 < 6
              ? 'XIN_E_DAI'
              : n % 10 < 8
                ? 'JI_E_DAI'
                : 'XIN_E_KUAI_DAI';
      // a customer's second loan: on a 信e贷 line (the first's, when that was one)
      const prod = second ? 'XIN_E_DAI' : product;
      const start: IsoDate = addDays(M, -(20 + ((i * 37) % 330)));
      const principal = `${(10 + (i % 20)) * 2000}.00`;
      const method = i % 3 === 0 ? 'EQUAL_PRINCIPAL' : i % 3 === 1 ? 'EQUAL_INSTALLMENT' : 'MONTHLY_INTEREST';
      const terms = { principal, startDate: start, termMonths: 24, method, annualRatePct: '7.2', migrationDate: M } as const;
      const probe = migrationRowFigures({ ...terms, dpd: 0 });
      const want = i % 50 === 0 ? 91 : i % 20 === 0 ? 1 : 0;
      const dpd = probe.possibleDpds.find((d) => d >= want) ?? 0;
      const f = migrationRowFigures({ ...terms, dpd });
      if (!f.ok) throw new Error(`row ${i}: ${f.code}`);
      lines.push(
        [
          idOf(n),
          prod,
          prod === 'ZHIYA_E_DAI' ? '90000.00' : '200000.00',
          addDays(M, 400),
          `MIG${String(i).padStart(8, '0')}`,
          principal,
          start,
          '24',
          method,
          '7.2',
          f.outstanding,
          String(dpd),
          '',
          'officer1',
          prod === 'ZHIYA_E_DAI' ? cdOf.get(n)! : '',
          prod === 'BAOZHENG_E_DAI' ? idOf((n + 1) % customers) : '',
        ].join(','),
      );
    }
    const csv = lines.join('\r\n') + '\r\n';

    const admin = await login('admin');
    const admin2 = await login('admin2');
    const t0 = performance.now();
    const up = await app.server.inject({
      method: 'POST',
      url: '/api/v1/imports?type=ONLINE_LOANS&filename=loans.csv',
      payload: csv,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    });
    const validateSeconds = (performance.now() - t0) / 1000;
    if (up.statusCode !== 201 || up.json().status !== 'PENDING_REVIEW') {
      const errs = await app.server.inject({
        method: 'GET',
        url: `/api/v1/imports/${up.json().id}/errors?pageSize=5`,
        headers: { authorization: `Bearer ${admin}` },
      });
      throw new Error(`upload: ${up.statusCode} ${up.body.slice(0, 300)} ${errs.body.slice(0, 800)}`);
    }
    const t1 = performance.now();
    const ok = await app.server.inject({
      method: 'POST',
      url: `/api/v1/review/requests/${up.json().reviewRequestId}/approve`,
      payload: { comment: 'bench' },
      headers: { authorization: `Bearer ${admin2}` },
    });
    const applySeconds = (performance.now() - t1) / 1000;
    if (ok.statusCode !== 200) throw new Error(`approve: ${ok.statusCode} ${ok.body.slice(0, 500)}`);
    process.stdout.write(
      [
        `Existing online loans (ONLINE_LOANS) on PGlite: ${rows.toLocaleString('en')} loans of ${customers.toLocaleString('en')} customers (set-up ${setupSeconds.toFixed(1)} s, not timed)`,
        `upload + validation ${validateSeconds.toFixed(2)} s; approval + apply ${applySeconds.toFixed(2)} s; total ${(validateSeconds + applySeconds).toFixed(2)} s (target well under 15 s)`,
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      ].join('\n') + '\n',
    );
  } finally {
    await app.close();
  }
}
