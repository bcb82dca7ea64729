/**
 * The API contract of the early-warning rules (预警规则): the three colours, the rule catalogue (each
 * rule's names, colour settings and thresholds with their bounds and defaults), the versions in force,
 * a change submitted for review, and the contact-lost mark.
 *
 * Pure zod and constants: no drizzle, no Node.js, so the console imports it (labels, bounds, defaults).
 */
import { z } from 'zod';
import { isoDate, paged, pageQuery } from '../../kernel/contract.js';

/** The three colours, mildest first (黄 / 橙 / 红). */
export const WARNING_LEVELS = ['YELLOW', 'ORANGE', 'RED'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const warningLevel = z.enum(WARNING_LEVELS);

export const WARNING_LEVEL_LABELS: Record<WarningLevel, { zh: string; en: string }> = {
  YELLOW: { zh: '黄色', en: 'Yellow' },
  ORANGE: { zh: '橙色', en: 'Orange' },
  RED: { zh: '红色', en: 'Red' },
};

export const WARNING_RULE_CODES = [
  'DPD',
  'GUARANTOR_OVERDUE',
  'LIST_HIT',
  'DEPOSIT_OUTFLOW',
  'BUREAU_DETERIORATION',
  'LINE_USAGE',
  'BORROW_TO_REPAY',
  'PLEDGED_CD_ANOMALY',
  'MAX_AGE',
  'CONTACT_LOST',
] as const;
export type WarningRuleCode = (typeof WARNING_RULE_CODES)[number];

/** A colour setting of a rule (a rule has one or several: e.g. a colour per list kind). */
export interface RuleLevelSpec {
  key: string;
  zh: string;
  en: string;
  default: WarningLevel;
}

/** A numeric threshold of a rule: a whole number within [min, max]. */
export interface RuleThresholdSpec {
  key: string;
  zh: string;
  en: string;
  unit: { zh: string; en: string };
  min: number;
  max: number;
  default: number;
}

export interface RuleSpec {
  code: WarningRuleCode;
  zh: string;
  en: string;
  /** What the rule reads (for the catalogue screen and docs/risk.md). */
  sourceZh: string;
  levels: RuleLevelSpec[];
  thresholds: RuleThresholdSpec[];
}

const DAYS = { zh: '天', en: 'days' };
const PCT = { zh: '%', en: '%' };
const TIMES = { zh: '次', en: 'times' };

/** The rule catalogue: every rule, its colour settings and its thresholds with their defaults. */
export const WARNING_RULE_CATALOGUE: readonly RuleSpec[] = [
  {
    code: 'DPD',
    zh: '逾期天数',
    en: 'Days past due',
    sourceZh: '贷款日终快照（当日逾期天数）',
    levels: [],
    thresholds: [
      { key: 'yellowFromDpd', zh: '黄色：逾期天数达到', en: 'Yellow from dpd', unit: DAYS, min: 1, max: 365, default: 1 },
      { key: 'orangeFromDpd', zh: '橙色：逾期天数达到', en: 'Orange from dpd', unit: DAYS, min: 1, max: 365, default: 31 },
      { key: 'redFromDpd', zh: '红色：逾期天数达到', en: 'Red from dpd', unit: DAYS, min: 1, max: 365, default: 91 },
    ],
  },
  {
    code: 'GUARANTOR_OVERDUE',
    zh: '担保人/共同借款人逾期或不良',
    en: 'Guarantor or co-borrower overdue or non-performing',
    sourceZh: '担保关系（已确认的担保人、共同借款人）与关联方当日贷款快照',
    levels: [
      { key: 'overdue', zh: '关联方逾期', en: 'Party overdue', default: 'YELLOW' },
      { key: 'npl', zh: '关联方不良（次级及以下）', en: 'Party non-performing', default: 'ORANGE' },
    ],
    thresholds: [],
  },
  {
    code: 'LIST_HIT',
    zh: '外部名单命中',
    en: 'External list hit',
    sourceZh: '外部名单（被执行人、失信被执行人、本行黑名单），按身份证号匹配',
    levels: [
      { key: 'COURT_ENFORCEMENT', zh: '被执行人', en: 'Court enforcement', default: 'ORANGE' },
      { key: 'DISHONEST', zh: '失信被执行人', en: 'Dishonest debtor', default: 'RED' },
      { key: 'BANK_BLACKLIST', zh: '本行黑名单', en: 'Bank blacklist', default: 'RED' },
    ],
    thresholds: [],
  },
  {
    code: 'DEPOSIT_OUTFLOW',
    zh: '存款大幅流出',
    en: 'Deposit outflow',
    sourceZh: '核心系统活期账户余额与交易流水',
    levels: [{ key: 'level', zh: '颜色', en: 'Colour', default: 'YELLOW' }],
    thresholds: [
      { key: 'dropPct', zh: '余额下降超过', en: 'Balance down by more than', unit: PCT, min: 1, max: 100, default: 50 },
      { key: 'days', zh: '观察天数', en: 'Within days', unit: DAYS, min: 1, max: 365, default: 30 },
    ],
  },
  {
    code: 'BUREAU_DETERIORATION',
    zh: '征信恶化',
    en: 'Credit-bureau deterioration',
    sourceZh: '征信摘要导入（最新一期与上一期比较）',
    levels: [
      { key: 'newOverdue', zh: '新增逾期', en: 'New overdue', default: 'ORANGE' },
      { key: 'inquiries', zh: '查询次数过多', en: 'Too many inquiries', default: 'YELLOW' },
    ],
    thresholds: [
      { key: 'maxInquiries6m', zh: '近 6 个月查询次数超过', en: 'Inquiries in 6 months above', unit: TIMES, min: 1, max: 100, default: 6 },
    ],
  },
  {
    code: 'LINE_USAGE',
    zh: '额度持续高位使用',
    en: 'Line used high',
    sourceZh: '授信额度与其下贷款余额（每日更新的连续天数计数）',
    levels: [{ key: 'level', zh: '颜色', en: 'Colour', default: 'YELLOW' }],
    thresholds: [
      { key: 'usagePct', zh: '额度使用率超过', en: 'Usage above', unit: PCT, min: 1, max: 100, default: 90 },
      { key: 'days', zh: '连续天数达到', en: 'For consecutive days', unit: DAYS, min: 1, max: 365, default: 60 },
    ],
  },
  {
    code: 'BORROW_TO_REPAY',
    zh: '借新还旧迹象',
    en: 'Borrowing to repay',
    sourceZh: '用信记录与客户其他贷款的还款计划',
    levels: [{ key: 'level', zh: '颜色', en: 'Colour', default: 'ORANGE' }],
    thresholds: [
      {
        key: 'days',
        zh: '用信距另一笔贷款到期日不超过',
        en: 'Drawdown within days before a due date',
        unit: DAYS,
        min: 1,
        max: 60,
        default: 5,
      },
    ],
  },
  {
    code: 'PLEDGED_CD_ANOMALY',
    zh: '质押存单异常',
    en: 'Pledged certificate anomaly',
    sourceZh: '质押登记与核心系统存单状态、存单事件（冻结、挂失、提前支取申请）',
    levels: [
      { key: 'frozenOrLost', zh: '存单冻结或挂失', en: 'Frozen or lost', default: 'RED' },
      { key: 'earlyWithdrawal', zh: '提前支取申请', en: 'Early-withdrawal attempt', default: 'ORANGE' },
    ],
    thresholds: [
      { key: 'attemptDays', zh: '提前支取申请的关注天数', en: 'Attempt watched for days', unit: DAYS, min: 1, max: 365, default: 30 },
    ],
  },
  {
    code: 'MAX_AGE',
    zh: '借款人达到产品最高年龄',
    en: 'Borrower reaches the product maximum age',
    sourceZh: '身份证出生日期与产品参数（借款人最高年龄）',
    levels: [{ key: 'level', zh: '颜色', en: 'Colour', default: 'YELLOW' }],
    thresholds: [],
  },
  {
    code: 'CONTACT_LOST',
    zh: '联系不上',
    en: 'Contact lost',
    sourceZh: '客户经理或贷后检查岗的标记',
    levels: [{ key: 'level', zh: '颜色', en: 'Colour', default: 'ORANGE' }],
    thresholds: [],
  },
];

/** One rule's settings as stored and submitted: on or off, its colours, its thresholds. */
export const warningRuleSetting = z.strictObject({
  code: z.enum(WARNING_RULE_CODES),
  enabled: z.boolean(),
  levels: z.record(z.string().max(40), warningLevel),
  thresholds: z.record(z.string().max(40), z.number().int().min(0).max(100_000)),
});
export type WarningRuleSetting = z.infer<typeof warningRuleSetting>;

export const warningRuleView = warningRuleSetting.extend({ nameZh: z.string(), nameEn: z.string(), sourceZh: z.string() });
export type WarningRuleView = z.infer<typeof warningRuleView>;

export const warningCatalogue = z.object({
  /** The date asked about (the business date by default). */
  date: z.string(),
  /** 0: the built-in defaults (no approved version yet). */
  version: z.number().int(),
  effectiveDate: z.string().nullable(),
  rules: z.array(warningRuleView),
});
export type WarningCatalogue = z.infer<typeof warningCatalogue>;

export const warningCatalogueQuery = z.strictObject({ date: isoDate.optional().describe('在该营业日期生效的规则（默认当前营业日期）') });

export const warningVersionState = z.enum(['IN_EFFECT', 'SCHEDULED', 'SUPERSEDED']);
export const warningRuleVersion = z.object({
  version: z.number().int(),
  effectiveDate: z.string(),
  state: warningVersionState,
  enabledRules: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type WarningRuleVersion = z.infer<typeof warningRuleVersion>;
export const warningVersionsQuery = pageQuery;
export const warningVersionsPage = paged(warningRuleVersion);
export type WarningVersionsPage = z.infer<typeof warningVersionsPage>;

export const warningRulesChange = z.strictObject({
  effectiveDate: isoDate.describe('生效日期，不早于当前营业日期的次日'),
  rules: z.array(warningRuleSetting).min(1).max(WARNING_RULE_CODES.length).describe('变更后的规则设置（列出的规则整条替换，未列出的不变）'),
});
export type WarningRulesChange = z.infer<typeof warningRulesChange>;

export const warningSubmitted = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type WarningSubmitted = z.infer<typeof warningSubmitted>;

export const contactLostBody = z.strictObject({
  note: z.string().trim().min(1).max(500).describe('情况说明（如：电话停机、走访不在、搬离住址）'),
});
export type ContactLostBody = z.infer<typeof contactLostBody>;

export const contactLostView = z.object({
  customerId: z.number().int(),
  contactLost: z.boolean(),
  markedOn: z.string().nullable(),
  note: z.string().nullable(),
  markedBy: z.number().int().nullable(),
});
export type ContactLostView = z.infer<typeof contactLostView>;
