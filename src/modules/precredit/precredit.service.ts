/**
 * Pre-credit white lists (预授信, issue 14 §7). A list of people (姓名, 身份证号, 手机号, optional 月收入
 * and 职业) is uploaded as an import of type PRE_CREDIT: each valid row goes through the active credit
 * policy in its white-list flavour (white-list-input.ts) and the automatic-approval maximum, and the
 * checker (review:check:IMPORT_PRECREDIT) sees the counts and sample rows with their outcome and limit.
 * Approval writes the batch and its entries: approved people hold an ACTIVE pre-credit of the product
 * for PRE_CREDIT_VALID_DAYS days, which a white-list-only product (信e快贷) requires of an applicant.
 */
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { addDays, parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber, maskMobile, maskName } from '../../kernel/mask.js';
import { normalizeMobile } from '../../kernel/mobile.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { activePolicy, capAutomaticApproval, evaluatePolicy, type DecisionResult } from '../decision/index.js';
import { uploadImportReport, type ImportTypeSpec, type RowError } from '../imports/index.js';
import { listHitsByHashes } from '../lists/index.js';
import { scopeCondition, type Actor } from '../org/index.js';
import { getLprPct, getProductParams } from '../products/index.js';
import type { PreCreditBatchView, PreCreditEntryView, PreCreditStatus } from './precredit.contract.js';
import { getPreCreditParams } from './params.service.js';
import { whiteListDecisionInput } from './white-list-input.js';

export const PRE_CREDIT_IMPORT_TYPE = 'PRE_CREDIT';
/** The white-list-only product lists are pre-credited for. */
export const PRE_CREDIT_PRODUCT = 'XIN_E_KUAI_DAI';
/**
 * How long a pre-credit stayed valid before it was a reviewed parameter (PRE_CREDIT_PARAMS, params.service.ts):
 * migration 0100 seeds version 1 with it; a batch reads the version in force on the day it takes effect.
 */
export const PRE_CREDIT_VALID_DAYS = 180;
const CHUNK = 1000;
const NAME_RE = /^[\p{Script=Han}A-Za-z·•.\s]{1,50}$/u;
const MAX_MONTHLY_INCOME_FEN = 10_000_000n * 100n;

/** One person of a list as it waits for the checker: masked and hashed, never in clear. */
export interface PreCreditRecord {
  nameMasked: string;
  idNumberMasked: string;
  idNumberHash: string;
  mobileMasked: string;
  mobileHash: string;
  outcome: DecisionResult['outcome'];
  grade: string;
  score: number;
  /** Fen as a decimal string (records are stored as JSON). */
  limitFen: string;
  annualRatePct: string | null;
  reasons: string[];
  policyVersion: string;
  branchId: number;
  /** The key customer group whose members the list holds (group pre-credit); absent for an uploaded list. */
  groupId?: number | null;
}

const OUTCOME_ZH: Record<DecisionResult['outcome'], string> = { APPROVE: '预授信', DECLINE: '不予预授信', REFER: '不予预授信（需人工）' };

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

/** The PRE_CREDIT import type, for the composition root. */
export function preCreditImportType(): ImportTypeSpec<PreCreditRecord> {
  return {
    type: PRE_CREDIT_IMPORT_TYPE,
    nameZh: '预授信名单',
    nameEn: 'Pre-credit list',
    checkerPermission: 'review:check:IMPORT_PRECREDIT',
    makerPermission: 'precredit:import',
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
        key: 'monthlyIncome',
        headers: ['月收入(元)', '月收入（元）', '月收入', 'monthly income', 'monthlyIncome'],
        required: false,
        labelZh: '月收入(元)',
        labelEn: 'Monthly income (yuan)',
      },
      { key: 'occupation', headers: ['职业', 'occupation'], required: false, labelZh: '职业', labelEn: 'Occupation' },
    ],
    templateRows: [
      ['张三丰', '370812198503121018', '13805371234', '8500.00', 'ENTERPRISE_EMPLOYEE'],
      ['李秀英', '370812199002152024', '13905375678', '6200', 'FARMER'],
    ],
    describeRecord: (r) =>
      [
        `姓名：${r.nameMasked}`,
        `身份证号：${r.idNumberMasked}`,
        `手机号：${r.mobileMasked}`,
        `结果：${OUTCOME_ZH[r.outcome]}`,
        r.outcome === 'APPROVE'
          ? `预授信额度：${formatYuan(BigInt(r.limitFen))} 元，年利率 ${r.annualRatePct}%`
          : `原因：${r.reasons.join('、')}`,
      ].join('；'),
    validate: async (tx, rows, cmd, app, context) =>
      validatePreCreditRows(
        app,
        tx,
        rows,
        typeof context?.branchId === 'number' ? context.branchId : (cmd.actor?.branchId ?? 0),
        typeof context?.groupId === 'number' ? context.groupId : null,
      ),
    apply: async (tx, records, ctx) => applyPreCredit(tx, records, ctx.batchId, ctx.makerId, ctx.checkerId, ctx.cmd),
  };
}

