/**
 * Business dates are ISO calendar dates 'YYYY-MM-DD' without time or zone. Arithmetic is done on
 * day numbers counted from 1970-01-01 in the proleptic Gregorian calendar — the same numbers as
 * Date.UTC(...) / 86 400 000 — with integer formulas, so no local time zone, daylight saving or wall
 * clock can ever leak in. Years 0001–9999 are representable.
 */
import { AppError, InvariantError } from './errors.js';

export type IsoDate = string;

export interface DateParts {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

export function isLeapYear(year: number): boolean {
  assertInteger(year, 'year');
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  assertInteger(month, 'month');
  if (month < 1 || month > 12) throw new InvariantError(`month out of range: ${month}`);
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Validates a real calendar date in the form YYYY-MM-DD and returns it unchanged. */
export function parseIsoDate(s: string): IsoDate {
  splitIsoDate(s);
  return s;
}

/** True for a real date 'YYYY-MM-DD'. Not a type guard: IsoDate is plain string, so a guard would narrow the false branch to never. */
export function isIsoDate(s: unknown): boolean {
  return typeof s === 'string' && tryParts(s) !== null;
}

/** Splits a validated date into numbers. */
export function splitIsoDate(s: IsoDate): DateParts {
  const parts = tryParts(s);
  if (!parts) throw new AppError('INVALID_DATE', { input: typeof s === 'string' ? s.slice(0, 32) : typeof s });
  return parts;
}

/** Builds a date from numbers, validating that it exists. */
export function makeIsoDate(year: number, month: number, day: number): IsoDate {
  const valid =
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month);
  if (!valid) throw new AppError('INVALID_DATE', { year, month, day });
  return format(year, month, day);
}

/** Day number since 1970-01-01 (negative before it). */
export function toEpochDay(date: IsoDate): number {
  const { year, month, day } = splitIsoDate(date);
  return daysFromCivil(year, month, day);
}

/** The date of a day number since 1970-01-01. */
export function fromEpochDay(epochDay: number): IsoDate {
  assertInteger(epochDay, 'epochDay');
  const { year, month, day } = civilFromDays(epochDay);
  if (year < MIN_YEAR || year > MAX_YEAR) throw new AppError('INVALID_DATE', { epochDay, reason: 'OUT_OF_RANGE' });
  return format(year, month, day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  assertInteger(days, 'days');
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * Adds n calendar months, clamping the day to the end of the target month: 2026-01-31 + 1 → 2026-02-28,
 * 2024-01-31 + 1 → 2024-02-29. The clamp is relative to the day of `date`, so build a schedule as
 * addMonthsClamped(start, k) for k = 1, 2, … — chaining (Jan 31 → Feb 28 → Mar 28) drifts.
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  assertInteger(months, 'months');
  const { year, month, day } = splitIsoDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  if (newYear < MIN_YEAR || newYear > MAX_YEAR) throw new AppError('INVALID_DATE', { date, months, reason: 'OUT_OF_RANGE' });
  return format(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/** b − a in days: daysBetween('2026-01-01', '2026-01-31') = 30. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** −1 if a is earlier, 0 if equal, 1 if later. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const diff = daysBetween(b, a);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

export function minDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((m, d) => (compareDates(d, m) < 0 ? d : m), parseIsoDate(first));
}

export function maxDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((m, d) => (compareDates(d, m) > 0 ? d : m), parseIsoDate(first));
}

export function endOfMonth(date: IsoDate): IsoDate {
  const { year, month } = splitIsoDate(date);
  return format(year, month, daysInMonth(year, month));
}

export function startOfMonth(date: IsoDate): IsoDate {
  const { year, month } = splitIsoDate(date);
  return format(year, month, 1);
}

export function startOfYear(date: IsoDate): IsoDate {
  return format(splitIsoDate(date).year, 1, 1);
}

/**
 * Age in full years on atDate. Someone born on Feb 29 turns a year older on Mar 1 in common years
 * (and on Feb 29 in leap years). atDate before birthDate is an error.
 */
export function ageAt(birthDate: IsoDate, atDate: IsoDate): number {
  const birth = splitIsoDate(birthDate);
  const at = splitIsoDate(atDate);
  if (compareDates(atDate, birthDate) < 0) {
    throw new AppError('INVALID_DATE', { birthDate, atDate, reason: 'BEFORE_BIRTH' });
  }
  const feb29InCommonYear = birth.month === 2 && birth.day === 29 && !isLeapYear(at.year);
  const [bMonth, bDay] = feb29InCommonYear ? [3, 1] : [birth.month, birth.day];
  const hadBirthday = at.month > bMonth || (at.month === bMonth && at.day >= bDay);
  return at.year - birth.year - (hadBirthday ? 0 : 1);
}

function tryParts(s: string): DateParts | null {
  if (typeof s !== 'string') return null;
  const m = ISO_DATE_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function format(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, 400-year eras).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(epochDay: number): DateParts {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function assertInteger(n: number, name: string): void {
  if (!Number.isSafeInteger(n)) throw new InvariantError(`${name} must be a safe integer, got ${String(n)}`);
}
