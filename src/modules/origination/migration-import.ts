/**
 * Import type ONLINE_LOANS (存量网贷迁移): a bank's existing online loans and their credit lines,
 * taken over from its old online-loan system through the import-and-review path (docs/lending-modules.md
 * "Existing online loans"). One row per loan; the migration date is the business date, before its
 * end-of-day.
 *
 * Each row is checked against the schedule Huinong would have built (loans' migratedLoanState): the
 * outstanding principal must be what the schedule leaves unpaid, the dpd must fall on a due date, the
 * class must not be looser than the dpd floor. Rows of one customer and product share one credit line.
 * Approval writes lines, pledges (the certificates become pledged), confirmed guarantees, loans with
 * their schedule and servicing state, their drawdowns (dated the loans' start) and each loan's opening
 * entry — DR 1301 / DR 1302 / CR 2999 存量迁移过渡 (non-accrual interest DR 7001 / CR 7002) — all in the
 * approval's transaction: everything or nothing.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryRows, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import type { IsoDate } from '../../kernel/dates.js';
import { AppError, isAppError } from '../../kernel/errors.js';
import { validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber } from '../../kernel/mask.js';
import { formatYuan } from '../../kernel/money.js';
import { staffIdByUsername } from '../access/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { activeDemandAccountsOf, certificatesByNumbers, core } from '../core/index.js';
import { customerIdsByIdNumberHash, customerOwnersSource, maskedNames } from '../customers/index.js';
import type { ImportRow, ImportTypeSpec, RowError } from '../imports/index.js';
import { postBulkEntries } from '../ledger/index.js';
import {
  migratedClassification,
  migratedLoanState,
  openMigratedLoans,
  type Classification,
  type MigratedLoanInput,
  type MigratedLoanState,
} from '../loans/index.js';
import { getProductParams, type ProductParams, type RepaymentMethod } from '../products/index.js';
import { IMPORT_TARGET_TYPE } from '../review/index.js';
import { getServicingParams } from '../servicing-params/index.js';
import { CLASS_ZH, METHOD_ZH, cellClass, cellDate, cellInt, cellMethod, cellRatePct, cellYuan } from './migration-rows.js';

export const ONLINE_LOANS_IMPORT = 'ONLINE_LOANS';

const LOAN_NO_RE = /^[0-9A-Za-z-]{4,40}$/;
const CD_NO_RE = /^[0-9A-Za-z-]{6,32}$/;
const CHUNK = 2000;

/** One approved row: the loan and its line's terms (amounts in fen as strings, JSON-serialisable). */
export interface OnlineLoanRecord {
  rowNo: number;
  migrationDate: IsoDate;
  customerId: number;
  branchId: number;
  officerId: number | null;
  idMasked: string;
  productCode: string;
  lineLimitFen: string;
  lineExpiry: IsoDate;
  loanNo: string;
  principalFen: string;
  startDate: IsoDate;
  termMonths: number;
  method: RepaymentMethod;
  annualRatePct: string;
  outstandingFen: string;
  dpd: number;
  classification: Classification;
  manualClassification: Classification | null;
  nonAccrual: boolean;
  cdNo: string | null;
  guarantorCustomerId: number | null;
}

function rowError(rowNo: number, field: string, value: string | null, code: string, zh: string, en: string): RowError {
  return { rowNo, field, value, code, messageZh: zh, messageEn: en };
}

