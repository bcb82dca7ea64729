/**
 * When a planned event of the quarter happens in the build being lived. The risk and management actors plan
 * their small exact counts (training sessions, interviews, special inspections, feedback tickets…) on dates
 * of the real quarter (2026-01-01 – 2026-03-31). A full build lives each on its date (moved to the next
 * working day when the date is not one); a shorter build (the tests' reduced quarter) lives the same plan
 * compressed onto its days, in the same order, so every planned event still happens exactly once and a
 * report over the build's days counts them all.
 */
import { addDays, daysBetween, type IsoDate } from '../../../src/kernel/dates.js';
import { DEMO_BUSINESS_DATE } from '../../bank.js';
import { demoDays, type DemoDay } from '../calendar.js';

export const QUARTER_FIRST: IsoDate = DEMO_BUSINESS_DATE;
/** 1 January – 31 March 2026. */
export const QUARTER_DAYS = 90;

const cache = new Map<number, DemoDay[]>();

function buildDays(count: number): DemoDay[] {
  let days = cache.get(count);
  if (!days) {
    days = demoDays(QUARTER_FIRST, addDays(QUARTER_FIRST, count - 1));
    cache.set(count, days);
  }
  return days;
}

/** The index in a build of `count` days on which an event planned for `date` of the quarter happens. */
export function plannedIndex(date: IsoDate, count: number): number {
  const q = Math.min(QUARTER_DAYS - 1, Math.max(0, daysBetween(QUARTER_FIRST, date)));
  const days = buildDays(count);
  const target = count >= QUARTER_DAYS ? q : Math.round((q * (count - 1)) / (QUARTER_DAYS - 1));
  for (let i = target; i < days.length; i++) if (days[i].workday) return i;
  return days.length - 1;
}

/** Whether the event planned for `date` happens today. */
export function isPlannedFor(day: DemoDay, date: IsoDate): boolean {
  return plannedIndex(date, day.count) === day.index;
}

/** The planned items due today, in plan order. */
export function dueToday<T extends { date: IsoDate }>(day: DemoDay, plan: readonly T[]): T[] {
  return plan.filter((p) => isPlannedFor(day, p.date));
}

/** The business date of the build's day on which a planned date happens (for "period to" fields). */
export function livedDate(day: DemoDay, date: IsoDate): IsoDate {
  return addDays(QUARTER_FIRST, plannedIndex(date, day.count));
}
