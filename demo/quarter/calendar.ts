/**
 * The quarter's days as the bank lives them: every calendar day has an end-of-day (the online business
 * never closes), but people apply, draw and visit branches mostly on working days. The 2026 public
 * holidays and make-up working days (调休) of the first quarter shape the day's weight.
 */
import { addDays, compareDates, type IsoDate } from '../../src/kernel/dates.js';

/** 元旦 1–3 January; 春节 15–23 February (2026). */
const HOLIDAYS = new Set<IsoDate>([
  '2026-01-01',
  '2026-01-02',
  '2026-01-03',
  ...Array.from({ length: 9 }, (_, i) => addDays('2026-02-15', i)),
]);
/** Weekend days worked in exchange (调休). */
const MAKE_UP_WORKDAYS = new Set<IsoDate>(['2026-01-04', '2026-02-14', '2026-02-28']);

export interface DemoDay {
  date: IsoDate;
  /** 0-based position in the build. */
  index: number;
  /** Days in the build. */
  count: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** A working day for the bank's staff (weekdays that are not holidays, and make-up days). */
  workday: boolean;
  holiday: boolean;
  /** The last day of its month. */
  monthEnd: boolean;
  first: boolean;
  last: boolean;
  /** How busy customers are: 1 on a working day, less on weekends, least on holidays. */
  weight: number;
}

function weekdayOf(date: IsoDate): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function demoDays(from: IsoDate, to: IsoDate): DemoDay[] {
  const dates: IsoDate[] = [];
  for (let d = from; compareDates(d, to) <= 0; d = addDays(d, 1)) dates.push(d);
  return dates.map((date, index) => {
    const weekday = weekdayOf(date);
    const holiday = HOLIDAYS.has(date);
    const workday = MAKE_UP_WORKDAYS.has(date) || (!holiday && weekday <= 5);
    return {
      date,
      index,
      count: dates.length,
      weekday,
      workday,
      holiday,
      monthEnd: addDays(date, 1).slice(8) === '01',
      first: index === 0,
      last: index === dates.length - 1,
      weight: workday ? 1 : holiday ? 0.25 : 0.5,
    };
  });
}