/** The ONLINE_LOANS import type, for the composition root. */
export function onlineLoansImportType(): ImportTypeSpec<OnlineLoanRecord> {
  return {
    type: ONLINE_LOANS_IMPORT,
    nameZh: '存量网贷迁移',
    nameEn: 'Existing online loans (migration)',
    checkerPermission: 'review:check:IMPORT_LOANS',
    makerPermission: 'loan:migrate',
    columns: [
      {
        key: 'idNumber',
        headers: ['客户身份证号', '身份证号', '身份证号码', 'id number', 'id_number'],
        required: true,
        labelZh: '客户身份证号',
        labelEn: 'Customer ID number',
        pii: 'idNumber',
      },
      {
        key: 'productCode',
        headers: ['产品代码', '产品', 'product', 'product code'],
        required: true,
        labelZh: '产品代码',
        labelEn: 'Product',
      },
      {
        key: 'lineLimit',
        headers: ['授信额度', '授信额度(元)', '授信额度（元）', 'credit limit', 'limit'],
        required: true,
        labelZh: '授信额度',
        labelEn: 'Credit limit',
      },
      {
        key: 'lineExpiry',
        headers: ['授信到期日', '额度到期日', 'line expiry', 'limit expiry'],
        required: true,
        labelZh: '授信到期日',
        labelEn: 'Line expiry',
      },
      { key: 'loanNo', headers: ['借据号', '贷款号', 'loan no', 'loan_no'], required: true, labelZh: '借据号', labelEn: 'Loan no' },
      {
        key: 'principal',
        headers: ['贷款本金', '贷款本金(元)', '贷款本金（元）', '本金', 'principal'],
        required: true,
        labelZh: '贷款本金',
        labelEn: 'Principal',
      },
      {
        key: 'startDate',
        headers: ['放款日', '放款日期', '起息日', 'start date'],
        required: true,
        labelZh: '放款日',
        labelEn: 'Start date',
      },
      {
        key: 'termMonths',
        headers: ['期限月数', '期限(月)', '期限（月）', 'term months', 'term'],
        required: true,
        labelZh: '期限月数',
        labelEn: 'Term (months)',
      },
      {
        key: 'method',
        headers: ['还款方式', 'repayment method', 'method'],
        required: true,
        labelZh: '还款方式',
        labelEn: 'Repayment method',
      },
      {
        key: 'rate',
        headers: ['年利率', '年利率(%)', '年利率（%）', 'annual rate', 'rate'],
        required: true,
        labelZh: '年利率(%)',
        labelEn: 'Annual rate %',
      },
      {
        key: 'outstanding',
        headers: ['贷款余额', '贷款余额(元)', '贷款余额（元）', 'outstanding', 'balance'],
        required: true,
        labelZh: '贷款余额',
        labelEn: 'Outstanding principal',
      },
      { key: 'dpd', headers: ['逾期天数', 'dpd', 'days past due'], required: true, labelZh: '逾期天数', labelEn: 'Days past due' },
      { key: 'classification', headers: ['五级分类', 'classification'], required: false, labelZh: '五级分类', labelEn: 'Classification' },
      { key: 'officer', headers: ['客户经理', 'officer', 'loan officer'], required: false, labelZh: '客户经理', labelEn: 'Loan officer' },
      {
        key: 'cdNo',
        headers: ['质押存单号', '存单号', 'pledged cd', 'cd no'],
        required: false,
        labelZh: '质押存单号',
        labelEn: 'Pledged CD no',
      },
      {
        key: 'guarantorIdNumber',
        headers: ['保证人身份证号', '担保人身份证号', 'guarantor id number'],
        required: false,
        labelZh: '保证人身份证号',
        labelEn: 'Guarantor ID number',
        pii: 'idNumber',
      },
    ],
    templateRows: [
      [
        '370882199001011231',
        'XIN_E_DAI',
        '100000.00',
        '2027-06-30',
        'XD2025060001',
        '60000.00',
        '2025-06-15',
        '12',
        '等额本息',
        '7.2',
        '30538.32',
        '0',
        '',
        'officer1',
        '',
        '',
      ],
    ],
    describeRecord: (r) =>
      `借据 ${r.loanNo}（${r.idMasked}）${r.productCode} 本金 ${formatYuan(BigInt(r.principalFen))} 元，${r.startDate} 起 ${r.termMonths} 个月，` +
      `${METHOD_ZH[r.method]}，年利率 ${r.annualRatePct}%，余额 ${formatYuan(BigInt(r.outstandingFen))} 元，逾期 ${r.dpd} 天，${CLASS_ZH[r.classification]}`,
    validate: (tx, rows, _cmd, app) => validateRows(tx, app, rows),
    apply: (tx, records, c) => applyRecords(tx, records, c.batchId, c.cmd),
  };
}

// ---------------------------------------------------------------------------------------------
// validation

interface CustomerFacts {
  id: number;
  branchId: number;
  officerId: number | null;
}

