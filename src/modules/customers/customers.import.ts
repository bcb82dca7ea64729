/**
 * Import type CUSTOMERS (客户名单): prospect and customer lists loaded from CSV / XLSX, checked row by
 * row, applied all-or-nothing when a second person approves (checker review:check:IMPORT_CUSTOMERS).
 *
 * Validated records wait in the imports module's staging table until approval, so they hold the
 * name, ID number and mobile encrypted (plus the masked forms the checker sees), never in clear.
 */
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import { makeIdNumber, validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber, maskMobile, maskName } from '../../kernel/mask.js';
import { normalizeMobile } from '../../kernel/mobile.js';
import { parseYuan } from '../../kernel/money.js';
import { validateCreditCode } from '../../kernel/uscc.js';
import { getStaff } from '../access/index.js';
import { branchByCode, type Actor } from '../org/index.js';
import { getBusinessDate } from '../calendar/index.js';
import type { ImportTypeSpec, RowError } from '../imports/index.js';
import { registerCustomers } from './bulk-register.js';
import {
  BUSINESS_NAME_MAX_CHARS,
  existingByIdHashes,
  MAX_MONTHLY_INCOME_FEN,
  normalizeCustomerName,
  OCCUPATION_MAX_CHARS,
  RESIDENCE_MAX_CHARS,
} from './customers.service.js';

export const CUSTOMERS_IMPORT_TYPE = 'CUSTOMERS';

export interface CustomerImportRecord {
  nameEnc: string;
  idNumberEnc: string;
  mobileEnc: string;
  nameMasked: string;
  idNumberMasked: string;
  mobileMasked: string;
  residence: string | null;
  occupation: string | null;
  /** Fen as a decimal string (records are stored as JSON). */
  monthlyIncomeFen: string | null;
  branchId: number;
  branchName: string;
  officerId: number | null;
  officerName: string | null;
  creditCode: string | null;
  businessName: string | null;
}

/** Staff rows are looked up through the access module with bank scope (the import is bank-wide). */
const LOOKUP_ACTOR: Actor = {
  staffId: 0,
  username: 'system',
  name: 'system',
  roles: [],
  permissions: new Set(),
  scope: 'BANK',
  branchId: 0,
  branchPath: '/',
  sessionId: 0,
};

const CUSTOMER_FACING = new Set(['BRANCH', 'SUB_BRANCH']);

