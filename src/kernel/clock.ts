/**
 * The one clock of the domain. Every instant that module code records (application and decision
 * times, 543 service events, deadlines, SMS, sessions, audit) comes from `clock.now()`, never from
 * `Date.now()`, `new Date()` or SQL `now()`. In production it is the wall clock; tests and the demo
 * simulation install a settable clock through `useClock` (only the composition root, tests and the
 * demo do that). The business date is not a clock reading: it lives in the database.
 */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const wallClock: Clock = { now: () => new Date() };

/** A clock that stands still until it is set or advanced (tests, demo simulation). */
export interface SettableClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function settableClock(at: Date | string): SettableClock {
  let t = new Date(at).getTime();
  if (!Number.isFinite(t)) throw new Error(`settableClock: invalid instant ${String(at)}`);
  return {
    now: () => new Date(t),
    set(next) {
      const n = new Date(next).getTime();
      if (!Number.isFinite(n)) throw new Error(`settableClock: invalid instant ${String(next)}`);
      t = n;
    },
    advance(ms) {
      t += ms;
    },
  };
}

let current: Clock = wallClock;

/** The domain's clock: read it with `clock.now()`. */
export const clock: Clock = { now: () => current.now() };

/** Installs a clock and returns the previous one (so a test can put it back). */
export function useClock(next: Clock): Clock {
  const previous = current;
  current = next;
  return previous;
}