async function validateRows(tx: Tx, app: AppContext, rows: ImportRow[]): Promise<{ errors: RowError[]; records: OnlineLoanRecord[] }> {
  const errors: RowError[] = [];
  const records: OnlineLoanRecord[] = [];
  const M = await getBusinessDate(tx);
  const servicing = await getServicingParams(tx, M);

  // customers (borrowers and guarantors) by their ID numbers' lookup hashes, in bulk
  const hashOf = new Map<string, string>();
  for (const { values: v } of rows) {
    for (const raw of [v.idNumber ?? '', v.guarantorIdNumber ?? '']) {
      const id = validateIdNumber(raw);
      if (id.ok && !hashOf.has(id.value.idNumber)) hashOf.set(id.value.idNumber, app.crypto.lookupHash(id.value.idNumber));
    }
  }
  const idsByHash = await customerIdsByIdNumberHash(tx, [...new Set(hashOf.values())]);
  const customers = await customerFacts(tx, [...idsByHash.values()]);
  const customerOf = (idNumber: string): CustomerFacts | null => {
    const h = hashOf.get(idNumber);
    const id = h === undefined ? undefined : idsByHash.get(h);
    return id === undefined ? null : (customers.get(id) ?? null);
  };

  const products = new Map<string, ProductParams | null>();
  const productOf = async (code: string): Promise<ProductParams | null> => {
    if (!products.has(code)) {
      try {
        products.set(code, await getProductParams(tx, code, M));
      } catch (e) {
        if (!isAppError(e) || e.code !== 'PRODUCT_NOT_FOUND') throw e;
        products.set(code, null);
      }
    }
    return products.get(code) ?? null;
  };
  const officers = new Map<string, number | null>();
  const officerOf = async (username: string): Promise<number | null> => {
    if (!officers.has(username)) officers.set(username, await staffIdByUsername(tx, username));
    return officers.get(username) ?? null;
  };

  const loanNosInDb = await migratedLoanNos(
    tx,
    rows.map((r) => (r.values.loanNo ?? '').trim()).filter((s) => LOAN_NO_RE.test(s)),
  );
  const cdNos = rows.map((r) => (r.values.cdNo ?? '').trim()).filter((s) => CD_NO_RE.test(s));
  const cds = new Map((await certificatesByNumbers(tx, cdNos, [...idsByHash.values()])).map((c) => [c.cdNo, c]));
  const seenLoans = new Map<string, number>();
  const seenCds = new Map<string, number>();

  for (const { rowNo, values: v } of rows) {
    const before = errors.length;
    const fail = (field: string, value: string | null, code: string, zh: string, en: string) =>
      errors.push(rowError(rowNo, field, value, code, zh, en));

    let customer: CustomerFacts | null = null;
    const id = validateIdNumber(v.idNumber ?? '');
    if (!id.ok) fail('idNumber', v.idNumber ?? null, 'INVALID_ID_NUMBER', '身份证号码无效', 'Invalid resident ID number');
    else {
      customer = customerOf(id.value.idNumber);
      if (!customer)
        fail(
          'idNumber',
          id.value.idNumber,
          'CUSTOMER_NOT_FOUND',
          '本行没有该身份证号的客户，请先导入客户',
          'No customer has this ID number; import the customer first',
        );
    }

    const productCode = (v.productCode ?? '').trim().toUpperCase();
    const product = productCode ? await productOf(productCode) : null;
    if (!product)
      fail(
        'productCode',
        v.productCode ?? null,
        'UNKNOWN_PRODUCT',
        '产品代码应为 XIN_E_DAI、XIN_E_KUAI_DAI、JI_E_DAI、BAOZHENG_E_DAI 或 ZHIYA_E_DAI',
        'Product: XIN_E_DAI, XIN_E_KUAI_DAI, JI_E_DAI, BAOZHENG_E_DAI or ZHIYA_E_DAI',
      );

    const money = (field: string, zh: string, en: string): bigint | null => {
      try {
        const f = cellYuan(v[field] ?? '');
        if (f > 0n) return f;
      } catch {
        // reported below
      }
      fail(
        field,
        v[field] ?? null,
        'INVALID_AMOUNT',
        `${zh}应为大于 0、最多两位小数的金额（元）`,
        `${en}: yuan, positive, at most two decimals`,
      );
      return null;
    };
    const lineLimitFen = money('lineLimit', '授信额度', 'Credit limit');
    const principalFen = money('principal', '贷款本金', 'Principal');
    const outstandingFen = money('outstanding', '贷款余额', 'Outstanding principal');

    const lineExpiry = cellDate(v.lineExpiry ?? '');
    if (!lineExpiry) fail('lineExpiry', v.lineExpiry ?? null, 'INVALID_DATE', '授信到期日格式应为 YYYY-MM-DD', 'Line expiry: YYYY-MM-DD');
    const startDate = cellDate(v.startDate ?? '');
    if (!startDate) fail('startDate', v.startDate ?? null, 'INVALID_DATE', '放款日格式应为 YYYY-MM-DD', 'Start date: YYYY-MM-DD');
    else if (startDate > M)
      fail(
        'startDate',
        v.startDate,
        'START_AFTER_MIGRATION',
        `放款日不能晚于迁移日（当前营业日期 ${M}）`,
        `The start date is after the migration date ${M}`,
      );

    const loanNo = (v.loanNo ?? '').trim();
    if (!LOAN_NO_RE.test(loanNo))
      fail(
        'loanNo',
        v.loanNo ?? null,
        'INVALID_LOAN_NO',
        '借据号应为 4–40 位字母、数字或连字符',
        'The loan number must be 4–40 letters, digits or hyphens',
      );
    else if (seenLoans.has(loanNo))
      fail('loanNo', loanNo, 'DUPLICATE_IN_FILE', `借据号与第 ${seenLoans.get(loanNo)} 行重复`, `Duplicates row ${seenLoans.get(loanNo)}`);
    else {
      seenLoans.set(loanNo, rowNo);
      if (loanNosInDb.has(loanNo)) fail('loanNo', loanNo, 'LOAN_NO_MIGRATED', '该借据号已迁移', 'This loan number was migrated already');
    }

    const termMonths = cellInt(v.termMonths ?? '');
    if (termMonths === null || termMonths < 1 || termMonths > 360)
      fail('termMonths', v.termMonths ?? null, 'INVALID_TERM', '期限月数应为 1–360 的整数', 'Term: a whole number of months, 1–360');
    const method = cellMethod(v.method ?? '');
    if (!method)
      fail(
        'method',
        v.method ?? null,
        'INVALID_METHOD',
        '还款方式应为 等额本息、等额本金、按月付息到期还本 或 利随本清',
        'Method: EQUAL_INSTALLMENT, EQUAL_PRINCIPAL, MONTHLY_INTEREST or BULLET',
      );
    const annualRatePct = cellRatePct(v.rate ?? '');
    if (annualRatePct === null)
      fail('rate', v.rate ?? null, 'INVALID_RATE', '年利率应为 0–100 之间的百分数，如 7.2', 'Annual rate: a percentage, e.g. 7.2');
    const dpd = cellInt(v.dpd ?? '');
    if (dpd === null) fail('dpd', v.dpd ?? null, 'INVALID_DPD', '逾期天数应为不小于 0 的整数', 'Days past due: a whole number ≥ 0');
    const imported = cellClass(v.classification ?? '');
    if (imported === undefined)
      fail(
        'classification',
        v.classification ?? null,
        'INVALID_CLASSIFICATION',
        '五级分类应为 正常、关注、次级、可疑 或 损失',
        'Class: 正常, 关注, 次级, 可疑 or 损失',
      );

    let officerId: number | null = customer?.officerId ?? null;
    const officer = (v.officer ?? '').trim();
    if (officer) {
      officerId = await officerOf(officer.toLowerCase());
      if (officerId === null) fail('officer', officer, 'UNKNOWN_OFFICER', '没有该用户名的员工', 'No staff member has this username');
    }

    // the pledged certificate (质押e贷 only)
    const cdNo = (v.cdNo ?? '').trim();
    if (product?.kind === 'PLEDGE') {
      const cd = cds.get(cdNo);
      if (!cdNo) fail('cdNo', null, 'CD_REQUIRED', '质押e贷须填写质押存单号', 'A pledge loan needs its pledged CD number');
      else if (seenCds.has(cdNo))
        fail('cdNo', cdNo, 'DUPLICATE_IN_FILE', `存单号与第 ${seenCds.get(cdNo)} 行重复`, `Duplicates row ${seenCds.get(cdNo)}`);
      else if (!cd)
        fail('cdNo', cdNo, 'CD_NOT_FOUND', '没有该存单，请先导入核心系统存款数据', 'No such certificate; import the core deposits first');
      else if (customer && cd.customerId !== customer.id)
        fail('cdNo', cdNo, 'CD_OF_ANOTHER_CUSTOMER', '该存单属于其他客户', 'The certificate belongs to another customer');
      else if (cd.status !== 'ACTIVE')
        fail(
          'cdNo',
          cdNo,
          'CD_NOT_PLEDGEABLE',
          `该存单状态为 ${cd.status}，不能质押`,
          `The certificate is ${cd.status}: it cannot be pledged`,
        );
      else if (cd.maturityDate <= M) fail('cdNo', cdNo, 'CD_NOT_PLEDGEABLE', '该存单已到期，不能质押', 'The certificate has matured');
      if (cdNo) seenCds.set(cdNo, seenCds.get(cdNo) ?? rowNo);
    } else if (cdNo && product) {
      fail('cdNo', cdNo, 'CD_NOT_FOR_PRODUCT', '只有质押e贷可填写质押存单号', 'Only a pledge loan takes a pledged CD');
    }

    // the guarantor (保证e贷 only)
    let guarantorCustomerId: number | null = null;
    const guarantorRaw = (v.guarantorIdNumber ?? '').trim();
    if (product?.kind === 'GUARANTEE') {
      const g = validateIdNumber(guarantorRaw);
      const guarantor = g.ok ? customerOf(g.value.idNumber) : null;
      if (!g.ok)
        fail(
          'guarantorIdNumber',
          guarantorRaw || null,
          'GUARANTOR_REQUIRED',
          '保证e贷须填写有效的保证人身份证号',
          'A guaranteed loan needs its guarantor’s ID number',
        );
      else if (!guarantor)
        fail(
          'guarantorIdNumber',
          g.value.idNumber,
          'GUARANTOR_NOT_FOUND',
          '保证人不是本行客户，请先导入客户',
          'The guarantor is not a customer; import them first',
        );
      else if (customer && guarantor.id === customer.id)
        fail(
          'guarantorIdNumber',
          g.value.idNumber,
          'GUARANTOR_IS_BORROWER',
          '保证人不能是借款人本人',
          'The guarantor cannot be the borrower',
        );
      else guarantorCustomerId = guarantor.id;
    } else if (guarantorRaw && product) {
      fail(
        'guarantorIdNumber',
        guarantorRaw,
        'GUARANTOR_NOT_FOR_PRODUCT',
        '只有保证e贷可填写保证人',
        'Only a guaranteed loan takes a guarantor',
      );
    }

    // the schedule: the balance and the dpd as Huinong's schedule has them on the migration date
    let state: MigratedLoanState | null = null;
    if (
      errors.length === before &&
      product &&
      principalFen &&
      outstandingFen &&
      startDate &&
      termMonths &&
      method &&
      annualRatePct &&
      dpd !== null
    ) {
      if (outstandingFen > principalFen) {
        fail(
          'outstanding',
          v.outstanding,
          'BALANCE_OVER_PRINCIPAL',
          '贷款余额不能大于贷款本金',
          'The outstanding principal exceeds the principal',
        );
      } else {
        try {
          const r = migratedLoanState({
            principalFen,
            annualRatePct,
            method,
            startDate,
            termMonths,
            dayCountBasis: product.dayCountBasis,
            migrationDate: M,
            dpd,
          });
          if (!r.ok) {
            const near = nearest(r.possibleDpds, dpd);
            fail(
              'dpd',
              v.dpd,
              'DPD_NOT_ON_A_DUE_DATE',
              `逾期天数与还款计划不符：最早未还期次的应还日应为迁移日减逾期天数，可能的逾期天数如 ${near.join('、')}`,
              `The dpd does not match the schedule: migration date − dpd must be a due date; possible values include ${near.join(', ')}`,
            );
          } else if (r.state.outstandingPrincipalFen === 0n) {
            fail(
              'dpd',
              v.dpd,
              'LOAN_PAID_OFF',
              '按还款计划该贷款已还清，无需迁移',
              'By its schedule the loan is paid off: nothing to migrate',
            );
          } else if (r.state.outstandingPrincipalFen !== outstandingFen) {
            const expected = formatYuan(r.state.outstandingPrincipalFen);
            fail(
              'outstanding',
              v.outstanding,
              'BALANCE_NOT_SCHEDULE',
              `贷款余额与还款计划不符：按还款计划和逾期天数，迁移日未还本金应为 ${expected} 元`,
              `The outstanding principal does not match the schedule: it should be ${expected} yuan`,
            );
          } else state = r.state;
        } catch (e) {
          if (!isAppError(e)) throw e;
          fail(
            'termMonths',
            v.termMonths,
            'INVALID_TERMS',
            `该期限、还款方式与利率不能生成还款计划（${e.code}）`,
            `No schedule has these terms (${e.code})`,
          );
        }
      }
    }

    let cls: { classification: Classification; manual: Classification | null } | null = null;
    if (state && dpd !== null && imported !== undefined) {
      const c = migratedClassification(dpd, imported, servicing.thresholds);
      if (!c.ok)
        fail(
          'classification',
          v.classification,
          'CLASS_LOOSER_THAN_DPD',
          `五级分类不能优于逾期天数对应的 ${CLASS_ZH[c.floor]} 类`,
          `The class is looser than the dpd floor (${c.floor})`,
        );
      else cls = c;
    }

    if (errors.length > before || !customer || !product || !state || !cls || !lineLimitFen || !lineExpiry || !principalFen || !startDate)
      continue;
    records.push({
      rowNo,
      migrationDate: M,
      customerId: customer.id,
      branchId: customer.branchId,
      officerId,
      idMasked: maskIdNumber(v.idNumber),
      productCode: product.code,
      lineLimitFen: lineLimitFen.toString(),
      lineExpiry,
      loanNo,
      principalFen: principalFen.toString(),
      startDate,
      termMonths: termMonths!,
      method: method!,
      annualRatePct: annualRatePct!,
      outstandingFen: state.outstandingPrincipalFen.toString(),
      dpd: dpd!,
      classification: cls.classification,
      manualClassification: cls.manual,
      nonAccrual: dpd! > servicing.nonAccrualDpd,
      cdNo: product.kind === 'PLEDGE' ? cdNo : null,
      guarantorCustomerId,
    });
  }

  // the lines: one per customer and product — the same terms on every row, room for their loans
  for (const line of groupLines(records)) {
    const first = line.records[0];
    const product = products.get(first.productCode)!;
    const fail = (r: OnlineLoanRecord, field: string, value: string | null, code: string, zh: string, en: string) =>
      errors.push(rowError(r.rowNo, field, value, code, zh, en));
    for (const r of line.records.slice(1)) {
      if (r.lineLimitFen !== first.lineLimitFen || r.lineExpiry !== first.lineExpiry)
        fail(
          r,
          'lineLimit',
          formatYuan(BigInt(r.lineLimitFen)),
          'LINE_TERMS_DIFFER',
          `同一客户同一产品只有一个授信额度：与第 ${first.rowNo} 行的授信额度或到期日不同`,
          `One credit line per customer and product: the limit or expiry differs from row ${first.rowNo}`,
        );
    }
    const used = line.records.reduce((s, r) => s + BigInt(product.revolving ? r.outstandingFen : r.principalFen), 0n);
    if (used > BigInt(first.lineLimitFen))
      fail(
        line.records[line.records.length - 1],
        'lineLimit',
        formatYuan(BigInt(first.lineLimitFen)),
        'LIMIT_EXCEEDED',
        `${product.revolving ? '贷款余额' : '贷款本金'}合计 ${formatYuan(used)} 元超过授信额度`,
        `The loans (${formatYuan(used)} yuan) exceed the credit limit`,
      );
    if (product.kind === 'PLEDGE' && product.pledgeRatePct !== null) {
      const pledgedFen = line.records.reduce((s, r) => s + (cds.get(r.cdNo ?? '')?.principalFen ?? 0n), 0n);
      // limit ≤ pledged principal × rate / 100, in whole fen
      const maxFen = (pledgedFen * BigInt(Math.round(Number(product.pledgeRatePct) * 100))) / 10_000n;
      if (BigInt(first.lineLimitFen) > maxFen)
        fail(
          first,
          'lineLimit',
          formatYuan(BigInt(first.lineLimitFen)),
          'PLEDGE_RATE_EXCEEDED',
          `授信额度超过质押存单本金 ${formatYuan(pledgedFen)} 元的 ${product.pledgeRatePct}%（${formatYuan(maxFen)} 元）`,
          `The limit exceeds ${product.pledgeRatePct}% of the pledged principal (${formatYuan(maxFen)} yuan)`,
        );
    }
  }
  errors.sort((a, b) => a.rowNo - b.rowNo);
  return { errors, records: errors.length > 0 ? [] : records };
}

