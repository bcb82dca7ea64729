/**
 * Product parameters (pure: no I/O, no clock): the ProductParams type of the lending contract, its two
 * wire forms and the rules a parameter set must satisfy.
 *
 *  - stored JSON form (product_param_versions.params, review payloads): amounts are fen as strings
 *    (`minAmountFen: "100000"`), because JSON has no 64-bit integers;
 *  - API form (console, HTTP): amounts are yuan strings (`minAmount: "1000.00"`);
 *  - rates stay percent strings ("0.45", "3.00") in every form.
 *
 * Each form is one zod codec: `z.decode` parses and checks the shape into ProductParams (bigint fen),
 * `z.encode` turns ProductParams back into the form — one definition for both directions. The
 * business rules (min ≤ max, bullet ≤ 12 months, floor ≤ ceiling, …) are checked separately by
 * validateProductParams, which reports every broken rule with its field.
 */
import { z } from 'zod';
import { Dec, formatRatePct, formatYuan, parseYuan, type Decimal } from '../../kernel/index.js';
import {
  DEFAULT_INSPECTION_SCHEDULE,
  MAX_TERM_MONTHS,
  PRICING_GRADES,
  REPAYMENT_PARTS,
  productParamsApiSchema,
  productParamsCommon,
  productParamsSchema,
  type PricingGrade,
  type ProductKind,
  type ProductParams,
  type ProductParamsApi,
  type RepaymentMethod,
} from './products.contract.js';
import { MAX_ANNUAL_RATE_PCT } from './schedule/index.js';

export type { ProductParams, ProductParamsApi } from './products.contract.js';

// ---------------------------------------------------------------------------------------------
// codecs (the shapes are in products.contract.ts)

const FEN_RE = /^(?:0|[1-9]\d{0,16})$/;

const fenString = z.codec(z.string().regex(FEN_RE, 'fen as a string of digits, e.g. "100000"'), z.bigint(), {
  decode: (s) => BigInt(s),
  encode: (n) => n.toString(),
});

/** Stored JSON form ⇄ ProductParams. */
export const productParamsJsonCodec = z.object({
  ...productParamsCommon,
  // versions stored before the inspection parameters existed read as the defaults
  inspection: productParamsCommon.inspection.default({ ...DEFAULT_INSPECTION_SCHEDULE }),
  // versions stored before the white-list flag existed admit everyone (0080 sets it on 信e快贷)
  whiteListOnly: productParamsCommon.whiteListOnly.default(false),
  minAmountFen: fenString,
  maxAmountFen: fenString,
  internetLoanCapFen: fenString,
  autoApproveMaxFen: fenString,
});
export type ProductParamsJson = z.input<typeof productParamsJsonCodec>;

/** API form ⇄ ProductParams. */
export const productParamsApiCodec = z.codec(productParamsApiSchema, productParamsSchema, {
  decode: ({ minAmount, maxAmount, internetLoanCap, autoApproveMax, ...rest }) => ({
    ...rest,
    minAmountFen: parseYuan(minAmount),
    maxAmountFen: parseYuan(maxAmount),
    internetLoanCapFen: parseYuan(internetLoanCap),
    autoApproveMaxFen: parseYuan(autoApproveMax),
  }),
  encode: ({ minAmountFen, maxAmountFen, internetLoanCapFen, autoApproveMaxFen, ...rest }) => ({
    ...rest,
    minAmount: formatYuan(minAmountFen),
    maxAmount: formatYuan(maxAmountFen),
    internetLoanCap: formatYuan(internetLoanCapFen),
    autoApproveMax: formatYuan(autoApproveMaxFen),
  }),
});

/** Stored JSON → ProductParams; throws a ZodError when the shape is wrong. */
export function paramsFromJson(json: unknown): ProductParams {
  return z.decode(productParamsJsonCodec, json as ProductParamsJson);
}

