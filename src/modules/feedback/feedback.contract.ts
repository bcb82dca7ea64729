/**
 * The API contract of feedback tickets (问题反馈, issue 13 §7): tickets raised by the three key roles,
 * their handling by the owning department, attachments, escalation, the release log and the
 * statistics in the bank's words. Pure zod and kernel atoms, so the routes, the service and the
 * console take their types from here.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged } from '../../kernel/contract.js';

export const FEEDBACK_STATUSES = ['OPEN', 'ACCEPTED', 'IN_PROGRESS', 'OPTIMISED', 'REJECTED'] as const;
export const feedbackStatus = z.enum(FEEDBACK_STATUSES);
export type FeedbackStatus = z.infer<typeof feedbackStatus>;

/** The owning departments: 信贷管理部, 零售业务部, 数据科技部. */
export const FEEDBACK_DEPARTMENTS = ['CREDIT_MANAGEMENT', 'RETAIL_BANKING', 'DATA_TECHNOLOGY'] as const;
export const feedbackDepartment = z.enum(FEEDBACK_DEPARTMENTS);
export type FeedbackDepartment = z.infer<typeof feedbackDepartment>;

export const FEEDBACK_CATEGORIES = ['PARAMETER', 'APPROVAL', 'POST_LOAN', 'PRODUCT', 'DATA', 'SYSTEM', 'OTHER'] as const;
export const feedbackCategory = z.enum(FEEDBACK_CATEGORIES);
export type FeedbackCategory = z.infer<typeof feedbackCategory>;

/** The roles that raise tickets (the three key roles). */
export const FEEDBACK_RAISER_ROLES = ['param_manager', 'approver', 'inspector'] as const;
export type FeedbackRaiserRole = (typeof FEEDBACK_RAISER_ROLES)[number];

export const FEEDBACK_EVENT_KINDS = ['CREATED', 'STATUS', 'COMMENT', 'DEADLINE', 'ATTACHMENT', 'RELEASE'] as const;
export type FeedbackEventKind = (typeof FEEDBACK_EVENT_KINDS)[number];

/** 0 in time (or closed), 1 past the deadline (to the department head), 2 later still (to the bank's leadership). */
export const escalationLevel = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const feedbackCreateBody = z.object({
  title: z.string().min(1).max(200),
  description: z.string().min(1).max(5000),
  /** Default OTHER. */
  category: feedbackCategory.optional(),
  /** Default: the category's department. */
  department: feedbackDepartment.optional(),
  /** The module or screen where the problem was met, e.g. "授信审批 / 人工审批". */
  relatedModule: z.string().max(100).optional(),
});
export type FeedbackCreateBody = z.infer<typeof feedbackCreateBody>;

export const feedbackListItem = z.object({
  id: z.number().int(),
  title: z.string(),
  category: feedbackCategory,
  department: feedbackDepartment,
  status: feedbackStatus,
  raisedBy: z.number().int(),
  raiserName: z.string().nullable(),
  raiserRole: z.enum(FEEDBACK_RAISER_ROLES),
  raisedDate: isoDate,
  deadlineDate: isoDate,
  escalationLevel,
  overdue: z.boolean(),
  releaseVersion: z.string().nullable(),
  closedDate: isoDate.nullable(),
});
export type FeedbackListItem = z.infer<typeof feedbackListItem>;

export const feedbackEvent = z.object({
  id: z.number().int(),
  kind: z.enum(FEEDBACK_EVENT_KINDS),
  fromStatus: feedbackStatus.nullable(),
  toStatus: feedbackStatus.nullable(),
  comment: z.string().nullable(),
  actorId: z.number().int(),
  actorName: z.string().nullable(),
  businessDate: isoDate,
  at: isoDateTime,
});
export type FeedbackEvent = z.infer<typeof feedbackEvent>;

export const feedbackAttachment = z.object({
  id: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  uploadedBy: z.number().int(),
  createdAt: isoDateTime,
});
export type FeedbackAttachment = z.infer<typeof feedbackAttachment>;

