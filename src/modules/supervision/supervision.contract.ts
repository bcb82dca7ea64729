/**
 * The API contract of the supervision module (issue 15 §3): exemplars (典型), interviews and statements of
 * bottom-ranked units (约谈 / 表态发言) with their attendees, commitments and follow-ups, and the one
 * accountability register (问责登记簿: the 543 breaches and the manual records, kept by the sla module).
 * Pure zod over the kernel's atoms: the routes, the service and the console take their types from here.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged, yuan } from '../../kernel/contract.js';

export const UNIT_KINDS = ['BRANCH', 'STAFF'] as const;
export const unitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof unitKind>;

const exportFormat = z.enum(['json', 'xlsx']).optional().describe('xlsx: 导出全部（同筛选、同数据权限）为 Excel');
const ref = z.object({ id: z.number().int(), name: z.string() });
export type Ref = z.infer<typeof ref>;

/** The unit a record is about: a branch (branchId) or a staff member (staffId); the other field is left out. */
const unitFields = {
  unitKind: unitKind.describe('BRANCH 机构 / STAFF 员工'),
  branchId: id.optional().describe('机构（unitKind = BRANCH）'),
  staffId: id.optional().describe('员工（unitKind = STAFF）'),
};

const unitView = {
  unitKind,
  branch: ref,
  staff: ref.nullable(),
  /** The unit as shown: the branch's name, or the staff member's name with their branch. */
  unitName: z.string(),
};

const listFilters = {
  branchId: id.optional().describe('机构'),
  from: isoDate.optional().describe('起始日期（含）'),
  to: isoDate.optional().describe('截止日期（含）'),
  format: exportFormat,
};

// ---------- exemplars (典型) ----------

export const EXEMPLAR_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
export const exemplarStatus = z.enum(EXEMPLAR_STATUSES);
export type ExemplarStatus = z.infer<typeof exemplarStatus>;

export const exemplarBody = z.object({
  ...unitFields,
  title: z.string().trim().min(1).max(100).describe('标题'),
  story: z.string().trim().min(1).max(5000).describe('典型事迹'),
  periodFrom: isoDate.describe('所属期间起'),
  periodTo: isoDate.describe('所属期间止'),
  exemplarDate: isoDate.describe('选树日期（不晚于当前营业日期）'),
});
export type ExemplarBody = z.infer<typeof exemplarBody>;

export const exemplarItem = z.object({
  id: z.number().int(),
  ...unitView,
  title: z.string(),
  story: z.string(),
  periodFrom: isoDate,
  periodTo: isoDate,
  exemplarDate: isoDate,
  status: exemplarStatus,
  recordedBy: ref,
  recordedAt: isoDateTime,
  updatedBy: ref.nullable(),
  updatedAt: isoDateTime.nullable(),
  publishedBy: ref.nullable(),
  publishedAt: isoDateTime.nullable(),
});
export type ExemplarItem = z.infer<typeof exemplarItem>;
export const exemplarPage = paged(exemplarItem);
export type ExemplarPage = z.infer<typeof exemplarPage>;

export const exemplarQuery = pageQuery.extend({ ...listFilters, status: exemplarStatus.optional(), unitKind: unitKind.optional() });
export type ExemplarQuery = z.infer<typeof exemplarQuery>;

// ---------- interviews and statements (约谈 / 表态发言) ----------

export const INTERVIEW_KINDS = ['INTERVIEW', 'STATEMENT'] as const;
export const interviewKind = z.enum(INTERVIEW_KINDS);
export type InterviewKind = z.infer<typeof interviewKind>;
export const INTERVIEW_STATUSES = ['OPEN', 'CLOSED'] as const;
export const interviewStatus = z.enum(INTERVIEW_STATUSES);
export type InterviewStatus = z.infer<typeof interviewStatus>;
export const COMMITMENT_STATUSES = ['OPEN', 'DONE', 'MISSED'] as const;
export const commitmentStatus = z.enum(COMMITMENT_STATUSES);
export type CommitmentStatus = z.infer<typeof commitmentStatus>;