/**
 * Checks every row and, when the file is clean, decides every person with the active policy: one list
 * read for the whole file, then the engine row by row (records in row order).
 */
export async function validatePreCreditRows(
  app: AppContext,
  tx: Tx,
  rows: Array<{ rowNo: number; values: Record<string, string> }>,
  branchId: number,
  groupId: number | null = null,
): Promise<{ errors: RowError[]; records: PreCreditRecord[] }> {
  const errors: RowError[] = [];
  const err = (rowNo: number, field: string, value: string | null, code: string, zh: string, en: string) =>
    errors.push({ rowNo, field, value, code, messageZh: zh, messageEn: en });
  const businessDate = await getBusinessDate(tx);
  const seen = new Map<string, number>();
  const people: Array<{
    name: string;
    idNumber: string;
    idHash: string;
    regionCode: string;
    birthDate: IsoDate;
    mobile: string;
    income: bigint | null;
    occupation: string | null;
  }> = [];
  for (const { rowNo, values } of rows) {
    const name = (values.name ?? '').trim().replace(/\s+/g, ' ');
    if (!NAME_RE.test(name))
      err(
        rowNo,
        'name',
        values.name || null,
        'CUSTOMER_NAME_INVALID',
        '姓名不能为空，不超过 50 个字，且不含数字或特殊符号',
        'Name: required, at most 50 characters, no digits or symbols',
      );
    const id = validateIdNumber(values.idNumber ?? '', { asOf: businessDate });
    let idHash = '';
    if (!id.ok) {
      err(
        rowNo,
        'idNumber',
        values.idNumber || null,
        'INVALID_ID_NUMBER',
        '身份证号码无效（18 位，校验位、出生日期或地区码有误）',
        'Invalid resident ID number (18 characters: check character, birth date or region)',
      );
    } else {
      idHash = app.crypto.lookupHash(id.value.idNumber);
      const first = seen.get(idHash);
      if (first !== undefined)
        err(
          rowNo,
          'idNumber',
          maskIdNumber(id.value.idNumber),
          'DUPLICATE_IN_FILE',
          `身份证号与第 ${first} 行重复`,
          `Same ID number as row ${first}`,
        );
      else seen.set(idHash, rowNo);
    }
    const mobile = normalizeMobile(values.mobile ?? '');
    if (!mobile) err(rowNo, 'mobile', values.mobile || null, 'INVALID_MOBILE', '手机号码无效', 'Invalid mobile number');
    const income = incomeFen(values.monthlyIncome);
    if (income === undefined)
      err(
        rowNo,
        'monthlyIncome',
        (values.monthlyIncome ?? '').slice(0, 60),
        'INVALID_AMOUNT',
        '月收入须为不超过 1000 万元的金额',
        'Monthly income: an amount up to ¥10,000,000',
      );
    const occupation = (values.occupation ?? '').trim() || null;
    if (id.ok && mobile && income !== undefined) {
      people.push({
        name,
        idNumber: id.value.idNumber,
        idHash,
        regionCode: id.value.regionCode,
        birthDate: id.value.birthDate,
        mobile,
        income,
        occupation,
      });
    }
  }
  if (errors.length > 0) return { errors, records: [] };

  const product = await getProductParams(tx, PRE_CREDIT_PRODUCT, businessDate);
  const policy = await activePolicy(tx, businessDate);
  const lprPct = await getLprPct(tx, businessDate, '1Y');
  const hits = await listHitsByHashes(tx, [...seen.keys()], businessDate);
  const none = { courtEnforcement: false, dishonest: false, bankBlacklist: false };
  const records: PreCreditRecord[] = [];
  for (const p of people) {
    const input = whiteListDecisionInput(
      {
        regionCode: p.regionCode,
        birthDate: p.birthDate,
        monthlyIncomeFen: p.income,
        occupation: p.occupation,
        lists: hits.get(p.idHash) ?? none,
      },
      product,
      businessDate,
      lprPct,
    );
    const d = capAutomaticApproval(input, await evaluatePolicy(policy, input));
    const approved = d.outcome === 'APPROVE' && d.limitFen > 0n;
    records.push({
      nameMasked: maskName(p.name),
      idNumberMasked: maskIdNumber(p.idNumber),
      idNumberHash: p.idHash,
      mobileMasked: maskMobile(p.mobile),
      mobileHash: app.crypto.lookupHash(p.mobile),
      outcome: approved ? 'APPROVE' : d.outcome === 'APPROVE' ? 'DECLINE' : d.outcome,
      grade: d.grade,
      score: d.score,
      limitFen: approved ? d.limitFen.toString() : '0',
      annualRatePct: approved ? d.annualRatePct : null,
      reasons: d.reasons.map((r) => r.code),
      policyVersion: d.policyVersion,
      branchId,
      ...(groupId === null ? {} : { groupId }),
    });
  }
  return { errors, records };
}

