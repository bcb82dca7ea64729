/**
 * Console calls of the origination API (docs/lending-modules.md, "Origination HTTP API"): one
 * application and its decision, one credit line, and the officer's tools (the lists page through
 * lists.tsx). Amounts are yuan strings, rates percent strings; personal data arrives masked.
 */
import type { CustomerDetail } from '../../../src/modules/customers/customers.contract';
import type { PublicProductList } from '../../../src/modules/products/products.contract';
import type { FiredRule, Occupation } from '../../../src/modules/decision/decision.contract';
import type {
  ApplicationDetail,
  ApplicationResult,
  ApplicationRequest,
  ApplicationStatus,
  OfficerQr,
  PreCreditCardRequest,
  ReferralDecisionRequest,
  ServiceEventRequest,
  UnfreezeRequested,
} from '../../../src/modules/origination/origination.contract';
import { api, type Id, type Page } from '../../shared/api';

export { APPLICATION_STATUSES, CONSENT_KINDS, CREDIT_LINE_STATUSES } from '../../../src/modules/origination/origination.contract';
export type { ApplicationRequest, ApplicationStatus, Channel } from '../../../src/modules/origination/origination.contract';
export { OCCUPATIONS } from '../../../src/modules/decision/decision.contract';
export type { Occupation };
// The decision trace, an application's answer and a customer are the contracts' shapes.
export type { CustomerDetail } from '../../../src/modules/customers/customers.contract';
export type { FiredRule } from '../../../src/modules/decision/decision.contract';
export type {
  ApplicationDetail,
  ApplicationListItem,
  ApplicationResult,
  UnfreezeRequested,
} from '../../../src/modules/origination/origination.contract';
export { PRODUCT_CODES, REPAYMENT_METHODS } from '../../../src/modules/products/products.contract';
export type { PublicProduct, RepaymentMethod } from '../../../src/modules/products/products.contract';

/** A reason as the API gives it: `message` in the request's language; some views carry both languages. */
export interface Reason {
  code: string;
  message?: string;
  messageZh?: string;
  messageEn?: string;
}

export interface Decision {
  outcome: string | null;
  grade?: string | null;
  score?: number | null;
  limit?: string | null;
  annualRatePct?: string | null;
  reasons?: Reason[];
  firedRules?: FiredRule[];
  /** The automatic-approval maximum applied: the policy's limit and the cap (null when not capped). */
  limitCap?: { uncappedLimit: string; cap: string; limit: string } | null;
  policyVersion?: string | null;
  durationMicros?: number | null;
  input?: unknown;
  decidedAt?: string | null;
  createdAt?: string | null;
}

export interface Guarantee {
  id?: Id;
  /** GUARANTOR (担保人) or CO_BORROWER (共同借款人); rows before 0070 are guarantors. */
  role?: 'GUARANTOR' | 'CO_BORROWER';
  status: string;
  guarantorNameMasked?: string;
  guarantorCustomerId?: Id;
  textVersion?: string;
  confirmedAt?: string | null;
  createdAt?: string;
}

export interface Pledge {
  cdNo: string;
  principal: string;
  maturityDate: string;
  status: string;
  pledgedOn?: string;
  releasedOn?: string | null;
}

export interface CreditLine {
  id: Id;
  customerId: Id;
  customerNameMasked?: string;
  productCode: string;
  limit: string;
  available: string;
  used: string;
  /** Everything ever drawn on the line. */
  drawn?: string;
  /** Limit that can no longer be drawn though it never was (a one-off line after its drawdown). */
  closed?: string;
  status: 'ACTIVE' | 'FROZEN' | 'CLOSED' | 'EXPIRED';
  revolving: boolean;
  annualRatePct: string;
  maxTermMonths: number;
  expiryDate: string;
  openedOn: string;
  applicationId: Id;
  freezeReason?: string | null;
  pledges?: Pledge[];
  guarantee?: Guarantee | null;
  branchId?: Id;
  officerId?: Id | null;
  /** Whether the customer may draw now: the loans past due or badly classified that stop it. */
  drawdownBlock?: DrawdownBlock;
}

