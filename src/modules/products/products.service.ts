/**
 * Products: queries (parameters in effect on a date, versions, LPR) and the two commands that submit
 * changes for review (a new parameter version, an LPR fixing). Changes are applied by changes.ts when
 * a second person approves them.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import {
  AppError,
  Dec,
  InvariantError,
  compareDates,
  formatRatePct,
  parseIsoDate,
  parseRatePct,
  type IsoDate,
} from '../../kernel/index.js';
import { getBusinessDate, invalidateSharedCaches, sharedCached } from '../calendar/index.js';
import { submitChange } from '../review/index.js';
import {
  diffProductParams,
  indicativeRateRange,
  paramsFromJson,
  productParamsApiCodec,
  paramsToApi,
  paramsToJson,
  validateProductParams,
  type ParamIssue,
  type ProductParams,
  type ProductParamsApi,
  type ProductParamsJson,
} from './params.js';
import type {
  LprBody,
  LprList,
  LprTenor,
  ProductDetail,
  ProductKind,
  ProductList,
  ProductParamsInput,
  ProductStatus,
  ProductView,
  SubmittedChange,
} from './products.contract.js';

export { LPR_TENORS, type LprTenor } from './products.contract.js';
export type { ProductParamsInput, SubmittedChange };

export const PRODUCT_PARAMS_CHANGE = 'PRODUCT_PARAMS';
export const LPR_RATE_CHANGE = 'LPR_RATE';

/** Review payload of a parameter change: the whole new parameter set in stored JSON form. */
export interface ProductParamsChangePayload {
  productCode: string;
  effectiveDate: IsoDate;
  params: ProductParamsJson;
}

export interface LprChangePayload {
  tenor: LprTenor;
  effectiveDate: IsoDate;
  ratePct: string;
}

// ---------------------------------------------------------------------------------------------
// contract queries

/** The parameters in effect on a date: the highest version with effective_date <= date. */
export async function getProductParams(db: Db, code: string, businessDate: IsoDate): Promise<ProductParams> {
  const date = parseIsoDate(businessDate);
  // Cached per process and date (calendar's shared cache); new versions invalidate it (insertNextVersion).
  return sharedCached(db, `product:${code}:${date}`, async (d) => {
    const row = await versionAt(d, code, date);
    if (!row) throw new AppError('PRODUCT_NOT_FOUND', { code, date: businessDate });
    return decodeStored(row);
  });
}

/** Every active product with the parameters in effect on the date, in display order. */
export async function listProducts(db: Db, businessDate: IsoDate): Promise<ProductParams[]> {
  const rows = await versionsAt(db, parseIsoDate(businessDate));
  return rows.filter((r) => r.status === 'ACTIVE').map(decodeStored);
}

/**
 * Every product's routine inspection schedule in effect on a date (suspended products too: their loans
 * are still inspected), for the inspections module's end-of-day step.
 */
export async function productInspectionSchedules(
  db: Db,
  businessDate: IsoDate,
): Promise<Array<{ code: string; firstAfterDays: number; everyDays: number }>> {
  const rows = await versionsAt(db, parseIsoDate(businessDate));
  return rows.map((r) => ({ code: r.code, ...decodeStored(r).inspection }));
}

/** The loan prime rate of a tenor in effect on a date, e.g. '3.00'. */
export async function getLprPct(db: Db, businessDate: IsoDate, tenor: LprTenor = '1Y'): Promise<string> {
  const date = parseIsoDate(businessDate);
  // Cached per process and date; a new fixing invalidates it (upsertLpr).
  return sharedCached(db, `lpr:${tenor}:${date}`, async (d) => {
    const pct = await lprAt(d, date, tenor);
    if (pct === null) throw new AppError('LPR_NOT_FOUND', { tenor, date: businessDate });
    return pct;
  });
}

// ---------------------------------------------------------------------------------------------
// rows

interface ProductRow {
  code: string;
  kind: ProductKind;
  name_zh: string;
  name_en: string;
  status: ProductStatus;
}

interface VersionRow extends ProductRow {
  version: number | string;
  effective_date: string;
  params: unknown;
  review_request_id: number | string | null;
  created_at: string;
}