/** The approved list takes effect: the batch and its entries, valid for the PRE_CREDIT_PARAMS days in force today. */
async function applyPreCredit(
  tx: Tx,
  records: PreCreditRecord[],
  batchId: number,
  makerId: number,
  checkerId: number | null,
  cmd: Parameters<typeof auditCommand>[1],
): Promise<{ applied: number }> {
  const businessDate = await getBusinessDate(tx);
  const { validDays } = await getPreCreditParams(tx, businessDate);
  const validUntil = addDays(businessDate, validDays);
  const approved = records.filter((r) => r.outcome === 'APPROVE');
  const limitTotal = approved.reduce((s, r) => s + BigInt(r.limitFen), 0n);
  const branchId = records[0]?.branchId ?? 0;
  const groupId = records[0]?.groupId ?? null;
  await tx.execute(
    sql`INSERT INTO precredit_batches (id, product_code, policy_version, business_date, valid_until, total_rows, approved_rows,
          limit_total_fen, branch_id, maker_id, checker_id, created_at, group_id)
        VALUES (${batchId}, ${PRE_CREDIT_PRODUCT}, ${records[0]?.policyVersion ?? ''}, ${businessDate}::date, ${validUntil}::date,
          ${records.length}, ${approved.length}, ${limitTotal.toString()}, ${branchId}, ${makerId}, ${checkerId}, ${nowParam()}, ${groupId})`,
  );
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = records.slice(i, i + CHUNK).map((r, k) => ({ ...r, rowNo: i + k + 1 }));
    await tx.execute(
      sql`INSERT INTO precredit_entries (batch_id, row_no, name_masked, id_number_masked, id_number_hash, mobile_masked, mobile_hash,
            product_code, outcome, grade, score, limit_fen, annual_rate_pct, reasons, status, valid_until, branch_id)
          SELECT ${batchId}, e.row_no, e.name_masked, e.id_number_masked, e.id_number_hash, e.mobile_masked, e.mobile_hash,
            ${PRE_CREDIT_PRODUCT}, e.outcome, e.grade, e.score, e.limit_fen, e.annual_rate_pct, e.reasons,
            CASE WHEN e.outcome = 'APPROVE' THEN 'ACTIVE' ELSE 'DECLINED' END, ${validUntil}::date, ${branchId}
          FROM jsonb_to_recordset(${JSON.stringify(
            chunk.map((r) => ({
              row_no: r.rowNo,
              name_masked: r.nameMasked,
              id_number_masked: r.idNumberMasked,
              id_number_hash: r.idNumberHash,
              mobile_masked: r.mobileMasked,
              mobile_hash: r.mobileHash,
              outcome: r.outcome,
              grade: r.grade,
              score: r.score,
              limit_fen: r.limitFen,
              annual_rate_pct: r.annualRatePct,
              reasons: r.reasons,
            })),
          )}::jsonb) AS e(row_no integer, name_masked text, id_number_masked text, id_number_hash text, mobile_masked text,
            mobile_hash text, outcome text, grade text, score integer, limit_fen bigint, annual_rate_pct numeric, reasons jsonb)`,
    );
  }
  await auditCommand(
    tx,
    cmd,
    'precredit.batch.apply',
    { type: 'precredit_batch', id: String(batchId) },
    {
      product: PRE_CREDIT_PRODUCT,
      rows: records.length,
      approved: approved.length,
      limitTotal: formatYuan(limitTotal),
      validUntil,
      validDays,
      groupId,
    },
  );
  return { applied: records.length };
}

