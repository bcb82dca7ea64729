/**
 * What goes into an audit row, made safe and exact before it is hashed. Pure.
 *
 * The log is append-only: a password or an ID number written into it can never be taken out again.
 * So, whatever the caller passes, secrets are redacted by key name, full ID numbers and mobile
 * numbers inside strings are masked, and the summary is reduced to plain JSON values.
 *
 * Exactness: the hash is computed from the values in memory and re-computed later from the stored
 * row, so every string must survive the trip through PostgreSQL unchanged. PostgreSQL rejects NUL
 * characters, and UTF-8 cannot carry a lone UTF-16 surrogate (drivers would silently replace it), so
 * both are replaced with U+FFFD here, before hashing.
 */
import { InvariantError } from '../../kernel/errors.js';
import { validateIdNumber } from '../../kernel/idcard.js';
import { maskIdNumber, maskMobile } from '../../kernel/mask.js';
import { canonicalJson } from './canonical.js';

export const REDACTED = '[REDACTED]';
/** A summary is a before/after digest, not a document: larger ones are a programming error. */
export const MAX_SUMMARY_CHARS = 64 * 1024;
const MAX_DEPTH = 16;

/** Words of a key whose value is never written: credentials and keys, whatever their shape. */
const SECRET_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'credential', 'credentials', 'otp', 'pin']);
/** Fragments that mark a secret even inside one word ('newpassword', 'apikey'). */
const SECRET_FRAGMENT_RE = /password|passwd|passphrase|secret|privatekey|apikey|accesskey/;
// Boundaries are "not a letter or digit", so digits inside hashes and hex ids are left alone.
const ID_NUMBER_IN_TEXT_RE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT_RE = /(?<![0-9A-Za-z+])(\+?86[- ]?)?(1[3-9]\d{9})(?![0-9A-Za-z])/g;
// eslint-disable-next-line no-control-regex
const UNSTORABLE_RE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters PostgreSQL text cannot hold exactly (NUL, lone surrogates) with U+FFFD. */
export function storableText(s: string): string {
  return s.replace(UNSTORABLE_RE, '\uFFFD');
}

/** Masks valid 18-digit ID numbers and mainland mobile numbers found inside free text. */
export function maskPersonalData(s: string): string {
  return s
    .replace(ID_NUMBER_IN_TEXT_RE, (m) => (validateIdNumber(m).ok ? maskIdNumber(m) : m))
    .replace(MOBILE_IN_TEXT_RE, (_m, prefix: string | undefined, mobile: string) => (prefix ?? '') + maskMobile(mobile));
}

/** 'newPassword', 'session_token', 'apiKey', 'smsOtp' → true; 'footprint', 'passed' → false. */
export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return SECRET_FRAGMENT_RE.test(words.join(''));
}

/**
 * The summary as it is stored and hashed: plain JSON (Dates become ISO strings, bigints decimal
 * strings, undefined members dropped, non-finite numbers null), secrets redacted, personal data
 * masked, characters made storable. null when there is nothing to record.
 */
export function normaliseSummary(summary: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (summary === null || summary === undefined) return null;
  if (typeof summary !== 'object' || Array.isArray(summary)) {
    throw new InvariantError('audit summary must be an object');
  }
  const out = toJsonValue(summary, 0, new Set()) as Record<string, unknown>;
  const size = canonicalJson(out).length;
  if (size > MAX_SUMMARY_CHARS) {
    throw new InvariantError(`audit summary too large (${size} chars, at most ${MAX_SUMMARY_CHARS})`);
  }
  return out;
}

function toJsonValue(value: unknown, depth: number, seen: Set<object>): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      return maskPersonalData(storableText(value));
    case 'number':
      return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      return objectToJson(value as object, depth, seen);
    default:
      return undefined; // undefined, function, symbol: left out, as JSON does
  }
}

function objectToJson(value: object, depth: number, seen: Set<object>): unknown {
  if (depth >= MAX_DEPTH) throw new InvariantError(`audit summary nested deeper than ${MAX_DEPTH}`);
  if (seen.has(value)) throw new InvariantError('audit summary contains a cycle');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return toJsonValue(toJSON.call(value), depth, seen);
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return value.map((v) => {
        const j = toJsonValue(v, depth + 1, seen);
        return j === undefined ? null : j;
      });
    }
    const out: Record<string, unknown> = {};
    for (const [rawKey, v] of Object.entries(value)) {
      const key = storableText(rawKey);
      // A flag such as passwordChanged: true tells nothing secret; any other value is redacted.
      const hide = isSecretKey(key) && v !== null && v !== undefined && typeof v !== 'boolean';
      const j = hide ? REDACTED : toJsonValue(v, depth + 1, seen);
      if (j === undefined) continue;
      // defineProperty: a '__proto__' key stays a plain member instead of changing the prototype.
      Object.defineProperty(out, key, { value: j, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
