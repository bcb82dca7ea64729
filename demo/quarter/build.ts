/**
 * Builds the demo bank's first quarter (issue 16, docs/demo.md): the opening book at the go-live date
 * 2025-12-31 through the import-and-review path (whose end-of-day gives the year-end figures), then every day to 31 March lived by the actors through the routes, with the clock
 * set to the simulated time and end-of-day after each day. Deterministic for a seed. Progress is recorded in
 * demo_builds (GET /api/v1/demo/status) and handed to `onProgress` (the CLI's bar, the server's console).
 */
import type { AppContext } from '../../src/context.js';
import { settableClock, useClock, wallClock } from '../../src/kernel/clock.js';
import { addDays, type IsoDate } from '../../src/kernel/dates.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { beginDemoBuild, finishDemoBuild, recordDemoProgress } from '../../src/modules/demo/index.js';
import { runEod } from '../../src/modules/eod/index.js';
import { DEMO_BUSINESS_DATE, DEMO_OPENING_DATE } from '../bank.js';
import type { DemoActor } from './actor.js';
import { demoDays } from './calendar.js';
import { Sim } from './sim.js';

export const DEMO_QUARTER_END: IsoDate = '2026-03-31';
/** Share of the progress bar the opening book takes; the days share the rest. */
const OPENING_SHARE = 10;

export interface QuarterProgress {
  phase: 'OPENING' | 'DAY' | 'DONE';
  day: IsoDate | null;
  daysDone: number;
  daysTotal: number;
  /** 0–100. */
  progress: number;
  /** What is happening, for a person watching. */
  label: string;
}

export interface QuarterOptions {
  seed: number;
  /** 1 = the bank's own size (default); the tests' reduced quarter uses less. */
  scale?: number;
  /** Last day lived (default 2026-03-31). */
  to?: IsoDate;
  /** The opening book: staff, customers, deposits and loans in through imports and review. */
  opening: (sim: Sim, progress: (fraction: number, label: string) => Promise<void>) => Promise<void>;
  actors: DemoActor[];
  onProgress?: (p: QuarterProgress) => void;
  /** Called after each day's end-of-day (the tests check the ledger every day). */
  afterDay?: (sim: Sim, date: IsoDate) => Promise<void>;
}

export interface QuarterResult {
  buildId: number;
  businessDate: IsoDate;
  days: number;
  /** What the scenario did, counted (applications, drawdowns, SMS…), and the milliseconds each actor and end-of-day took (ms.*). */
  counts: Record<string, number>;
}

export async function buildQuarter(ctx: AppContext, opts: QuarterOptions): Promise<QuarterResult> {
  const start = await getBusinessDate(ctx.db);
  if (start !== DEMO_OPENING_DATE)
    throw new Error(
      `demo quarter: the bank's business date is ${start}; the quarter starts from a fresh demo bank going live at ${DEMO_OPENING_DATE}`,
    );
  const days = demoDays(DEMO_BUSINESS_DATE, opts.to ?? DEMO_QUARTER_END);
  const scale = opts.scale ?? 1;
  const buildId = await beginDemoBuild(ctx.db, { seed: opts.seed, scale, daysTotal: days.length, startedAt: wallClock.now() });
  const clock = settableClock(`${DEMO_OPENING_DATE}T08:00:00+08:00`);
  const previous = useClock(clock);
  const sim = await Sim.create(ctx, clock, { seed: opts.seed, scale });
  const report = async (p: QuarterProgress) => {
    if (p.phase !== 'DONE')
      await recordDemoProgress(ctx.db, buildId, { phase: p.phase, day: p.day, daysDone: p.daysDone, progress: p.progress });
    opts.onProgress?.(p);
  };
  try {
    // the opening book is brought in on the go-live day; its end-of-day gives the year-end figures
    sim.day = demoDays(DEMO_OPENING_DATE, DEMO_OPENING_DATE)[0];
    await opts.opening(sim, (fraction, label) =>
      report({ phase: 'OPENING', day: null, daysDone: 0, daysTotal: days.length, progress: fraction * OPENING_SHARE, label }),
    );
    sim.at('23:30');
    await runEod(ctx, { to: DEMO_BUSINESS_DATE });
    if (opts.afterDay) await opts.afterDay(sim, DEMO_OPENING_DATE);
    for (const actor of opts.actors) {
      if (actor.setUp) await actor.setUp(sim);
    }
    for (const day of days) {
      sim.day = day;
      sim.at('08:30');
      for (const actor of opts.actors) {
        const t0 = performance.now();
        await runActor(actor, sim);
        sim.count(`ms.${actor.name}`, Math.round(performance.now() - t0));
      }
      sim.at('23:30');
      const t0 = performance.now();
      await runEod(ctx, { to: addDays(day.date, 1) });
      sim.count('ms.eod', Math.round(performance.now() - t0));
      if (opts.afterDay) await opts.afterDay(sim, day.date);
      await report({
        phase: 'DAY',
        day: day.date,
        daysDone: day.index + 1,
        daysTotal: days.length,
        progress: OPENING_SHARE + ((100 - OPENING_SHARE) * (day.index + 1)) / days.length,
        label: `${day.date} 日终完成`,
      });
    }
    await finishDemoBuild(ctx.db, buildId, { ok: true, finishedAt: wallClock.now() });
    opts.onProgress?.({ phase: 'DONE', day: null, daysDone: days.length, daysTotal: days.length, progress: 100, label: '演示银行已生成' });
    return { buildId, businessDate: await getBusinessDate(ctx.db), days: days.length, counts: sim.summary() };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await finishDemoBuild(ctx.db, buildId, { ok: false, error: message.slice(0, 2000), finishedAt: wallClock.now() }).catch(
      () => undefined,
    );
    throw err;
  } finally {
    useClock(previous);
    await sim.close();
  }
}

async function runActor(actor: DemoActor, sim: Sim): Promise<void> {
  try {
    await actor.day(sim, sim.day);
  } catch (err) {
    if (err instanceof Error) err.message = `${sim.day.date} ${actor.name}: ${err.message}`;
    throw err;
  }
}
