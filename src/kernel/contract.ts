/**
 * Shared atoms of every API contract, defined once: money, rates, dates, ids, paging and the error
 * body. Each module's `<module>.contract.ts` builds its request and response schemas from these; the
 * routes, the services and both web apps take their types from those contracts.
 *
 * Pure zod, no Node.js imports: the web apps import this file directly (never the kernel index,
 * which carries the field encryption).
 */
import { z } from 'zod';

/** An amount in yuan as a string with at most two decimals ("8530.99"); the service parses it to fen. */
export const yuan = z.string().max(40).describe('元，最多两位小数 (yuan), e.g. "8530.99"');

/** An annual rate as a percent string ("4.35"). */
export const ratePct = z.string().max(20).describe('年利率，百分数 (annual rate, percent), e.g. "4.35"');

/** A calendar or business date. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .describe('YYYY-MM-DD');

/** An instant as ISO 8601 text, as the API returns it. */
export const isoDateTime = z.string().describe('ISO 8601 instant');

/** A database id in a path or query string. */
export const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** `/:id` path parameters. */
export const idParams = z.object({ id });

/** Paging of every list: 1-based page, at most 200 rows a page. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;

/** A list's `sort` value: a whitelisted field ascending, or `-field` descending. */
export type SortValue<F extends string> = F | `-${F}`;

/**
 * The `sort` query parameter of a list route (merge it in: `listQuery.extend(sortQuery([...]))`):
 * one of the given fields, ascending (`maturityDate`) or descending with a minus (`-maturityDate`).
 * Anything else is refused with 400 VALIDATION_FAILED, so only whitelisted columns ever reach the
 * query; the service orders by the field's column and then by id, so equal values keep one order.
 */
export function sortQuery<const F extends string>(fields: readonly [F, ...F[]]) {
  const values = fields.flatMap((f) => [f, `-${f}`]) as SortValue<F>[];
  return {
    sort: z
      .enum(values)
      .optional()
      .describe(`排序：字段名为升序，前加 - 为降序 (sort: field ascending, -field descending); fields: ${fields.join(', ')}`),
  };
}

/** A `sort` value taken apart: the field and whether it is descending. */
export function parseSort<F extends string>(sort: SortValue<F>): { field: F; descending: boolean } {
  return sort.startsWith('-') ? { field: sort.slice(1) as F, descending: true } : { field: sort as F, descending: false };
}

/** A page of a list: its rows and the total count under the same filters and scope. */
export function paged<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/** The body of every error answer (the codes are in errors.ts). */
export const errorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;
