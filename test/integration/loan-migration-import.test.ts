/**
 * The ONLINE_LOANS import (存量网贷迁移) on every engine: a bank's existing online loans and their lines
 * come in through upload and review. A file of every product and state — current, a few days past due,
 * over 90 days past due (NPL, non-accrual), a class stricter than the dpd floor — is applied whole after
 * a second person approves: lines, pledges and guarantees exist, the loans carry the schedule's balances,
 * each loan's ledger equals the loan and the trial balance balances (the opening amounts stand on 2999).
 * The next end-of-days run (RECONCILE passes): the NPL loans stay NPL, current loans accrue interest,
 * the overdue loan ages. Bad rows make the batch INVALID with row errors and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { HuinongApp } from '../../src/app.js';
import { queryOne, queryRows, withTx } from '../../src/db/client.js';
import { addDays, makeIdNumber, type IsoDate } from '../../src/kernel/index.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { seedDemoDeposits } from '../../src/modules/core/index.js';
import { ensureCustomer } from '../../src/modules/customers/index.js';
import { findLoanMismatches } from '../../src/modules/eod/reconcile.js';
import { trialBalance } from '../../src/modules/ledger/index.js';
import { branchByCode } from '../../src/modules/org/index.js';
import { migrationRowFigures, onlineLoansHeader } from '../../src/modules/origination/index.js';
import { client, createTestApp, loginAs } from '../support/app.js';
import { testEngines } from '../support/db.js';

const HEADER = [
  '客户身份证号',
  '产品代码',
  '授信额度',
  '授信到期日',
  '借据号',
  '贷款本金',
  '放款日',
  '期限月数',
  '还款方式',
  '年利率',
  '贷款余额',
  '逾期天数',
  '五级分类',
  '客户经理',
  '质押存单号',
  '保证人身份证号',
];

const PEOPLE = {
  current: { name: '韩存量', idNumber: makeIdNumber('37081219850101771'), mobile: '13905377701' },
  late: { name: '杨逾期', idNumber: makeIdNumber('37081219850202772'), mobile: '13905377702' },
  npl: { name: '朱不良', idNumber: makeIdNumber('37081219850303773'), mobile: '13905377703' },
  guaranteed: { name: '秦保证', idNumber: makeIdNumber('37081219850404774'), mobile: '13905377704' },
  pledged: { name: '尤质押', idNumber: makeIdNumber('37081219850505775'), mobile: '13905377705' },
  watched: { name: '许关注', idNumber: makeIdNumber('37081219850606776'), mobile: '13905377706' },
};
type Person = keyof typeof PEOPLE;

interface Terms {
  who: Person;
  product: string;
  limit: string;
  loanNo: string;
  principal: string;
  start: IsoDate;
  term: number;
  method: string;
  methodCode: 'EQUAL_INSTALLMENT' | 'EQUAL_PRINCIPAL' | 'MONTHLY_INTEREST' | 'BULLET';
  rate: string;
  /** the first allowed dpd at least this (0: current) */
  dpdAtLeast: number;
  cls?: string;
  cd?: string;
  guarantor?: Person;
}

