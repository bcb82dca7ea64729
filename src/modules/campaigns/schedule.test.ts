import { describe, expect, it } from 'vitest';
import { firstAllowed, slotOf } from './schedule.js';

describe('marketing SMS schedule (quiet hours 21:00–08:00 Beijing, throttled per minute)', () => {
  it('sends at once in the day, and holds a night-time send until 08:00 Beijing', () => {
    expect(firstAllowed(new Date('2026-03-02T02:00:00Z')).at.toISOString()).toBe('2026-03-02T02:00:00.000Z'); // 10:00
    expect(firstAllowed(new Date('2026-03-02T13:30:00Z')).at.toISOString()).toBe('2026-03-03T00:00:00.000Z'); // 21:30 → 08:00 next day
    expect(firstAllowed(new Date('2026-03-02T20:00:00Z')).at.toISOString()).toBe('2026-03-03T00:00:00.000Z'); // 04:00 → 08:00 same day
  });

  it('spreads messages over minutes and rolls past 21:00 to the next morning', () => {
    const at = new Date('2026-03-02T12:58:30Z'); // 20:58:30 Beijing
    expect(slotOf(at, 0, 10).sendAfter.toISOString()).toBe('2026-03-02T12:58:30.000Z');
    expect(slotOf(at, 9, 10).sendAfter.toISOString()).toBe('2026-03-02T12:58:30.000Z');
    expect(slotOf(at, 10, 10).sendAfter.toISOString()).toBe('2026-03-02T12:59:00.000Z');
    const late = slotOf(at, 20, 10);
    expect(late.sendAfter.toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(late.sendBefore.toISOString()).toBe('2026-03-03T13:00:00.000Z');
    expect(slotOf(at, 0, 10).sendBefore.toISOString()).toBe('2026-03-02T13:00:00.000Z');
  });
});
