/**
 * Filters of the audit list, turned into exact database values. Pure.
 *
 * Times: a bare date 'YYYY-MM-DD' is a calendar day at the bank, China Standard Time (UTC+8, no
 * daylight saving since 1991); `from` includes the whole day it names and so does `to`. A date-time
 * must carry its offset ('2024-05-01T08:00:00Z', '…+08:00') and both ends include the instant.
 */
import { AppError } from '../../kernel/errors.js';
import { addDays, isIsoDate } from '../../kernel/dates.js';

const BANK_UTC_OFFSET = '+08:00';
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface TimeBounds {
  /** ISO instant; rows with at >= fromInclusive. */
  fromInclusive?: string;
  /** ISO instant; rows with at < toExclusive. */
  toExclusive?: string;
  /** ISO instant; rows with at <= toInclusive. */
  toInclusive?: string;
}

export function isTimeFilter(s: string): boolean {
  if (isIsoDate(s)) return true;
  const text: string = s;
  return DATE_TIME_RE.test(text) && isIsoDate(text.slice(0, 10)) && !Number.isNaN(Date.parse(text));
}

function instant(s: string, field: 'from' | 'to'): string {
  if (!isTimeFilter(s))
    throw new AppError('VALIDATION_FAILED', [{ field: `query.${field}`, message: 'expected YYYY-MM-DD or an ISO date-time with offset' }]);
  return new Date(Date.parse(s)).toISOString();
}

export function timeBounds(from?: string, to?: string): TimeBounds {
  const out: TimeBounds = {};
  if (from) out.fromInclusive = isIsoDate(from) ? bankMidnight(from) : instant(from, 'from');
  if (to) {
    if (isIsoDate(to)) out.toExclusive = bankMidnight(addDays(to, 1));
    else out.toInclusive = instant(to, 'to');
  }
  return out;
}

function bankMidnight(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00${BANK_UTC_OFFSET}`)).toISOString();
}

/** The action filter: 'auth.login' matches exactly; 'auth.*' (or 'auth*') matches by prefix. */
export function actionFilter(action: string): { exact: string } | { likePrefix: string } {
  const a = action.trim();
  if (!a.endsWith('*')) return { exact: a };
  const prefix = a.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`);
  return { likePrefix: `${prefix}%` };
}