/** ProductParams → stored JSON. */
export function paramsToJson(params: ProductParams): ProductParamsJson {
  return z.encode(productParamsJsonCodec, params);
}

/** API form → ProductParams; throws a ZodError when the shape is wrong. */
export function paramsFromApi(api: ProductParamsApi): ProductParams {
  return z.decode(productParamsApiCodec, api);
}

/** ProductParams → API form. */
export function paramsToApi(params: ProductParams): ProductParamsApi {
  return z.encode(productParamsApiCodec, params);
}

// ---------------------------------------------------------------------------------------------
// rules

/** One broken rule, named by its API-form field ('maxAmount', 'pricing.floorPct'). */
export interface ParamIssue {
  field: string;
  code: string;
  messageZh: string;
  messageEn: string;
}

export const PENALTY_UPLIFT_MIN_PCT = '30';
export const PENALTY_UPLIFT_MAX_PCT = '50';
export const BULLET_MAX_TERM_MONTHS = 12;
export const MIN_BORROWER_AGE = 18;
export const MAX_BORROWER_AGE = 75;
export const MAX_GUARANTORS = 5;
/** Routine inspection schedule bounds: the first check within a year, then at least weekly, at most yearly. */
export const INSPECTION_FIRST_MAX_DAYS = 365;
export const INSPECTION_EVERY_MIN_DAYS = 7;
export const INSPECTION_EVERY_MAX_DAYS = 365;
const REGION_RE = /^\d{2,6}$/;

/**
 * Every business rule a parameter set breaks (empty when it is sound). `product` is the product the
 * set belongs to: code and kind cannot change through a parameter change.
 */
