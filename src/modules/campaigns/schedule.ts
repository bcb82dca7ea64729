/**
 * When a marketing SMS may go out: never in quiet hours (21:00–08:00 Beijing time, UTC+8 all year), at
 * most `perMinute` messages a minute. Pure functions; the send turns them into SQL for its INSERT … SELECT.
 */
export const QUIET_START_MINUTE = 21 * 60;
export const QUIET_END_MINUTE = 8 * 60;
/** Minutes a day in which marketing SMS may go out (08:00–21:00). */
export const ALLOWED_MINUTES = QUIET_START_MINUTE - QUIET_END_MINUTE;
const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Minutes since Beijing midnight of an instant. */
export function chinaMinuteOfDay(at: Date): number {
  return Math.floor(((at.getTime() + CHINA_OFFSET_MS) % DAY_MS) / 60_000);
}

/** 08:00 Beijing time of the Beijing day of an instant. */
function windowStartOfDay(at: Date): Date {
  const local = at.getTime() + CHINA_OFFSET_MS;
  return new Date(local - (local % DAY_MS) - CHINA_OFFSET_MS + QUIET_END_MINUTE * 60_000);
}

/**
 * The first instant at or after `now` outside quiet hours, and the 08:00 that opens its window:
 * in 08:00–21:00 now itself; before 08:00 today's 08:00; from 21:00 the next day's 08:00.
 */
export function firstAllowed(now: Date): { at: Date; windowStart: Date } {
  const minute = chinaMinuteOfDay(now);
  const todayStart = windowStartOfDay(now);
  if (minute >= QUIET_END_MINUTE && minute < QUIET_START_MINUTE) return { at: now, windowStart: todayStart };
  const next = minute < QUIET_END_MINUTE ? todayStart : new Date(todayStart.getTime() + DAY_MS);
  return { at: next, windowStart: next };
}

/**
 * The send window of the n-th message (0-based) of a send started at `now`: minute slots of `perMinute`
 * messages from the first allowed instant, a day's slots ending at 21:00 and going on at 08:00 the next
 * day; each message may be sent until its day's quiet hours begin.
 */
export function slotOf(now: Date, n: number, perMinute: number): { sendAfter: Date; sendBefore: Date } {
  const { at, windowStart } = firstAllowed(now);
  const offset = Math.floor((at.getTime() - windowStart.getTime()) / 60_000);
  const t = offset + Math.floor(n / perMinute);
  const day = Math.floor(t / ALLOWED_MINUTES);
  const minute = t % ALLOWED_MINUTES;
  const dayStart = windowStart.getTime() + day * DAY_MS;
  const after = Math.max(at.getTime(), dayStart + minute * 60_000);
  return { sendAfter: new Date(after), sendBefore: new Date(dayStart + ALLOWED_MINUTES * 60_000) };
}
