/**
 * The API contract of review (AB角): the requests a checker sees, approving and rejecting them, and
 * the review policies. Pure zod and kernel atoms, so the routes, the service and the console take
 * their types from here.
 */
import { z } from 'zod';
import { idParams, isoDateTime, pageQuery, paged } from '../../kernel/contract.js';

export const REVIEW_STATUS_VALUES = ['PENDING', 'APPROVED', 'REJECTED', 'APPLIED_DIRECTLY'] as const;
export const reviewStatus = z.enum(REVIEW_STATUS_VALUES);

/** Why the viewer may not check a pending request: its subject, its maker, no checker permission, out of scope. */
export const CANNOT_CHECK_REASONS = ['SUBJECT', 'MAKER', 'NO_PERMISSION', 'OUT_OF_SCOPE'] as const;
export type CannotCheckReason = (typeof CANNOT_CHECK_REASONS)[number];

export const diffLine = z.object({
  field: z.string(),
  label: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export const reviewRequestView = z.object({
  id: z.number().int(),
  type: z.string(),
  typeName: z.string(),
  title: z.string(),
  status: reviewStatus,
  maker: z.object({ id: z.number().int(), username: z.string(), name: z.string().optional() }),
  checker: z.object({ id: z.number().int(), username: z.string() }).nullable(),
  comment: z.string().nullable(),
  createdAt: isoDateTime,
  decidedAt: isoDateTime.nullable(),
  diff: z.array(diffLine),
  importId: z.number().int().nullable(),
  canCheck: z.boolean(),
  /**
   * Why the actor may not check a pending request (null when they may, or when it is decided): they
   * are its subject, they made it, they lack the checker permission, or it is outside their scope.
   */
  cannotCheckReason: z.enum(CANNOT_CHECK_REASONS).nullable(),
});
export type ReviewRequestView = z.infer<typeof reviewRequestView>;

export const reviewListQuery = pageQuery.extend({
  status: reviewStatus.optional(),
  type: z.string().min(1).max(64).optional(),
});
export type ReviewListQuery = z.infer<typeof reviewListQuery>;

/**
 * The pending review queue in numbers (the dashboards' figures): pending requests the viewer sees,
 * those the viewer may check (the same rule as each request's canCheck), the viewer's own still
 * pending, and per change type.
 */
export const reviewSummary = z.object({
  pending: z.number().int().describe('我可见的待复核申请'),
  checkable: z.number().int().describe('我可以复核的待复核申请'),
  mineWaiting: z.number().int().describe('我提交的、等待他人复核的申请'),
  byType: z.array(z.object({ type: z.string(), typeName: z.string(), pending: z.number().int(), checkable: z.number().int() })),
});
export type ReviewSummary = z.infer<typeof reviewSummary>;

export const reviewPage = paged(reviewRequestView);
export type ReviewPage = z.infer<typeof reviewPage>;

export const reviewIdParams = idParams;
export const approveBody = z.object({ comment: z.string().max(2000).optional() }).optional();
export const rejectBody = z.object({ comment: z.string().max(2000) });

export const reviewPolicyView = z.object({
  changeType: z.string(),
  name: z.string(),
  reviewRequired: z.boolean(),
  /** false for types that are always reviewed (the review policy itself). */
  configurable: z.boolean(),
  updatedAt: isoDateTime.nullable(),
});
export type ReviewPolicyView = z.infer<typeof reviewPolicyView>;
export const reviewPolicyList = z.object({ items: z.array(reviewPolicyView) });

export const policyParams = z.object({ changeType: z.string().min(1).max(64) });
export const policyChangeBody = z.object({ reviewRequired: z.boolean() });
export const policyChangeSubmitted = z.object({ reviewRequestId: z.number().int() });
