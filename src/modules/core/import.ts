/**
 * Import type CORE_DEPOSITS: an extract of the core system's deposits, one file with two kinds of
 * rows — 活期 (a demand account: ID number, account number, balance, status) and 定期存单 (a
 * certificate of deposit: ID number, certificate number, principal, rate, open and maturity dates,
 * status). Rows name customers by ID number; unknown customers are errors (import customers first).
 * An extract is a snapshot: approval upserts every row (balances and statuses are replaced). A
 * certificate pledged in this system stays pledged: its pledge is released only by the loan.
 * A third kind of row, 贷款 (an offline loan booked in the core system: ID number, loan number, product
 * name, principal, maturity date, status), feeds core_offline_loans for the lobby module's renewal
 * invitations (0095); the loan's branch is the customer's.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryRows, type Tx } from '../../db/client.js';
import type { AppContext } from '../../context.js';
import { isIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError, isAppError } from '../../kernel/errors.js';
import { validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber } from '../../kernel/mask.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { formatRatePct, parseRatePct } from '../../kernel/rate.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { customerRefsByIdNumbers } from '../customers/index.js';
import type { ImportRow, ImportTypeSpec, RowError } from '../imports/index.js';
import { IMPORT_TARGET_TYPE } from '../review/index.js';
import { ACCOUNT_NO_RE, maskAccountNo } from './account-no.js';
import { isEmbeddedCore } from './adapter.js';
import { recordOfflineLoans } from './maturing-sources.js';

export const CORE_DEPOSITS_IMPORT = 'CORE_DEPOSITS';

const CHUNK = 1000;
const CD_NO_RE = /^[0-9A-Za-z-]{6,32}$/;

interface DemandRecord {
  kind: 'DEMAND';
  customerId: number;
  branchId: number;
  idMasked: string;
  accountNo: string;
  balanceFen: string;
  status: 'ACTIVE' | 'FROZEN' | 'CLOSED';
  openedOn: IsoDate | null;
}

interface CdRecord {
  kind: 'CD';
  customerId: number;
  idMasked: string;
  cdNo: string;
  principalFen: string;
  annualRatePct: string;
  openDate: IsoDate;
  maturityDate: IsoDate;
  status: 'ACTIVE' | 'FROZEN' | 'LOST' | 'CLOSED';
}

interface OfflineLoanImportRecord {
  kind: 'LOAN';
  customerId: number;
  branchId: number;
  idMasked: string;
  loanNo: string;
  productName: string;
  principalFen: string;
  maturityDate: IsoDate;
  status: 'ACTIVE' | 'SETTLED';
}

export type CoreDepositRecord = DemandRecord | CdRecord | OfflineLoanImportRecord;

const KIND: Record<string, 'DEMAND' | 'CD' | 'LOAN'> = {
  贷款: 'LOAN',
  线下贷款: 'LOAN',
  loan: 'LOAN',
  活期: 'DEMAND',
  活期存款: 'DEMAND',
  demand: 'DEMAND',
  定期存单: 'CD',
  定期: 'CD',
  存单: 'CD',
  cd: 'CD',
};
const DEMAND_STATUS: Record<string, DemandRecord['status']> = {
  正常: 'ACTIVE',
  冻结: 'FROZEN',
  销户: 'CLOSED',
  active: 'ACTIVE',
  frozen: 'FROZEN',
  closed: 'CLOSED',
};
const CD_STATUS: Record<string, CdRecord['status']> = {
  正常: 'ACTIVE',
  冻结: 'FROZEN',
  挂失: 'LOST',
  结清: 'CLOSED',
  已结清: 'CLOSED',
  active: 'ACTIVE',
  frozen: 'FROZEN',
  lost: 'LOST',
  closed: 'CLOSED',
};
const LOAN_STATUS: Record<string, OfflineLoanImportRecord['status']> = {
  正常: 'ACTIVE',
  结清: 'SETTLED',
  已结清: 'SETTLED',
  active: 'ACTIVE',
  settled: 'SETTLED',
};
const LOAN_NO_RE = /^[0-9A-Za-z-]{4,32}$/;
const STATUS_ZH: Record<string, string> = { ACTIVE: '正常', FROZEN: '冻结', CLOSED: '销户/结清', LOST: '挂失', SETTLED: '结清' };

/** Money cell: yuan with at most two decimals; thousands separators and a currency sign are tolerated. */
export function cellYuan(raw: string): bigint {
  return parseYuan(raw.replace(/[,，\s¥￥]/g, ''));
}

