/**
 * The API contract of products: the vocabularies (codes, kinds, grades, repayment methods and parts,
 * LPR tenors), the term limits of every schedule, the product parameter set in its decoded form
 * (ProductParams, bigint fen) and its API form (yuan strings), and the request and response shapes of
 * every products route.
 *
 * Pure zod over the kernel's shared atoms (no drizzle, no node:*), so the routes, the services, the
 * schedule engine, the calculator and both web apps take their types and vocabularies from here — each
 * defined once.
 */
import { z } from 'zod';
import { isoDate } from '../../kernel/contract.js';

// ---------------------------------------------------------------------------------------------
// vocabularies and limits

export const PRODUCT_CODES = ['XIN_E_DAI', 'XIN_E_KUAI_DAI', 'JI_E_DAI', 'BAOZHENG_E_DAI', 'ZHIYA_E_DAI'] as const;
export type ProductCode = (typeof PRODUCT_CODES)[number];
export const PRODUCT_KINDS = ['CREDIT', 'GUARANTEE', 'PLEDGE'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
export const PRICING_GRADES = ['A', 'B', 'C', 'D'] as const;
export type PricingGrade = (typeof PRICING_GRADES)[number];
/** The parts of a repayment, in the order a payment may be applied to them. */
export const REPAYMENT_PARTS = ['FEES', 'PENALTY', 'INTEREST', 'PRINCIPAL'] as const;
export type RepaymentPart = (typeof REPAYMENT_PARTS)[number];
/** 等额本息, 等额本金, 按月付息到期还本, 利随本清. */
export const REPAYMENT_METHODS = ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET'] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];
export const LPR_TENORS = ['1Y', '5Y'] as const;
export type LprTenor = (typeof LPR_TENORS)[number];
export const PRODUCT_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];
/** A parameter version or LPR fixing on a date: the one in effect, a later approved one, or an older one. */
export const VERSION_STATES = ['IN_EFFECT', 'SCHEDULED', 'SUPERSEDED'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

/** Term limits of every schedule (the engine, the calculator, the product parameters). */
export const MIN_TERM_MONTHS = 1;
export const MAX_TERM_MONTHS = 360;
/** 利随本清 only: a term in days. */
export const MIN_TERM_DAYS = 1;
export const MAX_TERM_DAYS = 3660;

// ---------------------------------------------------------------------------------------------
// the product parameter set

/**
 * Routine post-loan inspection (贷后检查) of a product's loans: the first check this many days after
 * disbursement, then every this many days (end-of-day step INSPECT). The defaults of every parameter
 * version stored before these parameters existed.
 */
export const DEFAULT_INSPECTION_SCHEDULE = { firstAfterDays: 30, everyDays: 90 } as const;

/** Non-negative percent, no sign, no exponent, no leading zeros, at most 6 decimals. */
export const PCT_RE = /^(?:0|[1-9]\d{0,2})(?:\.\d{1,6})?$/;
const YUAN_RE = /^(?:0|[1-9]\d{0,14})(?:\.\d{1,2})?$/;

const pct = z.string().regex(PCT_RE, 'a percent such as "4.35"');
const int = z.number().int();
const paramYuan = z.string().regex(YUAN_RE, 'yuan with at most two decimals, e.g. "8530.99"');

/** Fields that are the same in every form of a parameter set (decoded, stored JSON, API). */
export const productParamsCommon = {
  code: z.enum(PRODUCT_CODES),
  nameZh: z.string().max(100),
  nameEn: z.string().max(100),
  descriptionZh: z.string().max(1000),
  kind: z.enum(PRODUCT_KINDS),
  /** Revolving line (信e贷) or single-use. */
  revolving: z.boolean(),
  minTermMonths: int,
  maxTermMonths: int,
  repaymentMethods: z.array(z.enum(REPAYMENT_METHODS)).max(10),
  /** 利随本清 at most 12 months. */
  bulletMaxTermMonths: int,
  pricing: z.object({
    spreadPctByGrade: z.object({ A: pct, B: pct, C: pct, D: pct }),
    floorPct: pct,
    ceilingPct: pct,
  }),
  /** '50' → penalty rate = contract × 1.5 (30–50). */
  penaltyUpliftPct: pct,
  minAge: int,
  maxAge: int,
  /** ['3708'] the Jining area. */
  serviceRegionPrefixes: z.array(z.string().max(12)).max(50),
  /** '90' for 质押e贷. */
  pledgeRatePct: pct.nullable(),
  guarantor: z.object({ required: z.boolean(), maxCount: int }).nullable(),
  /** Credit line expiry after opening. */
  lineValidityMonths: int,
  dayCountBasis: z.union([z.literal(360), z.literal(365)]),
  /**
   * Approver's deadline for a referred case (and a manual review), counted on the business calendar:
   * each 24 h is one business day after the business date (calendar businessDeadline; default 24 = one).
   */
  referralDeadlineHours: int,
  /** ['FEES','PENALTY','INTEREST','PRINCIPAL']. */
  repaymentOrder: z.array(z.string().max(20)).max(10),
  /** Routine post-loan checks (stored versions from before them read as the defaults: params.ts). */
  inspection: z.object({ firstAfterDays: int, everyDays: int }).describe('贷后检查：放款后首次检查天数、此后检查间隔天数'),
  /** Only pre-credited customers (预授信白名单) may apply: 信e快贷. Others are declined NOT_PRE_CREDITED. */
  whiteListOnly: z.boolean().describe('仅限预授信白名单客户'),
};

/**
 * ProductParams (the lending contract's product parameters): amounts in bigint fen. The decoded side
 * of the stored-JSON and API codecs (params.ts).
 */
export const productParamsSchema = z.object({
  ...productParamsCommon,
  minAmountFen: z.bigint(),
  maxAmountFen: z.bigint(),
  /** 200,000 yuan: unsecured personal online credit per customer. */
  internetLoanCapFen: z.bigint(),
  /** Above → REFER (HIGH_AMOUNT). */
  autoApproveMaxFen: z.bigint(),
});
export type ProductParams = z.infer<typeof productParamsSchema>;

/** API form (plain strings): the request and response shape of the HTTP API. */
export const productParamsApiSchema = z.object({
  ...productParamsCommon,
  minAmount: paramYuan.describe('最低金额（元）'),
  maxAmount: paramYuan.describe('最高金额（元）'),
  internetLoanCap: paramYuan.describe('互联网贷款单户上限（元）'),
  autoApproveMax: paramYuan.describe('自动审批上限（元）'),
});
export type ProductParamsApi = z.infer<typeof productParamsApiSchema>;

// ---------------------------------------------------------------------------------------------
// requests

export const productCodeParams = z.object({ code: z.string().min(1).max(40) });
export type ProductCodeParams = z.infer<typeof productCodeParams>;

export const productDateQuery = z.object({ date: isoDate.optional().describe('查询日期，默认当前营业日期') });
export type ProductDateQuery = z.infer<typeof productDateQuery>;

/** PUT body: the whole parameter set in API form plus its effective date; code and kind cannot change. */
export const productParamsBody = productParamsApiSchema.omit({ code: true, kind: true }).extend({
  code: z.string().max(40).optional(),
  kind: z.string().max(20).optional(),
  effectiveDate: isoDate.describe('生效日期，不早于当前营业日期'),
});
export type ProductParamsBody = z.infer<typeof productParamsBody>;
/** A full parameter set in API form, as PUT sends it without its effective date. */
export type ProductParamsInput = Omit<ProductParamsBody, 'effectiveDate'>;

export const lprBody = z.object({
  tenor: z.enum(LPR_TENORS),
  effectiveDate: isoDate,
  ratePct: z.string().max(16).describe('百分数，如 "3.00"'),
});
export type LprBody = z.infer<typeof lprBody>;

// ---------------------------------------------------------------------------------------------
// responses

export const indicativeRate = z.object({ minPct: z.string(), maxPct: z.string() });
export type IndicativeRate = z.infer<typeof indicativeRate>;
const versionState = z.enum(VERSION_STATES);

export const productView = z.object({
  code: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  nameZh: z.string(),
  nameEn: z.string(),
  status: z.enum(PRODUCT_STATUSES),
  version: z.number().int(),
  effectiveDate: z.string(),
  params: productParamsApiSchema,
  indicativeRate: indicativeRate.nullable().describe('年化利率区间（按当日 1 年期 LPR）'),
  scheduled: z.object({ version: z.number().int(), effectiveDate: z.string() }).nullable().describe('已复核、尚未生效的下一版本'),
});
export type ProductView = z.infer<typeof productView>;

export const productList = z.object({
  businessDate: z.string(),
  date: z.string(),
  lpr: z.object({ '1Y': z.string().nullable(), '5Y': z.string().nullable() }),
  items: z.array(productView),
});
export type ProductList = z.infer<typeof productList>;

export const productVersionView = z.object({
  version: z.number().int(),
  effectiveDate: z.string(),
  state: versionState,
  reviewRequestId: z.number().int().nullable(),
  createdAt: z.string(),
  params: productParamsApiSchema,
});
export type ProductVersionView = z.infer<typeof productVersionView>;

export const productDetail = productView.extend({
  date: z.string(),
  businessDate: z.string(),
  lprPct: z.string().nullable(),
  versions: z.array(productVersionView),
});
export type ProductDetail = z.infer<typeof productDetail>;

const lprCurrent = z.object({ ratePct: z.string(), effectiveDate: z.string() }).nullable();

export const lprFixing = z.object({
  tenor: z.enum(LPR_TENORS),
  effectiveDate: z.string(),
  ratePct: z.string(),
  state: versionState,
  reviewRequestId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type LprFixing = z.infer<typeof lprFixing>;

export const lprList = z.object({
  businessDate: z.string(),
  current: z.object({ '1Y': lprCurrent, '5Y': lprCurrent }),
  items: z.array(lprFixing),
});
export type LprList = z.infer<typeof lprList>;

/** A change submitted for review (or applied at once where the review policy says so). */
export const submittedChange = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type SubmittedChange = z.infer<typeof submittedChange>;

/** What a customer may see of a product (mobile page, trial calculator), nothing internal. */
export const publicProduct = z.object({
  code: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  /** In the request's language. */
  name: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  description: z.string(),
  revolving: z.boolean(),
  minAmount: z.string(),
  maxAmount: z.string(),
  minTermMonths: z.number().int(),
  maxTermMonths: z.number().int(),
  bulletMaxTermMonths: z.number().int(),
  repaymentMethods: z.array(z.enum(REPAYMENT_METHODS)),
  /** "年化利率 3.45%–5.65%" at the 1-year LPR of the business date; null when no LPR is in effect. */
  indicativeRate: indicativeRate.extend({ text: z.string() }).nullable(),
});
export type PublicProduct = z.infer<typeof publicProduct>;

export const publicProductList = z.object({
  businessDate: z.string(),
  lprPct: z.string().nullable(),
  items: z.array(publicProduct),
});
export type PublicProductList = z.infer<typeof publicProductList>;
