import { describe, expect, it } from 'vitest';
import {
  chinaInstant,
  dateZh,
  isQuiet,
  nextSendable,
  overdueReminderDue,
  reminderParamIssues,
  renderTemplate,
  sendWindow,
} from './reminder-rules.js';
import type { ReminderParamValues } from './reminders.contract.js';

const QUIET = { start: '21:00', end: '08:00' };
const DEFAULTS: ReminderParamValues = {
  daysBeforeDue: 3,
  onDue: true,
  overdueEveryDays: { YELLOW: 3, ORANGE: 2, RED: 1 },
  quietHours: QUIET,
  templates: {
    BEFORE_DUE: '尊敬的{name}：您的{product}将于{dueDate}到期应还{amountDue}元。客服{hotline}',
    ON_DUE: '尊敬的{name}：今天是{product}还款日，应还{amountDue}元。',
    OVERDUE_YELLOW: '{name}：{product}已逾期{daysPastDue}天，逾期{amountPastDue}元。',
    OVERDUE_ORANGE: '{name}：{product}已逾期{daysPastDue}天，逾期{amountPastDue}元。',
    OVERDUE_RED: '{name}：{product}已逾期{daysPastDue}天，逾期{amountPastDue}元。',
  },
  hotline: '0537-96588',
};

describe('reminder templates', () => {
  it('fill every placeholder with its value', () => {
    expect(
      renderTemplate(DEFAULTS.templates.BEFORE_DUE, {
        name: '孙*',
        product: '信e贷',
        dueDate: dateZh('2026-02-01'),
        amountDue: '1,712.15',
        hotline: '0537-96588',
      }),
    ).toBe('尊敬的孙*：您的信e贷将于2026年2月1日到期应还1,712.15元。客服0537-96588');
  });
  it('refuse to render a placeholder that has no value', () => {
    expect(() => renderTemplate('{name}{daysPastDue}', { name: '孙*' })).toThrow(/daysPastDue/);
  });
  it('are accepted with the defaults', () => {
    expect(reminderParamIssues(DEFAULTS, 'zh')).toEqual([]);
  });
  it('are refused with an unknown placeholder, one of another kind, an unmatched brace, or empty', () => {
    const bad = {
      ...DEFAULTS,
      templates: {
        ...DEFAULTS.templates,
        BEFORE_DUE: '您的{idNumber}',
        ON_DUE: '逾期{daysPastDue}天',
        OVERDUE_YELLOW: '逾期 {daysPastDue 天',
        OVERDUE_RED: '   ',
      },
    };
    expect(reminderParamIssues(bad, 'en').map((i) => `${i.field}:${i.code}`)).toEqual([
      'templates.BEFORE_DUE:UNKNOWN_PLACEHOLDER',
      'templates.ON_DUE:PLACEHOLDER_NOT_ALLOWED',
      'templates.OVERDUE_YELLOW:UNBALANCED_BRACES',
      'templates.OVERDUE_RED:LENGTH',
    ]);
  });
  it('are refused longer than 200 characters (201 refused, 200 accepted)', () => {
    const at = (n: number) => reminderParamIssues({ ...DEFAULTS, templates: { ...DEFAULTS.templates, ON_DUE: '提'.repeat(n) } }, 'zh');
    expect(at(200)).toEqual([]);
    expect(at(201).map((i) => i.code)).toEqual(['LENGTH']);
  });
});

describe('reminder parameters', () => {
  it('refuse days and frequencies out of range, a bad hotline and quiet hours that do not cover midnight', () => {
    const issues = reminderParamIssues(
      {
        ...DEFAULTS,
        daysBeforeDue: 16,
        overdueEveryDays: { YELLOW: -1, ORANGE: 31, RED: 1.5 },
        quietHours: { start: '08:00', end: '21:00' },
        hotline: 'call us',
      },
      'zh',
    );
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      'daysBeforeDue:OUT_OF_RANGE',
      'overdueEveryDays.YELLOW:OUT_OF_RANGE',
      'overdueEveryDays.ORANGE:OUT_OF_RANGE',
      'overdueEveryDays.RED:OUT_OF_RANGE',
      'quietHours:MUST_COVER_MIDNIGHT',
      'hotline:INVALID_PHONE',
    ]);
    expect(reminderParamIssues({ ...DEFAULTS, quietHours: { start: '24:00', end: '8:00' } }, 'en')[0].code).toBe('INVALID_TIME');
  });
  it('accept 0 as "off" for days before due and each colour', () => {
    expect(reminderParamIssues({ ...DEFAULTS, daysBeforeDue: 0, overdueEveryDays: { YELLOW: 0, ORANGE: 0, RED: 0 } }, 'zh')).toEqual([]);
  });
});

describe('overdue frequency', () => {
  it('reminds on the first day past due and then every N days', () => {
    const days = (every: number) => [...Array(10).keys()].map((i) => i + 1).filter((d) => overdueReminderDue(d, every));
    expect(days(3)).toEqual([1, 4, 7, 10]);
    expect(days(2)).toEqual([1, 3, 5, 7, 9]);
    expect(days(1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(days(0)).toEqual([]);
    expect(overdueReminderDue(0, 1)).toBe(false);
  });
});

describe('quiet hours (China time)', () => {
  it('hold from 21:00 up to but not including 08:00', () => {
    expect(isQuiet(chinaInstant('2026-03-01', 20 * 60 + 59), QUIET)).toBe(false);
    expect(isQuiet(chinaInstant('2026-03-01', 21 * 60), QUIET)).toBe(true);
    expect(isQuiet(chinaInstant('2026-03-02', 0), QUIET)).toBe(true);
    expect(isQuiet(chinaInstant('2026-03-02', 7 * 60 + 59), QUIET)).toBe(true);
    expect(isQuiet(chinaInstant('2026-03-02', 8 * 60), QUIET)).toBe(false);
  });
  it('move a message written in them to 08:00 China time (00:00 UTC), and leave a daytime one alone', () => {
    expect(nextSendable(new Date('2026-03-01T15:30:00Z'), QUIET).toISOString()).toBe('2026-03-02T00:00:00.000Z'); // 23:30 local
    expect(nextSendable(new Date('2026-03-01T22:10:00Z'), QUIET).toISOString()).toBe('2026-03-02T00:00:00.000Z'); // 06:10 local
    expect(nextSendable(new Date('2026-03-02T02:00:00Z'), QUIET).toISOString()).toBe('2026-03-02T02:00:00.000Z'); // 10:00 local
  });
  it('give the end-of-day of D the window of D + 1 from 08:00 to 21:00, across a month end', () => {
    const w = sendWindow('2026-01-31', QUIET);
    expect(w.day).toBe('2026-02-01');
    expect(w.sendAfter.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(w.sendBefore.toISOString()).toBe('2026-02-01T13:00:00.000Z');
  });
  it('work with quiet hours that are not whole hours', () => {
    const q = { start: '22:30', end: '07:45' };
    expect(nextSendable(chinaInstant('2026-03-01', 22 * 60 + 30), q).toISOString()).toBe(
      chinaInstant('2026-03-02', 7 * 60 + 45).toISOString(),
    );
  });
});
