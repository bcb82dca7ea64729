/**
 * The API contract of the risk module (预警处置): early-warning alerts with their timelines, the
 * follow-ups staff record, the alert deadline parameters and the risk board.
 *
 * Pure zod over the kernel's shared atoms: no drizzle, no Node.js, so the console imports it.
 */
import { z } from 'zod';
import { id, isoDate, pageQuery, paged, sortQuery, yuan } from '../../kernel/contract.js';

export const RISK_LEVELS = ['YELLOW', 'ORANGE', 'RED'] as const;
export const riskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof riskLevel>;

export const ALERT_STATUSES = ['OPEN', 'CLOSED'] as const;
export const alertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof alertStatus>;

/** Who answers for an open alert now: the officer, then the branch head, then head office. */
export const ESCALATIONS = ['OFFICER', 'BRANCH_HEAD', 'HEAD_OFFICE'] as const;
export const escalation = z.enum(ESCALATIONS);
export type Escalation = z.infer<typeof escalation>;

export const FOLLOW_UP_KINDS = ['CALL', 'VISIT', 'FINDING', 'MEASURE', 'NEXT_STEP'] as const;
export const followUpKind = z.enum(FOLLOW_UP_KINDS);
export type FollowUpKind = z.infer<typeof followUpKind>;

export const ALERT_EVENT_KINDS = ['RAISED', 'UPGRADED', 'DOWNGRADED', 'CLOSED', 'ESCALATED', 'FOLLOW_UP'] as const;
export const MEASURES = ['HOLD', 'FREEZE', 'LIFT_HOLD'] as const;

/** One firing warning rule, as the warning step reports it (its evidence is the rule's own). */
export const alertRule = z.object({
  code: z.string(),
  level: z.string().nullable().optional(),
  evidence: z.unknown().optional(),
});
export type AlertRule = z.infer<typeof alertRule>;

export const alertItem = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerNameMasked: z.string().nullable(),
  level: riskLevel,
  rules: z.array(alertRule),
  /** The last business day to follow the alert up. */
  dueAt: isoDate,
  /** Open and dueAt before the business date: the deadline has passed. */
  overdue: z.boolean(),
  status: alertStatus,
  escalation,
  riskDept: z.boolean().describe('红色预警：风险管理部门（总行贷后检查岗）同时处置'),
  branchId: z.number().int(),
  branchName: z.string().nullable(),
  officerId: z.number().int().nullable(),
  officerName: z.string().nullable(),
  raisedOn: isoDate,
  levelOn: isoDate,
  lastFollowUpOn: isoDate.nullable(),
  closedOn: isoDate.nullable(),
});
export type AlertItem = z.infer<typeof alertItem>;
export const alertPage = paged(alertItem);
export type AlertPage = z.infer<typeof alertPage>;

export const ALERT_SORT_FIELDS = ['dueAt', 'raisedOn', 'level'] as const;
export type AlertSortField = (typeof ALERT_SORT_FIELDS)[number];
export const alertQuery = pageQuery.extend({
  level: riskLevel.optional(),
  status: alertStatus.optional(),
  escalation: escalation.optional(),
  customerId: id.optional(),
  ...sortQuery(ALERT_SORT_FIELDS),
});
export type AlertQuery = z.infer<typeof alertQuery>;

export const alertEvent = z.object({
  id: z.number().int(),
  kind: z.enum(ALERT_EVENT_KINDS),
  businessDate: isoDate,
  fromLevel: riskLevel.nullable(),
  level: riskLevel.nullable(),
  rules: z.array(alertRule).nullable(),
  escalation: escalation.nullable(),
  measure: z.enum(MEASURES).nullable(),
  followUpKind: followUpKind.nullable(),
  text: z.string().nullable(),
  nextStepOn: isoDate.nullable(),
  staffId: z.number().int().nullable(),
  staffName: z.string().nullable(),
  createdAt: z.string(),
});
export type AlertEvent = z.infer<typeof alertEvent>;

export const alertDetail = alertItem.extend({ events: z.array(alertEvent) });
export type AlertDetail = z.infer<typeof alertDetail>;

export const followUpRequest = z.object({
  kind: followUpKind,
  text: z.string().trim().min(1).max(1000).describe('跟进内容'),
  nextStepOn: isoDate.optional().describe('下一步日期（营业日，晚于今天，最多 30 天后）：新的处置时限'),
});
export type FollowUpRequest = z.infer<typeof followUpRequest>;

/** The follow-up deadline of each colour, in business days. */
export const alertParamValues = z.object({
  redDays: z.number().int().min(1).max(30).describe('红色预警处置时限（营业日，默认 1）'),
  orangeDays: z.number().int().min(1).max(30).describe('橙色预警处置时限（营业日，默认 3）'),
  yellowDays: z.number().int().min(1).max(30).describe('黄色预警处置时限（营业日，默认 7）'),
});
export type AlertParamValues = z.infer<typeof alertParamValues>;
export const alertParamVersion = alertParamValues.extend({
  version: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type AlertParamVersion = z.infer<typeof alertParamVersion>;
export const alertParams = z.object({ current: alertParamVersion, history: z.array(alertParamVersion) });
export type AlertParams = z.infer<typeof alertParams>;
export const submitted = z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type AlertParamsSubmitted = z.infer<typeof submitted>;

const levelCount = z.object({ level: riskLevel, customers: z.number().int(), balance: yuan });
const nplCell = z.object({
  balance: yuan,
  npl: yuan,
  ratioPct: z.string().describe('不良率（%，两位小数）'),
  nplYearStart: yuan,
  ratioPctYearStart: z.string(),
  nplChange: yuan.describe('不良余额较年初变化'),
  ratioChangePct: z.string().describe('不良率较年初变化（百分点）'),
});
export type NplFigures = z.infer<typeof nplCell>;

export const riskBoard = z.object({
  businessDate: isoDate,
  /** Customers with an open alert and their outstanding principal, by colour. */
  byLevel: z.array(levelCount),
  byBranch: z.array(levelCount.extend({ branchId: z.number().int(), branchName: z.string().nullable() })),
  /** Open alerts by colour at the close of each business day (from the alerts' timelines). */
  trend: z.array(z.object({ date: isoDate, YELLOW: z.number().int(), ORANGE: z.number().int(), RED: z.number().int() })),
  npl: z.object({
    snapshotDate: isoDate.nullable(),
    yearStartDate: isoDate.nullable(),
    total: nplCell,
    byBranch: z.array(nplCell.extend({ branchId: z.number().int(), branchName: z.string().nullable() })),
    byProduct: z.array(nplCell.extend({ productCode: z.string() })),
  }),
});
export type RiskBoard = z.infer<typeof riskBoard>;
