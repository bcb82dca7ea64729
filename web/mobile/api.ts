/**
 * The customer page's API calls (docs/lending-modules.md, "Origination HTTP API"). The customer
 * session is the httpOnly `hn_customer` cookie the server sets at POST /portal/sessions; nothing is
 * kept in localStorage. Amounts are yuan strings, rates percent strings, dates YYYY-MM-DD.
 */
import { api, type Id } from '../shared/api';
import type { Installment, LoanView, RepaymentResult, SettlementQuote } from '../../src/modules/loans/loans.contract';
import type { CalculatorBody, CalculatorResponse, InstallmentViewApi } from '../../src/modules/calculator/calculator.contract';
import type { ProductKind, PublicProductList } from '../../src/modules/products/products.contract';
import type {
  ApplicationDetail,
  ApplicationRequest,
  ApplicationResult,
  Channel,
  ConsentsView,
  CreditLineDetail,
  DrawdownRequest,
  DrawdownResult,
  EntryView,
  GuaranteeConfirmed,
  GuaranteeConfirmRequest,
  GuaranteeInvitation,
  Identity,
  OtpChallenge,
  PortalCertificates,
  PortalOverview,
  SessionRequest,
  SessionView,
} from '../../src/modules/origination/origination.contract';
import type { MyReminderPage, OptOutView } from '../../src/modules/reminders/reminders.contract';
import type { MyReferralView } from '../../src/modules/referrals/referrals.contract';

// The shapes of the API are the contracts' (loans, calculator, origination, products); this file adds
// only the page's own views of them.
export type { LoanView, RepaymentResult, SettlementQuote } from '../../src/modules/loans/loans.contract';
export type {
  ApplicationRequest,
  ApplicationResult,
  ApplicationStatus,
  Channel,
  DrawdownResult,
  GuaranteeInvitation,
} from '../../src/modules/origination/origination.contract';

export type { ProductCode, PublicProduct, PublicProductList, RepaymentMethod } from '../../src/modules/products/products.contract';
export { PRODUCT_CODES, REPAYMENT_METHODS } from '../../src/modules/products/products.contract';

export const OCCUPATIONS = ['CIVIL_SERVANT', 'SOE_EMPLOYEE', 'ENTERPRISE_EMPLOYEE', 'SELF_EMPLOYED', 'FARMER', 'OTHER'] as const;
export type Occupation = (typeof OCCUPATIONS)[number];

/** By the product's kind; by its code while the products list has not arrived. */
export function isGuaranteeProduct(p: { code: string; kind?: ProductKind }): boolean {
  return p.kind ? p.kind === 'GUARANTEE' : p.code === 'BAOZHENG_E_DAI';
}
export function isPledgeProduct(p: { code: string; kind?: ProductKind }): boolean {
  return p.kind ? p.kind === 'PLEDGE' : p.code === 'ZHIYA_E_DAI';
}

/** A row of a schedule as the page shows it: a trial's row, or a loan's installment with its status. */
export type ScheduleRow = InstallmentViewApi & { status?: Installment['status'] };

/** The trial calculator's request and schedule (POST /api/v1/calculator/schedule). */
export type TrialSchedule = CalculatorResponse;
export type TrialRequest = CalculatorBody;

export type EntryInfo = EntryView;
export type IdentityInput = Identity;

export interface ArrivalCodes {
  officerCode?: string;
  referralCode?: string;
  cardCode?: string;
  /** A key customer group's code (?group=): the application comes by the channel GROUP. */
  groupCode?: string;
  /** A campaign's code (?c=, its tracking link or QR code): the application is credited to the campaign. */
  campaignCode?: string;
}

/** The signed-in customer: the session's answer, with the referral code GET /portal/me adds. */
export type CustomerBrief = SessionView['customer'] & { referralCode?: string };
export type ConsentItem = ConsentsView['items'][number];
export type Certificate = PortalCertificates['items'][number];
export type CreditLine = CreditLineDetail;

/** A drawdown as this page asks for it: always a term in months. */
export type MonthsDrawdownRequest = DrawdownRequest & { termMonths: number };

export type MyApplication = PortalOverview['applications'][number];
/** GET /portal/me lists loans by id; the rest is read from GET /loans/:id. */
export type MyLoan = PortalOverview['loans'][number] &
  Partial<Pick<LoanView, 'productCode' | 'principal' | 'outstandingPrincipal' | 'status' | 'maturityDate' | 'creditLineId'>>;
export type Me = PortalOverview;

const seg = (id: Id) => encodeURIComponent(String(id));

/** POST with extra headers (e.g. Idempotency-Key) through the shared client. */
async function postWithHeaders<T>(path: string, body: unknown, headers: Record<string, string>): Promise<T> {
  return (await api.request<T>('POST', path, { body, headers })).data;
}