export interface DrawdownBlock {
  blocked: boolean;
  totalPastDue: string;
  loans: Array<{
    loanId: Id;
    creditLineId: Id;
    productCode: string;
    dpd: number;
    classification: string;
    classificationZh: string;
    pastDue: string;
    reasons: string[];
  }>;
}

export interface LoanListItem {
  id: Id;
  customerId?: Id;
  creditLineId?: Id;
  productCode: string;
  principal: string;
  outstandingPrincipal?: string;
  annualRatePct?: string;
  startDate?: string;
  maturityDate?: string;
  status: string;
}

export type QrInfo = OfficerQr;

export interface PreCreditCard {
  cardCode: string;
  url?: string;
  qrDataUrl?: string;
  nameMasked?: string;
  productCode?: string;
  limit?: string;
  validUntil?: string;
  status?: string;
  createdAt?: string;
}

export interface CustomerOption {
  id: Id;
  nameMasked?: string;
  name?: string;
  idNumberMasked?: string;
  mobileMasked?: string;
}

const seg = (id: Id) => encodeURIComponent(String(id));

export const originationApi = {
  products: async (signal?: AbortSignal) => (await api.get<PublicProductList>('/api/v1/public/products', undefined, { signal })).items,

  application: (id: Id, signal?: AbortSignal) => api.get<ApplicationDetail>(`/api/v1/applications/${seg(id)}`, undefined, { signal }),
  apply: (body: ApplicationRequest) => api.post<ApplicationResult>('/api/v1/applications', body),

  decide: (id: Id, body: ReferralDecisionRequest) => api.post<ApplicationDetail>(`/api/v1/applications/${seg(id)}/decision`, body),

  creditLine: (id: Id, signal?: AbortSignal) => api.get<CreditLine>(`/api/v1/credit-lines/${seg(id)}`, undefined, { signal }),
  freeze: (id: Id, reason: string) => api.post<CreditLine | undefined>(`/api/v1/credit-lines/${seg(id)}/freeze`, { reason }),
  unfreeze: (id: Id, reason: string) => api.post<UnfreezeRequested>(`/api/v1/credit-lines/${seg(id)}/unfreeze`, { reason }),
  releasePledge: (id: Id) => api.post<CreditLine | undefined>(`/api/v1/credit-lines/${seg(id)}/release-pledge`, {}),
  loansOfCustomer: (customerId: Id, signal?: AbortSignal) =>
    api.get<Page<LoanListItem>>('/api/v1/loans', { customerId: String(customerId), page: 1, pageSize: 100 }, { signal }),

  myQr: (signal?: AbortSignal) => api.get<QrInfo>('/api/v1/officers/me/qr', undefined, { signal }),
  issueCard: (body: PreCreditCardRequest) => api.post<PreCreditCard>('/api/v1/pre-credit-cards', body),
  cards: (page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<Page<PreCreditCard>>('/api/v1/pre-credit-cards', { page, pageSize }, { signal }),
  serviceEvent: (body: ServiceEventRequest) => api.post<unknown>('/api/v1/service-events', body),
  customer: (id: Id, signal?: AbortSignal) => api.get<CustomerDetail>(`/api/v1/customers/${seg(id)}`, undefined, { signal }),
  searchCustomers: (q: string, signal?: AbortSignal) =>
    api.get<Page<CustomerOption>>('/api/v1/customers', { q, page: 1, pageSize: 20 }, { signal }),
};

/** Status colours: approved green, declined red, referred orange, waiting for the guarantor blue, manual review purple. */
export const APPLICATION_STATUS_COLORS: Record<ApplicationStatus, string> = {
  APPROVED: 'green',
  DECLINED: 'red',
  REFERRED: 'orange',
  PENDING_GUARANTEE: 'blue',
  MANUAL_REVIEW: 'purple',
  SUBMITTED: 'default',
  CANCELLED: 'default',
};

export const CREDIT_LINE_STATUS_COLORS: Record<string, string> = {
  ACTIVE: 'green',
  FROZEN: 'red',
  CLOSED: 'default',
  EXPIRED: 'default',
};