// ---------------------------------------------------------------------------------------------
// the door: an applicant's standing, and using it

export interface ActivePreCredit {
  batchId: number;
  rowNo: number;
  limitFen: bigint;
  validUntil: IsoDate;
}

/** The person's valid pre-credit of the product on the date (ACTIVE, not expired), the latest first. */
export async function activePreCreditOf(
  db: Db | Tx,
  q: { idNumberHash: string; productCode: string; businessDate: IsoDate; preferEntry?: { batchId: number; rowNo: number } | null },
): Promise<ActivePreCredit | null> {
  // A batch card names its entry: that entry is the one used when it is still active.
  const prefer = q.preferEntry ? sql`(batch_id = ${q.preferEntry.batchId} AND row_no = ${q.preferEntry.rowNo}) DESC, ` : sql``;
  const r = await queryOne<{ batch_id: string; row_no: number; limit_fen: string; valid_until: string }>(
    db,
    sql`SELECT batch_id::text AS batch_id, row_no, limit_fen::text AS limit_fen, valid_until::text AS valid_until
        FROM precredit_entries
        WHERE id_number_hash = ${q.idNumberHash} AND product_code = ${q.productCode} AND status = 'ACTIVE'
          AND valid_until >= ${parseIsoDate(q.businessDate)}::date
        ORDER BY ${prefer}valid_until DESC, batch_id DESC LIMIT 1`,
  );
  return r ? { batchId: Number(r.batch_id), rowNo: Number(r.row_no), limitFen: BigInt(r.limit_fen), validUntil: r.valid_until } : null;
}

/** An approved application used the pre-credit: the entry becomes USED (once). */
export async function markPreCreditUsed(tx: Tx, pc: ActivePreCredit, used: { applicationId: number; customerId: number }): Promise<void> {
  await tx.execute(
    sql`UPDATE precredit_entries SET status = 'USED', used_application_id = ${used.applicationId}, used_customer_id = ${used.customerId},
          used_at = ${nowParam()}
        WHERE batch_id = ${pc.batchId} AND row_no = ${pc.rowNo} AND status = 'ACTIVE'`,
  );
}

// ---------------------------------------------------------------------------------------------
// queries

const statusSql = (bd: IsoDate): SQL => sql`CASE WHEN e.status = 'ACTIVE' AND e.valid_until < ${bd}::date THEN 'EXPIRED' ELSE e.status END`;

function assertScope(actor: Actor): SQL {
  return scopeCondition(actor, { branchId: sql`b.branch_id` });
}