describe.each(testEngines())('existing online loans migrated on %s', (kind) => {
  let app: HuinongApp;
  let M: IsoDate;
  const ids = {} as Record<Person, number>;
  let cdNo = '';
  const rows: Record<
    string,
    { cells: string[]; outstanding: string; dpd: number; overduePrincipal: string; overdueInterest: string; accrued: string }
  > = {};

  const upload = async (username: string, body: string[][]) =>
    app.server.inject({
      method: 'POST',
      url: '/api/v1/imports?type=ONLINE_LOANS&filename=loans.csv',
      headers: { authorization: `Bearer ${await loginAs(app.server, username)}`, 'content-type': 'text/csv' },
      payload: body.map((r) => r.join(',')).join('\n'),
    });
  const loanCount = async () => Number((await queryOne<{ n: string }>(app.ctx.db, sql`SELECT count(*)::text AS n FROM migrated_loans`))!.n);
  const loanOf = async (loanNo: string) => {
    // the migrated number first (migrated_loans is distributed by it on Citus), then the loan on its customer's shard
    const m = (await queryOne<{ customer_id: string; loan_id: string }>(
      app.ctx.db,
      sql`SELECT customer_id::text AS customer_id, loan_id::text AS loan_id FROM migrated_loans WHERE source_loan_no = ${loanNo}`,
    ))!;
    return (await queryOne<Record<string, string | number | boolean | null>>(
      app.ctx.db,
      sql`SELECT l.id::text AS id, l.customer_id::text AS customer_id, l.credit_line_id::text AS line_id, l.product_code,
                 l.principal_fen::text AS principal, l.outstanding_principal_fen::text AS outstanding,
                 l.overdue_principal_fen::text AS overdue_principal, l.overdue_interest_fen::text AS overdue_interest,
                 a.accrued_interest_fen::text AS accrued, l.dpd, l.classification, l.manual_classification, l.non_accrual,
                 l.off_balance_interest_fen::text AS off_balance, l.status
            FROM loans l
            JOIN loan_accrual_state a ON a.customer_id = l.customer_id AND a.loan_id = l.id
           WHERE l.customer_id = ${Number(m.customer_id)} AND l.id = ${Number(m.loan_id)}`,
    ))!;
  };

  beforeAll(async () => {
    app = await createTestApp(kind);
    M = await getBusinessDate(app.ctx.db);
    const gl = Number((await branchByCode(app.ctx.db, 'YZ-GL'))!.id);
    await withTx(app.ctx.db, async (tx) => {
      for (const p of Object.keys(PEOPLE) as Person[]) {
        ids[p] = (await ensureCustomer(tx, app.ctx.crypto, { ...PEOPLE[p], branchId: gl, officerId: null })).customer.id;
        const seeded = await seedDemoDeposits(tx, ids[p], gl, {
          // the past-due borrowers' accounts are empty: end-of-day's auto-debit finds nothing to collect
          demandFen: p === 'late' || p === 'npl' ? 0n : 500_000n,
          certificates:
            p === 'pledged'
              ? [{ principalFen: 100_000_00n, annualRatePct: '1.75', openDate: addDays(M, -200), maturityDate: addDays(M, 500) }]
              : [],
        });
        if (p === 'pledged') cdNo = seeded.cdNos[0];
      }
    });
    const terms: Terms[] = [
      // one customer, one revolving line, two loans: both current
      {
        who: 'current',
        product: 'XIN_E_DAI',
        limit: '200000.00',
        loanNo: 'MIG-CUR-1',
        principal: '60000.00',
        start: addDays(M, -200),
        term: 12,
        method: '等额本息',
        methodCode: 'EQUAL_INSTALLMENT',
        rate: '7.2',
        dpdAtLeast: 0,
      },
      {
        who: 'current',
        product: 'XIN_E_DAI',
        limit: '200000.00',
        loanNo: 'MIG-CUR-2',
        principal: '30000.00',
        start: addDays(M, -45),
        term: 12,
        method: 'MONTHLY_INTEREST',
        methodCode: 'MONTHLY_INTEREST',
        rate: '6.5',
        dpdAtLeast: 0,
      },
      // past due by a few days
      {
        who: 'late',
        product: 'JI_E_DAI',
        limit: '50000.00',
        loanNo: 'MIG-LATE-1',
        principal: '50000.00',
        start: addDays(M, -150),
        term: 12,
        method: '等额本金',
        methodCode: 'EQUAL_PRINCIPAL',
        rate: '8',
        dpdAtLeast: 1,
      },
      // over 90 days past due: NPL and non-accrual
      {
        who: 'npl',
        product: 'XIN_E_DAI',
        limit: '100000.00',
        loanNo: 'MIG-NPL-1',
        principal: '80000.00',
        start: addDays(M, -400),
        term: 24,
        method: '等额本息',
        methodCode: 'EQUAL_INSTALLMENT',
        rate: '7.8',
        dpdAtLeast: 91,
      },
      // guaranteed by the first customer
      {
        who: 'guaranteed',
        product: 'BAOZHENG_E_DAI',
        limit: '100000.00',
        loanNo: 'MIG-GUA-1',
        principal: '100000.00',
        start: addDays(M, -100),
        term: 12,
        method: '利随本清',
        methodCode: 'BULLET',
        rate: '6',
        dpdAtLeast: 0,
        guarantor: 'current',
      },
      // pledged certificate
      {
        who: 'pledged',
        product: 'ZHIYA_E_DAI',
        limit: '80000.00',
        loanNo: 'MIG-PLE-1',
        principal: '50000.00',
        start: addDays(M, -60),
        term: 12,
        method: '等额本息',
        methodCode: 'EQUAL_INSTALLMENT',
        rate: '4.5',
        dpdAtLeast: 0,
        cd: 'CD',
      },
      // current, but the old system already rated it 次级: kept as a manual class
      {
        who: 'watched',
        product: 'XIN_E_DAI',
        limit: '50000.00',
        loanNo: 'MIG-WAT-1',
        principal: '20000.00',
        start: addDays(M, -90),
        term: 6,
        method: '等额本息',
        methodCode: 'EQUAL_INSTALLMENT',
        rate: '9',
        dpdAtLeast: 0,
        cls: '次级',
      },
    ];
    for (const t of terms) {
      const base = {
        principal: t.principal,
        startDate: t.start,
        termMonths: t.term,
        method: t.methodCode,
        annualRatePct: t.rate,
        migrationDate: M,
      };
      const probe = migrationRowFigures({ ...base, dpd: 0 });
      const dpd = probe.possibleDpds.find((d) => d >= t.dpdAtLeast)!;
      expect(dpd, t.loanNo).toBeDefined();
      const f = migrationRowFigures({ ...base, dpd });
      if (!f.ok) throw new Error(`${t.loanNo}: ${f.code}`);
      rows[t.loanNo] = {
        cells: [
          PEOPLE[t.who].idNumber,
          t.product,
          t.limit,
          addDays(M, 365),
          t.loanNo,
          t.principal,
          t.start,
          String(t.term),
          t.method,
          t.rate,
          f.outstanding,
          String(dpd),
          t.cls ?? '',
          t.who === 'late' ? 'officer1' : '',
          t.cd ? cdNo : '',
          t.guarantor ? PEOPLE[t.guarantor].idNumber : '',
        ],
        outstanding: f.outstanding,
        dpd,
        overduePrincipal: f.overduePrincipal,
        overdueInterest: f.overdueInterest,
        accrued: f.accruedInterest,
      };
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('names its columns in the order of the template, which a maker downloads', async () => {
    expect(onlineLoansHeader()).toEqual(HEADER);
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const template = await admin.get('/api/v1/imports/templates/ONLINE_LOANS');
    expect(template.statusCode).toBe(200);
    const [head, example] = template.body.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(head.split(',')).toEqual(HEADER);
    expect(example.split(',')).toHaveLength(HEADER.length);
  });

  it('refuses a file with bad rows as INVALID, each error on its row, and writes nothing', async () => {
    const good = rows['MIG-CUR-1'].cells;
    const set = (i: number, v: string) => good.map((c, k) => (k === i ? v : c));
    const res = await upload('admin', [
      HEADER,
      good,
      set(4, 'MIG-CUR-1'), // 3: the same loan number again
      set(0, makeIdNumber('37081219990101999')), // 4: no such customer
      [...set(1, 'NO_SUCH_PRODUCT')].map((c, k) => (k === 4 ? 'MIG-BAD-4' : c)), // 5
      set(4, 'MIG-BAD-5').map((c, k) => (k === 10 ? '12345.67' : c)), // 6: balance not the schedule's
      set(4, 'MIG-BAD-6').map((c, k) => (k === 11 ? '3' : c)), // 7: dpd on no due date
      set(4, 'MIG-BAD-7').map((c, k) => (k === 6 ? addDays(M, 1) : c)), // 8: starts after the migration date
      [...rows['MIG-NPL-1'].cells].map((c, k) => (k === 4 ? 'MIG-BAD-8' : k === 12 ? '正常' : c)), // 9: looser than the dpd floor
      [...rows['MIG-PLE-1'].cells].map((c, k) =>
        k === 4 ? 'MIG-BAD-9' : k === 14 ? 'CD-NO-SUCH-1' : k === 0 ? PEOPLE.watched.idNumber : c,
      ), // 10
      [...rows['MIG-GUA-1'].cells].map((c, k) => (k === 4 ? 'MIG-BAD-10' : k === 15 ? makeIdNumber('37081219990202888') : c)), // 11
      [...rows['MIG-PLE-1'].cells].map((c, k) => (k === 4 ? 'MIG-BAD-11' : k === 2 ? '95000.00' : k === 0 ? PEOPLE.late.idNumber : c)), // 12: a CD of another customer
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'INVALID', totalRows: 11 });
    const errors = await client(app.server, await loginAs(app.server, 'admin')).get(`/api/v1/imports/${res.json().id}/errors?pageSize=100`);
    const codes = errors.json().items.map((e: { row: number; code: string }) => `${e.row}:${e.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '3:DUPLICATE_IN_FILE',
        '4:CUSTOMER_NOT_FOUND',
        '5:UNKNOWN_PRODUCT',
        '6:BALANCE_NOT_SCHEDULE',
        '7:DPD_NOT_ON_A_DUE_DATE',
        '8:START_AFTER_MIGRATION',
        '9:CLASS_LOOSER_THAN_DPD',
        '10:CD_NOT_FOUND',
        '11:GUARANTOR_NOT_FOUND',
        '12:CD_OF_ANOTHER_CUSTOMER',
      ]),
    );
    expect(codes.some((c: string) => c.startsWith('2:'))).toBe(false);
    // the balance error says what the schedule expects
    const balance = errors.json().items.find((e: { row: number }) => e.row === 6);
    expect(balance.message ?? balance.messageZh).toContain(rows['MIG-CUR-1'].outstanding);
    // the error report never shows a whole ID number
    expect(JSON.stringify(errors.json())).not.toContain(PEOPLE.current.idNumber);
    expect(await loanCount()).toBe(0);
  });

  it('applies an approved file whole: lines, pledges, guarantees and loans with the schedule’s balances; the maker cannot approve it', async () => {
    const res = await upload('admin', [HEADER, ...Object.values(rows).map((r) => r.cells)]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status, res.body).toBe('PENDING_REVIEW');
    expect(await loanCount()).toBe(0);
    const started = Date.now();
    const maker = client(app.server, await loginAs(app.server, 'admin'));
    expect((await maker.post(`/api/v1/review/requests/${res.json().reviewRequestId}/approve`, {})).statusCode).toBe(403);
    const checker = client(app.server, await loginAs(app.server, 'admin2'));
    const approved = await checker.post(`/api/v1/review/requests/${res.json().reviewRequestId}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await loanCount()).toBe(7);

    for (const [loanNo, r] of Object.entries(rows)) {
      const l = await loanOf(loanNo);
      const fen = (y: string) => String(BigInt(y.replace('.', '')));
      expect(l, loanNo).toMatchObject({
        outstanding: fen(r.outstanding),
        overdue_principal: fen(r.overduePrincipal),
        overdue_interest: fen(r.overdueInterest),
        accrued: fen(r.accrued),
        dpd: r.dpd,
        status: 'ACTIVE',
      });
    }
    expect(await loanOf('MIG-CUR-1')).toMatchObject({ classification: 'NORMAL', manual_classification: null, non_accrual: false });
    expect(await loanOf('MIG-LATE-1')).toMatchObject({ classification: 'SPECIAL_MENTION', non_accrual: false });
    const npl = await loanOf('MIG-NPL-1');
    expect(npl).toMatchObject({ classification: 'SUBSTANDARD', non_accrual: true });
    expect(BigInt(npl.off_balance as string)).toBe(BigInt(npl.accrued as string) + BigInt(npl.overdue_interest as string));
    expect(await loanOf('MIG-WAT-1')).toMatchObject({ classification: 'SUBSTANDARD', manual_classification: 'SUBSTANDARD', dpd: 0 });
    const history = await queryRows<{ reason: string }>(
      app.ctx.db,
      sql`SELECT reason FROM loan_classification_history WHERE customer_id = ${ids.watched}`,
    );
    expect(history).toEqual([{ reason: '存量迁移' }]);

    // one line per customer and product: the revolving line's availability is its limit less what is outstanding
    const lines = await queryRows<{
      customer_id: string;
      product_code: string;
      limit_fen: string;
      available_fen: string;
      status: string;
      revolving: boolean;
    }>(
      app.ctx.db,
      sql`SELECT customer_id::text AS customer_id, product_code, limit_fen::text AS limit_fen, available_fen::text AS available_fen, status, revolving
            FROM credit_lines WHERE customer_id = ANY(${`{${Object.values(ids).join(',')}}`}::bigint[]) ORDER BY customer_id, product_code`,
    );
    expect(lines).toHaveLength(6);
    const currentLine = lines.find((l) => Number(l.customer_id) === ids.current)!;
    const a = await loanOf('MIG-CUR-1');
    const b = await loanOf('MIG-CUR-2');
    expect(a.line_id).toBe(b.line_id);
    if (currentLine.revolving) {
      expect(BigInt(currentLine.available_fen)).toBe(200_000_00n - BigInt(a.outstanding as string) - BigInt(b.outstanding as string));
    }
    // the certificate is pledged to the 质押e贷 line; the guarantee is confirmed
    const pledge = await queryRows<{ cd_no: string; status: string }>(
      app.ctx.db,
      sql`SELECT cd_no, status FROM pledges WHERE customer_id = ${ids.pledged}`,
    );
    expect(pledge).toEqual([{ cd_no: cdNo, status: 'PLEDGED' }]);
    const cd = await queryOne<{ status: string }>(app.ctx.db, sql`SELECT status FROM core_certificates WHERE cd_no = ${cdNo}`);
    expect(cd?.status).toBe('PLEDGED');
    const guarantee = await queryRows<{ guarantor: string; status: string }>(
      app.ctx.db,
      sql`SELECT guarantor_customer_id::text AS guarantor, status FROM guarantees WHERE customer_id = ${ids.guaranteed}`,
    );
    expect(guarantee).toEqual([{ guarantor: String(ids.current), status: 'CONFIRMED' }]);

    // migrating the same loan numbers again is refused row by row
    const again = await upload('admin', [HEADER, rows['MIG-CUR-1'].cells]);
    expect(again.json().status).toBe('INVALID');
    const againErrors = await maker.get(`/api/v1/imports/${again.json().id}/errors?pageSize=10`);
    expect(againErrors.json().items.map((e: { code: string }) => e.code)).toContain('LOAN_NO_MIGRATED');
  });

  it('books each loan against the migration clearing account: the ledger equals the loans and the trial balance balances', async () => {
    const tb = await trialBalance(app.ctx.db, M);
    expect(tb.totalDebitFen).toBe(tb.totalCreditFen);
    const opening = await queryOne<{ dr: string; cr: string }>(
      app.ctx.db,
      sql`SELECT coalesce(sum(l.debit_fen), 0)::text AS dr, coalesce(sum(l.credit_fen), 0)::text AS cr
            FROM journal_lines l JOIN journal_entries e ON e.customer_id = l.customer_id AND e.id = l.entry_id
           WHERE e.event_type = 'LOAN_MIGRATION' AND l.account_code = '2999'
             AND l.customer_id = ANY(${`{${Object.values(ids).join(',')}}`}::bigint[])`,
    );
    let onBooks = 0n;
    for (const loanNo of Object.keys(rows)) {
      const l = await loanOf(loanNo);
      onBooks +=
        BigInt(l.outstanding as string) + (l.non_accrual ? 0n : BigInt(l.accrued as string) + BigInt(l.overdue_interest as string));
    }
    expect(BigInt(opening!.cr)).toBe(onBooks);
    const sorted = Object.values(ids).sort((x, y) => x - y);
    const range = {
      fromCustomerId: sorted[0],
      toCustomerId: sorted[sorted.length - 1] + 1,
      customerIds: kind === 'citus' ? sorted : null,
      bankKey: -1,
    };
    const check = await withTx(app.ctx.db, (tx) => findLoanMismatches(tx, M, range));
    expect(check.mismatches).toEqual([]);
    expect(check.loans).toBeGreaterThanOrEqual(7);
  });

  it('carries on through end-of-day: reconciled, NPL stays NPL, current loans accrue, the overdue loan ages', async () => {
    const admin = client(app.server, await loginAs(app.server, 'admin'));
    const before = await loanOf('MIG-CUR-1');
    const late = await loanOf('MIG-LATE-1');
    const day1 = await admin.post('/api/v1/eod/run', { to: addDays(M, 1) });
    expect(day1.statusCode, day1.body).toBe(200);
    const after1 = await loanOf('MIG-CUR-1');
    expect(BigInt(after1.accrued as string)).toBeGreaterThan(BigInt(before.accrued as string));
    // M's end-of-day keeps the dpd the old system reported for M, and the classes
    expect((await loanOf('MIG-LATE-1')).dpd).toBe(late.dpd);
    expect(await loanOf('MIG-NPL-1')).toMatchObject({ classification: 'SUBSTANDARD', non_accrual: true });
    expect(await loanOf('MIG-WAT-1')).toMatchObject({ classification: 'SUBSTANDARD' });
    const snapshot = await queryOne<{ n: string }>(
      app.ctx.db,
      sql`SELECT count(*)::text AS n FROM loan_daily_snapshots
           WHERE business_date = ${M}::date AND classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS')
             AND customer_id = ANY(${`{${Object.values(ids).join(',')}}`}::bigint[])`,
    );
    expect(Number(snapshot!.n)).toBe(2);
    const day2 = await admin.post('/api/v1/eod/run', { to: addDays(M, 2) });
    expect(day2.statusCode, day2.body).toBe(200);
    expect((await loanOf('MIG-LATE-1')).dpd).toBe((late.dpd as number) + 1);
    const tb = await trialBalance(app.ctx.db, addDays(M, 1));
    expect(tb.totalDebitFen).toBe(tb.totalCreditFen);
  });

  it('counts the migrated loans in the management report’s 累计发放 with their original principal, not as new loans', async () => {
    const exec = client(app.server, await loginAs(app.server, 'exec1'));
    const res = await exec.get(`/api/v1/reports/portfolio?date=${M}&groupBy=product`);
    expect(res.statusCode, res.body).toBe(200);
    const byProduct = Object.fromEntries(
      res
        .json()
        .items.map((r: { key: string; disbursedToDate: string; disbursedToDateCount: number; newLoansYtd: number }) => [
          r.key,
          [r.disbursedToDate, r.disbursedToDateCount, r.newLoansYtd],
        ]),
    );
    // each started before M (up to 400 days before): 60,000 + 30,000 + 80,000 + 20,000 信e贷, and one loan of each other product
    expect(byProduct).toMatchObject({
      XIN_E_DAI: ['190000.00', 4, 0],
      JI_E_DAI: ['50000.00', 1, 0],
      BAOZHENG_E_DAI: ['100000.00', 1, 0],
      ZHIYA_E_DAI: ['50000.00', 1, 0],
    });
  });
});
