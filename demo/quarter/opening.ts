/**
 * The opening book at the go-live date 2025-12-31: what a bank brings into Huinong when it goes live, through the same
 * import-and-review path a migration uses — the staff roster (STAFF), then (opening-book.ts) the
 * customers, their deposits and certificates, and the online loans with their credit lines.
 */
import { DEMO_OPENING_DATE } from '../bank.js';
import { onlineLoansHeader } from '../../src/modules/origination/index.js';
import { outstandingText, type Book } from './book.js';
import { csv, importAndApprove } from './imports.js';
import { demoRoster } from './org.js';
import type { Sim } from './sim.js';

/** The roster beyond the demo users, imported by admin and approved by admin2. */
export async function importRoster(sim: Sim): Promise<number> {
  const roster = demoRoster(sim.seed);
  sim.at('08:40');
  await importAndApprove(sim, {
    type: 'STAFF',
    filename: '员工名单-2025-12-31.csv',
    maker: 'admin',
    checker: 'admin2',
    bytes: csv(
      ['用户名', '姓名', '机构代码', '手机号', '角色'],
      roster.map((m) => [m.username, m.name, m.branch, m.mobile, m.roles.join(',')]),
    ),
  });
  sim.count('staff.imported', roster.length);
  return roster.length;
}

interface StaffPage {
  items: Array<{ id: number; username: string }>;
  total: number;
}

/** Staff ids by username (the customer list names officers by staff id, as a core extract does). */
export async function staffIds(sim: Sim): Promise<Map<string, number>> {
  const admin = await sim.as('admin');
  const ids = new Map<string, number>();
  for (let page = 1; ; page++) {
    const p = await admin.get<StaffPage>(`/api/v1/staff?page=${page}&pageSize=200`);
    for (const s of p.items) ids.set(s.username, s.id);
    if (page * 200 >= p.total) break;
  }
  return ids;
}

/** The book's customers (CUSTOMERS) and their deposits and certificates (CORE_DEPOSITS), each through review. */
export async function importCustomersAndDeposits(sim: Sim, book: Book): Promise<void> {
  const ids = await staffIds(sim);
  sim.at('09:00');
  await importAndApprove(sim, {
    type: 'CUSTOMERS',
    filename: '存量客户-2025-12-31.csv',
    maker: 'admin',
    checker: 'admin2',
    bytes: csv(
      ['姓名', '身份证号', '手机号', '职业', '月收入(元)', '客户经理工号', '所属机构代码'],
      book.customers.map((c) => [
        c.person.name,
        c.person.idNumber,
        c.person.mobile,
        c.occupation,
        `${c.monthlyIncomeYuan}.00`,
        ids.get(c.officer) ?? null,
        c.branch,
      ]),
    ),
  });
  sim.count('opening.customers', book.customers.length);
  sim.at('09:30');
  const rows: Array<Array<string | number | null>> = [];
  for (const c of book.customers) {
    rows.push(['活期', c.person.idNumber, c.accountNo, `${c.demandYuan}.00`, '正常', '', '', '', '', '']);
    for (const cd of c.cds)
      rows.push([
        '定期存单',
        c.person.idNumber,
        '',
        '',
        '正常',
        cd.cdNo,
        `${cd.principalYuan}.00`,
        cd.ratePct,
        cd.openDate,
        cd.maturityDate,
      ]);
  }
  await importAndApprove(sim, {
    type: 'CORE_DEPOSITS',
    filename: '核心存款-2025-12-31.csv',
    maker: 'admin',
    checker: 'admin2',
    bytes: csv(['类型', '身份证号', '账号', '余额(元)', '状态', '存单号', '本金(元)', '年利率(%)', '开户日', '到期日'], rows),
  });
  sim.count(
    'opening.certificates',
    book.customers.reduce((s, c) => s + c.cds.length, 0),
  );
}

/** The online loans and their lines (ONLINE_LOANS), uploaded by admin and approved by admin2. */
export async function importLoans(sim: Sim, book: Book): Promise<void> {
  sim.at('10:00');
  const rows: Array<Array<string | number | null>> = [];
  for (const c of book.customers)
    for (const l of c.loans)
      rows.push([
        c.person.idNumber,
        l.product,
        `${l.lineLimitYuan}.00`,
        l.lineExpiry,
        l.loanNo,
        `${l.principalYuan}.00`,
        l.startDate,
        l.termMonths,
        l.method,
        l.ratePct,
        outstandingText(l, DEMO_OPENING_DATE),
        l.dpd,
        null,
        c.officer,
        l.cdNo ?? null,
        l.guarantor === undefined ? null : book.customers[l.guarantor].person.idNumber,
      ]);
  await importAndApprove(sim, {
    type: 'ONLINE_LOANS',
    filename: '存量网贷-2025-12-31.csv',
    maker: 'admin',
    checker: 'admin2',
    bytes: csv(onlineLoansHeader(), rows),
  });
  sim.count('opening.loans', rows.length);
}
