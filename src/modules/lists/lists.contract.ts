/**
 * The API contract of the external lists (外部名单): the masked list for the console. Pure zod and
 * kernel atoms, so the route, the service and the console take their types from here.
 */
import { z } from 'zod';
import { isoDate, pageQuery, paged } from '../../kernel/contract.js';

export const LIST_TYPES = ['COURT_ENFORCEMENT', 'DISHONEST', 'BANK_BLACKLIST'] as const;
export const listType = z.enum(LIST_TYPES);
export type ListType = z.infer<typeof listType>;

export const listEntriesQuery = pageQuery.extend({
  listType: listType.optional(),
  /** true: only entries in force on the business date; false: only those not (yet or any more) in force. */
  active: z.enum(['true', 'false']).optional(),
});
export type ListEntriesQueryParams = z.infer<typeof listEntriesQuery>;

export const listEntry = z.object({
  id: z.number().int(),
  listType,
  nameMasked: z.string(),
  idNumberMasked: z.string(),
  caseNo: z.string().nullable(),
  source: z.string(),
  listedOn: isoDate,
  removedOn: isoDate.nullable(),
  /** In force on the business date. */
  active: z.boolean(),
});
export type ListEntry = z.infer<typeof listEntry>;

export const listEntriesPage = paged(listEntry).extend({ businessDate: isoDate });
export type ListEntriesPage = z.infer<typeof listEntriesPage>;