export const commitmentInput = z.object({
  text: z.string().trim().min(1).max(500).describe('承诺事项'),
  dueDate: isoDate.describe('完成期限（不早于约谈日期）'),
});
export type CommitmentInput = z.infer<typeof commitmentInput>;

export const interviewBody = z.object({
  kind: interviewKind.describe('INTERVIEW 约谈 / STATEMENT 表态发言'),
  ...unitFields,
  periodFrom: isoDate.describe('排名期间起（使其排名靠后的考核期间）'),
  periodTo: isoDate.describe('排名期间止'),
  rankNote: z.string().trim().max(100).optional().describe('排名说明，如“倒数第 2 名”'),
  heldOn: isoDate.describe('约谈/表态日期（不晚于当前营业日期）'),
  summary: z.string().trim().min(1).max(2000).describe('约谈内容或表态要点'),
  attendeeStaffIds: z.array(id).max(50).default([]).describe('参加人员（行内员工）'),
  externalAttendees: z.array(z.string().trim().min(1).max(50)).max(20).default([]).describe('其他参加人员（姓名/单位）'),
  commitments: z.array(commitmentInput).min(1).max(20).describe('承诺事项及期限（至少一项）'),
});
export type InterviewBody = z.input<typeof interviewBody>;

export const commitmentItem = z.object({
  seq: z.number().int(),
  text: z.string(),
  dueDate: isoDate,
  status: commitmentStatus,
  resolvedOn: isoDate.nullable(),
});
export type CommitmentItem = z.infer<typeof commitmentItem>;

export const attendeeItem = z.object({ staffId: z.number().int().nullable(), name: z.string() });
export type AttendeeItem = z.infer<typeof attendeeItem>;

export const followUpItem = z.object({
  id: z.number().int(),
  followedOn: isoDate,
  text: z.string(),
  statuses: z.array(z.object({ seq: z.number().int(), status: commitmentStatus })),
  recordedBy: ref,
  recordedAt: isoDateTime,
});
export type FollowUpItem = z.infer<typeof followUpItem>;

export const interviewItem = z.object({
  id: z.number().int(),
  kind: interviewKind,
  ...unitView,
  periodFrom: isoDate,
  periodTo: isoDate,
  rankNote: z.string().nullable(),
  heldOn: isoDate,
  summary: z.string(),
  status: interviewStatus,
  closedOn: isoDate.nullable(),
  commitmentsTotal: z.number().int(),
  commitmentsOpen: z.number().int(),
  nextDueDate: isoDate.nullable().describe('未办结承诺中最早的期限'),
  recordedBy: ref,
  recordedAt: isoDateTime,
});
export type InterviewItem = z.infer<typeof interviewItem>;
export const interviewPage = paged(interviewItem);
export type InterviewPage = z.infer<typeof interviewPage>;

export const interviewDetail = interviewItem.extend({
  attendees: z.array(attendeeItem),
  commitments: z.array(commitmentItem),
  followUps: z.array(followUpItem),
});
export type InterviewDetail = z.infer<typeof interviewDetail>;

export const interviewQuery = pageQuery.extend({
  ...listFilters,
  kind: interviewKind.optional(),
  status: interviewStatus.optional(),
  unitKind: unitKind.optional(),
  staffId: id.optional(),
});
export type InterviewQuery = z.infer<typeof interviewQuery>;

export const followUpBody = z.object({
  followedOn: isoDate.describe('跟进日期（不早于约谈日期，不晚于当前营业日期）'),
  text: z.string().trim().min(1).max(2000).describe('跟进情况'),
  statuses: z
    .array(z.object({ seq: z.number().int().min(1), status: z.enum(['DONE', 'MISSED']) }))
    .max(20)
    .default([])
    .describe('本次办结的承诺：DONE 已完成 / MISSED 未完成'),
});
export type FollowUpBody = z.input<typeof followUpBody>;

