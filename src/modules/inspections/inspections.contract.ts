/**
 * The API contract of post-loan inspections (贷后检查): routine and special inspection tasks with their
 * checklists, findings (问题) with rectification, AB verification and escalation, and special
 * inspections (专项检查) as campaigns. Pure zod over the kernel's atoms: the routes, the service and the
 * console take their types from here.
 */
import { z } from 'zod';
import { PRODUCT_CODES } from '../products/products.contract.js';
import { RISK_LEVELS } from '../risk/risk.contract.js';
import { id, isoDate, isoDateTime, pageQuery, paged, sortQuery, yuan } from '../../kernel/contract.js';

// ---------------------------------------------------------------------------------------------
// vocabularies

export const TASK_KINDS = ['ROUTINE', 'SPECIAL'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATUSES = ['OPEN', 'OVERDUE', 'DONE'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_RESULTS = ['NORMAL', 'FINDINGS'] as const;
export type TaskResult = (typeof TASK_RESULTS)[number];
/** A checklist item's answer: satisfactory, an issue (then a finding is recorded), not applicable. */
export const ANSWER_VALUES = ['OK', 'ISSUE', 'NA'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];
export const FINDING_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
export const FINDING_STATUSES = ['OPEN', 'RECTIFIED', 'VERIFIED', 'REOPENED'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const ESCALATIONS = ['NONE', 'BRANCH_HEAD', 'HEAD_OFFICE'] as const;
export type Escalation = (typeof ESCALATIONS)[number];
export const FINDING_EVENT_KINDS = ['RECORDED', 'RECTIFIED', 'VERIFIED', 'REOPENED', 'ESCALATED'] as const;
export type FindingEventKind = (typeof FINDING_EVENT_KINDS)[number];
export const LOAN_CLASSES = ['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS'] as const;

/** Business days to rectify a finding, by severity, when the recorder gives none. */
export const DEFAULT_RECTIFY_BUSINESS_DAYS: Record<FindingSeverity, number> = { HIGH: 5, MEDIUM: 10, LOW: 20 };
/** A finding still not rectified this many business days after its deadline escalates to head office. */
export const HEAD_OFFICE_AFTER_BUSINESS_DAYS = 5;
/** A routine task is due this many business days after it is scheduled. */
export const ROUTINE_DUE_BUSINESS_DAYS = 10;
/** At most this many tasks from one campaign. */
export const MAX_CAMPAIGN_TASKS = 5000;

const text = (max: number) => z.string().trim().min(1).max(max);

// ---------------------------------------------------------------------------------------------
// checklists

export const checklistItem = z.strictObject({
  code: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'an item code such as USE_OF_FUNDS')
    .describe('检查项编号'),
  text: text(200).describe('检查项内容'),
});
export type ChecklistItem = z.infer<typeof checklistItem>;

export const checklistAnswer = z.strictObject({
  code: z.string().max(40),
  answer: z.enum(ANSWER_VALUES),
  note: z.string().trim().max(500).optional(),
});
export type ChecklistAnswer = z.infer<typeof checklistAnswer>;

// ---------------------------------------------------------------------------------------------
// tasks

export const TASK_SORT_FIELDS = ['dueDate', 'scheduledOn', 'status'] as const;
export const taskListQuery = pageQuery.extend({
  mine: z.enum(['true', 'false']).optional().describe('true: 只看分配给我的任务'),
  status: z.enum(TASK_STATUSES).optional(),
  kind: z.enum(TASK_KINDS).optional(),
  campaignId: id.optional(),
  loanId: id.optional(),
  ...sortQuery(TASK_SORT_FIELDS),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;

export const taskSummary = z.object({
  id: z.number().int(),
  kind: z.enum(TASK_KINDS),
  campaignId: z.number().int().nullable(),
  campaignName: z.string().nullable(),
  routineSeq: z.number().int().nullable(),
  loanId: z.number().int(),
  customerId: z.number().int(),
  customerNameMasked: z.string().nullable(),
  branchId: z.number().int(),
  branchName: z.string().nullable(),
  officerName: z.string().nullable(),
  inspectorId: z.number().int().nullable(),
  inspectorName: z.string().nullable(),
  scheduledOn: z.string(),
  dueDate: z.string(),
  status: z.enum(TASK_STATUSES),
  result: z.enum(TASK_RESULTS).nullable(),
  findingCount: z.number().int(),
  doneOn: z.string().nullable(),
});
export type TaskSummary = z.infer<typeof taskSummary>;
export const taskPage = paged(taskSummary);
export type TaskPage = z.infer<typeof taskPage>;

export const findingSummary = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  loanId: z.number().int(),
  customerId: z.number().int(),
  customerNameMasked: z.string().nullable(),
  campaignId: z.number().int().nullable(),
  branchId: z.number().int(),
  branchName: z.string().nullable(),
  severity: z.enum(FINDING_SEVERITIES),
  description: z.string(),
  responsibleStaffId: z.number().int(),
  responsibleName: z.string().nullable(),
  deadline: z.string(),
  late: z.boolean().describe('已过整改期限且未整改'),
  status: z.enum(FINDING_STATUSES),
  escalation: z.enum(ESCALATIONS),
  recordedBy: z.number().int(),
  recordedByName: z.string().nullable(),
  recordedOn: z.string(),
  rectification: z.string().nullable(),
  rectifiedBy: z.number().int().nullable(),
  rectifiedOn: z.string().nullable(),
  verifiedBy: z.number().int().nullable(),
  verifiedOn: z.string().nullable(),
});
export type FindingSummary = z.infer<typeof findingSummary>;

export const taskView = taskSummary.extend({
  checklist: z.array(checklistItem),
  answers: z.array(checklistAnswer).nullable(),
  notes: z.string().nullable(),
  loan: z.object({
    productCode: z.string(),
    startDate: z.string(),
    outstandingPrincipal: yuan,
    dpd: z.number().int(),
    classification: z.string(),
  }),
  findings: z.array(findingSummary),
});
export type TaskView = z.infer<typeof taskView>;

export const completeTaskBody = z.strictObject({
  answers: z.array(checklistAnswer).min(1).max(50),
  notes: z.string().trim().max(2000).optional(),
});
export type CompleteTaskBody = z.infer<typeof completeTaskBody>;

// ---------------------------------------------------------------------------------------------
// findings

export const recordFindingBody = z.strictObject({
  severity: z.enum(FINDING_SEVERITIES),
  description: text(2000),
  responsibleStaffId: id.describe('整改责任人（员工编号）'),
  rectifyBusinessDays: z.number().int().min(1).max(90).optional().describe('整改期限（营业日），默认：高 5、中 10、低 20'),
});
export type RecordFindingBody = z.infer<typeof recordFindingBody>;

export const rectifyBody = z.strictObject({ rectification: text(2000).describe('整改情况') });
export type RectifyBody = z.infer<typeof rectifyBody>;

export const verifyBody = z.strictObject({
  outcome: z.enum(['VERIFIED', 'REOPENED']),
  note: z.string().trim().max(2000).optional(),
  rectifyBusinessDays: z.number().int().min(1).max(90).optional().describe('重新整改的期限（营业日），默认按严重程度'),
});
export type VerifyBody = z.infer<typeof verifyBody>;

export const FINDING_SORT_FIELDS = ['deadline', 'severity', 'recordedOn'] as const;
export const findingListQuery = pageQuery.extend({
  status: z.enum(FINDING_STATUSES).optional(),
  severity: z.enum(FINDING_SEVERITIES).optional(),
  escalation: z.enum(ESCALATIONS).optional(),
  campaignId: id.optional(),
  taskId: id.optional(),
  late: z.enum(['true', 'false']).optional().describe('true: 只看逾期未整改'),
  recheck: z.enum(['true']).optional().describe('true: 我可以复查（AB 角）的已整改问题'),
  ...sortQuery(FINDING_SORT_FIELDS),
});
export type FindingListQuery = z.infer<typeof findingListQuery>;
export const findingPage = paged(findingSummary);
export type FindingPage = z.infer<typeof findingPage>;

export const findingEvent = z.object({
  id: z.number().int(),
  kind: z.enum(FINDING_EVENT_KINDS),
  level: z.enum(ESCALATIONS).nullable(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  businessDate: z.string(),
  at: isoDateTime,
});
export type FindingEvent = z.infer<typeof findingEvent>;

export const findingView = findingSummary.extend({ headOfficeOn: z.string(), timeline: z.array(findingEvent) });
export type FindingView = z.infer<typeof findingView>;

// ---------------------------------------------------------------------------------------------
// campaigns

/** The typed selection of a special inspection: every field optional; the given ones must all hold. */
export const campaignCriteria = z.strictObject({
  branchIds: z.array(id).max(200).optional().describe('经办机构（含其下属机构）'),
  productCodes: z.array(z.enum(PRODUCT_CODES)).max(20).optional(),
  classifications: z.array(z.enum(LOAN_CLASSES)).max(5).optional().describe('五级分类'),
  dpdMin: z.number().int().min(0).max(100000).optional().describe('逾期天数下限'),
  dpdMax: z.number().int().min(0).max(100000).optional(),
  amountMin: yuan.optional().describe('贷款余额下限（元）'),
  amountMax: yuan.optional(),
  disbursedFrom: isoDate.optional().describe('放款日期起'),
  disbursedTo: isoDate.optional(),
  warningLevels: z.array(z.enum(RISK_LEVELS)).min(1).max(3).optional().describe('预警颜色：客户当前未关闭预警的等级'),
});
export type CampaignCriteria = z.infer<typeof campaignCriteria>;

export const campaignPreviewBody = z.strictObject({
  criteria: campaignCriteria,
  sampleSize: z.number().int().min(1).max(MAX_CAMPAIGN_TASKS).optional().describe('抽样数量；不填为全部'),
});
export type CampaignPreviewBody = z.infer<typeof campaignPreviewBody>;
export const campaignPreview = z.object({ matched: z.number().int(), taskCount: z.number().int() });
export type CampaignPreview = z.infer<typeof campaignPreview>;

export const createCampaignBody = z.strictObject({
  name: text(100),
  purpose: text(1000),
  periodFrom: isoDate,
  periodTo: isoDate,
  criteria: campaignCriteria,
  sampleSize: z.number().int().min(1).max(MAX_CAMPAIGN_TASKS).optional(),
  seed: z.string().trim().min(1).max(100).optional().describe('抽样种子：同一种子、同一条件得到同一样本；默认为名称'),
  inspectorIds: z.array(id).min(1).max(100),
  checklist: z.array(checklistItem).min(1).max(50),
});
export type CreateCampaignBody = z.infer<typeof createCampaignBody>;

export const campaignFigures = z.object({
  tasks: z.number().int(),
  tasksDone: z.number().int(),
  tasksOverdue: z.number().int(),
  findings: z.number().int(),
  bySeverity: z.object({ LOW: z.number().int(), MEDIUM: z.number().int(), HIGH: z.number().int() }),
  byStatus: z.object({ OPEN: z.number().int(), RECTIFIED: z.number().int(), VERIFIED: z.number().int(), REOPENED: z.number().int() }),
  late: z.number().int(),
});
export type CampaignFigures = z.infer<typeof campaignFigures>;

export const campaignSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  purpose: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  sampleSize: z.number().int().nullable(),
  matchedCount: z.number().int(),
  taskCount: z.number().int(),
  createdBy: z.number().int(),
  createdByName: z.string().nullable(),
  createdOn: z.string(),
  figures: campaignFigures,
});
export type CampaignSummary = z.infer<typeof campaignSummary>;
export const CAMPAIGN_SORT_FIELDS = ['createdOn', 'periodTo'] as const;
export const campaignListQuery = pageQuery.extend({ ...sortQuery(CAMPAIGN_SORT_FIELDS) });
export type CampaignListQuery = z.infer<typeof campaignListQuery>;
export const campaignPage = paged(campaignSummary);
export type CampaignPage = z.infer<typeof campaignPage>;

export const campaignView = campaignSummary.extend({
  seed: z.string(),
  criteria: campaignCriteria,
  checklist: z.array(checklistItem),
  inspectors: z.array(z.object({ id: z.number().int(), name: z.string().nullable(), tasks: z.number().int(), done: z.number().int() })),
});
export type CampaignView = z.infer<typeof campaignView>;

export const inspectorItem = z.object({
  id: z.number().int(),
  name: z.string(),
  branchId: z.number().int(),
  branchName: z.string().nullable(),
});
export type InspectorItem = z.infer<typeof inspectorItem>;
export const inspectorPage = paged(inspectorItem);
export type InspectorPage = z.infer<typeof inspectorPage>;

/** The inspector's work queue figures (home card). */
export const inspectionSummary = z.object({
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
  findingsToRecheck: z.number().int(),
  lateFindings: z.number().int(),
});
export type InspectionSummary = z.infer<typeof inspectionSummary>;

/** Routine checklist of every routine task (kept on the task: a later change does not alter old tasks). */
export const ROUTINE_CHECKLIST: ChecklistItem[] = [
  { code: 'USE_OF_FUNDS', text: '贷款资金是否按合同约定用途使用' },
  { code: 'INCOME', text: '借款人经营、收入及家庭状况是否正常' },
  { code: 'REPAYMENT', text: '还款能力与还款意愿有无变化' },
  { code: 'SECURITY', text: '担保人、质押物等担保状况有无变化（信用类填“不适用”）' },
  { code: 'CONTACT', text: '联系方式是否有效、有无失联迹象' },
];
