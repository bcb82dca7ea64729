/**
 * Server mode: with HUINONG_EOD_AT=HH:MM the server runs end-of-day for the current business date
 * once a day at that wall-clock time (local time of the server). Off when unset. A runner that finds
 * the day leased elsewhere (EOD_LEASE_HELD) just logs it: the other runner does the day.
 */
import type { AppContext } from '../../context.js';
import { clock } from '../../kernel/clock.js';
import { runEod } from './runner.js';

export interface EodSchedule {
  stop(): void;
}

export function parseEodAt(value: string | undefined): { hour: number; minute: number } | null {
  if (!value) return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!m) throw new Error(`HUINONG_EOD_AT must be HH:MM (24-hour), got "${value}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Milliseconds from `now` to the next hour:minute (today if still ahead, else tomorrow). */
export function msUntil(at: { hour: number; minute: number }, now = clock.now()): number {
  const next = new Date(now);
  next.setHours(at.hour, at.minute, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}

/** Starts the daily schedule when HUINONG_EOD_AT (or `at`) is set; returns null when off. */
export function startEodSchedule(
  ctx: AppContext,
  log: { info: (o: object, m: string) => void; error: (o: object, m: string) => void },
  at: string | undefined = process.env.HUINONG_EOD_AT,
): EodSchedule | null {
  const when = parseEodAt(at);
  if (!when) return null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        const r = await runEod(ctx, {});
        log.info({ eod: r }, `scheduled end-of-day done; business date ${r.businessDate}`);
      } catch (err) {
        log.error({ err }, 'scheduled end-of-day failed');
      }
      arm();
    }, msUntil(when));
    timer.unref?.();
  };
  arm();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
