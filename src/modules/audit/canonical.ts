/**
 * The canonical form of an audit record and its hash. Pure: the same record gives the same bytes
 * on every engine and driver, whatever order jsonb returns the summary's keys in.
 *
 * The form is a JSON array of the fields in a fixed order, with objects' keys sorted; an array of
 * JSON values cannot be confused with another record by moving text between fields.
 */
import { createHash } from 'node:crypto';
import { InvariantError } from '../../kernel/errors.js';

/** prev_hash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Tag of the canonical form; a future form gets a new tag, so old rows stay verifiable. */
export const CANONICAL_VERSION = 'hn-audit-v1';
/**
 * Tag of the form of a record on any chain but chain 0 (migration 0037): the chain's key comes first, so
 * a record cannot be moved to another chain. Chain 0 — the single chain of the log before 0037, and the
 * system's chain since — keeps the v1 form, so every record written before verifies byte for byte as before.
 */
export const CANONICAL_VERSION_CHAINED = 'hn-audit-v2';

export interface AuditRecord {
  /** The chain the record belongs to (0: the system chain, the whole log before 0037). */
  chain: number;
  seq: number;
  prevHash: string;
  /** UTC instant with microseconds, 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (the precision of timestamptz). */
  at: string;
  actorId: number | null;
  actorUsername: string;
  actorRoles: readonly string[];
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: Record<string, unknown> | null;
  clientIp: string | null;
}

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level, no whitespace. Accepts only
 * JSON values: anything else (undefined at the top, functions, bigint, NaN, Infinity, class
 * instances) is a programming error. undefined object members are left out, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new InvariantError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as object);
    default:
      throw new InvariantError(`canonicalJson: ${typeof value} is not a JSON value`);
  }
}

function canonicalArray(items: readonly unknown[]): string {
  return `[${items.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
}

function canonicalObject(obj: object): string {
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    throw new InvariantError(`canonicalJson: ${proto?.constructor?.name ?? 'object'} is not a plain object`);
  }
  const record = obj as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/** The bytes that are hashed: version tag and the fields in a fixed order. */
export function canonicalAuditRecord(r: AuditRecord): string {
  const position = r.chain === 0 ? [CANONICAL_VERSION, r.seq] : [CANONICAL_VERSION_CHAINED, r.chain, r.seq];
  return canonicalJson([
    ...position,
    r.prevHash,
    r.at,
    r.actorId,
    r.actorUsername,
    [...r.actorRoles],
    r.action,
    r.targetType,
    r.targetId,
    r.summary,
    r.clientIp,
  ]);
}

/** sha256 of the canonical form, lower-case hex. */
export function auditHash(r: AuditRecord): string {
  return createHash('sha256').update(canonicalAuditRecord(r), 'utf8').digest('hex');
}

const ISO_MILLIS_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{3})Z$/;

/**
 * '2024-05-01T08:00:00.123Z' (Date#toISOString) → '2024-05-01T08:00:00.123000Z', the form the
 * database gives back with to_char(... 'US'), so appender and verifier hash the same text and an
 * edit of even one microsecond shows.
 */
export function isoMillisToMicros(iso: string): string {
  const m = ISO_MILLIS_RE.exec(iso);
  if (!m) throw new InvariantError(`not an ISO UTC instant with milliseconds: ${iso}`);
  return `${m[1]}.${m[2]}000Z`;
}