export const feedbackDetail = feedbackListItem.extend({
  description: z.string(),
  relatedModule: z.string().nullable(),
  rejectReason: z.string().nullable(),
  releaseId: z.number().int().nullable(),
  escalation1Date: isoDate,
  escalation2Date: isoDate,
  /** What the viewer may do now: move it (a handler of its department, not its raiser), comment, attach. */
  canHandle: z.boolean(),
  nextStatuses: z.array(feedbackStatus),
  timeline: z.array(feedbackEvent),
  attachments: z.array(feedbackAttachment),
});
export type FeedbackDetail = z.infer<typeof feedbackDetail>;

export const feedbackQuery = pageQuery.extend({
  status: feedbackStatus.optional(),
  department: feedbackDepartment.optional(),
  category: feedbackCategory.optional(),
  /** Only the viewer's own tickets. */
  mine: z.enum(['true', 'false']).optional(),
  /** Only tickets past their deadline and not closed. */
  overdue: z.enum(['true', 'false']).optional(),
});
export type FeedbackQuery = z.infer<typeof feedbackQuery>;

export const feedbackPage = paged(feedbackListItem);
export type FeedbackPage = z.infer<typeof feedbackPage>;

/** OPTIMISED and REJECTED close a ticket; REJECTED needs a reason. */
export const feedbackTransitionBody = z.object({
  to: z.enum(['ACCEPTED', 'IN_PROGRESS', 'OPTIMISED', 'REJECTED']),
  comment: z.string().max(2000).optional(),
  /** Required for REJECTED: why the department will not change the system. */
  reason: z.string().max(2000).optional(),
});
export type FeedbackTransitionBody = z.infer<typeof feedbackTransitionBody>;

export const feedbackCommentBody = z.object({ comment: z.string().min(1).max(2000) });
export const feedbackDeadlineBody = z.object({ deadlineDate: isoDate, comment: z.string().max(2000).optional() });
export type FeedbackDeadlineBody = z.infer<typeof feedbackDeadlineBody>;

export const attachmentUploadQuery = z.object({ fileName: z.string().min(1).max(120) });
export const attachmentParams = z.object({ id, attachmentId: id });
export const attachmentDownload = {
  description: 'The file as uploaded (PNG, JPEG, GIF, WebP or PDF)',
  content: { 'application/octet-stream': { schema: z.any() } },
};

export const countRow = z.object({ total: z.number().int(), optimised: z.number().int(), inProgress: z.number().int() });

/**
 * Statistics over every ticket. inProgress = OPEN + ACCEPTED + IN_PROGRESS (推进中: not yet closed);
 * total = optimised + inProgress + rejected; overdue = not closed and past the deadline.
 */
export const feedbackStats = z.object({
  businessDate: isoDate,
  total: z.number().int(),
  optimised: z.number().int(),
  inProgress: z.number().int(),
  rejected: z.number().int(),
  open: z.number().int(),
  accepted: z.number().int(),
  handling: z.number().int(),
  overdue: z.number().int(),
  escalatedLevel2: z.number().int(),
  byDepartment: z.array(countRow.extend({ department: feedbackDepartment, overdue: z.number().int() })),
  byRaiserRole: z.array(countRow.extend({ role: z.enum(FEEDBACK_RAISER_ROLES) })),
  /** In the bank's words, e.g. "反馈 12 项，已优化 10 项，推进中 2 项". */
  sentence: z.string(),
});
export type FeedbackStats = z.infer<typeof feedbackStats>;

export const releaseCreateBody = z.object({
  version: z.string().min(1).max(40),
  releaseDate: isoDate,
  notes: z.string().min(1).max(5000),
  /** Tickets this release answers: each becomes OPTIMISED. */
  ticketIds: z.array(id).max(200).optional(),
});
export type ReleaseCreateBody = z.infer<typeof releaseCreateBody>;
export const releaseLinkBody = z.object({ ticketIds: z.array(id).min(1).max(200) });

export const releaseItem = z.object({
  id: z.number().int(),
  version: z.string(),
  releaseDate: isoDate,
  notes: z.string(),
  createdBy: z.number().int(),
  createdByName: z.string().nullable(),
  createdAt: isoDateTime,
  tickets: z.array(z.object({ id: z.number().int(), title: z.string() })),
});
export type ReleaseItem = z.infer<typeof releaseItem>;
export const releaseQuery = pageQuery;
export const releasePage = paged(releaseItem);
export type ReleasePage = z.infer<typeof releasePage>;