/** Up to five of the allowed values closest to the given one, ascending. */
function nearest(values: number[], to: number): number[] {
  return [...values]
    .sort((a, b) => Math.abs(a - to) - Math.abs(b - to) || a - b)
    .slice(0, 5)
    .sort((a, b) => a - b);
}

function groupLines(records: OnlineLoanRecord[]): Array<{ customerId: number; productCode: string; records: OnlineLoanRecord[] }> {
  const lines = new Map<string, { customerId: number; productCode: string; records: OnlineLoanRecord[] }>();
  for (const r of records) {
    const key = `${r.customerId}:${r.productCode}`;
    const line = lines.get(key) ?? { customerId: r.customerId, productCode: r.productCode, records: [] };
    line.records.push(r);
    lines.set(key, line);
  }
  return [...lines.values()];
}

/** Branch and assigned officer of each customer (through the customers' door). */
async function customerFacts(tx: Tx, ids: number[]): Promise<Map<number, CustomerFacts>> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out = new Map<number, CustomerFacts>();
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const part = sorted.slice(i, i + CHUNK);
    const rows = await queryRows<{ customer_id: string; branch_id: string; officer_id: string | null }>(
      tx,
      sql`SELECT o.customer_id::text AS customer_id, o.branch_id::text AS branch_id, o.officer_id::text AS officer_id
            FROM (${customerOwnersSource({ fromCustomerId: part[0], toCustomerId: part[part.length - 1] + 1, customerIds: part, bankKey: -1 })}) o`,
    );
    for (const r of rows)
      out.set(Number(r.customer_id), {
        id: Number(r.customer_id),
        branchId: Number(r.branch_id),
        officerId: r.officer_id === null ? null : Number(r.officer_id),
      });
  }
  return out;
}