/** The CUSTOMERS import type, for the composition root; it works with the context it is handed as it runs. */
export function customersImportType(): ImportTypeSpec<CustomerImportRecord> {
  return {
    type: CUSTOMERS_IMPORT_TYPE,
    nameZh: '客户名单',
    nameEn: 'Customer list',
    checkerPermission: 'review:check:IMPORT_CUSTOMERS',
    // customers by file (data migration): an explicit right, apart from keeping one customer's details
    makerPermission: 'customer:import',
    columns: [
      { key: 'name', headers: ['姓名', 'name'], required: true, labelZh: '姓名', labelEn: 'Name', pii: 'name' },
      {
        key: 'idNumber',
        headers: ['身份证号', '身份证号码', 'id number', 'id_number', 'idNumber'],
        required: true,
        labelZh: '身份证号',
        labelEn: 'ID number',
        pii: 'idNumber',
      },
      { key: 'mobile', headers: ['手机号', '手机号码', 'mobile'], required: true, labelZh: '手机号', labelEn: 'Mobile', pii: 'mobile' },
      {
        key: 'residence',
        headers: ['居住地址', '地址', 'residence', 'address'],
        required: false,
        labelZh: '居住地址',
        labelEn: 'Residence',
      },
      { key: 'occupation', headers: ['职业', 'occupation'], required: false, labelZh: '职业', labelEn: 'Occupation' },
      {
        key: 'monthlyIncome',
        headers: ['月收入(元)', '月收入（元）', '月收入', 'monthly income', 'monthly_income', 'monthlyIncome'],
        required: false,
        labelZh: '月收入(元)',
        labelEn: 'Monthly income (yuan)',
      },
      {
        key: 'officerId',
        headers: ['客户经理工号', '客户经理ID', 'officer id', 'officer_id', 'officerId'],
        required: false,
        labelZh: '客户经理工号',
        labelEn: 'Officer staff id',
      },
      {
        key: 'branchCode',
        headers: ['所属机构代码', '机构代码', 'branch code', 'branch_code', 'branchCode'],
        required: false,
        labelZh: '所属机构代码',
        labelEn: 'Branch code',
      },
      {
        key: 'creditCode',
        headers: ['统一社会信用代码', 'credit code', 'credit_code', 'creditCode'],
        required: false,
        labelZh: '统一社会信用代码',
        labelEn: 'Unified social credit code',
      },
      {
        key: 'businessName',
        headers: ['个体工商户名称', '经营主体名称', 'business name', 'business_name', 'businessName'],
        required: false,
        labelZh: '个体工商户名称',
        labelEn: 'Business name',
      },
    ],
    templateRows: [
      [
        '张三丰',
        makeIdNumber('37081219850312101'),
        '13805371234',
        '山东省济宁市兖州区鼓楼街道 1 号',
        '个体经营',
        '8500.00',
        '',
        'YZ-GL',
        '',
        '',
      ],
      ['李秀英', makeIdNumber('37081219900215202'), '13905375678', '山东省济宁市兖州区新兖镇', '教师', '6200', '', 'YZ-XY', '', ''],
    ],
    describeRecord: (r) =>
      [
        `姓名：${r.nameMasked}`,
        `身份证号：${r.idNumberMasked}`,
        `手机号：${r.mobileMasked}`,
        `机构：${r.branchName}`,
        r.officerName ? `客户经理：${r.officerName}（${r.officerId}）` : null,
        r.businessName ? `个体工商户：${r.businessName}` : null,
      ]
        .filter(Boolean)
        .join('；'),
    validate: async (tx, rows, _cmd, ctx) => {
      const errors: RowError[] = [];
      const err = (rowNo: number, field: string, value: string | null, code: string, zh: string, en: string) =>
        errors.push({ rowNo, field, value, code, messageZh: zh, messageEn: en });
      const businessDate = await getBusinessDate(tx);
      const branchOf = memo((code: string) => branchByCode(tx, code));
      const officerOf = memo((id: number) => officerById(ctx, tx, id));

      const idHashes = new Map<number, string>();
      for (const { rowNo, values } of rows) {
        const v = validateIdNumber(values.idNumber ?? '', { asOf: businessDate });
        if (v.ok) idHashes.set(rowNo, ctx.crypto.lookupHash(v.value.idNumber));
      }
      const existing = await existingByIdHashes(tx, [...new Set(idHashes.values())]);
      const seen = new Map<string, number>();
      const records: CustomerImportRecord[] = [];

      for (const { rowNo, values } of rows) {
        const before = errors.length;
        let name = '';
        try {
          name = normalizeCustomerName(values.name ?? '');
        } catch {
          err(
            rowNo,
            'name',
            values.name || null,
            'CUSTOMER_NAME_INVALID',
            '姓名不能为空，不超过 50 个字，且不含数字或特殊符号',
            'Name: required, at most 50 characters, no digits or symbols',
          );
        }
        const id = validateIdNumber(values.idNumber ?? '', { asOf: businessDate });
        const idHash = idHashes.get(rowNo);
        if (!id.ok) {
          err(
            rowNo,
            'idNumber',
            values.idNumber || null,
            'INVALID_ID_NUMBER',
            '身份证号码无效（18 位，校验位、出生日期或地区码有误）',
            'Invalid resident ID number (18 characters: check character, birth date or region)',
          );
        } else if (idHash && seen.has(idHash)) {
          err(
            rowNo,
            'idNumber',
            id.value.idNumber,
            'DUPLICATE_IN_FILE',
            `身份证号与第 ${seen.get(idHash)} 行重复`,
            `Same ID number as row ${seen.get(idHash)}`,
          );
        } else if (idHash) seen.set(idHash, rowNo);
        const mobile = normalizeMobile(values.mobile ?? '');
        if (!mobile) err(rowNo, 'mobile', values.mobile || null, 'INVALID_MOBILE', '手机号码无效', 'Invalid mobile number');

        const known = idHash ? existing.get(idHash) : undefined;
        if (known && name && known.nameHash !== ctx.crypto.lookupHash(name)) {
          err(
            rowNo,
            'name',
            name,
            'CUSTOMER_NAME_MISMATCH',
            '姓名与该身份证号已登记的客户姓名不一致',
            'The name differs from the customer registered with this ID number',
          );
        }
        if (known && mobile && known.mobileHash !== ctx.crypto.lookupHash(mobile)) {
          err(
            rowNo,
            'mobile',
            mobile,
            'CUSTOMER_MOBILE_MISMATCH',
            '手机号与该客户预留手机号不一致',
            'The mobile differs from the one registered for this customer',
          );
        }

        const residence = textField(values.residence, RESIDENCE_MAX_CHARS);
        if (residence === undefined)
          err(
            rowNo,
            'residence',
            clip(values.residence),
            'FIELD_TOO_LONG',
            `居住地址不超过 ${RESIDENCE_MAX_CHARS} 字`,
            `Residence: at most ${RESIDENCE_MAX_CHARS} characters`,
          );
        const occupation = textField(values.occupation, OCCUPATION_MAX_CHARS);
        if (occupation === undefined)
          err(
            rowNo,
            'occupation',
            clip(values.occupation),
            'FIELD_TOO_LONG',
            `职业不超过 ${OCCUPATION_MAX_CHARS} 字`,
            `Occupation: at most ${OCCUPATION_MAX_CHARS} characters`,
          );
        const income = incomeFen(values.monthlyIncome);
        if (income === undefined)
          err(
            rowNo,
            'monthlyIncome',
            clip(values.monthlyIncome),
            'INVALID_INCOME',
            '月收入应为不小于 0 的金额（元，最多两位小数）',
            'Monthly income: an amount in yuan, at least 0, at most two decimals',
          );

        // officer (by staff id) and branch (by code): the customer belongs to the officer's branch
        let officer: OfficerInfo | null = null;
        const officerText = (values.officerId ?? '').trim();
        if (officerText) {
          officer = /^[1-9]\d{0,14}$/.test(officerText) ? await officerOf(Number(officerText)) : null;
          if (!officer)
            err(
              rowNo,
              'officerId',
              officerText,
              'OFFICER_NOT_FOUND',
              '客户经理工号不存在、已停用或不是客户经理',
              'No active loan officer with this staff id',
            );
        }
        const branchCode = (values.branchCode ?? '').trim().toUpperCase();
        let branch: { id: number; name: string } | null = null;
        if (branchCode) {
          const b = await branchOf(branchCode);
          if (b && b.status === 'ACTIVE' && CUSTOMER_FACING.has(b.kind)) branch = { id: Number(b.id), name: b.name };
          else
            err(
              rowNo,
              'branchCode',
              branchCode,
              'BRANCH_NOT_FOUND',
              '机构代码不存在、已停用或不是营业网点',
              'No active customer-facing branch with this code',
            );
        } else if (officer) {
          branch = { id: officer.branchId, name: officer.branchName };
        } else if (!officerText) {
          err(
            rowNo,
            'branchCode',
            null,
            'BRANCH_REQUIRED',
            '须填写所属机构代码或客户经理工号',
            'Give the branch code or the officer staff id',
          );
        }
        if (officer && branch && officer.branchId !== branch.id) {
          err(
            rowNo,
            'officerId',
            officerText,
            'OFFICER_BRANCH_MISMATCH',
            '客户经理不属于所填机构',
            'The officer does not belong to that branch',
          );
        }

        const creditText = (values.creditCode ?? '').trim().toUpperCase();
        const businessName = textField(values.businessName, BUSINESS_NAME_MAX_CHARS);
        if (businessName === undefined)
          err(
            rowNo,
            'businessName',
            clip(values.businessName),
            'FIELD_TOO_LONG',
            `个体工商户名称不超过 ${BUSINESS_NAME_MAX_CHARS} 字`,
            `Business name: at most ${BUSINESS_NAME_MAX_CHARS} characters`,
          );
        if (creditText && !validateCreditCode(creditText).ok) {
          err(rowNo, 'creditCode', creditText, 'INVALID_CREDIT_CODE', '统一社会信用代码无效', 'Invalid unified social credit code');
        } else if (!!creditText !== !!businessName && businessName !== undefined) {
          err(
            rowNo,
            creditText ? 'businessName' : 'creditCode',
            null,
            'BUSINESS_INCOMPLETE',
            '个体工商户须同时填写统一社会信用代码和名称',
            'An individual business needs both the credit code and its name',
          );
        }

        if (errors.length > before || !id.ok || !mobile || !branch) continue;
        records.push({
          nameEnc: ctx.crypto.encrypt(name),
          idNumberEnc: ctx.crypto.encrypt(id.value.idNumber),
          mobileEnc: ctx.crypto.encrypt(mobile),
          nameMasked: maskName(name),
          idNumberMasked: maskIdNumber(id.value.idNumber),
          mobileMasked: maskMobile(mobile),
          residence: residence ?? null,
          occupation: occupation ?? null,
          monthlyIncomeFen: income === null || income === undefined ? null : income.toString(),
          branchId: branch.id,
          branchName: branch.name,
          officerId: officer?.id ?? null,
          officerName: officer?.name ?? null,
          creditCode: creditText || null,
          businessName: businessName ?? null,
        });
      }
      return errors.length > 0 ? { errors, records: [] } : { errors, records };
    },
    apply: async (tx, records, { app: ctx }) => {
      // set-based: the same outcome as ensureCustomer (+ setIndividualBusiness) row after row, in a few statements a chunk
      await registerCustomers(
        tx,
        ctx.crypto,
        records.map((r) => ({
          name: ctx.crypto.decrypt(r.nameEnc),
          idNumber: ctx.crypto.decrypt(r.idNumberEnc),
          mobile: ctx.crypto.decrypt(r.mobileEnc),
          branchId: r.branchId,
          officerId: r.officerId,
          residence: r.residence,
          occupation: r.occupation,
          monthlyIncomeFen: r.monthlyIncomeFen === null ? null : BigInt(r.monthlyIncomeFen),
          // fill, never overwrite: an existing business registration stays as it is
          creditCode: r.creditCode,
          businessName: r.businessName,
        })),
      );
      return { applied: records.length };
    },
  };
}