export const mobileApi = {
  products: (signal?: AbortSignal) => api.get<PublicProductList>('/api/v1/public/products', undefined, { signal }),
  trial: (req: TrialRequest, signal?: AbortSignal) => api.post<TrialSchedule>('/api/v1/calculator/schedule', req, { signal }),

  entry: (q: { officer?: string; ref?: string; card?: string }, signal?: AbortSignal) =>
    api.get<EntryInfo>('/api/v1/portal/entry', q, { signal }),
  // a campaign's tracking link was opened: counted once per page load (no personal data)
  visit: (code: string) => api.post<{ recorded: boolean; date: string }>('/api/v1/portal/visits', { code }),
  sendOtp: (identity: IdentityInput) => api.post<OtpChallenge>('/api/v1/portal/otp', identity),
  createSession: (body: SessionRequest) => api.post<SessionView>('/api/v1/portal/sessions', body, { expectUnauthorized: true }),
  me: (signal?: AbortSignal) => api.get<Me>('/api/v1/portal/me', undefined, { signal, expectUnauthorized: true }),
  logout: () => api.post<void>('/api/v1/portal/logout', undefined, { expectUnauthorized: true }),
  // my reminder SMS and the switch for them (opt-out)
  reminders: (signal?: AbortSignal) => api.get<MyReminderPage>('/api/v1/portal/reminders', { pageSize: 20 }, { signal }),
  reminderOptOut: (signal?: AbortSignal) => api.get<OptOutView>('/api/v1/portal/reminder-opt-out', undefined, { signal }),
  setReminderOptOut: async (optedOut: boolean) =>
    (await api.request<OptOutView>('PUT', '/api/v1/portal/reminder-opt-out', { body: { optedOut } })).data,
  // my referral code, its QR code and the rewards it earned (转介有礼)
  referral: (signal?: AbortSignal) => api.get<MyReferralView>('/api/v1/portal/referral', undefined, { signal }),
  consents: (signal?: AbortSignal) => api.get<{ items: ConsentItem[] }>('/api/v1/portal/consents', undefined, { signal }),
  certificates: (signal?: AbortSignal) =>
    api.get<{ items: Certificate[] }>('/api/v1/portal/certificates', undefined, { signal, expectUnauthorized: true }),

  apply: (body: ApplicationRequest) => api.post<ApplicationResult>('/api/v1/applications', body, { expectUnauthorized: true }),
  manualReview: (id: Id, reason: string) =>
    api.post<ApplicationDetail>(`/api/v1/applications/${seg(id)}/manual-review`, { reason }, { expectUnauthorized: true }),

  creditLine: (id: Id, signal?: AbortSignal) =>
    api.get<CreditLine>(`/api/v1/credit-lines/${seg(id)}`, undefined, { signal, expectUnauthorized: true }),
  drawdown: (lineId: Id, body: MonthsDrawdownRequest, idempotencyKey: string) =>
    postWithHeaders<DrawdownResult>(`/api/v1/credit-lines/${seg(lineId)}/drawdowns`, body, { 'Idempotency-Key': idempotencyKey }),
  loan: (id: Id, signal?: AbortSignal) => api.get<LoanView>(`/api/v1/loans/${seg(id)}`, undefined, { signal, expectUnauthorized: true }),
  settlementQuote: (id: Id, signal?: AbortSignal) =>
    api.get<SettlementQuote>(`/api/v1/loans/${seg(id)}/settlement-quote`, undefined, { signal, expectUnauthorized: true }),
  repay: (id: Id, body: { amount: string; mode: 'DUE' | 'EARLY_FULL' }, idempotencyKey: string) =>
    postWithHeaders<RepaymentResult>(`/api/v1/loans/${seg(id)}/repayments`, body, { 'Idempotency-Key': idempotencyKey }),

  guarantee: (token: string, signal?: AbortSignal) =>
    api.get<GuaranteeInvitation>(`/api/v1/portal/guarantees/${seg(token)}`, undefined, { signal }),
  guaranteeOtp: (token: string, identity: IdentityInput) => api.post<OtpChallenge>(`/api/v1/portal/guarantees/${seg(token)}/otp`, identity),
  confirmGuarantee: (token: string, body: GuaranteeConfirmRequest) =>
    api.post<GuaranteeConfirmed>(`/api/v1/portal/guarantees/${seg(token)}/confirm`, body),
};

/** Maps the consent kinds of GET /portal/consents to the flags of POST /applications. */
export const CONSENT_FLAG: Record<string, keyof NonNullable<ApplicationRequest['consents']>> = {
  CREDIT_INQUIRY: 'creditInquiry',
  AUTOMATED_DECISION: 'automatedDecision',
  PERSONAL_INFORMATION: 'personalInformation',
};
export const CONSENT_KINDS = Object.keys(CONSENT_FLAG);

/** The channel an application arrives by, from the codes in the arrival link. */
export function channelOf(codes: ArrivalCodes): Channel {
  if (codes.cardCode) return 'PRE_CREDIT_CARD';
  if (codes.officerCode) return 'OFFICER_QR';
  if (codes.groupCode) return 'GROUP';
  if (codes.referralCode) return 'REFERRAL';
  return 'SELF_SERVICE';
}

/** Arrival codes from a query string (?officer=, ?ref=, ?card=, ?group=, ?c=). */
export function codesFromSearch(params: URLSearchParams): ArrivalCodes {
  const clean = (v: string | null) => (v && /^[\w-]{1,64}$/.test(v) ? v : undefined);
  const codes: ArrivalCodes = {
    officerCode: clean(params.get('officer')),
    referralCode: clean(params.get('ref')),
    cardCode: clean(params.get('card')),
  };
  const groupCode = clean(params.get('group'));
  if (groupCode) codes.groupCode = groupCode;
  const campaignCode = clean(params.get('c'));
  if (campaignCode) codes.campaignCode = campaignCode;
  return codes;
}

/** The same codes as a query string, to carry them from page to page. */
export function searchOfCodes(codes: ArrivalCodes): string {
  const p = new URLSearchParams();
  if (codes.officerCode) p.set('officer', codes.officerCode);
  if (codes.referralCode) p.set('ref', codes.referralCode);
  if (codes.cardCode) p.set('card', codes.cardCode);
  if (codes.groupCode) p.set('group', codes.groupCode);
  if (codes.campaignCode) p.set('c', codes.campaignCode);
  const s = p.toString();
  return s ? `?${s}` : '';
}
