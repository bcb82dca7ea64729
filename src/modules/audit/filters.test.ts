import { describe, expect, it } from 'vitest';
import { actionFilter, isTimeFilter, timeBounds } from './filters.js';

describe('timeBounds', () => {
  it('reads a bare date as a whole bank day in UTC+8, both ends inclusive', () => {
    expect(timeBounds('2024-05-01', '2024-05-31')).toEqual({
      fromInclusive: '2024-04-30T16:00:00.000Z',
      toExclusive: '2024-05-31T16:00:00.000Z',
    });
  });

  it('takes date-times at their offset', () => {
    expect(timeBounds('2024-05-01T08:00:00+08:00', '2024-05-01T10:30:00.5Z')).toEqual({
      fromInclusive: '2024-05-01T00:00:00.000Z',
      toInclusive: '2024-05-01T10:30:00.500Z',
    });
  });

  it('handles a year end and a leap day', () => {
    expect(timeBounds(undefined, '2024-12-31')).toEqual({ toExclusive: '2024-12-31T16:00:00.000Z' });
    expect(timeBounds('2024-02-29')).toEqual({ fromInclusive: '2024-02-28T16:00:00.000Z' });
  });

  it('refuses impossible dates and date-times without an offset', () => {
    expect(() => timeBounds('2023-02-29')).toThrow();
    expect(() => timeBounds(undefined, '2024-05-01T08:00:00')).toThrow();
    expect(isTimeFilter('2024-13-01')).toBe(false);
    expect(isTimeFilter('yesterday')).toBe(false);
    expect(isTimeFilter('2024-05-01T08:00Z')).toBe(true);
  });
});

describe('actionFilter', () => {
  it('matches exactly by default', () => {
    expect(actionFilter(' auth.login ')).toEqual({ exact: 'auth.login' });
  });
  it('matches a prefix when the filter ends in *, with LIKE characters escaped', () => {
    expect(actionFilter('review.*')).toEqual({ likePrefix: 'review.%' });
    expect(actionFilter('a_b%*')).toEqual({ likePrefix: 'a\\_b\\%%' });
  });
});
