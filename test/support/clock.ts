/**
 * Setting the domain clock in tests (src/kernel/clock.ts).
 *
 *   const c = installTestClock('2026-07-05T09:30:00+08:00');
 *   try { ...; c.advance(60_000); ... } finally { c.restore(); }
 *
 * or, for a whole describe block, `testClock('2026-07-05T09:30:00+08:00')` which installs the clock
 * before each test and puts the previous one back after it.
 */
import { afterEach, beforeEach } from 'vitest';
import { settableClock, useClock, type SettableClock } from '../../src/kernel/clock.js';

export interface TestClock extends SettableClock {
  /** Puts back the clock that was installed before this one. */
  restore(): void;
}

/** Installs a settable clock at `at`; restore() puts the previous clock back. */
export function installTestClock(at: Date | string): TestClock {
  const c = settableClock(at);
  const previous = useClock(c);
  let restored = false;
  return {
    now: () => c.now(),
    set: (next) => c.set(next),
    advance: (ms) => c.advance(ms),
    restore() {
      if (restored) return;
      restored = true;
      useClock(previous);
    },
  };
}

/**
 * A settable clock at `at` for every test of the enclosing describe block (installed in beforeEach,
 * restored in afterEach). Returns a handle whose methods act on the clock of the running test.
 */
export function testClock(at: Date | string): SettableClock {
  let current: TestClock | null = null;
  beforeEach(() => {
    current = installTestClock(at);
  });
  afterEach(() => {
    current?.restore();
    current = null;
  });
  const active = (): TestClock => {
    if (!current) throw new Error('testClock: used outside a test of its describe block');
    return current;
  };
  return {
    now: () => active().now(),
    set: (next) => active().set(next),
    advance: (ms) => active().advance(ms),
  };
}