export function validateProductParams(p: ProductParams, product?: { code: string; kind: ProductKind }): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const add = (field: string, code: string, messageZh: string, messageEn: string) => issues.push({ field, code, messageZh, messageEn });

  if (product && p.code !== product.code)
    add('code', 'CODE_MISMATCH', `产品代码须为 ${product.code}`, `The product code must be ${product.code}`);
  if (product && p.kind !== product.kind)
    add('kind', 'KIND_IMMUTABLE', `产品类型不能修改（${product.kind}）`, `The product kind cannot change (${product.kind})`);
  if (!p.nameZh.trim()) add('nameZh', 'REQUIRED', '产品名称（中文）不能为空', 'The Chinese name is required');
  if (!p.nameEn.trim()) add('nameEn', 'REQUIRED', '产品名称（英文）不能为空', 'The English name is required');

  // amounts
  if (p.minAmountFen <= 0n) add('minAmount', 'NOT_POSITIVE', '最低金额须大于 0', 'The minimum amount must be above 0');
  if (p.minAmountFen > p.maxAmountFen)
    add('maxAmount', 'MIN_GT_MAX', '最高金额不能低于最低金额', 'The maximum amount cannot be below the minimum');
  if (p.internetLoanCapFen <= 0n)
    add('internetLoanCap', 'NOT_POSITIVE', '互联网贷款单户上限须大于 0', 'The internet-loan cap must be above 0');
  if (p.autoApproveMaxFen > p.maxAmountFen) {
    add('autoApproveMax', 'ABOVE_MAX_AMOUNT', '自动审批上限不能高于最高金额', 'The auto-approval limit cannot exceed the maximum amount');
  }

  // terms and methods
  if (p.minTermMonths < 1) add('minTermMonths', 'OUT_OF_RANGE', '最短期限至少 1 个月', 'The minimum term is at least 1 month');
  if (p.maxTermMonths > MAX_TERM_MONTHS)
    add(
      'maxTermMonths',
      'OUT_OF_RANGE',
      `最长期限不能超过 ${MAX_TERM_MONTHS} 个月`,
      `The maximum term is at most ${MAX_TERM_MONTHS} months`,
    );
  if (p.minTermMonths > p.maxTermMonths)
    add('maxTermMonths', 'MIN_GT_MAX', '最长期限不能短于最短期限', 'The maximum term cannot be below the minimum');
  if (p.repaymentMethods.length === 0) add('repaymentMethods', 'REQUIRED', '至少选择一种还款方式', 'Choose at least one repayment method');
  if (new Set(p.repaymentMethods).size !== p.repaymentMethods.length)
    add('repaymentMethods', 'DUPLICATE', '还款方式有重复', 'A repayment method is listed twice');
  if (p.bulletMaxTermMonths < 1 || p.bulletMaxTermMonths > BULLET_MAX_TERM_MONTHS) {
    add(
      'bulletMaxTermMonths',
      'OUT_OF_RANGE',
      `利随本清最长期限须为 1–${BULLET_MAX_TERM_MONTHS} 个月`,
      `Bullet repayment is allowed for 1–${BULLET_MAX_TERM_MONTHS} months`,
    );
  } else if (p.repaymentMethods.includes('BULLET') && p.bulletMaxTermMonths < p.minTermMonths) {
    add(
      'bulletMaxTermMonths',
      'BELOW_MIN_TERM',
      '利随本清最长期限不能短于最短期限',
      'The bullet maximum term cannot be below the minimum term',
    );
  }

  // pricing
  const spreads = PRICING_GRADES.map((g) => new Dec(p.pricing.spreadPctByGrade[g]));
  for (let i = 1; i < spreads.length; i++) {
    if (spreads[i].lt(spreads[i - 1])) {
      const g = PRICING_GRADES[i];
      add(
        `pricing.spreadPctByGrade.${g}`,
        'GRADE_ORDER',
        `${g} 级加点不能低于 ${PRICING_GRADES[i - 1]} 级`,
        `The grade ${g} spread cannot be below grade ${PRICING_GRADES[i - 1]}`,
      );
    }
  }
  const floor = new Dec(p.pricing.floorPct);
  const ceiling = new Dec(p.pricing.ceilingPct);
  if (floor.gt(ceiling)) add('pricing.ceilingPct', 'MIN_GT_MAX', '利率上限不能低于利率下限', 'The rate ceiling cannot be below the floor');
  if (ceiling.gt(MAX_ANNUAL_RATE_PCT)) {
    add(
      'pricing.ceilingPct',
      'OUT_OF_RANGE',
      `利率上限不能超过 ${MAX_ANNUAL_RATE_PCT}%`,
      `The rate ceiling cannot exceed ${MAX_ANNUAL_RATE_PCT}%`,
    );
  }
  const uplift = new Dec(p.penaltyUpliftPct);
  if (uplift.lt(PENALTY_UPLIFT_MIN_PCT) || uplift.gt(PENALTY_UPLIFT_MAX_PCT)) {
    add(
      'penaltyUpliftPct',
      'OUT_OF_RANGE',
      `罚息上浮比例须为 ${PENALTY_UPLIFT_MIN_PCT}%–${PENALTY_UPLIFT_MAX_PCT}%`,
      `The penalty uplift must be ${PENALTY_UPLIFT_MIN_PCT}–${PENALTY_UPLIFT_MAX_PCT}%`,
    );
  }

  // borrowers
  if (p.minAge < MIN_BORROWER_AGE)
    add('minAge', 'OUT_OF_RANGE', `最低年龄不能小于 ${MIN_BORROWER_AGE} 周岁`, `The minimum age is at least ${MIN_BORROWER_AGE}`);
  if (p.maxAge > MAX_BORROWER_AGE)
    add('maxAge', 'OUT_OF_RANGE', `最高年龄不能超过 ${MAX_BORROWER_AGE} 周岁`, `The maximum age is at most ${MAX_BORROWER_AGE}`);
  if (p.minAge > p.maxAge) add('maxAge', 'MIN_GT_MAX', '最高年龄不能低于最低年龄', 'The maximum age cannot be below the minimum');
  if (p.serviceRegionPrefixes.length === 0) {
    add(
      'serviceRegionPrefixes',
      'REQUIRED',
      '至少填写一个服务区域（行政区划代码前缀）',
      'Give at least one service region (administrative code prefix)',
    );
  }
  p.serviceRegionPrefixes.forEach((r, i) => {
    if (!REGION_RE.test(r))
      add(
        `serviceRegionPrefixes.${i}`,
        'FORMAT',
        `服务区域“${r}”应为 2–6 位行政区划代码前缀`,
        `Region "${r}" must be a 2–6 digit administrative code prefix`,
      );
  });
  if (new Set(p.serviceRegionPrefixes).size !== p.serviceRegionPrefixes.length) {
    add('serviceRegionPrefixes', 'DUPLICATE', '服务区域有重复', 'A service region is listed twice');
  }

  // security: pledge rate only for PLEDGE, guarantors only for GUARANTEE
  if (p.kind === 'PLEDGE') {
    if (p.pledgeRatePct === null) add('pledgeRatePct', 'REQUIRED', '质押类产品须设置质押率', 'A pledge product needs a pledge rate');
    else if (new Dec(p.pledgeRatePct).lte(0) || new Dec(p.pledgeRatePct).gt(100)) {
      add('pledgeRatePct', 'OUT_OF_RANGE', '质押率须大于 0 且不超过 100%', 'The pledge rate must be above 0 and at most 100%');
    }
  } else if (p.pledgeRatePct !== null) {
    add('pledgeRatePct', 'NOT_APPLICABLE', '只有质押类产品可以设置质押率', 'Only a pledge product has a pledge rate');
  }
  if (p.kind === 'GUARANTEE') {
    if (p.guarantor === null) add('guarantor', 'REQUIRED', '保证类产品须设置担保人要求', 'A guaranteed product needs its guarantor rule');
    else if (p.guarantor.maxCount < 1 || p.guarantor.maxCount > MAX_GUARANTORS) {
      add(
        'guarantor.maxCount',
        'OUT_OF_RANGE',
        `担保人数上限须为 1–${MAX_GUARANTORS} 人`,
        `The guarantor count must be 1–${MAX_GUARANTORS}`,
      );
    }
  } else if (p.guarantor !== null) {
    add('guarantor', 'NOT_APPLICABLE', '只有保证类产品可以设置担保人要求', 'Only a guaranteed product has guarantors');
  }

  // servicing
  if (p.lineValidityMonths < 1 || p.lineValidityMonths > 120) {
    add('lineValidityMonths', 'OUT_OF_RANGE', '额度有效期须为 1–120 个月', 'The credit line validity must be 1–120 months');
  }
  if (p.referralDeadlineHours < 1 || p.referralDeadlineHours > 720) {
    add('referralDeadlineHours', 'OUT_OF_RANGE', '转人工审批时限须为 1–720 小时', 'The referral deadline must be 1–720 hours');
  }
  if (p.inspection.firstAfterDays < 1 || p.inspection.firstAfterDays > INSPECTION_FIRST_MAX_DAYS) {
    add(
      'inspection.firstAfterDays',
      'OUT_OF_RANGE',
      `首次贷后检查须在放款后 1–${INSPECTION_FIRST_MAX_DAYS} 天`,
      `The first inspection must be 1–${INSPECTION_FIRST_MAX_DAYS} days after disbursement`,
    );
  }
  if (p.inspection.everyDays < INSPECTION_EVERY_MIN_DAYS || p.inspection.everyDays > INSPECTION_EVERY_MAX_DAYS) {
    add(
      'inspection.everyDays',
      'OUT_OF_RANGE',
      `贷后检查间隔须为 ${INSPECTION_EVERY_MIN_DAYS}–${INSPECTION_EVERY_MAX_DAYS} 天`,
      `The inspection interval must be ${INSPECTION_EVERY_MIN_DAYS}–${INSPECTION_EVERY_MAX_DAYS} days`,
    );
  }
  const order = [...p.repaymentOrder].sort();
  const parts = [...REPAYMENT_PARTS].sort();
  if (order.length !== parts.length || order.some((x, i) => x !== parts[i])) {
    add(
      'repaymentOrder',
      'NOT_A_PERMUTATION',
      '还款顺序须包含且仅包含：费用、罚息复利、利息、本金各一次',
      'The repayment order must list FEES, PENALTY, INTEREST and PRINCIPAL once each',
    );
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// pricing

/** The contract rate for a grade: LPR + the grade's spread, kept inside [floor, ceiling]. */
export function annualRatePctFor(p: ProductParams, lprPct: string, grade: PricingGrade): string {
  return formatRatePct(rateFor(p, new Dec(lprPct), grade));
}

/** The lowest and highest contract rate the product can give at this LPR (for the public page). */
export function indicativeRateRange(p: ProductParams, lprPct: string): { minPct: string; maxPct: string } {
  const lpr = new Dec(lprPct);
  const rates = PRICING_GRADES.map((g) => rateFor(p, lpr, g));
  return { minPct: formatRatePct(Dec.min(...rates)), maxPct: formatRatePct(Dec.max(...rates)) };
}

function rateFor(p: ProductParams, lpr: Decimal, grade: PricingGrade): Decimal {
  const raw = lpr.plus(p.pricing.spreadPctByGrade[grade]);
  return Dec.min(Dec.max(raw, p.pricing.floorPct), p.pricing.ceilingPct);
}

// ---------------------------------------------------------------------------------------------
// readable diff (Chinese labels, yuan amounts, percent rates)

export const METHOD_LABELS: Record<RepaymentMethod, string> = {
  EQUAL_INSTALLMENT: '等额本息',
  EQUAL_PRINCIPAL: '等额本金',
  MONTHLY_INTEREST: '按月付息到期还本',
  BULLET: '利随本清',
};
const PART_LABELS: Record<string, string> = { FEES: '费用', PENALTY: '罚息复利', INTEREST: '利息', PRINCIPAL: '本金' };
const KIND_LABELS: Record<ProductKind, string> = { CREDIT: '信用', GUARANTEE: '保证', PLEDGE: '质押' };

/** "200000.00" → "200,000.00 元". */
export function yuanText(fen: bigint): string {
  const [int, frac] = formatYuan(fen).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac} 元`;
}

/** "0.45" → "0.45%", "50" → "50.00%". */
export function pctText(pctValue: string): string {
  return `${formatRatePct(new Dec(pctValue))}%`;
}

interface FieldSpec {
  field: string;
  label: string;
  text: (p: ProductParams) => string;
  /** Equality; the text by default (rates compare as numbers, so "0.45" equals "0.450"). */
  same?: (a: ProductParams, b: ProductParams) => boolean;
}

const rate = (get: (p: ProductParams) => string) => ({
  text: (p: ProductParams) => pctText(get(p)),
  same: (a: ProductParams, b: ProductParams) => new Dec(get(a)).eq(get(b)),
});
const optionalRate = (get: (p: ProductParams) => string | null) => ({
  text: (p: ProductParams) => {
    const v = get(p);
    return v === null ? '不适用' : pctText(v);
  },
  same: (a: ProductParams, b: ProductParams) => {
    const x = get(a);
    const y = get(b);
    return x === null || y === null ? x === y : new Dec(x).eq(y);
  },
});

const FIELDS: FieldSpec[] = [
  { field: 'nameZh', label: '产品名称（中文）', text: (p) => p.nameZh },
  { field: 'nameEn', label: '产品名称（英文）', text: (p) => p.nameEn },
  { field: 'descriptionZh', label: '产品简介', text: (p) => p.descriptionZh },
  { field: 'kind', label: '产品类型', text: (p) => KIND_LABELS[p.kind] },
  { field: 'revolving', label: '循环额度', text: (p) => (p.revolving ? '是（额度内随借随还）' : '否（单笔使用）') },
  { field: 'minAmount', label: '最低金额', text: (p) => yuanText(p.minAmountFen) },
  { field: 'maxAmount', label: '最高金额', text: (p) => yuanText(p.maxAmountFen) },
  { field: 'minTermMonths', label: '最短期限', text: (p) => `${p.minTermMonths} 个月` },
  { field: 'maxTermMonths', label: '最长期限', text: (p) => `${p.maxTermMonths} 个月` },
  { field: 'repaymentMethods', label: '还款方式', text: (p) => p.repaymentMethods.map((m) => METHOD_LABELS[m]).join('、') || '（无）' },
  { field: 'bulletMaxTermMonths', label: '利随本清最长期限', text: (p) => `${p.bulletMaxTermMonths} 个月` },
  ...PRICING_GRADES.map((g) => ({
    field: `pricing.spreadPctByGrade.${g}`,
    label: `${g} 级客户利率加点（LPR 基础上）`,
    ...rate((p) => p.pricing.spreadPctByGrade[g]),
  })),
  { field: 'pricing.floorPct', label: '执行利率下限', ...rate((p) => p.pricing.floorPct) },
  { field: 'pricing.ceilingPct', label: '执行利率上限', ...rate((p) => p.pricing.ceilingPct) },
  { field: 'penaltyUpliftPct', label: '罚息利率上浮比例', ...rate((p) => p.penaltyUpliftPct) },
  { field: 'minAge', label: '借款人最低年龄', text: (p) => `${p.minAge} 周岁` },
  { field: 'maxAge', label: '借款人最高年龄', text: (p) => `${p.maxAge} 周岁` },
  { field: 'serviceRegionPrefixes', label: '服务区域（行政区划代码前缀）', text: (p) => p.serviceRegionPrefixes.join('、') || '（无）' },
  { field: 'internetLoanCap', label: '互联网贷款单户上限', text: (p) => yuanText(p.internetLoanCapFen) },
  { field: 'autoApproveMax', label: '自动审批金额上限', text: (p) => yuanText(p.autoApproveMaxFen) },
  { field: 'pledgeRatePct', label: '质押率', ...optionalRate((p) => p.pledgeRatePct) },
  {
    field: 'guarantor',
    label: '担保人要求',
    text: (p) =>
      p.guarantor === null ? '不适用' : `${p.guarantor.required ? '须提供担保人' : '可选担保人'}，最多 ${p.guarantor.maxCount} 人`,
  },
  { field: 'lineValidityMonths', label: '额度有效期', text: (p) => `${p.lineValidityMonths} 个月` },
  { field: 'dayCountBasis', label: '计息天数基础', text: (p) => `${p.dayCountBasis} 天/年` },
  { field: 'referralDeadlineHours', label: '转人工审批时限', text: (p) => `${p.referralDeadlineHours} 小时` },
  { field: 'repaymentOrder', label: '还款冲销顺序', text: (p) => p.repaymentOrder.map((x) => PART_LABELS[x] ?? x).join(' → ') },
  { field: 'inspection.firstAfterDays', label: '首次贷后检查（放款后）', text: (p) => `${p.inspection.firstAfterDays} 天` },
  { field: 'inspection.everyDays', label: '贷后检查间隔', text: (p) => `每 ${p.inspection.everyDays} 天` },
];

/** The readable diff of a parameter change: only the fields that change. */
export function diffProductParams(
  before: ProductParams | null,
  after: ProductParams,
): Array<{ field: string; label: string; before: string | null; after: string }> {
  const lines: Array<{ field: string; label: string; before: string | null; after: string }> = [];
  for (const f of FIELDS) {
    const unchanged = before !== null && (f.same ? f.same(before, after) : f.text(before) === f.text(after));
    if (unchanged) continue;
    lines.push({ field: f.field, label: f.label, before: before === null ? null : f.text(before), after: f.text(after) });
  }
  return lines;
}
