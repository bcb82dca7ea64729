/**
 * The API contract of origination: the zod schemas of every request and response of the customer
 * portal, applications, the referral queue, credit lines and drawdowns, and the officer's tools.
 * Routes, services, the console and the mobile page take their types from here.
 *
 * Pure zod over the kernel's shared atoms: no drizzle, no Node.js, so both web apps import it.
 */
import { z } from 'zod';
import { id, idParams, isoDate, isoDateTime, pageQuery, paged } from '../../kernel/contract.js';
import { decisionRecordView } from '../decision/decision.contract.js';
import { REPAYMENT_METHODS } from '../products/products.contract.js';

export { idParams };

// ---------- vocabularies ----------

// Repayment methods are the products contract's vocabulary (REPAYMENT_METHODS, RepaymentMethod).
export const CHANNELS = [
  'SELF_SERVICE',
  'OFFICER_ASSISTED',
  'OFFICER_QR',
  'PRE_CREDIT_CARD',
  'REFERRAL',
  // a branch counter and the bank's channel campaigns (issue 14 §3, migrations/0075_origination_channels_campaign.sql)
  'BRANCH',
  'WECHAT',
  'DOUYIN',
  'BUS_AD',
  'ROLLUP_STAND',
  'E_SCREEN',
  'STREET',
  'STAFF_FORWARD',
  // a key customer group's share link or QR code (issue 14 §5, migrations/0085_origination_channel_group.sql)
  'GROUP',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const APPLICATION_STATUSES = [
  'APPROVED',
  'DECLINED',
  'REFERRED',
  'MANUAL_REVIEW',
  'PENDING_GUARANTEE',
  'SUBMITTED',
  'CANCELLED',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const CREDIT_LINE_STATUSES = ['ACTIVE', 'FROZEN', 'CLOSED', 'EXPIRED'] as const;
export type CreditLineStatus = (typeof CREDIT_LINE_STATUSES)[number];
export const CONSENT_KINDS = ['CREDIT_INQUIRY', 'AUTOMATED_DECISION', 'PERSONAL_INFORMATION'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

// ---------- request atoms ----------

/** A customer's name as the server takes it: 1–50 characters after trimming. */
export const NAME_MIN_LENGTH = 1;
export const NAME_MAX_LENGTH = 50;
export const customerName = z.string().trim().min(NAME_MIN_LENGTH).max(NAME_MAX_LENGTH);
/** An amount typed by a person, yuan ("8000", "8000.50"); the service parses and checks it. */
export const yuanInput = z.string().trim().min(1).max(24);
const code40 = z.string().max(40);

/** Who a person says they are: name, ID number, mobile (checked by the kernel rules in the service). */
export const identity = z.object({
  name: customerName,
  idNumber: z.string().trim().min(1).max(30),
  mobile: z.string().trim().min(1).max(20),
});
export type Identity = z.infer<typeof identity>;
const otpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, '6 digits');

// ---------- customer portal ----------

export const consentsView = z.object({
  items: z.array(z.object({ kind: z.enum(CONSENT_KINDS), version: z.string(), title: z.string(), text: z.string() })),
});
export type ConsentsView = z.infer<typeof consentsView>;

export const entryQuery = z.object({ officer: code40.optional(), ref: code40.optional(), card: code40.optional() });
export type EntryQuery = z.infer<typeof entryQuery>;
export const entryView = z.object({
  officer: z.object({ nameMasked: z.string(), branchName: z.string(), officerCode: z.string() }).nullable(),
  referrer: z.object({ nameMasked: z.string() }).nullable(),
  card: z.object({ productCode: z.string(), limit: z.string(), nameMasked: z.string() }).nullable(),
});
export type EntryView = z.infer<typeof entryView>;

export const otpRequest = identity;
export type OtpRequest = z.infer<typeof otpRequest>;
export const otpChallenge = z.object({ challengeId: z.string(), expiresInSeconds: z.number().int() });
export type OtpChallenge = z.infer<typeof otpChallenge>;

export const sessionRequest = identity.extend({
  challengeId: z.string().min(1).max(100),
  code: otpCode,
  officerCode: code40.nullish(),
  referralCode: code40.nullish(),
  cardCode: code40.nullish(),
});
export type SessionRequest = z.infer<typeof sessionRequest>;
export const sessionView = z.object({
  token: z.string(),
  expiresAt: isoDateTime,
  customer: z.object({ id: z.number().int(), nameMasked: z.string(), mobileMasked: z.string() }),
});
export type SessionView = z.infer<typeof sessionView>;

export const portalOverview = z.object({
  customer: z.object({ id: z.number().int(), nameMasked: z.string(), mobileMasked: z.string(), referralCode: z.string() }),
  applications: z.array(
    z.object({
      id: z.number().int(),
      productCode: z.string(),
      status: z.string(),
      requestedAmount: z.string(),
      approvedLimit: z.string().nullable(),
      annualRatePct: z.string().nullable(),
      creditLineId: z.number().int().nullable(),
      createdAt: z.string().nullable(),
    }),
  ),
  creditLines: z.array(
    z.object({
      id: z.number().int(),
      productCode: z.string(),
      limit: z.string(),
      available: z.string(),
      status: z.string(),
      annualRatePct: z.string().nullable(),
      expiryDate: z.string(),
      revolving: z.boolean(),
    }),
  ),
  loans: z.array(z.object({ id: z.number().int() })),
});
export type PortalOverview = z.infer<typeof portalOverview>;

export const portalCertificates = z.object({
  items: z.array(
    z.object({
      cdNo: z.string(),
      principal: z.string(),
      annualRatePct: z.string(),
      maturityDate: z.string(),
      status: z.string(),
      pledgeable: z.boolean(),
    }),
  ),
});
export type PortalCertificates = z.infer<typeof portalCertificates>;

export const tokenParams = z.object({ token: z.string().min(10).max(100) });
/** A party of an application besides the borrower: a guarantor (担保人) or a co-borrower (共同借款人, jointly liable). */
export const PARTY_ROLES = ['GUARANTOR', 'CO_BORROWER'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
/** Co-borrowers one application may name (typically the spouse). */
export const MAX_CO_BORROWERS = 2;
export const guaranteeInvitation = z.object({
  role: z.enum(PARTY_ROLES),
  borrowerNameMasked: z.string(),
  productName: z.string(),
  amount: z.string(),
  termMonths: z.number().int(),
  contractText: z.string(),
  textVersion: z.string(),
  status: z.string(),
});
export type GuaranteeInvitation = z.infer<typeof guaranteeInvitation>;
export const guaranteeConfirmRequest = z.object({
  challengeId: z.string().min(1).max(100),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
  idNumber: z.string().trim().min(1).max(30),
  agree: z.boolean(),
});
export type GuaranteeConfirmRequest = z.infer<typeof guaranteeConfirmRequest>;
/** creditLineId: the line opened by this confirmation, null while the approver or another party has still to act. */
export const guaranteeConfirmed = z.object({ status: z.literal('CONFIRMED'), creditLineId: z.number().int().nullable() });
export type GuaranteeConfirmed = z.infer<typeof guaranteeConfirmed>;

// ---------- applications ----------

export const applicationRequest = z.object({
  productCode: z.string().min(1).max(40),
  channel: z.enum(CHANNELS),
  applicant: identity.extend({ occupation: code40.nullish(), monthlyIncome: yuanInput.nullish() }).optional(),
  requestedAmount: yuanInput,
  termMonths: z.number().int(),
  repaymentMethod: z.enum(REPAYMENT_METHODS),
  consents: z
    .object({
      creditInquiry: z.boolean().default(false),
      automatedDecision: z.boolean().default(false),
      personalInformation: z.boolean().default(false),
    })
    .default({ creditInquiry: false, automatedDecision: false, personalInformation: false }),
  guarantor: identity.nullish(),
  /** 共同借款人: customers of the bank, each confirming on the mobile page; never a product's guarantor. */
  coBorrowers: z.array(identity).max(MAX_CO_BORROWERS).nullish(),
  pledgeCdNos: z.array(code40).max(20).nullish(),
  officerCode: code40.nullish(),
  referralCode: code40.nullish(),
  cardCode: code40.nullish(),
  /** The campaign's code when the customer came by its tracking link or QR code (attribution). */
  campaignCode: code40.nullish(),
  /** The key customer group's code when the customer came by its share link or QR code (channel GROUP). */
  groupCode: code40.nullish(),
});
/** What the service receives (defaults applied). */
export type ApplicationInput = z.output<typeof applicationRequest>;
/** What a client sends (defaults may be left out). */
export type ApplicationRequest = z.input<typeof applicationRequest>;

/** A reason in the request's language. */
export const reasonView = z.object({ code: z.string(), message: z.string() });
export type ReasonView = z.infer<typeof reasonView>;

export const applicationResult = z.object({
  id: z.number().int(),
  status: z.string(),
  decision: z.object({
    outcome: z.string(),
    grade: z.string(),
    score: z.number(),
    limit: z.string(),
    annualRatePct: z.string(),
    reasons: z.array(reasonView),
  }),
  creditLineId: z.number().int().nullable(),
  /** The link goes to the guarantor by SMS; the applicant sees it only in demo mode. */
  guaranteeLink: z.string().optional(),
  /** Every party's link (guarantor and co-borrowers), demo mode only, like guaranteeLink. */
  partyLinks: z.array(z.object({ role: z.enum(PARTY_ROLES), link: z.string() })).optional(),
});
export type ApplicationResult = z.infer<typeof applicationResult>;

export const applicationListQuery = pageQuery.extend({ status: z.string().max(30).optional(), productCode: code40.optional() });
export type ApplicationListQuery = z.infer<typeof applicationListQuery>;

/** The referral queue's filters: which of the two waiting statuses, which product. */
export const REFERRAL_STATUSES = ['REFERRED', 'MANUAL_REVIEW'] as const satisfies readonly ApplicationStatus[];
export const referralListQuery = pageQuery.extend({ status: z.enum(REFERRAL_STATUSES).optional(), productCode: code40.optional() });
export type ReferralListQuery = z.infer<typeof referralListQuery>;

export const applicationSummary = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerNameMasked: z.string().nullable(),
  productCode: z.string(),
  channel: z.string(),
  requestedAmount: z.string(),
  termMonths: z.number().int(),
  repaymentMethod: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  grade: z.string().nullable(),
  score: z.number().nullable(),
  approvedLimit: z.string().nullable(),
  annualRatePct: z.string().nullable(),
  creditLineId: z.number().int().nullable(),
  officerId: z.number().int().nullable(),
  branchId: z.number().int(),
  deadlineAt: z.string().nullable(),
  overdue: z.boolean(),
  manualReviewReason: z.string().nullable(),
  decidedComment: z.string().nullable(),
  businessDate: z.string(),
  createdAt: z.string(),
});
export type ApplicationSummary = z.infer<typeof applicationSummary>;

/** A row of the application list or the referral queue: why it waits for a person (null when it does not). */
export const applicationListItem = applicationSummary.extend({
  reason: z.string().nullable().describe('MANUAL_REVIEW, ENGINE_REFERRAL or null'),
});
export type ApplicationListItem = z.infer<typeof applicationListItem>;
export const applicationPage = paged(applicationListItem);
export type ApplicationPage = z.infer<typeof applicationPage>;

export const applicationDetail = applicationSummary.extend({
  reasons: z.array(reasonView),
  decision: decisionRecordView.nullable(),
  consents: z.array(z.object({ kind: z.string(), textVersion: z.string(), grantedAt: z.string().nullable() })),
  guarantees: z.array(
    z.object({
      id: z.number().int(),
      role: z.enum(PARTY_ROLES),
      guarantorCustomerId: z.number().int(),
      guarantorNameMasked: z.string(),
      status: z.string(),
      textVersion: z.string(),
      confirmedAt: z.string().nullable(),
    }),
  ),
  events: z.array(z.object({ kind: z.string(), officerId: z.number().int().nullable(), occurredAt: z.string().nullable() })),
});
export type ApplicationDetail = z.infer<typeof applicationDetail>;

export const referralDecisionRequest = z.object({
  outcome: z.enum(['APPROVE', 'DECLINE']),
  limit: yuanInput.nullish(),
  annualRatePct: z.string().max(12).nullish(),
  comment: z.string().max(500),
});
export type ReferralDecisionRequest = z.infer<typeof referralDecisionRequest>;

export const manualReviewRequest = z.object({ reason: z.string().max(500).default('') });
export type ManualReviewRequest = z.input<typeof manualReviewRequest>;

// ---------- credit lines and drawdowns ----------

export const creditLineListQuery = pageQuery.extend({ customerId: id.optional(), status: z.string().max(20).optional() });
export type CreditLineListQuery = z.infer<typeof creditLineListQuery>;

export const pledgeView = z.object({ cdNo: z.string(), principal: z.string(), maturityDate: z.string(), status: z.string() });
export type PledgeView = z.infer<typeof pledgeView>;

export const creditLineSummary = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  customerNameMasked: z.string().nullable(),
  applicationId: z.number().int(),
  productCode: z.string(),
  productKind: z.string(),
  limit: z.string(),
  /** What can be drawn now. */
  available: z.string(),
  /** In use now (revolving: drawn and not yet repaid; one-off: what its drawdown took). */
  used: z.string(),
  /** Everything ever drawn on the line. */
  drawn: z.string(),
  /** The part of the limit that can no longer be drawn though it never was (a one-off line after its drawdown). */
  closed: z.string(),
  status: z.string(),
  revolving: z.boolean(),
  annualRatePct: z.string(),
  maxTermMonths: z.number().int(),
  openedOn: z.string(),
  expiryDate: z.string(),
  branchId: z.number().int(),
  officerId: z.number().int().nullable(),
  freezeReason: z.string().nullable().describe('冻结原因（内部，客户本人查看时为 null）'),
  riskHold: z.enum(['ORANGE', 'RED']).nullable().describe('贷后预警措施：橙色及以上暂停新增用信 (risk hold from an open alert)'),
  freezeNotice: z.string().nullable().describe('给客户看的冻结说明（不含内部规则）'),
  pledges: z.array(pledgeView),
});
export type CreditLineSummary = z.infer<typeof creditLineSummary>;
export const creditLinePage = paged(creditLineSummary);
export type CreditLinePage = z.infer<typeof creditLinePage>;

