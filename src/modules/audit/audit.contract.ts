/**
 * The API contract of the audit module: the log for auditors and the chain verification. Pure zod,
 * kernel atoms and the pure time-filter rule, so the routes, the service and the console take their
 * types from here.
 */
import { z } from 'zod';
import { isoDateTime, pageQuery, paged } from '../../kernel/contract.js';
import { isTimeFilter } from './filters.js';

/** Empty query values (`?action=`) mean "no filter". */
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

const timeFilter = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .string()
    .trim()
    .refine(isTimeFilter, { message: 'expected YYYY-MM-DD or an ISO date-time with offset, e.g. 2024-05-01T08:00:00+08:00' })
    .optional(),
);

export const auditListQuery = pageQuery.extend({
  action: optionalText(100).describe("exact action, or a prefix ending in '*' such as review.*"),
  actor: optionalText(64).describe('username of the actor'),
  from: timeFilter.describe('YYYY-MM-DD (bank day, UTC+8) or ISO date-time; inclusive'),
  to: timeFilter.describe('YYYY-MM-DD (whole bank day) or ISO date-time; inclusive'),
});
/**
 * page, pageSize; action: exact, or a prefix ending in '*' ('review.*'); actor: a username ('system'
 * for jobs); from/to: 'YYYY-MM-DD' (a whole bank day, UTC+8) or an ISO date-time with offset, inclusive.
 */
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditEntry = z.object({
  /** The chain the record belongs to: a customer's id (> 0), minus a staff id (< 0), 0 the system's, the anchor chain. */
  chain: z.number().int(),
  /** The record's place in its chain: 1, 2, … without gaps. */
  seq: z.number().int(),
  /** ISO instant, UTC, milliseconds. */
  at: isoDateTime,
  actorUsername: z.string(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()).nullable(),
  clientIp: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditPage = paged(auditEntry);
export type AuditPage = z.infer<typeof auditPage>;

export const AUDIT_BREAKS = ['HASH_MISMATCH', 'PREV_HASH_MISMATCH', 'SEQ_GAP', 'HEAD_MISMATCH', 'ANCHOR_MISMATCH'] as const;
export type AuditBreak = (typeof AUDIT_BREAKS)[number];

export const auditVerifyResult = z.object({
  ok: z.boolean(),
  /** Rows found intact, over every chain: all of them when ok, those walked before the break otherwise. */
  rows: z.number().int(),
  /**
   * The first broken link, walking the chains in key order (the anchor chain first) and each in seq order:
   * its chain and seq. SEQ_GAP names the first missing seq (also rows cut off the end, or short of a seq an
   * anchor recorded); HEAD_MISMATCH names the last record, which is not the one the chain's head recorded
   * (a tail rewritten); ANCHOR_MISMATCH a record other than the one an anchor recorded at that seq.
   */
  brokenAt: z.object({ chain: z.number().int(), seq: z.number().int(), reason: z.enum(AUDIT_BREAKS) }).optional(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResult>;
