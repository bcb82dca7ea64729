/** API calls and types of the products console pages. Amounts are yuan strings, rates percent strings. */
import { api } from '../../shared/api';
import type {
  LprBody,
  LprList,
  ProductDetail,
  ProductList,
  ProductParamsBody,
  SubmittedChange,
} from '../../../src/modules/products/products.contract';
import { PRICING_GRADES, type PricingGrade } from '../../../src/modules/products/products.contract';

// Vocabularies and shapes are the products contract's (src/modules/products/products.contract.ts).
export {
  LPR_TENORS,
  REPAYMENT_METHODS,
  REPAYMENT_PARTS,
  type LprFixing,
  type LprList,
  type LprTenor,
  type ProductDetail,
  type ProductKind,
  type ProductList,
  /** The parameter set in API form (GET returns it, PUT sends it back with an effective date). */
  type ProductParamsApi,
  type ProductVersionView,
  type ProductView,
  type RepaymentMethod,
  type SubmittedChange,
  type VersionState,
} from '../../../src/modules/products/products.contract';
export const GRADES = PRICING_GRADES;
export type Grade = PricingGrade;

/** A field-level problem reported with PRODUCT_PARAMS_INVALID. */
export interface ParamIssue {
  field: string;
  code: string;
  message: string;
}

const seg = (s: string) => encodeURIComponent(s);

export const productApi = {
  list: (signal?: AbortSignal) => api.get<ProductList>('/api/v1/products', undefined, { signal }),
  detail: (code: string, date?: string, signal?: AbortSignal) =>
    api.get<ProductDetail>(`/api/v1/products/${seg(code)}`, { date }, { signal }),
  submitParams: async (code: string, body: ProductParamsBody) =>
    (await api.request<SubmittedChange>('PUT', `/api/v1/products/${seg(code)}/params`, { body })).data,
  lpr: (signal?: AbortSignal) => api.get<LprList>('/api/v1/lpr', undefined, { signal }),
  submitLpr: (body: LprBody) => api.post<SubmittedChange>('/api/v1/lpr', body),
};