/** Date cell: YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 or YYYYMMDD; null when not a real date. */
export function cellDate(raw: string): IsoDate | null {
  const s = raw.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

function lookup<T>(table: Record<string, T>, raw: string): T | undefined {
  const s = raw.trim();
  return table[s] ?? table[s.toLowerCase()];
}

/** The CORE_DEPOSITS import type, for the composition root. */
export function coreImportType(): ImportTypeSpec<CoreDepositRecord> {
  return {
    type: CORE_DEPOSITS_IMPORT,
    nameZh: '核心系统存款数据',
    nameEn: 'Core deposits extract',
    checkerPermission: 'review:check:IMPORT_CORE',
    makerPermission: 'core:import',
    columns: [
      { key: 'kind', headers: ['类型', '记录类型', 'type', 'kind'], required: true, labelZh: '类型', labelEn: 'Type' },
      {
        key: 'idNumber',
        headers: ['身份证号', '身份证号码', 'id number', 'id_number'],
        required: true,
        labelZh: '身份证号',
        labelEn: 'ID number',
        pii: 'idNumber',
      },
      {
        key: 'accountNo',
        headers: ['账号', '活期账号', 'account no', 'account_no', 'accountNo'],
        required: false,
        labelZh: '账号',
        labelEn: 'Account no',
      },
      { key: 'balance', headers: ['余额(元)', '余额（元）', '余额', 'balance'], required: false, labelZh: '余额(元)', labelEn: 'Balance' },
      { key: 'status', headers: ['状态', 'status'], required: true, labelZh: '状态', labelEn: 'Status' },
      { key: 'cdNo', headers: ['存单号', '存单编号', 'cd no', 'cd_no', 'cdNo'], required: false, labelZh: '存单号', labelEn: 'CD no' },
      {
        key: 'principal',
        headers: ['本金(元)', '本金（元）', '本金', 'principal'],
        required: false,
        labelZh: '本金(元)',
        labelEn: 'Principal',
      },
      {
        key: 'rate',
        headers: ['年利率(%)', '年利率（%）', '年利率', 'annual rate', 'rate'],
        required: false,
        labelZh: '年利率(%)',
        labelEn: 'Annual rate %',
      },
      {
        key: 'openDate',
        headers: ['开户日', '开户日期', '起存日', 'open date', 'opened on'],
        required: false,
        labelZh: '开户日',
        labelEn: 'Open date',
      },
      {
        key: 'maturityDate',
        headers: ['到期日', '到期日期', 'maturity date'],
        required: false,
        labelZh: '到期日',
        labelEn: 'Maturity date',
      },
      {
        key: 'loanNo',
        headers: ['贷款号', '借据号', 'loan no', 'loan_no', 'loanNo'],
        required: false,
        labelZh: '贷款号',
        labelEn: 'Loan no',
      },
      { key: 'productName', headers: ['贷款产品', '产品名称', 'product'], required: false, labelZh: '贷款产品', labelEn: 'Loan product' },
    ],
    templateRows: [
      ['活期', '370882199001011231', '6223000100000000017', '52000.00', '正常', '', '', '', '2018-03-05', ''],
      ['定期存单', '370882199001011231', '', '', '正常', 'CD000000000101', '100000.00', '1.75', '2025-06-01', '2026-06-01'],
      ['贷款', '370882199001011231', '', '', '正常', '', '50000.00', '', '', '2026-08-20', 'XD20250001', '农户小额信用贷款'],
    ],
    describeRecord: (r) =>
      r.kind === 'LOAN'
        ? `线下贷款 ${r.loanNo}（${r.idMasked}）${r.productName} 本金 ${formatYuan(BigInt(r.principalFen))} 元，${r.maturityDate} 到期，${STATUS_ZH[r.status]}`
        : r.kind === 'DEMAND'
          ? `活期 ${maskAccountNo(r.accountNo)}（${r.idMasked}）余额 ${formatYuan(BigInt(r.balanceFen))} 元，${STATUS_ZH[r.status]}`
          : `定期存单 ${r.cdNo}（${r.idMasked}）本金 ${formatYuan(BigInt(r.principalFen))} 元，年利率 ${r.annualRatePct}%，${r.openDate} 至 ${r.maturityDate}，${STATUS_ZH[r.status]}`,
    validate: (tx, rows, _cmd, app) => validateRows(tx, app, rows),
    apply: async (tx, records, c) => {
      if (!isEmbeddedCore()) throw new AppError('SANDBOX_DISABLED');
      const demand = records.filter((r): r is DemandRecord => r.kind === 'DEMAND');
      const cds = records.filter((r): r is CdRecord => r.kind === 'CD');
      await assertNoForeignOwners(tx, demand, cds);
      const businessDate = await getBusinessDate(tx);
      await upsertDemand(
        tx,
        demand.filter((r) => r.openedOn !== null),
        businessDate,
        true,
      );
      await upsertDemand(
        tx,
        demand.filter((r) => r.openedOn === null),
        businessDate,
        false,
      );
      await upsertCertificates(tx, cds);
      const loans = records.filter((r): r is OfflineLoanImportRecord => r.kind === 'LOAN');
      await recordOfflineLoans(
        tx,
        loans.map((r) => ({ ...r, principalFen: BigInt(r.principalFen) })),
      );
      await auditCommand(
        tx,
        c.cmd,
        'core.deposits.import',
        { type: IMPORT_TARGET_TYPE, id: c.batchId },
        {
          accounts: demand.length,
          certificates: cds.length,
          offlineLoans: loans.length,
        },
      );
      return { applied: records.length };
    },
  };
}

function rowError(rowNo: number, field: string, value: string | null, code: string, zh: string, en: string): RowError {
  return { rowNo, field, value, code, messageZh: zh, messageEn: en };
}

async function validateRows(tx: Tx, ctx: AppContext, rows: ImportRow[]): Promise<{ errors: RowError[]; records: CoreDepositRecord[] }> {
  const errors: RowError[] = [];
  const records: CoreDepositRecord[] = [];
  const businessDate = await getBusinessDate(tx);
  const owners = await existingOwners(tx, rows);
  // the file's customers in one read per chunk (not two or three statements per customer)
  const customers = await customerRefsByIdNumbers(
    tx,
    ctx.crypto,
    rows.flatMap((r) => {
      const id = validateIdNumber(r.values.idNumber ?? '');
      return id.ok ? [id.value.idNumber] : [];
    }),
  );
  const seenAccounts = new Map<string, number>();
  const seenCds = new Map<string, number>();
  const seenLoans = new Map<string, number>();

  for (const { rowNo, values: v } of rows) {
    const before = errors.length;
    const fail = (field: string, value: string | null, code: string, zh: string, en: string) =>
      errors.push(rowError(rowNo, field, value, code, zh, en));

    const kind = lookup(KIND, v.kind ?? '');
    if (!kind)
      fail(
        'kind',
        v.kind ?? null,
        'INVALID_KIND',
        '类型应为“活期”“定期存单”或“贷款”',
        'Type must be 活期 (demand), 定期存单 (certificate of deposit) or 贷款 (offline loan)',
      );

    let customer: { id: number; branchId: number } | null = null;
    const id = validateIdNumber(v.idNumber ?? '');
    if (!id.ok) {
      fail('idNumber', v.idNumber ?? null, 'INVALID_ID_NUMBER', '身份证号码无效', 'Invalid resident ID number');
    } else {
      const idNumber = id.value.idNumber;
      customer = customers.get(idNumber) ?? null;
      if (!customer)
        fail(
          'idNumber',
          idNumber,
          'CUSTOMER_NOT_FOUND',
          '本行没有该身份证号的客户，请先导入客户',
          'No customer has this ID number; import the customer first',
        );
    }

    if (kind === 'LOAN') {
      const loanNo = (v.loanNo ?? '').trim();
      if (!LOAN_NO_RE.test(loanNo)) {
        fail(
          'loanNo',
          v.loanNo ?? null,
          'INVALID_LOAN_NO',
          '贷款号应为 4–32 位字母、数字或连字符',
          'The loan number must be 4–32 letters, digits or hyphens',
        );
      } else if (seenLoans.has(loanNo)) {
        fail(
          'loanNo',
          loanNo,
          'DUPLICATE_IN_FILE',
          `贷款号与第 ${seenLoans.get(loanNo)} 行重复`,
          `Duplicates row ${seenLoans.get(loanNo)}`,
        );
      } else {
        seenLoans.set(loanNo, rowNo);
      }
      const productName = (v.productName ?? '').trim();
      if (!productName || productName.length > 50)
        fail(
          'productName',
          v.productName ?? null,
          'INVALID_PRODUCT',
          '贷款产品名称必填（不超过 50 字）',
          'The loan product name is required (at most 50 characters)',
        );
      let principalFen = 0n;
      try {
        principalFen = cellYuan(v.principal ?? '');
      } catch {
        principalFen = 0n;
      }
      if (principalFen <= 0n)
        fail(
          'principal',
          v.principal ?? null,
          'INVALID_AMOUNT',
          '本金应为大于 0、最多两位小数的金额（元）',
          'Principal: yuan, positive, at most two decimals',
        );
      const maturityDate = cellDate(v.maturityDate ?? '');
      if (!maturityDate)
        fail('maturityDate', v.maturityDate ?? null, 'INVALID_DATE', '到期日格式应为 YYYY-MM-DD', 'Maturity date: YYYY-MM-DD');
      const status = lookup(LOAN_STATUS, v.status ?? '');
      if (!status) fail('status', v.status ?? null, 'INVALID_STATUS', '贷款状态应为 正常 或 结清', 'Loan status: 正常 or 结清');
      if (errors.length > before || !customer || !status || !maturityDate) continue;
      records.push({
        kind,
        customerId: customer.id,
        branchId: customer.branchId,
        idMasked: maskIdNumber(v.idNumber),
        loanNo,
        productName,
        principalFen: principalFen.toString(),
        maturityDate,
        status,
      });
    } else if (kind === 'DEMAND') {
      const accountNo = (v.accountNo ?? '').replace(/\s/g, '');
      if (!ACCOUNT_NO_RE.test(accountNo)) {
        fail('accountNo', v.accountNo ?? null, 'INVALID_ACCOUNT_NO', '账号应为 12–30 位数字', 'The account number must be 12–30 digits');
      } else if (seenAccounts.has(accountNo)) {
        fail(
          'accountNo',
          accountNo,
          'DUPLICATE_IN_FILE',
          `账号与第 ${seenAccounts.get(accountNo)} 行重复`,
          `Duplicates row ${seenAccounts.get(accountNo)}`,
        );
      } else {
        seenAccounts.set(accountNo, rowNo);
        const owner = owners.accounts.get(accountNo);
        if (customer && owner !== undefined && owner !== customer.id) {
          fail(
            'accountNo',
            accountNo,
            'ACCOUNT_OF_ANOTHER_CUSTOMER',
            '该账号已属于其他客户',
            'The account number belongs to another customer',
          );
        }
      }
      let balanceFen = 0n;
      try {
        balanceFen = cellYuan(v.balance ?? '');
      } catch {
        fail(
          'balance',
          v.balance ?? null,
          'INVALID_AMOUNT',
          '余额应为不小于 0、最多两位小数的金额（元）',
          'Balance: yuan, not negative, at most two decimals',
        );
      }
      const status = lookup(DEMAND_STATUS, v.status ?? '');
      if (!status)
        fail(
          'status',
          v.status ?? null,
          'INVALID_STATUS',
          '活期账户状态应为 正常、冻结 或 销户',
          'Demand account status: 正常, 冻结 or 销户',
        );
      let openedOn: IsoDate | null = null;
      if ((v.openDate ?? '').trim()) {
        openedOn = cellDate(v.openDate);
        if (!openedOn || openedOn > businessDate) {
          fail(
            'openDate',
            v.openDate,
            'INVALID_DATE',
            '开户日应为不晚于当前营业日期的日期（YYYY-MM-DD）',
            'Open date: YYYY-MM-DD, not after the business date',
          );
        }
      }
      if (errors.length > before || !customer || !status) continue;
      records.push({
        kind,
        customerId: customer.id,
        branchId: customer.branchId,
        idMasked: maskIdNumber(v.idNumber),
        accountNo,
        balanceFen: balanceFen.toString(),
        status,
        openedOn,
      });
    } else if (kind === 'CD') {
      const cdNo = (v.cdNo ?? '').trim();
      let pledged = false;
      if (!CD_NO_RE.test(cdNo)) {
        fail(
          'cdNo',
          v.cdNo ?? null,
          'INVALID_CD_NO',
          '存单号应为 6–32 位字母、数字或连字符',
          'The certificate number must be 6–32 letters, digits or hyphens',
        );
      } else if (seenCds.has(cdNo)) {
        fail('cdNo', cdNo, 'DUPLICATE_IN_FILE', `存单号与第 ${seenCds.get(cdNo)} 行重复`, `Duplicates row ${seenCds.get(cdNo)}`);
      } else {
        seenCds.set(cdNo, rowNo);
        const owner = owners.cds.get(cdNo);
        if (customer && owner && owner.customerId !== customer.id) {
          fail('cdNo', cdNo, 'CD_OF_ANOTHER_CUSTOMER', '该存单号已属于其他客户', 'The certificate belongs to another customer');
        }
        pledged = owner?.status === 'PLEDGED';
      }
      let principalFen = 0n;
      try {
        principalFen = cellYuan(v.principal ?? '');
      } catch {
        principalFen = 0n;
      }
      if (principalFen <= 0n)
        fail(
          'principal',
          v.principal ?? null,
          'INVALID_AMOUNT',
          '本金应为大于 0、最多两位小数的金额（元）',
          'Principal: yuan, positive, at most two decimals',
        );
      let annualRatePct = '';
      try {
        annualRatePct = formatRatePct(parseRatePct((v.rate ?? '').replace(/[%％\s]/g, '')));
      } catch (e) {
        if (!isAppError(e)) throw e;
        fail(
          'rate',
          v.rate ?? null,
          'INVALID_RATE',
          '年利率应为 0–100 之间的百分数，如 1.75',
          'Annual rate: a percentage from 0 to 100, e.g. 1.75',
        );
      }
      const openDate = cellDate(v.openDate ?? '');
      if (!openDate || openDate > businessDate) {
        fail(
          'openDate',
          v.openDate ?? null,
          'INVALID_DATE',
          '开户日应为不晚于当前营业日期的日期（YYYY-MM-DD）',
          'Open date: YYYY-MM-DD, not after the business date',
        );
      }
      const maturityDate = cellDate(v.maturityDate ?? '');
      if (!maturityDate) {
        fail('maturityDate', v.maturityDate ?? null, 'INVALID_DATE', '到期日格式应为 YYYY-MM-DD', 'Maturity date: YYYY-MM-DD');
      } else if (openDate && maturityDate <= openDate) {
        fail('maturityDate', v.maturityDate, 'MATURITY_BEFORE_OPEN', '到期日须晚于开户日', 'The maturity date must be after the open date');
      }
      const status = lookup(CD_STATUS, v.status ?? '');
      if (!status) {
        fail(
          'status',
          v.status ?? null,
          'INVALID_STATUS',
          '存单状态应为 正常、冻结、挂失 或 结清',
          'Certificate status: 正常, 冻结, 挂失 or 结清',
        );
      } else if (pledged && status !== 'ACTIVE') {
        fail(
          'status',
          v.status,
          'CD_PLEDGED',
          '该存单已在本系统质押，须先解除质押才能变更状态',
          'The certificate is pledged here; release the pledge before changing its status',
        );
      }
      if (errors.length > before || !customer || !status || !openDate || !maturityDate) continue;
      records.push({
        kind,
        customerId: customer.id,
        idMasked: maskIdNumber(v.idNumber),
        cdNo,
        principalFen: principalFen.toString(),
        annualRatePct,
        openDate,
        maturityDate,
        status,
      });
    }
  }
  return { errors, records: errors.length > 0 ? [] : records };
}

/** Who holds the file's account and certificate numbers already (by number, across customers). */
async function existingOwners(
  tx: Tx,
  rows: ImportRow[],
): Promise<{ accounts: Map<string, number>; cds: Map<string, { customerId: number; status: string }> }> {
  const accountNos = [...new Set(rows.map((r) => (r.values.accountNo ?? '').replace(/\s/g, '')).filter((s) => ACCOUNT_NO_RE.test(s)))];
  const cdNos = [...new Set(rows.map((r) => (r.values.cdNo ?? '').trim()).filter((s) => CD_NO_RE.test(s)))];
  const accounts = new Map<string, number>();
  const cds = new Map<string, { customerId: number; status: string }>();
  for (let i = 0; i < accountNos.length; i += CHUNK) {
    const found = await queryRows<{ account_no: string; customer_id: string }>(
      tx,
      sql`SELECT account_no, customer_id::text AS customer_id FROM core_account_numbers
          WHERE account_no IN (SELECT jsonb_array_elements_text(${JSON.stringify(accountNos.slice(i, i + CHUNK))}::jsonb))`,
    );
    for (const f of found) accounts.set(f.account_no, Number(f.customer_id));
  }
  for (let i = 0; i < cdNos.length; i += CHUNK) {
    const found = await queryRows<{ cd_no: string; customer_id: string; status: string }>(
      tx,
      sql`SELECT cd_no, customer_id::text AS customer_id, status FROM core_certificates
          WHERE cd_no IN (SELECT jsonb_array_elements_text(${JSON.stringify(cdNos.slice(i, i + CHUNK))}::jsonb))`,
    );
    for (const f of found) cds.set(f.cd_no, { customerId: Number(f.customer_id), status: f.status });
  }
  return { accounts, cds };
}

/** At approval: numbers given to another customer since the upload make the batch inapplicable. */
async function assertNoForeignOwners(tx: Tx, demand: DemandRecord[], cds: CdRecord[]): Promise<void> {
  const rows: ImportRow[] = [
    ...demand.map((r, i) => ({ rowNo: i, values: { accountNo: r.accountNo } })),
    ...cds.map((r, i) => ({ rowNo: i, values: { cdNo: r.cdNo } })),
  ];
  const owners = await existingOwners(tx, rows);
  const clash =
    demand.find((r) => (owners.accounts.get(r.accountNo) ?? r.customerId) !== r.customerId) ??
    cds.find((r) => (owners.cds.get(r.cdNo)?.customerId ?? r.customerId) !== r.customerId);
  if (clash) throw new AppError('REVIEW_APPLY_FAILED', { reason: 'NUMBER_OF_ANOTHER_CUSTOMER' });
}

async function upsertDemand(tx: Tx, records: DemandRecord[], businessDate: IsoDate, withOpenDate: boolean): Promise<void> {
  for (let i = 0; i < records.length; i += CHUNK) {
    await claimAccountNumbers(tx, records.slice(i, i + CHUNK));
    await tx.execute(
      sql`INSERT INTO core_demand_accounts (customer_id, account_no, branch_id, balance_fen, status, opened_on, created_at, updated_at)
          SELECT (x->>'customerId')::bigint, x->>'accountNo', (x->>'branchId')::bigint, (x->>'balanceFen')::bigint,
                 x->>'status', coalesce((x->>'openedOn')::date, ${businessDate}::date), ${nowParam()}, ${nowParam()}
          FROM jsonb_array_elements(${JSON.stringify(records.slice(i, i + CHUNK))}::jsonb) AS x
          ON CONFLICT (customer_id, account_no) DO UPDATE
            SET balance_fen = EXCLUDED.balance_fen, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
                ${withOpenDate ? sql`, opened_on = EXCLUDED.opened_on` : sql``}`,
    );
  }
}

/**
 * The records' account numbers claimed in the bank's directory of numbers (core_account_numbers) for
 * their customers; a number another customer holds — even one claimed since the batch was validated —
 * refuses the whole batch (REVIEW_APPLY_FAILED), so no number ever names two customers' accounts.
 */
async function claimAccountNumbers(tx: Tx, records: DemandRecord[]): Promise<void> {
  const holders = await queryRows<{ account_no: string; customer_id: string }>(
    tx,
    sql`INSERT INTO core_account_numbers (account_no, customer_id)
        SELECT x->>'accountNo', (x->>'customerId')::bigint
          FROM jsonb_array_elements(${JSON.stringify(records.map((r) => ({ accountNo: r.accountNo, customerId: r.customerId })))}::jsonb) AS x
        ON CONFLICT (account_no) DO UPDATE SET customer_id = core_account_numbers.customer_id
        RETURNING account_no, customer_id::text AS customer_id`,
  );
  const wanted = new Map(records.map((r) => [r.accountNo, r.customerId]));
  if (holders.some((h) => wanted.get(h.account_no) !== Number(h.customer_id)))
    throw new AppError('REVIEW_APPLY_FAILED', { reason: 'NUMBER_OF_ANOTHER_CUSTOMER' });
}

async function upsertCertificates(tx: Tx, records: CdRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += CHUNK) {
    await tx.execute(
      sql`INSERT INTO core_certificates (customer_id, cd_no, principal_fen, annual_rate_pct, open_date, maturity_date, status, created_at, updated_at)
          SELECT (x->>'customerId')::bigint, x->>'cdNo', (x->>'principalFen')::bigint, (x->>'annualRatePct')::numeric,
                 (x->>'openDate')::date, (x->>'maturityDate')::date, x->>'status', ${nowParam()}, ${nowParam()}
          FROM jsonb_array_elements(${JSON.stringify(records.slice(i, i + CHUNK))}::jsonb) AS x
          ON CONFLICT (customer_id, cd_no) DO UPDATE
            SET principal_fen = EXCLUDED.principal_fen, annual_rate_pct = EXCLUDED.annual_rate_pct,
                open_date = EXCLUDED.open_date, maturity_date = EXCLUDED.maturity_date,
                -- a pledge recorded here survives the snapshot (validation refused other statuses)
                status = CASE WHEN core_certificates.status = 'PLEDGED' THEN 'PLEDGED' ELSE EXCLUDED.status END,
                updated_at = EXCLUDED.updated_at`,
    );
  }
}