/** The loans past due or badly classified that stop a drawdown now (empty: the customer may draw). */
export const drawdownBlockView = z.object({
  blocked: z.boolean(),
  loans: z.array(
    z.object({
      loanId: z.number().int(),
      creditLineId: z.number().int(),
      productCode: z.string(),
      dpd: z.number().int(),
      classification: z.string(),
      classificationZh: z.string(),
      pastDue: z.string(),
      reasons: z.array(z.enum(['PAST_DUE', 'CLASSIFICATION'])),
    }),
  ),
  totalPastDue: z.string(),
});
export type DrawdownBlockView = z.infer<typeof drawdownBlockView>;

export const creditLineDetail = creditLineSummary.extend({
  drawdownBlock: drawdownBlockView,
  /** Whom the customer calls about the line (shown with a frozen line's notice): the officer, the officer's work phone, the branch. */
  contact: z.object({
    officerName: z.string().nullable(),
    officerPhone: z.string().nullable().describe('客户经理办公电话（银行号码）'),
    branchName: z.string().nullable(),
  }),
});
export type CreditLineDetail = z.infer<typeof creditLineDetail>;

export const reasonRequest = z.object({ reason: z.string().trim().min(1).max(300) });
export type ReasonRequest = z.infer<typeof reasonRequest>;