export async function listPreCreditBatches(db: Db, actor: Actor, q: { page: number; pageSize: number; groupId?: number }) {
  const bd = await getBusinessDate(db);
  const where = q.groupId === undefined ? assertScope(actor) : sql`${assertScope(actor)} AND b.group_id = ${q.groupId}`;
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM precredit_batches b WHERE ${where}`);
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`SELECT b.id, b.product_code, b.policy_version, b.business_date::text AS business_date, b.valid_until::text AS valid_until,
          b.total_rows, b.approved_rows, b.limit_total_fen::text AS limit_total_fen, b.branch_id, b.maker_id, b.checker_id, b.group_id,
          to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
          (SELECT count(*) FROM precredit_entries e WHERE e.batch_id = b.id AND e.status = 'ACTIVE' AND e.valid_until >= ${bd}::date) AS active_rows,
          (SELECT count(*) FROM precredit_entries e WHERE e.batch_id = b.id AND e.status = 'USED') AS used_rows
        FROM precredit_batches b WHERE ${where}
        ORDER BY b.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: rows.map(toBatch), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

function toBatch(r: Record<string, string | number | null>): PreCreditBatchView {
  return {
    id: Number(r.id),
    productCode: String(r.product_code),
    policyVersion: String(r.policy_version),
    businessDate: String(r.business_date),
    validUntil: String(r.valid_until),
    totalRows: Number(r.total_rows),
    approvedRows: Number(r.approved_rows),
    activeRows: Number(r.active_rows),
    usedRows: Number(r.used_rows),
    limitTotal: formatYuan(BigInt(String(r.limit_total_fen))),
    branchId: Number(r.branch_id),
    makerId: Number(r.maker_id),
    checkerId: r.checker_id === null ? null : Number(r.checker_id),
    createdAt: String(r.created_at),
    groupId: r.group_id === null ? null : Number(r.group_id),
  };
}

export async function listPreCreditEntries(
  db: Db,
  actor: Actor,
  batchId: number,
  q: { page: number; pageSize: number; status?: PreCreditStatus },
) {
  const bd = await getBusinessDate(db);
  const batch = await queryOne(db, sql`SELECT b.id FROM precredit_batches b WHERE b.id = ${batchId} AND ${assertScope(actor)}`);
  if (!batch) throw new AppError('PRE_CREDIT_BATCH_NOT_FOUND', { batchId });
  const where = sql`e.batch_id = ${batchId}${q.status ? sql` AND ${statusSql(bd)} = ${q.status}` : sql``}`;
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM precredit_entries e WHERE ${where}`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT e.batch_id, e.row_no, e.name_masked, e.id_number_masked, e.mobile_masked, e.product_code, e.outcome, e.grade, e.score,
          e.limit_fen::text AS limit_fen, e.annual_rate_pct::text AS annual_rate_pct, e.reasons, ${statusSql(bd)} AS status,
          e.valid_until::text AS valid_until, e.used_application_id
        FROM precredit_entries e WHERE ${where}
        ORDER BY e.row_no LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return {
    items: rows.map((r): PreCreditEntryView => ({
      batchId: Number(r.batch_id),
      rowNo: Number(r.row_no),
      nameMasked: String(r.name_masked),
      idNumberMasked: String(r.id_number_masked),
      mobileMasked: String(r.mobile_masked),
      productCode: String(r.product_code),
      outcome: r.outcome as PreCreditEntryView['outcome'],
      grade: r.grade === null ? null : String(r.grade),
      score: r.score === null ? null : Number(r.score),
      limit: formatYuan(BigInt(String(r.limit_fen))),
      annualRatePct: r.annual_rate_pct === null ? null : String(r.annual_rate_pct),
      reasons: (typeof r.reasons === 'string' ? JSON.parse(r.reasons) : r.reasons) as string[],
      status: r.status as PreCreditStatus,
      validUntil: String(r.valid_until),
      usedApplicationId: r.used_application_id === null ? null : Number(r.used_application_id),
    })),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---------------------------------------------------------------------------------------------
// group pre-credit: a key customer group's members handed to the white list (the groups module asks)

export interface GroupPreCreditPerson {
  name: string;
  idNumber: string;
  mobile: string;
}

/** Which of the given ID-number hashes hold a valid pre-credit of the product on the business date. */
async function preCreditedHashes(db: Db | Tx, hashes: string[], businessDate: IsoDate): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await queryRows<{ id_number_hash: string }>(
    db,
    sql`SELECT DISTINCT id_number_hash FROM precredit_entries
         WHERE id_number_hash = ANY(${`{${hashes.join(',')}}`}::text[]) AND product_code = ${PRE_CREDIT_PRODUCT}
           AND status = 'ACTIVE' AND valid_until >= ${businessDate}::date`,
  );
  return new Set(rows.map((r) => r.id_number_hash));
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A group's members go to the pre-credit white list as one list: the members who already hold a valid
 * pre-credit of the product are left out, the others are decided by the same policy as an uploaded list
 * and submitted to the same checker (an import of type PRE_CREDIT, so it is listed with the other
 * imports); approval writes a batch that remembers the group. GROUP_PRE_CREDIT_NO_MEMBERS when nobody is left.
 */
export async function submitGroupPreCredit(
  app: AppContext,
  cmd: CommandContext,
  group: { id: number; code: string; branchId: number },
  people: GroupPreCreditPerson[],
  facts: { monthlyIncome?: string; occupation?: string } = {},
): Promise<{ reviewRequestId: number; importId: number; members: number; alreadyPreCredited: number }> {
  const businessDate = await getBusinessDate(app.db);
  const held = await preCreditedHashes(
    app.db,
    people.map((p) => app.crypto.lookupHash(p.idNumber)),
    businessDate,
  );
  const todo = people.filter((p) => !held.has(app.crypto.lookupHash(p.idNumber)));
  if (todo.length === 0) throw new AppError('GROUP_PRE_CREDIT_NO_MEMBERS', { groupId: group.id, alreadyPreCredited: held.size });
  const csv = [
    '姓名,身份证号,手机号,月收入,职业',
    ...todo.map((p) => [p.name, p.idNumber, p.mobile, facts.monthlyIncome ?? '', facts.occupation ?? ''].map(csvCell).join(',')),
  ].join('\r\n');
  const { batch, errors } = await uploadImportReport(app, cmd, {
    type: PRE_CREDIT_IMPORT_TYPE,
    filename: `重点客群${group.code}-预授信.csv`,
    bytes: new Uint8Array(Buffer.from(csv, 'utf8')),
    context: { groupId: group.id, branchId: group.branchId },
  });
  if (batch.status !== 'PENDING_REVIEW' || batch.reviewRequestId === null) {
    // members were checked when they were added: what the list refuses is the group's income or occupation
    throw new AppError('VALIDATION_FAILED', [
      ...new Map(errors.map((e) => [e.field, { field: e.field, message: cmd.lang === 'en' ? e.messageEn : e.messageZh }])).values(),
    ]);
  }
  return {
    reviewRequestId: batch.reviewRequestId,
    importId: batch.id,
    members: todo.length,
    alreadyPreCredited: people.length - todo.length,
  };
}

/** Per group: the members pre-credited through its batches (approved by the policy) and activated (an approved application used it). */
export async function preCreditFiguresOfGroups(
  db: Db | Tx,
  groupIds: number[],
): Promise<Map<number, { preCredited: number; activated: number }>> {
  const out = new Map<number, { preCredited: number; activated: number }>();
  if (groupIds.length === 0) return out;
  const rows = await queryRows<{ group_id: string; pre_credited: string; activated: string }>(
    db,
    sql`SELECT b.group_id::text AS group_id,
               count(DISTINCT e.id_number_hash) FILTER (WHERE e.outcome = 'APPROVE')::text AS pre_credited,
               count(DISTINCT e.id_number_hash) FILTER (WHERE e.status = 'USED')::text AS activated
          FROM precredit_batches b JOIN precredit_entries e ON e.batch_id = b.id
         WHERE b.group_id = ANY(${`{${groupIds.join(',')}}`}::bigint[])
         GROUP BY b.group_id`,
  );
  for (const r of rows) out.set(Number(r.group_id), { preCredited: Number(r.pre_credited), activated: Number(r.activated) });
  return out;
}