/** The loan numbers among these that were migrated already. */
async function migratedLoanNos(tx: Tx, loanNos: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const wanted = [...new Set(loanNos)];
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const rows = await queryRows<{ n: string }>(
      tx,
      sql`SELECT source_loan_no AS n FROM migrated_loans
           WHERE source_loan_no IN (SELECT jsonb_array_elements_text(${JSON.stringify(wanted.slice(i, i + CHUNK))}::jsonb))`,
    );
    for (const r of rows) out.add(r.n);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// apply

async function applyRecords(tx: Tx, records: OnlineLoanRecord[], batchId: number, cmd: CommandContext): Promise<{ applied: number }> {
  if (records.length === 0) return { applied: 0 };
  const M = await getBusinessDate(tx);
  // the state of each loan is the state on the date it was validated for: a day closed since makes it stale
  if (records.some((r) => r.migrationDate !== M))
    throw new AppError('REVIEW_APPLY_FAILED', { reason: 'BUSINESS_DATE_MOVED', validatedFor: records[0].migrationDate, businessDate: M });
  if (
    (
      await migratedLoanNos(
        tx,
        records.map((r) => r.loanNo),
      )
    ).size > 0
  )
    throw new AppError('REVIEW_APPLY_FAILED', { reason: 'LOAN_NO_MIGRATED' });
  const servicing = await getServicingParams(tx, M);
  const products = new Map<string, ProductParams>();
  for (const code of new Set(records.map((r) => r.productCode))) products.set(code, await getProductParams(tx, code, M));

  // demand accounts: the customer's first active one, or a new one at their branch
  const accounts = await activeDemandAccountsOf(
    tx,
    records.map((r) => r.customerId),
  );
  for (const r of records) {
    if (!accounts.has(r.customerId)) accounts.set(r.customerId, await core.ensureDemandAccount(tx, r.customerId, r.branchId));
  }

  // credit lines
  const lines = groupLines(records);
  const lineIds = await nextIds(tx, 'origination_ids', lines.length);
  const lineRows = lines.map((line, k) => {
    const first = line.records[0];
    const product = products.get(first.productCode)!;
    const drawnFen = line.records.reduce((s, r) => s + BigInt(product.revolving ? r.outstandingFen : r.principalFen), 0n);
    return {
      customer_id: line.customerId,
      id: lineIds[k],
      product_code: product.code,
      product_kind: product.kind,
      limit_fen: first.lineLimitFen,
      available_fen: product.revolving ? (BigInt(first.lineLimitFen) - drawnFen).toString() : '0',
      revolving: product.revolving,
      rate: first.annualRatePct,
      max_term_months: product.maxTermMonths,
      status: product.revolving ? 'ACTIVE' : 'CLOSED',
      opened_on: line.records.reduce((d, r) => (r.startDate < d ? r.startDate : d), first.startDate),
      expiry_date: first.lineExpiry,
      branch_id: first.branchId,
      officer_id: first.officerId,
    };
  });
  const lineJson = JSON.stringify(lineRows);
  await tx.execute(
    sql`INSERT INTO credit_line_index (id, customer_id)
        SELECT x.id, x.customer_id FROM jsonb_to_recordset(${lineJson}::jsonb) AS x(id bigint, customer_id bigint)`,
  );
  // application_id 0: the line was granted in the old system, by no application of this one
  await tx.execute(
    sql`INSERT INTO credit_lines (customer_id, id, application_id, product_code, product_kind, limit_fen, available_fen, revolving,
                                  annual_rate_pct, max_term_months, status, opened_on, expiry_date, branch_id, officer_id, created_at, updated_at)
        SELECT x.customer_id, x.id, 0, x.product_code, x.product_kind, x.limit_fen, x.available_fen, x.revolving,
               x.rate, x.max_term_months, x.status, x.opened_on, x.expiry_date, x.branch_id, x.officer_id, ${nowParam()}, ${nowParam()}
          FROM jsonb_to_recordset(${lineJson}::jsonb) AS x(customer_id bigint, id bigint, product_code text, product_kind text,
               limit_fen bigint, available_fen bigint, revolving boolean, rate numeric, max_term_months int, status text,
               opened_on date, expiry_date date, branch_id bigint, officer_id bigint)`,
  );
  const lineOf = new Map<string, number>();
  lines.forEach((line, k) => lineOf.set(`${line.customerId}:${line.productCode}`, lineIds[k]));
  const lineIdOf = (r: OnlineLoanRecord) => lineOf.get(`${r.customerId}:${r.productCode}`)!;

  // pledges: the certificates become pledged to their line, as a 质押e贷 line's opening pledges them
  const pledgesByLine = new Map<number, OnlineLoanRecord[]>();
  for (const r of records.filter((x) => x.cdNo)) pledgesByLine.set(lineIdOf(r), [...(pledgesByLine.get(lineIdOf(r)) ?? []), r]);
  const pledgeRows: Array<{ customer_id: number; line_id: number; cd_no: string; principal_fen: string; maturity_date: IsoDate }> = [];
  for (const [lineId, rs] of pledgesByLine) {
    const pledged = await core.pledgeCertificates(tx, {
      customerId: rs[0].customerId,
      cdNos: rs.map((r) => r.cdNo!),
      reference: `line:${lineId}`,
      businessDate: M,
    });
    for (const cd of pledged)
      pledgeRows.push({
        customer_id: rs[0].customerId,
        line_id: lineId,
        cd_no: cd.cdNo,
        principal_fen: cd.principalFen.toString(),
        maturity_date: cd.maturityDate,
      });
  }
  if (pledgeRows.length > 0) {
    await tx.execute(
      sql`INSERT INTO pledges (customer_id, credit_line_id, cd_no, principal_fen, maturity_date, status, pledged_on)
          SELECT x.customer_id, x.line_id, x.cd_no, x.principal_fen, x.maturity_date, 'PLEDGED', ${M}::date
            FROM jsonb_to_recordset(${JSON.stringify(pledgeRows)}::jsonb)
                 AS x(customer_id bigint, line_id bigint, cd_no text, principal_fen bigint, maturity_date date)`,
    );
  }

  // guarantees: confirmed in the old system; one per borrower, guarantor and line
  const guaranteeKeys = new Map<string, { customerId: number; guarantorId: number; lineId: number }>();
  for (const r of records.filter((x) => x.guarantorCustomerId !== null)) {
    guaranteeKeys.set(`${r.customerId}:${r.guarantorCustomerId}:${lineIdOf(r)}`, {
      customerId: r.customerId,
      guarantorId: r.guarantorCustomerId!,
      lineId: lineIdOf(r),
    });
  }
  if (guaranteeKeys.size > 0) {
    const gs = [...guaranteeKeys.values()];
    const names = await maskedNames(
      tx,
      gs.map((g) => g.guarantorId),
    );
    const ids = await nextIds(tx, 'origination_ids', gs.length);
    const guaranteeRows = gs.map((g, k) => ({
      customer_id: g.customerId,
      id: ids[k],
      guarantor_customer_id: g.guarantorId,
      name_masked: names.get(g.guarantorId) ?? '*',
      // no invitation link: the guarantee was signed in the old system (the token matches no link)
      token_hash: `migrated:line:${g.lineId}:${g.guarantorId}`,
    }));
    await tx.execute(
      sql`INSERT INTO guarantees (customer_id, id, application_id, guarantor_customer_id, guarantor_name_masked, token_hash, status,
                                  text_version, confirmed_at, created_at, role)
          SELECT x.customer_id, x.id, 0, x.guarantor_customer_id, x.name_masked, x.token_hash, 'CONFIRMED', 'MIGRATION',
                 ${nowParam()}, ${nowParam()}, 'GUARANTOR'
            FROM jsonb_to_recordset(${JSON.stringify(guaranteeRows)}::jsonb)
                 AS x(customer_id bigint, id bigint, guarantor_customer_id bigint, name_masked text, token_hash text)`,
    );
  }

  // the loans, with their schedule and servicing state
  const inputs: MigratedLoanInput[] = records.map((r) => {
    const product = products.get(r.productCode)!;
    const s = migratedLoanState({
      principalFen: BigInt(r.principalFen),
      annualRatePct: r.annualRatePct,
      method: r.method,
      startDate: r.startDate,
      termMonths: r.termMonths,
      dayCountBasis: product.dayCountBasis,
      migrationDate: M,
      dpd: r.dpd,
    });
    if (!s.ok || s.state.outstandingPrincipalFen !== BigInt(r.outstandingFen))
      throw new AppError('REVIEW_APPLY_FAILED', { reason: 'SCHEDULE_CHANGED', loanNo: r.loanNo });
    return {
      customerId: r.customerId,
      creditLineId: lineIdOf(r),
      productCode: r.productCode,
      principalFen: BigInt(r.principalFen),
      annualRatePct: r.annualRatePct,
      penaltyUpliftPct: product.penaltyUpliftPct,
      dayCountBasis: product.dayCountBasis,
      termMonths: r.termMonths,
      method: r.method,
      startDate: r.startDate,
      branchId: r.branchId,
      officerId: r.officerId,
      disbursementAccountNo: accounts.get(r.customerId)!,
      dpd: r.dpd,
      classification: r.classification,
      manualClassification: r.manualClassification,
      nonAccrual: r.dpd > servicing.nonAccrualDpd,
      state: s.state,
    };
  });
  const opened = await openMigratedLoans(tx, M, inputs);

  // drawdowns (dated the loans' start: the lines' drawn amounts) and the old loan numbers
  const drawdownIds = await nextIds(tx, 'origination_ids', records.length);
  const loanRows = records.map((r, k) => ({
    customer_id: r.customerId,
    id: drawdownIds[k],
    line_id: lineIdOf(r),
    key: `migration:${r.loanNo}`,
    amount_fen: r.principalFen,
    loan_id: opened[k].loanId,
    loan_no: r.loanNo,
    start_date: r.startDate,
    product_code: r.productCode,
    principal_fen: inputs[k].state.outstandingPrincipalFen.toString(),
    interest_fen: inputs[k].nonAccrual ? '0' : (inputs[k].state.accruedInterestFen + inputs[k].state.overdueInterestFen).toString(),
    off_fen: inputs[k].nonAccrual ? (inputs[k].state.accruedInterestFen + inputs[k].state.overdueInterestFen).toString() : '0',
  }));
  for (let i = 0; i < loanRows.length; i += CHUNK) {
    const json = JSON.stringify(loanRows.slice(i, i + CHUNK));
    await tx.execute(
      sql`INSERT INTO drawdowns (customer_id, id, credit_line_id, idempotency_key, request_hash, amount_fen, loan_id, response, business_date, created_at)
          SELECT x.customer_id, x.id, x.line_id, x.key, 'MIGRATION', x.amount_fen, x.loan_id,
                 jsonb_build_object('migrated', true, 'loanNo', x.loan_no, 'loanId', x.loan_id, 'drawdownId', x.id), x.start_date, ${nowParam()}
            FROM jsonb_to_recordset(${json}::jsonb)
                 AS x(customer_id bigint, id bigint, line_id bigint, key text, amount_fen bigint, loan_id bigint, loan_no text, start_date date)`,
    );
    await tx.execute(
      sql`INSERT INTO migrated_loans (source_loan_no, customer_id, loan_id, batch_id, migration_date, created_at)
          SELECT x.loan_no, x.customer_id, x.loan_id, ${batchId}, ${M}::date, ${nowParam()}
            FROM jsonb_to_recordset(${json}::jsonb) AS x(loan_no text, customer_id bigint, loan_id bigint)`,
    );
    // each loan's opening entry against the migration clearing account (postBulkEntries skips zero amounts)
    await postBulkEntries(tx, {
      businessDate: M,
      eventType: 'LOAN_MIGRATION',
      memo: '存量网贷迁移',
      source: sql`SELECT x.customer_id, x.loan_id, x.product_code, 'MIG:P:' || x.loan_id AS reference,
                         '1301' AS debit_account, '2999' AS credit_account, x.principal_fen AS amount_fen
                    FROM jsonb_to_recordset(${json}::jsonb) AS x(customer_id bigint, loan_id bigint, product_code text, principal_fen bigint)
                  UNION ALL
                  SELECT x.customer_id, x.loan_id, x.product_code, 'MIG:I:' || x.loan_id, '1302', '2999', x.interest_fen
                    FROM jsonb_to_recordset(${json}::jsonb) AS x(customer_id bigint, loan_id bigint, product_code text, interest_fen bigint)
                  UNION ALL
                  SELECT x.customer_id, x.loan_id, x.product_code, 'MIG:O:' || x.loan_id, '7001', '7002', x.off_fen
                    FROM jsonb_to_recordset(${json}::jsonb) AS x(customer_id bigint, loan_id bigint, product_code text, off_fen bigint)`,
    });
  }

  const sum = (f: (r: (typeof loanRows)[number]) => string) => loanRows.reduce((s, r) => s + BigInt(f(r)), 0n);
  await auditCommand(
    tx,
    cmd,
    'origination.loans.migrate',
    { type: IMPORT_TARGET_TYPE, id: batchId },
    {
      migrationDate: M,
      loans: records.length,
      lines: lines.length,
      pledges: pledgeRows.length,
      guarantees: guaranteeKeys.size,
      outstandingPrincipal: formatYuan(sum((r) => r.principal_fen)),
      interestOnBalance: formatYuan(sum((r) => r.interest_fen)),
      interestOffBalance: formatYuan(sum((r) => r.off_fen)),
      npl: records.filter((r) => ['SUBSTANDARD', 'DOUBTFUL', 'LOSS'].includes(r.classification)).length,
    },
  );
  return { applied: records.length };
}

/** n fresh values of a sequence (drawn on the coordinator on Citus), ascending. */
async function nextIds(tx: Tx, sequence: 'origination_ids', n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`SELECT nextval(${sequence}::regclass)::text AS id FROM generate_series(1, ${n}::int)`,
  );
  return rows.map((r) => Number(r.id));
}

/** The file's Chinese header row, in the template's column order (for a generator of rows). */
export function onlineLoansHeader(): string[] {
  return onlineLoansImportType().columns.map((c) => c.headers[0]);
}
