/**
 * Business days and deadlines counted on them. Pure: the business date and the clock's instant are
 * parameters.
 *
 * The bank's online business runs every calendar day: end-of-day closes each day and moves the business
 * date to the next one, weekends and public holidays included (no holiday calendar). So the business
 * days after date D are D + 1, D + 2, … — a holiday calendar, if one is ever needed, goes into
 * addBusinessDays and every deadline follows it.
 */
import { addDays, fromEpochDay, toEpochDay, type IsoDate } from '../../kernel/dates.js';

/** The bank's offset from UTC: China Standard Time (+08:00), no daylight saving. */
export const BANK_UTC_OFFSET_MINUTES = 8 * 60;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const OFFSET_MS = BANK_UTC_OFFSET_MINUTES * 60_000;

/** The business day `days` business days after `date` (before it when negative). */
export function addBusinessDays(date: IsoDate, days: number): IsoDate {
  return addDays(date, days);
}

/** The calendar date of an instant in the bank's time zone. */
export function bankDateOf(at: Date): IsoDate {
  return fromEpochDay(Math.floor((at.getTime() + OFFSET_MS) / DAY_MS));
}

/**
 * A deadline of `hours` counted on the business calendar from business date `businessDate` at the
 * instant `now` (the domain clock): each whole 24 hours is one business day after the business date,
 * kept at now's time of day in the bank's time zone; the remaining hours are added to that. With the
 * business date equal to today's date this is now + hours; when they differ (end-of-day not yet run,
 * the demo simulation, a test) the deadline follows the business date, not the calendar of the clock.
 */
export function businessDeadline(businessDate: IsoDate, now: Date, hours: number): Date {
  if (!Number.isSafeInteger(hours) || hours < 0) throw new RangeError(`businessDeadline: hours must be a whole number ≥ 0, got ${hours}`);
  const timeOfDayMs = (((now.getTime() + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  const day = addBusinessDays(businessDate, Math.floor(hours / 24));
  return new Date(toEpochDay(day) * DAY_MS - OFFSET_MS + timeOfDayMs + (hours % 24) * HOUR_MS);
}