export const unfreezeRequested = z.object({
  reviewRequestId: z.number().int(),
  status: z.enum(['PENDING', 'APPLIED_DIRECTLY']),
  line: creditLineDetail,
});
export type UnfreezeRequested = z.infer<typeof unfreezeRequested>;

export const drawdownRequest = z.object({
  amount: yuanInput,
  termMonths: z.number().int().nullish(),
  termDays: z.number().int().nullish(),
  repaymentMethod: z.enum(REPAYMENT_METHODS),
  repaymentDay: z.number().int().min(1).max(28).nullish(),
});
export type DrawdownRequest = z.infer<typeof drawdownRequest>;

export const drawdownResult = z.object({
  drawdownId: z.number().int(),
  loanId: z.number().int(),
  status: z.literal('DISBURSED'),
  amount: z.string(),
  accountNoMasked: z.string(),
  annualRatePct: z.string(),
  firstDueDate: isoDate,
  maturityDate: isoDate,
  firstPayment: z.string(),
  available: z.string(),
});
export type DrawdownResult = z.infer<typeof drawdownResult>;

// ---------- officers, cards, 543 events ----------

export const officerQr = z.object({ officerCode: z.string(), url: z.string(), qrDataUrl: z.string() });
export type OfficerQr = z.infer<typeof officerQr>;

