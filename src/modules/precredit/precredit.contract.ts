/** Requests and responses of the pre-credit routes (预授信白名单, issue 14 §7). */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged, ratePct, yuan } from '../../kernel/contract.js';

export const PRE_CREDIT_STATUSES = ['ACTIVE', 'EXPIRED', 'USED', 'DECLINED'] as const;
export type PreCreditStatus = (typeof PRE_CREDIT_STATUSES)[number];

export const preCreditBatchView = z.object({
  id: z.number().int(),
  productCode: z.string(),
  policyVersion: z.string(),
  businessDate: isoDate,
  validUntil: isoDate,
  totalRows: z.number().int(),
  approvedRows: z.number().int(),
  /** Entries still ACTIVE (not used, not expired) on the business date. */
  activeRows: z.number().int(),
  usedRows: z.number().int(),
  limitTotal: yuan,
  branchId: z.number().int(),
  makerId: z.number().int(),
  checkerId: z.number().int().nullable(),
  createdAt: isoDateTime,
  /** The key customer group whose members the batch pre-credits (null for an uploaded list). */
  groupId: z.number().int().nullable(),
});
export type PreCreditBatchView = z.infer<typeof preCreditBatchView>;
export const preCreditBatchPage = paged(preCreditBatchView);
export type PreCreditBatchPage = z.infer<typeof preCreditBatchPage>;

export const preCreditBatchQuery = pageQuery.extend({
  format: z.enum(['json', 'xlsx']).optional(),
  groupId: id.optional().describe('只看该重点客群的批次'),
});

export const preCreditEntryView = z.object({
  batchId: z.number().int(),
  rowNo: z.number().int(),
  nameMasked: z.string(),
  idNumberMasked: z.string(),
  mobileMasked: z.string(),
  productCode: z.string(),
  outcome: z.enum(['APPROVE', 'DECLINE', 'REFER']),
  grade: z.string().nullable(),
  score: z.number().int().nullable(),
  limit: yuan,
  annualRatePct: ratePct.nullable(),
  reasons: z.array(z.string()),
  status: z.enum(PRE_CREDIT_STATUSES),
  validUntil: isoDate,
  usedApplicationId: z.number().int().nullable(),
});
export type PreCreditEntryView = z.infer<typeof preCreditEntryView>;
export const preCreditEntryPage = paged(preCreditEntryView);
export type PreCreditEntryPage = z.infer<typeof preCreditEntryPage>;

export const preCreditEntryQuery = pageQuery.extend({
  status: z.enum(PRE_CREDIT_STATUSES).optional(),
  format: z.enum(['json', 'xlsx']).optional(),
});
export const batchIdParams = z.object({ id });

// ---------------------------------------------------------------------------------------------
// pre-credit cards (预授信卡)

export const preCreditCardsIssued = z.object({
  batchId: z.number().int(),
  /** Cards issued by this call (0 when every ACTIVE entry already has one). */
  issued: z.number().int(),
  /** All cards of the batch. */
  cards: z.number().int(),
});
export type PreCreditCardsIssued = z.infer<typeof preCreditCardsIssued>;

export const preCreditCardFigures = z.object({
  batchId: z.number().int(),
  branchId: z.number().int(),
  branchName: z.string(),
  issued: z.number().int(),
  activated: z.number().int(),
  /** Loans the activated customers drew on the card's product, and their principal. */
  drawnLoans: z.number().int(),
  drawnAmount: yuan,
});
export type PreCreditCardFigures = z.infer<typeof preCreditCardFigures>;
export const preCreditCardFiguresPage = paged(preCreditCardFigures);
export type PreCreditCardFiguresPage = z.infer<typeof preCreditCardFiguresPage>;
export const preCreditCardFiguresQuery = pageQuery.extend({
  batchId: id.optional(),
  format: z.enum(['json', 'xlsx']).optional(),
});

/** The printable cards of a batch (GET …/cards.pdf): one card-sized page per card; header x-card-count. */
export const preCreditCardsPdf = {
  description: 'PDF, one card-sized page per card (name masked, limit, expiry, QR code to the mobile activation page)',
  content: { 'application/pdf': { schema: z.any() } },
};

// ---------------------------------------------------------------------------------------------
// pre-credit parameters (PRE_CREDIT_PARAMS, through review)

/** The values a change proposes (a param manager), in force from a business date. */
export const preCreditParamValues = z
  .object({
    effectiveFrom: isoDate.describe('生效营业日期（不早于当前营业日期）'),
    validDays: z.number().int().min(1).max(1095).describe('预授信有效天数（自批次生效的营业日期起，日历日），原为 180'),
  })
  .strict();
export type PreCreditParamValues = z.infer<typeof preCreditParamValues>;

export const preCreditParamsVersion = preCreditParamValues.extend({
  version: z.number().int(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: isoDateTime,
});
export type PreCreditParamsVersion = z.infer<typeof preCreditParamsVersion>;
export const preCreditParamsView = z.object({
  businessDate: isoDate,
  current: preCreditParamsVersion,
  history: z.array(preCreditParamsVersion),
});
export type PreCreditParamsView = z.infer<typeof preCreditParamsView>;
export const preCreditParamsSubmitted = z.object({
  reviewRequestId: z.number().int(),
  status: z.enum(['PENDING', 'APPLIED_DIRECTLY']),
});
