/**
 * The API contract of the customers module: the masked staff views of a customer and the audited
 * unmasking. Pure zod and kernel atoms, so the routes, the service and the console take their
 * types from here.
 */
import { z } from 'zod';
import { isoDate, isoDateTime, pageQuery, paged, sortQuery, yuan, type SortValue } from '../../kernel/contract.js';

export const CUSTOMER_KINDS = ['INDIVIDUAL', 'INDIVIDUAL_BUSINESS'] as const;
export const customerKind = z.enum(CUSTOMER_KINDS);

/** q: an exact resident ID number, mobile number or full name (searched by lookup hash). */
/** The columns the customers list sorts by (`sort=-firstSeenDate`); `age` sorts by birth date, reversed. Newest first (by id) when none is given. */
export const CUSTOMER_SORT_FIELDS = ['id', 'createdAt', 'firstSeenDate', 'age', 'regionCode'] as const;
export type CustomerSortField = (typeof CUSTOMER_SORT_FIELDS)[number];
export type CustomerSort = SortValue<CustomerSortField>;

export const customerQuery = pageQuery.extend({ q: z.string().max(60).optional(), ...sortQuery(CUSTOMER_SORT_FIELDS) });
export type CustomerQuery = z.infer<typeof customerQuery>;

export const customerListItem = z.object({
  id: z.number(),
  kind: customerKind,
  nameMasked: z.string(),
  idNumberMasked: z.string(),
  mobileMasked: z.string(),
  age: z.number(),
  sex: z.enum(['M', 'F']),
  regionCode: z.string(),
  branchId: z.number(),
  branchName: z.string().nullable(),
  officerId: z.number().nullable(),
  officerName: z.string().nullable(),
  firstSeenDate: isoDate,
  createdAt: isoDateTime,
});
export type CustomerListItem = z.infer<typeof customerListItem>;

export const customerPage = paged(customerListItem);
export type CustomerPage = z.infer<typeof customerPage>;

export const customerDetail = customerListItem.extend({
  residence: z.string().nullable(),
  occupation: z.string().nullable(),
  /** Yuan string, e.g. "8500.00". */
  monthlyIncome: yuan.nullable(),
  creditCode: z.string().nullable(),
  businessName: z.string().nullable(),
  yearsAsCustomer: z.number(),
  updatedAt: isoDateTime,
});
export type CustomerDetail = z.infer<typeof customerDetail>;

/** The whole name, ID number and mobile (the unmasking is audited). */
export const customerPii = z.object({ name: z.string(), idNumber: z.string(), mobile: z.string() });
export type CustomerPii = z.infer<typeof customerPii>;
