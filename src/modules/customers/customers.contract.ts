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
  // the profile collected by credit staff (issue 13 §5); the spouse's name masked
  employer: z.string().nullable(),
  maritalStatus: z.enum(['SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED']).nullable(),
  dependants: z.number().int().nullable(),
  spouseNameMasked: z.string().nullable(),
  collateralNotes: z.string().nullable(),
  /** The review request of the customer's pending profile change, if any. */
  pendingProfileChangeId: z.number().int().nullable(),
});
export type CustomerDetail = z.infer<typeof customerDetail>;

/** The whole name, ID number and mobile (the unmasking is audited). */
export const customerPii = z.object({ name: z.string(), idNumber: z.string(), mobile: z.string() });
export type CustomerPii = z.infer<typeof customerPii>;

// ---------------------------------------------------------------------------------------------
// the profile collected by credit staff, changed through review (AB角, issue 13 §5)

export const MARITAL_STATUSES = ['SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED'] as const;
export const maritalStatus = z.enum(MARITAL_STATUSES);
export type MaritalStatus = z.infer<typeof maritalStatus>;

/** The profile fields a change may carry, in the order forms and diffs show them. */
export const PROFILE_FIELDS = [
  'mobile',
  'residence',
  'occupation',
  'employer',
  'monthlyIncome',
  'maritalStatus',
  'dependants',
  'spouseName',
  'collateralNotes',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/**
 * A profile change: only the fields given change; null clears a field (the mobile cannot be cleared).
 * At least one field must differ from what the customer holds.
 */
export const profileChangeBody = z.object({
  mobile: z.string().max(40).optional(),
  residence: z.string().max(400).nullable().optional(),
  occupation: z.string().max(100).nullable().optional(),
  employer: z.string().max(200).nullable().optional(),
  /** Yuan string ≥ 0, e.g. "8500.00". */
  monthlyIncome: yuan.nullable().optional(),
  maritalStatus: maritalStatus.nullable().optional(),
  dependants: z.number().int().min(0).max(20).nullable().optional(),
  spouseName: z.string().max(100).nullable().optional(),
  collateralNotes: z.string().max(1000).nullable().optional(),
});
export type ProfileChangeBody = z.infer<typeof profileChangeBody>;

export const profileChangeSubmitted = z.object({ reviewRequestId: z.number().int(), status: z.literal('PENDING') });
export type ProfileChangeSubmitted = z.infer<typeof profileChangeSubmitted>;

/** One field of a change or of the history, as shown: masked personal data unless `unmasked`. */
export const profileLine = z.object({
  field: z.enum(PROFILE_FIELDS),
  label: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type ProfileLine = z.infer<typeof profileLine>;

/** The customer's pending profile change (404 CUSTOMER_PROFILE_CHANGE_NOT_FOUND when none). */
export const profilePendingView = z.object({
  reviewRequestId: z.number().int(),
  makerId: z.number().int(),
  makerName: z.string().nullable(),
  createdAt: isoDateTime,
  /** True when the viewer holds pii:unmask: the personal values are whole (and the view audited). */
  unmasked: z.boolean(),
  lines: z.array(profileLine),
});
export type ProfilePendingView = z.infer<typeof profilePendingView>;

export const profileHistoryQuery = pageQuery.extend({ field: z.enum(PROFILE_FIELDS).optional() });
export type ProfileHistoryQuery = z.infer<typeof profileHistoryQuery>;

export const profileHistoryItem = profileLine.extend({
  id: z.number().int(),
  reviewRequestId: z.number().int(),
  makerId: z.number().int(),
  makerName: z.string().nullable(),
  checkerId: z.number().int(),
  checkerName: z.string().nullable(),
  businessDate: isoDate,
  changedAt: isoDateTime,
});
export type ProfileHistoryItem = z.infer<typeof profileHistoryItem>;
export const profileHistoryPage = paged(profileHistoryItem);
export type ProfileHistoryPage = z.infer<typeof profileHistoryPage>;
