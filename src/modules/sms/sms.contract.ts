/**
 * The API contract of the sms module: the staff outbox of the embedded gateway. Pure zod and
 * kernel atoms, so the routes, the service and the console all take their types from here.
 */
import { z } from 'zod';
import { isoDateTime, pageQuery, paged } from '../../kernel/contract.js';

export const outboxItem = z.object({
  id: z.number(),
  customerId: z.number().nullable(),
  mobileMasked: z.string(),
  template: z.string(),
  text: z.string(),
  status: z.string(),
  createdAt: isoDateTime,
  /** Queued messages: not sent before this instant (null: sent at once). */
  sendAfter: isoDateTime.nullable(),
  sentAt: isoDateTime.nullable(),
  failureReason: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof outboxItem>;

/** A page of the outbox; in demo mode the texts are shown whole. */
export const outboxPage = paged(outboxItem).extend({ demo: z.boolean() });
export type OutboxPage = z.infer<typeof outboxPage>;

/** GET: paging only — a mobile in the query string is refused rather than quietly ignored. */
export const outboxQuery = z.strictObject(pageQuery.shape);
export type OutboxQuery = z.infer<typeof outboxQuery>;

/** POST search: the mobile goes in the body, never in a URL (URLs are logged). */
export const outboxSearch = pageQuery.extend({ mobile: z.string().max(20).optional() });
export type OutboxSearch = z.infer<typeof outboxSearch>;

/**
 * The query string of the POST search: only the export switch (format=xlsx answers the whole
 * outbox under the body's filter as a workbook), so the mobile stays in the body even when exported.
 */
export const outboxSearchQuery = z.strictObject({ format: z.enum(['json', 'xlsx']).optional() });
export type OutboxSearchQuery = z.infer<typeof outboxSearchQuery>;
