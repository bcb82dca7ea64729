/**
 * The API contract of marketing's prospect lists (客户清单, issue 14 §1): the import's validation
 * report, the prospects, their assignment, contact log, state timeline and each officer's work list.
 * Pure zod and kernel atoms: the routes, the service and the web apps take their types from here.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged } from '../../kernel/contract.js';

export const PROSPECT_STATUSES = [
  'NEW',
  'CONTACTED',
  'INTERESTED',
  'APPLIED',
  'APPROVED',
  'DISBURSED',
  'DECLINED',
  'NOT_INTERESTED',
] as const;
export type ProspectStatus = (typeof PROSPECT_STATUSES)[number];
export const prospectStatus = z.enum(PROSPECT_STATUSES);

/** States an officer still works (the work list); the others are moved by lending events or closed. */
export const OPEN_PROSPECT_STATUSES = ['NEW', 'CONTACTED', 'INTERESTED'] as const satisfies readonly ProspectStatus[];

export const CONTACT_CHANNELS = ['PHONE', 'WECHAT', 'VISIT', 'SMS'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_OUTCOMES = ['REACHED', 'NO_ANSWER', 'INTERESTED', 'NOT_INTERESTED'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const PROSPECT_EVENT_KINDS = ['IMPORTED', 'ASSIGNED', 'CONTACTED', 'STATUS', 'APPLICATION', 'DECISION', 'DISBURSEMENT'] as const;

/** Error codes of a row of the report that mark it a duplicate (not an invalid row). */
export const PROSPECT_DUPLICATE_CODES = ['DUPLICATE_IN_FILE', 'PROSPECT_EXISTING_CUSTOMER', 'PROSPECT_EXISTING'] as const;

export const prospectReportError = z.object({
  row: z.number().int().describe('表格行号（表头为第 1 行）'),
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type ProspectReportError = z.infer<typeof prospectReportError>;

/** The validation report of one uploaded list. */
export const prospectImportReport = z.object({
  rows: z.number().int().describe('数据行数'),
  valid: z.number().int().describe('可导入行数'),
  invalid: z.number().int().describe('无效行数'),
  duplicates: z.number().int().describe('重复行数（文件内、已有客户、已有营销客户）'),
  errors: z.array(prospectReportError).describe('逐行错误，最多 1,000 条；全部见 /api/v1/imports/{importId}/errors'),
  errorsTotal: z.number().int(),
});
export type ProspectImportReport = z.infer<typeof prospectImportReport>;

/**
 * The upload's answer: the review request of the valid rows and the validation report — its keys at the
 * top level (as the acceptance contract lists them) and the same object under `report`.
 */
export const prospectImportResult = prospectImportReport.extend({
  reviewRequestId: z.number().int(),
  importId: z.number().int(),
  encoding: z.string(),
  report: prospectImportReport,
});
export type ProspectImportResult = z.infer<typeof prospectImportResult>;

export const staffRef = z.object({ id: z.number().int(), name: z.string() });

export const prospectItem = z.object({
  id: z.number().int(),
  nameMasked: z.string(),
  idNumberMasked: z.string(),
  mobileMasked: z.string(),
  village: z.string().nullable(),
  status: prospectStatus,
  officer: staffRef,
  branch: staffRef,
  nextStep: z.string().nullable(),
  nextContactDate: isoDate.nullable(),
  lastContactAt: isoDateTime.nullable(),
  createdDate: isoDate,
  importId: z.number().int().nullable(),
});
export type ProspectItem = z.infer<typeof prospectItem>;

export const prospectQuery = pageQuery.extend({
  status: prospectStatus.optional(),
  officerId: id.optional(),
  branchId: id.optional(),
  village: z.string().trim().min(1).max(100).optional(),
});
export type ProspectQuery = z.infer<typeof prospectQuery>;
export const prospectPage = paged(prospectItem);
export type ProspectPage = z.infer<typeof prospectPage>;

/** The pipeline counts: the list's filters except the state. */
export const prospectPipelineQuery = prospectQuery.pick({ officerId: true, branchId: true, village: true });
export type ProspectPipelineQuery = z.infer<typeof prospectPipelineQuery>;
export const prospectPipeline = z.object({
  states: z.array(z.object({ status: prospectStatus, count: z.number().int() })).describe('每个状态的人数，按管道顺序，含 0'),
  total: z.number().int(),
});
export type ProspectPipeline = z.infer<typeof prospectPipeline>;

export const prospectContact = z.object({
  id: z.number().int(),
  channel: z.enum(CONTACT_CHANNELS),
  outcome: z.enum(CONTACT_OUTCOMES),
  note: z.string().nullable(),
  nextStep: z.string().nullable(),
  nextContactDate: isoDate.nullable(),
  staff: staffRef,
  contactDate: isoDate,
  createdAt: isoDateTime,
});
export type ProspectContact = z.infer<typeof prospectContact>;

export const prospectEvent = z.object({
  id: z.number().int(),
  kind: z.enum(PROSPECT_EVENT_KINDS),
  fromStatus: prospectStatus.nullable(),
  toStatus: prospectStatus.nullable(),
  officerId: z.number().int().nullable(),
  staffId: z.number().int().nullable(),
  note: z.string().nullable(),
  eventDate: isoDate,
  createdAt: isoDateTime,
});
export type ProspectEvent = z.infer<typeof prospectEvent>;

export const prospectDetail = prospectItem.extend({
  extra: z.record(z.string(), z.string()),
  contacts: z.array(prospectContact),
  events: z.array(prospectEvent),
});
export type ProspectDetail = z.infer<typeof prospectDetail>;

export const contactCreateBody = z.object({
  channel: z.enum(CONTACT_CHANNELS),
  outcome: z.enum(CONTACT_OUTCOMES).default('REACHED'),
  note: z.string().trim().max(500).optional(),
  nextStep: z.string().trim().max(200).optional(),
  nextContactDate: isoDate.optional(),
});
export type ContactCreateBody = z.infer<typeof contactCreateBody>;

export const ASSIGNMENT_RULES = ['ROUND_ROBIN', 'BY_LOAD'] as const;

/**
 * Assignment: the prospects named, or those of a branch and/or village still open, spread over the
 * given officers (round robin in id order, or each to the officer with the fewest open prospects).
 * One prospect and one officer is a reassignment.
 */
export const assignBody = z
  .object({
    prospectIds: z.array(id).min(1).max(50_000).optional(),
    branchId: id.optional(),
    village: z.string().trim().min(1).max(100).optional(),
    officerIds: z.array(id).min(1).max(500),
    rule: z.enum(ASSIGNMENT_RULES).default('ROUND_ROBIN'),
    note: z.string().trim().max(200).optional(),
  })
  .refine((b) => b.prospectIds !== undefined || b.branchId !== undefined || b.village !== undefined, {
    message: 'name prospectIds, a branchId or a village',
  });
export type AssignBody = z.infer<typeof assignBody>;

export const assignResult = z.object({
  assigned: z.number().int(),
  byOfficer: z.array(z.object({ officerId: z.number().int(), assigned: z.number().int() })),
});
export type AssignResult = z.infer<typeof assignResult>;

export const workListQuery = pageQuery.extend({
  officerId: id.optional().describe('默认为当前客户经理本人 (default: the signed-in officer)'),
});
export type WorkListQuery = z.infer<typeof workListQuery>;

export const workListPage = paged(prospectItem).extend({ businessDate: isoDate });
export type WorkListPage = z.infer<typeof workListPage>;

/** The whole mobile number of a prospect, for one-tap call (permitted roles, audited). */
export const prospectMobile = z.object({ mobile: z.string() });
export type ProspectMobile = z.infer<typeof prospectMobile>;

/**
 * The prospect's person in clear, for an officer-assisted application on the spot (the mobile workbench
 * fills the form with it, so the application carries the prospect's ID number and moves the pipeline).
 */
export const prospectApplicant = z.object({
  prospectId: z.number().int(),
  name: z.string(),
  idNumber: z.string(),
  mobile: z.string(),
});
export type ProspectApplicant = z.infer<typeof prospectApplicant>;
