/** API calls and types of the products console pages. Amounts are yuan strings, rates percent strings. */
import { api } from '../../shared/api';

export type ProductKind = 'CREDIT' | 'GUARANTEE' | 'PLEDGE';
export type RepaymentMethod = 'EQUAL_INSTALLMENT' | 'EQUAL_PRINCIPAL' | 'MONTHLY_INTEREST' | 'BULLET';
export const REPAYMENT_METHODS: readonly RepaymentMethod[] = ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'MONTHLY_INTEREST', 'BULLET'];
export const REPAYMENT_PARTS = ['FEES', 'PENALTY', 'INTEREST', 'PRINCIPAL'] as const;
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];
export type LprTenor = '1Y' | '5Y';
export type VersionState = 'IN_EFFECT' | 'SCHEDULED' | 'SUPERSEDED';

/** ProductParams in API form (GET returns it, PUT sends it back with an effective date). */
export interface ProductParams {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  kind: ProductKind;
  revolving: boolean;
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
  repaymentMethods: RepaymentMethod[];
  bulletMaxTermMonths: number;
  pricing: { spreadPctByGrade: Record<Grade, string>; floorPct: string; ceilingPct: string };
  penaltyUpliftPct: string;
  minAge: number;
  maxAge: number;
  serviceRegionPrefixes: string[];
  internetLoanCap: string;
  autoApproveMax: string;
  pledgeRatePct: string | null;
  guarantor: { required: boolean; maxCount: number } | null;
  lineValidityMonths: number;
  dayCountBasis: 360 | 365;
  referralDeadlineHours: number;
  repaymentOrder: string[];
}

export interface ProductView {
  code: string;
  kind: ProductKind;
  nameZh: string;
  nameEn: string;
  status: 'ACTIVE' | 'SUSPENDED';
  version: number;
  effectiveDate: string;
  params: ProductParams;
  indicativeRate: { minPct: string; maxPct: string } | null;
  scheduled: { version: number; effectiveDate: string } | null;
}

export interface ProductList {
  businessDate: string;
  date: string;
  lpr: Record<LprTenor, string | null>;
  items: ProductView[];
}

export interface ProductVersion {
  version: number;
  effectiveDate: string;
  state: VersionState;
  reviewRequestId: number | null;
  createdAt: string;
  params: ProductParams;
}

export interface ProductDetail extends ProductView {
  date: string;
  businessDate: string;
  lprPct: string | null;
  versions: ProductVersion[];
}

export interface LprFixing {
  tenor: LprTenor;
  effectiveDate: string;
  ratePct: string;
  state: VersionState;
  reviewRequestId: number | null;
  createdAt: string;
}

export interface LprList {
  businessDate: string;
  current: Record<LprTenor, { ratePct: string; effectiveDate: string } | null>;
  items: LprFixing[];
}

export interface Submitted {
  reviewRequestId: number;
  status: 'PENDING' | 'APPLIED_DIRECTLY';
}

/** A field-level problem reported with PRODUCT_PARAMS_INVALID. */
export interface ParamIssue {
  field: string;
  code: string;
  message: string;
}

const seg = (s: string) => encodeURIComponent(s);

export const productApi = {
  list: (signal?: AbortSignal) => api.get<ProductList>('/api/v1/products', undefined, { signal }),
  detail: (code: string, date?: string, signal?: AbortSignal) => api.get<ProductDetail>(`/api/v1/products/${seg(code)}`, { date }, { signal }),
  submitParams: async (code: string, body: Omit<ProductParams, 'code' | 'kind'> & { effectiveDate: string }) =>
    (await api.request<Submitted>('PUT', `/api/v1/products/${seg(code)}/params`, { body })).data,
  lpr: (signal?: AbortSignal) => api.get<LprList>('/api/v1/lpr', undefined, { signal }),
  submitLpr: (body: { tenor: LprTenor; effectiveDate: string; ratePct: string }) => api.post<Submitted>('/api/v1/lpr', body),
};