// ---------- the accountability register (问责登记簿) ----------

export const ACCOUNTABILITY_KINDS = ['SLA_543', 'COLLECTION', 'INSPECTION', 'CONDUCT', 'OTHER'] as const;
export const accountabilityKind = z.enum(ACCOUNTABILITY_KINDS);
export type AccountabilityKind = z.infer<typeof accountabilityKind>;
export const MANUAL_ACCOUNTABILITY_KINDS = ['COLLECTION', 'INSPECTION', 'CONDUCT', 'OTHER'] as const;
export const manualAccountabilityKind = z.enum(MANUAL_ACCOUNTABILITY_KINDS);
export const ACCOUNTABILITY_STATUSES = ['PROPOSED', 'CONFIRMED', 'WAIVED'] as const;
export const accountabilityStatus = z.enum(ACCOUNTABILITY_STATUSES);
export type AccountabilityStatus = z.infer<typeof accountabilityStatus>;

export const accountabilityBody = z.object({
  kind: manualAccountabilityKind.describe('COLLECTION 清收 / INSPECTION 贷后检查 / CONDUCT 行为规范 / OTHER 其他'),
  staffId: id.describe('被问责员工（其所在机构为记录机构）'),
  businessDate: isoDate.describe('问责日期（不晚于当前营业日期）'),
  description: z.string().trim().min(1).max(1000).describe('问责事由'),
  penalty: yuan.describe('处罚金额（元），无罚款填 0'),
  status: z.enum(['PROPOSED', 'CONFIRMED']).default('CONFIRMED').describe('CONFIRMED 直接确认 / PROPOSED 待确认'),
});
export type AccountabilityBody = z.input<typeof accountabilityBody>;

export const accountabilityDecision = z.object({
  decision: z.enum(['CONFIRM', 'WAIVE']),
  reason: z.string().trim().max(500).optional().describe('免责理由（免责时必填）'),
});
export type AccountabilityDecision = z.infer<typeof accountabilityDecision>;

export const accountabilityItem = z.object({
  id: z.number().int(),
  kind: accountabilityKind,
  staff: ref,
  branch: ref.nullable(),
  businessDate: isoDate,
  description: z.string().describe('事由：手工记录的问责事由；543 超时为环节及超时秒数'),
  penalty: yuan,
  status: accountabilityStatus,
  reason: z.string().nullable(),
  customerId: z.number().int().nullable(),
  recordedBy: ref.nullable(),
  decidedAt: isoDateTime.nullable(),
  pendingReviewId: z.number().int().nullable(),
});
export type AccountabilityItem = z.infer<typeof accountabilityItem>;

export const accountabilityTotals = z.object({
  count: z.number().int().describe('记录数'),
  penaltyCount: z.number().int().describe('已确认的处罚笔数'),
  penaltyAmount: yuan.describe('已确认的处罚金额合计（元）'),
  proposed: z.number().int().describe('待确认'),
  waived: z.number().int().describe('已免责'),
});
export type AccountabilityTotals = z.infer<typeof accountabilityTotals>;

export const accountabilityPage = paged(accountabilityItem).extend({ totals: accountabilityTotals });
export type AccountabilityPage = z.infer<typeof accountabilityPage>;

export const accountabilityQuery = pageQuery.extend({
  ...listFilters,
  kind: accountabilityKind.optional(),
  status: accountabilityStatus.optional(),
  staffId: id.optional(),
});
export type AccountabilityQuery = z.infer<typeof accountabilityQuery>;

// ---------- the work report's figures (supervisionSummary, the door H7's work report reads) ----------

export const supervisionSummaryView = z.object({
  exemplars: z.number().int(),
  interviews: z.number().int(),
  statements: z.number().int(),
  penalties: z.object({ count: z.number().int(), amount: yuan }),
  exemplarTitles: z.array(z.string()),
});
export type SupervisionSummary = z.infer<typeof supervisionSummaryView>;
export const summaryQuery = z.object({ from: isoDate, to: isoDate });
