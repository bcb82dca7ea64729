/**
 * The pure rules of reminders (no I/O, no clock): parameter validation, template rendering, the
 * overdue frequency and the quiet-hour arithmetic. Times of day are China time (UTC+8, no daylight
 * saving), the bank's local time whatever the server's zone.
 */
import { addDays, isIsoDate, type IsoDate } from '../../kernel/dates.js';
import {
  MAX_DAYS_BEFORE_DUE,
  MAX_OVERDUE_EVERY_DAYS,
  PLACEHOLDERS,
  PLACEHOLDERS_BY_KIND,
  REMINDER_KINDS,
  TEMPLATE_MAX_CHARS,
  WARNING_LEVELS,
  type Placeholder,
  type ReminderKind,
  type ReminderParamValues,
  type WarningLevel,
} from './reminders.contract.js';

/** China time: UTC+8. */
const CHINA_OFFSET_MINUTES = 8 * 60;
const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

export interface QuietHours {
  start: string;
  end: string;
}

/** Minutes after local midnight of 'HH:MM', or null when malformed. */
export function parseHhmm(s: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(typeof s === 'string' ? s : '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Minutes after local (China) midnight of an instant. */
function localMinuteOfDay(at: Date): number {
  const m = Math.floor(at.getTime() / MINUTE_MS) + CHINA_OFFSET_MINUTES;
  return ((m % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
}

/** The instant of a local (China) date and minute of day. */
export function chinaInstant(date: IsoDate, minuteOfDay: number): Date {
  const [y, mo, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, d, 0, minuteOfDay - CHINA_OFFSET_MINUTES));
}

function quietMinutes(q: QuietHours): { start: number; end: number } {
  const start = parseHhmm(q.start);
  const end = parseHhmm(q.end);
  if (start === null || end === null || start === end) throw new Error(`bad quiet hours ${q.start}–${q.end}`);
  return { start, end };
}

/** True when the instant lies in the quiet hours [start, end) (a window may wrap midnight). */
export function isQuiet(at: Date, q: QuietHours): boolean {
  const { start, end } = quietMinutes(q);
  const m = localMinuteOfDay(at);
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** The first instant at or after `at` outside the quiet hours. */
export function nextSendable(at: Date, q: QuietHours): Date {
  if (!isQuiet(at, q)) return at;
  const { end } = quietMinutes(q);
  const m = localMinuteOfDay(at);
  const wait = (end - m + DAY_MINUTES) % DAY_MINUTES;
  const startOfMinute = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
  return new Date(startOfMinute + wait * MINUTE_MS);
}

/**
 * The sending window of the reminders the end-of-day of D prepares: on the next calendar day D + 1,
 * from the end of the quiet hours to their next start (quiet hours wrap midnight, so the window is one
 * stretch of daytime).
 */
export function sendWindow(businessDate: IsoDate, q: QuietHours): { day: IsoDate; sendAfter: Date; sendBefore: Date } {
  const { start, end } = quietMinutes(q);
  const day = addDays(businessDate, 1);
  return { day, sendAfter: chinaInstant(day, end), sendBefore: chinaInstant(day, start) };
}

/** An overdue loan is reminded on its first day past due and then every `everyDays` days (0: never). */
export function overdueReminderDue(dpd: number, everyDays: number): boolean {
  return dpd >= 1 && everyDays >= 1 && (dpd - 1) % everyDays === 0;
}

/** The kind of an overdue reminder for a warning colour. */
export function overdueKind(level: WarningLevel): ReminderKind {
  return `OVERDUE_${level}` as ReminderKind;
}

/** '2026-02-01' → '2026年2月1日'. */
export function dateZh(d: IsoDate): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

/** The placeholders a template names, in order of appearance (unknown names too). */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

/** Fills a template's {placeholders}; a placeholder without a value is an error (templates are validated first). */
export function renderTemplate(template: string, values: Partial<Record<Placeholder, string>>): string {
  return template.replace(/\{([^{}]*)\}/g, (_, name: string) => {
    const v = values[name as Placeholder];
    if (v === undefined) throw new Error(`template placeholder {${name}} has no value`);
    return v;
  });
}

export interface ParamIssue {
  field: string;
  code: string;
  message: string;
}

/** Every problem of a proposed parameter set (empty when acceptable). */
export function reminderParamIssues(v: ReminderParamValues, lang: 'zh' | 'en'): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const say = (field: string, code: string, zh: string, en: string) => issues.push({ field, code, message: lang === 'en' ? en : zh });
  const intIn = (n: unknown, lo: number, hi: number) => Number.isSafeInteger(n) && (n as number) >= lo && (n as number) <= hi;
  if (!intIn(v.daysBeforeDue, 0, MAX_DAYS_BEFORE_DUE)) {
    say(
      'daysBeforeDue',
      'OUT_OF_RANGE',
      `到期前提醒天数须为 0–${MAX_DAYS_BEFORE_DUE} 的整数`,
      `daysBeforeDue must be 0–${MAX_DAYS_BEFORE_DUE}`,
    );
  }
  if (typeof v.onDue !== 'boolean') say('onDue', 'NOT_BOOLEAN', '还款日当天提醒须为开或关', 'onDue must be true or false');
  for (const level of WARNING_LEVELS) {
    if (!intIn(v.overdueEveryDays?.[level], 0, MAX_OVERDUE_EVERY_DAYS)) {
      say(
        `overdueEveryDays.${level}`,
        'OUT_OF_RANGE',
        `逾期提醒间隔天数须为 0–${MAX_OVERDUE_EVERY_DAYS} 的整数`,
        `overdueEveryDays.${level} must be 0–${MAX_OVERDUE_EVERY_DAYS}`,
      );
    }
  }
  const start = parseHhmm(v.quietHours?.start);
  const end = parseHhmm(v.quietHours?.end);
  if (start === null || end === null) {
    say('quietHours', 'INVALID_TIME', '免打扰时段须为 HH:MM（24 小时制）', 'quiet hours must be HH:MM (24-hour)');
  } else if (!(start > end)) {
    // end-of-day prepares reminders at night: the quiet hours must cover midnight, leaving one daytime window
    say(
      'quietHours',
      'MUST_COVER_MIDNIGHT',
      '免打扰时段须跨越午夜（开始晚于结束，如 21:00–08:00）',
      'quiet hours must cover midnight (start later than end, e.g. 21:00–08:00)',
    );
  }
  const hotline = typeof v.hotline === 'string' ? v.hotline.trim() : '';
  if (!/^[0-9][0-9-]{2,19}$/.test(hotline)) {
    say('hotline', 'INVALID_PHONE', '客服电话须为 3–20 位数字（可含连字符）', 'hotline must be 3–20 digits (hyphens allowed)');
  }
  for (const kind of REMINDER_KINDS) {
    const field = `templates.${kind}`;
    const t = typeof v.templates?.[kind] === 'string' ? v.templates[kind].trim() : '';
    const chars = Array.from(t).length;
    if (chars === 0 || chars > TEMPLATE_MAX_CHARS) {
      say(field, 'LENGTH', `短信模板须为 1–${TEMPLATE_MAX_CHARS} 个字`, `a template must be 1–${TEMPLATE_MAX_CHARS} characters`);
      continue;
    }
    const allowed = PLACEHOLDERS_BY_KIND[kind];
    for (const name of placeholdersIn(t)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        say(field, 'UNKNOWN_PLACEHOLDER', `未知占位符 {${name}}`, `unknown placeholder {${name}}`);
      } else if (!allowed.includes(name as Placeholder)) {
        say(field, 'PLACEHOLDER_NOT_ALLOWED', `该类提醒不能使用占位符 {${name}}`, `{${name}} cannot be used in this kind of reminder`);
      }
    }
    if (/[{}]/.test(t.replace(/\{[^{}]*\}/g, ''))) {
      say(field, 'UNBALANCED_BRACES', '模板中有不成对的花括号', 'the template has an unmatched brace');
    }
  }
  return issues;
}

/** Whether a value is a well-formed business date (re-exported for the service's checks). */
export { isIsoDate };