export const preCreditCardRequest = z.object({
  name: customerName,
  idNumber: z.string().trim().min(1).max(30),
  productCode: code40,
  limit: yuanInput,
  validUntil: z.string().max(10),
});
export type PreCreditCardRequest = z.infer<typeof preCreditCardRequest>;
export const preCreditCardIssued = z.object({ cardCode: z.string(), url: z.string(), qrDataUrl: z.string() });
export type PreCreditCardIssued = z.infer<typeof preCreditCardIssued>;
export const preCreditCardView = z.object({
  cardCode: z.string(),
  nameMasked: z.string(),
  productCode: z.string(),
  limit: z.string(),
  validUntil: z.string(),
  status: z.string(),
  issuedBy: z.number().int(),
  createdAt: z.string(),
});
export type PreCreditCardView = z.infer<typeof preCreditCardView>;
export const preCreditCardPage = paged(preCreditCardView);

export const serviceEventRequest = z.object({
  customerId: z.number().int().positive(),
  kind: z.enum(['LOCK', 'RECOMMEND']),
  productCode: code40.nullish(),
});
export type ServiceEventRequest = z.infer<typeof serviceEventRequest>;
export const serviceEventRecorded = z.object({ recorded: z.boolean() });

export const serviceEventListQuery = pageQuery.extend({ officerId: id.optional(), customerId: id.optional() });
export type ServiceEventListQuery = z.infer<typeof serviceEventListQuery>;
export const serviceEventView = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  kind: z.string(),
  officerId: z.number().int().nullable(),
  branchId: z.number().int().nullable(),
  applicationId: z.number().int().nullable(),
  productCode: z.string().nullable(),
  occurredAt: z.string(),
  businessDate: z.string(),
});
export type ServiceEventView = z.infer<typeof serviceEventView>;
export const serviceEventPage = paged(serviceEventView);
