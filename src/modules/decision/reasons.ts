/**
 * Human-readable reasons for every code a credit policy may produce, in Chinese (shown to customers and
 * staff by default) and English. A policy that emits a code missing here is rejected by
 * validatePolicyDocument; at run time an unknown code still gets a generic message rather than failing.
 */
import type { DecisionReason } from './types.js';

export interface ReasonText {
  zh: string;
  en: string;
  /** What the code does to the outcome. */
  effect: 'DECLINE' | 'REFER' | 'NOTE';
}

export const REASONS = {
  // knock-outs (DECLINE)
  OUT_OF_REGION: {
    effect: 'DECLINE',
    zh: '申请人身份证归属地不在本行服务区域（济宁市）',
    en: "The applicant's ID is registered outside the bank's service region (Jining)",
  },
  AGE_OUT_OF_RANGE: {
    effect: 'DECLINE',
    zh: '申请人年龄不在本产品的准入年龄范围内',
    en: "The applicant's age is outside the product's eligible age range",
  },
  COURT_ENFORCEMENT_LIST: {
    effect: 'DECLINE',
    zh: '申请人在法院被执行人名单中',
    en: 'The applicant is on the court enforcement list (judgment debtor)',
  },
  DISHONEST_DEBTOR_LIST: {
    effect: 'DECLINE',
    zh: '申请人在失信被执行人名单中',
    en: 'The applicant is on the list of dishonest judgment debtors',
  },
  BANK_BLACKLIST: {
    effect: 'DECLINE',
    zh: '申请人在本行黑名单中',
    en: "The applicant is on the bank's blacklist",
  },
  BUREAU_CURRENT_OVERDUE: {
    effect: 'DECLINE',
    zh: '征信报告显示申请人当前有逾期欠款',
    en: 'The credit report shows an amount currently overdue',
  },
  BUREAU_WORST_STATUS: {
    effect: 'DECLINE',
    zh: '征信报告显示近24个月内有连续3期及以上逾期（M3+）',
    en: 'The credit report shows a delinquency of M3 or worse in the last 24 months',
  },
  TOO_MANY_INQUIRIES: {
    effect: 'DECLINE',
    zh: '近6个月贷款及信用卡审批查询次数过多（超过10次）',
    en: 'Too many credit inquiries in the last 6 months (more than 10)',
  },
  AMOUNT_OUT_OF_RANGE: {
    effect: 'DECLINE',
    zh: '申请金额不在本产品的金额范围内',
    en: "The requested amount is outside the product's amount range",
  },
  INTERNET_LOAN_CAP: {
    effect: 'DECLINE',
    zh: '已有线上信用贷款额度与本次申请合计超过互联网个人信用贷款单户上限（20万元）',
    en: 'Existing unsecured online credit plus this request exceeds the per-customer internet-loan cap (¥200,000)',
  },
  PLEDGE_MISSING: {
    effect: 'DECLINE',
    zh: '未提供可质押的本行存单',
    en: 'No certificate of deposit of this bank is offered as pledge',
  },
  GUARANTOR_MISSING: {
    effect: 'DECLINE',
    zh: '未有保证人确认担保',
    en: 'No guarantor has confirmed the guarantee',
  },
  LOW_SCORE: {
    effect: 'DECLINE',
    zh: '综合评分未达到本行授信标准',
    en: "The credit score is below the bank's lending standard",
  },
  INSUFFICIENT_LIMIT: {
    effect: 'DECLINE',
    zh: '根据收入、存款或担保情况测算的可贷额度低于本产品最低金额',
    en: "The limit supported by income, deposits or security is below the product's minimum amount",
  },
  NOT_PRE_CREDITED: {
    effect: 'DECLINE',
    zh: '本产品仅面向预授信白名单客户，申请人未获有效的预授信',
    en: 'This product is only for pre-credited customers; the applicant holds no valid pre-credit',
  },
  // referral triggers (REFER)
  BORDERLINE_SCORE: {
    effect: 'REFER',
    zh: '综合评分接近授信标准线，转人工审批',
    en: 'The credit score is close to the cut-off; referred to an approver',
  },
  HIGH_AMOUNT: {
    effect: 'REFER',
    zh: '申请金额超过自动审批上限，转人工审批',
    en: 'The requested amount exceeds the automatic-approval maximum; referred to an approver',
  },
  DATA_MISMATCH: {
    effect: 'REFER',
    zh: '申请信息与征信等外部数据不一致（姓名或收入），转人工核实',
    en: 'The application does not match external data (name or income); referred for verification',
  },
  // notes on an approval
  LIMIT_BELOW_REQUEST: {
    effect: 'NOTE',
    zh: '核定额度低于申请金额',
    en: 'The approved limit is lower than the requested amount',
  },
  AUTO_APPROVAL_CAP: {
    effect: 'NOTE',
    zh: '自动审批的额度以本产品自动审批上限为限；如需更高额度，须经人工审批',
    en: "An automatically approved limit is capped at the product's automatic-approval maximum; a higher limit needs an approver",
  },
} as const satisfies Record<string, ReasonText>;

export type ReasonCode = keyof typeof REASONS;

export function isReasonCode(code: string): code is ReasonCode {
  return Object.prototype.hasOwnProperty.call(REASONS, code);
}

/** The bilingual reason for a code; an unknown code gets a generic message that still names it. */
export function describeReason(code: string): DecisionReason {
  if (isReasonCode(code)) {
    const r = REASONS[code];
    return { code, messageZh: r.zh, messageEn: r.en };
  }
  return { code, messageZh: `授信策略规则：${code}`, messageEn: `Credit policy rule: ${code}` };
}
