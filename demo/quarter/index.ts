/**
 * The demo bank's first quarter (issue 16, docs/demo.md): the opening book and the actors that live the
 * days, in the order they act each day.
 */
import type { AppContext } from '../../src/context.js';
import type { IsoDate } from '../../src/kernel/dates.js';
import type { DemoActor } from './actor.js';
import { lendingActor } from './actors/lending.js';
import { managementActor } from './actors/management.js';
import { riskActor } from './actors/risk.js';
import { buildQuarter, type QuarterProgress, type QuarterResult } from './build.js';
import { marketingActor } from './actors/marketing.js';
import { generateBook } from './book.js';
import { importCustomersAndDeposits, importLoans, importRoster } from './opening.js';
import type { Sim } from './sim.js';

export { buildQuarter, DEMO_QUARTER_END, type QuarterProgress, type QuarterResult } from './build.js';
export type { DemoActor } from './actor.js';

/** The actors, in the order they act each day. */
export function demoActors(): DemoActor[] {
  return [marketingActor(), lendingActor(), riskActor(), managementActor()];
}

export async function demoOpening(sim: Sim, progress: (fraction: number, label: string) => Promise<void>): Promise<void> {
  await progress(0, '导入员工名单');
  await importRoster(sim);
  await progress(0.1, '生成期初客户与贷款');
  const book = generateBook(sim.seed, sim.scale);
  await progress(0.3, '导入客户与存款');
  await importCustomersAndDeposits(sim, book);
  await progress(0.7, '导入存量网贷');
  await importLoans(sim, book);
  await progress(1, '期初数据已导入');
}

export interface DemoQuarterOptions {
  seed: number;
  scale?: number;
  to?: IsoDate;
  /** Only these actors (by name); all when absent. */
  only?: string[];
  onProgress?: (p: QuarterProgress) => void;
  afterDay?: (sim: Sim, date: IsoDate) => Promise<void>;
}

/** Builds the quarter on a fresh demo bank (business date 2026-01-01). */
export function buildDemoQuarter(ctx: AppContext, o: DemoQuarterOptions): Promise<QuarterResult> {
  const actors = demoActors().filter((a) => !o.only || o.only.includes(a.name));
  return buildQuarter(ctx, {
    seed: o.seed,
    scale: o.scale,
    to: o.to,
    opening: demoOpening,
    actors,
    onProgress: o.onProgress,
    afterDay: o.afterDay,
  });
}