const VERSION_COLUMNS = sql`p.code, p.kind, p.name_zh, p.name_en, p.status,
  v.version, v.effective_date::text AS effective_date, v.params, v.review_request_id,
  to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

async function productRow(db: Db, code: string, lock = false): Promise<ProductRow | undefined> {
  return queryOne<ProductRow>(
    db,
    sql`SELECT code, kind, name_zh, name_en, status FROM products WHERE code = ${code} ${lock ? sql`FOR UPDATE` : sql``}`,
  );
}

async function versionAt(db: Db, code: string, date: IsoDate): Promise<VersionRow | undefined> {
  return queryOne<VersionRow>(
    db,
    sql`SELECT ${VERSION_COLUMNS}
        FROM product_param_versions v JOIN products p ON p.code = v.product_code
        WHERE v.product_code = ${code} AND v.effective_date <= ${date}::date
        ORDER BY v.version DESC LIMIT 1`,
  );
}

async function versionsAt(db: Db, date: IsoDate): Promise<VersionRow[]> {
  return queryRows<VersionRow>(
    db,
    sql`SELECT ${VERSION_COLUMNS}
        FROM products p
        JOIN LATERAL (
          SELECT * FROM product_param_versions x
          WHERE x.product_code = p.code AND x.effective_date <= ${date}::date
          ORDER BY x.version DESC LIMIT 1
        ) v ON TRUE
        ORDER BY p.sort_order, p.code`,
  );
}

async function allVersions(db: Db, code: string): Promise<VersionRow[]> {
  return queryRows<VersionRow>(
    db,
    sql`SELECT ${VERSION_COLUMNS}
        FROM product_param_versions v JOIN products p ON p.code = v.product_code
        WHERE v.product_code = ${code}
        ORDER BY v.version DESC`,
  );
}

async function lprAt(db: Db, date: IsoDate, tenor: LprTenor): Promise<string | null> {
  const row = await queryOne<{ rate: string }>(
    db,
    sql`SELECT rate_pct::text AS rate FROM lpr_rates
        WHERE tenor = ${tenor} AND effective_date <= ${date}::date
        ORDER BY effective_date DESC LIMIT 1`,
  );
  return row ? formatRatePct(new Dec(row.rate)) : null;
}

function decodeStored(row: VersionRow): ProductParams {
  let params: ProductParams;
  try {
    params = paramsFromJson(row.params);
  } catch (err) {
    throw new InvariantError(`stored parameters of ${row.code} v${row.version} do not parse: ${(err as Error).message}`);
  }
  if (params.code !== row.code || params.kind !== row.kind) {
    throw new InvariantError(`stored parameters of ${row.code} v${row.version} name another product or kind`);
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// views for the HTTP API

function toView(row: VersionRow, lprPct: string | null, scheduled: ProductView['scheduled']): ProductView {
  const params = decodeStored(row);
  return {
    code: row.code,
    kind: row.kind,
    nameZh: params.nameZh,
    nameEn: params.nameEn,
    status: row.status,
    version: Number(row.version),
    effectiveDate: row.effective_date,
    params: paramsToApi(params),
    indicativeRate: lprPct === null ? null : indicativeRateRange(params, lprPct),
    scheduled,
  };
}

async function scheduledAfter(db: Db, date: IsoDate): Promise<Map<string, { version: number; effectiveDate: IsoDate }>> {
  const rows = await queryRows<{ product_code: string; version: number | string; effective_date: string }>(
    db,
    sql`SELECT DISTINCT ON (product_code) product_code, version, effective_date::text AS effective_date
        FROM product_param_versions WHERE effective_date > ${date}::date
        ORDER BY product_code, effective_date, version DESC`,
  );
  return new Map(rows.map((r) => [r.product_code, { version: Number(r.version), effectiveDate: r.effective_date }]));
}

/** Every product (any status) with its parameters in effect on the date, plus the LPR of the date. */
export async function listProductViews(db: Db, date: IsoDate): Promise<Omit<ProductList, 'businessDate'>> {
  parseIsoDate(date);
  const rows = await versionsAt(db, date);
  const lpr1 = await lprAt(db, date, '1Y');
  const lpr5 = await lprAt(db, date, '5Y');
  const scheduled = await scheduledAfter(db, date);
  return {
    date,
    lpr: { '1Y': lpr1, '5Y': lpr5 },
    items: rows.map((r) => toView(r, lpr1, scheduled.get(r.code) ?? null)),
  };
}

/** One product: parameters in effect on the date and the whole version history. */
export async function getProductDetail(db: Db, code: string, date: IsoDate, businessDate: IsoDate): Promise<ProductDetail> {
  parseIsoDate(date);
  const current = await versionAt(db, code, date);
  if (!current) throw new AppError('PRODUCT_NOT_FOUND', { code, date });
  const lprPct = await lprAt(db, date, '1Y');
  const versions = await allVersions(db, code);
  const currentVersion = Number(current.version);
  const next = versions
    .filter((v) => compareDates(v.effective_date, date) > 0)
    .sort((a, b) => compareDates(a.effective_date, b.effective_date) || Number(b.version) - Number(a.version))[0];
  return {
    ...toView(current, lprPct, next ? { version: Number(next.version), effectiveDate: next.effective_date } : null),
    date,
    businessDate,
    lprPct,
    versions: versions.map((v) => ({
      version: Number(v.version),
      effectiveDate: v.effective_date,
      state: Number(v.version) === currentVersion ? 'IN_EFFECT' : compareDates(v.effective_date, date) > 0 ? 'SCHEDULED' : 'SUPERSEDED',
      reviewRequestId: v.review_request_id === null ? null : Number(v.review_request_id),
      createdAt: v.created_at,
      params: paramsToApi(decodeStored(v)),
    })),
  };
}

/** The LPR in effect on the business date and every fixing, newest first. */
export async function listLpr(db: Db, businessDate: IsoDate): Promise<LprList> {
  const rows = await queryRows<{
    tenor: LprTenor;
    effective_date: string;
    rate: string;
    review_request_id: number | string | null;
    created_at: string;
  }>(
    db,
    sql`SELECT tenor, effective_date::text AS effective_date, rate_pct::text AS rate, review_request_id,
               to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
        FROM lpr_rates ORDER BY effective_date DESC, tenor`,
  );
  const current: LprList['current'] = { '1Y': null, '5Y': null };
  const items = rows.map((r) => {
    const ratePct = formatRatePct(new Dec(r.rate));
    let state: 'IN_EFFECT' | 'SCHEDULED' | 'SUPERSEDED' = 'SUPERSEDED';
    if (compareDates(r.effective_date, businessDate) > 0) state = 'SCHEDULED';
    else if (current[r.tenor] === null) {
      current[r.tenor] = { ratePct, effectiveDate: r.effective_date };
      state = 'IN_EFFECT';
    }
    return {
      tenor: r.tenor,
      effectiveDate: r.effective_date,
      ratePct,
      state,
      reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
      createdAt: r.created_at,
    };
  });
  return { businessDate, current, items };
}

// ---------------------------------------------------------------------------------------------
// commands: submit for review

/** PRODUCT_PARAMS_INVALID with field-level details in the caller's language. */
export function invalidParams(issues: ParamIssue[], lang: 'zh' | 'en'): AppError {
  return new AppError(
    'PRODUCT_PARAMS_INVALID',
    issues.map((i) => ({ field: i.field, code: i.code, message: lang === 'en' ? i.messageEn : i.messageZh })),
  );
}

/** API form → ProductParams; a shape error (for callers that skipped the route schema) is PRODUCT_PARAMS_INVALID. */
function decodeApi(input: unknown, lang: 'zh' | 'en'): ProductParams {
  const res = z.safeDecode(productParamsApiCodec, input as ProductParamsApi);
  if (res.success) return res.data;
  throw invalidParams(
    res.error.issues.map((i) => ({
      field: i.path.join('.'),
      code: 'FORMAT',
      messageZh: `格式有误：${i.message}`,
      messageEn: `Invalid: ${i.message}`,
    })),
    lang,
  );
}

function assertNotPast(effectiveDate: IsoDate, businessDate: IsoDate) {
  if (compareDates(effectiveDate, businessDate) < 0) {
    throw new AppError('EFFECTIVE_DATE_IN_PAST', { effectiveDate, businessDate });
  }
}

/**
 * Checks a new parameter set against the product and its existing versions. A new version may not
 * take effect before one already scheduled: under "highest version wins" it would silently cancel
 * the scheduled one.
 */
export async function checkNewVersion(
  tx: Tx,
  product: ProductRow,
  params: ProductParams,
  effectiveDate: IsoDate,
  extra: ParamIssue[] = [],
): Promise<ParamIssue[]> {
  const issues = [...extra, ...validateProductParams(params, { code: product.code, kind: product.kind })];
  const latest = await queryOne<{ d: string }>(
    tx,
    sql`SELECT max(effective_date)::text AS d FROM product_param_versions WHERE product_code = ${product.code}`,
  );
  if (latest?.d && compareDates(effectiveDate, latest.d) < 0) {
    issues.push({
      field: 'effectiveDate',
      code: 'BEFORE_SCHEDULED_VERSION',
      messageZh: `已有 ${latest.d} 生效的参数版本，新版本的生效日期不能早于该日期`,
      messageEn: `A version taking effect on ${latest.d} exists; the new version cannot take effect before it`,
    });
  }
  return issues;
}

/** Submits a new parameter version of a product for review. */
export async function submitProductParams(
  ctx: AppContext,
  cmd: CommandContext,
  code: string,
  input: { effectiveDate: string; params: ProductParamsInput },
): Promise<SubmittedChange> {
  return withTx(ctx.db, async (tx) => {
    const product = await productRow(tx, code);
    if (!product) throw new AppError('PRODUCT_NOT_FOUND', { code });
    const effectiveDate = parseIsoDate(input.effectiveDate);
    assertNotPast(effectiveDate, await getBusinessDate(tx));

    const { code: givenCode, kind: givenKind, ...rest } = input.params;
    const extra: ParamIssue[] = [];
    if (givenCode !== undefined && givenCode !== product.code) {
      extra.push({
        field: 'code',
        code: 'CODE_MISMATCH',
        messageZh: `产品代码须为 ${product.code}`,
        messageEn: `The product code must be ${product.code}`,
      });
    }
    if (givenKind !== undefined && givenKind !== product.kind) {
      extra.push({
        field: 'kind',
        code: 'KIND_IMMUTABLE',
        messageZh: `产品类型不能修改（${product.kind}）`,
        messageEn: `The product kind cannot change (${product.kind})`,
      });
    }
    const params = decodeApi({ ...rest, code: product.code, kind: product.kind }, cmd.lang);
    const issues = await checkNewVersion(tx, product, params, effectiveDate, extra);
    if (issues.length > 0) throw invalidParams(issues, cmd.lang);

    const before = await versionAt(tx, product.code, effectiveDate);
    if (before && diffProductParams(decodeStored(before), params).length === 0) {
      throw invalidParams(
        [
          {
            field: 'params',
            code: 'NO_CHANGE',
            messageZh: `与 ${effectiveDate} 生效的参数（第 ${before.version} 版）相同，没有变更`,
            messageEn: `Identical to the parameters in effect on ${effectiveDate} (version ${before.version})`,
          },
        ],
        cmd.lang,
      );
    }
    const res = await submitChange<ProductParamsChangePayload>(ctx, tx, cmd, {
      type: PRODUCT_PARAMS_CHANGE,
      payload: { productCode: product.code, effectiveDate, params: paramsToJson(params) },
      targetType: 'product',
      targetId: product.code,
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/** Parses and checks an LPR fixing: 0 < rate ≤ 20, at most 4 decimals (numeric(9,4)). */
export function parseLprPct(ratePct: string): string {
  const pct = parseRatePct(ratePct);
  if (pct.lte(0) || pct.gt(20) || pct.decimalPlaces() > 4) throw new AppError('LPR_RATE_INVALID', { ratePct });
  return formatRatePct(pct);
}

/** Submits an LPR fixing for review. */
export async function submitLprChange(ctx: AppContext, cmd: CommandContext, input: LprBody): Promise<SubmittedChange> {
  return withTx(ctx.db, async (tx) => {
    const effectiveDate = parseIsoDate(input.effectiveDate);
    const ratePct = parseLprPct(input.ratePct);
    assertNotPast(effectiveDate, await getBusinessDate(tx));
    const res = await submitChange<LprChangePayload>(ctx, tx, cmd, {
      type: LPR_RATE_CHANGE,
      payload: { tenor: input.tenor, effectiveDate, ratePct },
      targetType: 'lpr',
      targetId: `${input.tenor}@${effectiveDate}`,
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

// ---------------------------------------------------------------------------------------------
// used by the change types (changes.ts)

export { assertNotPast, decodeStored, lprAt, productRow, versionAt };

/** Inserts the next version of a product (the caller holds the product row lock). */
export async function insertNextVersion(
  tx: Tx,
  code: string,
  effectiveDate: IsoDate,
  params: ProductParams,
  reviewRequestId: number | null,
): Promise<number> {
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO product_param_versions (product_code, version, effective_date, params, review_request_id, created_at)
        SELECT ${code}, coalesce(max(version), 0) + 1, ${effectiveDate}::date, ${JSON.stringify(paramsToJson(params))}::jsonb, ${reviewRequestId}, ${nowParam()}
        FROM product_param_versions WHERE product_code = ${code}
        RETURNING version`,
  );
  if (!row) throw new InvariantError('product version insert returned no row');
  await invalidateSharedCaches(tx, 'product');
  return Number(row.version);
}

/** Records an LPR fixing; a fixing already recorded for the same tenor and date is replaced. */
export async function upsertLpr(tx: Tx, p: LprChangePayload, reviewRequestId: number | null): Promise<void> {
  await tx.execute(
    sql`INSERT INTO lpr_rates (tenor, effective_date, rate_pct, review_request_id, created_at)
        VALUES (${p.tenor}, ${p.effectiveDate}::date, ${p.ratePct}::numeric, ${reviewRequestId}, ${nowParam()})
        ON CONFLICT (tenor, effective_date)
        DO UPDATE SET rate_pct = EXCLUDED.rate_pct, review_request_id = EXCLUDED.review_request_id, created_at = EXCLUDED.created_at`,
  );
  await invalidateSharedCaches(tx, 'lpr');
}