interface OfficerInfo {
  id: number;
  name: string;
  branchId: number;
  branchName: string;
}

/** An active loan officer by staff id, through the access module (in the import's transaction). */
async function officerById(ctx: AppContext, tx: Tx, id: number): Promise<OfficerInfo | null> {
  try {
    const s = await getStaff({ ...ctx, db: tx }, LOOKUP_ACTOR, id);
    if (s.status !== 'ACTIVE' || !s.roles.includes('loan_officer')) return null;
    return { id: s.id, name: s.name, branchId: s.branchId, branchName: s.branchName };
  } catch (e) {
    if (e instanceof AppError) return null;
    throw e;
  }
}

/** Trimmed text; null when empty; undefined when longer than max characters (an error). */
function textField(value: string | undefined, max: number): string | null | undefined {
  const s = (value ?? '').replace(/\s+/g, ' ').trim();
  if (!s) return null;
  return Array.from(s).length > max ? undefined : s;
}

/** Fen; null when empty; undefined when not an amount (yuan, ≥ 0, two decimals; "8,500.00" accepted). */
function incomeFen(value: string | undefined): bigint | null | undefined {
  const s = (value ?? '').replace(/[,，\s]/g, '').replace(/^¥|元$/g, '');
  if (!s) return null;
  try {
    const fen = parseYuan(s);
    return fen > MAX_MONTHLY_INCOME_FEN ? undefined : fen;
  } catch {
    return undefined;
  }
}

function clip(value: string | undefined): string | null {
  return value ? value.slice(0, 60) : null;
}

function memo<K, V>(load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key) => {
    let p = cache.get(key);
    if (!p) {
      p = load(key);
      cache.set(key, p);
    }
    return p;
  };
}
