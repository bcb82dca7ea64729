import { describe, expect, it } from 'vitest';
import { addBusinessDays, bankDateOf, businessDeadline } from './business-days.js';

describe('business days', () => {
  it('every calendar day is a business day of the online bank, weekends and month ends included', () => {
    expect(addBusinessDays('2026-07-03', 1)).toBe('2026-07-04'); // Friday → Saturday
    expect(addBusinessDays('2026-07-04', 1)).toBe('2026-07-05'); // Saturday → Sunday
    expect(addBusinessDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addBusinessDays('2026-07-05', 0)).toBe('2026-07-05');
    expect(addBusinessDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('the bank date of an instant is its date in China Standard Time', () => {
    expect(bankDateOf(new Date('2026-07-04T16:00:00Z'))).toBe('2026-07-05');
    expect(bankDateOf(new Date('2026-07-04T15:59:59.999Z'))).toBe('2026-07-04');
  });
});

describe('deadlines counted in business days', () => {
  it('24 hours is one business day after the business date, at the time of day of the clock', () => {
    const at = new Date('2026-07-05T09:30:00+08:00');
    expect(businessDeadline('2026-07-05', at, 24).toISOString()).toBe(new Date('2026-07-06T09:30:00+08:00').toISOString());
    expect(businessDeadline('2026-07-05', at, 72).toISOString()).toBe(new Date('2026-07-08T09:30:00+08:00').toISOString());
  });

  it('counts from the business date, not from the date the clock shows', () => {
    // The clock says 6 December while the bank's business date is still 5 July.
    const wall = new Date('2026-12-06T20:35:00+08:00');
    expect(businessDeadline('2026-07-05', wall, 24).toISOString()).toBe(new Date('2026-07-06T20:35:00+08:00').toISOString());
  });

  it('hours beyond whole days are added to the last business day, so aligned dates give now + hours', () => {
    const at = new Date('2026-07-05T22:00:00+08:00');
    expect(businessDeadline('2026-07-05', at, 36).getTime()).toBe(at.getTime() + 36 * 3_600_000);
    expect(businessDeadline('2026-07-05', at, 1).getTime()).toBe(at.getTime() + 3_600_000);
    // Just after midnight in Jining (still the previous day in UTC).
    const early = new Date('2026-07-05T00:10:00+08:00');
    expect(businessDeadline('2026-07-05', early, 24).toISOString()).toBe(new Date('2026-07-06T00:10:00+08:00').toISOString());
  });

  it('refuses a negative or fractional number of hours', () => {
    const at = new Date('2026-07-05T09:30:00+08:00');
    expect(() => businessDeadline('2026-07-05', at, -1)).toThrow(RangeError);
    expect(() => businessDeadline('2026-07-05', at, 1.5)).toThrow(RangeError);
  });
});
